using Oic.Infra.Estate.Addressing;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.DnsResolver;
using Oic.Infra.Resources.AzureNative.Maintenance;
using Oic.Infra.Resources.AzureNative.Network;
using Oic.Infra.Resources.AzureNative.PrivateDns;
using NetIn = Oic.Infra.Resources.AzureNative.Network.Inputs;
using static Oic.Infra.Stacks.Components.Untyped;
using ResolverIn = Oic.Infra.Resources.AzureNative.DnsResolver.Inputs;
using DnsIn = Oic.Infra.Resources.AzureNative.PrivateDns.Inputs;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// The headquarters hub of one region (CAF hub-and-spoke): hub VNet with Azure's reserved
/// subnets, Azure Firewall with its policy, a zone-redundant VPN gateway, Bastion, a DDoS plan,
/// the DNS private resolver and private DNS zones; and the spokes peered to it, their default
/// route forced through the firewall.
/// </summary>
public sealed class HubNetwork : Component
{
    /// <summary>Private DNS zones for the private endpoints the estate uses.</summary>
    /// <summary>The DNS private resolver's forwarding ruleset (on-premises domains to the headquarters' DNS servers).</summary>
    public DnsForwardingRuleset? ForwardingRuleset { get; private set; }

    public static readonly IReadOnlyList<(string Key, string Zone)> PrivateDnsZones =
    [
        ("blob", "privatelink.blob.core.windows.net"), // key = the private-link group id
        ("vault", "privatelink.vaultcore.azure.net"),
        // The Azure Monitor private link scope's endpoint (group `azuremonitor`) registers in these four and
        // the blob zone (Learn: azure-monitor/logs/private-link-configure).
        ("monitor", "privatelink.monitor.azure.com"),
        ("oms", "privatelink.oms.opinsights.azure.com"),
        ("ods", "privatelink.ods.opinsights.azure.com"),
        ("agentsvc", "privatelink.agentsvc.azure-automation.net"),
    ];

    /// <summary>The zones (keys above) a private-link group id registers in, where it is not the one zone of its own key.</summary>
    private static readonly Dictionary<string, string[]> GroupZones = new(StringComparer.Ordinal)
    {
        ["azuremonitor"] = ["monitor", "oms", "ods", "agentsvc", "blob"],
    };

    private readonly Dictionary<string, Subnet> _spokeSubnets = new(StringComparer.Ordinal);
    private readonly List<VirtualNetwork> _vnets = [];
    private readonly List<NetworkSecurityGroup> _nsgs = [];
    private readonly List<PublicIPAddress> _publicIps = [];
    private readonly Monitoring _monitoring;
    private string? _dnsServer;
    private readonly Dictionary<string, PrivateZone> _zones = new(StringComparer.Ordinal);

