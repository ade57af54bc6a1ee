using Oic.Infra.Policies.Engine;

namespace Oic.Infra.Automation.Drift;

/// <summary>Which side of a comparison a resource is on.</summary>
internal enum Presence { Both, OnlyRecorded, OnlyOther }

/// <summary>A difference while it is being classified: the policies involved are added as they are found.</summary>
internal sealed class PendingDifference
{
    public required Comparison Kind { get; init; }
    public required string Urn { get; init; }
    public required string Type { get; init; }
    public required string Path { get; init; }
    public required Presence Presence { get; init; }
    public required string? Recorded { get; init; }
    public required string? Other { get; init; }

    /// <summary>The property difference as found, to put back when tracing a regression; null for a whole resource.</summary>
    public RawDifference? Raw { get; init; }

    public SortedSet<string> Policies { get; } = new(StringComparer.Ordinal);

    public bool AtSecurityPath => Path.Length > 0 && SecurityPaths.IsSecurityRelevant(Type, Path);
}

/// <summary>
/// The policies a difference involves. The packs run on both sides of a comparison; a rule that
/// passes (or does not apply) on the good side — the program, or the recorded state — and fails on
/// the other has regressed. Each regression is traced to the differences that cause it by putting
/// them back as the good side has them and seeing which makes it go away: first the differences of
/// the resource it fails on (public blob access turned on), then, when the cause is elsewhere (a
/// stack rule failing on a storage account because its private endpoint was deleted), the other
/// differing resources.
/// </summary>
internal sealed class PolicyDelta(IReadOnlyList<PolicyPack> packs, PolicyConfig config)
{
    /// <summary>Stack-wide findings are keyed apart from URNs, which differ when a set has no resources to name its stack.</summary>
    private const string StackKey = "(stack)";

    /// <summary>Beyond this many differing resources of one type, tracing a regression to one of them costs more than it tells.</summary>
    private const int MaxTraced = 64;

    private readonly Dictionary<ResourceSet, Dictionary<(string Rule, string Key), (Rule Rule, Outcome Outcome)>> _outcomes =
        new(ReferenceEqualityComparer.Instance);

    /// <summary>The rules a difference can change the verdict of (see <see cref="Touched"/>); every rule until told.</summary>
    private IReadOnlySet<string>? _touched;

    /// <summary>
    /// Runs the packs over the sets not run yet, side by side (each run only reads its own set), and
    /// only the rules the <paramref name="differences"/> can change the verdict of: a rule that reads
    /// nothing that differs judges both sides alike, so it cannot regress.
    /// </summary>
    public void Evaluate(IEnumerable<ResourceSet> sets, IReadOnlyCollection<PendingDifference> differences)
    {
        _touched = Touched(packs.SelectMany(p => p.Rules.Select(r => r.Rule)), differences);
        var pending = sets.Distinct(ReferenceEqualityComparer.Instance).Cast<ResourceSet>().Where(s => !_outcomes.ContainsKey(s)).ToList();
        var results = new Dictionary<(string Rule, string Key), (Rule Rule, Outcome Outcome)>[pending.Count];
        Parallel.For(0, pending.Count, i => results[i] = Run(pending[i]));
        for (var i = 0; i < pending.Count; i++) _outcomes[pending[i]] = results[i];
    }

