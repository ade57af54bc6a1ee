using System.Globalization;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.Network;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network.Vnet;

/// <summary>Virtual networks: hubs and spokes, routing through the firewall, address plan, DDoS protection.</summary>
public static class VnetRules
{
    /// <summary>Azure's reserved subnets, plus Bastion's, which does not accept a route table.</summary>
    private static bool Unrouted(string? subnet) =>
        Topology.IsPlatformSubnet(subnet) || Topology.BastionSubnet.Equals(subnet, StringComparison.OrdinalIgnoreCase);

    public static readonly StackRule SpokeForcedTunnel = new("spoke-forced-tunnel",
        "Spoke and partner subnets send all traffic (0.0.0.0/0) to the hub firewall",
        "Without a default route to the firewall, a spoke reaches the internet, other spokes and partner networks directly, unfiltered and unlogged; route propagation off stops the VPN from undoing it.",
        Severity.High, ["MCSB:NS-3"],
        set =>
        {
            var results = new List<(PolicyResource, Outcome)>();
            foreach (var subnet in set.OfType(Subnet))
            {
                if (Unrouted(Topology.AzureName(subnet))) continue;
                var (vnet, unknown) = Topology.VnetOf(subnet, set);
                if (vnet is null)
                {
                    if (unknown) results.Add((subnet, Check.Unknown("virtualNetworkName")));
                    continue;
                }
                var role = Topology.IsSpoke(vnet, set);
                if (role == false) continue;
                results.Add((subnet, role is null ? Outcome.Unknown($"virtual network {vnet.Name}: tags.network-role is not known until deployment")
                    : ForcedThroughFirewall(Topology.Whole(subnet), set)));
            }
            foreach (var vnet in set.OfType(VirtualNetwork))
            {
                var inline = Topology.SubnetsOf(vnet, set).Where(s => s.Inline && !Unrouted(s.Name)).ToList();
                var role = Topology.IsSpoke(vnet, set);
                if (inline.Count == 0 || role == false) continue;
                results.Add((vnet, role is null ? Check.Unknown("tags.network-role")
                    : Outcome.All([.. inline.Select(s => ItemCheck.Prefixed(ForcedThroughFirewall(s.Properties, set), s.Prefix))])));
            }
            return results;
        })
    {
        Reads = PropertyPaths.On(Route, "addressPrefix", "nextHopIpAddress", "nextHopType", "resourceGroupName", "routeTableName")
            .And(RouteTable, "disableBgpRoutePropagation", "resourceGroupName", "routes[].addressPrefix", "routes[].nextHopIpAddress", "routes[].nextHopType")
            .And(Subnet, "name", "resourceGroupName", "routeTable.id", "virtualNetworkName")
            .And(VirtualNetwork, "resourceGroupName", "subnets[].id", "subnets[].name", "subnets[].routeTable.id", "tags.network-role", "virtualNetworkPeerings")
            .And(VirtualNetworkPeering, "remoteVirtualNetwork.id", "resourceGroupName", "virtualNetworkName"),
    };

    public static readonly StackRule NoAddressOverlap = new("no-address-overlap",
        "Virtual networks, on-premises sites and subnets have non-overlapping address space",
        "Overlapping ranges make routes ambiguous: traffic for one office or spoke silently goes to another, and peering or VPN connections between them cannot be made.",
        Severity.High, ["MCSB:NS-1"],
        set =>
        {
            var networks = set.OfType(VirtualNetwork)
                .Select(v => AddressPrefixes.Claim(v, v.Name, "", v.Get("addressSpace.addressPrefixes")))
                .Concat(set.OfType(LocalNetworkGateway).Select(g => AddressPrefixes.Claim(g, g.Name, "",
                    g.Get("localNetworkAddressSpace.addressPrefixes"), site: g.Get("gatewayIpAddress").Text ?? g.Get("fqdn").Text)))
                .ToList();
            // Two local network gateways for the same device describe the same site (one per VPN gateway).
            var outcomes = AddressPrefixes.Judge(networks, (a, b) =>
                    a.Owner.Type != LocalNetworkGateway || b.Owner.Type != LocalNetworkGateway ||
                    a.Site is null || !a.Site.Equals(b.Site, StringComparison.OrdinalIgnoreCase))
                .ToDictionary(o => o.Claim.Owner, o => o.Outcome);

            foreach (var vnet in set.OfType(VirtualNetwork))
            {
                var subnets = Topology.SubnetsOf(vnet, set).Select(s => AddressPrefixes.Claim(s.Owner,
                    s.Inline ? $"subnet '{s.Name}'" : s.Owner.Name, s.Prefix,
                    s.Properties.Get("addressPrefixes"), s.Properties.Get("addressPrefix"))).ToList();
                foreach (var (claim, outcome) in AddressPrefixes.Judge(subnets, (_, _) => true))
                    outcomes[claim.Owner] = outcomes.TryGetValue(claim.Owner, out var earlier) ? Outcome.All(earlier, outcome) : outcome;
            }
            foreach (var subnet in set.OfType(Subnet).Where(s => !outcomes.ContainsKey(s)))
                if (Topology.VnetOf(subnet, set) is (null, true))
                    outcomes[subnet] = Check.Unknown("virtualNetworkName");
            return outcomes.Select(kv => (kv.Key, kv.Value));
        })
    {
        Reads = PropertyPaths.On(LocalNetworkGateway, "fqdn", "gatewayIpAddress", "localNetworkAddressSpace.addressPrefixes")
            .And(Subnet, "addressPrefix", "addressPrefixes", "resourceGroupName", "virtualNetworkName")
            .And(VirtualNetwork, "addressSpace.addressPrefixes", "resourceGroupName", "subnets[].addressPrefix", "subnets[].addressPrefixes", "subnets[].id", "subnets[].name"),
    };

