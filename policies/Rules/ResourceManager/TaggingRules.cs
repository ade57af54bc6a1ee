using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.ResourceManager;

/// <summary>The tags every taggable resource carries: who owns it, who pays, how sensitive its data is.</summary>
public static class TaggingRules
{
    // Taggable types the shared AzureTypes list does not name.
    private const string DdosProtectionPlan = "azure-native:network:DdosProtectionPlan";
    private const string PrivateZone = "azure-native:privatedns:PrivateZone";
    private const string VirtualNetworkLink = "azure-native:privatedns:VirtualNetworkLink";
    private const string DnsResolver = "azure-native:dnsresolver:DnsResolver";
    private const string InboundEndpoint = "azure-native:dnsresolver:InboundEndpoint";
    private const string OutboundEndpoint = "azure-native:dnsresolver:OutboundEndpoint";
    private const string ActionGroup = "azure-native:monitor:ActionGroup";

    /// <summary>The resource types that take tags and must carry the required ones.</summary>
    public static readonly IReadOnlyList<string> TaggableTypes =
    [
        ResourceGroup, VirtualNetwork, NetworkSecurityGroup, RouteTable, PublicIPAddress, AzureFirewall, FirewallPolicy,
        VirtualNetworkGateway, LocalNetworkGateway, Connection, BastionHost, DdosProtectionPlan, PrivateEndpoint,
        PrivateZone, VirtualNetworkLink, DnsResolver, InboundEndpoint, OutboundEndpoint, NetworkWatcher, FlowLog,
        StorageAccount, AzureTypes.KeyVault, Key, UserAssignedIdentity, Workspace, RecoveryServicesVault, ActivityLogAlert, ActionGroup,
    ];

    private static readonly string[] Scheme = ["public", "internal", "confidential", "strictly-confidential"];

    /// <summary>The OIC data classification scheme, least to most sensitive.</summary>
    public static IReadOnlyList<string> Classifications => Scheme;

    /// <summary>Where <paramref name="classification"/> sits in the scheme (0 = public), or -1 when it is not a classification.</summary>
    public static int ClassificationRank(string? classification) =>
        classification is null ? -1 : Array.FindIndex(Scheme, c => c.Equals(classification.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>A resource's tag, found by name case-insensitively as Azure treats tag names.</summary>
    public static Lookup TagOf(PolicyResource resource, string tag)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var tags = resource.Get("tags");
        if (tags.Value is PropertyValue.Map map)
        {
            var key = map.Entries.Select(e => e.Key).FirstOrDefault(k => k.Equals(tag, StringComparison.Ordinal))
                      ?? map.Entries.Select(e => e.Key).FirstOrDefault(k => k.Equals(tag, StringComparison.OrdinalIgnoreCase));
            if (key is not null) return tags.Get(key);
        }
        return tags.Get(tag);
    }

    /// <summary>
    /// The <c>data-classification</c> tag is one of <see cref="Classifications"/>: pass, fail (naming
    /// what is wrong), or unknown while the tags are not known yet.
    /// </summary>
    public static Outcome HasClassificationTag(PolicyResource resource)
    {
        var value = TagOf(resource, "data-classification");
        if (value.IsUnknown) return Check.Unknown("tags.data-classification");
        if (ClassificationRank(value.Text) >= 0) return Outcome.Pass;
        var allowed = string.Join(", ", Classifications);
        return Outcome.Fail(value.IsMissing
            ? $"tag data-classification is not set; must be one of {allowed}"
            : $"tag data-classification is '{value.Text}'; must be one of {allowed}");
    }

    public static readonly ResourceRule Required = new("tags-required",
        "Resources carry owner, cost-center and a valid data-classification tag",
        "Untagged resources have nobody to call when they break or leak, no budget line, and no sensitivity the other rules can act on.",
        Severity.Low, ["MCSB:AM-1"], TaggableTypes,
        (r, _) =>
        {
            if (r.Get("tags").IsUnknown) return Check.Unknown("tags");
            return Outcome.All(NonEmptyTag(r, "owner"), NonEmptyTag(r, "cost-center"), HasClassificationTag(r));
        })
    {
        // "tags" itself: whether the tag set is known yet decides between unknown and a verdict.
        Reads = PropertyPaths.On(PropertyPaths.AnyType, "tags", "tags.owner", "tags.cost-center", "tags.data-classification"),
        // Owner and cost centre are governance: a portal edit of them is tags-only drift.
        JudgesSecurity = false,
    };

    private static Outcome NonEmptyTag(PolicyResource resource, string tag)
    {
        var value = TagOf(resource, tag);
        if (value.IsUnknown) return value.Value is null ? Check.Unknown($"tags.{tag}") : Outcome.Pass; // a reference: set, value pending
        return Outcome.When(!string.IsNullOrWhiteSpace(value.Text), value.IsMissing ? $"tag {tag} is not set" : $"tag {tag} is empty");
    }
}
