using Oic.Infra.Estate.Azure;

namespace Oic.Infra.Resources.Azure;

/// <summary>An operation Azure refuses (or an effect it always has), with the page that says so.</summary>
/// <param name="Id">Stable id, e.g. <c>storage-failover-worm</c>: reports, evidence and tests name it.</param>
/// <param name="Token">The azure-native type the operation acts on.</param>
/// <param name="Operation">The ARM operation, e.g. <c>Microsoft.Storage/storageAccounts/failover/action</c>.</param>
public sealed record AzureConstraint(string Id, string Token, string Operation, string Rule, AzureSource Source)
{
    /// <summary>"[id] rule (source: title, url)": how a refusal names itself everywhere.</summary>
    public string Describe() => $"[{Id}] {Rule} (source: {Source})";
}

/// <summary>What a storage account is, as far as the failover constraints care.</summary>
/// <param name="Name">The account's ARM name.</param>
/// <param name="Sku">Its <c>sku.name</c>, e.g. <c>Standard_GZRS</c>.</param>
/// <param name="Location">Its primary region.</param>
/// <param name="WormPolicies">Containers (or the account) holding a WORM immutability policy: time-based retention, legal hold or version-level immutability.</param>
/// <param name="InObjectReplication">The account is the source or destination of an object replication policy.</param>
public sealed record StorageAccountFacts(string Name, string? Sku, string? Location, IReadOnlyList<string> WormPolicies, bool InObjectReplication)
{
    public bool GeoRedundant => AzureConstraints.IsGeoRedundant(Sku);
}

/// <summary>What an API Management service asks of the network, and the subnet it names, as the v2 integration constraints care.</summary>
/// <param name="Sku">Its <c>sku.name</c>, e.g. <c>StandardV2</c>.</param>
/// <param name="VirtualNetworkType">Its <c>virtualNetworkType</c>: <c>None</c> (or unset), <c>External</c> or <c>Internal</c>.</param>
/// <param name="SubnetId">Its <c>virtualNetworkConfiguration.subnetResourceId</c>, if any.</param>
/// <param name="Subnet">That subnet as Azure holds it; null when no such subnet exists.</param>
public sealed record ApimNetworkFacts(string? Sku, string? VirtualNetworkType, string? SubnetId, SubnetFacts? Subnet)
{
    /// <summary>Whether the service asks to be in (or integrated with) a virtual network.</summary>
    public bool InVirtualNetwork => VirtualNetworkType is { } t && !t.Equals("None", StringComparison.OrdinalIgnoreCase);

