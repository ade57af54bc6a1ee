using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Sandbox;

namespace Oic.Infra.Automation.Tests.Sandbox;

/// <summary>Changes behind the state's back, as a person in the portal makes them, and what a refresh sees.</summary>
[TestFixture]
public sealed class SandboxTamperTests
{
    private const string Vault = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:keyvault:Vault::identity-uan-kv";
    private const string HubVnet = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:network:VirtualNetwork::hub-uan-vnet";

    private static async Task<StateDir> Deployed()
    {
        var dir = new StateDir();
        await dir.Engine().UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        return dir;
    }

    [Test]
    public async Task A_refresh_preview_returns_the_tampered_live_resources_and_writes_nothing()
    {
        using var dir = await Deployed();
        var engine = dir.Engine();
        var clean = await engine.RefreshPreviewAsync(RealStacks.Options("prod"));
        Assert.That(clean.Summary.HasChanges, Is.False);

        SandboxEngine.Tamper(dir.Path, "prod", Vault, TamperChange.Set("properties.publicNetworkAccess", "\"Enabled\""));
        SandboxEngine.Tamper(dir.Path, "prod", Vault, TamperChange.ParseAssignment("tags.owner=someone-in-the-portal"));
        var snapshot = dir.Snapshot();
        var refresh = await engine.RefreshPreviewAsync(RealStacks.Options("prod"));

        Assert.That(refresh.Summary[StepOp.Update], Is.EqualTo(1));
        Assert.That(refresh.Summary[StepOp.Same], Is.EqualTo(RealStacks.Graph("prod").Resources.Count - 1));
        var vault = Export.Resource(refresh.LiveExportJson, "identity-uan-kv");
        Assert.That(vault["outputs"]!["properties"]!["publicNetworkAccess"]!.GetValue<string>(), Is.EqualTo("Enabled"));
        Assert.That(vault["inputs"]!["properties"]!["publicNetworkAccess"]!.GetValue<string>(), Is.EqualTo("Enabled"));
        Assert.That(vault["outputs"]!["tags"]!["owner"]!.GetValue<string>(), Is.EqualTo("someone-in-the-portal"));
        var recorded = Export.Resource(File.ReadAllText(dir.Checkpoint("prod")), "identity-uan-kv");
        Assert.That(recorded["outputs"]!["properties"]!["publicNetworkAccess"]!.GetValue<string>(), Is.EqualTo("Disabled"), "the state is untouched");
        Assert.That(vault["outputs"]!["etag"]!.GetValue<string>(), Is.Not.EqualTo(recorded["outputs"]!["etag"]!.GetValue<string>()), "Azure gives every write a new etag");
        Assert.That(dir.Snapshot(), Is.EqualTo(snapshot));
        Assert.That(JsonNode.Parse(refresh.LiveExportJson)!["version"]!.GetValue<int>(), Is.EqualTo(3));
    }

    [Test]
    public async Task A_resource_deleted_in_the_portal_is_missing_from_live()
    {
        using var dir = await Deployed();
        SandboxEngine.Tamper(dir.Path, "prod", HubVnet.Replace("VirtualNetwork::hub-uan-vnet", "Subnet::hub-uan-snet-bastion", StringComparison.Ordinal), TamperChange.Delete());
        var refresh = await dir.Engine().RefreshPreviewAsync(RealStacks.Options("prod"));
        Assert.That(refresh.Summary[StepOp.Delete], Is.EqualTo(1));
        Assert.That(Export.Names(refresh.LiveExportJson), Does.Not.Contain("hub-uan-snet-bastion"));
    }

