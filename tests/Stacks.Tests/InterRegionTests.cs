using System.Net;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Authorization;
using Oic.Infra.Resources.AzureNative.DataProtection;
using Oic.Infra.Resources.AzureNative.Network;
using Oic.Infra.Resources.AzureNative.Storage;
using Oic.Infra.Stacks.Tests.Support;

namespace Oic.Infra.Stacks.Tests;

/// <summary>
/// What links the two regions (ADR 0013): one DDoS plan, the hub-to-hub peering owned by the primary
/// stack, routes and firewall rules between the regions' workloads; and the Backup vault that
/// protects every document store of each region.
/// </summary>
public sealed class InterRegionTests
{
    private const string Subscription = "3d6f1c2a-9e84-4b7d-a5c3-8f0e1d2c3b4a";

    private static string ArmId(ResourceGraph graph, Resource resource, string provider, string nameKey)
    {
        var group = resource.Inputs.RefTarget("resourceGroupName") ?? throw new AssertionException($"{resource} names no resource group of its stack");
        return $"/subscriptions/{Subscription}/resourceGroups/{group.Inputs.Str("resourceGroupName")}/providers/{provider}/{resource.Inputs.Str(nameKey)}";
    }

    [Test]
    public void One_DDoS_plan_in_the_DR_region_protects_the_VNets_of_both_regions()
    {
        var prod = ReferenceStacks.Graph("prod");
        var dr = ReferenceStacks.Graph("prod-dr");
        var plan = dr.Resources.OfType<DdosProtectionPlan>().Single();
        var planId = ArmId(dr, plan, "Microsoft.Network/ddosProtectionPlans", "ddosProtectionPlanName");

        Assert.Multiple(() =>
        {
            Assert.That(prod.Resources.OfType<DdosProtectionPlan>(), Is.Empty, "prod declares no second plan");
            Assert.That(plan.Inputs.Str("location"), Is.EqualTo("uaecentral"), "the plan survives the loss of the primary region");
            foreach (var vnet in dr.Resources.OfType<VirtualNetwork>())
                Assert.That(vnet.Inputs.RefTarget("ddosProtectionPlan.id"), Is.SameAs(plan), $"{vnet}");
            foreach (var vnet in prod.Resources.OfType<VirtualNetwork>())
            {
                Assert.That(vnet.Inputs.Str("ddosProtectionPlan.id"), Is.EqualTo(planId), $"{vnet} names the DR stack's plan");
                Assert.That(vnet.Inputs.At("enableDdosProtection"), Is.EqualTo(new PropertyValue.Bool(true)), $"{vnet}");
            }
        });
    }

    [Test]
    public void A_primary_whose_DR_hub_is_rebuilt_on_demand_keeps_its_own_plan_and_no_peering()
    {
        var estate = ReferenceStacks.Estate("prod");
        Assert.That(estate.ContinuityTiers.Single(t => t.Services.Contains(ContinuityService.Connectivity)).StrategyOf(ContinuityService.Connectivity),
            Is.EqualTo(DrStrategy.PilotLight), "the reference estate keeps the DR hub standing");
        var dev = ReferenceStacks.Graph("dev");
        Assert.Multiple(() =>
        {
            Assert.That(dev.Resources.OfType<VirtualNetworkPeering>().Where(p => p.LogicalName.Contains("dr-hub", StringComparison.Ordinal)), Is.Empty,
                "dev has no DR hub standing: nothing to peer with");
            Assert.That(dev.Resources.OfType<RouteTable>().Select(r => r.LogicalName), Has.None.EndsWith("-rt-firewall"));
        });
    }