    /// <summary>The v2 tiers, whose virtual-network integration is the delegated-subnet kind.</summary>
    public bool IsV2 => Sku is { } s && s.EndsWith("V2", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A subnet: its prefix length (null when its address prefix is unreadable), the services it is delegated to, and whether an NSG is associated.</summary>
public sealed record SubnetFacts(int? PrefixLength, IReadOnlyList<string> Delegations, bool HasNetworkSecurityGroup);

/// <summary>What a customer-managed (unplanned) failover leaves behind.</summary>
/// <param name="Location">The new primary region: the former secondary (the platform pair).</param>
/// <param name="Sku">The account's SKU afterwards: locally redundant in the new primary.</param>
public sealed record StorageFailoverOutcome(string Location, string Sku, IReadOnlyList<AzureConstraint> Effects);

/// <summary>
/// The operations Azure refuses, and the effects it always has, for the operations a DR rebuild
/// needs. The sandbox refuses exactly these, the DR planner never schedules an operation they
/// refuse, and the evidence of a drill lists the ones the plan respected.
/// </summary>
public static class AzureConstraints
{
    public const string StorageAccountToken = "azure-native:storage:StorageAccount";
    public const string FailoverOperation = "Microsoft.Storage/storageAccounts/failover/action";

    public static readonly AzureConstraint FailoverNeedsGeoRedundancy = new("storage-failover-needs-geo-redundancy", StorageAccountToken, FailoverOperation,
        "customer-managed account failover is supported only for geo-redundant accounts (GRS, RA-GRS, GZRS, RA-GZRS); an LRS or ZRS account has no secondary to fail over to",
        AzureSource.StorageDisasterRecovery);

    public static readonly AzureConstraint FailoverRefusedWithWorm = new("storage-failover-worm", StorageAccountToken, FailoverOperation,
        "a storage account containing any WORM immutability policy (time-based retention or legal hold) cannot be failed over",
        AzureSource.StorageFailoverWorm);

    public static readonly AzureConstraint FailoverRefusedWithObjectReplication = new("storage-failover-object-replication", StorageAccountToken, FailoverOperation,
        "customer-managed failover is not supported for either the source or the destination account of an object replication policy",
        AzureSource.ObjectReplication);

    public static readonly AzureConstraint FailoverOnlyToPair = new("storage-failover-to-pair", StorageAccountToken, FailoverOperation,
        "an account fails over to its secondary region, the platform pair of its primary; no other region can be chosen",
        AzureSource.StorageDisasterRecovery);

    public static readonly AzureConstraint FailoverLeavesLrs = new("storage-failover-leaves-lrs", StorageAccountToken, FailoverOperation,
        "an unplanned failover makes the secondary the primary and converts the account to LRS; geo-redundancy must be configured again afterwards",
        AzureSource.StorageFailoverRest);

    public static readonly AzureConstraint FailoverMovesEndpoints = new("storage-failover-endpoints-move", StorageAccountToken, FailoverOperation,
        "the account keeps its name; the DNS records of its endpoints are pointed at the new primary region, whose network (private endpoints, DNS zone links) must already reach them",
        AzureSource.StorageDisasterRecovery);

    public static readonly AzureConstraint ObjectReplicationIsAsynchronous = new("object-replication-asynchronous", "azure-native:storage:ObjectReplicationPolicy",
        "Microsoft.Storage/storageAccounts/objectReplicationPolicies/write",
        "object replication copies block blobs asynchronously with no RPO guarantee (latency depends on blob size); updates and deletes of WORM-protected objects are not replicated onto a destination container under an immutability policy",
        AzureSource.ObjectReplication);

    public static readonly AzureConstraint BlobVaultedBackupNoCrossRegionRestore = new("blob-vaulted-backup-no-crr", "azure-native:dataprotection:BackupInstance",
        "Microsoft.DataProtection/backupVaults/backupInstances/crossRegionRestore/action",
        "vaulted backup of blobs runs on a daily or weekly schedule and offers no cross-region restore, so it protects against deletion and ransomware in the region, not against losing the region",
        AzureSource.BlobBackupSupport);

    public static readonly AzureConstraint AccessRestrictedRegion = new("region-access-restricted", "azure-native:resources:ResourceGroup",
        "Microsoft.Resources/deployments/write",
        "an access-restricted region accepts deployments only after access and quota are granted through a support request",
        AzureSource.RegionsPaired);

    public static readonly AzureConstraint ZonesNeedZonalRegion = new("zones-need-zonal-region", "azure-native:network:PublicIPAddress",
        "PUT with zones",
        "a resource can be pinned to availability zones only in a region that has them",
        AzureSource.ZonesRegionSupport);

    public static readonly AzureConstraint DdosPlanProtectsAnyRegion = new("ddos-plan-any-region", "azure-native:network:DdosProtectionPlan",
        "Microsoft.Network/virtualNetworks/write",
        "a DDoS protection plan lives in one region but protects virtual networks in any region and subscription of the same Microsoft Entra tenant; one plan serves the estate",
        AzureSource.DdosPlanAnyRegion);

    public static readonly AzureConstraint PeeringNeedsBothNetworks = new("peering-needs-both-vnets", "azure-native:network:VirtualNetworkPeering",
        "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write",
        "a peering is declared on each of the two virtual networks and connects only when both exist; when one network is lost the other side's peering is Disconnected",
        AzureSource.VnetPeering);

    public const string ApiManagementToken = "azure-native:apimanagement:ApiManagementService";

    /// <summary>The service the subnet of a v2 tier's virtual-network integration is delegated to.</summary>
    public const string ApimV2Delegation = "Microsoft.Web/serverFarms";

    /// <summary>The smallest subnet a v2 tier's virtual-network integration takes ("Minimum: /27 (32 addresses)").</summary>
    public const int ApimV2MinimumPrefixLength = 27;

    public static readonly AzureConstraint ApimNetworkNeedsSubnet = new("apim-vnet-needs-subnet", ApiManagementToken,
        "Microsoft.ApiManagement/service/write",
        "an API Management service in a virtual network (virtualNetworkType External or Internal) names an existing subnet in virtualNetworkConfiguration.subnetResourceId",
        AzureSource.ApimOutboundIntegration);

    public static readonly AzureConstraint ApimV2SubnetDelegated = new("apim-v2-subnet-delegated", ApiManagementToken,
        "Microsoft.ApiManagement/service/write",
        "a Standard v2 or Premium v2 service's virtual-network integration subnet must be delegated to Microsoft.Web/serverFarms",
        AzureSource.ApimOutboundIntegration);

    public static readonly AzureConstraint ApimV2SubnetSize = new("apim-v2-subnet-minimum-size", ApiManagementToken,
        "Microsoft.ApiManagement/service/write",
        "a Standard v2 or Premium v2 service's virtual-network integration subnet is at least a /27 (32 addresses; /24 recommended for scaling)",
        AzureSource.ApimOutboundIntegration);

    public static readonly AzureConstraint ApimV2SubnetNsg = new("apim-v2-subnet-nsg", ApiManagementToken,
        "Microsoft.ApiManagement/service/write",
        "a Standard v2 or Premium v2 service's virtual-network integration subnet has a network security group associated (no specific rules required)",
        AzureSource.ApimOutboundIntegration);

    /// <summary>Every row, for documentation and the evidence.</summary>
    public static IReadOnlyList<AzureConstraint> All { get; } =
    [
        FailoverNeedsGeoRedundancy, FailoverRefusedWithWorm, FailoverRefusedWithObjectReplication, FailoverOnlyToPair, FailoverLeavesLrs, FailoverMovesEndpoints,
        ObjectReplicationIsAsynchronous, BlobVaultedBackupNoCrossRegionRestore, AccessRestrictedRegion, ZonesNeedZonalRegion,
        DdosPlanProtectsAnyRegion, PeeringNeedsBothNetworks, ApimNetworkNeedsSubnet, ApimV2SubnetDelegated, ApimV2SubnetSize, ApimV2SubnetNsg,
    ];

    /// <summary>The refusals of a customer-managed failover of this account (empty: Azure accepts it).</summary>
    public static IReadOnlyList<AzureConstraint> RefusalsOfFailover(StorageAccountFacts account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var refused = new List<AzureConstraint>();
        if (!account.GeoRedundant) refused.Add(FailoverNeedsGeoRedundancy);
        if (account.WormPolicies.Count > 0) refused.Add(FailoverRefusedWithWorm);
        if (account.InObjectReplication) refused.Add(FailoverRefusedWithObjectReplication);
        return refused;
    }

    /// <summary>Where an accepted unplanned failover leaves the account; null when there is no pair to fail over to.</summary>
    public static StorageFailoverOutcome? Failover(StorageAccountFacts account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (RefusalsOfFailover(account).Count > 0 || AzureRegion.Find(account.Location ?? "")?.Pair is not { } pair) return null;
        return new StorageFailoverOutcome(pair, "Standard_LRS", [FailoverLeavesLrs, FailoverMovesEndpoints]);
    }

    /// <summary>Whether a <c>sku.name</c> replicates to the paired region.</summary>
    public static bool IsGeoRedundant(string? sku) =>
        sku is not null && (sku.EndsWith("_GRS", StringComparison.Ordinal) || sku.EndsWith("_RAGRS", StringComparison.Ordinal) ||
                            sku.EndsWith("_GZRS", StringComparison.Ordinal) || sku.EndsWith("_RAGZRS", StringComparison.Ordinal));

    /// <summary>
    /// The refusals of an API Management service's network settings (empty: Azure accepts them). A service outside
    /// any virtual network is accepted; one in a network needs its subnet to exist; on a v2 tier the subnet must be
    /// delegated to Microsoft.Web/serverFarms, be a /27 or larger and have an NSG associated (the page's "must"s; that
    /// Azure refuses them at the service's write rather than later is not confirmed). The page's other requirements
    /// (same region and subscription, one service per subnet) are not modelled. The Developer and Premium (classic) tiers'
    /// injection has other rules (no delegation, /29 at least; Learn, virtual-network-injection-resources), not
    /// modelled: the estate uses a v2 tier only.
    /// </summary>
    public static IReadOnlyList<AzureConstraint> RefusalsOfApimNetwork(ApimNetworkFacts service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!service.InVirtualNetwork) return [];
        if (service.SubnetId is null || service.Subnet is not { } subnet) return [ApimNetworkNeedsSubnet];
        if (!service.IsV2) return [];
        var refused = new List<AzureConstraint>();
        if (!subnet.Delegations.Contains(ApimV2Delegation, StringComparer.OrdinalIgnoreCase)) refused.Add(ApimV2SubnetDelegated);
        if (subnet.PrefixLength is not { } length || length > ApimV2MinimumPrefixLength) refused.Add(ApimV2SubnetSize);
        if (!subnet.HasNetworkSecurityGroup) refused.Add(ApimV2SubnetNsg);
        return refused;
    }

    /// <summary>Zonal resources in a region without zones: the refusal, or null.</summary>
    public static AzureConstraint? RefusalOfZones(string? location, bool hasZonesInput) =>
        hasZonesInput && location is not null && AzureRegion.Find(location) is { HasZones: false } ? ZonesNeedZonalRegion : null;
}
