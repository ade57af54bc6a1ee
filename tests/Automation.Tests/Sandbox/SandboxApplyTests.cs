using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Tests.Sandbox;

[TestFixture]
public sealed class SandboxApplyTests
{
    private const string SecretSig = "4dabf18193072939515e22adb298388d";

    [Test]
    public async Task Up_of_prod_creates_every_resource_and_records_a_version_3_checkpoint()
    {
        using var dir = new StateDir();
        var program = RealStacks.Graph("prod");
        var result = await dir.Engine().UpAsync(program, RealStacks.Options("prod"));

        Assert.That(result.Summary[StepOp.Create], Is.EqualTo(program.Resources.Count + 1), "every resource and the root stack");
        Assert.That(result.Summary.Counts.Keys, Is.EquivalentTo(new[] { StepOp.Create }));
        var json = await dir.Engine().ExportStackAsync("prod");
        Assert.That(json, Is.EqualTo(File.ReadAllText(dir.Checkpoint("prod"))));

        var doc = JsonNode.Parse(json!)!;
        Assert.That(doc["version"]!.GetValue<int>(), Is.EqualTo(3));
        var deployment = doc["deployment"]!.AsObject();
        Assert.That(deployment["manifest"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "time", "magic", "version" }));
        Assert.That(deployment.ContainsKey("secrets_providers"));
        Assert.That(deployment.ContainsKey("pending_operations"), Is.False, "nothing is in flight after an apply");

        var resources = Export.Resources(json!).Select(r => r!.AsObject()).ToList();
        Assert.That(resources[0]["type"]!.GetValue<string>(), Is.EqualTo("pulumi:pulumi:Stack"));
        Assert.That(resources[0]["urn"]!.GetValue<string>(), Is.EqualTo("urn:pulumi:prod::oic-gs-infra::pulumi:pulumi:Stack::oic-gs-infra-prod"));
        Assert.That(resources, Has.Count.EqualTo(program.Resources.Count + 1));
        var urns = resources.Select(r => r["urn"]!.GetValue<string>()).ToList();
        Assert.That(urns, Is.Unique);
        Assert.That(urns.Skip(1), Is.EquivalentTo(program.Resources.Select(program.UrnOf)));

        var custom = resources.Skip(1).ToList();
        Assert.Multiple(() =>
        {
            foreach (var r in custom)
            {
                var urn = r["urn"]!.GetValue<string>();
                Assert.That(r["custom"]!.GetValue<bool>(), Is.True, urn);
                Assert.That(r["id"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, urn);
                Assert.That(r["type"]?.GetValue<string>(), Is.Not.Null, urn);
                Assert.That(r["outputs"], Is.InstanceOf<JsonObject>(), urn);
                Assert.That(r["parent"]?.GetValue<string>(), Does.StartWith("urn:pulumi:prod::oic-gs-infra::"), urn);
            }
        });
        Assert.That(custom.Select(r => r["id"]!.GetValue<string>()), Is.Unique);

        // Providers first after the stack, with ids; every resource points at one as URN::ID.
        var provider = custom.Single(r => r["type"]!.GetValue<string>() == "pulumi:providers:azure-native");
        var subscription = provider["inputs"]!["subscriptionId"]!.GetValue<string>();
        var providerRef = $"{provider["urn"]!.GetValue<string>()}::{provider["id"]!.GetValue<string>()}";
        Assert.That(custom.Where(r => r != provider).Select(r => r["provider"]?.GetValue<string>()), Is.All.EqualTo(providerRef));
        // Everything lives in the subscription but the Entra sign-in export, a tenant resource (ADR 0016).
        const string tenantLevel = "azure-native:aadiam:DiagnosticSetting";
        Assert.That(custom.Where(r => r != provider && r["type"]!.GetValue<string>() != tenantLevel).Select(r => r["id"]!.GetValue<string>()),
            Is.All.StartWith($"/subscriptions/{subscription}/"));
        Assert.That(custom.Where(r => r["type"]!.GetValue<string>() == tenantLevel).Select(r => r["id"]!.GetValue<string>()),
            Is.EqualTo(new[] { "/providers/microsoft.aadiam/diagnosticSettings/signins-to-log-oicgs-prod-uan" }));
    }

