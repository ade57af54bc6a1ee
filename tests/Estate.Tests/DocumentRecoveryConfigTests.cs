using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Model;
using Oic.Infra.Estate.Tests.Support;

namespace Oic.Infra.Estate.Tests;

/// <summary>documentStores[].recovery and deployment.bootstrap, read from the real prod-dr stack file.</summary>
public sealed class DocumentRecoveryConfigTests
{
    private static string ProdDr => File.ReadAllText(Path.Combine(Fixtures.RepositoryRoot(), "stacks", "Pulumi.prod-dr.yaml"));

    private static EstateModel Load(string text) => EstateLoader.Load(StackConfig.FromStackFileText(text, "Pulumi.prod-dr.yaml", "prod-dr"));

    private static string[] Diagnostics(string text)
    {
        var error = Assert.Throws<EstateConfigException>(() => Load(text));
        return [.. error!.Diagnostics.Select(d => d.ToString())];
    }

    [Test]
    public void Stores_holding_WORM_records_replicate_and_the_others_fail_over_by_default()
    {
        var estate = Load(ProdDr);
        Assert.That(estate.DocumentStores.Select(s => (s.Classification, s.HoldsRecords, s.Recovery)), Is.EqualTo(new[]
        {
            (DataClassification.Public, false, DocumentRecovery.GeoFailover),
            (DataClassification.Internal, false, DocumentRecovery.GeoFailover),
            (DataClassification.Confidential, true, DocumentRecovery.ObjectReplication),
            (DataClassification.StrictlyConfidential, true, DocumentRecovery.ObjectReplication),
        }));
    }

    [Test]
    public void Without_a_platform_pair_every_store_replicates_by_default()
    {
        var estate = Load(ProdDr.Replace("      location: uaecentral\n      supernet", "      location: westeurope\n      supernet", StringComparison.Ordinal));
        Assert.That(estate.DocumentStores.Select(s => s.Recovery), Is.All.EqualTo(DocumentRecovery.ObjectReplication));
    }

    [Test]
    public void An_explicit_recovery_wins_and_a_misspelt_one_is_refused_with_a_suggestion()
    {
        var explicitly = Load(ProdDr.Replace("    - classification: confidential\n", "    - classification: confidential\n      recovery: geo-failover\n", StringComparison.Ordinal));
        Assert.That(explicitly.DocumentStores.Single(s => s.Classification == DataClassification.Confidential).Recovery, Is.EqualTo(DocumentRecovery.GeoFailover),
            "the estate takes it; the DR planner is what refuses a failover of WORM records");

        var errors = Diagnostics(ProdDr.Replace("    - classification: public\n", "    - classification: public\n      recovery: geo-failvoer\n", StringComparison.Ordinal));
        Assert.That(errors, Has.Length.EqualTo(1));
        Assert.That(errors[0], Does.Contain("documentStores[0].recovery 'geo-failvoer' is not allowed; did you mean 'geo-failover'?"));
    }

    [Test]
    public void The_DR_stack_declares_its_bootstrap_outside_the_primary_region()
    {
        var bootstrap = Load(ProdDr).Deployment.Bootstrap;
        Assert.That(bootstrap, Is.Not.Null);
        Assert.That(bootstrap!.StateBackend, Is.EqualTo(new BootstrapEndpoint("azblob://pulumi-state?storage_account=stoicgspulumiuac", "uaecentral")));
        Assert.That(bootstrap.SecretsProvider!.Location, Is.EqualTo("uaecentral"));
        Assert.That(bootstrap.SecretsProvider.Url, Does.StartWith("azurekeyvault://kv-oicgs-pulumi-uac.vault.azure.net/"));
        Assert.That(ProdDr, Does.Contain($"secretsprovider: {bootstrap.SecretsProvider.Url}\n"), "the stack file's secrets provider is the declared one");
    }

    [Test]
    public void A_bootstrap_URL_of_the_wrong_kind_or_an_unknown_region_is_refused_at_its_line()
    {
        var errors = Diagnostics(ProdDr
            .Replace("        url: azblob://pulumi-state?storage_account=stoicgspulumiuac", "        url: https//pulumi-state", StringComparison.Ordinal)
            .Replace("        location: uaecentral\n      secretsProvider", "        location: uae-central\n      secretsProvider", StringComparison.Ordinal));
        Assert.That(errors, Has.Length.EqualTo(2));
        Assert.That(errors[0], Does.Match(@"^Pulumi\.prod-dr\.yaml:\d+:\d+: deployment\.bootstrap\.stateBackend\.url 'https//pulumi-state' is not a URL Pulumi accepts here"));
        Assert.That(errors[1], Does.Contain("deployment.bootstrap.stateBackend.location 'uae-central' is not allowed; did you mean 'uaecentral'?"));
    }
}
