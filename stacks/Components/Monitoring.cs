using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Monitor;
using Oic.Infra.Resources.AzureNative.Network;
using Oic.Infra.Resources.AzureNative.OperationalInsights;
using Oic.Infra.Resources.AzureNative.Storage;
using MonIn = Oic.Infra.Resources.AzureNative.Monitor.Inputs;
using LogIn = Oic.Infra.Resources.AzureNative.OperationalInsights.Inputs;
using NetIn = Oic.Infra.Resources.AzureNative.Network.Inputs;
using StIn = Oic.Infra.Resources.AzureNative.Storage.Inputs;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// The region's eyes: the Log Analytics workspace, the diagnostic settings that feed it, the
/// region's Network Watcher with VNet flow logs and traffic analytics, the subscription activity
/// log, and — in the primary stack, which owns subscription-wide settings — activity-log alerts to
/// the security contact and Microsoft Defender plans.
/// </summary>
public sealed partial class Monitoring : Component
{
    /// <summary>Administrative operations whose every change the security contact hears about (CIS 6.2).</summary>
    private static readonly (string Key, string Operation)[] AlertedOperations =
    [
        ("policy-write", "Microsoft.Authorization/policyAssignments/write"),
        ("policy-delete", "Microsoft.Authorization/policyAssignments/delete"),
        ("nsg-write", "Microsoft.Network/networkSecurityGroups/write"),
        ("nsg-delete", "Microsoft.Network/networkSecurityGroups/delete"),
        ("nsg-rule-write", "Microsoft.Network/networkSecurityGroups/securityRules/write"),
        ("pip-write", "Microsoft.Network/publicIPAddresses/write"),
        ("pip-delete", "Microsoft.Network/publicIPAddresses/delete"),
        ("security-solution-write", "Microsoft.Security/securitySolutions/write"),
        ("security-solution-delete", "Microsoft.Security/securitySolutions/delete"),
    ];

    private static readonly string[] ActivityLogCategories =
        ["Administrative", "Security", "Policy", "Alert", "ServiceHealth", "ResourceHealth", "Recommendation", "Autoscale"];

    public Monitoring(StackContext context)
        : base(context, "monitoring", ContinuityService.Monitoring, "log analytics, diagnostics, flow logs, activity log")
    {
        var retention = Estate.Deployment.ProtectStateful ? 365 : 30;
        Workspace = new Workspace(Child("log"), new WorkspaceArgs
        {
            WorkspaceName = context.Names.LogAnalyticsWorkspace(),
            ResourceGroupName = GroupName,
            Location = Location,
            Sku = new LogIn.WorkspaceSkuArgs { Name = "PerGB2018" },
            RetentionInDays = retention,
            Features = new LogIn.WorkspaceFeaturesArgs { DisableLocalAuth = true },
            Tags = Tags(DataClassification.Confidential),
        }, Options(stateful: true));

        // Created before any VNet, so Azure does not create its own watcher in NetworkWatcherRG.
        Watcher = new NetworkWatcher(Child("nw"), new NetworkWatcherArgs
        {
            NetworkWatcherName = $"NetworkWatcher_{context.Region.Location}",
            ResourceGroupName = GroupName,
            Location = Location,
            Tags = Tags(DataClassification.Internal),
        }, Options());

        _ = new SubscriptionDiagnosticSetting(Child("activity-log"), new SubscriptionDiagnosticSettingArgs
        {
            Name = $"activity-to-{context.Names.LogAnalyticsWorkspace()}",
            WorkspaceId = Workspace.Id,
            Logs = ActivityLogCategories.Select(c => new MonIn.SubscriptionLogSettingsArgs { Category = c, Enabled = true }).ToArray(),
        }, Options());

        if (Estate.Deployment.Role == StackRole.Primary) SubscriptionSecurity(context);
    }

    public Workspace Workspace { get; }
    public NetworkWatcher Watcher { get; }

    /// <summary>Sends all logs (and metrics, where the resource has them) of a resource to the workspace.</summary>
    public DiagnosticSetting Watch(string suffix, Input<string> resourceUri, bool metrics = true) =>
        new(Child($"diag-{suffix}"), new DiagnosticSettingArgs
        {
            Name = "to-log-analytics",
            ResourceUri = resourceUri,
            WorkspaceId = Workspace.Id,
            LogAnalyticsDestinationType = "Dedicated",
            Logs = [new MonIn.DiagnosticsLogSettingsArgs { CategoryGroup = "allLogs", Enabled = true }],
            Metrics = metrics ? [new MonIn.DiagnosticsMetricSettingsArgs { Category = "AllMetrics", Enabled = true }] : null,
        }, Options());

