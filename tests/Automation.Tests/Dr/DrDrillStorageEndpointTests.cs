using Oic.Infra.Automation.Documents;
using Oic.Infra.Automation.Dr;

namespace Oic.Infra.Automation.Tests.Dr;

/// <summary>
/// The drill's real-storage path (<see cref="DrDrillOptions.StorageEndpoints"/>): real Azure cannot be reached from
/// the tests, so it is covered only as far as constructing its store; the validation of the endpoints is tested
/// through the CLI (Cli.Tests).
/// </summary>
[TestFixture]
public sealed class DrDrillStorageEndpointTests
{
    [Test]
    public void Storage_endpoints_default_to_none_so_the_drill_uses_azurite()
    {
        var (estate, graph) = DrStacks.Load("prod-dr");
        var options = new DrDrillOptions { SourceStack = "prod", Target = graph, TargetEstate = estate, Plan = null!, Policy = null! };

        Assert.That(options.StorageEndpoints, Is.Null);
    }

    [Test]
    public void The_real_storage_store_is_built_with_default_azure_credential_without_reaching_azure()
    {
        var (estate, _) = DrStacks.Load("prod-dr");
        var containers = DrDrill.Containers(estate);

        var store = new DocumentStore(new Uri("https://docsprimary.blob.core.windows.net"), new Uri("https://docsdr.blob.core.windows.net"),
            credential: null, containers, new DrillClock(DateTimeOffset.UnixEpoch), seed: 7);

        Assert.That(store.Containers, Is.EqualTo(containers));
        Assert.That(store.Inventory, Is.Empty);
    }
}