    public static readonly ResourceRule VnetRoleTagged = new("vnet-role-tagged",
        "Every virtual network says its place in the topology (network-role: hub, spoke, partners or nva)",
        "The hub DDoS and forced-tunnelling rules recognise hubs by their gateway and firewall subnets and spokes by their peerings; the tag says the intent for the rest, so a VNet without either structure still gets judged.",
        Severity.Medium, ["MCSB:NS-1"], [VirtualNetwork],
        (r, _) =>
        {
            var role = r.Get("tags").Get("network-role");
            if (role.IsUnknown) return Check.Unknown("tags.network-role");
            return role.Text is "hub" or "spoke" or "partners" or "nva"
                ? Outcome.Pass
                : Outcome.Fail(role.IsMissing ? "tags.network-role is not set; must be hub, spoke, partners or nva" : $"tags.network-role is '{role.Text}'; must be hub, spoke, partners or nva");
        })
    {
        Reads = PropertyPaths.On(VirtualNetwork, "tags.network-role"),
    };

    /// <summary>True for a VNet tagged <c>network-role: spoke</c> or <c>partners</c>; null when its tags are not known yet.</summary>
    private const string RouteType = "azure-native:network:Route";

    /// <summary>The subnet's route table sends 0.0.0.0/0 to a virtual appliance and ignores BGP-learned routes.</summary>
    private static Outcome ForcedThroughFirewall(Lookup subnet, ResourceSet set)
    {
        var reference = subnet.Get("routeTable");
        switch (Topology.IsSet(reference))
        {
            case false: return Outcome.Fail("routeTable.id is not set; the subnet must use the hub route table that sends 0.0.0.0/0 to the firewall");
            case null: return Check.Unknown(reference.Path);
        }
        var id = reference.IsUnknown ? reference : reference.Get("id");
        var (table, suffix) = set.Resolve(id);
        if (table is null || suffix.Length > 0 || table.Type != RouteTable)
            return id.IsUnknown && id.Reference is null
                ? Check.Unknown(id.Path)
                : Outcome.Unknown($"routeTable.id '{id.Text ?? id.Reference?.Expression}' is not a route table of this stack; it cannot be checked here");

        var tableName = $"route table {table.Name}: ";
        var propagation = ItemCheck.Prefixed(Check.Is(table, "disableBgpRoutePropagation", true), tableName);
        var routes = table.Get("routes");
        if (routes.IsUnknown) return Outcome.All(propagation, Check.Unknown($"route table {table.Name}: routes"));
        var candidates = routes.Items.Concat(set.OfType(RouteType)
            .Where(r => Topology.ParentOf(r, set, RouteTable, "routeTableName").Parent == table)
            .Select(Topology.Whole)).ToList();
        var verdicts = candidates.Select(DefaultToAppliance).ToList();
        var route = verdicts.Contains(true) ? Outcome.Pass
            : verdicts.Contains(null) ? Outcome.Unknown($"route table {table.Name}: a route is not known until deployment")
            : Outcome.Fail($"route table {table.Name}: no route sends 0.0.0.0/0 to nextHopType VirtualAppliance with a nextHopIpAddress (the hub firewall's private IP)");
        return Outcome.All(propagation, route);
    }

    /// <summary>Whether a route is 0.0.0.0/0 → VirtualAppliance with a next-hop address (a reference counts as set).</summary>
    private static bool? DefaultToAppliance(Lookup route)
    {
        if (route.IsUnknown) return null;
        var prefix = route.Get("addressPrefix");
        var hopType = route.Get("nextHopType");
        var hop = route.Get("nextHopIpAddress");
        if (prefix.HasValue && prefix.Text?.Trim() != "0.0.0.0/0") return false;
        if (hopType.HasValue && !"VirtualAppliance".Equals(hopType.Text, StringComparison.OrdinalIgnoreCase)) return false;
        if (hop.IsMissing || (hop.HasValue && string.IsNullOrWhiteSpace(hop.Text))) return false;
        if (prefix.IsMissing || hopType.IsMissing) return false;
        return prefix.IsUnknown || hopType.IsUnknown ? null : true;
    }