    public HubNetwork(StackContext context, Monitoring monitoring)
        : base(context, "hub", ContinuityService.Connectivity, "headquarters hub network and spokes")
    {
        ArgumentNullException.ThrowIfNull(monitoring);
        _monitoring = monitoring;
        var plan = context.Plan;
        var names = context.Names;
        var tags = Tags(DataClassification.Internal);

        // One DDoS protection plan for the estate (ADR 0013): a plan protects virtual networks in any
        // region of the tenant, so the second one a DR stack used to declare only doubled the bill. It
        // lives in the DR stack, in the DR region, whenever the DR hub stands before a disaster: the DR
        // stack deploys first (docs/operations.md), and a rebuild after losing the primary region
        // refers to nothing that was lost. Otherwise the primary stack owns it.
        if (Estate.Network.DdosProtection)
        {
            var owner = Estate.Deployment.Role == StackRole.Dr || !context.StandsInDr(ContinuityService.Connectivity);
            if (owner)
            {
                DdosPlan = new DdosProtectionPlan(Child("ddos"), new DdosProtectionPlanArgs
                {
                    DdosProtectionPlanName = names.Network("ddos", "hub"),
                    ResourceGroupName = GroupName,
                    Location = Location,
                    Tags = tags,
                }, Options());
                DdosPlanId = DdosPlan.Id;
            }
            else
            {
                var dr = context.OtherNames;
                DdosPlanId = context.ResourceId(dr.ResourceGroup("hub"), "Microsoft.Network/ddosProtectionPlans", dr.Network("ddos", "hub"));
            }
        }

        Vnet = Network("vnet", "hub", [plan.Hub.AddressSpace.ToString()], "hub");

        // Azure serialises writes to one VNet's subnets; chaining them avoids
        // RetryableErrorDueToAnotherOperation instead of leaning on retries.
        Subnet? previous = null;
        Subnet HubSubnet(string name, NetworkSecurityGroup? nsg = null, RouteTable? routes = null, (string Name, string Service)? delegation = null)
        {
            var allocation = plan.Hub.Subnet(name);
            var subnet = new Subnet(Child($"snet-{SuffixOf(name)}"), new SubnetArgs
            {
                SubnetName = name,
                VirtualNetworkName = Vnet.Name,
                ResourceGroupName = GroupName,
                AddressPrefix = allocation.Prefix.ToString(),
                NetworkSecurityGroup = nsg is null ? null : new NetIn.NetworkSecurityGroupArgs { Id = nsg.Id },
                RouteTable = routes is null ? null : new NetIn.RouteTableArgs { Id = routes.Id },
                Delegations = delegation is not { } d ? null : [new NetIn.DelegationArgs { Name = d.Name, ServiceName = d.Service }],
                DefaultOutboundAccess = false,
            }, Options(dependsOn: previous is null ? null : [previous]));
            previous = subnet;
            return subnet;
        }

        // Public IPs: Standard, static, zone-redundant where the region has zones (AZ gateway SKUs require it).
        PublicIPAddress Pip(string purpose) => Track(_publicIps, new PublicIPAddress(Child($"pip-{purpose}"), new PublicIPAddressArgs
        {
            PublicIpAddressName = names.Network("pip", purpose),
            ResourceGroupName = GroupName,
            Location = Location,
            Sku = new NetIn.PublicIPAddressSkuArgs { Name = "Standard", Tier = "Regional" },
            PublicIPAllocationMethod = "Static",
            PublicIPAddressVersion = "IPv4",
            Zones = Context.Zones,
            DdosSettings = DdosPlanId is null ? null : new NetIn.DdosSettingsArgs
            {
                ProtectionMode = "VirtualNetworkInherited",
            },
            Tags = tags,
        }, Options()));

        var firewallTier = Estate.Network.FirewallTier;
        var spokeRanges = plan.Spokes.Select(s => s.Vnet.AddressSpace.ToString())
            .Concat(plan.Partners.AddressSpaces.Select(a => a.ToString())).ToList();

        var bastionNsg = BastionNsg();
        var dnsNsg = Nsg("dns", []);

        // The firewall reaches the other region's workloads through that region's firewall, across the
        // hub-to-hub peering; Azure Firewall needs its own default route to the internet whenever its
        // subnet has a route table (firewall-faq, forced tunnelling). Office routes still arrive by BGP.
        var otherRegion = context.OtherPlan;
        var firewallRoutes = !Linked ? null : RouteTable("firewall", disableBgp: false,
        [
            new NetIn.RouteArgs { Name = "default-to-internet", AddressPrefix = "0.0.0.0/0", NextHopType = "Internet" },
            .. otherRegion.Spokes.Select(s => new NetIn.RouteArgs
            {
                Name = $"{otherRegion.Region.Code}-{s.Spoke.Name}-via-{otherRegion.Region.Code}-firewall",
                AddressPrefix = s.Vnet.AddressSpace.ToString(),
                NextHopType = "VirtualAppliance",
                NextHopIpAddress = otherRegion.FirewallPrivateIp.ToString(),
            }),
        ]);
        FirewallSubnet = HubSubnet("AzureFirewallSubnet", routes: firewallRoutes);
        var firewallManagementSubnet = HubSubnet("AzureFirewallManagementSubnet");
        BastionSubnet = HubSubnet("AzureBastionSubnet", bastionNsg);
        var dnsInbound = HubSubnet("snet-dns-inbound", dnsNsg, delegation: ("resolver", "Microsoft.Network/dnsResolvers"));
        var dnsOutbound = HubSubnet("snet-dns-outbound", dnsNsg, delegation: ("resolver", "Microsoft.Network/dnsResolvers"));
        // The partner front's outbound integration (docs/adr/0021), planned only when a partner has kind: front.
        // Learn, "Integrate an Azure API Management instance with a private virtual network for outbound connections"
        // (https://learn.microsoft.com/azure/api-management/integrate-vnet-outbound), Standard v2 and Premium v2:
        // the subnet is delegated to Microsoft.Web/serverFarms, dedicated to one instance, and has an NSG associated
        // ("no specific rules are required"). Whether Azure requires the delegation to carry a particular name was not
        // confirmed; "apim" is ours.
        if (plan.Hub.Subnets.Any(s => s.Name == AddressPlanner.ApimOutbound.Name))
            ApimOutboundSubnet = HubSubnet(AddressPlanner.ApimOutbound.Name, Nsg("apim-outbound", ApimOutboundRules()),
                delegation: ("apim", "Microsoft.Web/serverFarms"));

        FirewallPolicy = new FirewallPolicy(Child("afwp"), new FirewallPolicyArgs
        {
            FirewallPolicyName = names.Network("afwp", "hub"),
            ResourceGroupName = GroupName,
            Location = Location,
            Sku = new NetIn.FirewallPolicySkuArgs { Tier = firewallTier },
            // Basic supports alert-only threat intelligence and no DNS proxy.
            ThreatIntelMode = firewallTier == "Basic" ? "Alert" : "Deny",
            DnsSettings = firewallTier == "Basic" ? null : new NetIn.DnsSettingsArgs { EnableProxy = true },
            IntrusionDetection = firewallTier == "Premium" ? new NetIn.FirewallPolicyIntrusionDetectionArgs { Mode = "Deny" } : null,
            Tags = tags,
        }, Options());

        FirewallRules(spokeRanges);

        var firewallPip = Pip("afw");
        var managementPip = firewallTier == "Basic" ? Pip("afw-mgmt") : null;
        Firewall = new AzureFirewall(Child("afw"), new AzureFirewallArgs
        {
            AzureFirewallName = names.Network("afw", "hub"),
            ResourceGroupName = GroupName,
            Location = Location,
            Sku = new NetIn.AzureFirewallSkuArgs { Name = "AZFW_VNet", Tier = firewallTier },
            FirewallPolicy = new NetIn.SubResourceArgs { Id = FirewallPolicy.Id },
            Zones = Context.Zones,
            IpConfigurations =
            [
                new NetIn.AzureFirewallIPConfigurationArgs
                {
                    Name = "ipconfig",
                    Subnet = new NetIn.SubResourceArgs { Id = FirewallSubnet.Id },
                    PublicIPAddress = new NetIn.SubResourceArgs { Id = firewallPip.Id },
                },
            ],
            ManagementIpConfiguration = managementPip is null ? null : new NetIn.AzureFirewallIPConfigurationArgs
            {
                Name = "management",
                Subnet = new NetIn.SubResourceArgs { Id = firewallManagementSubnet.Id },
                PublicIPAddress = new NetIn.SubResourceArgs { Id = managementPip.Id },
            },
            Tags = tags,
        }, Options(timeouts: new CustomTimeouts(Create: "30m", Update: "30m", Delete: "30m")));
        FirewallPrivateIp = Firewall.IpConfigurations.Get<string>("[0].privateIPAddress");
        // The routes name the address the firewall will hold, not its output: they (and the gateway behind
        // them) stand in a DR pilot light whose firewall is created only by the rebuild (docs/adr/0014).
        var firewallAddress = plan.Hub.Subnet("AzureFirewallSubnet").FirstAssignableAddress;

        // Spokes send everything through the firewall; the gateway sends spoke-bound traffic there too.
        SpokeRoutes = RouteTable("spokes", disableBgp: true,
            [new NetIn.RouteArgs { Name = "default-via-firewall", AddressPrefix = "0.0.0.0/0", NextHopType = "VirtualAppliance", NextHopIpAddress = firewallAddress }]);
        var gatewayRoutes = RouteTable("gateway", disableBgp: false,
            spokeRanges.Select((range, i) => new NetIn.RouteArgs
            {
                Name = $"spoke-{i + 1}-via-firewall",
                AddressPrefix = range,
                NextHopType = "VirtualAppliance",
                NextHopIpAddress = firewallAddress,
            }).ToArray());
        // Last in the subnet chain because its routes need the firewall; Azure forbids an NSG here.
        GatewaySubnet = HubSubnet("GatewaySubnet", routes: gatewayRoutes);

        var gatewayPips = new[] { Pip("vgw-1"), Pip("vgw-2") };
        VpnGateway = new VirtualNetworkGateway(Child("vgw"), new VirtualNetworkGatewayArgs
        {
            VirtualNetworkGatewayName = names.Network("vgw", "hub"),
            ResourceGroupName = GroupName,
            Location = Location,
            GatewayType = "Vpn",
            VpnType = "RouteBased",
            VpnGatewayGeneration = Estate.Network.VpnGatewaySku == "VpnGw1AZ" ? "Generation1" : "Generation2",
            Sku = new NetIn.VirtualNetworkGatewaySkuArgs { Name = Estate.Network.VpnGatewaySku, Tier = Estate.Network.VpnGatewaySku },
            ActiveActive = true,
            EnableBgp = true,
            BgpSettings = new NetIn.BgpSettingsArgs { Asn = 65515 },
            IpConfigurations = gatewayPips.Select((pip, i) => new NetIn.VirtualNetworkGatewayIPConfigurationArgs
            {
                Name = $"ipconfig-{i + 1}",
                PrivateIPAllocationMethod = "Dynamic",
                Subnet = new NetIn.SubResourceArgs { Id = GatewaySubnet.Id },
                PublicIPAddress = new NetIn.SubResourceArgs { Id = pip.Id },
            }).ToArray(),
            Tags = tags,
        }, Options(timeouts: new CustomTimeouts(Create: "90m", Update: "90m", Delete: "60m")));
        GatewayPublicIps = gatewayPips;
        GatewayMaintenance(names.Network("mc", "vgw"), tags);

        var bastionPip = Pip("bas");
        var bastionSku = Estate.Network.BastionSku;
        Bastion = new BastionHost(Child("bas"), new BastionHostArgs
        {
            BastionHostName = names.Network("bas", "hub"),
            ResourceGroupName = GroupName,
            Location = Location,
            Sku = new NetIn.SkuArgs { Name = bastionSku },
            EnableTunneling = bastionSku == "Basic" ? null : true,
            DisableCopyPaste = bastionSku == "Basic" ? null : true,
            IpConfigurations =
            [
                new NetIn.BastionHostIPConfigurationArgs
                {
                    Name = "ipconfig",
                    Subnet = new NetIn.SubResourceArgs { Id = BastionSubnet.Id },
                    PublicIPAddress = new NetIn.SubResourceArgs { Id = bastionPip.Id },
                },
            ],
            Tags = tags,
        }, Options(timeouts: new CustomTimeouts(Create: "30m")));

        var resolver = new DnsResolver(Child("dnspr"), new DnsResolverArgs
        {
            DnsResolverName = names.Network("dnspr", "hub"),
            ResourceGroupName = GroupName,
            Location = Location,
            VirtualNetwork = new ResolverIn.SubResourceArgs { Id = Vnet.Id },
            Tags = tags,
        }, Options(dependsOn: [dnsInbound, dnsOutbound]));
        var inbound = new InboundEndpoint(Child("dnspr-in"), new InboundEndpointArgs
        {
            DnsResolverName = resolver.Name,
            InboundEndpointName = "inbound",
            ResourceGroupName = GroupName,
            Location = Location,
            IpConfigurations =
            [
                new ResolverIn.IpConfigurationArgs
                {
                    Subnet = new ResolverIn.SubResourceArgs { Id = dnsInbound.Id },
                    PrivateIpAllocationMethod = "Dynamic",
                },
            ],
            Tags = tags,
        }, Options());
        var outbound = new OutboundEndpoint(Child("dnspr-out"), new OutboundEndpointArgs
        {
            DnsResolverName = resolver.Name,
            OutboundEndpointName = "outbound",
            ResourceGroupName = GroupName,
            Location = Location,
            Subnet = new ResolverIn.SubResourceArgs { Id = dnsOutbound.Id },
            Tags = tags,
        }, Options());
        ForwardToOnPremises(outbound, tags);

        foreach (var (key, zone) in PrivateDnsZones)
        {
            var privateZone = new PrivateZone(Child($"dns-{key}"), new PrivateZoneArgs
            {
                PrivateZoneName = zone,
                ResourceGroupName = GroupName,
                Location = "Global",
                Tags = tags,
            }, Options());
            _ = new VirtualNetworkLink(Child($"dns-{key}-link"), new VirtualNetworkLinkArgs
            {
                PrivateZoneName = privateZone.Name,
                VirtualNetworkLinkName = $"link-{Vnet.LogicalName}",
                ResourceGroupName = GroupName,
                Location = "Global",
                RegistrationEnabled = false,
                VirtualNetwork = new DnsIn.SubResourceArgs { Id = Vnet.Id },
                Tags = tags,
            }, Options());
            _zones[key] = privateZone;
        }

        // Spokes resolve through the hub's DNS resolver, which sees the private DNS zones linked to the hub.
        // By address, not by output, for the same reason as the firewall's routes.
        _dnsServer = plan.Hub.Subnet("snet-dns-inbound").FirstAssignableAddress;
        foreach (var (spoke, allocation) in plan.Spokes)
            AddSpoke(spoke.Name, allocation, [], "spoke");
        AddSpoke("partners", plan.Partners, Estate.Partners, "partners");
        if (Linked && Estate.Deployment.Role == StackRole.Primary)
            PeerWithDrHub();
    }

