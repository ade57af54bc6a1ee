using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Packs;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Automation.Drift;

/// <summary>
/// What makes a difference security-relevant without a policy having to fail: the property paths
/// the rules declare they read (<see cref="Rule.Reads"/>, held to the truth by a test that observes
/// every read), per resource type, plus the few paths no rule reads but that open or close traffic
/// by themselves; and the resource types whose deletion or unmanaged addition matters by itself.
/// </summary>
/// <remarks>
/// A path covers everything below it (<c>networkRuleSet</c> covers <c>networkRuleSet.ipRules[0].value</c>)
/// and everything above it (replacing the whole <c>properties</c> object replaces
/// <c>properties.enablePurgeProtection</c>); <c>[]</c> stands for any list index.
/// </remarks>
public static class SecurityPaths
{
    private const string FirewallRuleCollectionGroup = "azure-native:network:FirewallPolicyRuleCollectionGroup";
    private const string DdosProtectionPlan = "azure-native:network:DdosProtectionPlan";

    /// <summary>
    /// Paths no rule reads that drift still treats as security-relevant, because each decides who gets in:
    /// a firewall's rule collections and a peering's reach (which networks talk around the firewall), the
    /// allow-lists of storage and Key Vault firewalls (the rules judge their default action, and every entry
    /// is a hole in it), an NSG rule's priority (which rule wins), and who holds a role.
    /// </summary>
    private static readonly PropertyPaths Unjudged =
        PropertyPaths.On(FirewallRuleCollectionGroup, "ruleCollections", "priority")
            .And(VirtualNetworkPeering, "remoteVirtualNetwork", "allowForwardedTraffic", "allowGatewayTransit", "useRemoteGateways")
            .And(StorageAccount, "networkRuleSet")
            .And(KeyVault, "properties.networkAcls")
            .And(SecurityRule, "priority")
            .And(NetworkSecurityGroup, "securityRules[].priority")
            .And(RoleAssignment, "principalId")
            .And(PimRoleEligibilitySchedule, "principalId");

    /// <summary>Every path a security rule of the packs declares, and the unjudged ones.</summary>
    public static readonly PropertyPaths Paths = new(
    [
        .. Catalogue.Rules.Where(r => r.JudgesSecurity).SelectMany(r => r.Reads.Items),
        .. Unjudged.Items,
    ]);

    private static readonly ILookup<string, string> ByType = Paths.Items.ToLookup(i => i.Type, i => i.Path, StringComparer.Ordinal);

    /// <summary>The types some declared path is about (for the check that every judged type is covered).</summary>
    public static IReadOnlyCollection<string> Types => [.. ByType.Select(g => g.Key)];

    /// <summary>
    /// Types whose deletion out of band is security-relevant by itself: the stores and vaults of the
    /// estate's data and keys, what filters traffic, and what protects, logs or alerts.
    /// </summary>
    public static readonly IReadOnlySet<string> DeletionIsSecurityRelevant = new HashSet<string>(StringComparer.Ordinal)
    {
        KeyVault, Key, StorageAccount, BlobContainerImmutabilityPolicy, RecoveryServicesVault, ProtectionPolicy, ProtectedItem,
        NetworkSecurityGroup, SecurityRule, AzureFirewall, FirewallPolicy, FirewallRuleCollectionGroup, RouteTable, Route,
        DdosProtectionPlan, ManagementLock, DiagnosticSetting, SubscriptionDiagnosticSetting, ActivityLogAlert, FlowLog, Pricing,
        SecurityContact, SentinelOnboardingState, PrivateLinkScope, PrivateLinkScopedResource, ScheduledQueryRule, EntraDiagnosticSetting,
        RoleManagementPolicy, RoleManagementPolicyAssignment, PolicyAssignment, DnsForwardingRuleset, ResolverVirtualNetworkLink,
    };

    /// <summary>Types whose unmanaged addition is security-relevant by itself: each grants access or opens a way in.</summary>
    public static readonly IReadOnlySet<string> AdditionIsSecurityRelevant = new HashSet<string>(StringComparer.Ordinal)
    {
        RoleAssignment, PimRoleEligibilitySchedule, RoleDefinition, SecurityRule, PublicIPAddress,
    };

    /// <summary>True when a difference at <paramref name="path"/> of a <paramref name="type"/> resource is at, under or above a declared path.</summary>
    public static bool IsSecurityRelevant(string type, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normalized = PropertyPaths.Normalize(path);
        return normalized.Length > 0 &&
               ByType[PropertyPaths.AnyType].Concat(ByType[type]).Any(p => PropertyPaths.IsAtOrBelow(p, normalized) || PropertyPaths.IsAtOrBelow(normalized, p));
    }
}
