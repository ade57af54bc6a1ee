using System.Xml;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Authorization;

/// <summary>
/// Privileged Identity Management (Microsoft.Authorization role management policies and eligibility schedules):
/// privileged roles are held for a limited time and used only after MFA, a reason and an approver's yes; the
/// break-glass accounts exempt from that are watched (docs/adr/0016).
/// </summary>
public static class PimRules
{
    /// <summary>Our bar for an activation (Azure allows 1 to 24 hours; Learn: pim-resource-roles-configure-role-settings).</summary>
    public static readonly TimeSpan MaximumActivation = TimeSpan.FromHours(8);

    /// <summary>Our bar for an eligibility before it is renewed through review (Learn documents no maximum; docs/adr/0016).</summary>
    public static readonly TimeSpan MaximumEligibility = TimeSpan.FromDays(365);

    private static readonly (string Guid, string Name)[] GovernedRoles =
    [
        (RoleRules.OwnerRole, "Owner"),
        (RoleRules.UserAccessAdministratorRole, "User Access Administrator"),
    ];

    public static readonly StackRule RolePolicy = new("pim-role-policy",
        "Owner and User Access Administrator activations need MFA, a justification and an approver, last at most 8 hours, and their eligibilities expire",
        "An eligible Owner whose activation needs nothing but a click is a standing Owner with one more step; a stolen session activates it unseen. MFA, a stated reason and a second person's approval make each use of the estate's keys deliberate and recorded.",
        Severity.High, ["MCSB:PA-1", "MCSB:PA-2", "MCSB:IM-6"],
        JudgeRolePolicies)
    {
        Reads = PropertyPaths.On(RoleManagementPolicy, "rules[].enabledRules", "rules[].id", "rules[].isExpirationRequired", "rules[].maximumDuration",
                "rules[].ruleType", "rules[].setting.approvalStages[].primaryApprovers[].id", "rules[].setting.isApprovalRequired",
                "rules[].setting.isRequestorJustificationRequired", "rules[].target.caller", "rules[].target.level", "scope")
            .And(RoleManagementPolicyAssignment, "policyId", "roleDefinitionId", "scope")
            .And(ResourceGroup, "tags.estate-role"),
    };

    private static IEnumerable<(PolicyResource, Outcome)> JudgeRolePolicies(ResourceSet set)
    {
        // Which role a policy governs is not a property of the policy: Azure links them by an assignment.
        var governed = new Dictionary<string, PolicyResource>(StringComparer.Ordinal);
        var pending = false;
        foreach (var assignment in set.OfType(RoleManagementPolicyAssignment))
        {
            var role = assignment.Get("roleDefinitionId");
            var policyRef = assignment.Get("policyId");
            var policy = set.Resolve(policyRef) is ({ Type: RoleManagementPolicy } p, "") ? p
                : set.OfType(RoleManagementPolicy).FirstOrDefault(p => policyRef.Text is { } text && p.Id is { } id && string.Equals(text.TrimEnd('/'), id, StringComparison.OrdinalIgnoreCase));
            if (role.IsUnknown || policy is null) { pending |= role.IsUnknown || policyRef.IsUnknown; continue; }
            var text = LastPart(role);
            foreach (var (guid, name) in GovernedRoles)
                if (text is not null && text.EndsWith(guid, StringComparison.OrdinalIgnoreCase) && AtSubscription(assignment.Get("scope")) != false)
                    governed[name] = policy;
        }
        foreach (var policy in set.OfType(RoleManagementPolicy))
            yield return (policy, JudgePolicy(policy));
        var missing = GovernedRoles.Select(r => r.Name).Where(n => !governed.ContainsKey(n)).ToList();
        if (missing.Count > 0 && !SubscriptionOwner.OwnedByPrimaryStack(set))
            yield return (set.Root, pending
                ? Outcome.Unknown("a role management policy assignment's role or policy is not known until deployment")
                : Outcome.Fail($"no role management policy (with its policy assignment naming the role) governs {string.Join(" and ", missing)} at the subscription; set identity.privilegedAccess.roleManagementPolicies"));
    }

    private static string? LastPart(Lookup value) => value.Value switch
    {
        PropertyValue.Interpolation { Parts: [.., PropertyValue.Str last] } => last.Value,
        _ => value.Text,
    };

