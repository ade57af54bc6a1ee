using Oic.Infra.Policies.Frameworks;
using Oic.Infra.Policies.Packs;

namespace Oic.Infra.Policies.Tests.Frameworks;

/// <summary>Every control a rule cites must exist in its framework catalogue: a typo would silently count as evidence of nothing.</summary>
[TestFixture]
public sealed class RuleControlTests
{
    [Test]
    public void Every_control_cited_by_the_catalogue_rules_exists_in_its_framework()
    {
        var unknown = Coverage.UnknownControls(Catalogue.Rules);
        Assert.That(unknown, Is.Empty,
            "controls not in the CIS-3.0 / MCSB catalogues (policies/Frameworks):\n" +
            string.Join("\n", unknown.Select(u => $"  {u.RuleId} cites {u.Reference}")));
    }

}