    /// <summary>
    /// The outbound endpoint's forwarding ruleset (docs/adr/0020): names under the on-premises domains
    /// (<c>network.onPremDns</c>) go to the headquarters' DNS servers over the VPN, everything else to Azure DNS.
    /// The ruleset is linked to the hub VNet, whose inbound endpoint the spokes use; no rule targets that inbound
    /// endpoint, so the link makes no loop (Learn: dns/private-resolver-endpoints-rulesets). ForwardingRule and the
    /// VNet link take no tags (3.28.0 .d.ts), only the ruleset does.
    /// </summary>
    private void ForwardToOnPremises(OutboundEndpoint outbound, InputMap<string> tags)
    {
        var names = Context.Names;
        ForwardingRuleset = new DnsForwardingRuleset(Child("dnsfrs"), new DnsForwardingRulesetArgs
        {
            DnsForwardingRulesetName = names.Network("dnsfrs", "hub"),
            ResourceGroupName = GroupName,
            Location = Location,
            DnsResolverOutboundEndpoints = [new ResolverIn.SubResourceArgs { Id = outbound.Id }],
            Tags = tags,
        }, Options());
        _ = new PrivateResolverVirtualNetworkLink(Child("dnsfrs-link"), new PrivateResolverVirtualNetworkLinkArgs
        {
            VirtualNetworkLinkName = names.Network("vnetlink", "hub"),
            DnsForwardingRulesetName = ForwardingRuleset.Name,
            ResourceGroupName = GroupName,
            VirtualNetwork = new ResolverIn.SubResourceArgs { Id = Vnet.Id },
        }, Options());
        if (Estate.Network.OnPremDns is not { } dns) return;
        foreach (var domain in dns.Domains)
        {
            var slug = domain.TrimEnd('.').Replace('.', '-');
            _ = new ForwardingRule(Child($"dnsfrs-{slug}"), new ForwardingRuleArgs
            {
                ForwardingRuleName = names.Network("fr", slug),
                DnsForwardingRulesetName = ForwardingRuleset.Name,
                ResourceGroupName = GroupName,
                DomainName = domain,
                ForwardingRuleState = "Enabled",
                TargetDnsServers = [.. dns.Servers.Select(s => new ResolverIn.TargetDnsServerArgs { IpAddress = s.ToString(), Port = 53 })],
            }, Options());
        }
    }

