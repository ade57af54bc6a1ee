namespace Oic.Infra.Resources.Azure;

/// <summary>How long one operation on a resource takes on Azure, in minutes.</summary>
public sealed record OperationDuration(double Create, double Update, double Delete);

/// <summary>
/// What Azure does with one azure-native resource type: the ARM id its PUT goes to, how long a
/// create, update and delete take, and which properties it accepts only at creation (a change
/// replaces the resource). The sandbox simulates from these rows and the DR planner schedules on
/// them, so the two cannot disagree.
/// </summary>
/// <param name="ArmIdTemplate">
/// The resource's PUT path: <c>{rg}</c> is the resource group scope, <c>{subscription}</c> the
/// provider's subscription, <c>{key}</c> a resolved input (<c>{key=default}</c> when it may be left
/// out), <c>{guid:a,b}</c> a name-based GUID of inputs (for resources Azure names by their
/// content). The last placeholder is the resource's own name.
/// </param>
/// <param name="DurationSource">Where the durations come from (most are empirical: Microsoft publishes none).</param>
/// <param name="CreateOnly">Property paths Azure accepts only when the resource is created (<see cref="AzureSource.CreateOnlyProperties"/>).</param>
public sealed record AzureResourceType(
    string Token,
    string ArmIdTemplate,
    OperationDuration Durations,
    AzureSource DurationSource,
    IReadOnlyList<string> CreateOnly);

/// <summary>The resource types the estate uses, keyed by azure-native type token.</summary>
public static class AzureResourceTypes
{
    /// <summary>Most control-plane writes: seconds to about a minute (shared reference azure-dr.md §3, unverified).</summary>
    public static readonly OperationDuration Typical = new(0.5, 0.5, 0.3);

    private static readonly AzureSource VpnGatewaySettings = AzureSource.VpnGatewaySettings;
    private static readonly AzureSource BastionCreate = AzureSource.BastionCreate;
    private static readonly AzureSource FirewallFaq = AzureSource.FirewallFaq;
    private static readonly AzureSource Empirical = AzureSource.Empirical;

