using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.ApiManagement;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network.Reach;

/// <summary>What a source or destination is.</summary>
public enum EndpointKind { Headquarters, Office, Partner, Site, Internet, Subnet, PrivateEndpoint, Store, Management, Front }

/// <summary>A source or destination of the matrix, with the resources that stand for it (where a rule reports it).</summary>
public sealed record ReachEndpoint(string Name, EndpointKind Kind, string Description, IReadOnlyList<PolicyResource> Resources)
{
    /// <summary>The partner, office or headquarters key of a site (<c>sesric</c>); null for anything else.</summary>
    public string? SiteKey => Kind is EndpointKind.Headquarters or EndpointKind.Office or EndpointKind.Partner or EndpointKind.Site
        ? Name[(Name.IndexOf(':', StringComparison.Ordinal) + 1)..] : null;
}

/// <summary>One step of a path: where the traffic is, and the rule or route that lets it on.</summary>
public sealed record Hop(string At, string By);

/// <summary>One way from a source to a destination, and the traffic that can take it.</summary>
/// <param name="Resource">The resource the path ends at when the destination stands for several (a store's storage account).</param>
public sealed record ReachPath(Traffic Traffic, IReadOnlyList<Hop> Hops, PolicyResource? Resource = null)
{
    /// <summary><c>at: by → at: by …</c></summary>
    public string Text => string.Join(" → ", Hops.Select(h => $"{h.At}: {h.By}"));
}

/// <summary>One cell of the matrix: the traffic that reaches (none for "no") and every path that carries it.</summary>
public sealed record ReachCell(ReachEndpoint From, ReachEndpoint To, Traffic Traffic, IReadOnlyList<ReachPath> Paths)
{
    public bool Reachable => !Traffic.IsEmpty;
}

/// <summary>
/// Who reaches what in one resource set: every source against every destination. A cell is worked
/// out when first asked for (<see cref="Cell"/>) and kept: the rules ask for a few rows and columns,
/// and the whole matrix of a large estate (sources × destinations) is far more than they need.
/// <see cref="Cells"/> is every cell, sources in order, then destinations in order.
/// </summary>
public sealed record ReachMatrix
{
    private readonly Func<ReachEndpoint, ReachEndpoint, ReachCell?>? _compute;
    private readonly Dictionary<(ReachEndpoint From, ReachEndpoint To), ReachCell?> _computed = [];
    private readonly bool _given;
    private IReadOnlyList<ReachEndpoint> _sources;
    private IReadOnlyList<ReachEndpoint> _destinations;
    private HashSet<ReachEndpoint>? _sourceSet;
    private HashSet<ReachEndpoint>? _destinationSet;
    private IReadOnlyList<ReachCell>? _cells;

    /// <summary>A matrix of cells already worked out.</summary>
    public ReachMatrix(string stack, string source, IReadOnlyList<ReachEndpoint> sources, IReadOnlyList<ReachEndpoint> destinations, IReadOnlyList<ReachCell> cells)
    {
        (Stack, Source, _sources, _destinations, _cells, _given) = (stack, source, sources, destinations, cells, true);
    }

    /// <summary>A matrix whose cells <paramref name="compute"/> works out when asked for (null: not a pair of this model).</summary>
    internal ReachMatrix(string stack, string source, IReadOnlyList<ReachEndpoint> sources, IReadOnlyList<ReachEndpoint> destinations,
        Func<ReachEndpoint, ReachEndpoint, ReachCell?> compute)
    {
        (Stack, Source, _sources, _destinations, _compute) = (stack, source, sources, destinations, compute);
    }

    public string Stack { get; init; }
    public string Source { get; init; }

    public IReadOnlyList<ReachEndpoint> Sources
    {
        get => _sources;
        init => (_sources, _sourceSet, _cells) = (value, null, _given ? _cells : null);
    }

    public IReadOnlyList<ReachEndpoint> Destinations
    {
        get => _destinations;
        init => (_destinations, _destinationSet, _cells) = (value, null, _given ? _cells : null);
    }

    /// <summary>Every cell: each source (in order) against each destination (in order).</summary>
    public IReadOnlyList<ReachCell> Cells
    {
        get => _cells ??= [.. _sources.SelectMany(s => _destinations.Select(d => Cell(s, d)!))];
        init => _cells = value;
    }

    /// <summary>The cell from <paramref name="from"/> to <paramref name="to"/>; null when either is not in the matrix.</summary>
    public ReachCell? Cell(ReachEndpoint from, ReachEndpoint to)
    {
        if (_compute is null || _given) return Cells.FirstOrDefault(c => c.From == from && c.To == to);
        _sourceSet ??= [.. _sources];
        _destinationSet ??= [.. _destinations];
        if (!_sourceSet.Contains(from) || !_destinationSet.Contains(to)) return null;
        lock (_computed)
        {
            if (!_computed.TryGetValue((from, to), out var cell)) _computed[(from, to)] = cell = _compute(from, to);
            return cell;
        }
    }
}