    [Test]
    public async Task Prod_ids_are_arm_ids_and_outputs_hold_what_azure_returns()
    {
        using var dir = new StateDir();
        await dir.Engine().UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        var json = File.ReadAllText(dir.Checkpoint("prod"));
        string Id(string name) => Export.Resource(json, name)["id"]!.GetValue<string>();
        JsonNode Out(string name, string path) => Export.Resource(json, name)["outputs"]!.AsObject() is var o
            ? path.Split('.').Aggregate((JsonNode)o, (n, p) => p.EndsWith(']') ? n[p[..p.IndexOf('[')]]![int.Parse(p[(p.IndexOf('[') + 1)..^1])]! : n[p]!)
            : throw new InvalidOperationException();

        var sub = "/subscriptions/3d6f1c2a-9e84-4b7d-a5c3-8f0e1d2c3b4a";
        Assert.Multiple(() =>
        {
            Assert.That(Id("hub-uan-rg"), Is.EqualTo($"{sub}/resourceGroups/rg-oicgs-prod-hub-uan"));
            Assert.That(Id("hub-uan-vnet"), Is.EqualTo($"{sub}/resourceGroups/rg-oicgs-prod-hub-uan/providers/Microsoft.Network/virtualNetworks/vnet-oicgs-prod-hub-uan"));
            Assert.That(Id("hub-uan-snet-firewall"), Is.EqualTo(Id("hub-uan-vnet") + "/subnets/AzureFirewallSubnet"));
            Assert.That(Id("hub-uan-peer-hub-to-shared"), Is.EqualTo(Id("hub-uan-vnet") + "/virtualNetworkPeerings/peer-to-shared"));
            Assert.That(Id("monitoring-uan-defender-arm"), Is.EqualTo($"{sub}/providers/Microsoft.Security/pricings/Arm"));
            Assert.That(Id("monitoring-uan-activity-log"), Does.StartWith($"{sub}/providers/Microsoft.Insights/diagnosticSettings/"));
            Assert.That(Id("monitoring-uan-diag-kv"), Is.EqualTo(Id("identity-uan-kv") + "/providers/Microsoft.Insights/diagnosticSettings/to-log-analytics"));
            Assert.That(Id("identity-uan-kv"), Does.Contain("/providers/Microsoft.KeyVault/vaults/"));

            // The firewall takes the first address Azure hands out in AzureFirewallSubnet (10.40.0.64/26).
            Assert.That(Out("hub-uan-afw", "ipConfigurations[0].privateIPAddress").GetValue<string>(), Is.EqualTo("10.40.0.68"));
            Assert.That(Out("hub-uan-dnspr-in", "ipConfigurations[0].privateIpAddress").GetValue<string>(), Does.Match(@"^10\.40\.\d+\.4$"));
            Assert.That(Out("hub-uan-pip-vgw-1", "ipAddress").GetValue<string>(), Does.Match(@"^20\.\d+\.\d+\.\d+$"));
            Assert.That(Out("documents-uan-st-conf", "primaryEndpoints.blob").GetValue<string>(), Does.Match(@"^https://[a-z0-9]+\.blob\.core\.windows\.net/$"));
            Assert.That(Out("documents-uan-st-conf", "secondaryLocation").GetValue<string>(), Is.EqualTo("uaecentral"));
            Assert.That(Out("identity-uan-kv", "properties.vaultUri").GetValue<string>(), Does.Match(@"^https://kv-[a-z0-9-]+\.vault\.azure\.net/$"));
            Assert.That(Guid.TryParse(Out("monitoring-uan-log", "customerId").GetValue<string>(), out _));
            Assert.That(Out("hub-uan-vnet", "provisioningState").GetValue<string>(), Is.EqualTo("Succeeded"));
            Assert.That(Out("hub-uan-vnet", "etag").GetValue<string>(), Does.StartWith("W/\""));
            Assert.That(Out("hub-uan-vnet", "name").GetValue<string>(), Is.EqualTo("vnet-oicgs-prod-hub-uan"));
        });

        // References resolve to the referenced resource's recorded outputs.
        var routes = Export.Resource(json, "hub-uan-rt-spokes")["inputs"]!["routes"]![0]!;
        Assert.That(routes["nextHopIpAddress"]!.GetValue<string>(), Is.EqualTo("10.40.0.68"));
        var root = Export.Resources(json)[0]!["outputs"]!;
        Assert.That(root["hubVnetId"]!.GetValue<string>(), Is.EqualTo(Id("hub-uan-vnet")));
        Assert.That(root["firewallPrivateIp"]!.GetValue<string>(), Is.EqualTo("10.40.0.68"));
    }

