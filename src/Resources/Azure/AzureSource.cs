namespace Oic.Infra.Resources.Azure;

/// <summary>
/// Where an Azure fact comes from: the Microsoft page (or, where Microsoft publishes none, what it
/// rests on). <see cref="Verified"/> is false for figures no Microsoft page states (empirical
/// durations, for example), so reports never present a guess as a documented limit.
/// </summary>
public sealed record AzureSource(string Title, string Url, bool Verified = true)
{
    /// <summary>"title (url)", with "[unverified]" when no Microsoft page states the fact.</summary>
    public override string ToString() => Verified ? $"{Title} ({Url})" : $"{Title} ({Url}) [unverified]";

    internal static readonly AzureSource StorageDisasterRecovery = new(
        "Azure storage disaster recovery planning and failover",
        "https://learn.microsoft.com/azure/storage/common/storage-disaster-recovery-guidance");

    internal static readonly AzureSource StorageFailoverRest = new(
        "Storage Accounts - Failover (REST API, Microsoft.Storage)",
        "https://learn.microsoft.com/rest/api/storagerp/storage-accounts/failover");

    internal static readonly AzureSource StorageFailoverWorm = new(
        "Storage account with WORM immutability policy enabled cannot failover (Azure storage diagnostics; prerequisites of Initiate a storage account failover)",
        "https://learn.microsoft.com/azure/storage/common/storage-initiate-account-failover#prerequisites");

    internal static readonly AzureSource ObjectReplication = new(
        "Object replication for block blobs: prerequisites and caveats",
        "https://learn.microsoft.com/azure/storage/blobs/object-replication-overview");

    internal static readonly AzureSource BlobBackupSupport = new(
        "Support matrix for Azure Blobs backup (vaulted backup: daily or weekly schedule; AzureBlob manifest of Az.DataProtection 2.4.0: supportCrossRegionRestore false)",
        "https://learn.microsoft.com/azure/backup/blob-backup-support-matrix");

    internal static readonly AzureSource DdosPlanAnyRegion = new(
        "Quickstart: Create and configure Azure DDoS Network Protection (\"users can enable DDoS protection on Virtual Networks in different regions and across multiple subscriptions under a single Microsoft Entra tenant\"); DDoS FAQ: one plan across subscriptions",
        "https://learn.microsoft.com/azure/ddos-protection/manage-ddos-protection");

    internal static readonly AzureSource VnetPeering = new(
        "Create, change, or delete a virtual network peering (a peering on each virtual network; Initiated until both exist, Connected, Disconnected once the other side is deleted)",
        "https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering");

    internal static readonly AzureSource ThrottlingLimits = new(
        "Understand how Azure Resource Manager throttles requests (token bucket per region, 2025-05-28)",
        "https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling");

    internal static readonly AzureSource NetworkAnotherOperation = new(
        "Troubleshoot RetryableErrorDueToAnotherOperation (the network resource provider serialises writes on one virtual network)",
        "https://learn.microsoft.com/azure/virtual-network/virtual-network-troubleshoot-peering-issues", Verified: false);

    internal static readonly AzureSource VpnGatewaySettings = new(
        "About VPN Gateway configuration settings (\"45 minutes or more\")",
        "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings");

    internal static readonly AzureSource BastionCreate = new(
        "Deploy Bastion using the Azure CLI (\"about 10 minutes\")",
        "https://learn.microsoft.com/azure/bastion/create-host-cli");

    internal static readonly AzureSource FirewallFaq = new(
        "Azure Firewall FAQ and tutorials (\"takes a few minutes to deploy\")",
        "https://learn.microsoft.com/azure/firewall/firewall-faq");

    internal static readonly AzureSource Empirical = new(
        "Typical duration observed on deployments; Microsoft publishes none (seconds to about a minute)",
        "https://learn.microsoft.com/azure/azure-resource-manager/templates/deployment-history", Verified: false);

    internal static readonly AzureSource CreateOnlyProperties = new(
        "Azure REST API specifications: properties the resource provider accepts only at creation (x-ms-mutability create/read); azure-native replaces on change",
        "https://github.com/Azure/azure-rest-api-specs", Verified: false);

    internal static readonly AzureSource RegionsPaired = new(
        "Azure region pairs and nonpaired regions (2025-01-13)",
        "https://learn.microsoft.com/azure/reliability/regions-paired");

    internal static readonly AzureSource RegionsList = new(
        "Azure regions list: programmatic names, availability zones (2025-04-15)",
        "https://learn.microsoft.com/azure/reliability/regions-list");

    internal static readonly AzureSource ApimOutboundIntegration = new(
        "Integrate an Azure API Management instance with a private virtual network for outbound connections (Standard v2 and Premium v2; subnet: dedicated, minimum /27, delegated to Microsoft.Web/serverFarms, an NSG associated; ms.date 2025-03-20)",
        "https://learn.microsoft.com/azure/api-management/integrate-vnet-outbound");

    internal static readonly AzureSource ZonesRegionSupport = new(
        "Azure regions with availability zone support",
        "https://learn.microsoft.com/azure/reliability/availability-zones-region-support");
}
