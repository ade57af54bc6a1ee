using System.Net;
using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network.Reach;

/// <summary>One subnet as the reachability model sees it.</summary>
internal sealed class SubnetNode(VnetNode vnet, SubnetEntry entry, IReadOnlyList<Block> blocks)
{
    public VnetNode Vnet { get; } = vnet;
    public SubnetEntry Entry { get; } = entry;
    public string Name { get; } = entry.Name ?? entry.Properties.Path;
    public IReadOnlyList<Block> Blocks { get; } = blocks;
    public PolicyResource? Nsg { get; set; }
    public PolicyResource? RouteTable { get; set; }

    /// <summary><c>privateEndpointNetworkPolicies</c>: whether the NSG applies to private endpoints in the subnet.</summary>
    public bool NsgAppliesToPrivateEndpoints { get; set; }

    public string Label => $"{Vnet.Name}/{Name}";
    public bool IsPlatform => Topology.IsPlatformSubnet(Entry.Name);
    public bool IsBastion => Topology.BastionSubnet.Equals(Entry.Name, StringComparison.OrdinalIgnoreCase);
}

internal sealed class VnetNode(PolicyResource resource, string name, IReadOnlyList<Block> blocks)
{
    public PolicyResource Resource { get; } = resource;
    public string Name { get; } = name;
    public IReadOnlyList<Block> Blocks { get; } = blocks;
    public List<SubnetNode> Subnets { get; } = [];
    public List<PeeringNode> Peerings { get; } = [];
    public List<GatewayNode> Gateways { get; } = [];

    /// <summary>What the <c>VirtualNetwork</c> service tag stands for in an NSG of this network (see <see cref="ReachNetwork"/>).</summary>
    public AddressMatch VirtualNetworkTag { get; set; } = AddressMatch.Nothing;
}

internal sealed record PeeringNode(PolicyResource Resource, VnetNode Local, VnetNode? Remote, bool Access, bool Forwarded, bool GatewayTransit, bool UseRemoteGateways);

internal sealed class GatewayNode(PolicyResource resource, VnetNode vnet, SubnetNode? subnet)
{
    public PolicyResource Resource { get; } = resource;
    public VnetNode Vnet { get; } = vnet;
    public SubnetNode? Subnet { get; } = subnet;
    public List<ConnectionNode> Connections { get; } = [];
    public string Name => Topology.AzureName(Resource) ?? Resource.Name;
}

/// <summary>
/// A site-to-site connection and the site behind it (its local network gateway's prefixes). With
/// policy-based traffic selectors and custom selector policies, only the listed (local, remote)
/// pairs cross the tunnel; otherwise any pair does.
/// </summary>
internal sealed record ConnectionNode(PolicyResource Resource, PolicyResource Local, GatewayNode Gateway, IReadOnlyList<Block> Prefixes,
    IReadOnlyList<(AddressMatch Local, AddressMatch Remote)>? Selectors, string SiteKey, string SiteKind)
{
    public string Name => Topology.AzureName(Resource) ?? Resource.Name;
}

internal sealed record FirewallNode(PolicyResource Resource, SubnetNode? Subnet, IReadOnlyList<IPAddress> PrivateAddresses, PolicyResource? Policy, bool ClassicRules)
{
    public string Name => Topology.AzureName(Resource) ?? Resource.Name;
}

internal sealed record EndpointNode(PolicyResource Resource, SubnetNode Subnet, IReadOnlyList<string> GroupIds, IReadOnlyList<PolicyResource> Targets)
{
    public string Name => Topology.AzureName(Resource) ?? Resource.Name;
}

internal sealed record NicNode(PolicyResource Resource, SubnetNode Subnet, PolicyResource? Nsg, bool PublicIp);

internal sealed record BastionNode(PolicyResource Resource, SubnetNode Subnet)
{
    public string Name => Topology.AzureName(Resource) ?? Resource.Name;
}

