using System.Globalization;

namespace Oic.Infra.Policies.Rules.Network.Reach;

/// <summary>A set of ports 0–65535 as sorted, disjoint, non-adjacent ranges.</summary>
public sealed record PortSet
{
    public const int Max = 65535;

    public static readonly PortSet None = new([]);
    public static readonly PortSet All = new([(0, Max)]);

    private PortSet(IReadOnlyList<(int From, int To)> ranges) => Ranges = ranges;

    public IReadOnlyList<(int From, int To)> Ranges { get; }

    public bool IsEmpty => Ranges.Count == 0;

    public static PortSet Of(IEnumerable<(int From, int To)> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var sorted = ranges.Select(r => (Math.Max(0, r.From), Math.Min(Max, r.To))).Where(r => r.Item1 <= r.Item2).OrderBy(r => r.Item1).ToList();
        var merged = new List<(int, int)>();
        foreach (var (from, to) in sorted)
        {
            if (merged.Count > 0 && from <= merged[^1].Item2 + 1)
                merged[^1] = (merged[^1].Item1, Math.Max(merged[^1].Item2, to));
            else
                merged.Add((from, to));
        }
        return merged.Count == 0 ? None : new PortSet(merged);
    }

    public static PortSet Port(int port) => Of([(port, port)]);

    /// <summary>Port texts as NSGs and firewall rules write them: <c>*</c>, <c>443</c>, <c>1000-2000</c>; null when one does not parse.</summary>
    public static PortSet? Parse(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var ranges = new List<(int, int)>();
        foreach (var text in texts)
        {
            if (NsgExposure.ParsePortRange(text) is not { } range) return null;
            ranges.Add(range);
        }
        return Of(ranges);
    }

    public PortSet Union(PortSet other) => Of(Ranges.Concat(other?.Ranges ?? []));

    public PortSet Intersect(PortSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = new List<(int, int)>();
        foreach (var (a1, a2) in Ranges)
            foreach (var (b1, b2) in other.Ranges)
                if (Math.Max(a1, b1) <= Math.Min(a2, b2)) result.Add((Math.Max(a1, b1), Math.Min(a2, b2)));
        return Of(result);
    }

    public PortSet Except(PortSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = new List<(int, int)>();
        foreach (var (from, to) in Ranges)
        {
            var start = from;
            foreach (var (b1, b2) in other.Ranges)
            {
                if (b2 < start || b1 > to) continue;
                if (b1 > start) result.Add((start, b1 - 1));
                start = Math.Max(start, b2 + 1);
                if (start > to) break;
            }
            if (start <= to) result.Add((start, to));
        }
        return Of(result);
    }

    public override string ToString() =>
        IsEmpty ? "none" : this == All || (Ranges.Count == 1 && Ranges[0] == (0, Max)) ? "any" :
        string.Join(",", Ranges.Select(r => r.From == r.To
            ? r.From.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{r.From}-{r.To}")));

    public bool Equals(PortSet? other) => other is not null && Ranges.SequenceEqual(other.Ranges);

    public override int GetHashCode() => Ranges.Aggregate(0, (h, r) => HashCode.Combine(h, r.From, r.To));
}

/// <summary>The protocols the model tells apart; Azure's <c>*</c>/<c>Any</c> is all of them.</summary>
public enum Protocol { Tcp, Udp, Icmp }

/// <summary>
/// Traffic as ports per protocol. ICMP has no ports: it is carried as all ports or none.
/// ESP and AH (NSG protocols) are not services anyone reaches and are not modelled.
/// </summary>
public sealed record Traffic(PortSet Tcp, PortSet Udp, PortSet Icmp)
{
    public static readonly Traffic None = new(PortSet.None, PortSet.None, PortSet.None);
    public static readonly Traffic All = new(PortSet.All, PortSet.All, PortSet.All);

    public bool IsEmpty => Tcp.IsEmpty && Udp.IsEmpty && Icmp.IsEmpty;

    public static Traffic TcpPorts(PortSet ports) => new(ports, PortSet.None, PortSet.None);

    /// <summary>
    /// The traffic a rule names: an NSG protocol (<c>Tcp</c>, <c>Udp</c>, <c>Icmp</c>, <c>*</c>, <c>Any</c>,
    /// <c>Esp</c>, <c>Ah</c>) or a firewall one (<c>TCP</c>, <c>UDP</c>, <c>ICMP</c>, <c>Any</c>), on ports.
    /// An unknown protocol counts as all of them (the reading that reports more reachability).
    /// </summary>
    public static Traffic Of(IEnumerable<string?> protocols, PortSet ports)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        ArgumentNullException.ThrowIfNull(ports);
        var (tcp, udp, icmp) = (false, false, false);
        foreach (var p in protocols)
        {
            switch (p?.Trim().ToUpperInvariant())
            {
                case "TCP": tcp = true; break;
                case "UDP": udp = true; break;
                case "ICMP": icmp = true; break;
                case "ESP" or "AH": break;
                default: tcp = udp = icmp = true; break;
            }
        }
        return new Traffic(tcp ? ports : PortSet.None, udp ? ports : PortSet.None, icmp && !ports.IsEmpty ? PortSet.All : PortSet.None);
    }

    public Traffic Union(Traffic other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Tcp.Union(other.Tcp), Udp.Union(other.Udp), Icmp.Union(other.Icmp));
    }

    public Traffic Intersect(Traffic other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Tcp.Intersect(other.Tcp), Udp.Intersect(other.Udp), Icmp.Intersect(other.Icmp));
    }

    public Traffic Except(Traffic other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Tcp.Except(other.Tcp), Udp.Except(other.Udp), Icmp.Except(other.Icmp));
    }

    /// <summary><c>tcp/443,445 udp/53 icmp</c>, <c>any</c> or <c>none</c>.</summary>
    public override string ToString()
    {
        if (IsEmpty) return "none";
        if (this == All) return "any";
        var parts = new List<string>();
        if (!Tcp.IsEmpty) parts.Add($"tcp/{Tcp}");
        if (!Udp.IsEmpty) parts.Add($"udp/{Udp}");
        if (!Icmp.IsEmpty) parts.Add("icmp");
        return string.Join(" ", parts);
    }
}
