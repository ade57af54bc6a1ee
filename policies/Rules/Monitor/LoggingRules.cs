using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Monitor;

/// <summary>Log Analytics, diagnostic settings and the activity log (CIS Azure Foundations v3.0 section 6); Defender is in Rules/Security.</summary>
public static class LoggingRules
{
    public static readonly ResourceRule WorkspaceRetention = new("law-retention",
        "Log Analytics workspaces keep logs for at least 90 days (365 for confidential workspaces)",
        "An intrusion is often found weeks after it started; logs that have already expired cannot show how the attacker got in or what was read.",
        Severity.Medium, ["MCSB:LT-6"], [Workspace],
        (r, _) =>
        {
            var classification = r.Get("tags").Get("data-classification");
            if (classification.IsUnknown)
            {
                // The threshold is not known yet: 365 days satisfies either; below that, wait.
                var days = r.Get("retentionInDays");
                if (days.IsUnknown) return Check.Unknown("retentionInDays");
                return days.Number >= 365 ? Outcome.Pass : Check.Unknown("tags.data-classification");
            }
            var confidential = classification.Text is { } c &&
                (c.Equals("confidential", StringComparison.OrdinalIgnoreCase) || c.Equals("strictly-confidential", StringComparison.OrdinalIgnoreCase));
            var minimum = confidential ? 365 : 90;
            var outcome = Check.AtLeast(r, "retentionInDays", minimum);
            if (outcome.Kind != OutcomeKind.Fail) return outcome;
            var why = confidential ? $" (the workspace is tagged data-classification: {classification.Text})" : "";
            var missing = r.Get("retentionInDays").IsMissing ? " (the default is 30 days)" : "";
            return Outcome.Fail($"{outcome.Findings[0]}{missing}{why}");
        })
    {
        Reads = PropertyPaths.On(Workspace, "retentionInDays", "tags.data-classification"),
    };

    public static readonly ResourceRule WorkspaceLocalAuthDisabled = new("law-local-auth-disabled",
        "Log Analytics workspaces accept Entra ID only, not shared keys",
        "A workspace key lets anyone who holds it write or read logs with no identity attached; with local auth off every access is an attributable Entra ID sign-in.",
        Severity.Medium, ["MCSB:IM-1"], [Workspace],
        (r, _) => Check.Is(r, "features.disableLocalAuth", true))
    {
        Reads = PropertyPaths.On(Workspace, "features.disableLocalAuth"),
    };

    /// <summary>The resource types whose logs diag-settings-present requires (Key Vault and storage have their own rules).</summary>
    private static readonly string[] DiagnosedTypes =
        [AzureFirewall, VirtualNetworkGateway, BastionHost, NetworkSecurityGroup, PublicIPAddress, RecoveryServicesVault];

    public static readonly StackRule DiagnosticSettingsPresent = new("diag-settings-present",
        "Firewalls, gateways, Bastion, NSGs, public IPs and Recovery Services vaults send their logs to Log Analytics",
        "These are the resources an attacker goes through or tampers with; without their logs in the workspace an incident cannot be traced.",
        Severity.Medium, ["CIS-3.0:6.4", "MCSB:LT-3", "MCSB:LT-5"],
        set => DiagnosedTypes.SelectMany(set.OfType).Select(r => (r, Relations.HasDiagnostics(set, r, RequiredLogs.Any))))
    {
        Reads = PropertyPaths.On(DiagnosticSetting, "logs[].category", "logs[].categoryGroup", "logs[].enabled", "resourceUri", "workspaceId"),
    };

    /// <summary>The activity log categories CIS 6.1.2 requires to be exported.</summary>
    private static readonly string[] ActivityLogCategories = ["Administrative", "Security", "Policy", "Alert"];

