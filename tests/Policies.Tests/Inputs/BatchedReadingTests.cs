using System.Globalization;
using System.Text;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;

namespace Oic.Infra.Policies.Tests.Inputs;

/// <summary>
/// A stack export's resources are read in batches on every core (a batch is about 256 KB of resources).
/// Over a document of many batches, what comes back is what the document says, in its order: every
/// resource once, its own properties, pending deletions and the stack resource left out; and a damaged
/// resource is reported as the first damage in document order, whichever batch held it.
/// </summary>
[TestFixture]
public sealed class BatchedReadingTests
{
    private const int Count = 5000; // about 2.4 MB: ten batches and more

    private static string Urn(int i, string name = "") =>
        $"urn:pulumi:prod::oic-gs-infra::azure-native:storage:StorageAccount::{(name.Length > 0 ? name : $"st{i:D5}")}";

    /// <summary>An export of <see cref="Count"/> storage accounts; <paramref name="damage"/> may replace resource i's text.</summary>
    private static string Export(Func<int, string?>? damage = null)
    {
        var text = new StringBuilder("{\"version\":3,\"deployment\":{\"manifest\":{\"time\":\"2026-12-06T00:00:00Z\"},\"resources\":[");
        text.Append("{\"urn\":\"urn:pulumi:prod::oic-gs-infra::pulumi:pulumi:Stack::oic-gs-infra-prod\",\"custom\":false,\"type\":\"pulumi:pulumi:Stack\"}");
        for (var i = 0; i < Count; i++)
        {
            text.Append(',');
            var pad = new string('x', i % 97); // resources of different lengths, so batch ends fall anywhere
            text.Append(damage?.Invoke(i) ?? string.Create(CultureInfo.InvariantCulture,
                $"{{\"urn\":\"{Urn(i)}\",\"custom\":true,\"id\":\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st{i:D5}\",\"type\":\"azure-native:storage:StorageAccount\",\"inputs\":{{\"index\":{i},\"note\":\"{pad}\",\"tags\":{{\"owner\":\"team-{i % 7}\"}}}},\"outputs\":{{\"index\":{i},\"note\":\"{pad}\",\"provisioningState\":\"Succeeded\",\"tags\":{{\"owner\":\"team-{i % 7}\"}}}}{(i % 1000 == 999 ? ",\"delete\":true" : "")}}}"));
        }
        return text.Append("]}}").ToString();
    }

    [Test]
    public void Every_resource_of_many_batches_comes_back_once_in_document_order_with_its_own_properties()
    {
        var json = Export();
        Assert.That(Encoding.UTF8.GetByteCount(json), Is.GreaterThan(8 * (1 << 18)), "the document spans many batches");

        var (set, resources) = StateDocuments.ReadStackExport(json, "state/prod.json");

        var expected = Enumerable.Range(0, Count).Where(i => i % 1000 != 999).ToList(); // pending deletions are not the estate
        Assert.Multiple(() =>
        {
            Assert.That(set.Resources.Select(r => r.Name), Is.EqualTo(expected.Select(i => $"st{i:D5}")));
            Assert.That(set.Resources.Select(r => (int)(r.Get("index").Number ?? -1)), Is.EqualTo(expected));
            Assert.That(set.Resources.Select(r => r.Get("tags.owner").Text),
                Is.EqualTo(expected.Select(i => $"team-{i % 7}")));
            Assert.That(set.Resources.Select(r => r.Get("note").Text?.Length ?? -1),
                Is.EqualTo(expected.Select(i => i % 97)));
            Assert.That(resources.Select(r => new Lookup(r.Inputs, false, "").Get("index").Number), Is.EqualTo(resources.Select(r => new Lookup(r.Outputs, false, "").Get("index").Number)));
            Assert.That(set.Stack, Is.EqualTo("prod"));
        });
    }

    [Test]
    public void The_first_damaged_resource_in_document_order_is_the_one_reported()
    {
        // Two resources that are not Pulumi URNs, far apart (different batches): the earlier is named.
        var json = Export(i => i is 1500 or 4500 ? $"{{\"urn\":\"not-a-urn-{i}\",\"type\":\"azure-native:storage:StorageAccount\"}}" : null);

        var error = Assert.Throws<PolicyInputException>(() => StateDocuments.ReadStackExport(json, "state/prod.json"))!;

        Assert.That(error.Message, Does.Contain("'not-a-urn-1500' is not a Pulumi URN").And.Not.Contain("4500"));
    }

    [Test]
    public void A_number_out_of_range_in_a_late_batch_is_refused_in_plain_words()
    {
        var json = Export(i => i == 4900 ? $"{{\"urn\":\"{Urn(i)}\",\"type\":\"azure-native:storage:StorageAccount\",\"inputs\":{{\"index\":1e999}}}}" : null);

        var error = Assert.Throws<PolicyInputException>(() => StateDocuments.ReadStackExport(json, "state/prod.json"))!;

        Assert.That(error.Message, Does.Contain("state/prod.json").And.Contain("holds a number out of range (1e999)"));
    }

    [Test]
    public void Invalid_JSON_after_many_batches_is_reported_at_its_line_and_column()
    {
        var json = Export();
        var end = json.LastIndexOf("},{", json.Length - 5000, StringComparison.Ordinal) + 2; // after a resource, in a late batch
        var cut = json[..end] + "\n,,";

        var error = Assert.Throws<PolicyInputException>(() => StateDocuments.ReadStackExport(cut, "state/prod.json"))!;

        Assert.That(error.Message, Does.StartWith("state/prod.json:2:").And.Contain("is not valid JSON"));
    }
}
