using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.ApiManagement;
using Oic.Infra.Policies.Rules.Authorization;
using Oic.Infra.Policies.Rules.Consumption;
using Oic.Infra.Policies.Rules.KeyVault;
using Oic.Infra.Policies.Rules.Monitor;
using Oic.Infra.Policies.Rules.Network.Bastion;
using Oic.Infra.Policies.Rules.Network.Dns;
using Oic.Infra.Policies.Rules.Network.Firewall;
using Oic.Infra.Policies.Rules.Network.Nsg;
using Oic.Infra.Policies.Rules.Network.PublicIp;
using Oic.Infra.Policies.Rules.Network.Reach;
using Oic.Infra.Policies.Rules.Network.Vnet;
using Oic.Infra.Policies.Rules.Network.Vpn;
using Oic.Infra.Policies.Rules.Network.Watcher;
using Oic.Infra.Policies.Rules.RecoveryServices;
using Oic.Infra.Policies.Rules.ResourceManager;
using Oic.Infra.Policies.Rules.Security;
using Oic.Infra.Policies.Rules.Storage;

namespace Oic.Infra.Policies.Packs;

/// <summary>
/// The pack manifests: the packs, the rules each holds and the level it runs them at. Rules are
/// filed by the Azure service they judge (<c>policies/Rules/&lt;Service&gt;/</c>) and belong to a pack
/// only by being listed here. Every rule belongs to exactly one pack, so a violation is reported once.
/// The pack manifest snapshot test pins these lists.
/// </summary>
public static class Catalogue
{
    public static readonly PolicyPack SecurityBaseline = PolicyPack.Of("security-baseline",
        "CIS Microsoft Azure Foundations v3.0.0 and Microsoft cloud security benchmark v1 controls that can be checked from code: storage, network, Key Vault, identity, logging, backup.",
        Enforcement.Mandatory,
        StorageRules.HttpsOnly, StorageRules.MinimumTls12, StorageRules.NoAnonymousBlob, StorageRules.ContainerPrivate,
        StorageRules.PublicNetworkDisabled, StorageRules.NetworkDefaultDeny, StorageRules.TrustedServices, StorageRules.NoSharedKey,
        StorageRules.OAuthDefault, StorageRules.InfrastructureEncryption, StorageRules.BlobSoftDelete, StorageRules.ContainerSoftDelete,
        StorageRules.Versioning, StorageRules.PrivateEndpoint, StorageRules.Logging,
        NsgRules.NoInternetUdp, NsgRules.NoInternetHttp, NetworkWatcherRules.FlowLogEnabled, NetworkWatcherRules.FlowLogRetention,
        NetworkWatcherRules.NetworkWatcherRegions, VnetRules.HubDdos, VpnRules.VpnCustomIpsec, VpnRules.VpnStrongCrypto,
        VpnRules.VpnGatewayAzSku, FirewallRules.FirewallThreatIntelDeny, FirewallRules.FirewallIdpsDeny, PublicIpRules.VmNoPublicIp,
        PublicIpRules.PublicIpStandardSku, PublicIpRules.PublicIpZoneRedundant, FirewallRules.FirewallZoneRedundant,
        VpnRules.VpnGatewayActiveActive, VnetRules.SubnetNoDefaultOutbound, BastionRules.HubBastion,
        KeyVaultRules.PurgeProtection, KeyVaultRules.SoftDeleteRetention, KeyVaultRules.NoPublicNetwork, KeyVaultRules.PrivateEndpoint,
        KeyVaultRules.KeyExpiry, KeyVaultRules.KeyRotation, KeyVaultRules.SecretExpiry, KeyVaultRules.Diagnostics, KeyVaultRules.HsmKeys,
        LoggingRules.WorkspaceRetention, LoggingRules.WorkspaceLocalAuthDisabled, LoggingRules.DiagnosticSettingsPresent,
        LoggingRules.ActivityLogToWorkspace, LoggingRules.ActivityLogAlerts, LoggingRules.ServiceHealthAlert,
        DefenderRules.DefenderPlansOn, DefenderRules.Cspm, DefenderRules.StorageMalwareScanning, DefenderRules.SecurityContactPresent,
        DetectionRules.SentinelOnboarded, DetectionRules.WorkspacePrivateLinkScope,
        LockAndIdentityRules.ManagedIdentity, LockAndIdentityRules.CriticalLock,
        BackupRules.VaultPrivate, BackupRules.PolicyRetention, BackupRules.VmBackedUp,
        TaggingRules.Required, PolicyAssignmentRules.Assigned, BudgetRules.Present);

