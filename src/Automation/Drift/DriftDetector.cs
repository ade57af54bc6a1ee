using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Drift;

/// <summary>The packs that decide which differences are security-relevant, and their levels (a disabled rule is not run).</summary>
public sealed record DriftOptions
{
    public IReadOnlyList<PolicyPack> Packs { get; init; } = Catalogue.All;
    public PolicyConfig Config { get; init; } = PolicyConfig.Default;
}

/// <summary>
/// Drift of one stack, in two comparisons. <b>Desired vs state</b>: the compiled program against
/// the recorded inputs — resources to create or delete, and inputs the next <c>up</c> would change.
/// <b>State vs live</b>: the recorded outputs against Azure's — resources deleted out of band,
/// resources nobody declared, and properties changed behind the state's back, ignoring what Azure
/// changes on its own (provisioning state, etags, timestamps…) and outputs the program never set
/// unless a policy reads them. Each difference is classified (<see cref="DriftClass"/>) with the
/// policies it involves.
/// </summary>
public static class DriftDetector
{
    /// <summary>
    /// From resource sets alone (a preview digest, sets built in code): their properties stand for
    /// both the recorded inputs and outputs. Prefer the <see cref="StackExport"/> overload for real exports.
    /// </summary>
    public static DriftReport Compare(ResourceSet desired, ResourceSet recorded, ResourceSet live, DriftOptions? options = null) =>
        Compare(desired, StackExport.FromResourceSet(recorded), StackExport.FromResourceSet(live), options);

    /// <param name="desired">The compiled program (<c>GraphInput.From(graph)</c>).</param>
    /// <param name="recorded">The stack's state (<c>pulumi stack export</c>).</param>
    /// <param name="live">What Azure has: the sandbox's live resources, or the state a refresh preview would write.</param>
    /// <param name="options">The packs and their levels; by default every pack of the catalogue at its own level.</param>
    public static DriftReport Compare(ResourceSet desired, StackExport recorded, StackExport live, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(live);
        SameStack(desired, recorded.Resources);
        SameStack(desired, live.Resources);
        options ??= new DriftOptions();
        var policies = new PolicyDelta(options.Packs, options.Config);

        var planned = DesiredVsState(desired, recorded);
        var drifted = StateVsLive(recorded, live, desired);
        // The packs run only over the sides of a comparison that found something.
        var sides = new List<ResourceSet>();
        if (planned.Count > 0) sides.AddRange([desired, recorded.Resources]);
        if (drifted.Count > 0) sides.AddRange([recorded.Resources, live.Resources]);
        policies.Evaluate(sides, [.. planned, .. drifted]);
        policies.Attach(desired, recorded.Resources, planned);
        policies.Attach(recorded.Resources, live.Resources, drifted);

        var differences = planned.Concat(drifted)
            .Select(d => new Difference(d.Kind, d.Urn, d.Type, d.Path, d.Recorded, d.Other, Classify(d), [.. d.Policies]))
            .OrderBy(d => d.Kind)
            .ThenBy(d => d.Urn, StringComparer.Ordinal)
            .ToList();
        return new DriftReport(desired.Stack, differences)
        {
            Sources = new DriftSources(desired.Source, recorded.Resources.Source, live.Resources.Source),
        };
    }

    /// <summary>Another stack's export would make every resource a difference: that is a wrong file, not drift.</summary>
    private static void SameStack(ResourceSet desired, ResourceSet other)
    {
        if (other.Resources.Count > 0 && (other.Stack != desired.Stack || other.Project != desired.Project))
            throw new PolicyInputException(other.Source,
                $"holds stack '{other.Stack}' of project '{other.Project}', not stack '{desired.Stack}' of project '{desired.Project}'");
    }

    private static DriftClass Classify(PendingDifference d)
    {
        if (d.Policies.Count > 0) return DriftClass.SecurityRelevant;
        return (d.Kind, d.Presence) switch
        {
            (Comparison.StateVsLive, Presence.OnlyRecorded) =>
                SecurityPaths.DeletionIsSecurityRelevant.Contains(d.Type) ? DriftClass.SecurityRelevant : DriftClass.DeletedOutOfBand,
            (Comparison.StateVsLive, Presence.OnlyOther) =>
                SecurityPaths.AdditionIsSecurityRelevant.Contains(d.Type) ? DriftClass.SecurityRelevant : DriftClass.UnmanagedAddition,
            (_, Presence.Both) when d.AtSecurityPath => DriftClass.SecurityRelevant,
            (_, Presence.Both) when d.Path == "tags" || d.Path.StartsWith("tags.", StringComparison.Ordinal) || d.Path.StartsWith("tags[", StringComparison.Ordinal) =>
                DriftClass.TagsOnly,
            _ => DriftClass.Configuration,
        };
    }

