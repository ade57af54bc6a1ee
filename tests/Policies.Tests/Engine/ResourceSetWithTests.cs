using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;

namespace Oic.Infra.Policies.Tests.Engine;

/// <summary><see cref="ResourceSet.With"/>: a set with one resource put back as another side has it, every lookup agreeing.</summary>
[TestFixture]
public sealed class ResourceSetWithTests
{
    private const string Account = "azure-native:storage:StorageAccount";
    private const string Vault = "azure-native:keyvault:Vault";
    private const string Id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/";

    private static PolicyResource Resource(string type, string name, bool open) => new(
        $"urn:pulumi:prod::p::{type}::{name}", type, name,
        PropertyValue.Map.Of([KeyValuePair.Create("allowBlobPublicAccess", (PropertyValue)new PropertyValue.Bool(open))]),
        Id + name);

    [Test]
    public void Every_lookup_finds_the_replacement_and_the_original_set_is_unchanged()
    {
        var (a, b, v) = (Resource(Account, "a", false), Resource(Account, "b", true), Resource(Vault, "v", false));
        var set = new ResourceSet("prod", "p", [a, b, v], "state");
        var back = b with { Properties = PropertyValue.Map.Of([KeyValuePair.Create("allowBlobPublicAccess", (PropertyValue)new PropertyValue.Bool(false))]) };

        var with = set.With(b, back);

        Assert.Multiple(() =>
        {
            Assert.That(with.Resources, Is.EqualTo(new[] { a, back, v }).Using<PolicyResource>(ReferenceEquals));
            Assert.That(with.OfType(Account), Is.EqualTo(new[] { a, back }).Using<PolicyResource>(ReferenceEquals));
            Assert.That(with.OfType(Vault).Single(), Is.SameAs(v));
            Assert.That(with.ByUrn(b.Urn), Is.SameAs(back));
            Assert.That(with.Resolve(new Lookup(new PropertyValue.Str((Id + "B").ToUpperInvariant()), false, "")).Resource, Is.SameAs(back));
            Assert.That((with.Stack, with.Project, with.Source, with.Root), Is.EqualTo((set.Stack, set.Project, set.Source, set.Root)));

            Assert.That(set.ByUrn(b.Urn), Is.SameAs(b));
            Assert.That(set.OfType(Account), Is.EqualTo(new[] { a, b }).Using<PolicyResource>(ReferenceEquals));
        });
    }

    [Test]
    public void A_replacement_under_another_urn_is_a_set_rebuilt_around_it()
    {
        var (a, b) = (Resource(Account, "a", false), Resource(Account, "b", true));
        var set = new ResourceSet("prod", "p", [a, b], "state");
        var other = Resource(Vault, "c", false);

        var with = set.With(b, other);

        Assert.That((with.ByUrn(b.Urn), with.ByUrn(other.Urn), with.OfType(Vault).Single()), Is.EqualTo((null as PolicyResource, other, other)));
    }
}
