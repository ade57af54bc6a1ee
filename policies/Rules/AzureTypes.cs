namespace Oic.Infra.Policies.Rules;

/// <summary>The azure-native type tokens the rules judge.</summary>
public static class AzureTypes
{
    public const string StorageAccount = "azure-native:storage:StorageAccount";
    public const string BlobContainer = "azure-native:storage:BlobContainer";
    public const string BlobServiceProperties = "azure-native:storage:BlobServiceProperties";
    public const string BlobContainerImmutabilityPolicy = "azure-native:storage:BlobContainerImmutabilityPolicy";
    public const string ObjectReplicationPolicy = "azure-native:storage:ObjectReplicationPolicy";
    public const string NetworkSecurityGroup = "azure-native:network:NetworkSecurityGroup";
    public const string SecurityRule = "azure-native:network:SecurityRule";
    public const string VirtualNetwork = "azure-native:network:VirtualNetwork";
    public const string Subnet = "azure-native:network:Subnet";
    public const string VirtualNetworkPeering = "azure-native:network:VirtualNetworkPeering";
    public const string RouteTable = "azure-native:network:RouteTable";
    public const string Route = "azure-native:network:Route";
    public const string PublicIPAddress = "azure-native:network:PublicIPAddress";
    public const string AzureFirewall = "azure-native:network:AzureFirewall";
    public const string FirewallPolicy = "azure-native:network:FirewallPolicy";
    public const string FirewallPolicyRuleCollectionGroup = "azure-native:network:FirewallPolicyRuleCollectionGroup";
    public const string VirtualNetworkGateway = "azure-native:network:VirtualNetworkGateway";
    public const string LocalNetworkGateway = "azure-native:network:LocalNetworkGateway";
    public const string Connection = "azure-native:network:VirtualNetworkGatewayConnection";
    public const string BastionHost = "azure-native:network:BastionHost";
    public const string PrivateEndpoint = "azure-native:network:PrivateEndpoint";
    public const string NetworkInterface = "azure-native:network:NetworkInterface";
    public const string NetworkWatcher = "azure-native:network:NetworkWatcher";
    public const string FlowLog = "azure-native:network:FlowLog";
    public const string KeyVault = "azure-native:keyvault:Vault";
    public const string Key = "azure-native:keyvault:Key";
    public const string Secret = "azure-native:keyvault:Secret";
    public const string RoleAssignment = "azure-native:authorization:RoleAssignment";
    public const string RoleDefinition = "azure-native:authorization:RoleDefinition";
    public const string PimRoleEligibilitySchedule = "azure-native:authorization:PimRoleEligibilitySchedule";
    public const string ManagementLock = "azure-native:authorization:ManagementLockAtResourceGroupLevel";
    public const string UserAssignedIdentity = "azure-native:managedidentity:UserAssignedIdentity";
    public const string Workspace = "azure-native:operationalinsights:Workspace";
    public const string DiagnosticSetting = "azure-native:monitor:DiagnosticSetting";
    public const string SubscriptionDiagnosticSetting = "azure-native:monitor:SubscriptionDiagnosticSetting";
    public const string ActivityLogAlert = "azure-native:monitor:ActivityLogAlert";
    public const string RecoveryServicesVault = "azure-native:recoveryservices:Vault";
    public const string ProtectionPolicy = "azure-native:recoveryservices:ProtectionPolicy";
    public const string ProtectedItem = "azure-native:recoveryservices:ProtectedItem";
    public const string Pricing = "azure-native:security:Pricing";
    public const string SecurityContact = "azure-native:security:SecurityContact";
    public const string SentinelOnboardingState = "azure-native:securityinsights:SentinelOnboardingState";
    public const string PrivateLinkScope = "azure-native:monitor:PrivateLinkScope";
    public const string PrivateLinkScopedResource = "azure-native:monitor:PrivateLinkScopedResource";
    public const string ScheduledQueryRule = "azure-native:monitor:ScheduledQueryRule";
    public const string EntraDiagnosticSetting = "azure-native:aadiam:DiagnosticSetting";
    public const string RoleManagementPolicy = "azure-native:authorization:RoleManagementPolicy";
    public const string RoleManagementPolicyAssignment = "azure-native:authorization:RoleManagementPolicyAssignment";
    public const string BackupVault = "azure-native:dataprotection:BackupVault";
    public const string BackupPolicy = "azure-native:dataprotection:BackupPolicy";
    public const string BackupInstance = "azure-native:dataprotection:BackupInstance";
    public const string ResourceGroup = "azure-native:resources:ResourceGroup";
    public const string Provider = "pulumi:providers:azure-native";
}