/// <summary>
/// The network of one resource set, read once: virtual networks and their subnets, NSGs and route
/// tables, peerings, VPN gateways with their site connections, firewalls, private endpoints,
/// network interfaces and Bastion hosts. Built from what any resource set holds (the compiled
/// program or a stack export), recognising every part by its Azure type and properties, never by
/// our names; the <c>site</c> and <c>site-kind</c> tags only name a site and say whether it is an
/// office or a partner, which structure cannot tell.
/// </summary>
internal sealed class ReachNetwork
{
    public List<VnetNode> Vnets { get; } = [];
    public List<ConnectionNode> Connections { get; } = [];
    public List<FirewallNode> Firewalls { get; } = [];
    public List<EndpointNode> Endpoints { get; } = [];
    public List<NicNode> Nics { get; } = [];
    public List<BastionNode> Bastions { get; } = [];
    public ResourceSet Set { get; }

    private readonly Dictionary<PolicyResource, SubnetNode> _bySubnetResource = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<PolicyResource, VnetNode> _byVnet = new(ReferenceEqualityComparer.Instance);

    public static ReachNetwork Of(ResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return set.Memo("network/reach", s => new ReachNetwork(s));
    }

    private ReachNetwork(ResourceSet set)
    {
        Set = set;
        foreach (var vnet in set.OfType(VirtualNetwork).OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            var node = new VnetNode(vnet, Topology.AzureName(vnet) ?? vnet.Name, Blocks(vnet.Get("addressSpace.addressPrefixes").Texts));
            foreach (var entry in Topology.SubnetsOf(vnet, set))
            {
                var p = entry.Properties;
                var subnet = new SubnetNode(node, entry, Blocks(p.Get("addressPrefixes").Texts.Append(p.Get("addressPrefix").Text).OfType<string>()))
                {
                    Nsg = Resolve(p.Get("networkSecurityGroup.id"), NetworkSecurityGroup),
                    RouteTable = Resolve(p.Get("routeTable.id"), RouteTable),
                    // "Enabled" and "NetworkSecurityGroupEnabled" apply NSGs to private endpoints; unset is
                    // "Disabled" (Learn: Manage network policies for private endpoints).
                    NsgAppliesToPrivateEndpoints = p.Get("privateEndpointNetworkPolicies").Text is { } policies &&
                        (policies.Equals("Enabled", StringComparison.OrdinalIgnoreCase) || policies.Equals("NetworkSecurityGroupEnabled", StringComparison.OrdinalIgnoreCase)),
                };
                node.Subnets.Add(subnet);
                if (!entry.Inline) _bySubnetResource[entry.Owner] = subnet;
            }
            Vnets.Add(node);
            _byVnet[vnet] = node;
        }

        foreach (var vnet in Vnets)
        {
            foreach (var item in vnet.Resource.Get("virtualNetworkPeerings").Items)
                if (!(set.Resolve(item.Get("id")) is ({ Type: VirtualNetworkPeering }, "")))
                    vnet.Peerings.Add(Peering(vnet.Resource, item, vnet));
        }
        foreach (var peering in set.OfType(VirtualNetworkPeering))
            if (Topology.ParentOf(peering, set, VirtualNetwork, "virtualNetworkName").Parent is { } parent && _byVnet.TryGetValue(parent, out var local))
                local.Peerings.Add(Peering(peering, Topology.Whole(peering), local));

        foreach (var gateway in set.OfType(VirtualNetworkGateway))
        {
            var subnet = gateway.Get("ipConfigurations").Items.Select(c => SubnetAt(c.Get("subnet.id"))).FirstOrDefault(s => s is not null);
            if (subnet is null) continue;
            var node = new GatewayNode(gateway, subnet.Vnet, subnet);
            subnet.Vnet.Gateways.Add(node);
        }
        var gateways = Vnets.SelectMany(v => v.Gateways).ToList();
        foreach (var connection in set.OfType(Connection).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var (gw, _) = set.Resolve(connection.Get("virtualNetworkGateway1.id"));
            var (lgw, _) = set.Resolve(connection.Get("localNetworkGateway2.id"));
            var gateway = gateways.FirstOrDefault(g => ReferenceEquals(g.Resource, gw));
            if (gateway is null || lgw is not { Type: LocalNetworkGateway }) continue;
            var key = TagText(lgw, "site") ?? TagText(connection, "site") ?? Topology.AzureName(lgw) ?? lgw.Name;
            var kind = (TagText(lgw, "site-kind") ?? TagText(connection, "site-kind") ?? "site").Trim().ToLowerInvariant();
            IReadOnlyList<(AddressMatch, AddressMatch)>? selectors = null;
            var policies = connection.Get("trafficSelectorPolicies").Items;
            if (connection.Get("usePolicyBasedTrafficSelectors").Bool == true && policies.Count > 0)
                selectors = [.. policies.Select(t => (Literal(t.Get("localAddressRanges")), Literal(t.Get("remoteAddressRanges"))))];
            var node = new ConnectionNode(connection, lgw, gateway, Blocks(lgw.Get("localNetworkAddressSpace.addressPrefixes").Texts), selectors, key, kind);
            gateway.Connections.Add(node);
            Connections.Add(node);
        }

        foreach (var firewall in set.OfType(AzureFirewall).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var configs = firewall.Get("ipConfigurations").Items;
            var subnet = configs.Select(c => SubnetAt(c.Get("subnet.id"))).FirstOrDefault(s => s is not null);
            var addresses = configs.Select(c => c.Get("privateIPAddress").Text).OfType<string>()
                .Select(t => IPAddress.TryParse(t, out var a) ? a : null).OfType<IPAddress>().ToList();
            var (policy, _) = set.Resolve(firewall.Get("firewallPolicy.id"));
            var classic = firewall.Get("networkRuleCollections").Items.Count + firewall.Get("applicationRuleCollections").Items.Count +
                          firewall.Get("natRuleCollections").Items.Count > 0;
            Firewalls.Add(new FirewallNode(firewall, subnet, addresses, policy is { Type: FirewallPolicy } ? policy : null, classic));
        }

        foreach (var endpoint in set.OfType(PrivateEndpoint).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (SubnetAt(endpoint.Get("subnet.id")) is not { } subnet) continue;
            var connections = endpoint.Get("privateLinkServiceConnections").Items.Concat(endpoint.Get("manualPrivateLinkServiceConnections").Items).ToList();
            var targets = connections.Select(c => set.Resolve(c.Get("privateLinkServiceId"))).Where(r => r.Resource is not null && r.Suffix.Length == 0)
                .Select(r => r.Resource!).Distinct().ToList();
            Endpoints.Add(new EndpointNode(endpoint, subnet, [.. connections.SelectMany(c => c.Get("groupIds").Texts).Distinct(StringComparer.OrdinalIgnoreCase)], targets));
        }

        foreach (var nic in set.OfType(NetworkInterface).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var configs = nic.Get("ipConfigurations").Items;
            var subnet = configs.Select(c => SubnetAt(c.Get("subnet.id"))).FirstOrDefault(s => s is not null);
            if (subnet is null) continue;
            var pip = configs.Any(c => Topology.IsSet(c.Get("publicIPAddress")) != false);
            Nics.Add(new NicNode(nic, subnet, Resolve(nic.Get("networkSecurityGroup.id"), NetworkSecurityGroup), pip));
        }

        foreach (var bastion in set.OfType(BastionHost).OrderBy(b => b.Name, StringComparer.Ordinal))
            if (bastion.Get("ipConfigurations").Items.Select(c => SubnetAt(c.Get("subnet.id"))).FirstOrDefault(s => s is not null) is { } subnet)
                Bastions.Add(new BastionNode(bastion, subnet));

        foreach (var vnet in Vnets) vnet.VirtualNetworkTag = VirtualNetworkTagOf(vnet);
    }

