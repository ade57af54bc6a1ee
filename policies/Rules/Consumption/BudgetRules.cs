using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Consumption;

/// <summary>Cost Management budgets (Microsoft.Consumption/budgets): someone is told when spending runs away (docs/adr/0020).</summary>
public static class BudgetRules
{
    public static readonly StackRule Present = new("budget-present",
        "The subscription has a cost budget with at least one enabled notification to an e-mail address or action group",
        "A runaway cost — a compromised identity mining on new machines, a forgotten premium resource, a DR drill left running — shows first on the bill; a budget tells the contact within a day, a month before the invoice does. Budgets alert; they never stop anything.",
        Severity.Medium, ["MCSB:AM-1", "MCSB:LT-1"],
        JudgeBudgets)
    {
        Reads = PropertyPaths.On(Budget, "amount", "notifications", "scope")
            .And(ResourceGroup, "tags.estate-role"),
        // What a budget alerts on is governance, not a control that keeps an attacker out.
        JudgesSecurity = false,
    };

    private static IEnumerable<(PolicyResource, Outcome)> JudgeBudgets(ResourceSet set)
    {
        var budgets = set.OfType(Budget);
        foreach (var budget in budgets) yield return (budget, Judge(budget));
        if (budgets.Count == 0 && !SubscriptionOwner.OwnedByPrimaryStack(set))
            yield return (set.Root, Outcome.Fail("no azure-native:consumption:Budget watches the subscription's cost; set oic-gs-infra:budget (README, configuration reference)"));
    }

    private static Outcome Judge(PolicyResource budget)
    {
        var amount = budget.Get("amount");
        var amountOutcome = amount.IsUnknown ? Check.Unknown("amount")
            : amount.Number is > 0 ? Outcome.Pass
            : Outcome.Fail($"amount is {amount.Text ?? amount.Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not set"}; a budget needs a positive amount");

        var notifications = budget.Get("notifications");
        if (notifications.IsUnknown) return Outcome.All(amountOutcome, Check.Unknown("notifications"));
        if (notifications.Value is not Oic.Infra.Resources.PropertyValue.Map map || map.Entries.Count == 0)
            return Outcome.All(amountOutcome, Outcome.Fail("notifications is empty: the budget tells nobody (add one with contactEmails or contactGroups)"));

        var pending = false;
        foreach (var (key, _) in map.Entries)
        {
            var n = notifications.Get(key);
            var enabled = n.Get("enabled");
            var emails = n.Get("contactEmails");
            var groups = n.Get("contactGroups");
            if (enabled.IsUnknown) { pending = true; continue; }
            if (enabled.Bool != true) continue;
            // A reference to an action group's id counts: it names a group, known or not.
            if (emails.Items.Any(e => e.Text is { Length: > 0 }) || groups.Items.Count > 0) return amountOutcome;
            if (emails.AnyUnknown || groups.IsUnknown) pending = true;
        }
        return Outcome.All(amountOutcome, pending
            ? Outcome.Unknown("a notification's recipients are not known until deployment")
            : Outcome.Fail("no notification is enabled with a contactEmails or contactGroups recipient"));
    }
}
