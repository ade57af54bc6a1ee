using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Rules.Storage;
using Oic.Infra.Policies.Rules.KeyVault;
using Oic.Infra.Policies.Rules.Network.Nsg;
using Oic.Infra.Policies.Rules.Network.Vnet;
using Oic.Infra.Policies.Rules.Network.Watcher;
using Oic.Infra.Policies.Rules.Network.PublicIp;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Monitor;
using Oic.Infra.Resources.AzureNative.Monitor.Inputs;
using Oic.Infra.Resources.AzureNative.OperationalInsights;
using Oic.Infra.Resources.AzureNative.Resources;
using Oic.Infra.Resources.AzureNative.Storage;
using Oic.Infra.Resources.AzureNative.Storage.Inputs;
using static Oic.Infra.Policies.Tests.Engine.EngineSamples;

namespace Oic.Infra.Policies.Tests.Engine;

/// <summary>
/// <see cref="ResourceSet.Resolve"/>: which resource of the stack a property value identifies, and
/// what follows its id — a <c>${res.id}</c> reference, an interpolation <c>${res.id}/blobServices/default</c>
/// (compiled graph) or an ARM id string in any case (deployed state).
/// </summary>
[TestFixture]
public sealed class ResolveTests
{
    private static ResourceSet CompiledMonitoring() => GraphInput.From(ResourceGraph.Build(Stack, Project, graph =>
    {
        var group = new ResourceGroup("documents-uan-rg", new ResourceGroupArgs { ResourceGroupName = "rg-oicgs-prod-documents-uan", Location = "uaenorth" });
        var law = new Workspace("security-uan-law", new WorkspaceArgs
        {
            ResourceGroupName = group.Name,
            WorkspaceName = "law-oicgs-prod-security-uan",
            RetentionInDays = 365,
        });
        var account = new StorageAccount("documents-uan-st", new StorageAccountArgs
        {
            ResourceGroupName = group.Name,
            AccountName = "oicgsproddocsuan",
            Kind = "StorageV2",
            Sku = new SkuArgs { Name = "Standard_GZRS" },
        });
        _ = new BlobServiceProperties("documents-uan-st-blob", new BlobServicePropertiesArgs
        {
            AccountName = account.Name,
            ResourceGroupName = group.Name,
            BlobServicesName = "default",
            IsVersioningEnabled = true,
            DeleteRetentionPolicy = new DeleteRetentionPolicyArgs { Enabled = true, Days = 30 },
        });
        _ = new DiagnosticSetting("documents-uan-st-blob-diag", new DiagnosticSettingArgs
        {
            Name = account.Name,
            ResourceUri = Output.Format($"{account.Id}/blobServices/default"),
            WorkspaceId = law.Id,
            Logs = new[] { new DiagnosticsLogSettingsArgs { CategoryGroup = "allLogs", Enabled = true } },
        });
    }));

    private static Lookup Get(ResourceSet set, string resource, string path) =>
        set.Resources.Single(r => r.Name == resource).Get(path);

    [Test]
    public void A_reference_to_an_id_resolves_to_that_resource_with_nothing_after_it()
    {
        var set = CompiledMonitoring();
        var workspaceId = Get(set, "documents-uan-st-blob-diag", "workspaceId");

        var (resource, suffix) = set.Resolve(workspaceId);

        Assert.Multiple(() =>
        {
            Assert.That(workspaceId.IsUnknown, Is.True, "a reference is not known before deployment");
            Assert.That(resource?.Name, Is.EqualTo("security-uan-law"));
            Assert.That(suffix, Is.Empty);
            Assert.That(set.PointsAt(workspaceId, resource!), Is.True);
        });
    }

    [Test]
    public void An_interpolation_after_an_id_resolves_to_the_resource_and_its_child_path()
    {
        var set = CompiledMonitoring();
        var uri = Get(set, "documents-uan-st-blob-diag", "resourceUri");
        var account = set.Resources.Single(r => r.Name == "documents-uan-st");

        var (resource, suffix) = set.Resolve(uri);

        Assert.Multiple(() =>
        {
            Assert.That(resource, Is.SameAs(account));
            Assert.That(suffix, Is.EqualTo("/blobServices/default"));
            Assert.That(set.PointsAt(uri, account), Is.False, "the blob service is not the account itself");
        });
    }

