using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Rules.Storage;
using Oic.Infra.Policies.Rules.KeyVault;
using Oic.Infra.Policies.Rules.Network.Nsg;
using Oic.Infra.Policies.Rules.Network.Vnet;
using Oic.Infra.Policies.Rules.Network.Watcher;
using Oic.Infra.Policies.Rules.Network.PublicIp;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Resources;
using Oic.Infra.Resources.AzureNative.Storage;
using Oic.Infra.Resources.AzureNative.Storage.Inputs;
using static Oic.Infra.Policies.Tests.Engine.EngineSamples;

namespace Oic.Infra.Policies.Tests.Engine;

/// <summary>A value not known yet is reported as unknown: never a violation, never a pass.</summary>
[TestFixture]
public sealed class UnknownOutcomeTests
{
    private static readonly PolicyPack HttpsOnly = PolicyPack.Of("security-baseline", "test", Enforcement.Mandatory, StorageRules.HttpsOnly);

    private static Outcome OnlyOutcome(Rule rule, ResourceSet set) => rule.Evaluate(set).Single().Outcome;

    [Test]
    public void A_pending_output_gives_unknown_for_the_rule_that_reads_it()
    {
        var report = Evaluator.Run(Set(Account("intake-uan-st", Unknown)), [HttpsOnly], today: Today);

        var result = report.Results.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome.Kind, Is.EqualTo(OutcomeKind.Unknown));
            Assert.That(result.Message, Is.EqualTo("enableHttpsTrafficOnly is not known until deployment"));
            Assert.That(report.Unknowns.Single(), Is.SameAs(result));
        });
    }

    [Test]
    public void Unknowns_are_not_counted_as_violations_and_do_not_block()
    {
        var report = Evaluator.Run(Set(Account("intake-uan-st", Unknown), Account("documents-uan-st", Bool(true))), [HttpsOnly], today: Today);

        Assert.Multiple(() =>
        {
            Assert.That(report.Violations, Is.Empty);
            Assert.That(report.Mandatory, Is.Zero);
            Assert.That(report.Blocks, Is.False);
            Assert.That(report.Unknowns.Count(), Is.EqualTo(1));
            Assert.That(report.Results.Count(r => r.Outcome.Kind == OutcomeKind.Pass), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_secret_whose_value_we_do_not_hold_is_unknown()
    {
        var account = Account("intake-uan-st", new PropertyValue.Secret(PropertyValue.Unknown.Instance));

        Assert.That(OnlyOutcome(StorageRules.HttpsOnly, Set(account)).Kind, Is.EqualTo(OutcomeKind.Unknown));
    }

    [Test]
    public void A_config_reference_is_unknown_in_the_compiled_graph_and_a_literal_is_judged()
    {
        var compiled = ResourceGraph.Build(Stack, Project, graph =>
        {
            var group = new ResourceGroup("documents-uan-rg", new ResourceGroupArgs { ResourceGroupName = "rg-oicgs-prod-documents-uan", Location = "uaenorth" });
            _ = new StorageAccount("documents-uan-st", new StorageAccountArgs
            {
                ResourceGroupName = group.Name,
                Kind = "StorageV2",
                Sku = new SkuArgs { Name = "Standard_GZRS" },
                MinimumTlsVersion = Output.Config<string>("storageMinimumTlsVersion"),
                EnableHttpsTrafficOnly = true,
            });
        });
        var set = GraphInput.From(compiled);

        var tls = OnlyOutcome(StorageRules.MinimumTls12, set);
        Assert.Multiple(() =>
        {
            Assert.That(tls.Kind, Is.EqualTo(OutcomeKind.Unknown));
            Assert.That(OnlyOutcome(StorageRules.HttpsOnly, set).Kind, Is.EqualTo(OutcomeKind.Pass));
        });
    }

    [Test]
    public void Whole_catalogue_on_a_fully_unknown_account_reports_no_failure_for_the_properties_it_cannot_read()
    {
        var everythingPending = new PolicyResource(AccountUrn("intake-uan-st"), StorageType, "intake-uan-st", Props(
            ("allowBlobPublicAccess", Unknown), ("allowSharedKeyAccess", Unknown), ("enableHttpsTrafficOnly", Unknown),
            ("minimumTlsVersion", Unknown), ("publicNetworkAccess", Unknown), ("networkRuleSet", Unknown)));

        var report = Evaluator.Run(Set(everythingPending), Catalogue.All, today: Today);

        string[] pendingRules = ["storage-https-only", "storage-min-tls12", "storage-public-network-disabled", "storage-network-default-deny", "storage-trusted-services"];
        var judged = report.Results.Where(r => pendingRules.Contains(r.Rule.Id)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(judged, Has.Count.EqualTo(pendingRules.Length));
            Assert.That(judged.Select(r => r.Outcome.Kind), Has.All.EqualTo(OutcomeKind.Unknown));
            Assert.That(report.Errors, Is.Empty);
        });
    }
}
