using System.Text.RegularExpressions;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Automation.Drift;

/// <summary>
/// What makes a difference security-relevant without a policy having to fail: the property paths
/// the rules in <c>policies/Rules</c> read, per resource type, and the resource types whose
/// deletion or unmanaged addition matters by itself. This is the one list; when a rule starts
/// reading another property, add it here (the drift tests check that every type a resource rule
/// judges is listed).
/// </summary>
/// <remarks>
/// A path covers everything below it (<c>networkRuleSet</c> covers <c>networkRuleSet.ipRules[0].value</c>)
/// and everything above it (replacing the whole <c>properties</c> object replaces
/// <c>properties.enablePurgeProtection</c>); <c>[]</c> stands for any list index.
/// </remarks>
public static partial class SecurityPaths
{
    private const string Route = "azure-native:network:Route";
    private const string FirewallRuleCollectionGroup = "azure-native:network:FirewallPolicyRuleCollectionGroup";
    private const string Peering = "azure-native:network:VirtualNetworkPeering";
    private const string DdosProtectionPlan = "azure-native:network:DdosProtectionPlan";
    private const string ProtectionPolicy = "azure-native:recoveryservices:ProtectionPolicy";
    private const string ProtectedItem = "azure-native:recoveryservices:ProtectedItem";
    private const string Pricing = "azure-native:security:Pricing";

    /// <summary>Paths that matter on every resource: the classification selects which protections the other rules demand.</summary>
    public static readonly IReadOnlyList<string> AnyType = ["tags.data-classification"];

