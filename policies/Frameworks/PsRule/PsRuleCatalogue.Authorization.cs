namespace Oic.Infra.Policies.Frameworks.PsRule;

public static partial class PsRuleCatalogue
{
    private const string RoleAssignmentType = "azure-native:authorization:RoleAssignment";
    private const string PolicyAssignmentType = "azure-native:authorization:PolicyAssignment";

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

        // Azure Policy (Azure/PSRule.Rules.Azure src/PSRule.Rules.Azure/rules/Azure.Policy.Rule.ps1 at
        // 84e8c4893d386117d208240cf9987ab9ab1fdbd4, Azure.Policy.Rule.yaml at f7d9f69243ff137451dc3c9c1ee7b62c2bd07ced):
        // the assignments of the built-in catalogue (stacks/Components/Monitoring.Guardrails.cs, ADR 0020).
        new("Azure.Policy.AssignmentDescriptors", PolicyAssignmentType, PsRuleAnswer.ByDesign,
            "Every assignment sets displayName 'Definition name (rule id)' and description 'Assigned by oic-gs-infra for rule {id}; {effect}. Source: {definition file}' (Monitoring.Guardrails); azure-policy-assigned does not read them, so no rule of ours checks foreign assignments."),
        new("Azure.Policy.AssignmentAssignedBy", PolicyAssignmentType, PsRuleAnswer.ByDesign,
            "Met by the stacks, checked by no rule of ours: every assignment sets metadata.assignedBy to 'oic-gs-infra' (stacks/Components/Monitoring.Guardrails.cs); a PSRule run on the program passes it."),
        // Azure.Policy.Descriptors (definitions), ExemptionDescriptors and WaiverExpiry (exemptions) read types no stack
        // declares: the stacks assign built-in definitions and declare no Azure Policy exemption.
    ];
}
