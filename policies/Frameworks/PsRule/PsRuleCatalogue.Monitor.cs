namespace Oic.Infra.Policies.Frameworks.PsRule;

public static partial class PsRuleCatalogue
{
    private const string WorkspaceType = "azure-native:operationalinsights:Workspace";

    /// <summary>
    /// PSRule for Azure's rules on the Monitor and Log Analytics types we declare: <c>Azure.Log.Rule.yaml</c>,
    /// <c>Azure.Subscription.Rule.ps1</c> (docs/research/issue-16-coverage.md §1h).
    /// </summary>
    internal static readonly IReadOnlyList<PsRuleCheck> Monitor =
    [
        new("Azure.Monitor.ServiceHealth", "azure-native:monitor:ActivityLogAlert", PsRuleAnswer.Rule, "service-health-alert"),
        new("Azure.Log.Replication", WorkspaceType, PsRuleAnswer.ByDesign,
            "Workspace replication (properties.replication) is not in azure-native 3.28.0: its Workspace uses API 2023-09-01, which has no replication property (operationalinsights/workspace.d.ts). The DR region has its own workspace instead (dr-pilot-light); revisit when the pinned API has replication."),
        new("Azure.Log.ReplicaLocation", WorkspaceType, PsRuleAnswer.NotApplicable,
            "Judges the replica's region; no workspace declares replication (see Azure.Log.Replication)."),
    ];
}