    /// <summary>
    /// The rules whose verdict <paramref name="differences"/> can change. A property difference touches the
    /// rules that declare a read at, below or above its path on its type (<see cref="Rule.Reads"/>, which a
    /// test holds to every read the rule makes); a resource that appeared or went touches every rule, since
    /// a rule may count or look up resources of a type without reading their properties.
    /// </summary>
    internal static IReadOnlySet<string> Touched(IEnumerable<Rule> rules, IReadOnlyCollection<PendingDifference> differences)
    {
        var all = rules.DistinctBy(r => r.Id).ToList();
        if (differences.Any(d => d.Presence != Presence.Both || d.Path.Length == 0))
            return all.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var changed = differences.Select(d => (d.Type, Path: PropertyPaths.Normalize(d.Path))).Distinct().ToList();
        return all.Where(r => changed.Any(c => r.Reads.Touches(c.Type, c.Path))).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Names on each difference the policies that regress from <paramref name="good"/> to <paramref name="bad"/> because of it.</summary>
    public void Attach(ResourceSet good, ResourceSet bad, IReadOnlyList<PendingDifference> differences)
    {
        if (differences.Count == 0) return;
        var before = OutcomesOf(good);
        var after = OutcomesOf(bad);
        var byUrn = differences.GroupBy(d => d.Urn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var untraced = new List<(Rule Rule, string Key)>();
        var reverted = new Dictionary<PendingDifference, ResourceSet>();
        foreach (var ((ruleId, key), (rule, outcome)) in after)
        {
            if (!Regressed(before.GetValueOrDefault((ruleId, key)).Outcome, outcome)) continue;
            if (key == StackKey || !byUrn.TryGetValue(key, out var own) || !MarkOwn(rule, key, own, good, bad, before, reverted))
                untraced.Add((rule, key));
        }
        if (untraced.Count == 0) return;

        var traced = new HashSet<(string Rule, string Key)>();
        foreach (var group in untraced.GroupBy(u => u.Rule.Id, StringComparer.Ordinal))
            Trace(group.First().Rule, [.. group.Select(g => g.Key)], good, bad, before, byUrn, traced);

        // Not traceable (two changes together): the policy is named on what can plausibly have
        // caused it — a resource that appeared or went, a security-relevant property — and on
        // nothing else, so that it never makes a tag security-relevant.
        var fallback = differences.Where(d => d.Presence != Presence.Both || d.AtSecurityPath).ToList();
        foreach (var (rule, key) in untraced)
            if (!traced.Contains((rule.Id, key)))
                foreach (var d in fallback) d.Policies.Add(rule.Id);
    }

    /// <summary>
    /// Puts the differing resources back as the good side has them, a type at a time, and then
    /// one at a time within a type that makes regressions go away; a regression that only the
    /// whole type removes (three Defender plans missing, one rule) goes on every resource of it.
    /// </summary>
    private static void Trace(Rule rule, List<string> keys, ResourceSet good, ResourceSet bad,
        Dictionary<(string Rule, string Key), (Rule Rule, Outcome Outcome)> before,
        Dictionary<string, List<PendingDifference>> byUrn, HashSet<(string Rule, string Key)> traced)
    {
        List<string> Fixed(IReadOnlyCollection<string> urns, IEnumerable<string> among)
        {
            var outcomes = Key(rule.Evaluate(Revert(bad, good, urns)));
            return among.Where(k => Cleared(before.GetValueOrDefault((rule.Id, k)).Outcome, outcomes.GetValueOrDefault(k))).ToList();
        }

        var types = byUrn.GroupBy(kv => kv.Value[0].Type, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var type in types)
        {
            var urns = type.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            var fixedByType = Fixed(urns, keys);
            if (fixedByType.Count == 0) continue;
            var alone = new HashSet<string>(StringComparer.Ordinal);
            if (urns.Count > 1 && urns.Count <= MaxTraced)
                foreach (var urn in urns)
                    foreach (var key in Fixed([urn], fixedByType))
                    {
                        Mark(byUrn[urn], rule.Id);
                        alone.Add(key);
                    }
            foreach (var key in fixedByType)
            {
                traced.Add((rule.Id, key));
                if (alone.Contains(key)) continue;
                foreach (var urn in urns) Mark(byUrn[urn], rule.Id);
            }
        }
    }

    private static void Mark(List<PendingDifference> differences, string ruleId)
    {
        foreach (var d in Targets(differences)) d.Policies.Add(ruleId);
    }

    /// <summary>Of a resource's differences, those a policy can be about: the resource itself, or security-relevant properties; else all.</summary>
    private static List<PendingDifference> Targets(List<PendingDifference> differences)
    {
        var targets = differences.Where(d => d.Presence != Presence.Both || d.AtSecurityPath).ToList();
        return targets.Count > 0 ? targets : differences;
    }

    /// <summary>
    /// A regression on a resource that differs goes on the differences of it that cause it: each
    /// is put back alone, and those that make the regression go away are named. False when none
    /// does: the cause is elsewhere (its private endpoint went), or in two differences together.
    /// </summary>
    private static bool MarkOwn(Rule rule, string key, List<PendingDifference> own, ResourceSet good, ResourceSet bad,
        Dictionary<(string Rule, string Key), (Rule Rule, Outcome Outcome)> before, Dictionary<PendingDifference, ResourceSet> reverted)
    {
        var targets = Targets(own);
        if (targets.Count > MaxTraced || targets.Any(d => d.Raw is null) || bad.ByUrn(key) is not { } resource)
        {
            foreach (var d in targets) d.Policies.Add(rule.Id);
            return true;
        }
        var was = before.GetValueOrDefault((rule.Id, key)).Outcome;
        var causes = targets.Where(d =>
        {
            if (!reverted.TryGetValue(d, out var set))
            {
                var raw = d.Raw!;
                var back = resource with { Properties = PropertyEdit.With(resource.Properties, raw.Segments, d.Kind == Comparison.StateVsLive ? raw.Recorded : raw.Other) };
                reverted[d] = set = bad.With(resource, back);
            }
            return Cleared(was, Key(rule.Evaluate(set)).GetValueOrDefault(key));
        }).ToList();
        foreach (var d in causes) d.Policies.Add(rule.Id);
        return causes.Count > 0;
    }

    /// <summary>
    /// Fails where it passed, did not apply or did not judge. Not from unknown (the program's
    /// references are unknown to the rules) and not from an earlier failure, whose wording changes
    /// with how each side spells a value (a default the program leaves out, the state writes).
    /// </summary>
    private static bool Regressed(Outcome? before, Outcome? after) =>
        after is { Kind: OutcomeKind.Fail } && before is null or { Kind: OutcomeKind.Pass or OutcomeKind.NotApplicable };

    /// <summary>
    /// Putting something back cleared a regression: it no longer fails, and it is not merely
    /// unknown now (a resource of the program put into the state brings references the state cannot resolve).
    /// </summary>
    private static bool Cleared(Outcome? before, Outcome? now) => !Regressed(before, now) && now?.Kind != OutcomeKind.Unknown;

    private Dictionary<(string Rule, string Key), (Rule Rule, Outcome Outcome)> OutcomesOf(ResourceSet set)
    {
        if (!_outcomes.TryGetValue(set, out var known)) _outcomes[set] = known = Run(set);
        return known;
    }

    private Dictionary<(string Rule, string Key), (Rule Rule, Outcome Outcome)> Run(ResourceSet set)
    {
        var outcomes = new Dictionary<(string Rule, string Key), (Rule Rule, Outcome Outcome)>();
        var touched = _touched;
        var run = touched is null ? packs : [.. packs.Select(p => p with { Rules = [.. p.Rules.Where(r => touched.Contains(r.Rule.Id))] })];
        foreach (var result in Evaluator.Run(set, run, config).Results)
        {
            var key = (result.Rule.Id, KeyOf(result.Resource));
            outcomes[key] = outcomes.TryGetValue(key, out var earlier)
                ? (result.Rule, Outcome.All(earlier.Outcome, result.Outcome))
                : (result.Rule, result.Outcome);
        }
        return outcomes;
    }

    private static Dictionary<string, Outcome> Key(IEnumerable<(PolicyResource Resource, Outcome Outcome)> results)
    {
        var outcomes = new Dictionary<string, Outcome>(StringComparer.Ordinal);
        foreach (var (resource, outcome) in results)
        {
            var key = KeyOf(resource);
            outcomes[key] = outcomes.TryGetValue(key, out var earlier) ? Outcome.All(earlier, outcome) : outcome;
        }
        return outcomes;
    }

    private static string KeyOf(PolicyResource resource) => resource.Type == "pulumi:pulumi:Stack" ? StackKey : resource.Urn;

    /// <summary><paramref name="bad"/> with some resources as <paramref name="good"/> has them (or without them, when good has none).</summary>
    private static ResourceSet Revert(ResourceSet bad, ResourceSet good, IReadOnlyCollection<string> urns)
    {
        var back = urns.ToHashSet(StringComparer.Ordinal);
        var resources = bad.Resources.Where(r => !back.Contains(r.Urn)).ToList();
        resources.AddRange(urns.Select(good.ByUrn).OfType<PolicyResource>());
        return new ResourceSet(bad.Stack, bad.Project, resources, bad.Source);
    }
}
