using System.Globalization;
using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network;

/// <summary>
/// What an "inbound from the internet" rule looks for in an NSG: which protocols (<c>*</c> always
/// counts) and which destination ports (null: any port).
/// </summary>
public sealed record Exposure(IReadOnlyList<string> Protocols, IReadOnlyList<int>? Ports);

/// <summary>One security rule's verdict: it exposes (with a description), it does not, or it cannot be told yet.</summary>
public readonly record struct RuleVerdict(bool? Exposes, string Detail)
{
    public static readonly RuleVerdict No = new(false, "");
}

/// <summary>
/// Matching NSG security rules against internet exposure, as CIS 7.1–7.4 describe it: an Allow,
/// Inbound rule whose protocol is the one looked for (or <c>*</c>), whose source is the internet
/// (<c>sourceAddressPrefix</c> or any <c>sourceAddressPrefixes[]</c> entry is <c>*</c>,
/// <c>0.0.0.0</c>, <c>0.0.0.0/0</c>, <c>/0</c>, <c>Internet</c> or <c>Any</c>, or any other /0), and
/// whose <c>destinationPortRange</c> or <c>destinationPortRanges[]</c> cover a port looked for
/// (<c>*</c>, <c>3389</c>, <c>3000-4000</c>). Everything is compared case-insensitively, as ARM does.
/// </summary>
public static class NsgExposure
{
    /// <summary>checkov's INTERNET_ADDRESSES.</summary>
    public static readonly IReadOnlyList<string> InternetSources = ["*", "0.0.0.0", "0.0.0.0/0", "/0", "Internet", "Any"];

    public static bool IsInternetSource(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var p = prefix.Trim();
        return InternetSources.Contains(p, StringComparer.OrdinalIgnoreCase) || p.EndsWith("/0", StringComparison.Ordinal);
    }