    [Test]
    public void In_the_compiled_graph_a_blob_service_diagnostic_setting_counts_for_its_account_even_with_the_blob_service_declared()
    {
        Rule logging = StorageRules.Logging;

        var outcome = logging.Evaluate(CompiledMonitoring()).Single().Outcome;

        Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Pass), "the deployed-state counterpart is the ignored test in StackExportTests");
    }

    [Test]
    public void A_reference_to_the_name_rather_than_the_id_resolves_to_nothing()
    {
        var set = CompiledMonitoring();

        Assert.That(set.Resolve(Get(set, "documents-uan-st-blob-diag", "name")), Is.EqualTo(((PolicyResource?)null, "")));
    }

    private static readonly string AccountArmId = AccountId("oicgsproddocsuan");

    private static ResourceSet Deployed(params PolicyResource[] extra) => Set([
        Account("documents-uan-st", Bool(true), id: AccountArmId),
        Account("records-uan-st", Bool(true), id: AccountId("oicgsprodrecuan")),
        .. extra]);

    private static Lookup Text(string value) =>
        Lookup.At(Props(("resourceUri", Str(value))), "resourceUri");

    [Test]
    public void An_ARM_id_in_another_case_with_a_child_suffix_resolves_to_the_account_and_keeps_the_suffix_as_written()
    {
        var set = Deployed();
        var value = Text($"/subscriptions/{Subscription.ToUpperInvariant()}/resourcegroups/RG-OICGS-PROD-DOCUMENTS-UAN/providers/microsoft.storage/storageaccounts/oicgsproddocsuan/blobServices/default");

        var (resource, suffix) = set.Resolve(value);

        Assert.Multiple(() =>
        {
            Assert.That(resource?.Name, Is.EqualTo("documents-uan-st"));
            Assert.That(suffix, Is.EqualTo("/blobServices/default"));
        });
    }

    [Test]
    public void An_ARM_id_in_another_case_is_the_resource_itself()
    {
        var set = Deployed();
        var account = set.Resources.Single(r => r.Name == "documents-uan-st");

        Assert.Multiple(() =>
        {
            Assert.That(set.PointsAt(Text(AccountArmId.ToLowerInvariant()), account), Is.True);
            Assert.That(set.PointsAt(Text(AccountArmId + "/"), account), Is.True, "a trailing slash is the same id");
        });
    }

    [Test]
    public void An_account_whose_name_only_starts_like_another_does_not_resolve_to_it()
    {
        var set = Deployed();

        Assert.That(set.Resolve(Text(AccountId("oicgsproddocsuan2"))).Resource, Is.Null);
    }

    [Test]
    public void An_id_of_a_resource_outside_the_stack_resolves_to_nothing()
    {
        var set = Deployed();

        Assert.Multiple(() =>
        {
            Assert.That(set.Resolve(Text(AccountId("oicgsproddocsuan", "rg-oicgs-prod-archive-uan"))), Is.EqualTo(((PolicyResource?)null, "")));
            Assert.That(set.Resolve(Text("")), Is.EqualTo(((PolicyResource?)null, "")));
            Assert.That(set.Resolve(Text("not-an-id")), Is.EqualTo(((PolicyResource?)null, "")));
            Assert.That(set.Resolve(Lookup.At(Props(), "resourceUri")), Is.EqualTo(((PolicyResource?)null, "")), "a missing property");
        });
    }

    [Test]
    public void The_most_specific_resource_of_the_stack_wins_when_parent_and_child_are_both_declared()
    {
        var container = new PolicyResource(
            $"urn:pulumi:prod::oic-gs-infra::{GroupType}${StorageType}$azure-native:storage:BlobContainer::documents-uan-st-records",
            "azure-native:storage:BlobContainer", "documents-uan-st-records", Props(("publicAccess", Str("None"))),
            Id: AccountArmId + "/blobServices/default/containers/records");
        var set = Deployed(container);

        var (resource, suffix) = set.Resolve(Text(AccountArmId.ToUpperInvariant() + "/BLOBSERVICES/DEFAULT/CONTAINERS/RECORDS/blobs/2026/minutes.pdf"));

        Assert.Multiple(() =>
        {
            Assert.That(resource, Is.SameAs(container));
            Assert.That(suffix, Is.EqualTo("/blobs/2026/minutes.pdf"));
        });
    }

    [Test]
    public void An_unknown_value_resolves_to_nothing()
    {
        var set = Deployed();

        Assert.That(set.Resolve(Lookup.At(Props(("resourceUri", Unknown)), "resourceUri")).Resource, Is.Null);
    }
}
