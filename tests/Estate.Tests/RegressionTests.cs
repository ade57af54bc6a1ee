using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Tests.Support;

namespace Oic.Infra.Estate.Tests;

/// <summary>Inputs that once slipped through or crashed the loader, kept as regression tests.</summary>
[TestFixture]
public sealed class RegressionTests
{
    [Test]
    public void Spoke_named_like_a_platform_vnet_is_refused()
    {
        var error = Assert.Throws<EstateConfigException>(() => Fixtures.Load("spoke-named-partners.yaml", "dev"));

        Assert.That(error?.Diagnostics.Select(d => d.Path), Does.Contain("spokes[0].name"));
    }

    [Test]
    public void Two_subnets_with_one_name_in_a_spoke_are_refused()
    {
        var error = Assert.Throws<EstateConfigException>(() => Fixtures.Load("duplicate-subnet-names.yaml", "dev"));

        Assert.That(error?.Diagnostics.Select(d => d.Path), Does.Contain("spokes[0].subnets[1].name"));
    }
}