    /// <summary>
    /// Global VNet peering between the two hubs (ADR 0013). The primary stack declares both halves:
    /// a peering is a child of each VNet and needs the other to exist, the DR hub stands first (the DR
    /// stack deploys before the primary, docs/operations.md), and nothing in the DR stack may refer to
    /// the primary region, whose loss it must survive. After that loss the DR half stays, Disconnected,
    /// and the rebuild neither needs nor touches it. No gateway transit: each region reaches the
    /// offices through its own tunnels (standby in DR); the peering carries region-to-region traffic,
    /// firewall to firewall.
    /// </summary>
    private void PeerWithDrHub()
    {
        var dr = Context.OtherNames;
        var drHubName = dr.Network("vnet", "hub");
        var drHubGroup = dr.ResourceGroup("hub");
        var drHubId = Context.ResourceId(drHubGroup, "Microsoft.Network/virtualNetworks", drHubName);
        Peering("peer-hub-to-dr-hub", $"peer-to-{drHubName}", Vnet.Name, GroupName, drHubId, Transit.None);
        Peering("peer-dr-hub-to-hub", $"peer-to-{Context.Names.Network("vnet", "hub")}", drHubName, drHubGroup, Vnet.Id, Transit.None);
    }

    /// <summary>
    /// Whether the two regions' hubs are linked: the DR hub stands before a disaster (connectivity is
    /// pilot light), so the primary peers with it and both firewalls route and allow traffic between
    /// the regions' workloads.
    /// </summary>
    private bool Linked => Context.StandsInDr(ContinuityService.Connectivity);

    /// <summary>The estate's DDoS protection plan when this stack owns it.</summary>
    public DdosProtectionPlan? DdosPlan { get; }

    /// <summary>The plan the region's VNets are protected by: this stack's, or the one the DR stack owns.</summary>
    public Input<string>? DdosPlanId { get; }
    public VirtualNetwork Vnet { get; }
    public Subnet GatewaySubnet { get; }
    public Subnet FirewallSubnet { get; }
    public Subnet BastionSubnet { get; }

