using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Rules.Network;
using Oic.Infra.Policies.Rules.Storage;
using Oic.Infra.Policies.Rules.KeyVault;
using Oic.Infra.Policies.Rules.Network.Nsg;
using Oic.Infra.Policies.Rules.Network.Vnet;
using Oic.Infra.Policies.Rules.Network.Watcher;
using Oic.Infra.Policies.Rules.Network.PublicIp;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Network;
using AzureResourceGroup = Oic.Infra.Resources.AzureNative.Resources.ResourceGroup;
using AzureResourceGroupArgs = Oic.Infra.Resources.AzureNative.Resources.ResourceGroupArgs;
using NetIn = Oic.Infra.Resources.AzureNative.Network.Inputs;

namespace Oic.Infra.Policies.Tests;

/// <summary>
/// The network rules' building blocks (port ranges, internet sources, prefix overlap) and the
/// network rules on a compiled graph, where children name their parents through
/// <c>${vnet.name}</c> / <c>${rg.name}</c> references and ids are <c>${res.id}</c> references
/// (the fixtures cover deployed state, where they are ARM ids and plain names).
/// </summary>
[TestFixture]
public sealed class NetworkRuleTests
{
    [TestCase("*", 22, true)]
    [TestCase("Any", 3389, true)]
    [TestCase("22", 22, true)]
    [TestCase(" 22 ", 22, true)]
    [TestCase("20-30", 22, true)]
    [TestCase("3000-4000", 3389, true)]
    [TestCase("3389-3389", 3389, true)]
    [TestCase("3390-4000", 3389, false)]
    [TestCase("1-21", 22, false)]
    [TestCase("222", 22, false)]
    [TestCase("30-20", 25, false)]
    [TestCase("ssh", 22, false)]
    [TestCase("", 22, false)]
    public void A_destination_port_range_covers_the_ports_between_its_bounds(string range, int port, bool covered) =>
        Assert.That(NsgExposure.Covers(range, port), Is.EqualTo(covered));

    [TestCase("*", true)]
    [TestCase("0.0.0.0", true)]
    [TestCase("0.0.0.0/0", true)]
    [TestCase("/0", true)]
    [TestCase("::/0", true)]
    [TestCase("Internet", true)]
    [TestCase("INTERNET", true)]
    [TestCase("any", true)]
    [TestCase("VirtualNetwork", false)]
    [TestCase("AzureLoadBalancer", false)]
    [TestCase("GatewayManager", false)]
    [TestCase("10.0.0.0/8", false)]
    [TestCase("203.0.113.0/24", false)]
    public void Internet_sources_are_checkovs_list_and_any_slash_zero(string prefix, bool internet) =>
        Assert.That(NsgExposure.IsInternetSource(prefix), Is.EqualTo(internet));

    [TestCase("10.40.0.0/22", "10.40.3.0/24", true)]
    [TestCase("10.40.3.0/24", "10.40.0.0/22", true)]
    [TestCase("10.40.0.0/22", "10.40.4.0/22", false)]
    [TestCase("10.40.0.0/23", "10.40.0.0/23", true)]
    [TestCase("10.40.0.5", "10.40.0.0/24", true)]
    [TestCase("10.40.0.5/23", "10.40.1.0/24", true)]
    [TestCase("0.0.0.0/0", "172.16.0.0/12", true)]
    [TestCase("fd00:db8:40::/48", "fd00:db8:40:1::/64", true)]
    [TestCase("fd00:db8:40::/48", "10.40.0.0/16", false)]
    public void Prefixes_overlap_when_they_share_an_address(string a, string b, bool overlap)
    {
        var (x, y) = (AddressPrefixes.Parse(a), AddressPrefixes.Parse(b));
        Assert.That(x, Is.Not.Null);
        Assert.That(y, Is.Not.Null);
        Assert.That(AddressPrefixes.Overlap(x!, y!), Is.EqualTo(overlap));
    }

