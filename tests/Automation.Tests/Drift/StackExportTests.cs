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
}