    [Test]
    public async Task Pre_shared_keys_are_recorded_as_pulumi_secrets_never_as_text()
    {
        using var dir = new StateDir();
        await dir.Engine().UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        var json = File.ReadAllText(dir.Checkpoint("prod"));
        var connection = Export.Resource(json, "connectivity-uan-cn-nyc");
        foreach (var side in new[] { "inputs", "outputs" })
        {
            var key = connection[side]!["sharedKey"]!.AsObject();
            Assert.That(key[SecretSig]!.GetValue<string>(), Is.EqualTo("1b47061264138c4ac30d75fd1eb44270"), side);
            Assert.That(key.Select(p => p.Key), Is.EquivalentTo(new[] { SecretSig, "ciphertext" }), side);
        }
        var other = Export.Resource(json, "connectivity-uan-cn-gva")["inputs"]!["sharedKey"]!["ciphertext"]!.GetValue<string>();
        Assert.That(connection["inputs"]!["sharedKey"]!["ciphertext"]!.GetValue<string>(), Is.Not.EqualTo(other), "each site's key is its own secret");
        Assert.That(json, Does.Not.Contain("vpnSharedKey-nyc"), "not even the config key's name is in the clear");
    }

    [TestCase("prod", null)]
    [TestCase("dev", "policies/config/dev.json")]
    public async Task The_recorded_state_passes_the_policy_packs(string stack, string? config)
    {
        using var dir = new StateDir();
        await dir.Engine().UpAsync(RealStacks.Graph(stack), RealStacks.Options(stack));
        var resources = StateDocuments.FromStackExport(dir.Checkpoint(stack), $"{stack}.json");
        var policyConfig = config is null ? null : PolicyConfig.Load(Path.Combine(RealStacks.Root, config), config, Catalogue.ConfigKeys);
        var report = Evaluator.Run(resources, Catalogue.All, policyConfig);
        Assert.That(report.Violations.Where(v => v.Enforcement == Enforcement.Mandatory).Select(v => $"{v.Rule.Id} {v.Resource.Urn}: {v.Message}"), Is.Empty);
        Assert.That(report.Errors.Select(e => $"{e.Rule.Id} {e.Resource.Urn}: {e.Message}"), Is.Empty);
        Assert.That(report.Mandatory, Is.Zero);
    }

    [Test]
    public async Task A_second_up_finds_everything_the_same_and_rewrites_the_same_checkpoint()
    {
        using var dir = new StateDir();
        var engine = dir.Engine();
        await engine.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        var first = File.ReadAllText(dir.Checkpoint("prod"));
        var again = await engine.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        Assert.That(again.Summary.HasChanges, Is.False);
        Assert.That(again.Summary[StepOp.Same], Is.EqualTo(RealStacks.Graph("prod").Resources.Count + 1));
        Assert.That(again.ElapsedMinutes, Is.Zero);
        Assert.That(Export.WithoutTime(File.ReadAllText(dir.Checkpoint("prod"))), Is.EqualTo(Export.WithoutTime(first)));
        Assert.That(File.Exists(dir.Journal("prod")), Is.False, "a finished apply leaves no journal");
        Assert.That(File.Exists(dir.Lock("prod")), Is.False, "nor its lock");
    }

    [Test]
    public async Task Changing_a_tag_is_one_update_listing_the_tag_path()
    {
        using var dir = new StateDir();
        var engine = dir.Engine();
        await engine.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        var changed = ProgramEdit.With(RealStacks.Graph("prod"), "hub-uan-vnet", inputs =>
        {
            var tags = (PropertyValue.Map)inputs["tags"]!;
            return ProgramEdit.Set(inputs, "tags", ProgramEdit.Set(tags, "owner", new PropertyValue.Str("network-team@oic-oci.org")));
        });

        var preview = await engine.PreviewAsync(changed, RealStacks.Options("prod"));
        var update = preview.Steps.Single(s => s.Op != StepOp.Same);
        Assert.That(preview.Summary[StepOp.Update], Is.EqualTo(1));
        Assert.That(update.Op, Is.EqualTo(StepOp.Update));
        Assert.That(update.Urn, Does.EndWith("::hub-uan-vnet"));
        Assert.That(update.Diffs, Is.EqualTo(new[] { "tags.owner" }));

        var result = await engine.UpAsync(changed, RealStacks.Options("prod"));
        Assert.That(result.Summary[StepOp.Update], Is.EqualTo(1));
        Assert.That(result.ElapsedMinutes, Is.EqualTo(Durations.Of("azure-native:network:VirtualNetwork").Update).Within(1e-9));
        var vnet = Export.Resource(File.ReadAllText(dir.Checkpoint("prod")), "hub-uan-vnet");
        Assert.That(vnet["outputs"]!["tags"]!["owner"]!.GetValue<string>(), Is.EqualTo("network-team@oic-oci.org"));
        Assert.That((await engine.PreviewAsync(changed, RealStacks.Options("prod"))).Summary.HasChanges, Is.False);
    }

