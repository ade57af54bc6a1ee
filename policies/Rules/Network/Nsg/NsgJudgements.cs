using System.Net;
using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network.Nsg;

/// <summary>
/// The checks behind <c>nsg-no-internet-inbound</c> and <c>nsg-no-lateral-movement</c>: rules read in
/// Azure's priority order (<see cref="NsgFlow"/>), with Azure's default rules after the declared ones.
/// </summary>
internal static class NsgJudgements
{
    /// <summary>azure-native's Application Gateway type (not declared by our stacks; recognised when an estate has one).</summary>
    public const string ApplicationGateway = "azure-native:network:ApplicationGateway";

    /// <summary>Remote administration and file-sharing ports an intruder moves between machines with: SSH, RDP, SMB, WinRM (HTTP, HTTPS).</summary>
    public static readonly IReadOnlyList<int> LateralPorts = [22, 3389, 445, 5985, 5986];

    /// <summary>
    /// Where the internet may come in, by structure first: an NSG on <c>AzureBastionSubnet</c> takes TCP 443
    /// ("Ingress Traffic from public internet: … port 443 enabled on the public IP", Learn <i>Working with NSG
    /// access and Azure Bastion</i>, <see href="https://learn.microsoft.com/azure/bastion/bastion-nsg"/>);
    /// an NSG on an Application Gateway's subnet takes its listener ports 80/443 (Learn <i>Application
    /// Gateway infrastructure configuration</i>, "allow incoming Internet traffic on the listener ports",
    /// <see href="https://learn.microsoft.com/azure/application-gateway/configuration-infrastructure#network-security-groups"/>);
    /// an NSG tagged <c>network-edge: "true"</c> (our hint, for a front whose subnet is not declared here)
    /// takes 80/443. Null: not a front. Front Door reaches its origins from the <c>AzureFrontDoor.Backend</c>
    /// service tag, never as "Internet", so it needs no front NSG.
    /// </summary>
    public static (string Front, IReadOnlyList<PortRange> Ports)? FrontOf(PolicyResource nsg, ResourceSet set)
    {
        if (Topology.ProtectsBastion(nsg, set)) return ("the Azure Bastion subnet", [new PortRange(443, 443)]);
        if (ApplicationGatewayNsgs(set).Contains(nsg)) return ("an Application Gateway subnet", [new PortRange(80, 80), new PortRange(443, 443)]);
        if (Topology.TagIs(nsg, "network-edge", "true")) return ("a declared edge (network-edge: true)", [new PortRange(80, 80), new PortRange(443, 443)]);
        return null;
    }

    /// <summary>
    /// The internet-facing allows among <paramref name="judged"/> (rules of <paramref name="nsg"/>, or a
    /// standalone rule of it), judged against every rule of the NSG: ports denied to the internet by a rule
    /// of higher priority are not exposed, nor the front ports of a front. Azure's default inbound rules
    /// admit nothing from the internet (AllowAzureLoadBalancerInBound takes only the AzureLoadBalancer tag).
    /// </summary>
    public static Outcome InternetInbound(IReadOnlyList<NsgRuleView> judged, IReadOnlyList<NsgRuleView> context, PolicyResource? nsg, ResourceSet set)
    {
        var front = nsg is null ? null : FrontOf(nsg, set);
        var failures = new List<string>();
        string? unknown = null;
        foreach (var rule in judged)
        {
            if (!rule.Allow || !rule.Inbound) { NoteUnknown(rule); continue; }
            var source = rule.Sources.FirstOrDefault(NsgExposure.IsInternetSource);
            if (source is null) { NoteUnknown(rule); continue; }
            if (rule.Unknown is not null) { unknown ??= rule.Unknown; continue; }
            IReadOnlyList<PortRange> open = NsgFlow.Normalise(rule.Ports);
            var shadowUnknown = (string?)null;
            foreach (var deny in context.Where(d => !d.IsDefault && !d.Allow && d.Inbound && d.Priority < rule.Priority))
            {
                if (deny.Unknown is not null) { shadowUnknown ??= deny.Unknown; continue; }
                if (!deny.CoversProtocol(rule.Protocol) || !deny.Sources.Any(NsgExposure.IsInternetSource)) continue;
                if (!NsgFlow.IsEverything(deny.Destinations) && !SameSet(deny.Destinations, rule.Destinations)) continue;
                open = NsgFlow.Subtract(open, deny.Ports);
            }
            if (front is { } f) open = NsgFlow.Subtract(open, f.Ports);
            if (open.Count == 0) continue;
            if (shadowUnknown is not null) { unknown ??= shadowUnknown; continue; }
            var protocols = rule.Protocol is "*" || rule.Protocol.Equals("Any", StringComparison.OrdinalIgnoreCase) ? "all protocols" : rule.Protocol;
            failures.Add($"{rule.Label} allows {protocols} inbound from '{source}' to {NsgFlow.Describe(open)}; " + (front is { } fr
                ? $"this NSG protects {fr.Front}, which may take only {NsgFlow.Describe(fr.Ports)} from the internet"
                : "only an internet front (the Bastion or Application Gateway subnet) may take traffic from the internet"));
        }
        if (failures.Count > 0) return Outcome.Fail([.. failures]);
        return unknown is null ? Outcome.Pass : Check.Unknown(unknown);

        void NoteUnknown(NsgRuleView rule)
        {
            // A rule whose access, direction or sources are pending may still be an internet allow.
            if (rule.Unknown is not null && (rule.Allow || rule.Sources.Count == 0)) unknown ??= rule.Unknown;
        }
    }