    /// <summary>The subnet an <c>…subnet.id</c> value points at: a Subnet resource, or a VNet's id plus <c>/subnets/NAME</c>.</summary>
    public SubnetNode? SubnetAt(Lookup id)
    {
        var (resource, suffix) = Set.Resolve(id);
        if (resource is null) return null;
        if (resource.Type == Subnet && suffix.Length == 0) return _bySubnetResource.GetValueOrDefault(resource);
        const string Marker = "/subnets/";
        if (resource.Type == VirtualNetwork && suffix.StartsWith(Marker, StringComparison.OrdinalIgnoreCase) && _byVnet.TryGetValue(resource, out var vnet))
        {
            var name = suffix[Marker.Length..].Split('/')[0];
            return vnet.Subnets.FirstOrDefault(s => name.Equals(s.Entry.Name, StringComparison.OrdinalIgnoreCase));
        }
        return null;
    }

    public VnetNode? VnetOf(PolicyResource? vnet) => vnet is null ? null : _byVnet.GetValueOrDefault(vnet);

    private readonly Dictionary<(string, object?, bool, object?), object> _cache = new(CacheKeyComparer.Instance);

    /// <summary>
    /// Something worked out once per network and kept (an NSG's parsed rules, a firewall policy's…):
    /// the key's objects compare by reference.
    /// </summary>
    public object Cached((string Kind, object? A, bool B, object? C) key, Func<object> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        lock (_cache)
        {
            if (_cache.TryGetValue(key, out var value)) return value;
        }
        var built = build();
        lock (_cache) _cache[key] = built;
        return built;
    }

