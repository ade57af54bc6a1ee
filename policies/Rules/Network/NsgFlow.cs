using System.Globalization;
using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network;

/// <summary>A closed range of TCP/UDP ports.</summary>
public readonly record struct PortRange(int From, int To)
{
    public override string ToString() => From == To
        ? From.ToString(CultureInfo.InvariantCulture)
        : From == 0 && To == 65535 ? "any port" : $"{From.ToString(CultureInfo.InvariantCulture)}-{To.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// One security rule as Azure evaluates it: its priority, direction, access, protocol, both address
/// sides and destination ports. <paramref name="Origin"/> is where it was read (null for Azure's
/// default rules); <paramref name="Unknown"/> names a field not known until deployment.
/// </summary>
public sealed record NsgRuleView(
    string Name, int Priority, bool Inbound, bool Allow, string Protocol,
    IReadOnlyList<string> Sources, IReadOnlyList<string> Destinations, IReadOnlyList<PortRange> Ports,
    Lookup? Origin, string? Unknown)
{
    public bool IsDefault => Origin is null;

    /// <summary>How findings name it: <c>security rule 'x' (priority 200)</c> or <c>Azure's default rule AllowVnetInBound (priority 65000)</c>.</summary>
    public string Label => IsDefault
        ? $"Azure's default rule {Name} (priority {Priority.ToString(CultureInfo.InvariantCulture)})"
        : $"security rule '{Name}' (priority {Priority.ToString(CultureInfo.InvariantCulture)})";

    public bool CoversProtocol(string protocol) =>
        Protocol is "*" || Protocol.Equals("Any", StringComparison.OrdinalIgnoreCase) || Protocol.Equals(protocol, StringComparison.OrdinalIgnoreCase);

    public bool CoversPort(int port) => Ports.Any(p => p.From <= port && port <= p.To);
}

/// <summary>
/// An NSG's security rules in the order Azure applies them: "Rules are processed in priority order,
/// with lower numbers processed before higher numbers … Once traffic matches a rule, processing
/// stops", and every NSG carries default rules that cannot be removed, only overridden by a rule of
/// higher priority: inbound AllowVNetInBound (65000, VirtualNetwork → VirtualNetwork, any port),
/// AllowAzureLoadBalancerInBound (65001), DenyAllInbound (65500); outbound AllowVnetOutBound (65000),
/// AllowInternetOutBound (65001), DenyAllOutBound (65500). Source: Microsoft Learn, <i>Network security
/// groups — Security rules / Default security rules</i>
/// (<see href="https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#default-security-rules"/>).
/// The <c>VirtualNetwork</c> service tag covers the VNet's address space, every peered VNet and the
/// on-premises ranges learned through a virtual network gateway (same page, and
/// <see href="https://learn.microsoft.com/azure/virtual-network/service-tags-overview"/>).
/// </summary>
public static class NsgFlow
{
    /// <summary>Every port (declared before <see cref="Defaults"/>, which uses it: static fields initialise in order).</summary>
    private static readonly PortRange AllPorts = new(0, 65535);

    /// <summary>Azure's default security rules (the Learn page above), lowest priority last.</summary>
    public static readonly IReadOnlyList<NsgRuleView> Defaults =
    [
        Default("AllowVnetInBound", 65000, inbound: true, allow: true, "VirtualNetwork", "VirtualNetwork"),
        Default("AllowAzureLoadBalancerInBound", 65001, inbound: true, allow: true, "AzureLoadBalancer", "*"),
        Default("DenyAllInBound", 65500, inbound: true, allow: false, "*", "*"),
        Default("AllowVnetOutBound", 65000, inbound: false, allow: true, "VirtualNetwork", "VirtualNetwork"),
        Default("AllowInternetOutBound", 65001, inbound: false, allow: true, "*", "Internet"),
        Default("DenyAllOutBound", 65500, inbound: false, allow: false, "*", "*"),
    ];

    /// <summary>
    /// The standalone SecurityRule resources whose parent is <paramref name="nsg"/> (see
    /// <see cref="Topology.ParentOf"/>), and the NSG's own <c>securityRules[]</c> entries that are not
    /// one of those (deployed state lists standalone rules inline too).
    /// </summary>
    public static (IReadOnlyList<PolicyResource> Standalone, IReadOnlyList<Lookup> Inline, string? Unknown) RulesOf(PolicyResource nsg, ResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(nsg);
        ArgumentNullException.ThrowIfNull(set);
        var standalone = set.OfType(SecurityRule)
            .Where(r => Topology.ParentOf(r, set, NetworkSecurityGroup, "networkSecurityGroupName").Parent == nsg)
            .ToList();
        var names = standalone.Select(r => Topology.AzureName(r) ?? r.Get("securityRuleName").Text).OfType<string>().ToList();
        var list = nsg.Get("securityRules");
        if (list.IsUnknown) return (standalone, [], "securityRules");
        var inline = list.Items.Where(item =>
                !(set.Resolve(item.Get("id")) is ({ Type: SecurityRule }, "")) &&
                !(item.Get("name").Text is { } n && names.Contains(n, StringComparer.OrdinalIgnoreCase)))
            .ToList();
        return (standalone, inline, null);
    }

    /// <summary>
    /// Every rule of <paramref name="nsg"/> (inline and standalone) as Azure would order them,
    /// followed by the default rules. A rule without a priority (Azure rejects one) is placed after
    /// every declared rule, before the defaults.
    /// </summary>
    public static IReadOnlyList<NsgRuleView> Ordered(PolicyResource nsg, ResourceSet set)
    {
        var (standalone, inline, _) = RulesOf(nsg, set);
        return Order([.. inline.Select(View), .. standalone.Select(s => View(Topology.Whole(s)))]);
    }

    /// <summary>Declared rules sorted by priority (stable, so ties keep their written order), then the defaults.</summary>
    public static IReadOnlyList<NsgRuleView> Order(IEnumerable<NsgRuleView> declared) =>
        [.. declared.OrderBy(r => r.Priority), .. Defaults];

    /// <summary>Reads one security rule (an NSG's <c>securityRules[]</c> entry, or a SecurityRule's properties).</summary>
    public static NsgRuleView View(Lookup rule)
    {
        string? unknown = rule.IsUnknown ? rule.Path : null;
        string Text(string path)
        {
            var v = rule.Get(path);
            if (v.IsUnknown) unknown ??= v.Path;
            return v.Text?.Trim() ?? "";
        }
        IReadOnlyList<string> Prefixes(string one, string many)
        {
            var single = rule.Get(one);
            var list = rule.Get(many);
            if (single.IsUnknown) unknown ??= single.Path;
            if (list.AnyUnknown) unknown ??= list.Path;
            return [.. single.Text is { Length: > 0 } s ? [s.Trim()] : Array.Empty<string>(), .. list.Texts.Select(t => t.Trim())];
        }

        var name = rule.Get("name").Text ?? rule.Get("securityRuleName").Text ?? (rule.Path.Length > 0 ? rule.Path : "(unnamed)");
        var priorityValue = rule.Get("priority");
        if (priorityValue.IsUnknown) unknown ??= priorityValue.Path;
        var priority = priorityValue.Number is { } p ? (int)p : 4097;
        var direction = Text("direction");
        var access = Text("access");
        var protocol = Text("protocol");
        var sources = Prefixes("sourceAddressPrefix", "sourceAddressPrefixes");
        var destinations = Prefixes("destinationAddressPrefix", "destinationAddressPrefixes");
        var portTexts = Prefixes("destinationPortRange", "destinationPortRanges");
        var ports = portTexts.Select(NsgExposure.ParsePortRange).OfType<(int From, int To)>().Select(r => new PortRange(r.From, r.To)).ToList();
        return new NsgRuleView(name, priority, direction.Equals("Inbound", StringComparison.OrdinalIgnoreCase),
            access.Equals("Allow", StringComparison.OrdinalIgnoreCase), protocol.Length == 0 ? "*" : protocol,
            sources, destinations, ports, rule, unknown);
    }

    /// <summary>True when a prefix list admits every address: <c>*</c>, <c>Any</c>, <c>0.0.0.0/0</c>, <c>::/0</c>.</summary>
    public static bool IsEverything(IReadOnlyList<string> prefixes) =>
        prefixes.Any(p => p is "*" || p.Equals("Any", StringComparison.OrdinalIgnoreCase) || p.EndsWith("/0", StringComparison.Ordinal) || p == "0.0.0.0");

    /// <summary>Removes <paramref name="cut"/> from <paramref name="ranges"/>.</summary>
    public static IReadOnlyList<PortRange> Subtract(IReadOnlyList<PortRange> ranges, IReadOnlyList<PortRange> cut)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentNullException.ThrowIfNull(cut);
        var result = ranges.ToList();
        foreach (var c in cut)
        {
            var next = new List<PortRange>();
            foreach (var r in result)
            {
                if (c.To < r.From || c.From > r.To) { next.Add(r); continue; }
                if (r.From < c.From) next.Add(new PortRange(r.From, c.From - 1));
                if (r.To > c.To) next.Add(new PortRange(c.To + 1, r.To));
            }
            result = next;
        }
        return result;
    }

    /// <summary>Merges overlapping and adjacent ranges, sorted.</summary>
    public static IReadOnlyList<PortRange> Normalise(IEnumerable<PortRange> ranges)
    {
        var result = new List<PortRange>();
        foreach (var r in ranges.OrderBy(r => r.From))
        {
            if (result.Count > 0 && r.From <= result[^1].To + 1)
                result[^1] = new PortRange(result[^1].From, Math.Max(result[^1].To, r.To));
            else
                result.Add(r);
        }
        return result;
    }

    public static string Describe(IReadOnlyList<PortRange> ranges) =>
        ranges.Count == 1 && ranges[0] == AllPorts ? "any port"
        : (ranges.Count == 1 && ranges[0].From == ranges[0].To ? "port " : "ports ") + string.Join(", ", ranges);

    private static NsgRuleView Default(string name, int priority, bool inbound, bool allow, string source, string destination) =>
        new(name, priority, inbound, allow, "*", [source], [destination], [AllPorts], null, null);
}