    public static readonly StackRule ActivityLogToWorkspace = new("activity-log-to-law",
        "The subscription activity log (Administrative, Security, Policy, Alert) goes to Log Analytics",
        "The activity log records who changed what in the subscription; Azure keeps it only 90 days, and it cannot be queried alongside the other logs unless it is exported.",
        Severity.High, ["CIS-3.0:6.1.1", "CIS-3.0:6.1.2", "MCSB:LT-3"],
        JudgeActivityLogSettings)
    {
        Reads = PropertyPaths.On(SubscriptionDiagnosticSetting, "logs[].category", "logs[].categoryGroup", "logs[].enabled", "workspaceId"),
    };

    private static IEnumerable<(PolicyResource, Outcome)> JudgeActivityLogSettings(ResourceSet set)
    {
        var settings = set.OfType(SubscriptionDiagnosticSetting);
        if (settings.Count == 0)
        {
            yield return (set.Root, Outcome.Fail("no subscription diagnostic setting sends the activity log (Administrative, Security, Policy, Alert) to a Log Analytics workspace"));
            yield break;
        }
        // A setting that sends elsewhere (an archive storage account, an event hub) is judged only
        // when no setting sends to a workspace; otherwise it is an extra copy, not a gap.
        var toWorkspace = settings.Where(s => !s.Get("workspaceId").IsMissing).ToList();
        foreach (var setting in settings)
        {
            if (setting.Get("workspaceId").IsMissing)
            {
                if (toWorkspace.Count == 0)
                    yield return (setting, Outcome.Fail("workspaceId is not set; the activity log must go to a Log Analytics workspace"));
                continue;
            }
            yield return (setting, ActivityLogCategoriesEnabled(setting));
        }
    }

    private static Outcome ActivityLogCategoriesEnabled(PolicyResource setting)
    {
        var logs = setting.Get("logs");
        if (logs.IsUnknown) return Check.Unknown("logs");
        var enabled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = false;
        foreach (var log in logs.Items)
        {
            var on = log.Get("enabled");
            if (on.IsUnknown || log.IsUnknown) { pending = true; continue; }
            if (on.Bool != true) continue;
            if (log.Get("categoryGroup").Text is { } group && group.Equals("allLogs", StringComparison.OrdinalIgnoreCase))
                enabled.UnionWith(ActivityLogCategories);
            else if (log.Get("category").Text is { } category)
                enabled.Add(category);
        }
        var missing = ActivityLogCategories.Where(c => !enabled.Contains(c)).ToList();
        if (missing.Count == 0) return Outcome.Pass;
        if (pending) return Check.Unknown("logs[].enabled");
        return Outcome.Fail($"the activity log categories {string.Join(", ", missing)} are not enabled; enable categoryGroup allLogs or each of Administrative, Security, Policy and Alert");
    }

    /// <summary>The operations CIS 6.2 wants an activity log alert for, with the control each evidences (SQL 6.2.7/6.2.8 do not apply: the estate has no SQL).</summary>
    private static readonly (string Operation, string Control)[] AlertedOperations =
    [
        ("Microsoft.Authorization/policyAssignments/write", "CIS-3.0:6.2.1"),
        ("Microsoft.Authorization/policyAssignments/delete", "CIS-3.0:6.2.2"),
        ("Microsoft.Network/networkSecurityGroups/write", "CIS-3.0:6.2.3"),
        ("Microsoft.Network/networkSecurityGroups/delete", "CIS-3.0:6.2.4"),
        ("Microsoft.Security/securitySolutions/write", "CIS-3.0:6.2.5"),
        ("Microsoft.Security/securitySolutions/delete", "CIS-3.0:6.2.6"),
        ("Microsoft.Network/publicIPAddresses/write", "CIS-3.0:6.2.9"),
        ("Microsoft.Network/publicIPAddresses/delete", "CIS-3.0:6.2.10"),
    ];

    /// <summary>Alerts on these are judged like the required ones, but their absence is not a finding.</summary>
    private static readonly string[] OptionalAlertedOperations = ["Microsoft.Network/networkSecurityGroups/securityRules/write"];

