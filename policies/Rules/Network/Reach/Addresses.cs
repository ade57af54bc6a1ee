using System.Net;
using System.Net.Sockets;

namespace Oic.Infra.Policies.Rules.Network.Reach;

/// <summary>One CIDR block as a range of addresses (IPv4 and IPv6 kept apart).</summary>
public readonly record struct Block(AddressFamily Family, UInt128 First, UInt128 Last, string Text)
{
    public static Block? Parse(string text)
    {
        if (AddressPrefixes.Parse(text) is not { } network) return null;
        var bytes = network.Network.GetAddressBytes();
        var first = UInt128.Zero;
        foreach (var b in bytes) first = (first << 8) | b;
        var hostBits = (bytes.Length * 8) - network.Cidr;
        var last = hostBits >= 128 ? UInt128.MaxValue : first | ((UInt128.One << hostBits) - 1);
        return new Block(network.AddressFamily, first, last, text.Trim());
    }

    public bool Overlaps(Block other) => Family == other.Family && First <= other.Last && other.First <= Last;

    public bool Contains(Block other) => Family == other.Family && First <= other.First && other.Last <= Last;

    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Parse(address.ToString()) is { } single && Contains(single);
    }

    /// <summary>
    /// Inside the ranges that are never routed on the internet (RFC 1918, RFC 6598 shared space,
    /// loopback, link-local, IPv6 unique-local and link-local): what Azure's <c>Internet</c> tag leaves out.
    /// </summary>
    public bool IsPrivate
    {
        get
        {
            var self = this;
            return Private.Any(p => p.Contains(self));
        }
    }

    private static readonly Block[] Private =
        [.. new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10" }
            .Select(t => Parse(t)!.Value)];

    public override string ToString() => Text;
}

/// <summary>
/// The addresses a flow comes from or goes to: CIDR blocks, and optionally every public internet
/// address (<see cref="Public"/>: the internet as a source).
/// </summary>
public sealed record AddressSet(IReadOnlyList<Block> Blocks, bool Public = false)
{
    public static readonly AddressSet Internet = new([], Public: true);

    public static AddressSet Of(IEnumerable<string> prefixes) =>
        new([.. prefixes.Select(Block.Parse).OfType<Block>().Distinct()]);

    public bool IsEmpty => Blocks.Count == 0 && !Public;

    public AddressSet Union(AddressSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new([.. Blocks.Concat(other.Blocks).Distinct()], Public || other.Public);
    }

    public override string ToString() =>
        string.Join(", ", (Public ? InternetLabel : Enumerable.Empty<string>()).Concat(Blocks.Select(b => b.Text)));

    private static readonly string[] InternetLabel = ["internet"];

    public bool Equals(AddressSet? other) => other is not null && Public == other.Public && Blocks.SequenceEqual(other.Blocks);

    public override int GetHashCode() => Blocks.Aggregate(Public.GetHashCode(), (h, b) => HashCode.Combine(h, b));
}

/// <summary>
/// What an address field of an NSG or firewall rule stands for, resolved: blocks, everything
/// (<c>*</c>, <c>0.0.0.0/0</c>), the public internet (<c>Internet</c>), public Azure ranges we cannot
/// enumerate (other service tags), or something opaque (application security groups, FQDNs, IP
/// groups, a value not known yet) that may hold any address.
/// </summary>
/// <remarks>
/// Matching is deliberately lopsided: an <b>allow</b> applies when the rule <i>may</i> match part of
/// the flow (<see cref="MayMatch"/>), a <b>deny</b> only when it surely matches all of it
/// (<see cref="Covers"/>). Every approximation therefore errs towards reporting more reachability.
/// </remarks>
public sealed record AddressMatch(IReadOnlyList<Block> Blocks, bool Any, bool InternetTag, bool PublicAzure, bool Opaque, IReadOnlyList<string> Names)
{
    public static readonly AddressMatch Nothing = new([], false, false, false, false, []);
    public static readonly AddressMatch Everything = new([], true, false, false, false, ["*"]);

    public AddressMatch Union(AddressMatch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new([.. Blocks.Concat(other.Blocks).Distinct()], Any || other.Any, InternetTag || other.InternetTag,
            PublicAzure || other.PublicAzure, Opaque || other.Opaque, [.. Names.Concat(other.Names).Distinct()]);
    }

    /// <summary>True when the rule may apply to some address of <paramref name="flow"/>.</summary>
    public bool MayMatch(AddressSet flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (flow.IsEmpty) return false;
        if (Any || Opaque) return true;
        if (flow.Public && (InternetTag || PublicAzure || Blocks.Any(b => !b.IsPrivate))) return true;
        if (InternetTag && flow.Blocks.Any(b => !b.IsPrivate)) return true;
        return flow.Blocks.Any(f => Blocks.Any(b => b.Overlaps(f)));
    }

    /// <summary>True when the rule surely applies to every address of <paramref name="flow"/>.</summary>
    public bool Covers(AddressSet flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (Any) return true;
        if (flow.Public && !InternetTag) return false;
        return flow.Blocks.All(f => Blocks.Any(b => b.Contains(f)) || (InternetTag && !f.IsPrivate));
    }
}