/// <summary>
/// The reachability model: from a resource set alone (the compiled program the policies judge, or a
/// stack export), which sources — each site behind a site-to-site connection (headquarters, offices,
/// partners), the internet, each subnet — reach which destinations — subnets, private endpoints,
/// document stores by their <c>data-classification</c> tag, management planes (Bastion), and sites —
/// on which protocols and ports, and by which path.
/// </summary>
/// <remarks>
/// <para>Traffic follows Azure's routing: at each place it leaves (a subnet, the VPN gateway, the
/// firewall) the route with the longest matching prefix wins, ties going to user routes, then routes
/// from the VPN gateway, then system routes (Learn, <i>Virtual network traffic routing</i>, "How Azure
/// selects a route"); system routes cover the network's own space, peered networks and the RFC 1918
/// ranges (next hop None, unless a user route takes 0.0.0.0/0) and 0.0.0.0/0 (Internet); gateway routes are learnt unless the subnet's route
/// table disables propagation, also through a peering that uses the remote gateway. A next hop of type
/// VirtualAppliance at an Azure Firewall's address (its subnet holds it) goes through that firewall's
/// rules; at another address in a subnet, it is taken to forward everything. Peerings carry
/// forwarded traffic only when the receiving side allows forwarded traffic or uses the remote
/// gateway (gateway transit).</para>
/// <para>Filters are the NSG of the source subnet (outbound), of the destination subnet (inbound; for a
/// private endpoint only when the subnet's <c>privateEndpointNetworkPolicies</c> applies NSGs — unset
/// is Disabled, Learn, <i>Manage network policies for private endpoints</i>), of a network interface with a
/// public address, the firewall's rules, and a connection's custom traffic selectors.</para>
/// <para>Approximations, all towards more reachability: an address range an allow rule only partly
/// covers counts as allowed; a deny counts only when it covers the whole flow; service tags other than
/// VirtualNetwork and Internet stand for public Azure ranges; the VirtualNetwork tag takes in user-route
/// prefixes (0.0.0.0/0 included, as Learn warns); application security groups, IP groups and FQDNs
/// may match anything; firewall application rules may reach any destination on their ports; after the
/// firewall the source may also be the firewall's own subnet (SNAT); two site connections on one
/// gateway reach each other (transit) unless a traffic selector forbids it; values not known until
/// deployment are taken to allow. Private endpoints carry the ports of their group (blob, vault… 443;
/// file 445; others any).</para>
/// </remarks>
public static class Reachability
{
    /// <summary>Tags of the destinations meant for the internet: an NSG or resource tagged <c>network-edge: "true"</c>, and Bastion.</summary>
    public const string EdgeTag = "network-edge";

    public static ReachMatrix Compute(ResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return set.Memo("network/reach/matrix", s => Build(s));
    }

    private static ReachMatrix Build(ResourceSet set)
    {
        var network = ReachNetwork.Of(set);
        var model = new Model(network);
        var sources = new Dictionary<ReachEndpoint, Source>();
        foreach (var s in model.Sources) sources.TryAdd(s.Endpoint, s);
        var destinations = new Dictionary<ReachEndpoint, Destination>();
        foreach (var d in model.Destinations) destinations.TryAdd(d.Endpoint, d);
        return new ReachMatrix(set.Stack, set.Source, [.. model.Sources.Select(s => s.Endpoint)], [.. model.Destinations.Select(d => d.Endpoint)],
            (from, to) => sources.TryGetValue(from, out var s) && destinations.TryGetValue(to, out var d) ? model.Cell(s, d) : null);
    }

    /// <summary>Whether a destination is a front meant for the internet (a Bastion host, or tagged <c>network-edge: "true"</c>).</summary>
    public static bool IsFront(ReachEndpoint destination, ResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(set);
        if (destination.Kind == EndpointKind.Management) return true;
        if (destination.Resources.Any(r => Topology.TagIs(r, EdgeTag, "true"))) return true;
        return destination.Kind == EndpointKind.Subnet && set.Memo("network/reach/edge-subnets", s => ReachNetwork.Of(s).Vnets.SelectMany(v => v.Subnets)
                .Where(subnet => subnet.Nsg is { } nsg && Topology.IsEdgeNsg(nsg, s)).Select(subnet => $"subnet:{subnet.Label}").ToHashSet(StringComparer.Ordinal))
            .Contains(destination.Name);
    }

    /// <param name="Front">For a partner linked through an API Management front (docs/adr/0021): the service its subscription belongs to.</param>
    private sealed record Source(ReachEndpoint Endpoint, AddressSet Addresses, IReadOnlyList<ConnectionNode> Connections, SubnetNode? Subnet, PolicyResource? Front = null);

    /// <summary>
    /// A destination: the blocks traffic is routed to, the subnet it lands in (its inbound NSG), the
    /// site connection it leaves by, the ports it listens on, and the private endpoints and public
    /// endpoints of a store.
    /// </summary>
    private sealed record Destination(ReachEndpoint Endpoint, IReadOnlyList<Target> Targets);

    private sealed record Target(string Via, IReadOnlyList<Block> Blocks, SubnetNode? Subnet, bool PrivateEndpoint, ConnectionNode? Site, Traffic Ports, Traffic? PublicFromInternet, PolicyResource? Resource = null);

    private sealed class Model
    {
        private readonly ReachNetwork _network;
        private readonly Source _internet;