    public static readonly StackRule ActivityLogAlerts = new("activity-log-alerts",
        "Changes to policy assignments, NSGs, security solutions and public IPs raise an alert to an action group",
        "Opening an NSG, adding a public IP or removing a policy assignment is how access gets widened; an alert tells the infrastructure team while it happens rather than at the next audit.",
        Severity.Medium, [.. AlertedOperations.Select(o => o.Control), "MCSB:LT-1"],
        JudgeActivityLogAlerts)
    {
        Reads = PropertyPaths.On(ActivityLogAlert, "actions.actionGroups[].actionGroupId", "condition.allOf[].anyOf[].containsAny", "condition.allOf[].anyOf[].equals", "condition.allOf[].anyOf[].field", "condition.allOf[].containsAny", "condition.allOf[].equals", "condition.allOf[].field", "enabled")
            .And(ResourceGroup, "tags.estate-role"),
    };

    private static IEnumerable<(PolicyResource, Outcome)> JudgeActivityLogAlerts(ResourceSet set)
    {
        var required = AlertedOperations.Select(o => o.Operation).ToList();
        var known = required.Concat(OptionalAlertedOperations).ToList();
        var mentioned = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = false;
        foreach (var alert in set.OfType(ActivityLogAlert))
        {
            var (operations, unknownOperations) = AlertOperations(alert);
            var relevant = known.Where(operations.Contains).ToList();
            if (relevant.Count == 0)
            {
                pending |= unknownOperations;
                continue; // an alert about something else: not this rule's business
            }
            mentioned.UnionWith(relevant);
            yield return (alert, AlertIsEffective(alert, relevant));
        }
        var missing = required.Where(o => !mentioned.Contains(o)).ToList();
        if (missing.Count > 0 && !SubscriptionOwner.OwnedByPrimaryStack(set))
            yield return (set.Root, pending
                ? Outcome.Unknown("an activity log alert's operationName is not known until deployment")
                : Outcome.Fail(missing.Select(o => $"no activity log alert (category Administrative, with an action group) for operationName {o} ({AlertedOperations.First(a => a.Operation == o).Control})").ToArray()));
    }

    /// <summary>The operation names an alert's <c>condition.allOf</c> matches (leaf equals/containsAny, and anyOf leaves).</summary>
    private static (HashSet<string> Operations, bool Unknown) AlertOperations(PolicyResource alert)
    {
        var operations = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var allOf = alert.Get("condition.allOf");
        var unknown = allOf.AnyUnknown;
        foreach (var leaf in allOf.Items.SelectMany(c => c.Get("anyOf").Items.Prepend(c)))
        {
            if (!string.Equals(leaf.Get("field").Text, "operationName", StringComparison.OrdinalIgnoreCase)) continue;
            unknown |= leaf.Get("equals").IsUnknown || leaf.Get("containsAny").AnyUnknown;
            if (leaf.Get("equals").Text is { } op) operations.Add(op);
            operations.UnionWith(leaf.Get("containsAny").Texts);
        }
        return (operations, unknown);
    }

