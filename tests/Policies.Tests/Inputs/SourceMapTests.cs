using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Resources;

namespace Oic.Infra.Policies.Tests.Inputs;

/// <summary>
/// Resources of a preview or an export get the C# line of the compiled program that declares them:
/// by URN, else by type and logical name (a URN recorded under another parent chain), never by name
/// alone; what the program does not declare keeps no declaration.
/// </summary>
[TestFixture]
public sealed class SourceMapTests
{
    private const string Storage = "azure-native:storage:StorageAccount";
    private const string Group = "azure-native:resources:ResourceGroup";
    private static readonly SourcePosition AccountLine = new("stacks/Components/DocumentStore.cs", 57);
    private static readonly SourcePosition GroupLine = new("stacks/Components/Component.cs", 35);

    private static PolicyResource Resource(string urn, string type, string name, SourcePosition? at = null) =>
        new(urn, type, name, new PropertyValue.Map([]), DeclaredAt: at);

    private static readonly SourceMap Map = new(new ResourceSet("prod", "oic-gs-infra",
    [
        Resource($"urn:pulumi:prod::oic-gs-infra::{Group}::documents-uan-rg", Group, "documents-uan-rg", GroupLine),
        Resource($"urn:pulumi:prod::oic-gs-infra::{Group}${Storage}::documents-uan-st", Storage, "documents-uan-st", AccountLine),
    ], "compiled stack prod"));

    private static ResourceSet Planned(params PolicyResource[] resources) => Map.Apply(new ResourceSet("prod", "oic-gs-infra", resources, "out/preview.json"));

    [Test]
    public void Resource_with_the_programs_urn_gets_its_declaring_line()
    {
        var set = Planned(Resource($"urn:pulumi:prod::oic-gs-infra::{Group}${Storage}::documents-uan-st", Storage, "documents-uan-st"));

        Assert.That(set.Resources.Single().DeclaredAt, Is.EqualTo(AccountLine));
        Assert.That(set.Source, Is.EqualTo("out/preview.json"));
    }

    [Test]
    public void Resource_recorded_under_another_parent_is_found_by_type_and_name()
    {
        var set = Planned(Resource($"urn:pulumi:prod::oic-gs-infra::{Storage}::documents-uan-st", Storage, "documents-uan-st"));

        Assert.That(set.Resources.Single().DeclaredAt, Is.EqualTo(AccountLine));
    }

    [Test]
    public void Same_name_with_another_type_or_a_resource_the_program_lacks_keeps_no_declaration()
    {
        var set = Planned(
            Resource("urn:pulumi:prod::oic-gs-infra::azure-native:keyvault:Vault::documents-uan-st", "azure-native:keyvault:Vault", "documents-uan-st"),
            Resource("urn:pulumi:prod::oic-gs-infra::pulumi:providers:azure-native::default_3_28_0", "pulumi:providers:azure-native", "default_3_28_0"));

        Assert.That(set.Resources.Select(r => r.DeclaredAt), Has.All.Null);
    }

    [Test]
    public void A_declaration_the_input_already_carries_is_kept()
    {
        var own = new SourcePosition("stacks/EstateProgram.cs", 12);
        var set = Planned(Resource($"urn:pulumi:prod::oic-gs-infra::{Group}::documents-uan-rg", Group, "documents-uan-rg", own));

        Assert.That(set.Resources.Single().DeclaredAt, Is.EqualTo(own));
    }
}
