using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network.Dns;

/// <summary>The DNS private resolver (Microsoft.Network/dnsResolvers and dnsForwardingRulesets), docs/adr/0020.</summary>
public static class DnsRules
{
    public static readonly ResourceRule ForwardingRuleset = new("dns-forwarding-ruleset",
        "A DNS private resolver's outbound endpoint is used by a forwarding ruleset that is linked to a virtual network",
        "An outbound endpoint does nothing by itself: without a ruleset that uses it and a VNet link, names under the headquarters' on-premises domains are never forwarded, so workloads in Azure resolve on-premises servers through public DNS or not at all.",
        Severity.Medium, ["MCSB:NS-10", "MCSB:NS-9"], [OutboundEndpoint],
        (endpoint, set) =>
        {
            var rulesets = set.OfType(DnsForwardingRuleset);
            var users = rulesets.Where(r => r.Get("dnsResolverOutboundEndpoints").Items.Any(e => set.PointsAt(e.Get("id"), endpoint))).ToList();
            if (users.Count == 0)
                return rulesets.Any(r => r.Get("dnsResolverOutboundEndpoints").AnyUnknown
                        || r.Get("dnsResolverOutboundEndpoints").Items.Any(e => e.Get("id").IsUnknown && e.Get("id").Reference is null))
                    ? Outcome.Unknown("a forwarding ruleset's outbound endpoints are not known until deployment")
                    : Outcome.Fail("no azure-native:dnsresolver:DnsForwardingRuleset uses this outbound endpoint, so nothing is forwarded to on-premises DNS");
            var links = set.OfType(ResolverVirtualNetworkLink);
            foreach (var ruleset in users)
                if (links.Any(l => NamesRuleset(l, ruleset, set) && !l.Get("virtualNetwork.id").IsMissing))
                    return Outcome.Pass;
            return Outcome.Fail($"forwarding ruleset {users[0].Name} is linked to no virtual network (azure-native:dnsresolver:PrivateResolverVirtualNetworkLink), so no VNet uses its rules");
        })
    {
        // The endpoint is matched by its id (a reference in the program, the ARM id in state).
        Reads = PropertyPaths.On(OutboundEndpoint, "id")
            .And(DnsForwardingRuleset, "dnsForwardingRulesetName", "dnsResolverOutboundEndpoints", "name")
            .And(ResolverVirtualNetworkLink, "dnsForwardingRulesetName", "virtualNetwork.id"),
    };

    /// <summary>
    /// Whether a VNet link belongs to <paramref name="ruleset"/>: its <c>dnsForwardingRulesetName</c> is a reference to it
    /// (compiled program), its name (deployed state), or its id lies under the ruleset's id.
    /// </summary>
    private static bool NamesRuleset(PolicyResource link, PolicyResource ruleset, ResourceSet set)
    {
        var name = link.Get("dnsForwardingRulesetName");
        if (name.Reference is { Resource: { } referenced }) return string.Equals(referenced.LogicalName, ruleset.Name, StringComparison.Ordinal);
        if (set.PointsAt(name, ruleset)) return true;
        if (name.Text is not { Length: > 0 } text) return false;
        return new[] { ruleset.Get("dnsForwardingRulesetName").Text, ruleset.Get("name").Text }
            .Any(n => n is not null && string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
    }
}
