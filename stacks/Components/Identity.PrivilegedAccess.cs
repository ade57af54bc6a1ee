using System.Globalization;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Authorization;
using static Oic.Infra.Stacks.Components.Untyped;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// Privileged access (issue 12, docs/adr/0016): eligibilities that lapse, and the PIM role settings of Owner
/// and User Access Administrator at the subscription — MFA, a justification and an approver's yes on every
/// activation, activations that end, eligibilities that expire, and no permanent active assignment except
/// the break-glass accounts.
/// </summary>
public sealed partial class Identity
{
    private static readonly PropertyValue.List AllOperations = new([Text("All")]);

    private string EligibilityDuration =>
        $"P{Estate.Identity.PrivilegedAccess.EligibilityDays.ToString(CultureInfo.InvariantCulture)}D";

    /// <summary>
    /// The role management policies of Owner and User Access Administrator at the subscription, in the primary
    /// stack only (the DR stack shares the subscription; two owners would undo each other). Azure holds one
    /// policy per role and scope already and supports no create or delete: the provider's custom resource reads
    /// it, patches the rules we name and restores them when the resource goes (pulumi-azure-native
    /// provider/pkg/resources/customresources/custom_pim.go, PR #3663). Its name must be the existing policy's
    /// GUID, which no input can derive, so it comes from config (<c>identity.privilegedAccess.roleManagementPolicies</c>).
    /// Without it no policy is declared, and the rule <c>pim-role-policy</c> reports the gap.
    /// </summary>
    public void GovernPrivilegedRoles()
    {
        if (Estate.Deployment.Role != StackRole.Primary) return;
        var access = Estate.Identity.PrivilegedAccess;
        if (access.OwnerPolicy is { } owner) RolePolicy("owner", owner, BuiltInRoles.Owner, access);
        if (access.UserAccessAdministratorPolicy is { } uaa) RolePolicy("uaa", uaa, BuiltInRoles.UserAccessAdministrator, access);
    }

    private void RolePolicy(string suffix, Guid policy, Guid role, PrivilegedAccess access)
    {
        var scope = Context.SubscriptionScope;
        var hours = access.ActivationHours.ToString(CultureInfo.InvariantCulture);
        var approvers = new PropertyValue.List([.. access.Approvers.Select(a =>
            Map(("id", Text(Group(a))), ("userType", Text("Group")), ("description", Text(a)), ("isBackup", new PropertyValue.Bool(false))))]);
        var breakGlass = new PropertyValue.List([.. access.BreakGlass.Select(b =>
            Map(("id", Text(b.ToString())), ("userType", Text("User")), ("description", Text("break-glass account")), ("isBackup", new PropertyValue.Bool(false))))]);

        // Rule ids and targets as Learn's Update-AzRoleManagementPolicy example and the PIM REST sample name them;
        // the ids other than Expiration_Admin_Eligibility were not confirmed on an ARM page (docs/research/issue-12-azure-policy.md §3).
        var created = new RoleManagementPolicy(Child($"pim-policy-{suffix}"), new RoleManagementPolicyArgs
        {
            RoleManagementPolicyName = policy.ToString(),
            Scope = scope,
            Rules =
            [
                // An activation lasts at most the configured hours (Learn: 1 to 24).
                Map(("id", Text("Expiration_EndUser_Assignment")), ("ruleType", Text("RoleManagementPolicyExpirationRule")),
                    ("isExpirationRequired", new PropertyValue.Bool(true)), ("maximumDuration", Text($"PT{hours}H")),
                    ("target", Target("EndUser", "Assignment"))),
                // Activating needs multi-factor authentication and a justification.
                Map(("id", Text("Enablement_EndUser_Assignment")), ("ruleType", Text("RoleManagementPolicyEnablementRule")),
                    ("enabledRules", Texts(["MultiFactorAuthentication", "Justification"])),
                    ("target", Target("EndUser", "Assignment"))),
                // ... and an approver's yes (any one of the configured groups' members; no escalation).
                Map(("id", Text("Approval_EndUser_Assignment")), ("ruleType", Text("RoleManagementPolicyApprovalRule")),
                    ("setting", Map(
                        ("isApprovalRequired", new PropertyValue.Bool(true)),
                        ("isApprovalRequiredForExtension", new PropertyValue.Bool(false)),
                        ("isRequestorJustificationRequired", new PropertyValue.Bool(true)),
                        ("approvalMode", Text("SingleStage")),
                        ("approvalStages", new PropertyValue.List(
                        [
                            Map(("approvalStageTimeOutInDays", new PropertyValue.Num(1)), ("isApproverJustificationRequired", new PropertyValue.Bool(true)),
                                ("escalationTimeInMinutes", new PropertyValue.Num(0)), ("isEscalationEnabled", new PropertyValue.Bool(false)),
                                ("primaryApprovers", approvers)),
                        ])))),
                    ("target", Target("EndUser", "Assignment"))),
                // Eligibility expires: no permanent eligible assignment.
                Map(("id", Text("Expiration_Admin_Eligibility")), ("ruleType", Text("RoleManagementPolicyExpirationRule")),
                    ("isExpirationRequired", new PropertyValue.Bool(true)), ("maximumDuration", Text(EligibilityDuration)),
                    ("target", Target("Admin", "Eligibility"))),
                // Active assignments expire too, except the break-glass accounts ("the members not restricted by
                // expiration rule", 3.28.0 .d.ts of exceptionMembers; whether ARM honours it for Azure resource
                // roles is not confirmed on Learn).
                Map(("id", Text("Expiration_Admin_Assignment")), ("ruleType", Text("RoleManagementPolicyExpirationRule")),
                    ("isExpirationRequired", new PropertyValue.Bool(true)), ("maximumDuration", Text("P15D")),
                    ("exceptionMembers", breakGlass),
                    ("target", Target("Admin", "Assignment"))),
            ],
        }, Options());

        // Which role the policy governs is not a property of the policy: Azure links them by this assignment
        // (name "{policy}_{role}", 3.28.0 .d.ts). It already exists and the service cannot delete it
        // (Azure/azure-rest-api-specs#24351), so it is retained on delete; declaring it records the link in
        // the program, where the rule pim-role-policy reads it. That ARM accepts a PUT of the existing
        // assignment unchanged is expected (PUT is idempotent) but not confirmed on Learn.
        _ = new RoleManagementPolicyAssignment(Child($"pim-policy-{suffix}-role"), new RoleManagementPolicyAssignmentArgs
        {
            RoleManagementPolicyAssignmentName = $"{policy}_{role}",
            Scope = scope,
            PolicyId = created.Id,
            RoleDefinitionId = Context.RoleDefinitionId(role),
        }, Options() with { RetainOnDelete = true });
    }

    private static PropertyValue.Map Target(string caller, string level) =>
        Map(("caller", Text(caller)), ("level", Text(level)), ("operations", AllOperations));
}