        public Model(ReachNetwork network)
        {
            _network = network;
            var sites = network.Connections.GroupBy(c => (c.SiteKind, c.SiteKey)).OrderBy(g => g.Key.SiteKey, StringComparer.Ordinal).ToList();
            var sources = new List<Source>();
            var destinations = new List<Destination>();
            foreach (var site in sites)
            {
                var kind = site.Key.SiteKind switch
                {
                    "headquarters" => EndpointKind.Headquarters,
                    "office" => EndpointKind.Office,
                    "partner" => EndpointKind.Partner,
                    _ => EndpointKind.Site,
                };
                var connections = site.ToList();
                var prefixes = connections.SelectMany(c => c.Prefixes).Distinct().ToList();
                var endpoint = new ReachEndpoint($"{KindName(kind)}:{site.Key.SiteKey}", kind,
                    $"site-to-site {string.Join(", ", connections.Select(c => c.Name))} ({string.Join(", ", prefixes)})",
                    [.. connections.Select(c => c.Local).Distinct()]);
                sources.Add(new Source(endpoint, new AddressSet(prefixes), connections, null));
                destinations.Add(new Destination(endpoint, [.. connections.Select(c => new Target($"connection {c.Name}", c.Prefixes, null, false, c, Traffic.All, null))]));
            }
            // A partner linked at application level (docs/adr/0021) holds an API Management subscription and no tunnel:
            // on the network it is one more address on the internet, so it reaches what the internet reaches and no more.
            foreach (var subscription in network.Set.OfType(ApiManagementSubscription).OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                var sid = subscription.Get("sid").Text ?? Topology.AzureName(subscription) ?? subscription.Name;
                var key = sid.StartsWith("partner-", StringComparison.Ordinal) ? sid["partner-".Length..] : sid;
                var service = ApimBackends.ServiceOf(network.Set, subscription);
                var serviceName = service is null ? "its API Management service" : $"API Management {ApimName(service)}";
                sources.Add(new Source(new ReachEndpoint($"partner:{key}", EndpointKind.Partner,
                    $"front partner: subscription {sid} of {serviceName}; no tunnel, no address in the estate", [subscription]),
                    AddressSet.Internet, [], null, service));
            }
            sources.Add(new Source(new ReachEndpoint("internet", EndpointKind.Internet, "any public address", []), AddressSet.Internet, [], null));

            var subnets = network.Vnets.SelectMany(v => v.Subnets).Where(s => !s.IsPlatform && s.Blocks.Count > 0).ToList();
            foreach (var subnet in subnets)
            {
                var endpoint = new ReachEndpoint($"subnet:{subnet.Label}", EndpointKind.Subnet, string.Join(", ", subnet.Blocks), [subnet.Entry.Owner]);
                sources.Add(new Source(endpoint, new AddressSet(subnet.Blocks), [], subnet));
                if (!subnet.IsBastion)
                    destinations.Add(new Destination(endpoint, [new Target($"subnet {subnet.Label}", subnet.Blocks, subnet, false, null, Traffic.All, null)]));
            }
            foreach (var bastion in network.Bastions)
                destinations.Add(new Destination(
                    new ReachEndpoint($"management:{bastion.Name}", EndpointKind.Management, $"Azure Bastion in {bastion.Subnet.Label}", [bastion.Resource]),
                    // Bastion takes sessions on 443 at its public address (Learn, Bastion NSG requirements).
                    [new Target($"Bastion {bastion.Name}", bastion.Subnet.Blocks, bastion.Subnet, false, null, Traffic.TcpPorts(PortSet.Port(443)),
                        Topology.IsSet(bastion.Resource.Get("ipConfigurations[0].publicIPAddress")) != false ? Traffic.TcpPorts(PortSet.Port(443)) : null)]));
            foreach (var service in network.Set.OfType(ApiManagementService).OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                var name = ApimName(service);
                // The gateway's public endpoint takes HTTPS unless public network access is disabled.
                var open = "Disabled".Equals(service.Get("publicNetworkAccess").Text, StringComparison.OrdinalIgnoreCase) ? null : Traffic.TcpPorts(PortSet.Port(443));
                destinations.Add(new Destination(
                    new ReachEndpoint($"front:{name}", EndpointKind.Front, $"API Management gateway {name}: the partners' application-level front", [service]),
                    [new Target($"API Management {name}", [], null, false, null, Traffic.TcpPorts(PortSet.Port(443)), open, service)]));
            }
            foreach (var endpoint in network.Endpoints)
                destinations.Add(new Destination(
                    new ReachEndpoint($"endpoint:{endpoint.Name}", EndpointKind.PrivateEndpoint,
                        $"private endpoint in {endpoint.Subnet.Label} to {string.Join(", ", endpoint.Targets.Select(t => Topology.AzureName(t) ?? t.Name))} ({string.Join(", ", endpoint.GroupIds)})",
                        [endpoint.Resource]),
                    [EndpointTarget(endpoint)]));

            var stores = _network.Set.OfType(StorageAccount)
                .Select(a => (Account: a, Classification: Topology.TagOf(a, "data-classification").Value?.Trim().ToLowerInvariant()))
                .Where(a => a.Classification is { Length: > 0 })
                .GroupBy(a => a.Classification!).OrderBy(g => ClassificationOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal);
            // Each endpoint once per distinct target it names, endpoints in the network's order.
            var endpointsByTarget = new Dictionary<PolicyResource, List<EndpointNode>>();
            foreach (var endpoint in network.Endpoints)
                foreach (var target in endpoint.Targets.Distinct())
                {
                    if (!endpointsByTarget.TryGetValue(target, out var list)) endpointsByTarget[target] = list = [];
                    list.Add(endpoint);
                }
            foreach (var store in stores)
            {
                var accounts = store.Select(s => s.Account).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
                var targets = new List<Target>();
                foreach (var account in accounts)
                {
                    foreach (var endpoint in endpointsByTarget.GetValueOrDefault(account) ?? [])
                        targets.Add(EndpointTarget(endpoint) with { Via = $"private endpoint {endpoint.Name} of storage account {Topology.AzureName(account) ?? account.Name}", Resource = account });
                    if (PublicEndpoint(account) is { } open)
                        targets.Add(new Target($"public endpoint of storage account {Topology.AzureName(account) ?? account.Name} ({open.Why})", [], null, false, null, open.Traffic, open.Traffic, account));
                }
                destinations.Add(new Destination(new ReachEndpoint($"store:{store.Key}", EndpointKind.Store,
                    $"storage accounts tagged data-classification: {store.Key} ({string.Join(", ", accounts.Select(a => Topology.AzureName(a) ?? a.Name))})", accounts), targets));
            }
            Sources = sources;
            Destinations = destinations;
            _internet = sources.First(s => s.Endpoint.Kind == EndpointKind.Internet);
        }

        public IReadOnlyList<Source> Sources { get; }
        public IReadOnlyList<Destination> Destinations { get; }

        private static string ApimName(PolicyResource service) => ApimBackends.ServiceName(service);

        private static int ClassificationOrder(string c) => c switch
        {
            "public" => 0, "internal" => 1, "confidential" => 2, "strictly-confidential" => 3, _ => 4,
        };

        private static string KindName(EndpointKind kind) => kind switch
        {
            EndpointKind.Headquarters => "headquarters",
            EndpointKind.Office => "office",
            EndpointKind.Partner => "partner",
            _ => "site",
        };