    /// <summary>The subnet the partner front's API Management service sends its backend calls from; null without a front partner.</summary>
    public Subnet? ApimOutboundSubnet { get; }
    public FirewallPolicy FirewallPolicy { get; }
    public AzureFirewall Firewall { get; }
    public Output<string> FirewallPrivateIp { get; }
    public RouteTable SpokeRoutes { get; }
    public VirtualNetworkGateway VpnGateway { get; }
    public IReadOnlyList<PublicIPAddress> GatewayPublicIps { get; }
    public BastionHost Bastion { get; }

    /// <summary>Every VNet of the region: hub, workload spokes and the partner exchange.</summary>
    public IReadOnlyList<VirtualNetwork> Vnets => _vnets;

    public IReadOnlyList<NetworkSecurityGroup> NetworkSecurityGroups => _nsgs;

    public IReadOnlyList<PublicIPAddress> PublicIps => _publicIps;

    /// <summary>
    /// A private endpoint for <paramref name="target"/>, parented to the component that owns the
    /// target, in the first private-endpoints subnet of <paramref name="preferredSpoke"/> (or of
    /// any spoke), registered in the matching private DNS zone.
    /// </summary>
    public PrivateEndpoint PrivateEndpoint(Component owner, string suffix, Input<string> target, string groupId, string preferredSpoke)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var subnet = PrivateEndpointSubnet(preferredSpoke);
        var zones = GroupZones.GetValueOrDefault(groupId) ?? [groupId];
        var endpoint = new PrivateEndpoint(owner.Child($"pep-{suffix}"), new PrivateEndpointArgs
        {
            PrivateEndpointName = Context.Names.Network("pep", $"{suffix}-{groupId}"),
            ResourceGroupName = owner.GroupName,
            Location = Location,
            Subnet = new NetIn.SubnetArgs { Id = subnet.Id },
            PrivateLinkServiceConnections =
            [
                new NetIn.PrivateLinkServiceConnectionArgs
                {
                    Name = $"{suffix}-{groupId}",
                    PrivateLinkServiceId = target,
                    GroupIds = [groupId],
                },
            ],
            Tags = owner.Tags(DataClassification.Internal),
        }, owner.Options());
        _ = new PrivateDnsZoneGroup(owner.Child($"pep-{suffix}-dns"), new PrivateDnsZoneGroupArgs
        {
            PrivateDnsZoneGroupName = "default",
            PrivateEndpointName = endpoint.Name,
            ResourceGroupName = owner.GroupName,
            PrivateDnsZoneConfigs = [.. zones.Select(z => new NetIn.PrivateDnsZoneConfigArgs { Name = z, PrivateDnsZoneId = _zones[z].Id })],
        }, owner.Options());
        return endpoint;
    }

    private Subnet PrivateEndpointSubnet(string preferredSpoke)
    {
        var candidates = Context.Plan.Spokes
            .OrderBy(s => s.Spoke.Name == preferredSpoke ? 0 : 1)
            .SelectMany(s => s.Vnet.Subnets.Where(n => n.Purpose == SubnetPurpose.PrivateEndpoints).Select(n => $"{s.Spoke.Name}/{n.Name}"));
        var key = candidates.FirstOrDefault()
            ?? throw new InvalidOperationException("no spoke has a private-endpoints subnet");
        return _spokeSubnets[key];
    }

    private void AddSpoke(string name, VnetAllocation allocation, IReadOnlyList<Site> partners, string role)
    {
        var vnet = Network("vnet", name, [.. allocation.AddressSpaces.Select(a => a.ToString())], role);
        Subnet? previous = null;
        foreach (var subnet in allocation.Subnets)
        {
            var suffix = subnet.Name.StartsWith("snet-", StringComparison.Ordinal) ? subnet.Name[5..] : subnet.Name;
            var partner = partners.FirstOrDefault(p => subnet.Name == $"snet-partner-{p.Key}");
            var nsg = Nsg($"{name}-{suffix}", partner is not null ? PartnerRules(partner) : role == "spoke" ? WorkloadRules() : []);
            var created = new Subnet(Child($"{name}-snet-{suffix}"), new SubnetArgs
            {
                SubnetName = subnet.Name,
                VirtualNetworkName = vnet.Name,
                ResourceGroupName = GroupName,
                AddressPrefix = subnet.Prefix.ToString(),
                NetworkSecurityGroup = new NetIn.NetworkSecurityGroupArgs { Id = nsg.Id },
                RouteTable = new NetIn.RouteTableArgs { Id = SpokeRoutes.Id },
                PrivateEndpointNetworkPolicies = subnet.Purpose == SubnetPurpose.PrivateEndpoints ? "Enabled" : null,
                DefaultOutboundAccess = false,
            }, Options(dependsOn: previous is null ? null : [previous]));
            previous = created;
            _spokeSubnets[$"{name}/{subnet.Name}"] = created;
        }

        // Hub side offers its gateway; spoke side uses it, so on-premises routes reach the spoke.
        // The spoke side can only be created once the gateway exists.
        Peering($"peer-hub-to-{name}", $"peer-to-{name}", Vnet.Name, GroupName, vnet.Id, Transit.Offer);
        Peering($"peer-{name}-to-hub", "peer-to-hub", vnet.Name, GroupName, Vnet.Id, Transit.Use);
    }

    private enum Transit { None, Offer, Use }

    /// <summary>
    /// One side of a peering, forwarded traffic allowed (it carries traffic routed through a firewall).
    /// After the gateway, which a spoke's <c>useRemoteGateways</c> needs; the hub-to-hub halves wait
    /// for it too, so that no peering write meets the hub VNet while its gateway is being created.
    /// </summary>
    private void Peering(string suffix, string peeringName, Input<string> vnetName, Input<string> group, Input<string> remoteId, Transit transit) =>
        _ = new VirtualNetworkPeering(Child(suffix), new VirtualNetworkPeeringArgs
        {
            VirtualNetworkPeeringName = peeringName,
            VirtualNetworkName = vnetName,
            ResourceGroupName = group,
            RemoteVirtualNetwork = new NetIn.SubResourceArgs { Id = remoteId },
            AllowVirtualNetworkAccess = true,
            AllowForwardedTraffic = true,
            AllowGatewayTransit = transit == Transit.Offer,
            UseRemoteGateways = transit == Transit.Use,
        }, Options());

    private VirtualNetwork Network(string abbreviation, string purpose, string[] addressSpace, string role)
    {
        var tags = Tags(DataClassification.Internal);
        tags["network-role"] = role;
        var vnet = new VirtualNetwork(Child(purpose == "hub" ? "vnet" : $"{purpose}-vnet"), new VirtualNetworkArgs
        {
            VirtualNetworkName = Context.Names.Network(abbreviation, purpose),
            ResourceGroupName = GroupName,
            Location = Location,
            AddressSpace = new NetIn.AddressSpaceArgs { AddressPrefixes = addressSpace },
            DhcpOptions = role == "hub" || _dnsServer is null ? null : new NetIn.DhcpOptionsArgs { DnsServers = [_dnsServer] },
            EnableDdosProtection = DdosPlanId is not null,
            DdosProtectionPlan = DdosPlanId is null ? null : new NetIn.SubResourceArgs { Id = DdosPlanId },
            Tags = tags,
        },
        // Subnets are separate resources (Azure lists them here too). The region's Network Watcher
        // comes first, or Azure creates its own in NetworkWatcherRG.
        Options(ignoreChanges: ["subnets"], dependsOn: [_monitoring.Watcher]));
        _vnets.Add(vnet);
        return vnet;
    }

    private static T Track<T>(List<T> list, T item)
    {
        list.Add(item);
        return item;
    }

    private RouteTable RouteTable(string purpose, bool disableBgp, NetIn.RouteArgs[] routes) =>
        new(Child($"rt-{purpose}"), new RouteTableArgs
        {
            RouteTableName = Context.Names.Network("rt", purpose),
            ResourceGroupName = GroupName,
            Location = Location,
            DisableBgpRoutePropagation = disableBgp,
            Routes = routes,
            Tags = Tags(DataClassification.Internal),
        }, Options());

    private NetworkSecurityGroup Nsg(string purpose, NetIn.SecurityRuleArgs[] rules) =>
        Track(_nsgs, new NetworkSecurityGroup(Child($"nsg-{purpose}"), new NetworkSecurityGroupArgs
        {
            NetworkSecurityGroupName = Context.Names.Network("nsg", purpose),
            ResourceGroupName = GroupName,
            Location = Location,
            SecurityRules =
            [
                .. rules,
                Rule("DenyLateralInbound", 3900, "Inbound", "Deny", "Tcp", "VirtualNetwork", "*", LateralPorts),
                Rule("DenyInternetInbound", 4000, "Inbound", "Deny", "*", "Internet", "*", "*"),
                Rule("DenyLateralOutbound", 3900, "Outbound", "Deny", "Tcp", "*", "VirtualNetwork", LateralPorts),
            ],
            Tags = Tags(DataClassification.Internal),
        }, Options()));

    /// <summary>
    /// SSH, RDP, SMB and WinRM: the ports an intruder moves from one machine to the next with. Azure's
    /// default rules AllowVnetInBound/AllowVnetOutBound (priority 65000) allow every port between all
    /// addresses of the VirtualNetwork tag — the VNet, its peers and the offices learned through the
    /// gateway (Learn, network-security-groups-overview#default-security-rules) — so every NSG denies
    /// these ports to and from VirtualNetwork above them (nsg-no-lateral-movement, ADR 0019).
    /// </summary>
    /// <summary>The on-premises ranges of the headquarters and offices (not the partners').</summary>
    private IEnumerable<string> OfficePrefixes =>
        Estate.Sites.Where(s => s.Kind != SiteKind.Partner).SelectMany(s => s.OnPremPrefixes).Select(p => p.ToString());

    private static readonly string[] LateralPorts = ["22", "3389", "445", "5985", "5986"];

    /// <summary>
    /// What a workload subnet admits ahead of the lateral-movement denies: RDP/SSH from this region's
    /// Bastion subnet (Learn, bastion-nsg: the target VM subnet allows them from the AzureBastionSubnet
    /// range), and SMB from the offices, the traffic the firewall's offices-to-workloads rule carries.
    /// Both ranges come from the address plan and the estate's sites.
    /// </summary>
    private NetIn.SecurityRuleArgs[] WorkloadRules()
    {
        var bastion = Context.Plan.Hub.Subnet("AzureBastionSubnet").Prefix.ToString();
        var offices = OfficePrefixes.ToArray();
        var rules = new List<NetIn.SecurityRuleArgs> { Rule("AllowBastionInbound", 3800, "Inbound", "Allow", "Tcp", bastion, "VirtualNetwork", "22", "3389") };
        if (offices.Length > 0)
            rules.Add(new NetIn.SecurityRuleArgs
            {
                Name = "AllowOfficesSmbInbound",
                Priority = 3810,
                Direction = "Inbound",
                Access = "Allow",
                Protocol = "Tcp",
                SourceAddressPrefixes = offices,
                SourcePortRange = "*",
                DestinationAddressPrefix = "VirtualNetwork",
                DestinationPortRange = "445",
            });
        return [.. rules];
    }

    /// <summary>
    /// What the firewall lets through (everything else is denied): offices and headquarters reach
    /// the workload spokes over HTTPS and SMB, each partner organ reaches the partner exchange over
    /// HTTPS only, and the spokes reach Azure's update and backup services.
    /// </summary>
    private void FirewallRules(IReadOnlyList<string> spokeRanges)
    {
        static PropertyValue.Map NetworkRule(string name, IEnumerable<string> from, IEnumerable<string> to, params string[] ports) =>
            Map(("ruleType", Text("NetworkRule")), ("name", Text(name)), ("ipProtocols", Texts(["TCP"])),
                ("sourceAddresses", Texts(from)), ("destinationAddresses", Texts(to)), ("destinationPorts", Texts(ports)));

        var offices = OfficePrefixes.ToList();
        var workloadSpokes = Context.Plan.Spokes.Select(s => s.Vnet.AddressSpace.ToString()).ToList();
        var otherWorkloads = Context.OtherPlan.Spokes.Select(s => s.Vnet.AddressSpace.ToString()).ToList();
        var networkRules = new List<PropertyValue> { NetworkRule("offices-to-workloads", offices, workloadSpokes, "443", "445") };
        foreach (var partner in Estate.Partners)
        {
            var subnet = Context.Plan.Partners.Subnets.FirstOrDefault(s => s.Name == $"snet-partner-{partner.Key}");
            if (subnet is not null)
                networkRules.Add(NetworkRule($"partner-{partner.Key}-https", partner.OnPremPrefixes.Select(p => p.ToString()), [subnet.Prefix.ToString()], "443"));
        }
        static PropertyValue.Map Collection(string name, int priority, List<PropertyValue> rules) =>
            Map(("ruleCollectionType", Text("FirewallPolicyFilterRuleCollection")), ("name", Text(name)),
                ("priority", new PropertyValue.Num(priority)), ("action", Map(("type", Text("Allow")))), ("rules", new PropertyValue.List(rules)));
        var collections = new InputList<object> { Collection("sites-to-azure", 200, networkRules) };
        // Between the regions' workload spokes, over the hub-to-hub peering: the traffic crosses both
        // firewalls, so each allows both directions.
        if (Linked)
            collections.Add(Collection("between-regions", 250,
            [
                NetworkRule("workloads-to-other-region", workloadSpokes, otherWorkloads, "443"),
                NetworkRule("other-region-to-workloads", otherWorkloads, workloadSpokes, "443"),
            ]));
        collections.Add(Collection("spokes-to-platform", 300,
        [
            Map(("ruleType", Text("ApplicationRule")), ("name", Text("windows-update-and-backup")),
                ("sourceAddresses", Texts(spokeRanges)), ("fqdnTags", Texts(["WindowsUpdate", "AzureBackup"])),
                ("protocols", new PropertyValue.List([Map(("protocolType", Text("Https")), ("port", new PropertyValue.Num(443)))]))),
        ]));
        _ = new FirewallPolicyRuleCollectionGroup(Child("afwp-rules"), new FirewallPolicyRuleCollectionGroupArgs
        {
            RuleCollectionGroupName = "estate",
            FirewallPolicyName = FirewallPolicy.Name,
            ResourceGroupName = GroupName,
            Priority = 200,
            RuleCollections = collections,
        }, Options());
    }

    /// <summary>
    /// A partner link reaches only its own subnet, over HTTPS, from its own prefixes; everything
    /// else inbound is denied, including Azure's default allow for the VirtualNetwork tag (which
    /// covers every on-premises prefix learned through the gateway).
    /// </summary>
    private static NetIn.SecurityRuleArgs[] PartnerRules(Site partner) =>
    [
        Rule("DenyAllOtherInbound", 4090, "Inbound", "Deny", "*", "*", "*", "*"),
        new NetIn.SecurityRuleArgs
        {
            Name = "AllowPartnerHttpsInbound",
            Priority = 100,
            Direction = "Inbound",
            Access = "Allow",
            Protocol = "Tcp",
            SourceAddressPrefixes = partner.OnPremPrefixes.Select(p => p.ToString()).ToArray(),
            SourcePortRange = "*",
            DestinationAddressPrefix = "VirtualNetwork",
            DestinationPortRange = "443",
            Description = $"Technical link for {partner.Name}",
        },
    ];

    /// <summary>
    /// The partner front's outbound subnet sends HTTPS to the private-endpoint subnets (where the public store's
    /// blob endpoint is) and nothing else inside the estate; nothing comes in (outbound integration takes no
    /// inbound connections; replies are let back by the NSG's connection tracking). Backends on the internet
    /// (named <c>partnerApis</c>) stay allowed by Azure's default AllowInternetOutBound. Learn asks for no
    /// specific rule on this subnet (integrate-vnet-outbound, "Network security group").
    /// </summary>
    private NetIn.SecurityRuleArgs[] ApimOutboundRules()
    {
        var endpoints = Context.Plan.Spokes.SelectMany(s => s.Vnet.Subnets)
            .Where(s => s.Purpose == SubnetPurpose.PrivateEndpoints).Select(s => s.Prefix.ToString()).ToArray();
        var own = Context.Plan.Hub.Subnet(AddressPlanner.ApimOutbound.Name).Prefix.ToString();
        return
        [
            new NetIn.SecurityRuleArgs
            {
                Name = "AllowPrivateEndpointsHttpsOutbound",
                Priority = 100,
                Direction = "Outbound",
                Access = "Allow",
                Protocol = "Tcp",
                SourceAddressPrefix = own,
                SourcePortRange = "*",
                DestinationAddressPrefixes = endpoints,
                DestinationPortRange = "443",
                Description = "The partner front reaches the stores' private endpoints (the public-documents API)",
            },
            Rule("DenyVirtualNetworkOutbound", 4000, "Outbound", "Deny", "*", "*", "VirtualNetwork", "*"),
            Rule("DenyAllOtherInbound", 4090, "Inbound", "Deny", "*", "*", "*", "*"),
        ];
    }

    /// <summary>The rules Azure Bastion requires on its subnet (Microsoft's documented NSG for Bastion).</summary>
    private NetworkSecurityGroup BastionNsg() => Track(_nsgs, new NetworkSecurityGroup(Child("nsg-bastion"), new NetworkSecurityGroupArgs
    {
        NetworkSecurityGroupName = Context.Names.Network("nsg", "bastion"),
        ResourceGroupName = GroupName,
        Location = Location,
        SecurityRules =
        [
            Rule("AllowHttpsInbound", 120, "Inbound", "Allow", "Tcp", "Internet", "*", "443"),
            Rule("AllowGatewayManagerInbound", 130, "Inbound", "Allow", "Tcp", "GatewayManager", "*", "443"),
            Rule("AllowAzureLoadBalancerInbound", 140, "Inbound", "Allow", "Tcp", "AzureLoadBalancer", "*", "443"),
            Rule("AllowBastionHostCommunication", 150, "Inbound", "Allow", "*", "VirtualNetwork", "VirtualNetwork", "8080", "5701"),
            Rule("DenyAllInbound", 4096, "Inbound", "Deny", "*", "*", "*", "*"),
            Rule("AllowSshRdpOutbound", 100, "Outbound", "Allow", "*", "*", "VirtualNetwork", "22", "3389"),
            Rule("AllowAzureCloudOutbound", 110, "Outbound", "Allow", "Tcp", "*", "AzureCloud", "443"),
            Rule("AllowBastionCommunication", 120, "Outbound", "Allow", "*", "VirtualNetwork", "VirtualNetwork", "8080", "5701"),
            Rule("AllowHttpOutbound", 130, "Outbound", "Allow", "*", "*", "Internet", "80"),
            Rule("DenyAllOutbound", 4096, "Outbound", "Deny", "*", "*", "*", "*"),
        ],
        Tags = Tags(DataClassification.Internal),
    }, Options()));

    private static NetIn.SecurityRuleArgs Rule(string name, int priority, string direction, string access, string protocol,
        string source, string destination, params string[] ports) => new()
    {
        Name = name,
        Priority = priority,
        Direction = direction,
        Access = access,
        Protocol = protocol,
        SourceAddressPrefix = source,
        SourcePortRange = "*",
        DestinationAddressPrefix = destination,
        DestinationPortRange = ports.Length == 1 ? ports[0] : null,
        DestinationPortRanges = ports.Length > 1 ? ports : null,
    };

    private static string SuffixOf(string subnetName) => subnetName switch
    {
        "GatewaySubnet" => "gateway",
        "AzureFirewallSubnet" => "firewall",
        "AzureFirewallManagementSubnet" => "firewall-mgmt",
        "AzureBastionSubnet" => "bastion",
        _ => subnetName.StartsWith("snet-", StringComparison.Ordinal) ? subnetName[5..] : subnetName,
    };

    /// <summary>
    /// Customer-controlled gateway maintenance (PSRule Azure.VNG.MaintenanceConfig; ADR 0019): a maintenance
    /// configuration of scope <c>Resource</c> and sub-scope <c>NetworkGatewayMaintenance</c>, daily, five hours
    /// (the documented minimum), assigned to the VPN gateway — as Learn, <i>Configure customer-controlled gateway
    /// maintenance for VPN Gateway</i> (includes/vpn-gateway-customer-controlled-gateway-maintenance-article-powershell.md)
    /// creates it with New-AzMaintenanceConfiguration and New-AzConfigurationAssignment. The window is night-time
    /// in Jeddah ("Arab Standard Time", UTC+3), where the estate is run; the DR region's gateway takes the next
    /// window, so the two hubs never update together and an office keeps one region's tunnels.
    /// </summary>
    private void GatewayMaintenance(string configurationName, InputMap<string> tags)
    {
        var primary = Estate.Deployment.Role == StackRole.Primary;
        var configuration = new MaintenanceConfiguration(Child("mc-vgw"), new MaintenanceConfigurationArgs
        {
            ResourceName = configurationName,
            ResourceGroupName = GroupName,
            Location = Location,
            MaintenanceScope = "Resource",
            ExtensionProperties = new InputMap<string> { ["maintenanceSubScope"] = "NetworkGatewayMaintenance" },
            Visibility = "Custom",
            StartDateTime = primary ? MaintenanceStart + " 22:00" : MaintenanceStart + " 03:00",
            Duration = "05:00",
            TimeZone = "Arab Standard Time",
            RecurEvery = "1Day",
            Tags = tags,
        }, Options());
        _ = new ConfigurationAssignment(Child("mca-vgw"), new ConfigurationAssignmentArgs
        {
            ConfigurationAssignmentName = configurationName,
            ResourceGroupName = GroupName,
            Location = Location,
            ProviderName = "Microsoft.Network",
            ResourceType = "virtualNetworkGateways",
            ResourceName = VpnGateway.Name,
            MaintenanceConfigurationId = configuration.Id,
        }, Options());
    }

    /// <summary>The day the windows start: fixed, so the program compiles to the same bytes on any day.</summary>
    private const string MaintenanceStart = "2026-01-01";
}
