using System.Globalization;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Reports.Topology;

/// <summary>
/// The estate's network topology as drawn by <c>infra graph</c>, read from compiled resource graphs (never
/// from the config): one <see cref="TopologyRegion"/> per stack, the on-premises sites with their tunnels
/// into each region, and the links between regions. Every list is sorted, so the same graphs always give
/// the same picture.
/// </summary>
public sealed record EstateTopology(
    IReadOnlyList<TopologyRegion> Regions,
    IReadOnlyList<TopologySite> Sites,
    IReadOnlyList<RegionLink> Links)
{
    public const string UnknownTier = "";

    /// <summary>
    /// Reads the topology of one or more stacks of the same estate (e.g. <c>prod</c> and <c>prod-dr</c>), the
    /// primary region first. Sites connected to several regions become one site with a tunnel to each.
    /// </summary>
    public static EstateTopology From(IReadOnlyList<ResourceGraph> graphs)
    {
        ArgumentNullException.ThrowIfNull(graphs);
        var regions = graphs.Select(ReadRegion).OrderBy(r => r.Role == "dr" ? 1 : 0).ThenBy(r => r.Location, StringComparer.Ordinal).ToList();
        var sites = new SortedDictionary<string, TopologySite>(StringComparer.Ordinal);
        var links = new List<RegionLink>();
        foreach (var graph in graphs)
        {
            var region = regions.Single(r => r.Stack == graph.Stack);
            foreach (var connection in graph.Resources.Where(r => r.Type == Types.Connection))
            {
                var inputs = connection.Inputs;
                var gateway = RefTarget(inputs["virtualNetworkGateway1"]);
                if (RefTarget(inputs["localNetworkGateway2"]) is { } local)
                {
                    var prefixes = Strings(Path(local.Inputs, "localNetworkAddressSpace", "addressPrefixes"));
                    // A local network gateway for another region's address space is a hub-to-hub tunnel, not a site.
                    if (regions.FirstOrDefault(other => other != region && other.Contains(prefixes)) is { } remoteRegion)
                    {
                        links.Add(new RegionLink(region.Location, remoteRegion.Location, "IPsec VPN (hub to hub)", connection.LogicalName));
                        continue;
                    }
                    var tags = Tags(local);
                    var key = tags.GetValueOrDefault("site") ?? Str(local.Inputs["localNetworkGatewayName"]) ?? local.LogicalName;
                    var tunnel = new SiteTunnel(region.Location, gateway?.LogicalName ?? "", Tags(connection).GetValueOrDefault("connection-role") ?? "active",
                        $"{Str(inputs["connectionType"])} {Str(inputs["connectionProtocol"])}".Trim(), IpsecSummary(inputs["ipsecPolicies"]), connection.LogicalName);
                    var bgp = Path(local.Inputs, "bgpSettings", "asn") is PropertyValue.Num asn ? (long?)asn.Value : null;
                    sites[key] = sites.TryGetValue(key, out var known)
                        ? known with { Tunnels = known.Tunnels.Append(tunnel).OrderBy(t => t.Region, StringComparer.Ordinal).ToList() }
                        : new TopologySite(key, tags.GetValueOrDefault("site-kind") ?? "site", prefixes,
                            Str(local.Inputs["gatewayIpAddress"]) ?? "", bgp, [tunnel]);
                }
                else if (Foreign(inputs["virtualNetworkGateway2"]) is { } remoteGateway)
                {
                    var remote = regions.FirstOrDefault(r => r != region && r.GatewayName == remoteGateway);
                    links.Add(new RegionLink(region.Location, remote?.Location ?? remoteGateway, "VNet-to-VNet VPN", connection.LogicalName));
                }
            }
            foreach (var peering in graph.Resources.Where(r => r.Type == Types.Peering))
            {
                if (Foreign(Path(peering.Inputs, "remoteVirtualNetwork", "id")) is not { } remoteVnet) continue;
                var remote = regions.FirstOrDefault(r => r != region && r.Networks.Any(n => n.Name == remoteVnet));
                links.Add(new RegionLink(region.Location, remote?.Location ?? remoteVnet, "global VNet peering", peering.LogicalName));
            }
        }
        // Both ends usually declare the link (a peering per direction): one line per pair of regions and kind.
        var distinct = links
            .GroupBy(l => (A: string.CompareOrdinal(l.From, l.To) <= 0 ? l.From : l.To, B: string.CompareOrdinal(l.From, l.To) <= 0 ? l.To : l.From, l.Kind))
            .Select(g => new RegionLink(g.Key.A, g.Key.B, g.Key.Kind, string.Join(", ", g.Select(l => l.Resource).Order(StringComparer.Ordinal))))
            .OrderBy(l => l.From, StringComparer.Ordinal).ThenBy(l => l.To, StringComparer.Ordinal).ThenBy(l => l.Kind, StringComparer.Ordinal)
            .ToList();
        return new EstateTopology(regions, sites.Values.OrderBy(s => KindOrder(s.Kind)).ThenBy(s => s.Key, StringComparer.Ordinal).ToList(), distinct);
    }

    /// <summary>
    /// How a link between regions is labelled everywhere it is drawn: its kind and each end's region
    /// with the hub address space there, e.g. <c>global VNet peering: uaecentral 10.41.0.0/23 ⇄ uaenorth 10.40.0.0/23</c>
    /// (a region whose stack is not drawn has no known address space).
    /// </summary>
    public string Describe(RegionLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        string End(string location) =>
            Regions.FirstOrDefault(r => r.Location == location)?.Hub is { } hub ? $"{location} {string.Join(", ", hub.AddressSpace)}" : location;
        return $"{link.Kind}: {End(link.From)} ⇄ {End(link.To)}";
    }

    private static int KindOrder(string kind) => kind switch { "headquarters" => 0, "partner" => 1, "office" => 2, _ => 3 };

    private static TopologyRegion ReadRegion(ResourceGraph graph)
    {
        var resources = graph.Resources;
        var subnetsByVnet = resources.Where(r => r.Type == Types.Subnet)
            .GroupBy(s => RefTarget(s.Inputs["virtualNetworkName"])?.LogicalName ?? "")
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var endpoints = resources.Where(r => r.Type == Types.PrivateEndpoint).ToList();

        TopologySubnet Subnet(Resource s)
        {
            var name = Str(s.Inputs["subnetName"]) ?? s.LogicalName;
            var pes = endpoints.Where(e => RefTarget(Path(e.Inputs, "subnet", "id")) == s)
                .Select(e => Endpoint(e)).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            return new TopologySubnet(name, Str(s.Inputs["addressPrefix"]) ?? "", pes);
        }

        var networks = resources.Where(r => r.Type == Types.Vnet).Select(v =>
        {
            var tags = Tags(v);
            var subnets = subnetsByVnet.GetValueOrDefault(v.LogicalName, []).Select(Subnet).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
            return new TopologyNetwork(Str(v.Inputs["virtualNetworkName"]) ?? v.LogicalName, v.LogicalName, tags.GetValueOrDefault("network-role") ?? "spoke",
                Strings(Path(v.Inputs, "addressSpace", "addressPrefixes")), subnets, Tier(tags), tags.GetValueOrDefault("data-classification") ?? "",
                v.Inputs["ddosProtectionPlan"] is not null);
        }).OrderBy(n => n.Role == "hub" ? 0 : n.Role == "partners" ? 2 : 1).ThenBy(n => n.Name, StringComparer.Ordinal).ToList();

        string VnetOf(PropertyValue? subnetId) =>
            RefTarget(subnetId) is { } subnet && RefTarget(subnet.Inputs["virtualNetworkName"]) is { } vnet ? vnet.LogicalName : "";

        var appliances = new List<TopologyAppliance>();
        foreach (var r in resources)
        {
            var tags = Tags(r);
            switch (r.Type)
            {
                case Types.Firewall:
                    appliances.Add(new TopologyAppliance("firewall", Str(r.Inputs["azureFirewallName"]) ?? r.LogicalName,
                        $"Azure Firewall {Str(Path(r.Inputs, "sku", "tier"))}", VnetOf(Path(r.Inputs, "ipConfigurations", 0, "subnet", "id")), Tier(tags), r.LogicalName));
                    break;
                case Types.Gateway:
                    var asn = Path(r.Inputs, "bgpSettings", "asn") is PropertyValue.Num n ? $", BGP AS {n.Text}" : "";
                    var active = r.Inputs["activeActive"] is PropertyValue.Bool { Value: true } ? " active-active" : "";
                    appliances.Add(new TopologyAppliance("vpn-gateway", Str(r.Inputs["virtualNetworkGatewayName"]) ?? r.LogicalName,
                        $"VPN gateway {Str(Path(r.Inputs, "sku", "name"))}{active}{asn}", VnetOf(Path(r.Inputs, "ipConfigurations", 0, "subnet", "id")), Tier(tags), r.LogicalName));
                    break;
                case Types.Bastion:
                    appliances.Add(new TopologyAppliance("bastion", Str(r.Inputs["bastionHostName"]) ?? r.LogicalName,
                        $"Bastion {Str(Path(r.Inputs, "sku", "name"))}", VnetOf(Path(r.Inputs, "ipConfigurations", 0, "subnet", "id")), Tier(tags), r.LogicalName));
                    break;
            }
        }

        var targets = endpoints.Select(e => RefTarget(Path(e.Inputs, "privateLinkServiceConnections", 0, "privateLinkServiceId")))
            .OfType<Resource>().Distinct().Select(t =>
            {
                var tags = Tags(t);
                var name = Str(t.Inputs["accountName"]) ?? Str(t.Inputs["vaultName"]) ?? t.LogicalName;
                var kind = t.Type switch
                {
                    Types.Storage => $"storage {Str(Path(t.Inputs, "sku", "name"))}",
                    Types.KeyVault => "key vault",
                    _ => t.Type[(t.Type.LastIndexOf(':') + 1)..],
                };
                var pes = endpoints.Where(e => RefTarget(Path(e.Inputs, "privateLinkServiceConnections", 0, "privateLinkServiceId")) == t)
                    .Select(e => e.LogicalName).Order(StringComparer.Ordinal).ToList();
                return new TopologyStore(name, t.LogicalName, kind, tags.GetValueOrDefault("data-classification") ?? "", Tier(tags), pes);
            })
            .OrderBy(s => ClassificationOrder(s.Classification)).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();

        var group = resources.FirstOrDefault(r => r.Type == Types.ResourceGroup);
        var groupTags = group is null ? new Dictionary<string, string>() : Tags(group);
        var location = networks.FirstOrDefault(n => n.Role == "hub") is { } hub
            ? Str(resources.First(r => r.LogicalName == hub.LogicalName).Inputs["location"]) ?? ""
            : group is null ? "" : Str(group.Inputs["location"]) ?? "";
        // A region is protected when its VNets name a plan, wherever the plan lives (one plan serves both regions).
        var ddos = networks.Any(n => n.DdosProtected);
        return new TopologyRegion(graph.Stack, location, groupTags.GetValueOrDefault("estate-role") ?? "primary", networks,
            appliances.OrderBy(a => a.Kind, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal).ToList(), targets, ddos);

        TopologyEndpoint Endpoint(Resource e)
        {
            var connection = Path(e.Inputs, "privateLinkServiceConnections", 0);
            var target = RefTarget(Path(connection, "privateLinkServiceId"));
            var targetTags = target is null ? new Dictionary<string, string>() : Tags(target);
            var targetName = target is null ? "" : Str(target.Inputs["accountName"]) ?? Str(target.Inputs["vaultName"]) ?? target.LogicalName;
            return new TopologyEndpoint(Str(e.Inputs["privateEndpointName"]) ?? e.LogicalName, targetName,
                Strings(Path(connection, "groupIds")) is [var group, ..] ? group : "", targetTags.GetValueOrDefault("data-classification") ?? "", Tier(targetTags));
        }
    }

    /// <summary>public, internal, confidential, strictly-confidential, then anything else.</summary>
    public static int ClassificationOrder(string classification) => classification switch
    {
        "public" => 0,
        "internal" => 1,
        "confidential" => 2,
        "strictly-confidential" => 3,
        _ => 4,
    };

    private static string Tier(Dictionary<string, string> tags) => tags.GetValueOrDefault("continuity-tier") ?? UnknownTier;

    private static string IpsecSummary(PropertyValue? policies) =>
        Path(policies, 0) is PropertyValue.Map p
            ? $"IKE {Str(p["ikeEncryption"])}/{Str(p["ikeIntegrity"])}/{Str(p["dhGroup"])}, IPsec {Str(p["ipsecEncryption"])}/{Str(p["pfsGroup"])}"
            : "default IPsec policy";

    private static Dictionary<string, string> Tags(Resource r)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (r.Inputs["tags"] is PropertyValue.Map tags)
            foreach (var (k, v) in tags.Entries)
                if (Str(v) is { } s) result[k] = s;
        return result;
    }

    private static Resource? RefTarget(PropertyValue? value) => value switch
    {
        PropertyValue.Ref r => r.Target.Resource,
        PropertyValue.Map m => RefTarget(m["id"]),
        _ => null,
    };

    /// <summary>The name at the end of an ARM id written as text (a resource in another program), else null.</summary>
    private static string? Foreign(PropertyValue? value)
    {
        var text = value switch
        {
            PropertyValue.Str s => s.Value,
            PropertyValue.Map m when m["id"] is { } id => Foreign(id),
            PropertyValue.Interpolation i when i.Parts.Count > 0 => Str(i.Parts[^1]),
            _ => null,
        };
        if (string.IsNullOrEmpty(text)) return null;
        var slash = text.TrimEnd('/').LastIndexOf('/');
        return slash < 0 ? text : text.TrimEnd('/')[(slash + 1)..];
    }

    private static string? Str(PropertyValue? value) => value switch
    {
        PropertyValue.Str s => s.Value,
        PropertyValue.Num n => n.Text,
        PropertyValue.Bool b => b.Value ? "true" : "false",
        _ => null,
    };

    private static List<string> Strings(PropertyValue? value) =>
        value is PropertyValue.List l ? l.Items.Select(Str).OfType<string>().ToList() : [];

    private static PropertyValue? Path(PropertyValue? value, params object[] steps)
    {
        foreach (var step in steps)
            value = (value, step) switch
            {
                (PropertyValue.Map m, string key) => m[key],
                (PropertyValue.List l, int index) when index < l.Items.Count => l.Items[index],
                _ => null,
            };
        return value;
    }

    private static class Types
    {
        public const string Vnet = "azure-native:network:VirtualNetwork";
        public const string Subnet = "azure-native:network:Subnet";
        public const string Peering = "azure-native:network:VirtualNetworkPeering";
        public const string Firewall = "azure-native:network:AzureFirewall";
        public const string Gateway = "azure-native:network:VirtualNetworkGateway";
        public const string Bastion = "azure-native:network:BastionHost";
        public const string Connection = "azure-native:network:VirtualNetworkGatewayConnection";
        public const string PrivateEndpoint = "azure-native:network:PrivateEndpoint";
        public const string Storage = "azure-native:storage:StorageAccount";
        public const string KeyVault = "azure-native:keyvault:Vault";
        public const string ResourceGroup = "azure-native:resources:ResourceGroup";
    }
}