    /// <summary>Subnets PSRule's Azure.VNET.PrivateSubnet exempts: Azure's gateway, firewall and Bastion subnets.</summary>
    private static bool OutboundExempt(string? subnet) =>
        subnet is not null && (Topology.IsPlatformSubnet(subnet) || Topology.BastionSubnet.Equals(subnet, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// PSRule for Azure: Azure.VNET.PrivateSubnet (same exemptions: gateway, firewall, Bastion and delegated
    /// subnets). Unset <c>defaultOutboundAccess</c> is true for the Network API our resources use
    /// (2024-05-01): default outbound access is on unless the subnet is made private, and private
    /// subnets become the default only for API versions released after 31 March 2026 (Learn, <i>Default
    /// outbound access in Azure</i>, <see href="https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access"/>).
    /// So unset fails (ADR 0011).
    /// </summary>
    public static readonly StackRule SubnetNoDefaultOutbound = new("subnet-no-default-outbound",
        "Workload subnets have default outbound access turned off",
        "Default outbound access gives machines an implicit, unowned public address that bypasses the firewall; a private subnet reaches the internet only through the routes and firewall we declare.",
        Severity.Medium, ["MCSB:NS-3", "MCSB:NS-1"],
        set =>
        {
            var results = new List<(PolicyResource, Outcome)>();
            foreach (var subnet in set.OfType(Subnet))
            {
                if (OutboundExempt(Topology.AzureName(subnet))) continue;
                var whole = Topology.Whole(subnet);
                if (Delegated(whole) is { } d) { if (d == false) results.Add((subnet, Private(whole))); else continue; }
                else results.Add((subnet, Check.Unknown("delegations")));
            }
            foreach (var vnet in set.OfType(VirtualNetwork))
            {
                var inline = Topology.SubnetsOf(vnet, set).Where(s => s.Inline && !OutboundExempt(s.Name) && Delegated(s.Properties) != true).ToList();
                if (inline.Count == 0) continue;
                results.Add((vnet, Outcome.All([.. inline.Select(s => ItemCheck.Prefixed(
                    Delegated(s.Properties) is null ? Check.Unknown(s.Properties.Get("delegations").Path) : Private(s.Properties), s.Prefix))])));
            }
            return results;
        })
    {
        Reads = PropertyPaths.On(Subnet, "defaultOutboundAccess", "delegations", "name", "resourceGroupName", "virtualNetworkName")
            .And(VirtualNetwork, "resourceGroupName", "subnets[].defaultOutboundAccess", "subnets[].delegations", "subnets[].id", "subnets[].name"),
    };

    private static bool? Delegated(Lookup subnet)
    {
        var delegations = subnet.Get("delegations");
        if (delegations.IsUnknown) return null;
        return delegations.Items.Count > 0;
    }

    private static Outcome Private(Lookup subnet)
    {
        var value = subnet.Get("defaultOutboundAccess");
        if (value.IsUnknown) return Check.Unknown(value.Path);
        return value.Bool switch
        {
            false => Outcome.Pass,
            true => Outcome.Fail($"{value.Path} is true; must be false (reach the internet through the firewall)"),
            null => Outcome.Fail($"{value.Path} is not set; Azure's default for this API version is true; must be false"),
        };
    }

    /// <summary>
    /// Azure defaults (ADR 0011): <c>enableDdosProtection</c> is false unless set (REST reference,
    /// <i>Virtual Networks — Create Or Update</i>, "enableDdosProtection … default: false"; not re-read for
    /// this change), so unset fails.
    /// </summary>
    public static readonly ResourceRule HubDdos = new("hub-ddos",
        "Hub virtual networks are covered by a DDoS protection plan",
        "The hub carries the public IPs of the firewall, VPN gateway and Bastion; without DDoS Network Protection a volumetric attack cuts every office off.",
        Severity.High, ["MCSB:NS-5"], [VirtualNetwork],
        (r, set) =>
        {
            var hub = Topology.IsHub(r, set);
            if (hub is null) return Check.Unknown("tags.network-role");
            if (hub == false) return Outcome.NotApplicable;
            return Outcome.All(Check.Is(r, "enableDdosProtection", true),
                ItemCheck.IdSet(r.Get("ddosProtectionPlan"), "the hub must name its DDoS protection plan"));
        })
    {
        Reads = PropertyPaths.On(Subnet, "name", "resourceGroupName", "virtualNetworkName")
            .And(VirtualNetwork, "ddosProtectionPlan.id", "enableDdosProtection", "resourceGroupName", "subnets[].id", "subnets[].name", "tags.network-role", "virtualNetworkPeerings[].remoteVirtualNetwork.id")
            .And(VirtualNetworkPeering, "remoteVirtualNetwork.id", "resourceGroupName", "virtualNetworkName"),
    };
}