    /// <summary>Paths per azure-native type, each commented with the rules that read it.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ByType = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        // storage-*, storage-cmk, storage-no-cross-tenant-repl, iam-managed-identity, dr-geo-redundant-storage
        [StorageAccount] =
        [
            "allowBlobPublicAccess", "enableHttpsTrafficOnly", "minimumTlsVersion", "publicNetworkAccess", "networkRuleSet",
            "allowSharedKeyAccess", "defaultToOAuthAuthentication", "encryption", "identity", "allowCrossTenantReplication", "sku.name",
        ],
        // storage-container-private, dp-classification-tag, dp-records-worm
        [BlobContainer] = ["publicAccess", "metadata.classification", "metadata.records", "immutableStorageWithVersioning"],
        // storage-blob-soft-delete, storage-container-soft-delete, storage-versioning
        [BlobServiceProperties] = ["deleteRetentionPolicy", "containerDeleteRetentionPolicy", "isVersioningEnabled"],
        // dp-records-worm
        [BlobContainerImmutabilityPolicy] = ["immutabilityPeriodSinceCreationInDays", "containerName", "accountName"],
        // nsg-no-internet-*: the rules; nsg-no-internet-http: the subnets decide whether the NSG is an edge NSG
        [NetworkSecurityGroup] = ["securityRules", "subnets"],
        [SecurityRule] =
        [
            "access", "direction", "protocol", "sourceAddressPrefix", "sourceAddressPrefixes", "destinationPortRange",
            "destinationPortRanges", "priority",
        ],
        // hub-ddos, subnet-has-nsg, spoke-forced-tunnel, no-address-overlap, vnet-role-tagged
        [VirtualNetwork] =
        [
            "enableDdosProtection", "ddosProtectionPlan", "addressSpace", "subnets[].networkSecurityGroup", "subnets[].routeTable",
            "subnets[].addressPrefix", "subnets[].addressPrefixes", "tags.network-role",
        ],
        [Subnet] = ["networkSecurityGroup", "routeTable", "addressPrefix", "addressPrefixes"],
        // spoke-forced-tunnel
        [RouteTable] = ["disableBgpRoutePropagation", "routes"],
        [Route] = ["addressPrefix", "nextHopType", "nextHopIpAddress"],
        // pip-standard-sku
        [PublicIPAddress] = ["sku", "publicIPAllocationMethod"],
        // fw-threat-intel-deny
        [AzureFirewall] = ["firewallPolicy", "applicationRuleCollections", "natRuleCollections", "networkRuleCollections"],
        // fw-threat-intel-deny, fw-idps-deny
        [FirewallPolicy] = ["threatIntelMode", "sku.tier", "intrusionDetection"],
        // No rule reads them, but they are the firewall's rules: any change opens or closes traffic.
        [FirewallRuleCollectionGroup] = ["ruleCollections", "priority"],
        // No rule reads them, but they decide which networks reach each other around the firewall.
        [Peering] = ["remoteVirtualNetwork", "allowForwardedTraffic", "allowGatewayTransit", "useRemoteGateways"],
        // vpn-gateway-az-sku
        [VirtualNetworkGateway] = ["gatewayType", "sku"],
        // no-address-overlap, dr-offices-prewired
        [LocalNetworkGateway] = ["localNetworkAddressSpace", "gatewayIpAddress", "fqdn"],
        // vpn-custom-ipsec, vpn-strong-crypto, dr-offices-prewired
        [Connection] = ["connectionType", "connectionProtocol", "ipsecPolicies", "localNetworkGateway2"],
        // vm-no-public-ip
        [NetworkInterface] = ["ipConfigurations[].publicIPAddress", "enableIPForwarding", "tags.network-role"],
        // storage-private-endpoint, kv-private-endpoint
        [PrivateEndpoint] = ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"],
        // flowlog-enabled, flowlog-retention
        [FlowLog] = ["enabled", "retentionPolicy", "flowAnalyticsConfiguration", "targetResourceId"],
        // network-watcher-regions
        [NetworkWatcher] = ["location"],
        // kv-purge-protection, kv-soft-delete-retention, kv-no-public-network, kv-rbac-mode
        [KeyVault] =
        [
            "properties.enablePurgeProtection", "properties.enableSoftDelete", "properties.softDeleteRetentionInDays",
            "properties.publicNetworkAccess", "properties.networkAcls", "properties.enableRbacAuthorization", "properties.accessPolicies",
        ],
        // kv-key-expiry, kv-key-rotation, kv-premium-hsm-keys (inputs nest under properties, state outputs are flat)
        [Key] =
        [
            "properties.attributes.expires", "attributes.expires", "properties.rotationPolicy", "rotationPolicy",
            "properties.kty", "kty", "properties.keyOps", "keyOps",
        ],
        // kv-secret-expiry
        [Secret] = ["properties.attributes.expires"],
        // iam-no-user-owner-sub, iam-assign-to-groups; principalId is who holds the role
        [RoleAssignment] = ["roleDefinitionId", "scope", "principalType", "principalId"],
        [PimRoleEligibilitySchedule] = ["roleDefinitionId", "scope", "principalType", "principalId"],
        // iam-no-custom-owner-role
        [RoleDefinition] = ["permissions", "assignableScopes"],
        // rg-critical-lock
        [ManagementLock] = ["level", "resourceGroupName"],
        // law-retention, law-local-auth-disabled
        [Workspace] = ["retentionInDays", "features.disableLocalAuth"],
        // storage-logging, kv-diagnostics, diag-settings-present
        [DiagnosticSetting] = ["logs", "workspaceId", "resourceUri"],
        // activity-log-to-law
        [SubscriptionDiagnosticSetting] = ["logs", "workspaceId"],
        // activity-log-alerts
        [ActivityLogAlert] = ["condition", "actions", "enabled"],
        // rsv-private, rsv-geo-crr, rsv-soft-delete, rsv-immutability, iam-managed-identity
        [RecoveryServicesVault] = ["properties.publicNetworkAccess", "properties.redundancySettings", "properties.securitySettings", "identity"],
        // backup-policy-retention
        [ProtectionPolicy] = ["properties.retentionPolicy"],
        // vm-backed-up
        [ProtectedItem] = ["properties.sourceResourceId", "properties.protectionState"],
        // defender-plans
        [Pricing] = ["pricingName", "pricingTier"],
        // rg-critical-lock, dr-pilot-light, dr-region-paired, dr-region-access-restricted
        [ResourceGroup] = ["tags.critical", "tags.estate-role", "tags.estate-primary-region", "tags.estate-dr-region"],
    };

    /// <summary>
    /// Types whose deletion out of band is security-relevant by itself: the stores and vaults of the
    /// estate's data and keys, what filters traffic, and what protects, logs or alerts.
    /// </summary>
    public static readonly IReadOnlySet<string> DeletionIsSecurityRelevant = new HashSet<string>(StringComparer.Ordinal)
    {
        KeyVault, Key, StorageAccount, BlobContainerImmutabilityPolicy, RecoveryServicesVault, ProtectionPolicy, ProtectedItem,
        NetworkSecurityGroup, SecurityRule, AzureFirewall, FirewallPolicy, FirewallRuleCollectionGroup, RouteTable, Route,
        DdosProtectionPlan, ManagementLock, DiagnosticSetting, SubscriptionDiagnosticSetting, ActivityLogAlert, FlowLog, Pricing,
    };

    /// <summary>Types whose unmanaged addition is security-relevant by itself: each grants access or opens a way in.</summary>
    public static readonly IReadOnlySet<string> AdditionIsSecurityRelevant = new HashSet<string>(StringComparer.Ordinal)
    {
        RoleAssignment, PimRoleEligibilitySchedule, RoleDefinition, SecurityRule, PublicIPAddress,
    };

    /// <summary>True when a difference at <paramref name="path"/> of a <paramref name="type"/> resource is at, under or above a listed path.</summary>
    public static bool IsSecurityRelevant(string type, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normalized = AnyIndex().Replace(path, "[]");
        return AnyType.Any(p => Overlaps(p, normalized)) ||
               (ByType.TryGetValue(type, out var paths) && paths.Any(p => Overlaps(p, normalized)));
    }

    private static bool Overlaps(string pattern, string path) =>
        path.Length > 0 && (Covers(pattern, path) || Covers(path, pattern));

    private static bool Covers(string outer, string inner) =>
        inner.Length >= outer.Length && inner.StartsWith(outer, StringComparison.Ordinal) &&
        (inner.Length == outer.Length || inner[outer.Length] is '.' or '[');

    [GeneratedRegex(@"\[\d+\]", RegexOptions.CultureInvariant)]
    private static partial Regex AnyIndex();
}
