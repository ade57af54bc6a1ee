namespace Oic.Infra.Resources.AzurePolicy;

public static partial class AzurePolicyCatalogue
{
    /// <summary>
    /// Azure Monitor. Left out: the diagnostic-setting and activity-log definitions that deploy (DeployIfNotExists,
    /// a managed identity and role grants each) or take one workspace per assignment while prod and prod-dr share a
    /// subscription with a workspace each (docs/adr/0020).
    /// </summary>
    internal static readonly IReadOnlyList<BuiltInPolicy> Monitor =
    [
        new("law-local-auth-disabled", "log-entra-only", Definition("e15effd4-2278-4c65-a0da-4d6f6d1890e2"), "Log Analytics Workspaces should block non-Azure Active Directory based ingestion.",
            Definitions("Monitoring") + "LogAnalyticsWorkspaces_DisableLocalAuth_Deny.json", PolicyEffect.Deny),
    ];
}
