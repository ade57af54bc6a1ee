using System.Globalization;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.Network;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network.Firewall;

/// <summary>Azure Firewall and its policy: threat intelligence and IDPS in deny mode, no classic rule collections.</summary>
public static class FirewallRules
{
    /// <summary>
    /// Azure defaults (ADR 0011): an unset <c>threatIntelMode</c> is Alert — threat intelligence filtering is
    /// on in alert mode by default (Learn, <i>Azure Firewall threat intelligence-based filtering</i>,
    /// <see href="https://learn.microsoft.com/azure/firewall/threat-intel"/>; paraphrased), which does not
    /// deny, so unset fails. An unset <c>firewallPolicy</c> is a classic firewall: fails.
    /// </summary>
    public static readonly ResourceRule FirewallThreatIntelDeny = new("fw-threat-intel-deny",
        "Azure Firewall is governed by a firewall policy that denies known-malicious traffic",
        "Threat intelligence in Deny mode drops traffic to and from Microsoft's list of known command-and-control and malware hosts instead of only logging it; classic rules bypass the policy.",
        Severity.High, ["MCSB:NS-3"], [FirewallPolicy, AzureFirewall],
        (r, _) => r.Type == FirewallPolicy
            ? Check.OneOf(r, "threatIntelMode", "Deny")
            : Outcome.All(
                ItemCheck.IdSet(r.Get("firewallPolicy"), "the firewall must take its rules and threat intelligence from a firewall policy"),
                NoClassicRules(r, "applicationRuleCollections"), NoClassicRules(r, "natRuleCollections"), NoClassicRules(r, "networkRuleCollections")))
    {
        Reads = PropertyPaths.On(AzureFirewall, "applicationRuleCollections", "firewallPolicy.id", "natRuleCollections", "networkRuleCollections")
            .And(FirewallPolicy, "threatIntelMode"),
    };

    /// <summary>
    /// Azure defaults (ADR 0011): an unset <c>sku.tier</c> is Standard and an unset
    /// <c>intrusionDetection.mode</c> is Off (IDPS is a Premium feature whose modes are Off, Alert, and
    /// Alert and deny — Learn, <i>Azure Firewall Premium features</i>,
    /// <see href="https://learn.microsoft.com/azure/firewall/premium-features#idps"/>; the Standard default
    /// tier is from the REST reference, not re-read here), so unset fails.
    /// </summary>
    public static readonly ResourceRule FirewallIdpsDeny = new("fw-idps-deny",
        "Firewall policies are Premium with intrusion prevention in Deny mode",
        "Intrusion prevention stops known exploit and malware signatures crossing the hub, including between spokes and offices; only the Premium tier has it.",
        Severity.Medium, ["MCSB:NS-4"], [FirewallPolicy],
        (r, _) => Outcome.All(Check.OneOf(r, "sku.tier", "Premium"), Check.OneOf(r, "intrusionDetection.mode", "Deny")))
    {
        Reads = PropertyPaths.On(FirewallPolicy, "intrusionDetection.mode", "sku.tier"),
    };

    private static Outcome NoClassicRules(PolicyResource firewall, string path)
    {
        var collections = firewall.Get(path);
        if (collections.IsUnknown) return Check.Unknown(path);
        var count = collections.Items.Count;
        return Outcome.When(count == 0, $"{path} holds {count} classic rule collection{(count == 1 ? "" : "s")}; rules belong in the firewall policy");
    }

    /// <summary>PSRule for Azure: Azure.Firewall.AvailabilityZone (at least two zones). Absent <c>zones</c> is no zone (see <see cref="Zones"/>).</summary>
    public static readonly ResourceRule FirewallZoneRedundant = new("fw-zone-redundant",
        "Azure Firewall in a region with availability zones spans at least two zones",
        "Every spoke's default route and every office's traffic cross the firewall; in one zone it fails with that datacentre and takes the estate's connectivity with it.",
        Severity.Medium, ["MCSB:NS-3", "MCSB:BR-1"], [AzureFirewall],
        (r, _) => Zones.Redundant(r, 2, "a firewall in several zones keeps filtering when one datacentre is lost"))
    {
        Reads = PropertyPaths.On(AzureFirewall, "location", "zones"),
    };
}