    [TestCase("172.16.300.0/24")]
    [TestCase("10.0.0.0/33")]
    [TestCase("vnet-hub")]
    [TestCase("")]
    public void Text_that_is_no_prefix_is_refused(string text) =>
        Assert.That(AddressPrefixes.Parse(text), Is.Null);

    private static ResourceSet CompiledEstate() => GraphInput.From(ResourceGraph.Build("prod", "oic-gs-infra", graph =>
    {
        var rg = new AzureResourceGroup("hub-rg", new AzureResourceGroupArgs { ResourceGroupName = "rg-oicgs-prod-hub-uan", Location = "uaenorth" });
        var other = new AzureResourceGroup("lab-rg", new AzureResourceGroupArgs { ResourceGroupName = "rg-oicgs-prod-lab-uan", Location = "uaenorth" });
        var bastionNsg = new NetworkSecurityGroup("nsg-bastion", new NetworkSecurityGroupArgs
        {
            ResourceGroupName = rg.Name,
            NetworkSecurityGroupName = "nsg-oicgs-prod-bastion-uan",
            SecurityRules =
            [
                new NetIn.SecurityRuleArgs
                {
                    Name = "AllowHttpsInbound", Priority = 120, Access = "Allow", Direction = "Inbound", Protocol = "Tcp",
                    SourceAddressPrefix = "Internet", SourcePortRange = "*", DestinationAddressPrefix = "*", DestinationPortRange = "443",
                },
            ],
        });
        var appNsg = new NetworkSecurityGroup("nsg-app", new NetworkSecurityGroupArgs
        {
            ResourceGroupName = rg.Name,
            NetworkSecurityGroupName = "nsg-oicgs-prod-app-uan",
            SecurityRules =
            [
                new NetIn.SecurityRuleArgs
                {
                    Name = "AllowHttpsInbound", Priority = 120, Access = "Allow", Direction = "Inbound", Protocol = "Tcp",
                    SourceAddressPrefix = "Internet", SourcePortRange = "*", DestinationAddressPrefix = "*", DestinationPortRange = "443",
                },
            ],
        });
        var hub = new VirtualNetwork("vnet-hub", new VirtualNetworkArgs
        {
            ResourceGroupName = rg.Name,
            VirtualNetworkName = "vnet-oicgs-prod-hub-uan",
            Location = "uaenorth",
            AddressSpace = new NetIn.AddressSpaceArgs { AddressPrefixes = ["10.40.0.0/23"] },
            Tags = new InputMap<string> { ["network-role"] = "hub" },
        });
        var spoke = new VirtualNetwork("vnet-spoke", new VirtualNetworkArgs
        {
            ResourceGroupName = rg.Name,
            VirtualNetworkName = "vnet-oicgs-prod-documents-uan",
            Location = "uaenorth",
            AddressSpace = new NetIn.AddressSpaceArgs { AddressPrefixes = ["10.40.16.0/22"] },
            Tags = new InputMap<string> { ["network-role"] = "spoke" },
        });
        // The same VNet name in another resource group: not the spoke.
        _ = new VirtualNetwork("vnet-lab", new VirtualNetworkArgs
        {
            ResourceGroupName = other.Name,
            VirtualNetworkName = "vnet-oicgs-prod-documents-uan",
            Location = "uaecentral",
            AddressSpace = new NetIn.AddressSpaceArgs { AddressPrefixes = ["10.60.0.0/22"] },
        });
        _ = new Subnet("hub-snet-bastion", new SubnetArgs
        {
            SubnetName = "AzureBastionSubnet", VirtualNetworkName = hub.Name, ResourceGroupName = rg.Name, AddressPrefix = "10.40.0.192/26",
            NetworkSecurityGroup = new NetIn.NetworkSecurityGroupArgs { Id = bastionNsg.Id },
        });
        var firewall = new AzureFirewall("afw", new AzureFirewallArgs { ResourceGroupName = rg.Name, AzureFirewallName = "afw-oicgs-prod-hub-uan" });
        var routes = new RouteTable("rt-spokes", new RouteTableArgs
        {
            ResourceGroupName = rg.Name,
            RouteTableName = "rt-oicgs-prod-spokes-uan",
            DisableBgpRoutePropagation = true,
            Routes =
            [
                new NetIn.RouteArgs
                {
                    Name = "default-via-firewall", AddressPrefix = "0.0.0.0/0", NextHopType = "VirtualAppliance",
                    NextHopIpAddress = firewall.IpConfigurations.Get<string>("[0].privateIPAddress"),
                },
            ],
        });
        _ = new Subnet("spoke-snet-app", new SubnetArgs
        {
            SubnetName = "snet-app", VirtualNetworkName = spoke.Name, ResourceGroupName = rg.Name, AddressPrefix = "10.40.16.0/24",
            NetworkSecurityGroup = new NetIn.NetworkSecurityGroupArgs { Id = appNsg.Id },
            RouteTable = new NetIn.RouteTableArgs { Id = routes.Id },
        });
        _ = new Subnet("spoke-snet-bare", new SubnetArgs
        {
            SubnetName = "snet-bare", VirtualNetworkName = spoke.Name, ResourceGroupName = rg.Name, AddressPrefix = "10.40.16.128/25",
        });
        _ = new Subnet("lab-snet-app", new SubnetArgs
        {
            SubnetName = "snet-app", VirtualNetworkName = "vnet-oicgs-prod-documents-uan", ResourceGroupName = other.Name, AddressPrefix = "10.60.0.0/24",
        });
        var watcher = new NetworkWatcher("nw", new NetworkWatcherArgs { ResourceGroupName = rg.Name, NetworkWatcherName = "nw-oicgs-prod-uan", Location = "uaenorth" });
        _ = new FlowLog("fl-hub", new FlowLogArgs
        {
            ResourceGroupName = rg.Name,
            NetworkWatcherName = watcher.Name,
            TargetResourceId = hub.Id,
            StorageId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stflowlogs",
            Enabled = true,
            RetentionPolicy = new NetIn.RetentionPolicyParametersArgs { Enabled = true, Days = 90 },
            FlowAnalyticsConfiguration = new NetIn.TrafficAnalyticsPropertiesArgs
            {
                NetworkWatcherFlowAnalyticsConfiguration = new NetIn.TrafficAnalyticsConfigurationPropertiesArgs
                {
                    Enabled = true,
                    WorkspaceResourceId = hub.Id, // any reference will do: set, value pending
                },
            },
        });
    }));