    private static bool? AtSubscription(Lookup scope) =>
        scope.IsUnknown || scope.Reference is not null || scope.Value is PropertyValue.Interpolation ? null
        : scope.Text is { } text ? text.TrimEnd('/').Split('/', StringSplitOptions.RemoveEmptyEntries) is ["subscriptions", _] : false;

    /// <summary>The rule of <paramref name="ruleType"/> whose target is <paramref name="caller"/>/<paramref name="level"/>.</summary>
    private static Lookup? RuleOf(PolicyResource policy, string id) =>
        policy.Get("rules").Items.Where(r => string.Equals(r.Get("id").Text, id, StringComparison.OrdinalIgnoreCase)).Select(r => (Lookup?)r).FirstOrDefault();

    private static Outcome JudgePolicy(PolicyResource policy)
    {
        var rules = policy.Get("rules");
        if (rules.IsUnknown) return Check.Unknown("rules");
        var findings = new List<string>();

        // Rule ids as Learn's Update-AzRoleManagementPolicy example and the PIM REST sample name them (docs/research/issue-12-azure-policy.md §3).
        if (RuleOf(policy, "Enablement_EndUser_Assignment") is not { } enablement)
            findings.Add("rules has no Enablement_EndUser_Assignment; activation must require MultiFactorAuthentication and Justification");
        else
        {
            var enabled = enablement.Get("enabledRules").Texts;
            foreach (var need in new[] { "MultiFactorAuthentication", "Justification" })
                if (!enabled.Contains(need, StringComparer.OrdinalIgnoreCase))
                    findings.Add($"Enablement_EndUser_Assignment.enabledRules lacks {need}");
        }

        if (RuleOf(policy, "Approval_EndUser_Assignment") is not { } approval)
            findings.Add("rules has no Approval_EndUser_Assignment; activation must require approval");
        else
        {
            if (approval.Get("setting.isApprovalRequired").Bool != true)
                findings.Add("Approval_EndUser_Assignment.setting.isApprovalRequired is not true");
            var approvers = approval.Get("setting.approvalStages").Items.SelectMany(s => s.Get("primaryApprovers").Items).ToList();
            if (approvers.Count == 0 || approvers.All(a => a.Get("id").IsMissing))
                findings.Add("Approval_EndUser_Assignment has no primaryApprovers; Azure has no default approver");
        }

        findings.AddRange(Expiry(policy, "Expiration_EndUser_Assignment", "an activation", MaximumActivation));
        findings.AddRange(Expiry(policy, "Expiration_Admin_Eligibility", "an eligibility", MaximumEligibility));
        return findings.Count == 0 ? Outcome.Pass : Outcome.Fail([.. findings]);
    }

    private static IEnumerable<string> Expiry(PolicyResource policy, string id, string what, TimeSpan maximum)
    {
        if (RuleOf(policy, id) is not { } rule)
        {
            yield return $"rules has no {id}; {what} must expire within {Iso(maximum)}";
            yield break;
        }
        if (rule.Get("isExpirationRequired").Bool != true)
            yield return $"{id}.isExpirationRequired is not true; {what} must expire";
        var duration = rule.Get("maximumDuration");
        if (duration.IsUnknown) yield break;
        if (Parse(duration.Text) is not { } span)
            yield return $"{id}.maximumDuration is '{duration.Text}', not an ISO 8601 duration";
        else if (span > maximum)
            yield return $"{id}.maximumDuration is {duration.Text}; must be at most {Iso(maximum)}";
    }

