namespace Oic.Infra.Policies.Engine;

public enum Severity { Low, Medium, High, Critical }

/// <summary>
/// A policy rule: what it checks, why it exists, how severe a violation is, and which framework
/// controls it evidences (<c>CIS-3.0:4.1</c>, <c>MCSB:DP-3</c>). The check itself is a small pure
/// function; a pack decides the enforcement level it runs at.
/// </summary>
public abstract record Rule(string Id, string Title, string Why, Severity Severity, IReadOnlyList<string> Controls)
{
    /// <summary>
    /// The property paths this rule reads, per resource type: what drift treats as security-relevant,
    /// and what a test holds the rule to (a read outside them fails it).
    /// </summary>
    public PropertyPaths Reads { get; init; } = PropertyPaths.None;

    /// <summary>
    /// False for a rule about governance rather than security (ownership and cost tags): what it
    /// reads does not make a drift security-relevant.
    /// </summary>
    public bool JudgesSecurity { get; init; } = true;

    /// <summary>Every resource this rule judges, with its outcome (resources it ignores are left out).</summary>
    public abstract IEnumerable<(PolicyResource Resource, Outcome Outcome)> Evaluate(ResourceSet stack);
}

/// <summary>A rule about one resource at a time, for the resource types it names.</summary>
public sealed record ResourceRule(
    string Id, string Title, string Why, Severity Severity, IReadOnlyList<string> Controls,
    IReadOnlyList<string> Types,
    Func<PolicyResource, ResourceSet, Outcome> Check)
    : Rule(Id, Title, Why, Severity, Controls)
{
    public override IEnumerable<(PolicyResource, Outcome)> Evaluate(ResourceSet stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        foreach (var type in Types)
            foreach (var resource in stack.OfType(type))
                yield return (resource, Guarded(() => Check(resource, stack)));
    }

    internal static Outcome Guarded(Func<Outcome> check)
    {
        try
        {
            return check();
        }
#pragma warning disable CA1031 // a rule that throws is reported as an error, whatever it threw
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Outcome.Error($"the rule failed to evaluate: {e.GetType().Name}: {e.Message}");
        }
    }
}

/// <summary>A rule about the whole stack (a storage account without a private endpoint, overlapping networks…).</summary>
public sealed record StackRule(
    string Id, string Title, string Why, Severity Severity, IReadOnlyList<string> Controls,
    Func<ResourceSet, IEnumerable<(PolicyResource Resource, Outcome Outcome)>> Check)
    : Rule(Id, Title, Why, Severity, Controls)
{
    public override IEnumerable<(PolicyResource, Outcome)> Evaluate(ResourceSet stack)
    {
        List<(PolicyResource, Outcome)> results;
        try
        {
            results = Check(stack).ToList();
        }
#pragma warning disable CA1031 // a rule that throws is reported as an error, whatever it threw
        catch (Exception e)
#pragma warning restore CA1031
        {
            var anchor = stack.Root;
            results = [(anchor, Outcome.Error($"the rule failed to evaluate: {e.GetType().Name}: {e.Message}"))];
        }
        return results;
    }
}
