using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources.AzurePolicy;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Authorization;

/// <summary>
/// Azure Policy (Microsoft.Authorization/policyAssignments): the built-in definitions of our catalogue
/// (<see cref="AzurePolicyCatalogue"/>) are assigned to the subscription with the effect our rules' enforcement
/// calls for, so that a portal change between two drift runs is refused or reported by Azure itself (docs/adr/0020).
/// </summary>
public static class PolicyAssignmentRules
{
    public static readonly StackRule Assigned = new("azure-policy-assigned",
        "Every built-in Azure Policy definition of the catalogue is assigned to the subscription with the effect our rule's enforcement calls for",
        "Our packs judge the program and the state a drift run reads; between two runs nothing stops a person in the portal from opening a store. Assigned in Azure, the same baseline is refused (Deny) or reported (Audit) the moment it is broken.",
        Severity.High, ["MCSB:PV-2", "MCSB:PV-1", "MCSB:AM-2"],
        JudgeAssignments)
    {
        Reads = PropertyPaths.On(PolicyAssignment, "enforcementMode", "parameters", "policyDefinitionId", "scope")
            .And(ResourceGroup, "location", "tags.estate-dr-region", "tags.estate-primary-region", "tags.estate-role"),
    };

    private static IEnumerable<(PolicyResource, Outcome)> JudgeAssignments(ResourceSet set)
    {
        var matched = new HashSet<BuiltInPolicy>();
        var pending = false;
        foreach (var assignment in set.OfType(PolicyAssignment))
        {
            var definition = assignment.Get("policyDefinitionId");
            if (definition.IsUnknown) { pending = true; continue; }
            if (definition.Text is not { } definitionId || !ByDefinition.TryGetValue(definitionId, out var entries)) continue; // an assignment of ours the catalogue does not know: not this rule's
            // The entry this assignment stands for: the one whose constant parameters it carries (the tag name).
            var entry = entries.FirstOrDefault(e => ParametersMatch(assignment, e)) ?? entries[0];
            matched.Add(entry);
            yield return (assignment, Judge(assignment, entry, set));
        }
        var missing = AzurePolicyCatalogue.All.Where(e => !matched.Contains(e)).ToList();
        if (missing.Count > 0 && !SubscriptionOwner.OwnedByPrimaryStack(set))
            yield return (set.Root, pending
                ? Outcome.Unknown("a policy assignment's policyDefinitionId is not known until deployment")
                : Outcome.Fail($"{missing.Count} built-in definition(s) of the catalogue are not assigned: " +
                    string.Join(", ", missing.Take(5).Select(e => $"{e.DisplayName} ({e.DefinitionGuid}) for {e.RuleId}")) +
                    (missing.Count > 5 ? ", …" : "")));
    }

    /// <summary>The catalogue's entries by definition id (one definition may be assigned more than once, with other parameters).</summary>
    private static readonly Dictionary<string, List<BuiltInPolicy>> ByDefinition = AzurePolicyCatalogue.All
        .GroupBy(e => e.DefinitionId, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);

    private static bool ParametersMatch(PolicyResource assignment, BuiltInPolicy entry) =>
        entry.Parameters.All(p => string.Equals(assignment.Get($"parameters.{p.Key}.value").Text ?? Render(assignment.Get($"parameters.{p.Key}.value")),
            Render(p.Value), StringComparison.OrdinalIgnoreCase));

    private static string? Render(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        string[] list => string.Join(",", list),
        _ => value.ToString(),
    };

    private static string? Render(Lookup value) => value.Bool is { } b ? (b ? "true" : "false") : value.Text;

    private static Outcome Judge(PolicyResource assignment, BuiltInPolicy entry, ResourceSet set)
    {
        var outcomes = new List<Outcome>();
        var mode = assignment.Get("enforcementMode");
        var modeText = mode.IsMissing ? "Default" : mode.Text; // Azure's default (REST API 2025-01-01)
        if (mode.IsUnknown) outcomes.Add(Check.Unknown("enforcementMode"));
        else if (!string.Equals(modeText, entry.EnforcementMode, StringComparison.OrdinalIgnoreCase))
            outcomes.Add(Outcome.Fail(entry.EnforcementMode == "Default"
                ? $"enforcementMode is {modeText}: Azure evaluates {entry.DisplayName} but never applies its {entry.EffectValue}; rule {entry.RuleId} calls for {entry.EffectLabel}"
                : $"enforcementMode is {modeText}; the catalogue runs this fixed-deny definition as {entry.EffectLabel}"));

        if (entry.EffectParameter is { } parameter)
        {
            var effect = assignment.Get($"parameters.{parameter}.value");
            if (effect.IsUnknown) outcomes.Add(Check.Unknown($"parameters.{parameter}.value"));
            else if (!string.Equals(effect.Text, entry.EffectValue, StringComparison.OrdinalIgnoreCase))
                outcomes.Add(Outcome.Fail(effect.IsMissing
                    ? $"parameters.{parameter} is not set, so the definition's default applies; rule {entry.RuleId} calls for {entry.EffectValue}"
                    : $"parameters.{parameter} is '{effect.Text}'; rule {entry.RuleId} calls for {entry.EffectValue}"));
        }

        foreach (var (name, value) in entry.Parameters)
        {
            var actual = assignment.Get($"parameters.{name}.value");
            if (actual.IsUnknown) outcomes.Add(Check.Unknown($"parameters.{name}.value"));
            else if (!string.Equals(Render(actual), Render(value), StringComparison.OrdinalIgnoreCase))
                outcomes.Add(Outcome.Fail($"parameters.{name} is '{Render(actual) ?? "not set"}'; the catalogue assigns '{Render(value)}'"));
        }

        foreach (var (name, value) in entry.StackParameters)
        {
            var actual = assignment.Get($"parameters.{name}.value");
            if (actual.IsUnknown || actual.AnyUnknown) { outcomes.Add(Check.Unknown($"parameters.{name}.value")); continue; }
            if (value == StackValue.Locations)
            {
                var allowed = actual.Texts;
                var needed = EstateLocations(set);
                var absent = needed.Where(l => !allowed.Contains(l, StringComparer.OrdinalIgnoreCase)).ToList();
                if (allowed.Count == 0) outcomes.Add(Outcome.Fail($"parameters.{name} lists no location"));
                else if (absent.Count > 0) outcomes.Add(Outcome.Fail($"parameters.{name} leaves out the estate's region(s) {string.Join(", ", absent)}"));
            }
        }

        var scope = assignment.Get("scope");
        if (!scope.IsUnknown && scope.Text is { } text && text.TrimEnd('/').Split('/') is not [_, "subscriptions", _])
            outcomes.Add(Outcome.Fail($"scope is '{text}'; the catalogue is assigned to the whole subscription (/subscriptions/<id>)"));
        return outcomes.Count == 0 ? Outcome.Pass : Outcome.All([.. outcomes]);
    }

    /// <summary>The estate's regions as its resource groups record them (tags, else their locations).</summary>
    private static IReadOnlyList<string> EstateLocations(ResourceSet set) => set.Memo("policy-assignments/estate-locations", ReadLocations);

    private static IReadOnlyList<string> ReadLocations(ResourceSet set)
    {
        var locations = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in set.OfType(ResourceGroup))
        {
            foreach (var tag in new[] { "estate-primary-region", "estate-dr-region" })
                if (Check.Tag(group, tag) is { Length: > 0 } region) locations.Add(region);
            if (group.Get("location").Text is { Length: > 0 } location) locations.Add(location);
        }
        return [.. locations];
    }
}
