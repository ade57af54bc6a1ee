using System.Text.Json.Nodes;
using Oic.Infra.Automation.Drift;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Resources;
using static Oic.Infra.Automation.Tests.Drift.DriftEstate;

namespace Oic.Infra.Automation.Tests.Drift;

[TestFixture]
public sealed class StackExportTests
{
    [Test]
    public void Resources_are_what_the_policy_inputs_make_of_the_same_export()
    {
        var ours = Recorded().Resources;
        var theirs = StateDocuments.FromStackExport(DataFile("prod-state.json"), "state");

        Assert.That((ours.Stack, ours.Project), Is.EqualTo((theirs.Stack, theirs.Project)));
        Assert.That(ours.Resources.Select(r => (r.Urn, r.Type, r.Name, r.Id, r.ParentUrn)),
            Is.EqualTo(theirs.Resources.Select(r => (r.Urn, r.Type, r.Name, r.Id, r.ParentUrn))));
        Assert.That(ours.Resources.Select(r => r.Properties), Is.EqualTo(theirs.Resources.Select(r => r.Properties)));
    }

    [Test]
    public void Inputs_and_outputs_are_kept_apart()
    {
        var export = Recorded();
        var urn = Urn("azure-native:resources:ResourceGroup", "azure-native:storage:StorageAccount", "documents-uan-st-pub");

        Assert.That(export.InputsOf(urn)!["accountName"], Is.EqualTo(new PropertyValue.Str("stoicgspubuan1f0e2d")));
        Assert.That(export.InputsOf(urn)!["provisioningState"], Is.Null);
        Assert.That(export.OutputsOf(urn)!["provisioningState"], Is.EqualTo(new PropertyValue.Str("Succeeded")));
        Assert.That(export.OutputsOf(urn)!["accountName"], Is.Null);
        Assert.That(export.InputsOf("urn:pulumi:prod::oic-gs-infra::pulumi:pulumi:Stack::oic-gs-infra-prod"), Is.Null);
    }

    [Test]
    public void A_secret_is_unknown_even_when_the_export_carries_its_plaintext()
    {
        var json = LiveJson(live => Outputs(live, "connectivity-uan-cn-nyc")["sharedKey"]!["plaintext"] = "\"Pr3-Shared-K3y\"");

        var export = StackExport.Parse(json, "live");
        var urn = Urn("azure-native:resources:ResourceGroup", "azure-native:network:VirtualNetworkGatewayConnection", "connectivity-uan-cn-nyc");

        Assert.That(export.OutputsOf(urn)!["sharedKey"], Is.EqualTo(new PropertyValue.Secret(PropertyValue.Unknown.Instance)));
        Assert.That(export.Resources.ByUrn(urn)!.Get("sharedKey").IsUnknown, Is.True);
    }

    [TestCase("{\"version\":2,\"deployment\":{}}", "only version 3")]
    [TestCase("{\"deployment\":{}}", "no \"version\"")]
    [TestCase("{\"version\":3}", "no \"deployment\"")]
    [TestCase("{\"version\":3,\"deployment\":{\"resources\":[{\"urn\":\"not-a-urn\"}]}}", "is not a Pulumi URN")]
    [TestCase("{\"version\":3,", "is not valid JSON")]
    public void An_export_that_is_not_a_v3_checkpoint_is_invalid_input(string json, string message)
    {
        var e = Assert.Throws<PolicyInputException>(() => StackExport.Parse(json, "state.json"))!;

        Assert.That(e.Message, Does.StartWith("state.json").And.Contain(message));
    }

    [Test]
    public void A_missing_export_file_is_invalid_input()
    {
        var e = Assert.Throws<PolicyInputException>(() => StackExport.Load(DataFile("no-such-export.json"), "no-such-export.json"))!;

        Assert.That(e.Message, Does.Contain("no-such-export.json").And.Contain("not found"));
    }

    [Test]
    public void A_resource_pending_deletion_is_not_part_of_the_stack()
    {
        var json = LiveJson(live =>
        {
            var old = Resource(live, "identity-uan-id-automation");
            old["delete"] = true;
        });

        Assert.That(StackExport.Parse(json, "live").Resources.Resources.Select(r => r.Name), Does.Not.Contain("identity-uan-id-automation"));
    }

