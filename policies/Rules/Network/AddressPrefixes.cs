using System.Net;
using System.Net.Sockets;
using Oic.Infra.Policies.Engine;

namespace Oic.Infra.Policies.Rules.Network;

/// <summary>The address prefixes one resource (or one inline subnet) claims, as written and as networks.</summary>
/// <param name="Owner">Where findings go.</param>
/// <param name="Label">How other resources' findings name it: the logical name, or <c>vnet-x subnet 'y'</c>.</param>
/// <param name="Prefix">Put in front of the owner's findings (<c>subnet 'y': </c> for an inline subnet).</param>
/// <param name="Networks">The prefixes that parse.</param>
/// <param name="Invalid">Prefixes that are not CIDR blocks.</param>
/// <param name="Unknown">The path of a prefix not known yet.</param>
/// <param name="Site">The remote device of a local network gateway (its <c>gatewayIpAddress</c> or <c>fqdn</c>).</param>
public sealed record AddressClaim(
    PolicyResource Owner, string Label, string Prefix,
    IReadOnlyList<(string Text, IPNetwork2 Network)> Networks, IReadOnlyList<string> Invalid, string? Unknown, string? Site = null);

/// <summary>Reading address prefixes and finding overlaps between them (IPv4 and IPv6, via IPNetwork2).</summary>
public static class AddressPrefixes
{
    /// <summary>A CIDR block (<c>10.40.0.0/22</c>); an address with no length is a single host. Null when it is neither.</summary>
    public static IPNetwork2? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (!t.Contains('/', StringComparison.Ordinal))
        {
            if (!IPAddress.TryParse(t, out var address)) return null;
            t = $"{t}/{(address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32)}";
        }
        return IPNetwork2.TryParse(t, out var network) ? network : null;
    }

    /// <summary>True when the two blocks share at least one address.</summary>
    public static bool Overlap(IPNetwork2 a, IPNetwork2 b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.AddressFamily == b.AddressFamily && a.Overlap(b);
    }

    /// <summary>Reads the prefixes at <paramref name="list"/> (a list of strings or a single string) plus <paramref name="one"/>.</summary>
    public static AddressClaim Claim(PolicyResource owner, string label, string prefix, Lookup list, Lookup? one = null, string? site = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var networks = new List<(string, IPNetwork2)>();
        var invalid = new List<string>();
        string? unknown = null;
        var texts = new List<string>();
        if (one is { } s)
        {
            if (s.IsUnknown) unknown = s.Path;
            else if (s.Text is { Length: > 0 } t) texts.Add(t);
        }
        if (list.AnyUnknown) unknown ??= list.Path;
        texts.AddRange(list.Texts);
        foreach (var text in texts.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (Parse(text) is { } network) networks.Add((text.Trim(), network));
            else invalid.Add(text);
        }
        return new AddressClaim(owner, label, prefix, networks, invalid, unknown, site);
    }

    /// <summary>
    /// Every claim's outcome against the others of its group: fails naming each overlap (both
    /// prefixes and the other claim); unknown when it or another claim has a prefix not known yet;
    /// else passes. <paramref name="compare"/> says which pairs are compared.
    /// </summary>
    public static IReadOnlyList<(AddressClaim Claim, Outcome Outcome)> Judge(IReadOnlyList<AddressClaim> claims, Func<AddressClaim, AddressClaim, bool> compare)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(compare);
        var overlapping = OverlappingPairs(claims);
        var pending = claims.Where(c => c.Unknown is not null).ToList();
        var results = new List<(AddressClaim, Outcome)>();
        for (var c = 0; c < claims.Count; c++)
        {
            var claim = claims[c];
            var findings = claim.Invalid.Select(i => $"{claim.Prefix}'{i}' is not an address prefix (CIDR block)").ToList();
            string? unknown = claim.Unknown is null ? null : $"{claim.Unknown} is not known until deployment";
            if (unknown is null && pending.FirstOrDefault(other => !ReferenceEquals(other, claim) && compare(claim, other)) is { } first)
                unknown = $"{first.Label}: {first.Unknown} is not known until deployment";
            foreach (var o in overlapping.GetValueOrDefault(c) ?? [])
            {
                var other = claims[o];
                if (ReferenceEquals(other, claim) || !compare(claim, other)) continue;
                foreach (var (text, network) in claim.Networks)
                    foreach (var (otherText, otherNetwork) in other.Networks)
                        if (Overlap(network, otherNetwork))
                            findings.Add($"{claim.Prefix}{text} overlaps {otherText} of {other.Label}");
            }
            results.Add((claim, findings.Count > 0 ? Outcome.Fail([.. findings])
                : unknown is not null ? Outcome.Unknown(unknown) : Outcome.Pass));
        }
        return results;
    }

    /// <summary>
    /// For each claim (by index), the other claims with a block overlapping one of its blocks, in
    /// claim order. Two CIDR blocks overlap only when one contains the other, so one sweep over the
    /// blocks sorted by first address (larger first) with a stack of the blocks still open finds
    /// every pair: n log n plus the pairs, instead of comparing every claim with every other.
    /// </summary>
    private static Dictionary<int, SortedSet<int>> OverlappingPairs(IReadOnlyList<AddressClaim> claims)
    {
        var blocks = new List<(AddressFamily Family, UInt128 First, UInt128 Last, int Claim)>();
        for (var c = 0; c < claims.Count; c++)
            foreach (var (_, network) in claims[c].Networks)
            {
                var bytes = network.Network.GetAddressBytes();
                var first = UInt128.Zero;
                foreach (var b in bytes) first = (first << 8) | b;
                var hostBits = (bytes.Length * 8) - network.Cidr;
                var last = hostBits >= 128 ? UInt128.MaxValue : first | ((UInt128.One << hostBits) - 1);
                blocks.Add((network.AddressFamily, first, last, c));
            }
        blocks.Sort((a, b) => a.Family != b.Family ? a.Family.CompareTo(b.Family)
            : a.First != b.First ? a.First.CompareTo(b.First) : b.Last.CompareTo(a.Last));
        var pairs = new Dictionary<int, SortedSet<int>>();
        var open = new List<(AddressFamily Family, UInt128 First, UInt128 Last, int Claim)>();
        foreach (var block in blocks)
        {
            while (open.Count > 0 && (open[^1].Family != block.Family || open[^1].Last < block.First)) open.RemoveAt(open.Count - 1);
            foreach (var outer in open)
            {
                Add(pairs, outer.Claim, block.Claim);
                Add(pairs, block.Claim, outer.Claim);
            }
            open.Add(block);
        }
        return pairs;
    }

    private static void Add(Dictionary<int, SortedSet<int>> pairs, int claim, int other)
    {
        if (!pairs.TryGetValue(claim, out var set)) pairs[claim] = set = [];
        set.Add(other);
    }
}
