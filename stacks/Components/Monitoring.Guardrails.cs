using System.Globalization;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Authorization;
using Oic.Infra.Resources.AzureNative.Consumption;
using Oic.Infra.Resources.AzurePolicy;
using static Oic.Infra.Stacks.Components.Untyped;
using AuthIn = Oic.Infra.Resources.AzureNative.Authorization.Inputs;
using CostIn = Oic.Infra.Resources.AzureNative.Consumption.Inputs;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// Guardrails that hold inside Azure (issue 12, docs/adr/0020): Azure Policy assignments generated from our
/// catalogue of built-in definitions (<see cref="AzurePolicyCatalogue"/>), so that what the packs check before
/// deployment Azure checks — or refuses — after it, and the subscription's cost budget. Both are subscription
/// singletons and belong to the primary stack, like the Defender plans and the activity-log alerts.
/// </summary>
public sealed partial class Monitoring
{
    /// <summary>Budget notifications: (key, percent, threshold type). Azure allows up to five per budget.</summary>
    private static readonly (string Key, int Percent, string Type)[] BudgetNotifications =
    [
        ("actual-80", 80, "Actual"),
        ("actual-100", 100, "Actual"),
        ("forecast-100", 100, "Forecasted"),
    ];

    /// <summary>The policy assignments the stack declares, keyed by catalogue entry.</summary>
    public IReadOnlyList<(BuiltInPolicy Entry, PolicyAssignment Assignment)> PolicyAssignments => _assignments;

    private readonly List<(BuiltInPolicy, PolicyAssignment)> _assignments = [];

    /// <summary>The subscription's budget (primary stack with <c>budget</c> configured).</summary>
    public Budget? Budget { get; private set; }

    /// <summary>
    /// One assignment at subscription scope per catalogue entry: the effect the entry records (Deny for a mandatory
    /// rule where the definition takes it), a fixed-deny definition run as audit with <c>DoNotEnforce</c>, and the
    /// stack's values for the parameters that need them (the estate's two regions for allowed locations).
    /// </summary>
    private void AssignPolicies(StackContext context)
    {
        string[] locations = [Estate.Regions.Primary.Location, Estate.Regions.Dr.Location];
        foreach (var entry in AzurePolicyCatalogue.All)
        {
            var parameters = new InputMap<AuthIn.ParameterValuesValueArgs>();
            if (entry.EffectParameter is { } effect)
                parameters[effect] = new AuthIn.ParameterValuesValueArgs { Value = Text(entry.EffectValue) };
            foreach (var (name, value) in entry.Parameters)
                parameters[name] = new AuthIn.ParameterValuesValueArgs { Value = Value(value) };
            foreach (var (name, value) in entry.StackParameters)
                parameters[name] = new AuthIn.ParameterValuesValueArgs
                {
                    Value = value switch
                    {
                        StackValue.Locations => Texts(locations),
                        _ => throw new InvalidOperationException($"no stack value for {value}"),
                    },
                };

            var assignment = new PolicyAssignment(Child($"policy-{entry.Key}"), new PolicyAssignmentArgs
            {
                PolicyAssignmentName = context.Names.PolicyAssignment(entry.Key),
                Scope = context.SubscriptionScope,
                PolicyDefinitionId = entry.DefinitionId,
                DisplayName = $"{entry.DisplayName} ({entry.RuleId})",
                Description = $"Assigned by oic-gs-infra for rule {entry.RuleId}; {entry.EffectLabel}. Source: {entry.Source}",
                EnforcementMode = entry.EnforcementMode,
                // PSRule Azure.Policy.AssignmentAssignedBy: who owns the assignment, where the portal shows it.
                Metadata = Map(("assignedBy", Text("oic-gs-infra"))),
                Parameters = parameters.Any() ? parameters : null,
                NonComplianceMessages =
                [
                    new AuthIn.NonComplianceMessageArgs { Message = $"Breaks the estate's rule {entry.RuleId} (./infra policy list; docs/policies.md)." },
                ],
            }, Options());
            _assignments.Add((entry, assignment));
        }
    }

    private static PropertyValue Value(object value) => value switch
    {
        string s => Text(s),
        bool b => new PropertyValue.Bool(b),
        string[] list => Texts(list),
        _ => throw new InvalidOperationException($"a catalogue parameter of type {value.GetType().Name} has no program value"),
    };

    /// <summary>
    /// The subscription's monthly budget: the security contact and the security action group are told at 80 % and
    /// 100 % of actual cost and at 100 % of forecast cost. A budget alerts; it never stops anything (Learn:
    /// cost-management-billing/costs/tutorial-acm-create-budgets). The start date is only read at creation: Azure
    /// refuses a start in an earlier month, so later runs ignore it.
    /// </summary>
    private void DeclareBudget(StackContext context)
    {
        if (Estate.Budget is not { } budget) return;
        var notifications = new InputMap<CostIn.NotificationArgs>();
        foreach (var (key, percent, type) in BudgetNotifications)
            notifications[key] = new CostIn.NotificationArgs
            {
                Enabled = true,
                Operator = "GreaterThanOrEqualTo",
                Threshold = percent,
                ThresholdType = type,
                ContactEmails = [Estate.SecurityContact],
                ContactGroups = [SecurityActionGroup!.Id],
            };
        Budget = new Budget(Child("budget"), new BudgetArgs
        {
            BudgetName = context.Names.Budget(),
            Scope = context.SubscriptionScope,
            Amount = (double)budget.Amount,
            Category = "Cost",
            TimeGrain = "Monthly",
            TimePeriod = new CostIn.BudgetTimePeriodArgs { StartDate = budget.StartDate.ToString(CultureInfo.InvariantCulture) },
            Notifications = notifications,
        }, Options(ignoreChanges: ["timePeriod"]));
    }
}
