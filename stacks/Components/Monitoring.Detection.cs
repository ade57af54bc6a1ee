using System.Globalization;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using EntraDiagnosticSetting = Oic.Infra.Resources.AzureNative.AadIam.DiagnosticSetting;
using EntraDiagnosticSettingArgs = Oic.Infra.Resources.AzureNative.AadIam.DiagnosticSettingArgs;
using Oic.Infra.Resources.AzureNative.Monitor;
using Oic.Infra.Resources.AzureNative.Security;
using Oic.Infra.Resources.AzureNative.SecurityInsights;
using static Oic.Infra.Stacks.Components.Untyped;
using AadIn = Oic.Infra.Resources.AzureNative.AadIam.Inputs;
using MonIn = Oic.Infra.Resources.AzureNative.Monitor.Inputs;
using SecIn = Oic.Infra.Resources.AzureNative.Security.Inputs;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// Detection (issue 12, docs/adr/0016): who hears of an attack and where it is analysed. Subscription-wide
/// settings (Defender plans, the security contact) belong to the primary stack only, like the activity-log
/// alerts: <c>prod</c> and <c>prod-dr</c> share one subscription and two owners of one singleton would undo
/// each other. Every stack onboards Microsoft Sentinel on its own workspace and reaches it through its own
/// Azure Monitor private link scope: each region has its own private DNS zones, and one VNet can use only one
/// scope (Learn: azure-monitor/logs/private-link-design).
/// </summary>
public sealed partial class Monitoring
{
    /// <summary>The Defender plans of the subscription (pricing names as the azure-policy DINE templates use them).</summary>
    private static readonly string[] DefenderPlans = ["KeyVaults", "Arm"];

    /// <summary>
    /// Monthly cap of on-upload malware scanning per storage account, in GB; 5000 is the default of the built-in
    /// policy <c>cfdc5972-75b3-4418-8ae1-7f5c36839390</c> (azure-policy <c>MDC_Microsoft_Defender_For_Storage_Full_DINE.json</c>).
    /// </summary>
    private const string MalwareScanningCapGb = "5000";

    /// <summary>The action group of the security contact (primary stack only).</summary>
    public ActionGroup? SecurityActionGroup { get; private set; }

    /// <summary>Microsoft Sentinel on the stack's workspace.</summary>
    public SentinelOnboardingState? Sentinel { get; private set; }

    /// <summary>The stack's Azure Monitor private link scope.</summary>
    public PrivateLinkScope? PrivateLinkScope { get; private set; }

    /// <summary>Defender for Cloud: the workload plans, CSPM, Defender for Storage with malware scanning, and the security contact.</summary>
    private void Defender(StackContext context)
    {
        foreach (var plan in DefenderPlans)
            _ = new Pricing(Child($"defender-{plan.ToLowerInvariant()}"), new PricingArgs
            {
                PricingName = plan,
                PricingTier = "Standard",
                ScopeId = context.SubscriptionScope,
            }, Options());

        // Defender for Storage (the per-storage-account plan, DefenderForStorageV2) with on-upload malware
        // scanning of every blob and sensitive data discovery; extension names from the 3.28.0 .d.ts doc comment.
        _ = new Pricing(Child("defender-storageaccounts"), new PricingArgs
        {
            PricingName = "StorageAccounts",
            PricingTier = "Standard",
            SubPlan = "DefenderForStorageV2",
            ScopeId = context.SubscriptionScope,
            Extensions =
            [
                new SecIn.ExtensionArgs
                {
                    Name = "OnUploadMalwareScanning",
                    IsEnabled = "True",
                    AdditionalExtensionProperties = Map(("CapGBPerMonthPerStorageAccount", Text(MalwareScanningCapGb))),
                },
                new SecIn.ExtensionArgs { Name = "SensitiveDataDiscovery", IsEnabled = "True" },
            ],
        }, Options());

        // Defender CSPM: attack paths, the cloud security explorer, and sensitive data awareness of the document stores.
        _ = new Pricing(Child("defender-cloudposture"), new PricingArgs
        {
            PricingName = "CloudPosture",
            PricingTier = "Standard",
            ScopeId = context.SubscriptionScope,
            Extensions = [new SecIn.ExtensionArgs { Name = "SensitiveDataDiscovery", IsEnabled = "True" }],
        }, Options());

        // The name must be `default`, at subscription scope (Learn: azure/templates/microsoft.security/securitycontacts).
        _ = new SecurityContact(Child("security-contact"), new SecurityContactArgs
        {
            SecurityContactName = "default",
            Emails = Estate.SecurityContact,
            IsEnabled = true,
            NotificationsByRole = new SecIn.SecurityContactPropertiesNotificationsByRoleArgs { Roles = ["Owner"], State = "On" },
            NotificationsSources =
            [
                Map(("sourceType", Text("Alert")), ("minimalSeverity", Text("High"))),
                Map(("sourceType", Text("AttackPath")), ("minimalRiskLevel", Text("Critical"))),
            ],
        }, Options());
    }