    [Test]
    public async Task Changing_a_property_azure_cannot_change_in_place_replaces_the_resource_deleting_first()
    {
        using var dir = new StateDir();
        var engine = dir.Engine();
        await engine.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        var before = Export.Resource(File.ReadAllText(dir.Checkpoint("prod")), "hub-uan-pip-bas");
        var changed = ProgramEdit.With(RealStacks.Graph("prod"), "hub-uan-pip-bas", inputs =>
        {
            var sku = (PropertyValue.Map)inputs["sku"]!;
            return ProgramEdit.Set(inputs, "sku", ProgramEdit.Set(sku, "tier", new PropertyValue.Str("Global")));
        });

        var preview = await engine.PreviewAsync(changed, RealStacks.Options("prod"));
        var replace = preview.Steps.Single(s => s.Op != StepOp.Same);
        Assert.That(replace.Op, Is.EqualTo(StepOp.Replace));
        Assert.That(replace.Diffs, Is.EqualTo(new[] { "sku.tier" }));
        Assert.That(replace.ReplaceReasons, Is.EqualTo(new[] { "sku" }));

        var events = new List<EngineEvent>();
        var result = await engine.UpAsync(changed, RealStacks.Options("prod", onEvent: events.Add));
        Assert.That(result.Summary[StepOp.Replace], Is.EqualTo(1));
        Assert.That(result.Summary.Counts.Where(c => c.Key != StepOp.Same).Sum(c => c.Value), Is.EqualTo(1));
        var pip = Durations.Of("azure-native:network:PublicIPAddress");
        Assert.That(result.ElapsedMinutes, Is.EqualTo(pip.Delete + pip.Create).Within(1e-9), "the name is fixed: delete, then create");
        var after = Export.Resource(File.ReadAllText(dir.Checkpoint("prod")), "hub-uan-pip-bas");
        Assert.That(after["id"]!.GetValue<string>(), Is.EqualTo(before["id"]!.GetValue<string>()));
        Assert.That(after["inputs"]!["sku"]!["tier"]!.GetValue<string>(), Is.EqualTo("Global"));
        Assert.That(events.OfType<EngineEvent.StepDone>().Where(e => e.Step.Op == StepOp.Replace).Select(e => e.Step.Urn), Is.EqualTo(new[] { replace.Urn }));
    }

    [Test]
    public async Task Renaming_a_resource_creates_the_new_one_before_deleting_the_old()
    {
        using var dir = new StateDir();
        var engine = dir.Engine();
        await engine.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        var oldId = Export.Resource(File.ReadAllText(dir.Checkpoint("prod")), "monitoring-uan-alert-pip-write")["id"]!.GetValue<string>();
        var renamed = ProgramEdit.With(RealStacks.Graph("prod"), "monitoring-uan-alert-pip-write",
            inputs => ProgramEdit.Set(inputs, "activityLogAlertName", new PropertyValue.Str("alert-oicgs-prod-public-ip-write-uan")));

        var preview = await engine.PreviewAsync(renamed, RealStacks.Options("prod"));
        Assert.That(preview.Steps.Single(s => s.Op != StepOp.Same).ReplaceReasons, Is.EqualTo(new[] { "activityLogAlertName" }));

        var events = new List<EngineEvent>();
        var result = await engine.UpAsync(renamed, RealStacks.Options("prod", onEvent: events.Add));
        Assert.That(result.Summary[StepOp.Replace], Is.EqualTo(1));
        var alert = Durations.Of("azure-native:monitor:ActivityLogAlert");
        Assert.That(result.ElapsedMinutes, Is.EqualTo(alert.Create + alert.Delete).Within(1e-9));
        var state = File.ReadAllText(dir.Checkpoint("prod"));
        Assert.That(Export.Resource(state, "monitoring-uan-alert-pip-write")["id"]!.GetValue<string>(), Does.EndWith("/alert-oicgs-prod-public-ip-write-uan"));
        Assert.That(state, Does.Not.Contain(oldId + "\""));
        Assert.That(File.ReadAllText(dir.Live("prod")), Does.Not.Contain(oldId + "\""));
    }

    [Test]
    public async Task Ignored_properties_keep_their_recorded_value()
    {
        using var dir = new StateDir();
        var engine = dir.Engine();
        await engine.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        // The hub VNet ignores `subnets` (they are resources of their own); a program that lists them changes nothing.
        var withSubnets = ProgramEdit.With(RealStacks.Graph("prod"), "hub-uan-vnet", inputs => ProgramEdit.Set(inputs, "subnets",
            new PropertyValue.List([PropertyValue.Map.Of([KeyValuePair.Create("name", (PropertyValue)new PropertyValue.Str("GatewaySubnet"))])])));
        Assert.That((await engine.PreviewAsync(withSubnets, RealStacks.Options("prod"))).Summary.HasChanges, Is.False);
    }

