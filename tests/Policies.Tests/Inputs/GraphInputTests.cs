using System.Runtime.CompilerServices;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Rules.Storage;
using Oic.Infra.Policies.Rules.KeyVault;
using Oic.Infra.Policies.Rules.Network.Nsg;
using Oic.Infra.Policies.Rules.Network.Vnet;
using Oic.Infra.Policies.Rules.Network.Watcher;
using Oic.Infra.Policies.Rules.Network.PublicIp;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Resources;
using Oic.Infra.Resources.AzureNative.Storage;
using Oic.Infra.Resources.AzureNative.Storage.Inputs;

namespace Oic.Infra.Policies.Tests.Inputs;

/// <summary>
/// The compiled graph as policies see it: URNs as the engine builds them (parent types joined with
/// <c>$</c>), the declaring C# line relative to the repository, inputs as properties, no ids yet.
/// </summary>
[TestFixture]
public sealed class GraphInputTests
{
    private const string GroupUrn = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup::documents-uan-rg";
    private const string AccountUrn = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:storage:StorageAccount::documents-uan-st";

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private static int ThisLine([CallerLineNumber] int line = 0) => line;

    /// <summary>The repository root as the compiler saw it (however paths were mapped): three levels above this file.</summary>
    private static string CompiledRoot => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", ".."));

    private int _accountLine;

    private ResourceGraph Documents() => ResourceGraph.Build("prod", "oic-gs-infra", graph =>
    {
        var group = new ResourceGroup("documents-uan-rg", new ResourceGroupArgs { ResourceGroupName = "rg-oicgs-prod-documents-uan", Location = "uaenorth" });
        _accountLine = ThisLine() + 1;
        var account = new StorageAccount("documents-uan-st", new StorageAccountArgs
        {
            ResourceGroupName = group.Name,
            AccountName = "oicgsproddocsuan",
            Kind = "StorageV2",
            Sku = new SkuArgs { Name = "Standard_GZRS" },
            EnableHttpsTrafficOnly = true,
            MinimumTlsVersion = "TLS1_2",
            AllowBlobPublicAccess = false,
        }, new ResourceOptions { Parent = group });
        _ = new BlobContainer("documents-uan-st-records", new BlobContainerArgs
        {
            AccountName = account.Name,
            ResourceGroupName = group.Name,
            PublicAccess = "None",
        }, new ResourceOptions { Parent = account });
    });

    private static PolicyResource Named(ResourceSet set, string name) => set.Resources.Single(r => r.Name == name);

    private static Outcome OnlyOutcome(Rule rule, ResourceSet set) => rule.Evaluate(set).Single().Outcome;

    [Test]
    public void Urns_carry_the_parent_type_chain_without_the_root_stack()
    {
        var set = GraphInput.From(Documents());

        Assert.Multiple(() =>
        {
            Assert.That(Named(set, "documents-uan-rg").Urn, Is.EqualTo(GroupUrn));
            Assert.That(Named(set, "documents-uan-st").Urn, Is.EqualTo(AccountUrn));
            Assert.That(Named(set, "documents-uan-st-records").Urn, Is.EqualTo(
                "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:storage:StorageAccount$azure-native:storage:BlobContainer::documents-uan-st-records"));
        });
    }

    [Test]
    public void Each_resource_names_its_parent_by_urn()
    {
        var set = GraphInput.From(Documents());

        Assert.Multiple(() =>
        {
            Assert.That(Named(set, "documents-uan-rg").ParentUrn, Is.Null, "parented to the stack");
            Assert.That(Named(set, "documents-uan-st").ParentUrn, Is.EqualTo(GroupUrn));
            Assert.That(Named(set, "documents-uan-st-records").ParentUrn, Is.EqualTo(AccountUrn));
            Assert.That(set.ByUrn(AccountUrn), Is.SameAs(Named(set, "documents-uan-st")));
        });
    }

    [Test]
    public void Declaration_sites_are_relative_to_the_given_repository_root()
    {
        var set = GraphInput.From(Documents(), CompiledRoot);

        Assert.That(Named(set, "documents-uan-st").DeclaredAt, Is.EqualTo(new SourcePosition("tests/Policies.Tests/Inputs/GraphInputTests.cs", _accountLine)));
    }

    [Test]
    public void Without_a_root_declaration_sites_stay_as_the_compiler_wrote_them()
    {
        var set = GraphInput.From(Documents());

        Assert.That(Named(set, "documents-uan-st").DeclaredAt, Is.EqualTo(new SourcePosition(ThisFile(), _accountLine)));
    }

    [Test]
    public void A_root_the_file_is_not_under_leaves_the_path_absolute()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), "another-checkout");

        var set = GraphInput.From(Documents(), elsewhere);

        Assert.That(Named(set, "documents-uan-st").DeclaredAt?.File, Is.EqualTo(ThisFile()));
    }

    [Test]
    public void Properties_are_the_declared_inputs_and_there_are_no_ids_yet()
    {
        var set = GraphInput.From(Documents());
        var account = Named(set, "documents-uan-st");

        Assert.Multiple(() =>
        {
            Assert.That(set.Source, Is.EqualTo("compiled stack prod"));
            Assert.That((set.Stack, set.Project), Is.EqualTo(("prod", "oic-gs-infra")));
            Assert.That(account.Type, Is.EqualTo(StorageAccount.TypeToken));
            Assert.That(account.Id, Is.Null);
            Assert.That(account.Get("sku.name").Text, Is.EqualTo("Standard_GZRS"));
            Assert.That(account.Get("resourceGroupName").IsUnknown, Is.True, "a reference to the group's name");
            Assert.That(account.Get("resourceGroupName").Reference?.Expression, Is.EqualTo("${documents-uan-rg.name}"));
            Assert.That(OnlyOutcome(StorageRules.HttpsOnly, set).Kind, Is.EqualTo(OutcomeKind.Pass));
            Assert.That(OnlyOutcome(StorageRules.ContainerPrivate, set).Kind, Is.EqualTo(OutcomeKind.Pass));
        });
    }
}