    [Test]
    public void The_primary_declares_both_halves_of_the_hub_peering_and_the_DR_stack_refers_to_nothing_in_the_primary_region()
    {
        var prod = ReferenceStacks.Graph("prod");
        var dr = ReferenceStacks.Graph("prod-dr");
        var prodHub = prod.Resources.OfType<VirtualNetwork>().Single(v => v.LogicalName == "hub-uan-vnet");
        var drHub = dr.Resources.OfType<VirtualNetwork>().Single(v => v.LogicalName == "hub-uac-vnet");
        var drHubGroup = drHub.Inputs.RefTarget("resourceGroupName")!.Inputs.Str("resourceGroupName");
        var drHubId = ArmId(dr, drHub, "Microsoft.Network/virtualNetworks", "virtualNetworkName");
        var toDr = prod.Resources.OfType<VirtualNetworkPeering>().Single(p => p.LogicalName == "hub-uan-peer-hub-to-dr-hub");
        var fromDr = prod.Resources.OfType<VirtualNetworkPeering>().Single(p => p.LogicalName == "hub-uan-peer-dr-hub-to-hub");

        Assert.Multiple(() =>
        {
            Assert.That(toDr.Inputs.RefTarget("virtualNetworkName"), Is.SameAs(prodHub));
            Assert.That(toDr.Inputs.Str("remoteVirtualNetwork.id"), Is.EqualTo(drHubId));
            Assert.That(fromDr.Inputs.Str("virtualNetworkName"), Is.EqualTo(drHub.Inputs.Str("virtualNetworkName")));
            Assert.That(fromDr.Inputs.Str("resourceGroupName"), Is.EqualTo(drHubGroup));
            Assert.That(fromDr.Inputs.RefTarget("remoteVirtualNetwork.id"), Is.SameAs(prodHub));
            foreach (var half in new[] { toDr, fromDr })
            {
                Assert.That(half.Inputs.At("allowForwardedTraffic"), Is.EqualTo(new PropertyValue.Bool(true)), $"{half}: spoke traffic crosses it");
                Assert.That(half.Inputs.At("allowGatewayTransit"), Is.EqualTo(new PropertyValue.Bool(false)), $"{half}: each region has its own gateway");
                Assert.That(half.Inputs.At("useRemoteGateways"), Is.EqualTo(new PropertyValue.Bool(false)), $"{half}");
            }
            foreach (var r in dr.Resources)
                Assert.That(Values.Canonical(r.Inputs), Does.Not.Contain("rg-oicgs-prod-hub-uan").And.Not.Contain("vnet-oicgs-prod-hub-uan"),
                    $"{r}: the DR stack must deploy with the primary region gone");
        });
    }