        /// <summary>The ports a private endpoint's group serves: storage and Key Vault over HTTPS, Files over SMB, anything else any.</summary>
        private static Target EndpointTarget(EndpointNode endpoint)
        {
            var https = new[] { "blob", "blob_secondary", "dfs", "dfs_secondary", "queue", "queue_secondary", "table", "table_secondary", "web", "web_secondary", "vault" };
            var ports = endpoint.GroupIds.Count > 0 && endpoint.GroupIds.All(g => https.Contains(g, StringComparer.OrdinalIgnoreCase))
                ? Traffic.TcpPorts(PortSet.Port(443))
                : endpoint.GroupIds.Count > 0 && endpoint.GroupIds.All(g => g.StartsWith("file", StringComparison.OrdinalIgnoreCase))
                    ? Traffic.TcpPorts(PortSet.Port(445))
                    : Traffic.All;
            return new Target($"private endpoint {endpoint.Name}", endpoint.Subnet.Blocks, endpoint.Subnet, true, null, ports, null);
        }

        /// <summary>
        /// Whether a storage account's public endpoint takes traffic from the internet: unless
        /// <c>publicNetworkAccess</c> is Disabled, and unless the firewall denies by default with no IP
        /// rule. Unset <c>networkRuleSet.defaultAction</c> is Allow: "By default, storage accounts accept
        /// connections from clients on any network" (Learn, <i>Azure Storage firewall and virtual network rules</i>).
        /// </summary>
        private static (Traffic Traffic, string Why)? PublicEndpoint(PolicyResource account)
        {
            var access = account.Get("publicNetworkAccess");
            if ("Disabled".Equals(access.Text, StringComparison.OrdinalIgnoreCase)) return null;
            var action = account.Get("networkRuleSet.defaultAction");
            var ipRules = account.Get("networkRuleSet.ipRules");
            if ("Deny".Equals(action.Text, StringComparison.OrdinalIgnoreCase) && ipRules.Items.Count == 0 && !ipRules.IsUnknown) return null;
            var ports = account.Get("enableHttpsTrafficOnly").Bool == false ? PortSet.Of([(80, 80), (443, 443)]) : PortSet.Port(443);
            var why = action.IsMissing ? "networkRuleSet.defaultAction not set: Allow"
                : "Deny".Equals(action.Text, StringComparison.OrdinalIgnoreCase) ? "networkRuleSet.ipRules admit public addresses"
                : $"networkRuleSet.defaultAction is {action.Text ?? "not known until deployment"}";
            return (Traffic.TcpPorts(ports), why);
        }

        /// <summary>
        /// Where traffic routed from a place can end up, over-approximated: the networks it may be
        /// delivered in (the place's network, the networks a virtual-appliance route of its route table
        /// leads to, and so on, and the peers of all of them) and the site connections of the gateways
        /// those networks learn routes from. <see cref="Walk.Route"/> arrives nowhere else, so a target
        /// outside it is not reached and its walk is skipped (a large estate's copies never meet).
        /// </summary>
        private sealed class Landing
        {
            public HashSet<VnetNode> Vnets { get; } = new(ReferenceEqualityComparer.Instance);
            public HashSet<ConnectionNode> Sites { get; } = new(ReferenceEqualityComparer.Instance);
        }

        private readonly Dictionary<(VnetNode Vnet, PolicyResource? Table), Landing> _landings = new(PlaceComparer.Instance);
        private readonly Dictionary<Block, (FirewallNode? Firewall, SubnetNode? Appliance)> _appliances = [];
        private Dictionary<SubnetNode, List<NicNode>>? _nicsBySubnet;
        private List<(FirewallNode Firewall, string Label, AddressMatch Sources, Traffic Traffic, AddressMatch Translated)>? _dnat;