    [Test]
    public async Task Replacing_a_protected_resource_is_refused_before_anything_changes()
    {
        using var dir = new StateDir();
        var engine = dir.Engine();
        await engine.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        var changed = ProgramEdit.With(RealStacks.Graph("prod"), "documents-uan-st-conf",
            inputs => ProgramEdit.Set(inputs, "kind", new PropertyValue.Str("BlockBlobStorage")));
        var snapshot = dir.Snapshot();
        var error = Assert.ThrowsAsync<EngineInputException>(() => engine.UpAsync(changed, RealStacks.Options("prod")));
        Assert.That(error!.Message, Does.Contain("documents-uan-st-conf").And.Contain("kind").And.Contain("protect"));
        Assert.That(dir.Snapshot(), Is.EqualTo(snapshot));
    }

    [Test]
    public async Task Preview_writes_nothing_whether_or_not_the_stack_has_state()
    {
        using var dir = new StateDir();
        var engine = dir.Engine();
        var fresh = await engine.PreviewAsync(RealStacks.Graph("dev"), RealStacks.Options("dev"));
        Assert.That(fresh.Summary[StepOp.Create], Is.EqualTo(RealStacks.Graph("dev").Resources.Count + 1));
        Assert.That(Directory.EnumerateFileSystemEntries(dir.Path), Is.Empty);

        await engine.UpAsync(RealStacks.Graph("dev"), RealStacks.Options("dev"));
        var snapshot = dir.Snapshot();
        var changed = ProgramEdit.Without(RealStacks.Graph("dev"), "monitoring-uan-alert-nsg-write");
        var preview = await engine.PreviewAsync(changed, RealStacks.Options("dev"));
        Assert.That(preview.Summary[StepOp.Delete], Is.EqualTo(1));
        Assert.That(dir.Snapshot(), Is.EqualTo(snapshot));
    }

    [Test]
    public async Task A_resource_removed_from_the_program_is_deleted_from_state_and_from_live()
    {
        using var dir = new StateDir();
        var engine = dir.Engine();
        await engine.UpAsync(RealStacks.Graph("dev"), RealStacks.Options("dev"));
        var changed = ProgramEdit.Without(RealStacks.Graph("dev"), "monitoring-uan-alert-nsg-write");
        var result = await engine.UpAsync(changed, RealStacks.Options("dev"));
        Assert.That(result.Summary[StepOp.Delete], Is.EqualTo(1));
        Assert.That(Export.Names(File.ReadAllText(dir.Checkpoint("dev"))), Does.Not.Contain("monitoring-uan-alert-nsg-write"));
        Assert.That(Export.Names(File.ReadAllText(dir.Live("dev"))), Does.Not.Contain("monitoring-uan-alert-nsg-write"));
        Assert.That((await engine.PreviewAsync(changed, RealStacks.Options("dev"))).Summary.HasChanges, Is.False);
    }

    [Test]
    public async Task Destroy_deletes_everything_dependents_first_and_refuses_protected_resources()
    {
        using var dir = new StateDir();
        var engine = dir.Engine();
        await engine.UpAsync(RealStacks.Graph("dev"), RealStacks.Options("dev"));
        await engine.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));

        var refused = Assert.ThrowsAsync<EngineInputException>(() => engine.DestroyAsync(RealStacks.Options("prod")));
        Assert.That(refused!.Message, Does.Contain("protected").And.Contain("protectStateful"));

        var order = new List<string>();
        var result = await engine.DestroyAsync(RealStacks.Options("dev", onEvent: e =>
        {
            if (e is EngineEvent.StepDone done) order.Add(done.Step.Urn);
        }));
        Assert.That(result.Summary[StepOp.Delete], Is.EqualTo(RealStacks.Graph("dev").Resources.Count + 1));
        Assert.That(Export.Resources(File.ReadAllText(dir.Checkpoint("dev"))), Is.Empty);
        Assert.That(Export.Resources(File.ReadAllText(dir.Live("dev"))), Is.Empty);
        var program = RealStacks.Graph("dev");
        foreach (var resource in program.Resources)
            foreach (var dependency in ResourceGraph.DependenciesOf(resource))
                Assert.That(order.IndexOf(program.UrnOf(resource)), Is.LessThan(order.IndexOf(program.UrnOf(dependency))),
                    $"{resource.LogicalName} is deleted before {dependency.LogicalName}");
    }
}