/// <summary>One stack's region: its virtual networks (hub first), appliances, and the services reached through private endpoints.</summary>
public sealed record TopologyRegion(
    string Stack,
    string Location,
    string Role,
    IReadOnlyList<TopologyNetwork> Networks,
    IReadOnlyList<TopologyAppliance> Appliances,
    IReadOnlyList<TopologyStore> Stores,
    bool DdosProtection)
{
    public TopologyNetwork? Hub => Networks.FirstOrDefault(n => n.Role == "hub");

    public IEnumerable<TopologyNetwork> Spokes => Networks.Where(n => n.Role != "hub");

    public string? GatewayName => Appliances.FirstOrDefault(a => a.Kind == "vpn-gateway")?.Name;

    /// <summary>Whether every prefix lies inside one of this region's VNet address spaces.</summary>
    public bool Contains(IReadOnlyList<string> prefixes) =>
        prefixes.Count > 0 && prefixes.All(p => Networks.SelectMany(n => n.AddressSpace).Any(space => Cidr.Within(p, space)));
}

public sealed record TopologyNetwork(
    string Name,
    string LogicalName,
    string Role,
    IReadOnlyList<string> AddressSpace,
    IReadOnlyList<TopologySubnet> Subnets,
    string Tier,
    string Classification,
    bool DdosProtected);