    private static List<PendingDifference> DesiredVsState(ResourceSet desired, StackExport recorded)
    {
        var found = new List<PendingDifference>();
        var values = new DesiredValues(recorded.Resources);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var want in desired.Resources)
        {
            declared.Add(want.Urn);
            var have = recorded.Resources.ByUrn(want.Urn);
            if (have is null)
            {
                found.Add(Whole(Comparison.DesiredVsState, want, Presence.OnlyOther, null, "(in the program)"));
                continue;
            }
            var provider = IsProvider(want.Type);
            var inputs = recorded.HasRawDocuments ? recorded.InputsOf(want.Urn) : null;
            foreach (var raw in PropertyDiff.Compare(inputs ?? have.Properties, values.Resolve(want.Properties)))
            {
                var top = raw.Segments[0].Key!;
                // Pulumi's own inputs (__defaults…) and what the engine adds to a provider (its version) are not the program's.
                if (top.StartsWith("__", StringComparison.Ordinal) || (provider && want.Properties[top] is null)) continue;
                // Without the recorded inputs, what only the state has may be an output: compare what the program sets.
                if (inputs is null && raw.Other is null) continue;
                if (IsSecret(raw.Segments)) continue;
                found.Add(Property(Comparison.DesiredVsState, want, raw));
            }
        }
        foreach (var have in recorded.Resources.Resources)
        {
            if (declared.Contains(have.Urn)) continue;
            // Pulumi's default providers come and go with the resources that use them.
            if (IsProvider(have.Type) && have.Name.StartsWith("default", StringComparison.Ordinal)) continue;
            found.Add(Whole(Comparison.DesiredVsState, have, Presence.OnlyRecorded, have.Id ?? "(in state)", null));
        }
        return found;
    }

    private static List<PendingDifference> StateVsLive(StackExport recorded, StackExport live, ResourceSet desired)
    {
        var found = new List<PendingDifference>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var have in recorded.Resources.Resources)
        {
            // A provider is configuration of the engine, not something Azure holds.
            if (IsProvider(have.Type) || !seen.Add(have.Urn)) continue;
            var now = live.Resources.ByUrn(have.Urn);
            if (now is null)
            {
                found.Add(Whole(Comparison.StateVsLive, have, Presence.OnlyRecorded, have.Id ?? "(in state)", null));
                continue;
            }
            // What the program set: the recorded inputs, or without them the program's own properties.
            var inputs = (recorded.HasRawDocuments ? recorded.InputsOf(have.Urn) : null) ?? desired.ByUrn(have.Urn)?.Properties;
            foreach (var raw in PropertyDiff.Compare(Observed(recorded, have), Observed(live, now)))
                if (Matters(have.Type, raw, inputs))
                    found.Add(Property(Comparison.StateVsLive, have, raw));
        }
        foreach (var now in live.Resources.Resources)
            if (!IsProvider(now.Type) && recorded.Resources.ByUrn(now.Urn) is null && seen.Add(now.Urn))
                found.Add(Whole(Comparison.StateVsLive, now, Presence.OnlyOther, null, now.Id ?? "(in Azure)"));
        return found;
    }

    /// <summary>What Azure returned (the outputs); the merged properties when the export recorded no outputs.</summary>
    private static PropertyValue.Map Observed(StackExport export, PolicyResource resource) =>
        export.OutputsOf(resource.Urn) is { Entries.Count: > 0 } outputs ? outputs : resource.Properties;

    /// <summary>
    /// Whether a state-vs-live difference is drift rather than noise: never a secret, Azure's
    /// bookkeeping or a timestamp; otherwise anything a policy reads, any tag, and any output the
    /// program set as an input.
    /// </summary>
    private static bool Matters(string type, RawDifference raw, PropertyValue.Map? inputs)
    {
        var segments = raw.Segments;
        if (IsSecret(segments) || SecretAlong(inputs, segments, 0)) return false;
        if (segments.Any(s => s.Key is { } k && Noise.IsAlways(k))) return false;
        if (segments[^1].Key is { } leaf && Noise.IsTimestamp(leaf, raw.Recorded, raw.Other)) return false;
        return SecurityPaths.IsSecurityRelevant(type, raw.Path) || segments[0].Key == "tags" || inputs is null || Owned(inputs, segments);
    }

    /// <summary>The program set this path: each key down to it is in the recorded inputs (a list there owns all of its items).</summary>
    private static bool Owned(PropertyValue.Map inputs, IReadOnlyList<Segment> segments)
    {
        PropertyValue? current = inputs;
        foreach (var segment in segments)
        {
            if (current is not PropertyValue.Map map) return true;
            if (segment.Key is not { } key || map[key] is not { } next) return segment.Key is null;
            current = next;
        }
        return true;
    }

    /// <summary>The recorded inputs hold a secret at or above this path (in any item of a list on the way).</summary>
    private static bool SecretAlong(PropertyValue? value, IReadOnlyList<Segment> segments, int at)
    {
        if (value is PropertyValue.Secret) return true;
        if (at == segments.Count || value is null) return false;
        return value switch
        {
            PropertyValue.Map m when segments[at].Key is { } key => SecretAlong(m[key], segments, at + 1),
            PropertyValue.List l => l.Items.Any(item => SecretAlong(item, segments, segments[at].Key is null ? at + 1 : at)),
            _ => false,
        };
    }

    private static bool IsSecret(IReadOnlyList<Segment> segments) =>
        segments[0].Key != "tags" &&
        segments.Select((s, i) => (s, i)).Any(p => p.s.Key is { } k && Noise.IsSecretName(k, p.i > 0 ? segments[p.i - 1].Key : null));

    private static bool IsProvider(string type) => type.StartsWith("pulumi:providers:", StringComparison.Ordinal);

    private static PendingDifference Whole(Comparison kind, PolicyResource resource, Presence presence, string? recorded, string? other) => new()
    {
        Kind = kind,
        Urn = resource.Urn,
        Type = resource.Type,
        Path = "",
        Presence = presence,
        Recorded = recorded,
        Other = other,
    };

    private static PendingDifference Property(Comparison kind, PolicyResource resource, RawDifference raw) => new()
    {
        Kind = kind,
        Urn = resource.Urn,
        Type = resource.Type,
        Path = raw.Path,
        Presence = Presence.Both,
        Recorded = ValueText.Of(raw.Recorded),
        Other = ValueText.Of(raw.Other),
        Raw = raw,
    };
}