    private static TimeSpan? Parse(string? iso)
    {
        if (string.IsNullOrWhiteSpace(iso)) return null;
        try
        {
            return XmlConvert.ToTimeSpan(iso.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static string Iso(TimeSpan span) => span.TotalDays >= 1 ? $"P{span.TotalDays:0}D" : $"PT{span.TotalHours:0}H";

    public static readonly ResourceRule EligibilityExpires = new("pim-eligibility-expires",
        "PIM eligibilities expire within a year",
        "An eligibility that never expires outlives the job it was granted for; an expiry makes each privileged role come back through review to be renewed.",
        Severity.Medium, ["MCSB:PA-2", "MCSB:PA-1"], [PimRoleEligibilitySchedule],
        (r, _) =>
        {
            var expiration = r.Get("scheduleInfo.expiration");
            if (expiration.IsUnknown) return Check.Unknown("scheduleInfo.expiration");
            var type = r.Get("scheduleInfo.expiration.type");
            if (type.IsUnknown) return Check.Unknown("scheduleInfo.expiration.type");
            // No documented default makes an unset expiration lapse, so unset fails (ADR 0011).
            switch (type.Text)
            {
                case { } t when t.Equals("AfterDuration", StringComparison.OrdinalIgnoreCase):
                    var duration = r.Get("scheduleInfo.expiration.duration");
                    if (duration.IsUnknown) return Check.Unknown("scheduleInfo.expiration.duration");
                    return Parse(duration.Text) is { } span
                        ? Outcome.When(span <= MaximumEligibility, $"scheduleInfo.expiration.duration is {duration.Text}; must be at most {Iso(MaximumEligibility)}")
                        : Outcome.Fail($"scheduleInfo.expiration.duration is '{duration.Text}'; must be an ISO 8601 duration of at most {Iso(MaximumEligibility)}");
                case { } t when t.Equals("AfterDateTime", StringComparison.OrdinalIgnoreCase):
                    return Check.Present(r, "scheduleInfo.expiration.endDateTime", "an eligibility of type AfterDateTime needs its end");
                default:
                    return Outcome.Fail(type.IsMissing
                        ? "scheduleInfo.expiration.type is not set; must be AfterDuration (at most P365D) or AfterDateTime"
                        : $"scheduleInfo.expiration.type is '{type.Text}'; must be AfterDuration (at most P365D) or AfterDateTime");
            }
        })
    {
        Reads = PropertyPaths.On(PimRoleEligibilitySchedule, "scheduleInfo.expiration.duration", "scheduleInfo.expiration.endDateTime", "scheduleInfo.expiration.type"),
    };

    public static readonly StackRule BreakGlassMonitored = new("pim-break-glass-monitored",
        "Every break-glass account exempt from PIM expiry is watched: its sign-ins reach Log Analytics and raise an alert",
        "Emergency accounts bypass the approvals that guard every other privileged use; a sign-in with one must be an emergency someone already knows about, or a compromise found within minutes.",
        Severity.High, ["MCSB:PA-5", "MCSB:LT-1"],
        JudgeBreakGlass)
    {
        Reads = PropertyPaths.On(RoleManagementPolicy, "rules[].exceptionMembers[].id")
            .And(ScheduledQueryRule, "actions.actionGroups", "criteria.allOf[].query", "enabled")
            .And(EntraDiagnosticSetting, "logs[].category", "logs[].enabled", "workspaceId"),
    };

    private static IEnumerable<(PolicyResource, Outcome)> JudgeBreakGlass(ResourceSet set)
    {
        var signInsExported = set.OfType(EntraDiagnosticSetting).Any(s =>
            !s.Get("workspaceId").IsMissing &&
            s.Get("logs").Items.Any(l => string.Equals(l.Get("category").Text, "SignInLogs", StringComparison.OrdinalIgnoreCase) && l.Get("enabled").Bool == true));
        var alerts = set.OfType(ScheduledQueryRule)
            .Where(a => a.Get("enabled").Bool != false && a.Get("actions.actionGroups").Items.Count > 0)
            .Select(a => string.Join("\n", a.Get("criteria.allOf").Items.Select(c => c.Get("query").Text ?? "")))
            .ToList();
        foreach (var policy in set.OfType(RoleManagementPolicy))
        {
            var members = policy.Get("rules").Items.SelectMany(r => r.Get("exceptionMembers").Items).Select(m => m.Get("id")).ToList();
            if (members.Count == 0) continue;
            if (members.Any(m => m.IsUnknown)) { yield return (policy, Check.Unknown("rules[].exceptionMembers[].id")); continue; }
            var findings = new List<string>();
            if (!signInsExported)
                findings.Add("no azure-native:aadiam:DiagnosticSetting sends the Entra SignInLogs to a workspace, so no sign-in of a break-glass account can be seen");
            foreach (var id in members.Select(m => m.Text).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
                if (!alerts.Any(q => q.Contains(id, StringComparison.OrdinalIgnoreCase)))
                    findings.Add($"the break-glass account {id} is exempt from expiry but no enabled scheduled query alert with an action group names it");
            yield return (policy, findings.Count == 0 ? Outcome.Pass : Outcome.Fail([.. findings]));
        }
    }
}