    private static Dictionary<string, Outcome> Outcomes(Rule rule, ResourceSet set) =>
        rule.Evaluate(set).ToDictionary(o => o.Resource.Name, o => o.Outcome);

    private static Outcome OutcomeOf(Rule rule, ResourceSet set, string resource) => Outcomes(rule, set)[resource];

    [Test]
    public void In_the_compiled_graph_the_bastion_nsg_is_an_edge_nsg_through_its_subnet_reference()
    {
        var set = CompiledEstate();
        Assert.Multiple(() =>
        {
            Assert.That(OutcomeOf(NsgRules.NoInternetHttp, set, "nsg-bastion").Kind, Is.EqualTo(OutcomeKind.Pass));
            Assert.That(OutcomeOf(NsgRules.NoInternetHttp, set, "nsg-app").Kind, Is.EqualTo(OutcomeKind.Fail));
        });
    }

    [Test]
    public void In_the_compiled_graph_subnets_find_their_vnet_by_name_and_resource_group_references()
    {
        var set = CompiledEstate();
        var tunnel = Outcomes(VnetRules.SpokeForcedTunnel, set);
        Assert.Multiple(() =>
        {
            Assert.That(tunnel["spoke-snet-app"].Kind, Is.EqualTo(OutcomeKind.Pass), "a next hop that is the firewall's output counts as set");
            Assert.That(tunnel["spoke-snet-bare"].Kind, Is.EqualTo(OutcomeKind.Fail));
            Assert.That(tunnel.Keys, Has.No.Member("hub-snet-bastion").And.No.Member("lab-snet-app"), "hub and untagged VNets are not judged");
            Assert.That(OutcomeOf(NsgRules.SubnetHasNsg, set, "spoke-snet-bare").Kind, Is.EqualTo(OutcomeKind.Fail));
            Assert.That(OutcomeOf(NsgRules.SubnetHasNsg, set, "spoke-snet-app").Kind, Is.EqualTo(OutcomeKind.Pass));
        });
    }