        private sealed class PlaceComparer : IEqualityComparer<(VnetNode Vnet, PolicyResource? Table)>
        {
            public static readonly PlaceComparer Instance = new();
            public bool Equals((VnetNode Vnet, PolicyResource? Table) x, (VnetNode Vnet, PolicyResource? Table) y) =>
                ReferenceEquals(x.Vnet, y.Vnet) && ReferenceEquals(x.Table, y.Table);
            public int GetHashCode((VnetNode Vnet, PolicyResource? Table) obj) =>
                HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Vnet),
                    obj.Table is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Table));
        }

        /// <summary>The firewall whose subnet holds a next-hop address, else the first subnet that holds it (see <see cref="Walk"/>'s appliance step).</summary>
        public (FirewallNode? Firewall, SubnetNode? Appliance) ApplianceAt(Block address)
        {
            if (_appliances.TryGetValue(address, out var found)) return found;
            var firewall = _network.Firewalls.FirstOrDefault(f => f.Subnet is { } s && s.Blocks.Any(b => b.Contains(address)));
            var appliance = firewall is null ? _network.Vnets.SelectMany(v => v.Subnets).FirstOrDefault(s => s.Blocks.Any(b => b.Contains(address))) : null;
            return _appliances[address] = (firewall, appliance);
        }

        private Landing LandingFrom(VnetNode vnet, PolicyResource? table)
        {
            if (_landings.TryGetValue((vnet, table), out var known)) return known;
            var landing = new Landing();
            var seen = new HashSet<(VnetNode Vnet, PolicyResource? Table)>(PlaceComparer.Instance) { (vnet, table) };
            var queue = new Queue<(VnetNode Vnet, PolicyResource? Table)>([(vnet, table)]);
            while (queue.TryDequeue(out var place))
            {
                landing.Vnets.Add(place.Vnet);
                foreach (var peering in place.Vnet.Peerings)
                    if (peering.Remote is { } remote) landing.Vnets.Add(remote);
                foreach (var gateway in ReachNetwork.GatewaysServing(place.Vnet))
                    foreach (var connection in gateway.Connections) landing.Sites.Add(connection);
                if (place.Table is null) continue;
                foreach (var route in _network.RoutesOf(place.Table))
                {
                    if (route.Get("nextHopIpAddress").Text is not { } text || Block.Parse(text) is not { } address) continue;
                    var (firewall, appliance) = ApplianceAt(address);
                    (VnetNode, PolicyResource?)? next = firewall?.Subnet is { } subnet ? (subnet.Vnet, subnet.RouteTable)
                        : appliance is not null ? (appliance.Vnet, appliance.RouteTable) : null;
                    if (next is { } n && seen.Add(n)) queue.Enqueue(n);
                }
            }
            return _landings[(vnet, table)] = landing;
        }

        /// <summary>False when no walk from <paramref name="from"/> can arrive at <paramref name="target"/> (see <see cref="Landing"/>).</summary>
        private bool MayArrive(Source from, Target target)
        {
            // The internet, and a front partner, which is an internet address with a credential at its front.
            if (from.Endpoint.Kind == EndpointKind.Internet || from.Front is not null) return true;
            if (target.Subnet is null && target.Site is null) return false;
            if (from.Subnet is { } subnet) return Lands(LandingFrom(subnet.Vnet, subnet.RouteTable), target);
            return ConnectionsTowards(from, target).Count > 0;
        }

        /// <summary>A site's connections by where their traffic may land (and by gateway, for transit), by position.</summary>
        private sealed class SiteIndex
        {
            public Dictionary<VnetNode, List<int>> ByVnet { get; } = [];
            public Dictionary<ConnectionNode, List<int>> BySite { get; } = new(ReferenceEqualityComparer.Instance);
            public Dictionary<GatewayNode, List<int>> ByGateway { get; } = [];
        }

        private readonly Dictionary<Source, SiteIndex> _siteIndexes = new(ReferenceEqualityComparer.Instance);

        /// <summary>
        /// The connections of a site source (in order) whose traffic may arrive at the target: transit on
        /// the target site's gateway, or a landing that holds the target. The others yield no path; a site
        /// made of many connections (one per copy of a large estate) need not walk them all.
        /// </summary>
        private List<ConnectionNode> ConnectionsTowards(Source from, Target target)
        {
            if (!_siteIndexes.TryGetValue(from, out var index))
            {
                index = new SiteIndex();
                static void Add<TKey>(Dictionary<TKey, List<int>> map, TKey key, int at) where TKey : notnull
                {
                    if (!map.TryGetValue(key, out var list)) map[key] = list = [];
                    if (list.Count == 0 || list[^1] != at) list.Add(at);
                }
                for (var i = 0; i < from.Connections.Count; i++)
                {
                    var connection = from.Connections[i];
                    Add(index.ByGateway, connection.Gateway, i);
                    if (connection.Gateway.Subnet is not { } gatewaySubnet) continue;
                    var landing = LandingFrom(connection.Gateway.Vnet, gatewaySubnet.RouteTable);
                    foreach (var vnet in landing.Vnets) Add(index.ByVnet, vnet, i);
                    foreach (var site in landing.Sites) Add(index.BySite, site, i);
                }
                _siteIndexes[from] = index;
            }
            var picked = new SortedSet<int>();
            if (target.Subnet is { } subnet && index.ByVnet.TryGetValue(subnet.Vnet, out var byVnet)) picked.UnionWith(byVnet);
            if (target.Site is { } targetSite)
            {
                if (index.BySite.TryGetValue(targetSite, out var bySite)) picked.UnionWith(bySite);
                if (index.ByGateway.TryGetValue(targetSite.Gateway, out var byGateway)) picked.UnionWith(byGateway);
            }
            return [.. picked.Select(i => from.Connections[i])];
        }

        private static bool Lands(Landing landing, Target target) =>
            target.Subnet is { } subnet && landing.Vnets.Contains(subnet.Vnet) || target.Site is { } site && landing.Sites.Contains(site);

        /// <summary>The network interfaces with a public address in a subnet, in the network's order.</summary>
        public List<NicNode> PublicNicsIn(SubnetNode subnet)
        {
            // SubnetNode is a class: equal by reference.
            _nicsBySubnet ??= _network.Nics.Where(n => n.PublicIp).GroupBy(n => n.Subnet).ToDictionary(g => g.Key, g => g.ToList());
            return _nicsBySubnet.TryGetValue(subnet, out var nics) ? nics : [];
        }

        /// <summary>Every firewall's DNAT rules, firewalls in order, read once.</summary>
        public List<(FirewallNode Firewall, string Label, AddressMatch Sources, Traffic Traffic, AddressMatch Translated)> DnatRules() =>
            _dnat ??= [.. _network.Firewalls.SelectMany(f => Filters.Dnat(_network, f).Select(d => (f, d.Label, d.Sources, d.Traffic, d.Translated)))];

        public ReachCell Cell(Source from, Destination to)
        {
            var paths = new List<ReachPath>();
            if (from.Subnet is not null && to.Endpoint.Kind == EndpointKind.Subnet && to.Targets.All(t => ReferenceEquals(t.Subnet, from.Subnet)))
                return new ReachCell(from.Endpoint, to.Endpoint, Traffic.None, []);
            if (from.Connections.Count > 0 && to.Targets.All(t => t.Site is not null && from.Connections.Contains(t.Site)))
                return new ReachCell(from.Endpoint, to.Endpoint, Traffic.None, []);
            foreach (var target in to.Targets)
                if (MayArrive(from, target))
                    paths.AddRange(Paths(from, target));
            if (paths.Count == 0) return new ReachCell(from.Endpoint, to.Endpoint, Traffic.None, []);
            var ordered = paths.Where(p => !p.Traffic.IsEmpty)
                .Select(p => (Path: p, Key: string.Join("\n", p.Hops.Select(h => $"{h.At}\t{h.By}"))))
                .GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Path).ToList();
            var traffic = ordered.Aggregate(Traffic.None, (t, p) => t.Union(p.Traffic));
            return new ReachCell(from.Endpoint, to.Endpoint, traffic, ordered);
        }

        private IEnumerable<ReachPath> Paths(Source from, Target target)
        {
            var destination = new AddressSet(target.Blocks);
            if (from.Front is not null)
            {
                // As any internet address, plus its credential at its own front.
                var first = new Hop($"site {from.Endpoint.SiteKey}", "on the internet: no tunnel, no address in the estate");
                var own = target.Resource is not null && ReferenceEquals(target.Resource, from.Front);
                foreach (var path in Paths(_internet, target))
                    yield return path with
                    {
                        Hops = [first, .. path.Hops.Skip(1), .. own ? [new Hop(target.Via, $"subscription {from.Endpoint.Resources[0].Get("sid").Text} (its product's granted APIs only)")] : Array.Empty<Hop>()],
                    };
                foreach (var path in ThroughFront(from, target, first))
                    yield return path;
                yield break;
            }
            if (from.Endpoint.Kind == EndpointKind.Internet)
            {
                if (target.Subnet is null)
                {
                    if (target.PublicFromInternet is { } open)
                        yield return new ReachPath(open, [new Hop("internet", "source"), new Hop(target.Via, "public network access")], target.Resource);
                    yield break;
                }
                foreach (var path in FromInternet(target, destination)) yield return path;
                yield break;
            }
            if (target.PublicFromInternet is not null && target.Subnet is null) yield break; // public endpoints: the internet row says it

            var walk = new Walk(this, target, destination);
            if (from.Subnet is { } subnet)
            {
                var traffic = target.Ports;
                var hops = new List<Hop> { new($"subnet {subnet.Label}", "source") };
                if (subnet.Nsg is { } nsg)
                {
                    var (allowed, by) = Filters.Nsg(_network, nsg, inbound: false, subnet.Vnet, from.Addresses, destination, traffic);
                    traffic = allowed;
                    hops.Add(new Hop($"subnet {subnet.Label}", Describe(by)));
                }
                if (!traffic.IsEmpty)
                    foreach (var path in walk.Route(subnet.Vnet, subnet.RouteTable, $"subnet {subnet.Label}", from.Addresses, traffic, hops, [subnet], forwarded: false))
                        yield return path;
                yield break;
            }
            foreach (var connection in ConnectionsTowards(from, target))
            {
                var hops = new List<Hop> { new($"site {connection.SiteKey}", $"tunnel {connection.Name} to VPN gateway {connection.Gateway.Name}") };
                if (connection.Selectors is { } selectors)
                {
                    if (!selectors.Any(s => s.Remote.MayMatch(from.Addresses) && s.Local.MayMatch(destination))) continue;
                    hops.Add(new Hop($"connection {connection.Name}", "custom traffic selectors admit the destination"));
                }
                if (target.Site is { } site && site.Gateway == connection.Gateway)
                {
                    if (Egress(site, from.Addresses, destination) is { } exit)
                        yield return new ReachPath(target.Ports, [.. hops, new Hop($"VPN gateway {connection.Gateway.Name}", $"transit between its connections (no NSG or firewall on the way); {exit}")], target.Resource);
                    continue;
                }
                if (connection.Gateway.Subnet is not { } gatewaySubnet) continue;
                foreach (var path in walk.Route(connection.Gateway.Vnet, gatewaySubnet.RouteTable, $"VPN gateway {connection.Gateway.Name}", from.Addresses, target.Ports, hops, [gatewaySubnet], forwarded: true))
                    yield return path;
            }
        }

        /// <summary>
        /// A front partner's way on, past its front (docs/adr/0021): the APIs its subscription's product links whose
        /// backend is the target's storage account, called by the API Management service from the subnet it sends backend
        /// calls from (its outbound virtual-network integration), and walked from there like any traffic of that subnet.
        /// A service in no virtual network adds nothing: its calls leave from the internet, which the internet row holds.
        /// </summary>
        private IEnumerable<ReachPath> ThroughFront(Source from, Target target, Hop first)
        {
            if (target.Resource is not { Type: StorageAccount } account || from.Front is not { } service) yield break;
            var (outbound, backends) = FrontRoutes(from, service);
            if (outbound?.Subnet is not { } subnet) yield break;
            var sid = from.Endpoint.Resources[0].Get("sid").Text;
            foreach (var api in backends.Where(b => ReferenceEquals(b.Account, account)).Select(b => b.Api))
            {
                var via = new Hop($"API Management {ApimName(service)}",
                    $"subscription {sid}, API {api.Get("apiId").Text ?? api.Name} (serviceUrl: storage account {ApimBackends.AccountName(account)}), called from subnet {subnet.Label}");
                foreach (var path in Paths(outbound, target))
                    yield return path with { Traffic = path.Traffic.Intersect(Traffic.TcpPorts(PortSet.Port(443))), Hops = [first, via, .. path.Hops.Skip(1)] };
            }
        }

        private readonly Dictionary<Source, (Source? Outbound, List<(PolicyResource Api, PolicyResource Account)> Backends)> _frontRoutes = new(ReferenceEqualityComparer.Instance);

        /// <summary>The subnet source a front partner's service calls backends from, and the storage accounts behind the APIs it is granted.</summary>
        private (Source? Outbound, List<(PolicyResource Api, PolicyResource Account)> Backends) FrontRoutes(Source from, PolicyResource service)
        {
            if (_frontRoutes.TryGetValue(from, out var known)) return known;
            var set = _network.Set;
            Source? outbound = null;
            if (ApimBackends.OutboundSubnet(service) is ({ } subnetId, false))
            {
                var (resource, suffix) = set.Resolve(subnetId);
                var name = suffix.StartsWith("/subnets/", StringComparison.OrdinalIgnoreCase) ? suffix["/subnets/".Length..] : null;
                outbound = Sources.FirstOrDefault(s => s.Subnet is { } n && resource is not null &&
                    (suffix.Length == 0 ? ReferenceEquals(n.Entry.Owner, resource) && !n.Entry.Inline
                        : ReferenceEquals(n.Entry.Owner, resource) && name is not null && name.Equals(n.Entry.Name, StringComparison.OrdinalIgnoreCase)
                          || ReferenceEquals(n.Vnet.Resource, resource) && name is not null && name.Equals(n.Entry.Name, StringComparison.OrdinalIgnoreCase)));
            }
            var backends = new List<(PolicyResource, PolicyResource)>();
            foreach (var api in ApimBackends.GrantedApis(set, from.Endpoint.Resources[0], service))
                if (ApimBackends.StoreBehind(set, api) is ({ } account, _))
                    backends.Add((api, account));
            return _frontRoutes[from] = (outbound, backends);
        }

        /// <summary>The internet's ways in: DNAT on a firewall, a network interface's public address, Bastion's public address.</summary>
        private IEnumerable<ReachPath> FromInternet(Target target, AddressSet destination)
        {
            var walk = new Walk(this, target, destination);
            foreach (var (firewall, label, sources, traffic, translated) in DnatRules())
            {
                if (!sources.MayMatch(AddressSet.Internet) || !translated.MayMatch(destination) || firewall.Subnet is null) continue;
                var wanted = traffic.Intersect(target.Ports);
                if (wanted.IsEmpty) continue;
                var hops = new List<Hop> { new("internet", "source"), new($"firewall {firewall.Name} public address", label) };
                var source = AddressSet.Internet.Union(new AddressSet(firewall.Subnet.Blocks));
                foreach (var path in walk.Route(firewall.Subnet.Vnet, firewall.Subnet.RouteTable, $"firewall {firewall.Name}", source, wanted, hops, [firewall.Subnet], forwarded: true))
                    yield return path;
            }
            if (target.Subnet is not { } subnet) yield break;
            foreach (var nic in PublicNicsIn(subnet))
            {
                var hops = new List<Hop> { new("internet", "source"), new($"network interface {Topology.AzureName(nic.Resource) ?? nic.Resource.Name}", "public IP address") };
                var traffic = target.Ports;
                if (nic.Nsg is { } nsg)
                {
                    var (allowed, by) = Filters.Nsg(_network, nsg, inbound: true, subnet.Vnet, AddressSet.Internet, destination, traffic);
                    traffic = allowed;
                    hops.Add(new Hop($"network interface {Topology.AzureName(nic.Resource) ?? nic.Resource.Name}", Describe(by)));
                }
                if (walk.Arrive(subnet, AddressSet.Internet, traffic, hops) is { } path) yield return path;
            }
            if (target.PublicFromInternet is { } open && target.Subnet is not null)
                if (walk.Arrive(subnet, AddressSet.Internet, open, [new Hop("internet", "source"), new(target.Via, "public IP address")]) is { } bastion)
                    yield return bastion;
        }

        /// <summary>The connection's traffic selectors on the way out to its site: a description, or null when they refuse the flow.</summary>
        public static string? Egress(ConnectionNode site, AddressSet source, AddressSet destination)
        {
            if (site.Selectors is not { } selectors) return $"out through connection {site.Name}";
            return selectors.Any(s => s.Local.MayMatch(source) && s.Remote.MayMatch(destination))
                ? $"out through connection {site.Name} (its traffic selectors admit the source)" : null;
        }

        public ReachNetwork Network => _network;
    }

    /// <summary>Routing and filtering from one place to the next, towards one target.</summary>
    private sealed class Walk(Model model, Target target, AddressSet destination)
    {
        private ReachNetwork Network => model.Network;

        private enum Kind { User = 0, Gateway = 1, System = 2 }

        private sealed record Candidate(Block Prefix, Kind Kind, string NextHop, string? Address, string Label, VnetNode? Remote, PeeringNode? Peering, ConnectionNode? Connection);

        /// <summary>Routes traffic leaving a place in <paramref name="vnet"/> whose subnet has <paramref name="table"/>.</summary>
        public IEnumerable<ReachPath> Route(VnetNode vnet, PolicyResource? table, string at, AddressSet source, Traffic traffic, IReadOnlyList<Hop> hops,
            IReadOnlyList<object> visited, bool forwarded)
        {
            foreach (var block in target.Blocks)
                foreach (var route in Select(vnet, table, block))
                {
                    var step = new List<Hop>(hops) { new(at, route.Label) };
                    switch (route.NextHop.ToUpperInvariant())
                    {
                        case "VNETLOCAL":
                            if (target.Subnet is { } local && ReferenceEquals(local.Vnet, vnet) && Arrive(local, source, traffic, step) is { } here)
                                yield return here;
                            break;
                        case "VNETPEERING":
                            if (route.Remote is not { } remote || target.Subnet is not { } there || !ReferenceEquals(there.Vnet, remote)) break;
                            var reverse = ReachNetwork.ReverseOf(vnet, remote);
                            if (reverse is { Access: false }) break;
                            if (forwarded && reverse is { Forwarded: false, UseRemoteGateways: false }) break;
                            var peeringName = Topology.AzureName(route.Peering!.Resource) ?? route.Peering.Resource.Name;
                            step.Add(new Hop($"peering {vnet.Name} → {remote.Name}", reverse is null
                                ? $"{peeringName} (the other side is not in this program: assumed to accept)"
                                : forwarded ? $"{peeringName}; the other side allows {(reverse.Forwarded ? "forwarded traffic" : "gateway transit")}" : peeringName));
                            if (Arrive(there, source, traffic, step) is { } arrived) yield return arrived;
                            break;
                        case "VIRTUALNETWORKGATEWAY":
                            foreach (var connection in route.Connection is { } c ? new[] { c } : ReachNetwork.GatewaysServing(vnet).SelectMany(g => g.Connections))
                                if (ReferenceEquals(target.Site, connection) && Model.Egress(connection, source, destination) is { } exit)
                                    yield return new ReachPath(traffic, [.. step, new Hop($"VPN gateway {connection.Gateway.Name}", exit)], target.Resource);
                            break;
                        case "VIRTUALAPPLIANCE":
                            foreach (var path in Appliance(route, source, traffic, step, visited)) yield return path;
                            break;
                    }
                }
        }

        private IEnumerable<ReachPath> Appliance(Candidate route, AddressSet source, Traffic traffic, List<Hop> step, IReadOnlyList<object> visited)
        {
            if (route.Address is not { } text || Block.Parse(text) is not { } address) yield break;
            var (firewall, appliance) = model.ApplianceAt(address);
            if (firewall is not null)
            {
                if (visited.Contains(firewall) || firewall.Subnet is not { } subnet) yield break;
                var (allowed, by) = Filters.Firewall(Network, firewall, source, destination, traffic);
                if (allowed.IsEmpty) yield break;
                var hops = new List<Hop>(step) { new($"firewall {firewall.Name}", Describe(by)) };
                var translated = source.Union(new AddressSet(subnet.Blocks));
                foreach (var path in Route(subnet.Vnet, subnet.RouteTable, $"firewall {firewall.Name}", translated, allowed, hops, [.. visited, firewall], forwarded: true))
                    yield return path;
                yield break;
            }
            if (appliance is null || visited.Contains(appliance)) yield break;
            var through = new List<Hop>(step) { new($"appliance {text} in {appliance.Label}", "not an Azure Firewall: assumed to forward everything") };
            foreach (var path in Route(appliance.Vnet, appliance.RouteTable, $"appliance {text}", source, traffic, through, [.. visited, appliance], forwarded: true))
                yield return path;
        }

        /// <summary>Delivery into the destination subnet: its inbound NSG (for a private endpoint only when network policies apply it).</summary>
        public ReachPath? Arrive(SubnetNode subnet, AddressSet source, Traffic traffic, IReadOnlyList<Hop> hops)
        {
            if (!ReferenceEquals(subnet, target.Subnet)) return null;
            var wanted = traffic.Intersect(target.Ports);
            var steps = new List<Hop>(hops);
            if (subnet.Nsg is { } nsg && (!target.PrivateEndpoint || subnet.NsgAppliesToPrivateEndpoints))
            {
                var (allowed, by) = Filters.Nsg(Network, nsg, inbound: true, subnet.Vnet, source, destination, wanted);
                wanted = allowed;
                steps.Add(new Hop($"subnet {subnet.Label}", Describe(by)));
            }
            else if (subnet.Nsg is not null)
                steps.Add(new Hop($"subnet {subnet.Label}", "its NSG does not apply to private endpoints (privateEndpointNetworkPolicies)"));
            else
                steps.Add(new Hop($"subnet {subnet.Label}", "no NSG"));
            if (wanted.IsEmpty) return null;
            steps.Add(new Hop(target.Via, "destination"));
            return new ReachPath(wanted, steps, target.Resource);
        }

        /// <summary>The routes Azure would pick for <paramref name="block"/>: the best route containing it, and any more specific route inside it.</summary>
        private List<Candidate> Select(VnetNode vnet, PolicyResource? table, Block block)
        {
            var candidates = new List<Candidate>();
            if (table is not null)
                foreach (var route in Network.RoutesOf(table))
                {
                    var prefixText = route.Get("addressPrefix").Text;
                    if (prefixText is null || Block.Parse(prefixText) is not { } prefix) continue;
                    var name = route.Get("name").Text ?? route.Get("routeName").Text ?? "(unnamed)";
                    var hop = route.Get("nextHopType").Text ?? "None";
                    var address = route.Get("nextHopIpAddress").Text;
                    candidates.Add(new Candidate(prefix, Kind.User, hop, address,
                        $"route table {Topology.AzureName(table) ?? table.Name} route {name} ({prefixText} → {hop}{(address is null ? "" : $" {address}")})", null, null, null));
                }
            foreach (var own in vnet.Blocks)
                candidates.Add(new Candidate(own, Kind.System, "VnetLocal", null, $"system route {own} → VnetLocal", null, null, null));
            foreach (var peering in vnet.Peerings.Where(p => p.Access && p.Remote is not null))
                foreach (var remote in peering.Remote!.Blocks)
                    candidates.Add(new Candidate(remote, Kind.System, "VNetPeering", null, $"system route {remote} → VNetPeering ({peering.Remote.Name})", peering.Remote, peering, null));
            var propagate = table is null || table.Get("disableBgpRoutePropagation").Bool != true;
            if (propagate)
                foreach (var gateway in ReachNetwork.GatewaysServing(vnet))
                    foreach (var connection in gateway.Connections)
                        foreach (var prefix in connection.Prefixes)
                            candidates.Add(new Candidate(prefix, Kind.Gateway, "VirtualNetworkGateway", null,
                                $"gateway route {prefix} → VirtualNetworkGateway ({connection.Name})", null, null, connection));
            // A user route for 0.0.0.0/0 invalidates the system routes that drop private ranges (effective
            // routes list them as Invalid): that traffic follows the user's default route instead.
            var userDefault = candidates.Any(c => c.Kind == Kind.User && c.Prefix.First == UInt128.Zero && c.Prefix.Last >= uint.MaxValue);
            foreach (var text in userDefault ? Array.Empty<string>() : new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10" })
                candidates.Add(new Candidate(Block.Parse(text)!.Value, Kind.System, "None", null, $"system route {text} → None", null, null, null));
            candidates.Add(new Candidate(Block.Parse("0.0.0.0/0")!.Value, Kind.System, "Internet", null, "system route 0.0.0.0/0 → Internet", null, null, null));

            var containing = candidates.Where(c => c.Prefix.Contains(block)).ToList();
            var chosen = new List<Candidate>();
            if (containing.Count > 0)
            {
                var longest = containing.Min(c => c.Prefix.Last - c.Prefix.First);
                var best = containing.Where(c => c.Prefix.Last - c.Prefix.First == longest).OrderBy(c => c.Kind).ToList();
                // Same prefix and source twice (two gateway connections announcing it): each is a way.
                chosen.AddRange(best.Where(c => c.Kind == best[0].Kind));
            }
            chosen.AddRange(candidates.Where(c => !c.Prefix.Contains(block) && block.Contains(c.Prefix)));
            return chosen;
        }
    }

    private static string Describe(IReadOnlyList<Allowance> by) =>
        by.Count == 0 ? "nothing allowed" : string.Join("; ", by.Select(a => $"{a.Rule} allows {a.Traffic}"));
}