    private sealed class CacheKeyComparer : IEqualityComparer<(string, object?, bool, object?)>
    {
        public static readonly CacheKeyComparer Instance = new();
        public bool Equals((string, object?, bool, object?) x, (string, object?, bool, object?) y) =>
            x.Item1 == y.Item1 && ReferenceEquals(x.Item2, y.Item2) && x.Item3 == y.Item3 && ReferenceEquals(x.Item4, y.Item4);
        public int GetHashCode((string, object?, bool, object?) obj) => HashCode.Combine(obj.Item1,
            obj.Item2 is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item2), obj.Item3,
            obj.Item4 is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item4));
    }

    /// <summary>The standalone children of each parent (Route resources by route table…), in the set's order, indexed once.</summary>
    private Dictionary<PolicyResource, List<PolicyResource>> ChildrenByParent(string childType, string parentType, string nameProperty) =>
        (Dictionary<PolicyResource, List<PolicyResource>>)Cached(("children:" + childType, null, false, null), () =>
        {
            var index = new Dictionary<PolicyResource, List<PolicyResource>>(ReferenceEqualityComparer.Instance);
            foreach (var child in Set.OfType(childType))
                if (Topology.ParentOf(child, Set, parentType, nameProperty).Parent is { } parent)
                {
                    if (!index.TryGetValue(parent, out var list)) index[parent] = list = [];
                    list.Add(child);
                }
            return index;
        });

    /// <summary>The route table's routes: its <c>routes[]</c> and the Route resources that belong to it.</summary>
    public IReadOnlyList<Lookup> RoutesOf(PolicyResource table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return (IReadOnlyList<Lookup>)Cached(("routes", table, false, null), () => ReadRoutes(table));
    }

    private IReadOnlyList<Lookup> ReadRoutes(PolicyResource table)
    {
        var standalone = ChildrenByParent(Route, RouteTable, "routeTableName").GetValueOrDefault(table) ?? [];
        var names = standalone.Select(r => Topology.AzureName(r)).OfType<string>().ToList();
        return [.. table.Get("routes").Items.Where(i => !(Set.Resolve(i.Get("id")) is ({ Type: Route }, "")) &&
                                                     !(i.Get("name").Text is { } n && names.Contains(n, StringComparer.OrdinalIgnoreCase))),
                .. standalone.Select(Topology.Whole)];
    }

    /// <summary>An NSG's rules: its <c>securityRules[]</c> and the SecurityRule resources that belong to it.</summary>
    public IReadOnlyList<Lookup> SecurityRulesOf(PolicyResource nsg)
    {
        ArgumentNullException.ThrowIfNull(nsg);
        return (IReadOnlyList<Lookup>)Cached(("security-rules", nsg, false, null), () => ReadSecurityRules(nsg));
    }

    private IReadOnlyList<Lookup> ReadSecurityRules(PolicyResource nsg)
    {
        var standalone = ChildrenByParent(SecurityRule, NetworkSecurityGroup, "networkSecurityGroupName").GetValueOrDefault(nsg) ?? [];
        var names = standalone.Select(r => Topology.AzureName(r) ?? r.Get("securityRuleName").Text).OfType<string>().ToList();
        return [.. nsg.Get("securityRules").Items.Where(i => !(Set.Resolve(i.Get("id")) is ({ Type: SecurityRule }, "")) &&
                                                           !(i.Get("name").Text is { } n && names.Contains(n, StringComparer.OrdinalIgnoreCase))),
                .. standalone.Select(Topology.Whole)];
    }

    /// <summary>
    /// Azure's <c>VirtualNetwork</c> tag: "the address space of the virtual network, all connected
    /// on-premises address spaces, peered virtual networks, virtual networks connected to a virtual
    /// network gateway, … and address prefixes used on user-defined routes. This tag might also contain
    /// default routes" (Learn, <i>Virtual network service tags</i>). So a network whose route tables
    /// hold a 0.0.0.0/0 route gets every address here — the reading that reports more reachability.
    /// </summary>
    private AddressMatch VirtualNetworkTagOf(VnetNode vnet)
    {
        var blocks = new List<Block>(vnet.Blocks);
        var opaque = false;
        foreach (var peering in vnet.Peerings)
        {
            if (peering.Remote is { } remote) blocks.AddRange(remote.Blocks);
            else
            {
                var space = peering.Resource.Type == VirtualNetworkPeering ? peering.Resource.Get("remoteAddressSpace.addressPrefixes").Texts : [];
                if (space.Count > 0) blocks.AddRange(Blocks(space));
                else opaque = true; // a peer outside this set: its space is not known here
            }
        }
        foreach (var gateway in GatewaysServing(vnet))
            foreach (var connection in gateway.Connections)
                blocks.AddRange(connection.Prefixes);
        foreach (var table in vnet.Subnets.Select(s => s.RouteTable).OfType<PolicyResource>().Distinct())
            foreach (var route in RoutesOf(table))
                if (route.Get("addressPrefix").Text is { } prefix && Block.Parse(prefix) is { } block)
                {
                    if (block.First == UInt128.Zero && block.Last >= uint.MaxValue) return AddressMatch.Everything with { Names = ["VirtualNetwork"] };
                    blocks.Add(block);
                }
        return new AddressMatch([.. blocks.Distinct()], false, false, false, opaque, ["VirtualNetwork"]);
    }

    /// <summary>The VPN gateways whose routes a network learns: its own, and a hub's through a peering that uses remote gateways.</summary>
    public static IEnumerable<GatewayNode> GatewaysServing(VnetNode vnet)
    {
        ArgumentNullException.ThrowIfNull(vnet);
        foreach (var g in vnet.Gateways) yield return g;
        foreach (var peering in vnet.Peerings)
            if (peering.UseRemoteGateways && peering.Remote is { } remote)
                foreach (var g in remote.Gateways) yield return g;
    }

    /// <summary>The other side of a peering: the remote network's peering back to <paramref name="local"/>, if this set holds it.</summary>
    public static PeeringNode? ReverseOf(VnetNode local, VnetNode remote) =>
        remote.Peerings.FirstOrDefault(p => ReferenceEquals(p.Remote, local));

    private PeeringNode Peering(PolicyResource resource, Lookup p, VnetNode local)
    {
        var (remote, _) = Set.Resolve(p.Get("remoteVirtualNetwork.id"));
        // allowVirtualNetworkAccess defaults to true; the others to false (Learn, virtual network peering REST reference).
        return new PeeringNode(resource, local, remote is { Type: VirtualNetwork } ? _byVnet.GetValueOrDefault(remote) : null,
            p.Get("allowVirtualNetworkAccess").Bool != false, p.Get("allowForwardedTraffic").Bool == true,
            p.Get("allowGatewayTransit").Bool == true, p.Get("useRemoteGateways").Bool == true);
    }

    private PolicyResource? Resolve(Lookup id, string type) => Set.Resolve(id) is ({ } r, "") && r.Type == type ? r : null;

    private static string? TagText(PolicyResource resource, string tag) => Topology.TagOf(resource, tag).Value is { Length: > 0 } v ? v.Trim() : null;

    public static IReadOnlyList<Block> Blocks(IEnumerable<string> texts) => [.. texts.Select(Block.Parse).OfType<Block>().Distinct()];

    /// <summary>A list of address ranges written as CIDR blocks (traffic selectors); anything else is opaque.</summary>
    private static AddressMatch Literal(Lookup list)
    {
        var blocks = new List<Block>();
        var opaque = list.AnyUnknown;
        foreach (var text in list.Texts)
        {
            if (Block.Parse(text) is { } b) blocks.Add(b);
            else opaque = true;
        }
        return new AddressMatch(blocks, false, false, false, opaque, [.. list.Texts]);
    }
}