    [TestCase("prod", "prod-dr")]
    [TestCase("prod-dr", "prod")]
    public void Each_firewall_routes_the_other_regions_workloads_to_the_other_firewall(string stack, string other)
    {
        var graph = ReferenceStacks.Graph(stack);
        var otherGraph = ReferenceStacks.Graph(other);
        var firewallSubnet = graph.Resources.OfType<Subnet>().Single(s => s.Inputs.Str("subnetName") == "AzureFirewallSubnet");
        var routes = firewallSubnet.Inputs.RefTarget("routeTable.id") as RouteTable ?? throw new AssertionException("AzureFirewallSubnet has no route table");
        var otherFirewallSubnet = otherGraph.Resources.OfType<Subnet>().Single(s => s.Inputs.Str("subnetName") == "AzureFirewallSubnet");
        var otherFirewallIp = FourthAddress(otherFirewallSubnet.Inputs.Str("addressPrefix")!);
        var otherSpokes = otherGraph.Resources.OfType<VirtualNetwork>()
            .Where(v => v.Inputs.Str("tags.network-role") == "spoke")
            .Select(v => v.Inputs.Strings("addressSpace.addressPrefixes").Single()).Order().ToList();
        var list = ((PropertyValue.List)routes.Inputs.At("routes")!).Items.Cast<PropertyValue.Map>().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(list.Where(r => r.Str("addressPrefix") == "0.0.0.0/0").Select(r => r.Str("nextHopType")), Is.EqualTo(new[] { "Internet" }),
                "Azure Firewall keeps its own way to the internet when its subnet has a route table");
            var toOther = list.Where(r => r.Str("nextHopType") == "VirtualAppliance").ToList();
            Assert.That(toOther.Select(r => r.Str("addressPrefix")).Order(), Is.EqualTo(otherSpokes));
            Assert.That(toOther.Select(r => r.Str("nextHopIpAddress")).Distinct(), Is.EqualTo(new[] { otherFirewallIp }),
                "the address the sandbox and Azure give the other firewall: the fourth after its subnet's network address");
            Assert.That(routes.Inputs.At("disableBgpRoutePropagation"), Is.EqualTo(new PropertyValue.Bool(false)), "office routes still arrive by BGP");
        });
    }

    [TestCase("prod", "prod-dr")]
    [TestCase("prod-dr", "prod")]
    public void Each_firewall_allows_the_workloads_of_both_regions_to_reach_each_other_and_nothing_more(string stack, string other)
    {
        static List<string> Spokes(ResourceGraph g) => g.Resources.OfType<VirtualNetwork>()
            .Where(v => v.Inputs.Str("tags.network-role") == "spoke")
            .Select(v => v.Inputs.Strings("addressSpace.addressPrefixes").Single()).Order().ToList();
        var group = ReferenceStacks.Graph(stack).Resources.OfType<FirewallPolicyRuleCollectionGroup>().Single();
        var collection = ((PropertyValue.List)group.Inputs.At("ruleCollections")!).Items.Cast<PropertyValue.Map>().Single(c => c.Str("name") == "between-regions");
        var rules = ((PropertyValue.List)collection.At("rules")!).Items.Cast<PropertyValue.Map>().ToDictionary(r => r.Str("name")!);
        var (mine, theirs) = (Spokes(ReferenceStacks.Graph(stack)), Spokes(ReferenceStacks.Graph(other)));

        Assert.Multiple(() =>
        {
            Assert.That(collection.Str("action.type"), Is.EqualTo("Allow"));
            Assert.That(rules.Keys, Is.EquivalentTo(new[] { "workloads-to-other-region", "other-region-to-workloads" }));
            Assert.That(rules["workloads-to-other-region"].Strings("sourceAddresses").Order(), Is.EqualTo(mine));
            Assert.That(rules["workloads-to-other-region"].Strings("destinationAddresses").Order(), Is.EqualTo(theirs));
            Assert.That(rules["other-region-to-workloads"].Strings("sourceAddresses").Order(), Is.EqualTo(theirs));
            Assert.That(rules["other-region-to-workloads"].Strings("destinationAddresses").Order(), Is.EqualTo(mine));
            // HTTPS only: SMB between the regions' workloads is lateral movement (nsg-no-lateral-movement, ADR 0019).
            foreach (var rule in rules.Values)
                Assert.That(rule.Strings("destinationPorts"), Is.EqualTo(new[] { "443" }));
        });
    }

    [TestCase("prod")]
    [TestCase("prod-dr")]
    public void Every_offices_and_partners_link_stands_in_both_regions(string stack)
    {
        var estate = ReferenceStacks.Estate(stack);
        var connections = ReferenceStacks.Graph(stack).Resources.OfType<VirtualNetworkGatewayConnection>().ToList();
        Assert.That(connections.Select(c => c.Inputs.Str("tags.site")).Order(), Is.EqualTo(estate.Sites.Select(s => s.Key).Order()),
            "headquarters, every office and every partner organ, before a disaster");
    }

    [TestCase("prod")]
    [TestCase("prod-dr")]
    [TestCase("dev")]
    public void The_backup_vault_protects_every_document_store_of_its_region_under_a_policy_of_its_own(string stack)
    {
        var graph = ReferenceStacks.Graph(stack);
        var estate = ReferenceStacks.Estate(stack);
        var vault = graph.Resources.OfType<BackupVault>().Single();
        var principal = new PropertyValue.Ref(Reference.ToOutput(vault, "identity.principalId"));
        var accounts = graph.Resources.OfType<StorageAccount>().Where(a => a.LogicalName.StartsWith("documents-", StringComparison.Ordinal)).ToList();
        var instances = graph.Resources.OfType<BackupInstance>().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(vault.Inputs.Str("identity.type"), Is.EqualTo("SystemAssigned"));
            Assert.That(vault.Inputs.Str("properties.securitySettings.softDeleteSettings.state"), Is.EqualTo("AlwaysOn"));
            Assert.That(instances, Has.Count.EqualTo(accounts.Count).And.Count.EqualTo(estate.DocumentStores.Count));
            foreach (var account in accounts)
            {
                var instance = instances.SingleOrDefault(i => i.Inputs.RefTarget("properties.dataSourceInfo.resourceID") == account);
                Assert.That(instance, Is.Not.Null, $"{account} is protected");
                if (instance is null) continue;
                Assert.That(instance.Inputs.RefTarget("vaultName"), Is.SameAs(vault));
                var policy = instance.Inputs.RefTarget("properties.policyInfo.policyId") as BackupPolicy;
                Assert.That(policy?.Inputs.RefTarget("vaultName"), Is.SameAs(vault), $"{instance}: its policy is the vault's");
                var store = estate.DocumentStores.Single(s => account.LogicalName == $"documents-{ReferenceStacks.Estate(stack).DeployedRegion.Code}-st-{s.Classification.ShortCode()}");
                Assert.That(Values.Canonical(policy?.Inputs.At("properties.policyRules")), Does.Contain($"P{Math.Max(30, store.SoftDeleteDays)}D"),
                    $"{policy}: kept as long as the store keeps deleted blobs, never under 30 days");
                Assert.That(Values.Canonical(policy?.Inputs.At("properties.policyRules")), Does.Contain("VaultStore").And.Contain("/P1D"), "daily vaulted backup");
                var access = graph.Resources.OfType<RoleAssignment>().SingleOrDefault(a =>
                    a.Inputs.RefTarget("scope") == account && Values.Canonical(a.Inputs.At("principalId")) == Values.Canonical(principal));
                Assert.That(access?.Inputs.Str("roleDefinitionId"), Does.EndWith("/e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1"),
                    $"{account}: the vault's identity is Storage Account Backup Contributor on it");
                Assert.That(instance.Options.DependsOn, Does.Contain(access), "Azure Backup checks the permission when protection is configured");
            }
        });
    }

    private static string FourthAddress(string cidr)
    {
        var bytes = IPAddress.Parse(cidr[..cidr.IndexOf('/', StringComparison.Ordinal)]).GetAddressBytes();
        bytes[3] += 4;
        return new IPAddress(bytes).ToString();
    }
}