    private static Outcome AlertIsEffective(PolicyResource alert, IReadOnlyList<string> operations)
    {
        var covers = string.Join(", ", operations);
        var enabled = alert.Get("enabled");
        var enabledOutcome = enabled.IsUnknown ? Check.Unknown("enabled")
            : enabled.Bool == false ? Outcome.Fail($"enabled is false, so {covers} raises no alert")
            : Outcome.Pass; // ARM's default is enabled

        var allOf = alert.Get("condition.allOf");
        var category = allOf.Items.Where(c => string.Equals(c.Get("field").Text, "category", StringComparison.OrdinalIgnoreCase))
            .Select(c => (Lookup?)c.Get("equals")).FirstOrDefault();
        var categoryOutcome = category switch
        {
            { IsUnknown: true } => Check.Unknown("condition.allOf[].equals"),
            { Text: { } text } when text.Equals("Administrative", StringComparison.OrdinalIgnoreCase) => Outcome.Pass,
            { Text: { } text } => Outcome.Fail($"condition.allOf has category '{text}'; must be Administrative"),
            _ => Outcome.Fail("condition.allOf has no category condition; must include category Administrative"),
        };

        var groups = alert.Get("actions.actionGroups");
        var groupsOutcome = groups.IsUnknown ? Check.Unknown("actions.actionGroups")
            : groups.Items.Any(g => g.Get("actionGroupId") is { IsUnknown: true } or { Text.Length: > 0 }) ? Outcome.Pass
            : Outcome.Fail($"actions.actionGroups is empty, so nobody is notified of {covers}");
        return Outcome.All(enabledOutcome, categoryOutcome, groupsOutcome);
    }

    public static readonly StackRule ServiceHealthAlert = new("service-health-alert",
        "A Service Health alert tells an action group about Azure incidents, maintenance and advisories in the subscription",
        "An Azure outage or planned maintenance in our region is the first sign that the DR plan may be needed; without an alert the team learns of it from users.",
        Severity.Medium, ["MCSB:IR-2"],
        JudgeServiceHealthAlerts)
    {
        Reads = PropertyPaths.On(ActivityLogAlert, "actions.actionGroups[].actionGroupId", "condition.allOf[].equals", "condition.allOf[].field", "enabled")
            .And(ResourceGroup, "tags.estate-role"),
    };

    /// <summary>
    /// PSRule for Azure's <c>Azure.Monitor.ServiceHealth</c> (Azure.Subscription.Rule.ps1): some activity log
    /// alert whose <c>condition.allOf</c> has <c>{field: category, equals: ServiceHealth}</c>, each such alert
    /// enabled. Ours also wants an action group, as Microsoft Learn's service health alert template does
    /// (azure-monitor/alerts/resource-manager-alerts-service-health). <c>enabled</c> left out is true
    /// (monitor/activityLogAlert.d.ts: the REST default). Owned by the primary stack, like the other
    /// subscription-wide alerts.
    /// </summary>
    private static IEnumerable<(PolicyResource, Outcome)> JudgeServiceHealthAlerts(ResourceSet set)
    {
        var found = false;
        var pending = false;
        foreach (var alert in set.OfType(ActivityLogAlert))
        {
            var allOf = alert.Get("condition.allOf");
            var categories = allOf.Items.Where(c => string.Equals(c.Get("field").Text, "category", StringComparison.OrdinalIgnoreCase))
                .Select(c => c.Get("equals")).ToList();
            pending |= allOf.AnyUnknown || categories.Any(c => c.IsUnknown);
            if (!categories.Any(c => string.Equals(c.Text, "ServiceHealth", StringComparison.OrdinalIgnoreCase))) continue;
            found = true;
            var enabled = alert.Get("enabled");
            var groups = alert.Get("actions.actionGroups");
            yield return (alert, Outcome.All(
                enabled.IsUnknown ? Check.Unknown("enabled") : Outcome.When(enabled.Bool != false, "enabled is false, so Azure incidents raise no alert"),
                groups.IsUnknown ? Check.Unknown("actions.actionGroups")
                    : Outcome.When(groups.Items.Any(g => g.Get("actionGroupId") is { IsUnknown: true } or { Text.Length: > 0 }),
                        "actions.actionGroups is empty, so nobody hears of an Azure incident")));
        }
        if (!found && !SubscriptionOwner.OwnedByPrimaryStack(set))
            yield return (set.Root, pending
                ? Outcome.Unknown("an activity log alert's category is not known until deployment")
                : Outcome.Fail("no activity log alert has condition category ServiceHealth; Azure incidents, maintenance and advisories reach nobody"));
    }
}