    private static readonly Dictionary<string, AzureResourceType> Table = new AzureResourceType[]
    {
        Row("azure-native:resources:ResourceGroup", "/subscriptions/{subscription}/resourceGroups/{resourceGroupName}", new(0.2, 0.2, 0.2), Empirical, []),
        // The partner front (docs/adr/0021); a v2-tier service is created in minutes, its children in seconds (empirical).
        Row("azure-native:apimanagement:ApiManagementService", "{rg}/providers/Microsoft.ApiManagement/service/{serviceName}", new(5, 2, 5), Empirical, []),
        Row("azure-native:apimanagement:Api", "{rg}/providers/Microsoft.ApiManagement/service/{serviceName}/apis/{apiId}", new(0.3, 0.3, 0.2), Empirical, []),
        Row("azure-native:apimanagement:Product", "{rg}/providers/Microsoft.ApiManagement/service/{serviceName}/products/{productId}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:apimanagement:ProductApiLink", "{rg}/providers/Microsoft.ApiManagement/service/{serviceName}/products/{productId}/apiLinks/{apiLinkId}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:apimanagement:Subscription", "{rg}/providers/Microsoft.ApiManagement/service/{serviceName}/subscriptions/{sid}", new(0.2, 0.2, 0.1), Empirical, []),
        // An API's policy document has one name, "policy" (REST API Api Policy - Create Or Update, policyId enum).
        Row("azure-native:apimanagement:ApiPolicy", "{rg}/providers/Microsoft.ApiManagement/service/{serviceName}/apis/{apiId}/policies/{policyId=policy}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:authorization:ManagementLockAtResourceGroupLevel", "{rg}/providers/Microsoft.Authorization/locks/{lockName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:authorization:PimRoleEligibilitySchedule", "{scope}/providers/Microsoft.Authorization/roleEligibilitySchedules/{guid:scope,principalId,roleDefinitionId}", new(0.3, 0.3, 0.2), Empirical, ["principalId", "roleDefinitionId"]),
        Row("azure-native:authorization:RoleManagementPolicy", "{scope}/providers/Microsoft.Authorization/roleManagementPolicies/{roleManagementPolicyName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:authorization:RoleManagementPolicyAssignment", "{scope}/providers/Microsoft.Authorization/roleManagementPolicyAssignments/{roleManagementPolicyAssignmentName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:authorization:RoleAssignment", "{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}", new(0.2, 0.2, 0.1), Empirical, ["principalId", "roleDefinitionId", "principalType"]),
        Row("azure-native:authorization:RoleDefinition", "{scope}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:dataprotection:BackupInstance", "{rg}/providers/Microsoft.DataProtection/backupVaults/{vaultName}/backupInstances/{backupInstanceName}", new(2, 1, 1), Empirical, ["properties.dataSourceInfo.resourceID"]),
        Row("azure-native:dataprotection:BackupPolicy", "{rg}/providers/Microsoft.DataProtection/backupVaults/{vaultName}/backupPolicies/{backupPolicyName}", new(0.3, 0.3, 0.2), Empirical, []),
        Row("azure-native:dataprotection:BackupVault", "{rg}/providers/Microsoft.DataProtection/backupVaults/{vaultName}", new(1, 0.5, 0.5), Empirical, []),
        Row("azure-native:dnsresolver:DnsResolver", "{rg}/providers/Microsoft.Network/dnsResolvers/{dnsResolverName}", new(1, 0.5, 0.5), Empirical, ["virtualNetwork.id"]),
        Row("azure-native:dnsresolver:InboundEndpoint", "{rg}/providers/Microsoft.Network/dnsResolvers/{dnsResolverName}/inboundEndpoints/{inboundEndpointName}", new(1, 0.5, 0.5), Empirical, ["ipConfigurations[*].subnet.id"]),
        Row("azure-native:dnsresolver:OutboundEndpoint", "{rg}/providers/Microsoft.Network/dnsResolvers/{dnsResolverName}/outboundEndpoints/{outboundEndpointName}", new(1, 0.5, 0.5), Empirical, ["subnet.id"]),
        Row("azure-native:keyvault:Key", "{rg}/providers/Microsoft.KeyVault/vaults/{vaultName}/keys/{keyName}", new(0.2, 0.2, 0.1), Empirical, ["properties.kty", "properties.keySize", "properties.curveName"]),
        Row("azure-native:keyvault:Vault", "{rg}/providers/Microsoft.KeyVault/vaults/{vaultName}", new(0.5, 0.3, 0.2), Empirical, ["properties.tenantId"]),
        Row("azure-native:managedidentity:UserAssignedIdentity", "{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{resourceName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:aadiam:DiagnosticSetting", "/providers/microsoft.aadiam/diagnosticSettings/{name}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:monitor:ActionGroup", "{rg}/providers/Microsoft.Insights/actionGroups/{actionGroupName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:monitor:ActivityLogAlert", "{rg}/providers/Microsoft.Insights/activityLogAlerts/{activityLogAlertName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:monitor:DiagnosticSetting", "{resourceUri}/providers/Microsoft.Insights/diagnosticSettings/{name}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:authorization:PolicyAssignment", "{scope}/providers/Microsoft.Authorization/policyAssignments/{policyAssignmentName}", new(0.3, 0.3, 0.2), Empirical, []),
        Row("azure-native:consumption:Budget", "{scope}/providers/Microsoft.Consumption/budgets/{budgetName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:dnsresolver:DnsForwardingRuleset", "{rg}/providers/Microsoft.Network/dnsForwardingRulesets/{dnsForwardingRulesetName}", new(0.5, 0.3, 0.3), Empirical, ["dnsResolverOutboundEndpoints"]),
        Row("azure-native:dnsresolver:ForwardingRule", "{rg}/providers/Microsoft.Network/dnsForwardingRulesets/{dnsForwardingRulesetName}/forwardingRules/{forwardingRuleName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:dnsresolver:PrivateResolverVirtualNetworkLink", "{rg}/providers/Microsoft.Network/dnsForwardingRulesets/{dnsForwardingRulesetName}/virtualNetworkLinks/{virtualNetworkLinkName}", new(0.5, 0.3, 0.3), Empirical, ["virtualNetwork.id"]),
        Row("azure-native:monitor:PrivateLinkScope", "{rg}/providers/Microsoft.Insights/privateLinkScopes/{scopeName}", new(0.5, 0.3, 0.2), Empirical, []),
        Row("azure-native:monitor:PrivateLinkScopedResource", "{rg}/providers/Microsoft.Insights/privateLinkScopes/{scopeName}/scopedResources/{name}", new(0.5, 0.3, 0.2), Empirical, ["linkedResourceId"]),
        Row("azure-native:monitor:ScheduledQueryRule", "{rg}/providers/Microsoft.Insights/scheduledQueryRules/{ruleName}", new(0.3, 0.3, 0.1), Empirical, []),
        Row("azure-native:monitor:SubscriptionDiagnosticSetting", "/subscriptions/{subscription}/providers/Microsoft.Insights/diagnosticSettings/{name}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:network:AzureFirewall", "{rg}/providers/Microsoft.Network/azureFirewalls/{azureFirewallName}", new(6, 4, 3), FirewallFaq, ["zones", "sku.name"]),
        Row("azure-native:network:BastionHost", "{rg}/providers/Microsoft.Network/bastionHosts/{bastionHostName}", new(10, 5, 5), BastionCreate, ["zones"]),
        Row("azure-native:network:DdosProtectionPlan", "{rg}/providers/Microsoft.Network/ddosProtectionPlans/{ddosProtectionPlanName}", new(2, 1, 1), Empirical, []),
        Row("azure-native:network:FirewallPolicy", "{rg}/providers/Microsoft.Network/firewallPolicies/{firewallPolicyName}", new(1, 1, 0.5), Empirical, []),
        Row("azure-native:network:FirewallPolicyRuleCollectionGroup", "{rg}/providers/Microsoft.Network/firewallPolicies/{firewallPolicyName}/ruleCollectionGroups/{ruleCollectionGroupName}", new(1, 1, 0.5), Empirical, []),
        Row("azure-native:network:FlowLog", "{rg}/providers/Microsoft.Network/networkWatchers/{networkWatcherName}/flowLogs/{flowLogName}", new(0.5, 0.5, 0.2), Empirical, ["targetResourceId"]),
        // Learn, Configure customer-controlled gateway maintenance for VPN Gateway: the configuration is a resource-group
        // resource, the assignment an extension resource of the gateway. Which properties Azure accepts only at creation
        // was not confirmed, so none is marked create-only.
        Row("azure-native:maintenance:MaintenanceConfiguration", "{rg}/providers/Microsoft.Maintenance/maintenanceConfigurations/{resourceName}", new(0.3, 0.3, 0.2), Empirical, []),
        Row("azure-native:maintenance:ConfigurationAssignment", "{rg}/providers/{providerName}/{resourceType}/{resourceName}/providers/Microsoft.Maintenance/configurationAssignments/{configurationAssignmentName}", new(0.3, 0.3, 0.2), Empirical, []),
        Row("azure-native:network:LocalNetworkGateway", "{rg}/providers/Microsoft.Network/localNetworkGateways/{localNetworkGatewayName}", new(0.5, 0.5, 0.2), Empirical, []),
        Row("azure-native:network:NetworkSecurityGroup", "{rg}/providers/Microsoft.Network/networkSecurityGroups/{networkSecurityGroupName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:network:NetworkWatcher", "{rg}/providers/Microsoft.Network/networkWatchers/{networkWatcherName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:network:PrivateDnsZoneGroup", "{rg}/providers/Microsoft.Network/privateEndpoints/{privateEndpointName}/privateDnsZoneGroups/{privateDnsZoneGroupName}", new(0.3, 0.2, 0.2), Empirical, []),
        Row("azure-native:network:PrivateEndpoint", "{rg}/providers/Microsoft.Network/privateEndpoints/{privateEndpointName}", new(1, 0.5, 0.5), Empirical, ["subnet.id", "privateLinkServiceConnections[*].privateLinkServiceId", "privateLinkServiceConnections[*].groupIds"]),
        Row("azure-native:network:PublicIPAddress", "{rg}/providers/Microsoft.Network/publicIPAddresses/{publicIpAddressName}", new(0.2, 0.2, 0.1), Empirical, ["sku", "publicIPAddressVersion", "zones"]),
        Row("azure-native:network:RouteTable", "{rg}/providers/Microsoft.Network/routeTables/{routeTableName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:network:Subnet", "{rg}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:network:VirtualNetwork", "{rg}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}", new(0.3, 0.2, 0.2), Empirical, []),
        Row("azure-native:network:VirtualNetworkGateway", "{rg}/providers/Microsoft.Network/virtualNetworkGateways/{virtualNetworkGatewayName}", new(45, 30, 20), VpnGatewaySettings, ["gatewayType", "vpnType", "vpnGatewayGeneration"]),
        Row("azure-native:network:VirtualNetworkGatewayConnection", "{rg}/providers/Microsoft.Network/connections/{virtualNetworkGatewayConnectionName}", new(1, 1, 0.5), Empirical, ["connectionType", "virtualNetworkGateway1.id", "localNetworkGateway2.id"]),
        Row("azure-native:network:VirtualNetworkPeering", "{rg}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/virtualNetworkPeerings/{virtualNetworkPeeringName}", new(0.3, 0.2, 0.2), Empirical, ["remoteVirtualNetwork.id"]),
        Row("azure-native:operationalinsights:Workspace", "{rg}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}", new(0.5, 0.3, 0.2), Empirical, []),
        Row("azure-native:privatedns:PrivateZone", "{rg}/providers/Microsoft.Network/privateDnsZones/{privateZoneName}", new(0.5, 0.3, 0.3), Empirical, []),
        Row("azure-native:privatedns:VirtualNetworkLink", "{rg}/providers/Microsoft.Network/privateDnsZones/{privateZoneName}/virtualNetworkLinks/{virtualNetworkLinkName}", new(0.5, 0.3, 0.3), Empirical, ["virtualNetwork.id"]),
        Row("azure-native:recoveryservices:Vault", "{rg}/providers/Microsoft.RecoveryServices/vaults/{vaultName}", new(1, 0.5, 0.5), Empirical, ["properties.redundancySettings.standardTierStorageRedundancy"]),
        Row("azure-native:security:Pricing", "{scopeId}/providers/Microsoft.Security/pricings/{pricingName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:security:SecurityContact", "/subscriptions/{subscription}/providers/Microsoft.Security/securityContacts/{securityContactName=default}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:securityinsights:SentinelOnboardingState", "{rg}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}/providers/Microsoft.SecurityInsights/onboardingStates/{sentinelOnboardingStateName=default}", new(0.5, 0.3, 0.3), Empirical, []),
        Row("azure-native:storage:BlobContainer", "{rg}/providers/Microsoft.Storage/storageAccounts/{accountName}/blobServices/default/containers/{containerName}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:storage:BlobContainerImmutabilityPolicy", "{rg}/providers/Microsoft.Storage/storageAccounts/{accountName}/blobServices/default/containers/{containerName}/immutabilityPolicies/{immutabilityPolicyName=default}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:storage:BlobServiceProperties", "{rg}/providers/Microsoft.Storage/storageAccounts/{accountName}/blobServices/{blobServicesName=default}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:storage:ManagementPolicy", "{rg}/providers/Microsoft.Storage/storageAccounts/{accountName}/managementPolicies/{managementPolicyName=default}", new(0.2, 0.2, 0.1), Empirical, []),
        Row("azure-native:storage:ObjectReplicationPolicy", "{rg}/providers/Microsoft.Storage/storageAccounts/{accountName}/objectReplicationPolicies/{objectReplicationPolicyId=default}", new(0.5, 0.5, 0.2), Empirical, []),
        Row("azure-native:storage:StorageAccount", "{rg}/providers/Microsoft.Storage/storageAccounts/{accountName}", new(0.5, 0.3, 0.2), Empirical, ["kind", "encryption.requireInfrastructureEncryption", "isHnsEnabled", "enableNfsV3", "isSftpEnabled"]),
    }.ToDictionary(r => r.Token, StringComparer.Ordinal);

    private static AzureResourceType Row(string token, string template, OperationDuration durations, AzureSource source, string[] createOnly) =>
        new(token, template, durations, source, createOnly);

    /// <summary>Every row, ordered by token.</summary>
    public static IEnumerable<AzureResourceType> All => Table.Values.OrderBy(r => r.Token, StringComparer.Ordinal);

    /// <summary>The row of a type token; null for a type the table does not describe.</summary>
    public static AzureResourceType? Find(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Table.GetValueOrDefault(token);
    }

    /// <summary>The typical durations of a type; providers and the stack take no time, types outside the table the typical half minute.</summary>
    public static OperationDuration DurationsOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.StartsWith("pulumi:", StringComparison.Ordinal)) return new(0, 0, 0);
        return Find(token)?.Durations ?? Typical;
    }
}
