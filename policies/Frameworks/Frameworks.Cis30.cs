using static Oic.Infra.Policies.Frameworks.Checkability;

namespace Oic.Infra.Policies.Frameworks;

public static partial class Frameworks
{
    /// <summary>
    /// CIS Microsoft Azure Foundations Benchmark v3.0.0, every recommendation in benchmark order
    /// (sections 2–10; 3.1.2 "Defender Plan: APIs" has no recommendations). Ids checked against
    /// prowler-cloud/prowler <c>prowler/compliance/azure/cis_3.0_azure.json</c>,
    /// turbot/steampipe-mod-azure-compliance <c>cis_v300/section_*.pp</c> and the Azure/azure-policy
    /// initiative <c>CIS_Azure_Foundations_v3.0.0.json</c>.
    /// </summary>
    public static IReadOnlyList<Control> Cis30 { get; } = ControlsOf(Cis30Prefix,
    [
        // 2 Identity: Microsoft Entra ID settings, which no azure-native resource declares.
        ("2.1.1", "Security defaults are enabled in Microsoft Entra ID", TenantSetting),
        ("2.1.2", "Multi-factor authentication is enabled for every privileged user", TenantSetting),
        ("2.1.3", "Multi-factor authentication is enabled for every non-privileged user", TenantSetting),
        ("2.1.4", "Users cannot have MFA remembered on devices they trust", TenantSetting),
        ("2.2.1", "Trusted named locations are defined for Conditional Access", TenantSetting),
        ("2.2.2", "An exclusionary geographic Conditional Access policy is considered", TenantSetting),
        ("2.2.3", "An exclusionary device code flow Conditional Access policy is considered", TenantSetting),
        ("2.2.4", "A Conditional Access policy requires MFA for administrative groups", TenantSetting),
        ("2.2.5", "A Conditional Access policy requires MFA for all users", TenantSetting),
        ("2.2.6", "MFA is required for risky sign-ins", TenantSetting),
        ("2.2.7", "MFA is required for the Windows Azure Service Management API", TenantSetting),
        ("2.2.8", "MFA is required to reach Microsoft admin portals", TenantSetting),
        ("2.3", "Non-admin users cannot create tenants", TenantSetting),
        ("2.4", "Guest users are reviewed regularly", Manual),
        ("2.5", "Self-service password reset requires two methods", TenantSetting),
        ("2.6", "The account lockout threshold is 10 or fewer attempts", TenantSetting),
        ("2.7", "The account lockout duration is at least 60 seconds", TenantSetting),
        ("2.8", "A custom banned password list is enforced", TenantSetting),
        ("2.9", "Users are asked to re-confirm their authentication information (days is not 0)", TenantSetting),
        ("2.10", "Users are notified when their password is reset", TenantSetting),
        ("2.11", "All admins are notified when another admin resets a password", TenantSetting),
        ("2.12", "Users cannot consent to applications", TenantSetting),
        ("2.13", "User consent to applications is limited to verified publishers", TenantSetting),
        ("2.14", "Users cannot register applications", TenantSetting),
        ("2.15", "Guests see only the properties and memberships of their own directory objects", TenantSetting),
        ("2.16", "Only users in specific admin roles can invite guests", TenantSetting),
        ("2.17", "Access to the Microsoft Entra admin center is restricted to administrators", TenantSetting),
        ("2.18", "Users cannot use group features in the Access Panel", TenantSetting),
        ("2.19", "Users cannot create security groups", TenantSetting),
        ("2.20", "Group owners cannot manage membership requests in the Access Panel", TenantSetting),
        ("2.21", "Users cannot create Microsoft 365 groups", TenantSetting),
        ("2.22", "Registering or joining devices to Entra ID requires MFA", TenantSetting),
        ("2.23", "No custom role grants subscription administrator rights", Code),    // authorization:RoleDefinition
        ("2.24", "A custom role is used to administer resource locks", Code),          // authorization:RoleDefinition
        ("2.25", "No one may move subscriptions into or out of the Entra ID directory", TenantSetting),
        ("2.26", "Fewer than five users hold the Global Administrator role", TenantSetting),

        // 3.1 Microsoft Defender for Cloud. Plans and their extensions are security:Pricing; contacts are security:SecurityContact.
        ("3.1.1.1", "Auto-provisioning of the Log Analytics agent for Azure VMs is on", TenantSetting), // subscription auto-provisioning setting, agent retired
        ("3.1.1.2", "The Defender for Cloud Apps integration with Defender for Cloud is selected", TenantSetting), // Defender 'MCAS' subscription setting
        ("3.1.3.1", "Microsoft Defender for Servers is on", Code),
        ("3.1.3.2", "The 'vulnerability assessment for machines' component is on", Code),
        ("3.1.3.3", "The 'endpoint protection' component is on", TenantSetting),       // Defender 'WDATP' subscription setting
        ("3.1.3.4", "The 'agentless scanning for machines' component is on", Code),
        ("3.1.3.5", "The 'file integrity monitoring' component is on", Code),
        ("3.1.4.1", "Microsoft Defender for Containers is on", Code),
        ("3.1.4.2", "The 'agentless discovery for Kubernetes' component is on", Code),
        ("3.1.4.3", "The 'agentless container vulnerability assessment' component is on", Code),
        ("3.1.5.1", "Microsoft Defender for Storage is on", Code),
        ("3.1.6.1", "Microsoft Defender for App Service is on", Code),
        ("3.1.7.1", "Microsoft Defender for Azure Cosmos DB is on", Code),
        ("3.1.7.2", "Microsoft Defender for open-source relational databases is on", Code),
        ("3.1.7.3", "Microsoft Defender for Azure SQL databases (and managed instances) is on", Code),
        ("3.1.7.4", "Microsoft Defender for SQL servers on machines is on", Code),
        ("3.1.8.1", "Microsoft Defender for Key Vault is on", Code),
        ("3.1.9.1", "Microsoft Defender for Resource Manager is on", Code),
        ("3.1.10", "The Defender recommendation 'Apply system updates' is completed", Manual), // the patch state of running machines, not a declaration
        ("3.1.11", "No policy of the MCSB initiative is set to Disabled", TenantSetting), // Defender for Cloud's own default assignment
        ("3.1.12", "Security alert emails go to subscription owners", Code),
        ("3.1.13", "An additional security contact email is configured", Code),
        ("3.1.14", "Alert notifications are sent from severity High", Code),
        ("3.1.15", "Microsoft Defender External Attack Surface Management is enabled", Code), // easm:Workspace
        ("3.1.16", "Microsoft Defender for DNS (legacy plan) is on", Code),
        ("3.2.1", "Microsoft Defender for IoT Hub is on", Code),                        // security:IotSecuritySolution

        // 3.3 Key Vault
        ("3.3.1", "Every key in an RBAC key vault has an expiration date", Code),
        ("3.3.2", "Every key in a non-RBAC key vault has an expiration date", Code),
        ("3.3.3", "Every secret in an RBAC key vault has an expiration date", Code),
        ("3.3.4", "Every secret in a non-RBAC key vault has an expiration date", Code),
        ("3.3.5", "Key vaults are recoverable: soft delete and purge protection on", Code),
        ("3.3.6", "Key vaults use role-based access control", Code),
        ("3.3.7", "Key vaults are reached through private endpoints", Code),
        ("3.3.8", "Keys rotate automatically where the service supports it", Code),

        // 4 Storage accounts
        ("4.1", "Storage accounts require secure transfer", Code),
        ("4.2", "Storage accounts have infrastructure encryption enabled", Code),
        ("4.3", "Storage accounts have key rotation reminders enabled", Code),          // keyPolicy.keyExpirationPeriodInDays
        ("4.4", "Storage account access keys are regenerated periodically", Manual),    // an operation repeated over time
        ("4.5", "Shared access signature tokens expire within an hour", Code),          // sasPolicy.sasExpirationPeriod
        ("4.6", "Storage accounts have public network access disabled", Code),
        ("4.7", "Storage account network rules deny by default", Code),
        ("4.8", "Trusted Azure services may bypass storage account network rules", Code),
        ("4.9", "Storage accounts are reached through private endpoints", Code),
        ("4.10", "Soft delete is enabled for blobs and containers", Code),
        ("4.11", "Storage for critical data is encrypted with customer-managed keys", Code),
        ("4.12", "The queue service logs read, write and delete requests", Code),
        ("4.13", "The blob service logs read, write and delete requests", Code),
        ("4.14", "The table service logs read, write and delete requests", Code),
        ("4.15", "Storage accounts require TLS 1.2 or later", Code),
        ("4.16", "Cross-tenant replication is disabled", Code),
        ("4.17", "Anonymous blob access is disabled", Code),

        // 5 Database services
        ("5.1.1", "Auditing is on for SQL servers", Code),
        ("5.1.2", "No SQL database allows ingress from 0.0.0.0/0", Code),
        ("5.1.3", "The SQL TDE protector is a customer-managed key", Code),
        ("5.1.4", "Microsoft Entra authentication is configured for SQL servers", Code),
        ("5.1.5", "Transparent data encryption is on for SQL databases", Code),
        ("5.1.6", "SQL auditing retention is longer than 90 days", Code),
        ("5.1.7", "SQL servers have public network access disabled", Code),
        ("5.2.1", "PostgreSQL flexible servers require secure transport", Code),
        ("5.2.2", "PostgreSQL flexible servers log checkpoints", Code),
        ("5.2.3", "PostgreSQL flexible servers throttle connections", Code),
        ("5.2.4", "PostgreSQL flexible servers keep log files for more than 3 days", Code),
        ("5.2.5", "PostgreSQL flexible servers refuse public access from any Azure service", Code),
        ("5.2.6", "PostgreSQL single servers log connections (legacy)", Code),
        ("5.2.7", "PostgreSQL single servers log disconnections (legacy)", Code),
        ("5.2.8", "PostgreSQL single servers use infrastructure double encryption (legacy)", Code),
        ("5.3.1", "MySQL flexible servers require secure transport", Code),
        ("5.3.2", "MySQL flexible servers require TLS 1.2 or later", Code),
        ("5.3.3", "MySQL flexible servers have the audit log enabled", Code),
        ("5.3.4", "MySQL flexible servers audit connection events", Code),
        ("5.4.1", "Cosmos DB accepts selected networks only, not all networks", Code),
        ("5.4.2", "Cosmos DB is reached through private endpoints where possible", Code),
        ("5.4.3", "Cosmos DB clients authenticate with Entra ID and Azure RBAC", Code),   // disableLocalAuth

        // 6 Logging and monitoring
        ("6.1.1", "A diagnostic setting exports the subscription activity log", Code),
        ("6.1.2", "The activity log diagnostic setting captures the required categories", Code),
        ("6.1.3", "The storage account holding activity logs uses a customer-managed key", Code),
        ("6.1.4", "Key Vault logging is enabled", Code),
        ("6.1.5", "Network flow logs are captured and sent to Log Analytics", Code),
        ("6.1.6", "App Service HTTP logs are enabled", Code),
        ("6.2.1", "An activity log alert fires on Create Policy Assignment", Code),
        ("6.2.2", "An activity log alert fires on Delete Policy Assignment", Code),
        ("6.2.3", "An activity log alert fires on Create or Update Network Security Group", Code),
        ("6.2.4", "An activity log alert fires on Delete Network Security Group", Code),
        ("6.2.5", "An activity log alert fires on Create or Update Security Solution", Code),
        ("6.2.6", "An activity log alert fires on Delete Security Solution", Code),
        ("6.2.7", "An activity log alert fires on Create or Update SQL Server Firewall Rule", Code),
        ("6.2.8", "An activity log alert fires on Delete SQL Server Firewall Rule", Code),
        ("6.2.9", "An activity log alert fires on Create or Update Public IP Address", Code),
        ("6.2.10", "An activity log alert fires on Delete Public IP Address", Code),
        ("6.3.1", "Application Insights is configured", Code),
        ("6.4", "Resource logging is enabled for every service that supports it", Code),
        ("6.5", "Basic or consumption SKUs are not used for resources that must be monitored", Code),

        // 7 Networking
        ("7.1", "RDP access from the internet is evaluated and restricted", Code),
        ("7.2", "SSH access from the internet is evaluated and restricted", Code),
        ("7.3", "UDP access from the internet is evaluated and restricted", Code),
        ("7.4", "HTTP(S) access from the internet is evaluated and restricted", Code),
        ("7.5", "Network security group flow logs are kept for 90 days or more", Code),
        ("7.6", "Network Watcher is enabled in every region in use", Code),
        ("7.7", "Public IP addresses are reviewed periodically", Manual),

        // 8 Virtual machines
        ("8.1", "An Azure Bastion host exists", Code),
        ("8.2", "Virtual machines use managed disks", Code),
        ("8.3", "OS and data disks are encrypted with customer-managed keys", Code),
        ("8.4", "Unattached disks are encrypted with customer-managed keys", Code),
        ("8.5", "Disks are not open to public access from all networks", Code),
        ("8.6", "Disks require data access authentication mode", Code),
        ("8.7", "Only approved extensions are installed on virtual machines", Code),    // VM extensions are resources; checked against an allow-list
        ("8.8", "Endpoint protection is installed on every virtual machine", Manual),   // software inside the guest
        ("8.9", "VHDs are encrypted (legacy)", Code),
        ("8.10", "Only MFA-enabled identities can sign in to privileged virtual machines", TenantSetting), // Entra sign-in policy
        ("8.11", "Trusted launch is enabled on virtual machines", Code),

        // 9 App Service
        ("9.1", "App Service apps accept HTTPS only", Code),
        ("9.2", "App Service authentication is set up", Code),
        ("9.3", "FTP is disabled or FTPS-only", Code),
        ("9.4", "Web apps use the latest TLS version", Code),
        ("9.5", "App Service apps are registered with Entra ID (managed identity)", Code),
        ("9.6", "Basic authentication is disabled", Code),
        ("9.7", "The PHP version is a supported one, if PHP is used", Code),
        ("9.8", "The Python version is a supported one, if Python is used", Code),
        ("9.9", "The Java version is a supported one, if Java is used", Code),
        ("9.10", "App Service apps have HTTP/2 enabled", Code),
        ("9.11", "Application secrets are kept in Azure Key Vault", Manual),            // whether a setting is a secret needs a person
        ("9.12", "Remote debugging is off", Code),

        // 10 Miscellaneous
        ("10.1", "Mission-critical resources have resource locks", Code),
    ]);
}
