using System.Text;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Resources;

namespace Oic.Infra.Policies.Tests.Inputs;

/// <summary>
/// Drift reads Azure's side against the recorded state: a resource whose bytes are exactly the recorded
/// resource's (same SHA-256) is the recorded resource, not read again; any other is read in full.
/// </summary>
[TestFixture]
public sealed class ResourceDigestTests
{
    private const string Urn = "urn:pulumi:prod::oic-gs-infra::azure-native:storage:StorageAccount::st-pub";

    private static string Resource(string access) =>
        $"{{\"urn\":\"{Urn}\",\"custom\":true,\"type\":\"azure-native:storage:StorageAccount\",\"outputs\":{{\"allowBlobPublicAccess\":{access}}}}}";

    private static string Export(string resource) => $"{{\"version\":3,\"deployment\":{{\"resources\":[{resource}]}}}}";

    [Test]
    public void Every_resource_carries_the_digest_of_its_own_bytes_when_asked_and_none_otherwise()
    {
        var (_, kept) = StateDocuments.ReadStackExport(Export(Resource("false")), "state.json", digests: true);
        var (_, plain) = StateDocuments.ReadStackExport(Export(Resource("false")), "state.json");

        Assert.That(kept.Single().Digest, Is.EqualTo(ResourceDigest.Of(Encoding.UTF8.GetBytes(Resource("false")))));
        Assert.That(plain.Single().Digest, Is.Null);
    }

    [Test]
    public void A_resource_of_the_baselines_digest_is_the_baselines_without_being_read()
    {
        // A baseline that says something else under the same digest: only a resource that was not read can come back as it.
        var stand = new PolicyResource(Urn, "azure-native:storage:StorageAccount", "recorded", new PropertyValue.Map([]));
        var recorded = new StateDocuments.ExportedResource(stand, null, new PropertyValue.Map([]), ResourceDigest.Of(Encoding.UTF8.GetBytes(Resource("false"))));

        var (_, same) = StateDocuments.ReadStackExport(Export(Resource("false")), "live.json", urn => urn == Urn ? recorded : null);
        var (_, changed) = StateDocuments.ReadStackExport(Export(Resource("true")), "live.json", urn => urn == Urn ? recorded : null);

        Assert.Multiple(() =>
        {
            Assert.That(same.Single().Resource, Is.SameAs(stand));
            Assert.That(changed.Single().Resource.Name, Is.EqualTo("st-pub"));
            Assert.That(changed.Single().Resource.Get("allowBlobPublicAccess").Bool, Is.True);
            Assert.That(changed.Single().Digest, Is.EqualTo(ResourceDigest.Of(Encoding.UTF8.GetBytes(Resource("true")))));
        });
    }

    [Test]
    public void One_byte_apart_is_another_digest()
    {
        var bytes = Encoding.UTF8.GetBytes(Resource("false"));
        var other = (byte[])bytes.Clone();
        other[^3] ^= 1;

        Assert.That(ResourceDigest.Of(other), Is.Not.EqualTo(ResourceDigest.Of(bytes)));
        Assert.That(ResourceDigest.Of(bytes.AsSpan()), Is.EqualTo(ResourceDigest.Of((byte[])bytes.Clone())));
    }
}