    /// <summary>A destination port range (<c>*</c>, <c>22</c>, <c>3000-4000</c>) as bounds; null when it is not one.</summary>
    public static (int From, int To)? ParsePortRange(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t is "*" || t.Equals("Any", StringComparison.OrdinalIgnoreCase)) return (0, 65535);
        var dash = t.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0) return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? (port, port) : null;
        return int.TryParse(t.AsSpan(0, dash).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var from) &&
               int.TryParse(t.AsSpan(dash + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var to) && from <= to
            ? (from, to)
            : null;
    }

    /// <summary>True when <paramref name="range"/> includes <paramref name="port"/>.</summary>
    public static bool Covers(string range, int port) => ParsePortRange(range) is var (from, to) && from <= port && port <= to;

    /// <summary>Whether one security rule (an NSG's <c>securityRules[]</c> entry or a standalone SecurityRule) exposes as described.</summary>
    public static RuleVerdict Judge(Lookup rule, Exposure exposure)
    {
        ArgumentNullException.ThrowIfNull(exposure);
        string? unknown = null;

        var access = rule.Get("access");
        if (access.IsUnknown) unknown ??= access.Path;
        else if (!"Allow".Equals(access.Text, StringComparison.OrdinalIgnoreCase)) return RuleVerdict.No;

        var direction = rule.Get("direction");
        if (direction.IsUnknown) unknown ??= direction.Path;
        else if (!"Inbound".Equals(direction.Text, StringComparison.OrdinalIgnoreCase)) return RuleVerdict.No;

        var protocol = rule.Get("protocol");
        if (protocol.IsUnknown) unknown ??= protocol.Path;
        else if (protocol.Text is not { } p || !(p is "*" || p.Equals("Any", StringComparison.OrdinalIgnoreCase) ||
                                                exposure.Protocols.Contains(p, StringComparer.OrdinalIgnoreCase)))
            return RuleVerdict.No;

        var (source, sourceUnknown) = InternetSource(rule);
        if (source is null)
        {
            if (sourceUnknown is null) return RuleVerdict.No;
            unknown ??= sourceUnknown;
        }

        string? ports = "any port";
        if (exposure.Ports is { } wanted)
        {
            var (covered, portsUnknown) = CoveredPorts(rule, wanted);
            if (covered is null)
            {
                if (portsUnknown is null) return RuleVerdict.No;
                unknown ??= portsUnknown;
            }
            ports = covered;
        }

        if (unknown is not null) return new RuleVerdict(null, $"{unknown} is not known until deployment");
        var protocols = protocol.Text is "*" || "Any".Equals(protocol.Text, StringComparison.OrdinalIgnoreCase) ? "all protocols" : protocol.Text;
        return new RuleVerdict(true, $"security rule '{NameOf(rule)}' allows {protocols} inbound from '{source}' to {ports}");
    }

    /// <summary>
    /// An NSG's or a standalone SecurityRule's verdict: fails naming every rule that exposes;
    /// unknown when none does but one cannot be judged yet; else passes. An NSG's entries that are
    /// also standalone SecurityRule resources (deployed state lists them inline) are left to those.
    /// </summary>
    public static Outcome JudgeResource(PolicyResource resource, ResourceSet set, Func<PolicyResource, Exposure> exposureFor)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(exposureFor);
        IReadOnlyList<Lookup> rules;
        PolicyResource? nsg;
        if (resource.Type == SecurityRule)
        {
            rules = [Topology.Whole(resource)];
            nsg = Topology.ParentOf(resource, set, NetworkSecurityGroup, "networkSecurityGroupName").Parent;
        }
        else
        {
            var (_, inline, pending) = NsgFlow.RulesOf(resource, set);
            if (pending is not null) return Check.Unknown(pending);
            rules = inline;
            nsg = resource;
        }

        var exposure = exposureFor(nsg ?? resource);
        var failures = new List<string>();
        string? unknown = null;
        foreach (var rule in rules)
        {
            if (rule.IsUnknown)
            {
                unknown ??= $"{rule.Path} is not known until deployment";
                continue;
            }
            var verdict = Judge(rule, exposure);
            if (verdict.Exposes == true) failures.Add(verdict.Detail);
            else if (verdict.Exposes is null) unknown ??= verdict.Detail;
        }
        if (failures.Count > 0) return Outcome.Fail([.. failures]);
        return unknown is not null ? Outcome.Unknown(unknown) : Outcome.Pass;
    }

    private static string NameOf(Lookup rule) =>
        rule.Get("name").Text ?? rule.Get("securityRuleName").Text ?? (rule.Path.Length > 0 ? rule.Path : "(unnamed)");

    /// <summary>The internet source the rule admits, or (null, path) when one is not known yet, or (null, null).</summary>
    private static (string? Source, string? Unknown) InternetSource(Lookup rule)
    {
        string? unknown = null;
        var single = rule.Get("sourceAddressPrefix");
        if (single.IsUnknown) unknown = single.Path;
        else if (single.Text is { } s && IsInternetSource(s)) return (s, null);
        var many = rule.Get("sourceAddressPrefixes");
        if (many.Texts.FirstOrDefault(IsInternetSource) is { } hit) return (hit, null);
        if (many.AnyUnknown) unknown ??= many.Path;
        return (null, unknown);
    }

    /// <summary>Which wanted ports the rule's destination ranges cover, as text; or (null, path) when not known yet.</summary>
    private static (string? Covered, string? Unknown) CoveredPorts(Lookup rule, IReadOnlyList<int> wanted)
    {
        string? unknown = null;
        var ranges = new List<string>();
        var single = rule.Get("destinationPortRange");
        if (single.IsUnknown) unknown = single.Path;
        else if (single.Text is { } s) ranges.Add(s);
        var many = rule.Get("destinationPortRanges");
        ranges.AddRange(many.Texts);
        if (many.AnyUnknown) unknown ??= many.Path;

        var hits = new List<string>();
        foreach (var range in ranges)
        {
            var ports = wanted.Where(p => Covers(range, p)).ToList();
            if (ports.Count == 0) continue;
            var list = string.Join(", ", ports.Select(p => p.ToString(CultureInfo.InvariantCulture)));
            hits.Add(range.Trim() == list ? $"port {list}" : $"port{(ports.Count > 1 ? "s" : "")} {list} (range '{range.Trim()}')");
        }
        if (hits.Count > 0) return (string.Join(", ", hits), null);
        return (null, unknown);
    }
}