    [Test]
    public async Task A_resource_added_in_the_portal_appears_in_live_with_its_arm_id_but_not_in_the_state()
    {
        using var dir = await Deployed();
        SandboxEngine.Tamper(dir.Path, "prod", HubVnet, TamperChange.Add("azure-native:network:Subnet", "snet-shadow-it"));
        SandboxEngine.Tamper(dir.Path, "prod", HubVnet, TamperChange.Add("azure-native:network:NetworkSecurityGroup", "nsg-open"));
        var diagnostics = new List<string>();
        var refresh = await dir.Engine().RefreshPreviewAsync(RealStacks.Options("prod", onEvent: e =>
        {
            if (e is EngineEvent.Diagnostic d) diagnostics.Add(d.Message);
        }));
        var vnetId = Export.Resource(refresh.LiveExportJson, "hub-uan-vnet")["id"]!.GetValue<string>();
        var subnet = Export.Resource(refresh.LiveExportJson, "snet-shadow-it");
        Assert.That(subnet["id"]!.GetValue<string>(), Is.EqualTo(vnetId + "/subnets/snet-shadow-it"));
        Assert.That(Export.Resource(refresh.LiveExportJson, "nsg-open")["id"]!.GetValue<string>(),
            Does.EndWith("/resourceGroups/rg-oicgs-prod-hub-uan/providers/Microsoft.Network/networkSecurityGroups/nsg-open"));
        Assert.That(refresh.Summary.HasChanges, Is.False, "a refresh does not adopt what the state never had");
        Assert.That(diagnostics, Has.One.Contains("2 live resource(s)"));
        Assert.That(File.ReadAllText(dir.Checkpoint("prod")), Does.Not.Contain("snet-shadow-it"));
    }

    [Test]
    public async Task An_unknown_urn_is_refused_with_a_suggestion()
    {
        using var dir = await Deployed();
        var error = Assert.Throws<EngineInputException>(() =>
            SandboxEngine.Tamper(dir.Path, "prod", Vault.Replace("identity-uan-kv", "identity-uan-kvv", StringComparison.Ordinal), TamperChange.Delete()));
        Assert.That(error!.Message, Does.Contain("no live resource of stack 'prod' has URN").And.EndWith($"did you mean {Vault}?"));
        Assert.Throws<EngineInputException>(() => SandboxEngine.Tamper(dir.Path, "prod", Vault, TamperChange.Set("properties.x", "not json")));
        Assert.That(() => SandboxEngine.Tamper(dir.Path, "prod", HubVnet, TamperChange.Add("azure-native:network:Subnett", "x")),
            Throws.TypeOf<EngineInputException>().With.Message.Contains("did you mean azure-native:network:Subnet?"));
        Assert.That(() => SandboxEngine.Tamper(dir.Path, "dev", Vault, TamperChange.Delete()),
            Throws.TypeOf<EngineInputException>().With.Message.Contains("run up first"));
    }

    [Test]
    public async Task Up_follows_pulumi_and_leaves_live_drift_alone_unless_asked_to_refresh_then_repairs_it()
    {
        using var dir = await Deployed();
        SandboxEngine.Tamper(dir.Path, "prod", Vault, TamperChange.Set("properties.publicNetworkAccess", "\"Enabled\""));
        SandboxEngine.Tamper(dir.Path, "prod", HubVnet.Replace("VirtualNetwork::hub-uan-vnet", "Subnet::hub-uan-snet-bastion", StringComparison.Ordinal), TamperChange.Delete());

        var plain = await dir.Engine().UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        Assert.That(plain.Summary.HasChanges, Is.False, "the state still says all is well, as it would with `pulumi up`");

        var refreshing = dir.Engine(new SandboxOptions { Refresh = true });
        var preview = await refreshing.PreviewAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        Assert.That(preview.Steps.Where(s => s.Op != StepOp.Same).Select(s => (s.Op, s.Urn[(s.Urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..])),
            Is.EquivalentTo(new[] { (StepOp.Update, "identity-uan-kv"), (StepOp.Create, "hub-uan-snet-bastion") }));
        Assert.That(preview.Steps.Single(s => s.Op == StepOp.Update).Diffs, Is.EqualTo(new[] { "properties.publicNetworkAccess" }));

        await refreshing.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        var live = await refreshing.RefreshPreviewAsync(RealStacks.Options("prod"));
        Assert.That(live.Summary.HasChanges, Is.False, "live is back to what the program declares");
        Assert.That(Export.Resource(live.LiveExportJson, "identity-uan-kv")["outputs"]!["properties"]!["publicNetworkAccess"]!.GetValue<string>(), Is.EqualTo("Disabled"));
    }
}