    /// <summary>
    /// Lateral movement through one NSG: for each port of <see cref="LateralPorts"/> and each direction
    /// (outbound only where the NSG is not Bastion's, whose purpose is to reach VMs on 22/3389), the first
    /// rule in priority order that matches TCP from (inbound) or to (outbound) an address of a virtual
    /// network decides. It fails when that rule is an allow whose peer is not the Bastion subnet —
    /// including Azure's default AllowVnetInBound/AllowVnetOutBound (65000, VirtualNetwork → VirtualNetwork,
    /// every port). A deny decides only when it covers every VNet address (<c>*</c> or
    /// <c>VirtualNetwork</c>) on both sides.
    /// </summary>
    public static Outcome Lateral(PolicyResource nsg, ResourceSet set)
    {
        var (_, _, pending) = NsgFlow.RulesOf(nsg, set);
        if (pending is not null) return Check.Unknown(pending);
        var rules = NsgFlow.Ordered(nsg, set);
        // A rule not known yet may sit anywhere in the order; nothing can be said before it is.
        if (rules.FirstOrDefault(r => r.Unknown is not null) is { Unknown: { } pendingRule }) return Check.Unknown(pendingRule);
        var addresses = Addresses.Of(set);
        var directions = Topology.ProtectsBastion(nsg, set) ? new[] { true } : [true, false];
        var failures = new List<string>();
        foreach (var inbound in directions)
        {
            var allowedBy = new List<(NsgRuleView Rule, int Port)>();
            foreach (var port in LateralPorts)
            {
                foreach (var rule in rules.Where(r => r.Inbound == inbound && r.CoversProtocol("Tcp") && r.CoversPort(port)))
                {
                    var (peer, other) = inbound ? (rule.Sources, rule.Destinations) : (rule.Destinations, rule.Sources);
                    var reach = addresses.Reach(peer);
                    if (rule.Allow && reach != Reach.None) { allowedBy.Add((rule, port)); break; }
                    if (!rule.Allow && reach == Reach.Every && addresses.Reach(other) == Reach.Every) break;
                }
            }
            foreach (var group in allowedBy.GroupBy(a => a.Rule))
            {
                var ports = string.Join(", ", group.Select(g => g.Port));
                failures.Add(inbound
                    ? $"inbound TCP {ports} from other subnets and peered networks is allowed by {group.Key.Label}; deny them from VirtualNetwork above it and allow them only from AzureBastionSubnet"
                    : $"outbound TCP {ports} to other subnets and peered networks is allowed by {group.Key.Label}; deny them to VirtualNetwork above it");
            }
        }
        return failures.Count > 0 ? Outcome.Fail([.. failures]) : Outcome.Pass;
    }

