using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Monitor;
using Oic.Infra.Resources.AzureNative.OperationalInsights;
using MonIn = Oic.Infra.Resources.AzureNative.Monitor.Inputs;
using LogIn = Oic.Infra.Resources.AzureNative.OperationalInsights.Inputs;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// The region's Log Analytics workspace and the diagnostic settings that send every watched
/// resource's logs and metrics to it (firewall, gateway, bastion, key vault, document stores, vault).
/// </summary>
public sealed class Monitoring : Component
{
    public Monitoring(StackContext context)
        : base(context, "monitoring", ContinuityService.Monitoring, "log analytics and diagnostic settings")
    {
        Workspace = new Workspace(Child("log"), new WorkspaceArgs
        {
            WorkspaceName = context.Names.LogAnalyticsWorkspace(),
            ResourceGroupName = GroupName,
            Location = Location,
            Sku = new LogIn.WorkspaceSkuArgs { Name = "PerGB2018" },
            RetentionInDays = Estate.Deployment.ProtectStateful ? 365 : 30,
            Features = new LogIn.WorkspaceFeaturesArgs { DisableLocalAuth = true },
            Tags = Tags(DataClassification.Confidential),
        }, Options(stateful: true));
    }

    public Workspace Workspace { get; }

    /// <summary>Sends all logs and metrics of <paramref name="target"/> to the workspace.</summary>
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
}