    /// <summary>
    /// VNet flow logs (NSG flow logs are retired) for every VNet, kept in a private, hardened log
    /// account and analysed by traffic analytics in the workspace.
    /// </summary>
    public void AddFlowLogs(HubNetwork hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var account = HardenedStorage.Account(this, "st-flowlogs", Context.Names.LogStorageAccount(),
            Context.Region.Azure.HasZones ? "Standard_ZRS" : "Standard_LRS", DataClassification.Internal);
        _ = new BlobServiceProperties(Child("st-flowlogs-blob"), new BlobServicePropertiesArgs
        {
            AccountName = account.Name,
            ResourceGroupName = GroupName,
            BlobServicesName = "default",
            IsVersioningEnabled = true,
            DeleteRetentionPolicy = new StIn.DeleteRetentionPolicyArgs { Enabled = true, Days = 7 },
            ContainerDeleteRetentionPolicy = new StIn.DeleteRetentionPolicyArgs { Enabled = true, Days = 7 },
        }, Options());
        hub.PrivateEndpoint(this, "st-flowlogs", account.Id, "blob", preferredSpoke: "shared");
        Watch("st-flowlogs-blob", Output.Format($"{account.Id}/blobServices/default"));

        var days = Estate.Deployment.ProtectStateful ? 365 : 90;
        foreach (var vnet in hub.Vnets)
            _ = new FlowLog(Child($"flowlog-{vnet.LogicalName}"), new FlowLogArgs
            {
                FlowLogName = $"fl-{vnet.LogicalName}",
                NetworkWatcherName = Watcher.Name,
                ResourceGroupName = GroupName,
                Location = Location,
                TargetResourceId = vnet.Id,
                StorageId = account.Id,
                Enabled = true,
                Format = new NetIn.FlowLogFormatParametersArgs { Type = "JSON", Version = 2 },
                RetentionPolicy = new NetIn.RetentionPolicyParametersArgs { Enabled = true, Days = days },
                FlowAnalyticsConfiguration = new NetIn.TrafficAnalyticsPropertiesArgs
                {
                    NetworkWatcherFlowAnalyticsConfiguration = new NetIn.TrafficAnalyticsConfigurationPropertiesArgs
                    {
                        Enabled = true,
                        WorkspaceId = Workspace.CustomerId,
                        WorkspaceRegion = Context.Region.Location,
                        WorkspaceResourceId = Workspace.Id,
                        TrafficAnalyticsInterval = 10,
                    },
                },
                Tags = Tags(DataClassification.Internal),
            }, Options());
    }

    /// <summary>Subscription-wide settings, owned by the primary stack only (two owners would fight).</summary>
    private void SubscriptionSecurity(StackContext context)
    {
        var contact = Estate.SecurityContact;
        var group = new ActionGroup(Child("ag-security"), new ActionGroupArgs
        {
            ActionGroupName = context.Names.Network("ag", "security"),
            GroupShortName = "oic-sec",
            ResourceGroupName = GroupName,
            Location = "Global",
            Enabled = true,
            EmailReceivers = [new MonIn.MicrosoftCommonEmailReceiverArgs { Name = "security-contact", EmailAddress = contact, UseCommonAlertSchema = true }],
            Tags = Tags(DataClassification.Internal),
        }, Options());

        foreach (var (key, operation) in AlertedOperations)
            _ = new ActivityLogAlert(Child($"alert-{key}"), new ActivityLogAlertArgs
            {
                ActivityLogAlertName = context.Names.Network("alert", key),
                ResourceGroupName = GroupName,
                Location = "Global",
                Enabled = true,
                Description = $"Every {operation} in the subscription is reported to the security contact.",
                Scopes = [context.SubscriptionScope],
                Condition = new MonIn.AlertRuleAllOfConditionArgs
                {
                    AllOf =
                    [
                        new MonIn.AlertRuleAnyOfOrLeafConditionArgs { Field = "category", EqualsValue = "Administrative" },
                        new MonIn.AlertRuleAnyOfOrLeafConditionArgs { Field = "operationName", EqualsValue = operation },
                    ],
                },
                Actions = new MonIn.ActionListArgs { ActionGroups = [new MonIn.ActionGroupArgs { ActionGroupId = group.Id }] },
                Tags = Tags(DataClassification.Internal),
            }, Options());

        // Azure's own incidents, planned maintenance and advisories for the subscription (service-health-alert).
        _ = new ActivityLogAlert(Child("alert-service-health"), new ActivityLogAlertArgs
        {
            ActivityLogAlertName = context.Names.Network("alert", "service-health"),
            ResourceGroupName = GroupName,
            Location = "Global",
            Enabled = true,
            Description = "Azure service incidents, planned maintenance and health advisories in the subscription are reported to the security contact.",
            Scopes = [context.SubscriptionScope],
            Condition = new MonIn.AlertRuleAllOfConditionArgs
            {
                AllOf = [new MonIn.AlertRuleAnyOfOrLeafConditionArgs { Field = "category", EqualsValue = "ServiceHealth" }],
            },
            Actions = new MonIn.ActionListArgs { ActionGroups = [new MonIn.ActionGroupArgs { ActionGroupId = group.Id }] },
            Tags = Tags(DataClassification.Internal),
        }, Options());

        SecurityActionGroup = group;
        Defender(context);
        AssignPolicies(context);
        DeclareBudget(context);
    }
}