    private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count > 0 && a.Count == b.Count && a.All(x => b.Contains(x, StringComparer.OrdinalIgnoreCase));

    /// <summary>The NSGs of subnets an Application Gateway's <c>gatewayIPConfigurations[].subnet.id</c> names.</summary>
    private static HashSet<PolicyResource> ApplicationGatewayNsgs(ResourceSet set) => set.Memo("network/appgw-nsgs", s =>
    {
        var subnetIds = s.OfType(ApplicationGateway)
            .SelectMany(g => g.Get("gatewayIPConfigurations").Items.Select(c => c.Get("subnet.id")))
            .ToList();
        var result = new HashSet<PolicyResource>();
        foreach (var id in subnetIds)
        {
            if (s.Resolve(id) is ({ Type: Subnet } subnet, "") && s.Resolve(subnet.Get("networkSecurityGroup.id")) is ({ Type: NetworkSecurityGroup } nsg, ""))
                result.Add(nsg);
            // Deployed state: the NSG lists its subnets by id.
            if (id.Text is { Length: > 0 } text)
                foreach (var candidate in s.OfType(NetworkSecurityGroup))
                    if (candidate.Get("subnets").Items.Any(i => text.Equals(i.Get("id").Text, StringComparison.OrdinalIgnoreCase)))
                        result.Add(candidate);
        }
        return result;
    });

    private enum Reach { None, Some, Every }

    /// <summary>
    /// The address ranges lateral movement is judged against, read from the set: the Bastion subnets'
    /// prefixes (the management path, exempt), the virtual networks' address spaces and the offices'
    /// (local network gateways: on-premises, not a VNet).
    /// </summary>
    private sealed class Addresses
    {
        private static readonly IPNetwork2[] Private =
            [.. new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7" }.Select(p => IPNetwork2.Parse(p))];

        private readonly List<IPNetwork2> _bastion = [];
        private readonly List<IPNetwork2> _vnets = [];
        private readonly List<IPNetwork2> _onPremises = [];
        private readonly Ranges _bastionRanges;
        private readonly Ranges _vnetRanges;
        private readonly Ranges _onPremisesRanges;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Reach> _byPrefix = new(StringComparer.Ordinal);

        public static Addresses Of(ResourceSet set) => set.Memo("network/lateral-addresses", s => new Addresses(s));

        private Addresses(ResourceSet set)
        {
            foreach (var vnet in set.OfType(VirtualNetwork))
            {
                _vnets.AddRange(Parse(vnet.Get("addressSpace.addressPrefixes").Texts));
                foreach (var subnet in Topology.SubnetsOf(vnet, set).Where(x => Topology.BastionSubnet.Equals(x.Name, StringComparison.OrdinalIgnoreCase)))
                    _bastion.AddRange(Parse([.. subnet.Properties.Get("addressPrefix").Texts, .. subnet.Properties.Get("addressPrefixes").Texts]));
            }
            foreach (var subnet in set.OfType(Subnet).Where(x => Topology.BastionSubnet.Equals(Topology.AzureName(x), StringComparison.OrdinalIgnoreCase)))
                _bastion.AddRange(Parse([.. subnet.Get("addressPrefix").Texts, .. subnet.Get("addressPrefixes").Texts]));
            foreach (var gateway in set.OfType(LocalNetworkGateway))
                _onPremises.AddRange(Parse(gateway.Get("localNetworkAddressSpace.addressPrefixes").Texts));
            (_bastionRanges, _vnetRanges, _onPremisesRanges) = (new Ranges(_bastion), new Ranges(_vnets), new Ranges(_onPremises));
        }

        /// <summary>
        /// How much of the estate's VNet address space a prefix list admits: every address (<c>*</c>,
        /// <c>Any</c>, a /0, the <c>VirtualNetwork</c> tag); some (a CIDR inside a VNet's space or another
        /// private range, e.g. a VNet of another stack, that is not within a Bastion subnet or an office);
        /// or none (other service tags, public ranges, Bastion, offices).
        /// </summary>
        public Reach Reach(IReadOnlyList<string> prefixes)
        {
            var reach = NsgJudgements.Reach.None;
            foreach (var prefix in prefixes)
            {
                var one = _byPrefix.GetOrAdd(prefix, Of);
                if (one == NsgJudgements.Reach.Every) return one;
                if (one == NsgJudgements.Reach.Some) reach = one;
            }
            return reach;
        }

        /// <summary>How much one prefix admits (see <see cref="Reach(IReadOnlyList{string})"/>).</summary>
        private Reach Of(string prefix)
        {
            if (NsgFlow.IsEverything([prefix]) || prefix.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase)) return NsgJudgements.Reach.Every;
            if (AddressPrefixes.Parse(prefix) is not { } network) return NsgJudgements.Reach.None;
            if (_bastionRanges.AnyContains(network)) return NsgJudgements.Reach.None;
            if (_vnetRanges.AnyOverlaps(network)) return NsgJudgements.Reach.Some;
            if (_onPremisesRanges.AnyContains(network)) return NsgJudgements.Reach.None;
            return Private.Any(p => AddressPrefixes.Overlap(p, network)) ? NsgJudgements.Reach.Some : NsgJudgements.Reach.None;
        }

