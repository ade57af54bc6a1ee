namespace Oic.Infra.Resources.AzurePolicy;

public static partial class AzurePolicyCatalogue
{
    private static readonly string SecuritySource = Definitions("Security Center");
    private static readonly string SecurityMonitoringSource = Definitions("Monitoring");

    /// <summary>
    /// Defender for Cloud, Sentinel and the Azure Monitor private link scope. Every id is the <c>name</c> of the
    /// file named in its source, read at that commit. All of them audit at subscription (or scope) level with
    /// AuditIfNotExists, except the private link scope's access modes (Audit/Deny); none exists for Sentinel
    /// onboarding or for PIM role settings (searched the same tree for "Sentinel", "SecurityInsights",
    /// "roleManagementPolicies": no definition audits them).
    /// </summary>
    internal static readonly IReadOnlyList<BuiltInPolicy> Security =
    [
        new("defender-plans", "mdc-keyvault", Definition("0e6763cc-5078-4e64-889d-ff4d9a839047"), "Azure Defender for Key Vault should be enabled",
            SecuritySource + "ASC_EnableAdvancedThreatProtectionOnKeyVaults_Audit.json", PolicyEffect.AuditIfNotExists),
        new("defender-plans", "mdc-arm", Definition("c3d20c29-b36d-48fe-808b-99a87530ad99"), "Azure Defender for Resource Manager should be enabled",
            SecuritySource + "ASC_EnableAzureDefenderOnResourceManager_Audit.json", PolicyEffect.AuditIfNotExists),
        new("defender-cspm", "mdc-cspm", Definition("1f90fc71-a595-4066-8974-d4d0802e8ef0"), "Microsoft Defender CSPM should be enabled",
            SecuritySource + "ASC_Azure_Defender_CSPM_Audit.json", PolicyEffect.AuditIfNotExists),
        new("defender-storage-malware-scanning", "mdc-storage", Definition("640d2586-54d2-465f-877f-9ffc1d2109f4"), "Microsoft Defender for Storage should be enabled",
            SecuritySource + "MDC_Microsoft_Defender_For_Storage_Full_Audit.json", PolicyEffect.AuditIfNotExists)
        {
            Note = "stricter: also requires the SensitiveDataDiscovery extension (which the stacks turn on)",
        },
        new("defender-security-contact", "mdc-contact-email", Definition("4f4f78b8-e367-4b10-a341-d9a4ad5cf1c7"), "Subscriptions should have a contact email address for security issues",
            SecuritySource + "ASC_Security_contact_email.json", PolicyEffect.AuditIfNotExists),
        new("defender-security-contact", "mdc-contact-high", Definition("6e2593d9-add6-4083-9c9b-4b7d2188c899"), "Email notification for high severity alerts should be enabled",
            SecuritySource + "ASC_Email_notification.json", PolicyEffect.AuditIfNotExists),
        new("defender-security-contact", "mdc-contact-owner", Definition("0b15565f-aa9e-48ba-8619-45960f2c314d"), "Email notification to subscription owner for high severity alerts should be enabled",
            SecuritySource + "ASC_Email_notification_to_subscription_owner.json", PolicyEffect.AuditIfNotExists),
        // Two halves of our rule: the scope's access modes, and a private endpoint on the scope.
        new("monitor-private-link-scope", "ampls-private-only", Definition("a499fed8-bcc8-4195-b154-641f14743757"), "Azure Monitor Private Link Scope should block access to non private link resources",
            SecurityMonitoringSource + "AzureMonitorPrivateLinkScopes_AccessModeSettings_Audit.json", PolicyEffect.Deny),
        new("monitor-private-link-scope", "ampls-private-link", Definition("0fc55270-f8bf-4feb-b7b8-5e7e7eacc6a6"), "Azure Monitor Private Link Scope should use private link",
            SecurityMonitoringSource + "AzureMonitorPrivateLinkScopes_PrivateEndpoints_AINE.json", PolicyEffect.AuditIfNotExists),
    ];
}
