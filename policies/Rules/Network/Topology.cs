using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network;

/// <summary>One subnet of a virtual network: a standalone Subnet resource, or an entry of the VNet's <c>subnets[]</c>.</summary>
/// <param name="Owner">The resource a finding about the subnet is reported on (the Subnet, or the VNet for an inline entry).</param>
/// <param name="Properties">The subnet's properties (<c>addressPrefix</c>, <c>networkSecurityGroup.id</c>…).</param>
/// <param name="Name">The subnet's Azure name, when known.</param>
/// <param name="Inline">True for an entry of the VNet's <c>subnets[]</c>.</param>
public sealed record SubnetEntry(PolicyResource Owner, Lookup Properties, string? Name, bool Inline)
{
    /// <summary>How findings name the subnet: <c>subnet 'x': </c> for an inline entry, nothing for a Subnet resource.</summary>
    public string Prefix => Inline ? $"subnet '{Name ?? Properties.Path}': " : "";
}

/// <summary>
/// Which network resource belongs to which: subnets to their virtual network, standalone security
/// rules to their NSG, routes to their route table. Children name their parent
/// (<c>virtualNetworkName</c>, <c>networkSecurityGroupName</c>) next to a <c>resourceGroupName</c>;
/// in the compiled graph those are <c>${vnet.name}</c> references, in deployed state plain names
/// (and the child's ARM id starts with its parent's).
/// </summary>
public static class Topology
{
    /// <summary>Azure's reserved subnets, which cannot (or need not) carry an NSG or a user route table.</summary>
    public static readonly IReadOnlyList<string> PlatformSubnets =
        ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "RouteServerSubnet"];

    public const string BastionSubnet = "AzureBastionSubnet";

    public static bool IsPlatformSubnet(string? name) =>
        name is not null && PlatformSubnets.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>A resource's own Azure name: its <c>name</c> output or its <c>&lt;type&gt;Name</c> input.</summary>
    public static string? AzureName(PolicyResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var typeName = resource.Type[(resource.Type.LastIndexOf(':') + 1)..] + "Name";
        var own = resource.Properties.Entries.FirstOrDefault(e => e.Key.Equals(typeName, StringComparison.OrdinalIgnoreCase));
        if (own.Value is not null && new Lookup(own.Value, false, own.Key).Text is { Length: > 0 } literal) return literal;
        return resource.Get("name").Text is { Length: > 0 } name ? name : null;
    }

    /// <summary>
    /// Whether <paramref name="name"/> (a property such as a subnet's <c>virtualNetworkName</c>) names
    /// <paramref name="target"/>: a <c>${target.name}</c> reference, or the same name as text
    /// (case-insensitively, as Azure compares names). Null when that is not known yet.
    /// </summary>
    public static bool? Names(Lookup name, PolicyResource target, ResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(set);
        if (name.Reference is { Resource: { } referenced } reference)
        {
            if (!IsNamePath(reference.Path)) return false;
            if (referenced.LogicalName == target.Name && referenced.Type == target.Type) return true;
            var other = IndexOf(set).ByLogicalName.GetValueOrDefault(referenced.LogicalName);
            var (a, b) = (other is null ? null : AzureName(other), AzureName(target));
            return a is not null && b is not null && a.Equals(b, StringComparison.OrdinalIgnoreCase);
        }
        if (name.IsUnknown) return null;
        if (name.Text is not { Length: > 0 } text) return false;
        if (AzureName(target) is { } targetName) return text.Equals(targetName, StringComparison.OrdinalIgnoreCase);
        return null; // the target's name is not known yet
    }

    /// <summary>Whether two <c>resourceGroupName</c> values name the same group; null when not known yet.</summary>
    public static bool? SameGroup(Lookup a, Lookup b, ResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (a.IsMissing && b.IsMissing) return true;
        if (a.Reference is { Resource: { } ra } refA && b.Reference is { Resource: { } rb } refB &&
            ra.LogicalName == rb.LogicalName && refA.Path == refB.Path)
            return true;
        var (x, y) = (GroupText(a, set), GroupText(b, set));
        return x is null || y is null ? null : x.Equals(y, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The parent of a child resource (a Subnet's VNet, a SecurityRule's NSG, a Route's route table):
    /// by the child's ARM id in deployed state, else by <paramref name="nameProperty"/> and
    /// <c>resourceGroupName</c>. <c>Unknown</c> is true when the names are not known yet.
    /// </summary>
    public static (PolicyResource? Parent, bool Unknown) ParentOf(PolicyResource child, ResourceSet set, string parentType, string nameProperty)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(parentType);
        var index = IndexOf(set);
        return index.Parents.GetOrAdd((child, parentType), key => FindParent(key.Child, set, index, key.ParentType, nameProperty));
    }

    private static (PolicyResource? Parent, bool Unknown) FindParent(PolicyResource child, ResourceSet set, Index index, string parentType, string nameProperty)
    {
        if (child.Id is { Length: > 0 } id)
        {
            var segments = id.TrimEnd('/').Split('/');
            if (segments.Length > 2)
            {
                var parentId = string.Join('/', segments[..^2]);
                if (set.Resolve(new Lookup(new PropertyValue.Str(parentId), false, "id")) is ({ } byId, "") && byId.Type == parentType)
                    return (byId, false);
            }
        }
        var name = child.Get(nameProperty);
        var unknown = false;
        foreach (var candidate in index.Candidates(name, parentType))
        {
            var named = Names(name, candidate, set);
            if (named == false) continue;
            var grouped = SameGroup(child.Get("resourceGroupName"), candidate.Get("resourceGroupName"), set);
            if (named == true && grouped == true) return (candidate, false);
            if (grouped != false) unknown = true;
        }
        return (null, unknown);
    }

    public static (PolicyResource? Vnet, bool Unknown) VnetOf(PolicyResource subnet, ResourceSet set) =>
        ParentOf(subnet, set, VirtualNetwork, "virtualNetworkName");

    /// <summary>
    /// The subnets of <paramref name="vnet"/>: Subnet resources that belong to it, then entries of its
    /// <c>subnets[]</c> that are not one of those (deployed state lists standalone subnets there too).
    /// </summary>
    public static IReadOnlyList<SubnetEntry> SubnetsOf(PolicyResource vnet, ResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(vnet);
        ArgumentNullException.ThrowIfNull(set);
        var standalone = IndexOf(set).SubnetsByVnet[vnet];
        var result = standalone.Select(s => new SubnetEntry(s, Whole(s), AzureName(s), Inline: false)).ToList();
        foreach (var item in vnet.Get("subnets").Items)
        {
            if (set.Resolve(item.Get("id")) is ({ Type: Subnet }, "")) continue;
            var name = item.Get("name").Text;
            if (name is not null && result.Any(r => !r.Inline && name.Equals(r.Name, StringComparison.OrdinalIgnoreCase))) continue;
            result.Add(new SubnetEntry(vnet, item, name, Inline: true));
        }
        return result;
    }

    /// <summary>A resource's properties as one lookup, so that a standalone child reads like an inline entry.</summary>
    public static Lookup Whole(PolicyResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return new Lookup(resource.Properties, false, "", resource.Type);
    }

    /// <summary>
    /// A hub, by what Azure says about the network first: a VNet holding a <c>GatewaySubnet</c> or an
    /// <c>AzureFirewallSubnet</c> is a hub (those subnets exist only for the VPN/ExpressRoute gateway and
    /// Azure Firewall, the shared services of a hub-and-spoke topology), and a VNet without them peered
    /// with such a hub is not one (it is that hub's spoke). Our <c>network-role</c> tag is only a hint,
    /// where structure says neither; null when neither is known yet.
    /// </summary>
    public static bool? IsHub(PolicyResource vnet, ResourceSet set)
    {
        if (HasHubSubnets(vnet, set)) return true;
        if (PeeredWithHub(vnet, set)) return false;
        var (role, unknown) = TagOf(vnet, "network-role");
        if (role is not null) return role.Trim().Equals("hub", StringComparison.OrdinalIgnoreCase);
        return unknown ? null : false;
    }

    /// <summary>
    /// A spoke, by structure first: not a hub by its subnets, and peered with a VNet that is (whatever
    /// its tag says). Where structure says nothing, the hint: tagged <c>network-role: spoke</c> or
    /// <c>partners</c>; untagged, peered with any network (an estate this project did not build: a peered
    /// VNet without gateway or firewall subnets routes through someone else's hub).
    /// </summary>
    public static bool? IsSpoke(PolicyResource vnet, ResourceSet set)
    {
        if (HasHubSubnets(vnet, set)) return false;
        if (PeeredWithHub(vnet, set)) return true;
        var (role, unknown) = TagOf(vnet, "network-role");
        if (role is not null)
            return role.Trim().Equals("spoke", StringComparison.OrdinalIgnoreCase) || role.Trim().Equals("partners", StringComparison.OrdinalIgnoreCase);
        if (unknown) return null;
        return vnet.Get("virtualNetworkPeerings").Items.Count > 0 || IndexOf(set).Peers[vnet].Any() ||
               set.OfType(AzureTypes.VirtualNetworkPeering).Any(p => ParentOf(p, set, AzureTypes.VirtualNetwork, "virtualNetworkName").Parent == vnet);
    }

    /// <summary>Whether the VNet holds a <c>GatewaySubnet</c> or an <c>AzureFirewallSubnet</c>: a hub by structure.</summary>
    public static bool HasHubSubnets(PolicyResource vnet, ResourceSet set) =>
        SubnetsOf(vnet, set).Any(s => s.Name is { } n && (n.Equals("GatewaySubnet", StringComparison.OrdinalIgnoreCase) ||
                                                          n.Equals("AzureFirewallSubnet", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Whether a VNet of this stack at the other end of one of the VNet's peerings is a hub by structure.</summary>
    private static bool PeeredWithHub(PolicyResource vnet, ResourceSet set) =>
        IndexOf(set).Peers[vnet].Any(peer => peer != vnet && HasHubSubnets(peer, set));

    /// <summary>
    /// The VNet a peering's <c>remoteVirtualNetwork.id</c> names: a reference or an ARM id of this
    /// stack, else the VNet of that name in that resource group (a compiled program has no ids).
    /// </summary>
    private static PolicyResource? RemoteOf(Lookup peering, ResourceSet set)
    {
        var id = peering.Get("remoteVirtualNetwork").Get("id");
        if (set.Resolve(id) is ({ Type: VirtualNetwork } byId, "")) return byId;
        if (id.Text is not { Length: > 0 } text) return null;
        var segments = text.TrimEnd('/').Split('/');
        var group = Array.FindIndex(segments, x => x.Equals("resourceGroups", StringComparison.OrdinalIgnoreCase));
        if (group < 0 || group + 1 >= segments.Length || segments.Length < 2 ||
            !segments[^2].Equals("virtualNetworks", StringComparison.OrdinalIgnoreCase))
            return null;
        return set.OfType(VirtualNetwork).FirstOrDefault(v =>
            segments[^1].Equals(AzureName(v), StringComparison.OrdinalIgnoreCase) &&
            segments[group + 1].Equals(GroupText(v.Get("resourceGroupName"), set), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A network virtual appliance by structure: one of the interface's private addresses is the next hop
    /// of a user route (<c>nextHopType: VirtualAppliance</c>) of this stack, so Azure sends traffic to it to
    /// be forwarded. (An address not known yet proves nothing; the <c>network-role: nva</c> tag is the hint then.)
    /// </summary>
    public static bool IsApplianceNextHop(PolicyResource nic, ResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(nic);
        ArgumentNullException.ThrowIfNull(set);
        var hops = IndexOf(set).ApplianceHops;
        return hops.Count > 0 && nic.Get("ipConfigurations").Items
            .Any(c => c.Get("privateIPAddress").Text is { Length: > 0 } ip && hops.Contains(ip.Trim()));
    }

    /// <summary>The tag value, or null when absent; <c>Unknown</c> when the tags are not known yet.</summary>
    public static (string? Value, bool Unknown) TagOf(PolicyResource resource, string tag)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var v = resource.Get("tags").Get(tag);
        return v.IsUnknown ? (null, true) : (v.Text, false);
    }

    public static bool TagIs(PolicyResource resource, string tag, params string[] values) =>
        TagOf(resource, tag).Value is { } v && values.Contains(v.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// An edge NSG may take 80/443 from the internet: it is tagged <c>network-edge: "true"</c>, or it
    /// protects an <c>AzureBastionSubnet</c> (Bastion's documented NSG needs 443 from Internet).
    /// </summary>
    public static bool IsEdgeNsg(PolicyResource nsg, ResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(nsg);
        ArgumentNullException.ThrowIfNull(set);
        return TagIs(nsg, "network-edge", "true") || ProtectsBastion(nsg, set);
    }

    /// <summary>
    /// By structure only: the NSG is associated with an <c>AzureBastionSubnet</c> (a Subnet resource or
    /// an inline entry names it, or, in deployed state, the NSG lists that subnet among its own).
    /// </summary>
    public static bool ProtectsBastion(PolicyResource nsg, ResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(nsg);
        ArgumentNullException.ThrowIfNull(set);
        if (IndexOf(set).BastionNsgs.Contains(nsg)) return true;
        // Deployed state: the NSG lists the subnets it is associated with.
        return nsg.Get("subnets").Items.Any(s => s.Get("id").Text?.TrimEnd('/')
            .EndsWith("/subnets/" + BastionSubnet, StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>
    /// Whether an <c>…id</c> property is set: a value, a reference or a value not known yet all count
    /// as set (the id exists, only its text is pending); null when the whole object is not known yet.
    /// </summary>
    public static bool? IsSet(Lookup container, string idPath = "id")
    {
        if (container.IsUnknown && container.Value is null) return null;
        if (container.IsMissing) return false;
        if (container.IsUnknown) return true; // a reference to another resource
        var id = container.Get(idPath);
        return id.IsUnknown || id.Text is { Length: > 0 };
    }

    private static bool IsNamePath(string path) =>
        path.Equals("name", StringComparison.Ordinal) || path.EndsWith("Name", StringComparison.Ordinal);

    private static string? GroupText(Lookup group, ResourceSet set)
    {
        if (group.Reference is { Resource: { } referenced } reference)
        {
            if (!IsNamePath(reference.Path)) return null;
            var rg = IndexOf(set).ByLogicalName.GetValueOrDefault(referenced.LogicalName);
            return rg is null ? null : AzureName(rg);
        }
        return group.IsUnknown ? null : group.Text;
    }

    /// <summary>The resource of the set with this logical name (the target of a <c>${name…}</c> reference); null when none.</summary>
    public static PolicyResource? ByLogicalName(ResourceSet set, string logicalName)
    {
        ArgumentNullException.ThrowIfNull(set);
        return IndexOf(set).ByLogicalName.GetValueOrDefault(logicalName);
    }

    private static Index IndexOf(ResourceSet set) => set.Memo("network/topology", s => new Index(s));

    /// <summary>
    /// Lookups built once per resource set (a set never changes): resources by logical name and by
    /// Azure name, each child's parent, each VNet's Subnet resources. Without them, matching every
    /// subnet to every VNet is quadratic per VNet and takes seconds on a 10,000-resource export.
    /// </summary>
    private sealed class Index(ResourceSet set)
    {
        private readonly ConcurrentDictionary<string, (ILookup<string, PolicyResource> Named, IReadOnlyList<PolicyResource> Unnamed)> _byAzureName = new(StringComparer.Ordinal);
        private ILookup<PolicyResource, PolicyResource>? _subnetsByVnet;
        private HashSet<PolicyResource>? _bastionNsgs;
        private ILookup<PolicyResource, PolicyResource>? _peers;
        private HashSet<string>? _applianceHops;

        /// <summary>The next-hop addresses of every route to a virtual appliance (route tables' <c>routes[]</c> and Route resources).</summary>
        public HashSet<string> ApplianceHops => _applianceHops ??= set.OfType(RouteTable).SelectMany(t => t.Get("routes").Items)
            .Concat(set.OfType(Route).Select(Whole))
            .Where(r => "VirtualAppliance".Equals(r.Get("nextHopType").Text, StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Get("nextHopIpAddress").Text?.Trim())
            .OfType<string>()
            .Where(ip => ip.Length > 0)
            .ToHashSet(StringComparer.Ordinal);

        public Dictionary<string, PolicyResource> ByLogicalName { get; } = set.Resources
            .GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        public ConcurrentDictionary<(PolicyResource Child, string ParentType), (PolicyResource?, bool)> Parents { get; } = new(ChildComparer.Instance);

        /// <summary>
        /// The resources of <paramref name="type"/> that <paramref name="name"/> could name: those
        /// with that Azure name, or whose name is not known; every one when the name is not known.
        /// </summary>
        public IEnumerable<PolicyResource> Candidates(Lookup name, string type)
        {
            var (named, unnamed) = _byAzureName.GetOrAdd(type, t =>
            {
                var all = set.OfType(t).Select(r => (Resource: r, Name: AzureName(r))).ToList();
                return (all.Where(x => x.Name is not null).ToLookup(x => x.Name!, x => x.Resource, StringComparer.OrdinalIgnoreCase),
                        all.Where(x => x.Name is null).Select(x => x.Resource).ToList());
            });
            string? text;
            if (name.Reference is { Resource: { } referenced })
            {
                if (!ByLogicalName.TryGetValue(referenced.LogicalName, out var target)) return [];
                text = AzureName(target);
                if (target.Type == type) return text is null ? [target] : named[text].Prepend(target).Distinct(SameResource.Instance);
            }
            else if (name.IsUnknown)
                return set.OfType(type);
            else
                text = name.Text;
            return text is null ? [] : named[text].Concat(unnamed);
        }

        /// <summary>The NSGs that an <c>AzureBastionSubnet</c> (a Subnet resource or an inline entry) names.</summary>
        public HashSet<PolicyResource> BastionNsgs =>
            _bastionNsgs ??= set.OfType(Subnet).Select(s => (Subnet: Whole(s), Name: AzureName(s)))
                .Concat(set.OfType(VirtualNetwork).SelectMany(v => v.Get("subnets").Items).Select(s => (Subnet: s, Name: s.Get("name").Text)))
                .Where(s => BastionSubnet.Equals(s.Name, StringComparison.OrdinalIgnoreCase))
                .Select(s => set.Resolve(s.Subnet.Get("networkSecurityGroup.id")))
                .Where(r => r is ({ Type: NetworkSecurityGroup }, ""))
                .Select(r => r.Resource!)
                .ToHashSet(SameResource.Instance);

        /// <summary>
        /// Each VNet's peers, whichever side declares the peering: a VirtualNetworkPeering resource
        /// (its parent VNet and its remote) or an entry of a VNet's <c>virtualNetworkPeerings[]</c>.
        /// </summary>
        public ILookup<PolicyResource, PolicyResource> Peers => _peers ??= PeerEdges()
            .SelectMany(e => new[] { e, (From: e.To, To: e.From) })
            .ToLookup(e => e.From, e => e.To, SameResource.Instance);

        private IEnumerable<(PolicyResource From, PolicyResource To)> PeerEdges()
        {
            foreach (var peering in set.OfType(VirtualNetworkPeering))
                if (ParentOf(peering, set, VirtualNetwork, "virtualNetworkName").Parent is { } parent && RemoteOf(Whole(peering), set) is { } remote)
                    yield return (parent, remote);
            foreach (var vnet in set.OfType(VirtualNetwork))
                foreach (var peering in vnet.Get("virtualNetworkPeerings").Items)
                    if (RemoteOf(peering, set) is { } remote)
                        yield return (vnet, remote);
        }

        public ILookup<PolicyResource, PolicyResource> SubnetsByVnet =>
            _subnetsByVnet ??= set.OfType(Subnet)
                .Select(s => (Subnet: s, Vnet: VnetOf(s, set).Vnet))
                .Where(x => x.Vnet is not null)
                .ToLookup(x => x.Vnet!, x => x.Subnet, SameResource.Instance);
    }

    private sealed class SameResource : IEqualityComparer<PolicyResource>
    {
        public static readonly SameResource Instance = new();

        public bool Equals(PolicyResource? x, PolicyResource? y) => ReferenceEquals(x, y);

        public int GetHashCode(PolicyResource obj) => RuntimeHelpers.GetHashCode(obj);
    }

    private sealed class ChildComparer : IEqualityComparer<(PolicyResource Child, string ParentType)>
    {
        public static readonly ChildComparer Instance = new();

        public bool Equals((PolicyResource Child, string ParentType) x, (PolicyResource Child, string ParentType) y) =>
            ReferenceEquals(x.Child, y.Child) && string.Equals(x.ParentType, y.ParentType, StringComparison.Ordinal);

        public int GetHashCode((PolicyResource Child, string ParentType) obj) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Child), StringComparer.Ordinal.GetHashCode(obj.ParentType));
    }
}