public sealed record TopologySubnet(string Name, string Prefix, IReadOnlyList<TopologyEndpoint> Endpoints);

/// <summary>A private endpoint and the classification and tier of the service it reaches.</summary>
public sealed record TopologyEndpoint(string Name, string Target, string GroupId, string Classification, string Tier);

/// <summary>Firewall, VPN gateway or Bastion, in the VNet (logical name) of its subnet.</summary>
public sealed record TopologyAppliance(string Kind, string Name, string Description, string Network, string Tier, string LogicalName);

/// <summary>A service reached only through private endpoints: a document store, a key vault.</summary>
public sealed record TopologyStore(string Name, string LogicalName, string Kind, string Classification, string Tier, IReadOnlyList<string> Endpoints);

/// <summary>An on-premises site (headquarters, office, partner) and its tunnel into each region.</summary>
public sealed record TopologySite(string Key, string Kind, IReadOnlyList<string> Prefixes, string PeerAddress, long? BgpAsn, IReadOnlyList<SiteTunnel> Tunnels);

/// <summary>A site-to-site connection: to which region, <c>active</c> or <c>standby</c>, protocol and crypto.</summary>
public sealed record SiteTunnel(string Region, string Gateway, string Role, string Protocol, string Crypto, string Resource);

/// <summary>Network connectivity between two regions' hubs, with the resources that declare it.</summary>
public sealed record RegionLink(string From, string To, string Kind, string Resource);

/// <summary>IPv4 CIDR arithmetic, just enough to place a prefix inside an address space.</summary>
internal static class Cidr
{
    public static bool Within(string inner, string outer) =>
        Parse(inner) is { } a && Parse(outer) is { } b && a.Length >= b.Length && (a.Address & Mask(b.Length)) == b.Address;

    /// <summary>The /16 that holds a site's first prefix: offices are summarised in groups by it.</summary>
    public static string Block(IReadOnlyList<string> prefixes) => prefixes.Count == 0 ? "" : Slash16(prefixes[0]);

    private static string Slash16(string prefix) =>
        Parse(prefix) is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p.Address >> 24}.{(p.Address >> 16) & 255}.0.0/16") : prefix;

    private static uint Mask(int length) => length == 0 ? 0 : uint.MaxValue << (32 - length);

    private static (uint Address, int Length)? Parse(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !int.TryParse(cidr[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > 32) return null;
        var parts = cidr[..slash].Split('.');
        if (parts.Length != 4) return null;
        uint address = 0;
        foreach (var part in parts)
        {
            if (!byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet)) return null;
            address = (address << 8) | octet;
        }
        return (address & Mask(length), length);
    }
}