    [Test]
    public void Azure_side_read_against_the_state_shares_exactly_the_resources_whose_record_is_unchanged()
    {
        var recorded = Recorded();
        var liveJson = LiveJson(live => Outputs(live, "documents-uan-st-pub")["allowBlobPublicAccess"] = true);
        var alone = StackExport.Parse(liveJson, "live");
        var shared = StackExport.Parse(liveJson, "live", baseline: recorded);

        // Unchanged: the same inputs, outputs, id, type and parent in both documents (JSON compared as JSON).
        var state = JsonNode.Parse(File.ReadAllText(DataFile("prod-state.json")))!.AsObject();
        var live = JsonNode.Parse(liveJson)!.AsObject();
        var before = ResourceList(state).Select(r => r!.AsObject()).ToDictionary(r => r["urn"]!.GetValue<string>());
        var unchanged = ResourceList(live).Select(r => r!.AsObject())
            .Where(r => before.TryGetValue(r["urn"]!.GetValue<string>(), out var b) &&
                        new[] { "inputs", "outputs", "id", "type", "parent" }.All(f => JsonNode.DeepEquals(r[f], b[f])))
            .Select(r => r["urn"]!.GetValue<string>()).ToHashSet();
        Assert.That(unchanged, Is.Not.Empty, "the recorded live view repeats most of the state");
        Assert.That(unchanged, Does.Not.Contain(Urn("azure-native:resources:ResourceGroup", "azure-native:storage:StorageAccount", "documents-uan-st-pub")));

        Assert.Multiple(() =>
        {
            foreach (var resource in shared.Resources.Resources)
            {
                var same = ReferenceEquals(resource, recorded.Resources.ByUrn(resource.Urn));
                Assert.That(same, Is.EqualTo(unchanged.Contains(resource.Urn)), resource.Urn);
                // Sharing changes what is held, never what is read.
                Assert.That(resource, Is.EqualTo(alone.Resources.ByUrn(resource.Urn)), resource.Urn);
                Assert.That(shared.InputsOf(resource.Urn), Is.EqualTo(alone.InputsOf(resource.Urn)), resource.Urn);
                Assert.That(shared.OutputsOf(resource.Urn), Is.EqualTo(alone.OutputsOf(resource.Urn)), resource.Urn);
            }
        });
    }

    [Test]
    public void Outputs_hold_the_values_they_repeat_from_the_inputs_once()
    {
        var export = Recorded();
        var urn = Urn("azure-native:resources:ResourceGroup", "azure-native:storage:StorageAccount", "documents-uan-st-pub");
        var (inputs, outputs) = (export.InputsOf(urn)!, export.OutputsOf(urn)!);

        Assert.That(outputs["tags"], Is.EqualTo(inputs["tags"]));
        Assert.That(outputs["tags"], Is.SameAs(inputs["tags"]));
        Assert.That(outputs["provisioningState"], Is.Not.Null.And.Not.SameAs(inputs["provisioningState"]));
    }

    [Test]
    public void A_drift_report_is_the_same_whether_or_not_azure_side_shares_the_state()
    {
        Action<JsonObject>[] edits =
        [
            live => Outputs(live, "documents-uan-st-pub")["allowBlobPublicAccess"] = true,
            live => Outputs(live, "documents-uan-st-pub")["tags"]!["cost-center"] = "GS-ICT-9900",
            live => ResourceList(live).Remove(Resource(live, "identity-uan-kv")),
            live => Outputs(live, "hub-uan-nsg-dns")["securityRules"]!.AsArray().RemoveAt(0),
        ];
        foreach (var edit in edits)
        {
            var recorded = Recorded();
            var json = LiveJson(edit);
            var alone = DriftDetector.Compare(Desired(), recorded, StackExport.Parse(json, "live"));
            var shared = DriftDetector.Compare(Desired(), recorded, StackExport.Parse(json, "live", baseline: recorded));

            Assert.That(DriftReports.Json(shared), Is.EqualTo(DriftReports.Json(alone)));
            Assert.That(shared.Differences, Is.Not.Empty);
        }
    }
}