    public static readonly PolicyPack DrReadiness = PolicyPack.Of("dr-readiness",
        "Business continuity: geo-redundant data, recoverable backups, a DR region prepared before a disaster, continuity targets declared.",
        Enforcement.Mandatory,
        StorageRules.GeoRedundantStorage, BackupRules.VaultGeoRestore, BackupRules.VaultSoftDelete, BackupRules.VaultImmutability,
        DrRules.PilotLight, BackupRules.VaultProtectsItems, VpnRules.OfficesPrewired, VpnRules.VpnGatewayMaintenanceWindow, DrRules.ContinuityTier, DrRules.RegionPaired, DrRules.RegionAccessRestricted,
        DrRules.BootstrapOutsidePrimary)
        // Facts about the chosen regions to act on before a disaster, not defects of the program.
        .With("dr-region-paired", Enforcement.Advisory)
        .With("dr-region-access-restricted", Enforcement.Advisory);

    public static readonly PolicyPack DataProtection = PolicyPack.Of("data-protection",
        "Documents by classification: labels, WORM records, customer-managed keys for strictly confidential data, no cross-tenant replication.",
        Enforcement.Mandatory,
        DataProtectionRules.ClassificationTag, DataProtectionRules.RecordsWorm, DataProtectionRules.CustomerManagedKeys,
        DataProtectionRules.NoCrossTenantReplication);

    public static readonly PolicyPack NetworkSegmentation = PolicyPack.Of("network-segmentation",
        "No management ports from the internet, an NSG on every workload subnet, spokes through the firewall, no address overlap; partners isolated and the internet kept to its fronts, proved on the reachability model; the partner front reaches private backends from a virtual network.",
        Enforcement.Mandatory,
        NsgRules.NoInternetRdp, NsgRules.NoInternetSsh, NsgRules.NoInternetInbound, NsgRules.NoLateralMovement, NsgRules.SubnetHasNsg, VnetRules.SpokeForcedTunnel, VnetRules.NoAddressOverlap,
        VnetRules.VnetRoleTagged, DnsRules.ForwardingRuleset, ReachRules.NoPartnerToPartner, ReachRules.NoPartnerToPrivateStores, ReachRules.InternetOnlyToFronts,
        ApiManagementRules.BackendsPrivate);

    public static readonly PolicyPack Identity = PolicyPack.Of("identity",
        "Access to groups rather than users, no standing owner rights for users, no wildcard custom roles, Key Vault in RBAC mode; privileged roles through PIM with MFA, approval and expiry, break-glass accounts watched.",
        Enforcement.Mandatory,
        RoleRules.NoCustomOwnerRole, RoleRules.NoUserOwnerOnSubscription, RoleRules.AssignToGroups, KeyVaultRules.KeyVaultRbac,
        PimRules.RolePolicy, PimRules.EligibilityExpires, PimRules.BreakGlassMonitored);

    public static IReadOnlyList<PolicyPack> All => [SecurityBaseline, DrReadiness, DataProtection, NetworkSegmentation, Identity];

    public static IEnumerable<Rule> Rules => All.SelectMany(p => p.Rules.Select(r => r.Rule));

    /// <summary>Pack names and rule ids: the keys a policy config file may use.</summary>
    public static IReadOnlyCollection<string> ConfigKeys => [.. All.Select(p => p.Name), .. Rules.Select(r => r.Id)];
}