    [Test]
    public void In_the_compiled_graph_overlapping_subnets_name_each_other_and_other_resource_groups_stay_apart()
    {
        var set = CompiledEstate();
        var overlap = Outcomes(VnetRules.NoAddressOverlap, set);
        Assert.Multiple(() =>
        {
            Assert.That(overlap["spoke-snet-app"].Findings, Is.EqualTo(new[] { "10.40.16.0/24 overlaps 10.40.16.128/25 of spoke-snet-bare" }));
            Assert.That(overlap["spoke-snet-bare"].Findings, Is.EqualTo(new[] { "10.40.16.128/25 overlaps 10.40.16.0/24 of spoke-snet-app" }));
            Assert.That(overlap["lab-snet-app"].Kind, Is.EqualTo(OutcomeKind.Pass));
            Assert.That(overlap["vnet-hub"].Kind, Is.EqualTo(OutcomeKind.Pass));
        });
    }

    [Test]
    public void In_the_compiled_graph_flow_logs_and_watchers_are_matched_by_reference_and_region()
    {
        var set = CompiledEstate();
        Assert.Multiple(() =>
        {
            Assert.That(OutcomeOf(NetworkWatcherRules.FlowLogEnabled, set, "vnet-hub").Kind, Is.EqualTo(OutcomeKind.Pass));
            Assert.That(OutcomeOf(NetworkWatcherRules.FlowLogEnabled, set, "vnet-spoke").Kind, Is.EqualTo(OutcomeKind.Fail));
            Assert.That(OutcomeOf(NetworkWatcherRules.NetworkWatcherRegions, set, "vnet-hub").Kind, Is.EqualTo(OutcomeKind.Pass));
            Assert.That(OutcomeOf(NetworkWatcherRules.NetworkWatcherRegions, set, "vnet-lab").Findings,
                Is.EqualTo(new[] { "no Network Watcher is declared in uaecentral; declare one per region the estate uses" }));
        });
    }

    [Test]
    public void A_prefix_not_known_yet_makes_its_neighbours_unknown_rather_than_passed()
    {
        var set = GraphInput.From(ResourceGraph.Build("prod", "oic-gs-infra", graph =>
        {
            _ = new VirtualNetwork("vnet-a", new VirtualNetworkArgs
            {
                ResourceGroupName = "rg-a",
                AddressSpace = new NetIn.AddressSpaceArgs { AddressPrefixes = ["10.40.0.0/22"] },
            });
            var b = new VirtualNetwork("vnet-b", new VirtualNetworkArgs { ResourceGroupName = "rg-b" });
            _ = new VirtualNetwork("vnet-c", new VirtualNetworkArgs
            {
                ResourceGroupName = "rg-c",
                AddressSpace = new NetIn.AddressSpaceArgs { AddressPrefixes = [b.Name] },
            });
        }));
        var overlap = Outcomes(VnetRules.NoAddressOverlap, set).ToDictionary(o => o.Key, o => o.Value.Kind);
        Assert.That(overlap, Is.EqualTo(new Dictionary<string, OutcomeKind>
        {
            ["vnet-a"] = OutcomeKind.Unknown,
            ["vnet-b"] = OutcomeKind.Unknown,
            ["vnet-c"] = OutcomeKind.Unknown,
        }));
    }
}
