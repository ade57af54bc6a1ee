using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Tests.Sandbox;

/// <summary>The sandbox's tables and formats: ARM ids, durations, property paths.</summary>
[TestFixture]
public sealed class SandboxModelTests
{
    private static IEnumerable<string> GeneratedTypes() =>
        File.ReadAllLines(Path.Combine(RealStacks.Root, "tools", "azure-native", "resources.txt"))
            .Select(l => l.Split('#')[0].Trim())
            .Where(l => l.StartsWith("azure-native:", StringComparison.Ordinal));

    [Test]
    public void Every_type_the_stacks_can_use_has_an_arm_id_shape_and_a_duration()
    {
        var types = GeneratedTypes().ToList();
        Assert.That(types, Has.Count.GreaterThan(40));
        Assert.That(types.Where(t => !ArmResourceType.IsKnown(t)), Is.Empty);
        Assert.That(types.Where(t => !Durations.All.ContainsKey(t)), Is.Empty);
    }

    [TestCase("azure-native:network:Subnet", "Microsoft.Network/virtualNetworks/subnets",
        "/subscriptions/S/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet")]
    [TestCase("azure-native:storage:BlobContainer", "Microsoft.Storage/storageAccounts/blobServices/containers",
        "/subscriptions/S/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/docs")]
    [TestCase("azure-native:security:Pricing", "Microsoft.Security/pricings", "/subscriptions/S/providers/Microsoft.Security/pricings/Arm")]
    [TestCase("azure-native:resources:ResourceGroup", "Microsoft.Resources/resourceGroups", "/subscriptions/S/resourceGroups/rg")]
    public void Arm_ids_follow_the_put_path_of_the_type(string type, string armType, string id)
    {
        var inputs = new JsonObject
        {
            ["resourceGroupName"] = "rg", ["virtualNetworkName"] = "vnet", ["subnetName"] = "snet", ["accountName"] = "st",
            ["containerName"] = "docs", ["pricingName"] = "Arm", ["scopeId"] = "/subscriptions/S",
        };
        var arm = ArmResourceType.For(type);
        Assert.That(arm.ArmType, Is.EqualTo(armType));
        Assert.That(arm.IdOf(inputs, "S", "auto", type), Is.EqualTo(id));
    }

    [Test]
    public void A_missing_name_input_is_an_input_error_naming_the_template()
    {
        Assert.That(() => ArmResourceType.For("azure-native:network:Subnet").IdOf(new JsonObject { ["resourceGroupName"] = "rg" }, "S", "auto", "x"),
            Throws.TypeOf<EngineInputException>().With.Message.Contains("'virtualNetworkName'"));
    }

    [Test]
    public void The_durations_are_those_azure_documents()
    {
        Assert.That(Durations.Of("azure-native:network:VirtualNetworkGateway").Create, Is.EqualTo(45));
        Assert.That(Durations.Of("azure-native:network:BastionHost").Create, Is.EqualTo(10));
        Assert.That(Durations.Of("azure-native:network:AzureFirewall").Create, Is.EqualTo(6));
        Assert.That(Durations.Of("azure-native:network:DdosProtectionPlan").Create, Is.EqualTo(2));
        Assert.That(Durations.Of("azure-native:dataprotection:BackupVault").Create, Is.EqualTo(1));
        Assert.That(Durations.All.Values, Is.All.Matches<OperationDuration>(d => d.Delete <= d.Create && d.Update <= d.Create));
        Assert.That(Durations.All.Where(d => d.Value.Create < 1).Select(d => d.Value.Create), Is.All.InRange(0.2, 1.0));
        Assert.That(Durations.Of("pulumi:providers:azure-native").Create, Is.Zero);
    }

    [TestCase("encryption.requireInfrastructureEncryption")]
    [TestCase("securityRules[2].priority")]
    [TestCase("tags[\"cost.center\"]")]
    [TestCase("ipConfigurations[*].subnet")]
    public void Property_paths_read_back_as_written(string path) =>
        Assert.That(PropertyPath.Format(PropertyPath.Parse(path)), Is.EqualTo(path));

    [Test]
    public void Differences_are_listed_by_leaf_path()
    {
        var before = JsonNode.Parse("""{"a":{"b":1,"c":[1,2]},"tags":{"cost-center":"x"},"gone":true}""");
        var after = JsonNode.Parse("""{"a":{"b":2,"c":[1,2,3]},"tags":{"cost-center":"y"},"new":1}""");
        Assert.That(PropertyPath.Diff(before, after), Is.EqualTo(new[] { "a.b", "a.c[2]", "gone", "new", "tags.cost-center" }));
    }

    [Test]
    public void Replace_on_change_covers_names_location_and_the_table()
    {
        var before = new JsonObject { ["location"] = "uaenorth", ["kind"] = "StorageV2", ["accountName"] = "st1", ["tags"] = new JsonObject() };
        JsonObject With(string key, JsonNode value)
        {
            var copy = (JsonObject)before.DeepClone();
            copy[key] = value;
            return copy;
        }
        const string type = "azure-native:storage:StorageAccount";
        Assert.That(ReplaceOnChange.Reasons(type, before, With("kind", "BlobStorage"), []), Is.EqualTo(new[] { "kind" }));
        Assert.That(ReplaceOnChange.Reasons(type, before, With("location", "uaecentral"), []), Is.EqualTo(new[] { "location" }));
        Assert.That(ReplaceOnChange.Reasons(type, before, With("accountName", "st2"), []), Is.EqualTo(new[] { "accountName" }));
        Assert.That(ReplaceOnChange.Reasons(type, before, With("tags", new JsonObject { ["a"] = "b" }), []), Is.Empty);
        Assert.That(ReplaceOnChange.Reasons(type, before, With("tags", new JsonObject { ["a"] = "b" }), ["tags"]), Is.EqualTo(new[] { "tags" }));
    }
}
