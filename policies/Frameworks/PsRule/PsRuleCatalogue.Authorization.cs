namespace Oic.Infra.Policies.Frameworks.PsRule;

public static partial class PsRuleCatalogue
{
    private const string RoleAssignmentType = "azure-native:authorization:RoleAssignment";

    /// <summary>
    /// PSRule for Azure's rules on the Authorization types we declare. They run on an export of the
    /// subscription (<c>Azure.Subscription.Rule.ps1</c>), not on templates (docs/research/issue-16-coverage.md §1g).
    /// </summary>
    internal static readonly IReadOnlyList<PsRuleCheck> Authorization =
    [
        new("Azure.RBAC.UseGroups", RoleAssignmentType, PsRuleAnswer.Rule, "iam-assign-to-groups"),
        new("Azure.RBAC.LimitOwner", RoleAssignmentType, PsRuleAnswer.Rule, "iam-no-user-owner-sub"),
        new("Azure.RBAC.UseRGDelegation", RoleAssignmentType, PsRuleAnswer.ByDesign,
            "Storage Blob Data roles are assigned on each storage account on purpose (least privilege per document store, stacks/Components/DocumentStorage.cs), which this rule, counting resource-scoped assignments, would flag."),
        new("Azure.RBAC.PIM", RoleAssignmentType, PsRuleAnswer.NeedsLiveData,
            "Looks for the MS-PIM service principal's assignment in an export of the subscription's assignments; the stacks declare PIM eligibility (PimRoleEligibilitySchedule) but the service principal is Azure's."),
        new("Azure.RBAC.LimitMGDelegation", RoleAssignmentType, PsRuleAnswer.NeedsLiveData,
            "Counts assignments inherited from management groups, which no stack declares."),
        new("Azure.RBAC.CoAdministrator", RoleAssignmentType, PsRuleAnswer.NeedsLiveData,
            "Classic co-administrators exist only in the subscription itself; no resource declares them."),
    ];
}
