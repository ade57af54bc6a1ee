namespace Oic.Infra.Automation.Sandbox;

/// <summary>How long one operation on a resource takes on Azure, in minutes.</summary>
public sealed record OperationDuration(double Create, double Update, double Delete);

/// <summary>
/// Typical Azure provisioning times (reference/azure-dr.md §3): a VPN gateway "45 minutes or
/// more", Bastion "about 10 minutes", a firewall "a few minutes", VNets, storage, Key Vault and
/// DNS "seconds to about a minute". Updates of the slow ones are shorter than creates, deletes
/// shorter still. The virtual clock advances by these; nothing sleeps.
/// </summary>
public static class Durations
{
    private static readonly OperationDuration Typical = new(0.5, 0.5, 0.3);

    private static readonly Dictionary<string, OperationDuration> Table = new(StringComparer.Ordinal)
    {
        ["azure-native:network:VirtualNetworkGateway"] = new(45, 30, 20),
        ["azure-native:network:BastionHost"] = new(10, 5, 5),
        ["azure-native:network:AzureFirewall"] = new(6, 4, 3),
        ["azure-native:network:DdosProtectionPlan"] = new(2, 1, 1),
        ["azure-native:recoveryservices:Vault"] = new(1, 0.5, 0.5),
        ["azure-native:network:VirtualNetworkGatewayConnection"] = new(1, 1, 0.5),
        ["azure-native:network:FirewallPolicy"] = new(1, 1, 0.5),
        ["azure-native:network:FirewallPolicyRuleCollectionGroup"] = new(1, 1, 0.5),
        ["azure-native:network:PrivateEndpoint"] = new(1, 0.5, 0.5),
        ["azure-native:dnsresolver:DnsResolver"] = new(1, 0.5, 0.5),
        ["azure-native:dnsresolver:InboundEndpoint"] = new(1, 0.5, 0.5),
        ["azure-native:dnsresolver:OutboundEndpoint"] = new(1, 0.5, 0.5),
        ["azure-native:network:FlowLog"] = new(0.5, 0.5, 0.2),
        ["azure-native:network:LocalNetworkGateway"] = new(0.5, 0.5, 0.2),
        ["azure-native:privatedns:PrivateZone"] = new(0.5, 0.3, 0.3),
        ["azure-native:privatedns:VirtualNetworkLink"] = new(0.5, 0.3, 0.3),
        ["azure-native:storage:StorageAccount"] = new(0.5, 0.3, 0.2),
        ["azure-native:keyvault:Vault"] = new(0.5, 0.3, 0.2),
        ["azure-native:operationalinsights:Workspace"] = new(0.5, 0.3, 0.2),
        ["azure-native:network:VirtualNetwork"] = new(0.3, 0.2, 0.2),
        ["azure-native:network:VirtualNetworkPeering"] = new(0.3, 0.2, 0.2),
        ["azure-native:network:PrivateDnsZoneGroup"] = new(0.3, 0.2, 0.2),
        ["azure-native:authorization:PimRoleEligibilitySchedule"] = new(0.3, 0.3, 0.2),
        ["azure-native:network:Subnet"] = new(0.2, 0.2, 0.1),
        ["azure-native:network:NetworkSecurityGroup"] = new(0.2, 0.2, 0.1),
        ["azure-native:network:RouteTable"] = new(0.2, 0.2, 0.1),
        ["azure-native:network:PublicIPAddress"] = new(0.2, 0.2, 0.1),
        ["azure-native:network:NetworkWatcher"] = new(0.2, 0.2, 0.1),
        ["azure-native:resources:ResourceGroup"] = new(0.2, 0.2, 0.2),
        ["azure-native:storage:BlobServiceProperties"] = new(0.2, 0.2, 0.1),
        ["azure-native:storage:BlobContainer"] = new(0.2, 0.2, 0.1),
        ["azure-native:storage:BlobContainerImmutabilityPolicy"] = new(0.2, 0.2, 0.1),
        ["azure-native:storage:ManagementPolicy"] = new(0.2, 0.2, 0.1),
        ["azure-native:storage:ObjectReplicationPolicy"] = new(0.5, 0.5, 0.2),
        ["azure-native:keyvault:Key"] = new(0.2, 0.2, 0.1),
        ["azure-native:managedidentity:UserAssignedIdentity"] = new(0.2, 0.2, 0.1),
        ["azure-native:authorization:RoleAssignment"] = new(0.2, 0.2, 0.1),
        ["azure-native:authorization:RoleDefinition"] = new(0.2, 0.2, 0.1),
        ["azure-native:authorization:ManagementLockAtResourceGroupLevel"] = new(0.2, 0.2, 0.1),
        ["azure-native:monitor:DiagnosticSetting"] = new(0.2, 0.2, 0.1),
        ["azure-native:monitor:SubscriptionDiagnosticSetting"] = new(0.2, 0.2, 0.1),
        ["azure-native:monitor:ActivityLogAlert"] = new(0.2, 0.2, 0.1),
        ["azure-native:monitor:ActionGroup"] = new(0.2, 0.2, 0.1),
        ["azure-native:security:Pricing"] = new(0.2, 0.2, 0.1),
    };

    /// <summary>The typical durations of a type; providers and the stack take no time, unknown types the typical half minute.</summary>
    public static OperationDuration Of(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.StartsWith("pulumi:", StringComparison.Ordinal)) return new(0, 0, 0);
        return Table.GetValueOrDefault(type) ?? Typical;
    }

    /// <summary>Every type with its own entry, for reports and documentation.</summary>
    public static IReadOnlyDictionary<string, OperationDuration> All => Table;

    internal static long Milliseconds(double minutes) => (long)Math.Round(minutes * 60_000);
}