    /// <summary>
    /// Microsoft Sentinel on the stack's workspace, and the workspace reachable from the region's networks only
    /// through an Azure Monitor private link scope with its private endpoint in the hub's private DNS zones.
    /// </summary>
    public void AddDetection(HubNetwork hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        Sentinel = new SentinelOnboardingState(Child("sentinel"), new SentinelOnboardingStateArgs
        {
            SentinelOnboardingStateName = "default", // the only name the API supports (3.28.0 .d.ts)
            ResourceGroupName = GroupName,
            WorkspaceName = Workspace.Name,
        }, Options());

        // PrivateOnly: from the linked networks only the scope's resources are reachable, for ingestion and
        // query alike (Learn: azure-monitor/logs/private-link-design, "access modes"). The workspace is the only
        // Azure Monitor resource the estate has, and it is in the scope.
        PrivateLinkScope = new PrivateLinkScope(Child("ampls"), new PrivateLinkScopeArgs
        {
            ScopeName = Context.Names.Network("ampls", "monitor"),
            ResourceGroupName = GroupName,
            Location = "Global",
            AccessModeSettings = new MonIn.AccessModeSettingsArgs { IngestionAccessMode = "PrivateOnly", QueryAccessMode = "PrivateOnly" },
            Tags = Tags(DataClassification.Internal),
        }, Options());
        _ = new PrivateLinkScopedResource(Child("ampls-log"), new PrivateLinkScopedResourceArgs
        {
            Name = $"scoped-{Context.Names.LogAnalyticsWorkspace()}",
            ScopeName = PrivateLinkScope.Name,
            ResourceGroupName = GroupName,
            LinkedResourceId = Workspace.Id,
        }, Options());
        hub.PrivateEndpoint(this, "ampls", PrivateLinkScope.Id, "azuremonitor", preferredSpoke: "shared");

        if (Estate.Deployment.Role == StackRole.Primary && Estate.Identity.PrivilegedAccess.BreakGlass.Count > 0)
            WatchBreakGlass(Estate.Identity.PrivilegedAccess.BreakGlass);
    }

    /// <summary>
    /// Break-glass accounts are exempt from expiry (docs/adr/0016) and watched instead: the tenant's Entra
    /// sign-in logs go to the workspace, and any sign-in of one of the accounts raises a severity-0 alert to
    /// the security contact within five minutes. The Entra diagnostic setting is a tenant resource
    /// (microsoft.aadiam); the identity that runs `pulumi up` needs Security Administrator in Entra for it
    /// (Learn: entra/identity/monitoring-health/howto-integrate-activity-logs-with-azure-monitor-logs).
    /// </summary>
    private void WatchBreakGlass(IReadOnlyList<Guid> accounts)
    {
        var signIns = new EntraDiagnosticSetting(Child("entra-signins"), new EntraDiagnosticSettingArgs
        {
            Name = $"signins-to-{Context.Names.LogAnalyticsWorkspace()}",
            WorkspaceId = Workspace.Id,
            Logs = [new AadIn.LogSettingsArgs { Category = "SignInLogs", Enabled = true }, new AadIn.LogSettingsArgs { Category = "AuditLogs", Enabled = true }],
        }, Options());

        var ids = string.Join(", ", accounts.Select(a => $"\"{a.ToString().ToLower(CultureInfo.InvariantCulture)}\""));
        _ = new ScheduledQueryRule(Child("alert-break-glass"), new ScheduledQueryRuleArgs
        {
            RuleName = Context.Names.Network("alert", "break-glass"),
            ResourceGroupName = GroupName,
            Location = Location,
            Kind = "LogAlert",
            Enabled = true,
            Severity = 0,
            Description = "A break-glass account signed in: confirm the emergency with the security contact, or treat it as a compromise.",
            Scopes = [Workspace.Id],
            EvaluationFrequency = "PT5M",
            WindowSize = "PT5M",
            Criteria = new MonIn.ScheduledQueryRuleCriteriaArgs
            {
                AllOf =
                [
                    new MonIn.ConditionArgs
                    {
                        Query = $"SigninLogs | where UserId in~ ({ids})",
                        TimeAggregation = "Count",
                        Operator = "GreaterThan",
                        Threshold = 0,
                        FailingPeriods = new MonIn.ConditionFailingPeriodsArgs { NumberOfEvaluationPeriods = 1, MinFailingPeriodsToAlert = 1 },
                    },
                ],
            },
            Actions = new MonIn.ActionsArgs { ActionGroups = [SecurityActionGroup!.Id] },
            Tags = Tags(DataClassification.Internal),
        }, Options(dependsOn: [signIns]));
    }
}
