using Oic.Infra.Policies.Waivers;

namespace Oic.Infra.Policies.Engine;

/// <summary>One rule's verdict on one resource, with the level it ran at and any waiver that covers it.</summary>
public sealed record PolicyResult(
    Rule Rule,
    string Pack,
    Enforcement Enforcement,
    PolicyResource Resource,
    Outcome Outcome,
    Waiver? Waiver = null)
{
    public bool IsViolation => Outcome.Kind == OutcomeKind.Fail;
    public bool Waived => Waiver is not null;
    public string Message => string.Join("; ", Outcome.Findings);
}

/// <summary>Everything one check found, and the counts the exit code and summaries are made from.</summary>
public sealed record PolicyReport(ResourceSet Resources, IReadOnlyList<PolicyResult> Results, IReadOnlyList<PolicyPack> Packs)
{
    public IEnumerable<PolicyResult> Violations => Results.Where(r => r.IsViolation);
    public int Mandatory => Violations.Count(r => !r.Waived && r.Enforcement == Enforcement.Mandatory);
    public int Advisory => Violations.Count(r => !r.Waived && r.Enforcement == Enforcement.Advisory);
    public int WaivedCount => Violations.Count(r => r.Waived);
    public IEnumerable<PolicyResult> Errors => Results.Where(r => r.Outcome.Kind == OutcomeKind.Error);
    public IEnumerable<PolicyResult> Unknowns => Results.Where(r => r.Outcome.Kind == OutcomeKind.Unknown);

    /// <summary>Unwaived mandatory violations block a deployment (exit 5); rule errors are reported apart (exit 1).</summary>
    public bool Blocks => Mandatory > 0;
}

/// <summary>
/// Runs packs over a resource set: each rule once per pack at its configured level, then waivers.
/// Rules run side by side (they are pure functions of the set; what they share is built once per set
/// by <see cref="ResourceSet.Memo{T}"/> and only read after), and their results are put together in
/// pack and rule order, so a report is the same however the work was spread.
/// </summary>
public static class Evaluator
{
    public static PolicyReport Run(ResourceSet resources, IReadOnlyList<PolicyPack> packs, PolicyConfig? config = null,
        WaiverSet? waivers = null, DateOnly? today = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(packs);
        config ??= PolicyConfig.Default;
        var work = new List<(PolicyPack Pack, Rule Rule, Enforcement Level)>();
        foreach (var pack in packs)
            foreach (var (rule, packLevel) in pack.Rules)
            {
                var level = config.LevelOf(pack, rule, packLevel);
                if (level != Enforcement.Disabled) work.Add((pack, rule, level));
            }
        var each = new List<PolicyResult>[work.Count];
        Parallel.For(0, work.Count, i =>
        {
            var (pack, rule, level) = work[i];
            each[i] = [.. rule.Evaluate(resources).Select(r => new PolicyResult(rule, pack.Name, level, r.Resource, r.Outcome))];
        });
        var results = each.SelectMany(r => r).ToList();
        if (waivers is not null) results = waivers.Apply(results, today ?? DateOnly.FromDateTime(DateTime.UtcNow));
        return new PolicyReport(resources, results
            .OrderBy(r => r.Rule.Id, StringComparer.Ordinal)
            .ThenBy(r => r.Resource.Urn, StringComparer.Ordinal)
            .ThenBy(r => r.Pack, StringComparer.Ordinal)
            .ToList(), packs);
    }
}