        /// <summary>
        /// Address ranges sorted by first address, with the greatest last address up to each: whether any
        /// range contains or overlaps a block is one binary search, not a scan of every range.
        /// </summary>
        private sealed class Ranges
        {
            private readonly Dictionary<System.Net.Sockets.AddressFamily, (UInt128[] First, UInt128[] MaxLast)> _byFamily = [];

            public Ranges(IEnumerable<IPNetwork2> networks)
            {
                foreach (var family in networks.Select(Bounds).GroupBy(b => b.Family))
                {
                    var sorted = family.OrderBy(b => b.First).ToArray();
                    var first = new UInt128[sorted.Length];
                    var maxLast = new UInt128[sorted.Length];
                    for (var i = 0; i < sorted.Length; i++)
                    {
                        first[i] = sorted[i].First;
                        maxLast[i] = i == 0 || sorted[i].Last > maxLast[i - 1] ? sorted[i].Last : maxLast[i - 1];
                    }
                    _byFamily[family.Key] = (first, maxLast);
                }
            }

            /// <summary>Some range holds the whole block.</summary>
            public bool AnyContains(IPNetwork2 network)
            {
                var (family, first, last) = Bounds(network);
                return Reaches(family, first, last);
            }

            /// <summary>Some range shares an address with the block.</summary>
            public bool AnyOverlaps(IPNetwork2 network)
            {
                var (family, first, last) = Bounds(network);
                return Reaches(family, last, first);
            }

            /// <summary>Some range starts at or before <paramref name="startBy"/> and ends at or after <paramref name="endFrom"/>.</summary>
            private bool Reaches(System.Net.Sockets.AddressFamily family, UInt128 startBy, UInt128 endFrom)
            {
                if (!_byFamily.TryGetValue(family, out var ranges)) return false;
                var (lo, hi) = (0, ranges.First.Length - 1);
                var at = -1;
                while (lo <= hi)
                {
                    var mid = lo + ((hi - lo) / 2);
                    if (ranges.First[mid] <= startBy) { at = mid; lo = mid + 1; }
                    else hi = mid - 1;
                }
                return at >= 0 && ranges.MaxLast[at] >= endFrom;
            }

            private static (System.Net.Sockets.AddressFamily Family, UInt128 First, UInt128 Last) Bounds(IPNetwork2 network)
            {
                var bytes = network.Network.GetAddressBytes();
                var first = UInt128.Zero;
                foreach (var b in bytes) first = (first << 8) | b;
                var hostBits = (bytes.Length * 8) - network.Cidr;
                var last = hostBits >= 128 ? UInt128.MaxValue : first | ((UInt128.One << hostBits) - 1);
                return (network.AddressFamily, first, last);
            }
        }

        private static IEnumerable<IPNetwork2> Parse(IEnumerable<string> texts) =>
            texts.Select(AddressPrefixes.Parse).OfType<IPNetwork2>();
    }
}
