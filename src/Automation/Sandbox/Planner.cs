using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>One step of a plan, with the records before and after it.</summary>
internal sealed class PlannedStep
{
    public required StepOp Op { get; init; }
    public required string Urn { get; init; }
    public required string Type { get; init; }
    public StateRecord? Old { get; init; }
    public StateRecord? New { get; init; }
    public IReadOnlyList<string> Diffs { get; init; } = [];
    public IReadOnlyList<string> ReplaceReasons { get; init; } = [];

    /// <summary>A replacement that must delete first because the new resource has the same ARM id (a fixed name).</summary>
    public bool DeleteBeforeReplace { get; init; }

    /// <summary>The program resources (URNs) this step waits for: references, dependsOn, parent and provider.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public ResourceStep ToStep() => new(Op, Urn, Type, Diffs) { ReplaceReasons = ReplaceReasons };
}

/// <summary>What an apply will do: every step in program order, then the deletions in reverse dependency order.</summary>
internal sealed class Plan
{
    public required StateRecord Root { get; init; }
    public required IReadOnlyList<PlannedStep> Steps { get; init; }

    /// <summary>Checkpoint order: the program's topological order; resources leaving the program after it.</summary>
    public required IReadOnlyDictionary<string, int> Rank { get; init; }

    public required IReadOnlyDictionary<string, ProviderInfo> Providers { get; init; }

    /// <summary>What happens to the root stack resource (counted in summaries, as Pulumi counts it).</summary>
    public StepOp RootOp { get; init; }

    public ChangeSummary Summary => Summarize(Steps.Select(s => s.Op).Concat(Root.Urn.Length > 0 ? [RootOp] : []));

    public static ChangeSummary Summarize(IEnumerable<StepOp> ops) =>
        new(ops.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count()));
}

/// <summary>
/// Compares a program with recorded state, resource by resource (by URN), and predicts every
/// resulting record exactly: references resolve to the outputs their targets will have, which
/// the simulated control plane computes deterministically.
/// </summary>
internal sealed class Planner
{
    private readonly ResourceGraph _program;
    private readonly Dictionary<Resource, string> _urns = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, StateRecord> _predicted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StateRecord> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ProviderInfo> _providers = new(StringComparer.Ordinal);

    /// <summary>Pulumi's <c>--target</c>: only these URNs change (null: everything); providers they need are created with them.</summary>
    private readonly IReadOnlySet<string>? _targets;

    private Planner(ResourceGraph program, IReadOnlySet<string>? targets)
    {
        _program = program;
        _targets = targets;
    }

    public static string RootUrn(string stack, string project) =>
        $"urn:pulumi:{stack}::{project}::{StateRecord.StackType}::{project}-{stack}";

    public static Plan Make(ResourceGraph program, IReadOnlyList<StateRecord> state) => Make(program, state, targets: null);

    /// <summary>
    /// A plan limited to <paramref name="targets"/> (Pulumi's repeated <c>--target URN</c>; null or empty: everything):
    /// other resources stay as they are (no creates, updates, replacements or deletes), except a missing provider
    /// that a targeted resource needs, which is created with it.
    /// </summary>
    public static Plan Make(ResourceGraph program, IReadOnlyList<StateRecord> state, IReadOnlyCollection<string>? targets)
    {
        ArgumentNullException.ThrowIfNull(program);
        var set = targets is { Count: > 0 } ? new HashSet<string>(targets, StringComparer.Ordinal) : null;
        return new Planner(program, set).Run(state);
    }

    private Plan Run(IReadOnlyList<StateRecord> state)
    {
        var rootUrn = RootUrn(_program.Stack, _program.Project);
        var current = new Dictionary<string, StateRecord>(StringComparer.Ordinal);
        foreach (var r in state.Where(r => !r.Delete))
            if (!current.TryAdd(r.Urn, r))
                throw new EngineInputException($"the state of stack '{_program.Stack}' holds {r.Urn} twice; it is damaged");
        foreach (var r in current.Values)
        {
            _predicted[r.Urn] = r;
            if (r.IsArm && r.Id is not null) _byId[r.Id] = r;
            if (r.IsProvider) _providers[r.Urn] = ProviderOf(r);
        }

        var order = _program.TopologicalOrder();
        foreach (var r in order) _urns[r] = _program.UrnOf(r);
        var rank = new Dictionary<string, int>(StringComparer.Ordinal) { [rootUrn] = -1 };
        var steps = new List<PlannedStep>();
        for (var i = 0; i < order.Count; i++)
        {
            var resource = order[i];
            var urn = _urns[resource];
            rank[urn] = i;
            var existing = current.GetValueOrDefault(urn);
            if (_targets is not null && !_targets.Contains(urn) && !(resource is ProviderResource && existing is null && NeededByTargets(resource, order)))
            {
                // Not targeted: left exactly as recorded, or not created at all.
                if (existing is not null)
                    steps.Add(new PlannedStep { Op = StepOp.Same, Urn = urn, Type = resource.Type, Old = existing, New = existing });
                continue;
            }
            var step = resource is ProviderResource
                ? PlanProvider(resource, urn, rootUrn, existing)
                : PlanResource(resource, urn, rootUrn, existing);
            steps.Add(step);
            _predicted[urn] = step.New!;
            if (step.New!.IsArm && step.New.Id is not null) _byId[step.New.Id] = step.New;
        }

        var programUrns = new HashSet<string>(rank.Keys, StringComparer.Ordinal);
        var doomed = state.Where(r => !r.IsStack && (r.Delete || !programUrns.Contains(r.Urn))).ToList();
        foreach (var r in doomed.Where(r => r.Protect && !r.Delete))
            throw new EngineInputException(
                $"{r.Urn} is no longer in the program but is protected; remove `protect` from it first (for the estate: deployment.protectStateful: false), run up, then remove it");
        var next = order.Count;
        foreach (var r in state.Where(r => !programUrns.Contains(r.Urn) && !r.IsStack))
            rank.TryAdd(r.Urn, next++);
        if (_targets is not null) doomed = doomed.Where(r => _targets.Contains(r.Urn)).ToList();
        steps.AddRange(DeletionOrder(doomed).Select(r => new PlannedStep
        {
            Op = StepOp.Delete, Urn = r.Urn, Type = r.Type, Old = r,
        }));

        var outputs = new JsonObject();
        var oldRoot = current.GetValueOrDefault(rootUrn);
        foreach (var (name, value) in _program.Outputs)
        {
            var resolved = value.ToValue();
            if (_targets is not null && resolved.References().Any(r => r.Resource is not null && !_predicted.ContainsKey(_urns[r.Resource])))
            {
                // A targeted up does not create what this output reads: it keeps its recorded value, if any.
                if (oldRoot?.Outputs?[name] is { } kept) outputs[name] = kept.DeepClone();
                continue;
            }
            outputs[name] = Resolve(resolved, $"stack output '{name}'");
        }
        var root = new StateRecord { Urn = rootUrn, Custom = false, Type = StateRecord.StackType, Outputs = outputs };
        return new Plan
        {
            Root = root,
            RootOp = oldRoot is null ? StepOp.Create : StepOp.Same,
            Steps = steps,
            Rank = rank,
            Providers = _providers,
        };
    }

    /// <summary>A plan that deletes every resource of the state (destroy).</summary>
    public static Plan Teardown(IReadOnlyList<StateRecord> state)
    {
        var protectedOnes = state.Where(r => r.Protect && !r.Delete).Select(r => r.Urn).ToList();
        if (protectedOnes.Count > 0)
            throw new EngineInputException(
                $"cannot destroy: {protectedOnes.Count} resource(s) are protected ({string.Join(", ", protectedOnes.Take(3))}{(protectedOnes.Count > 3 ? ", …" : "")}); " +
                "remove `protect` in the program (for the estate: deployment.protectStateful: false) and run up first");
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < state.Count; i++) rank.TryAdd(state[i].Urn, i);
        var root = state.FirstOrDefault(r => r.IsStack);
        return new Plan
        {
            Root = root ?? new StateRecord { Urn = "", Custom = false, Type = StateRecord.StackType },
            RootOp = StepOp.Delete,
            Steps = DeletionOrder(state.Where(r => !r.IsStack).ToList())
                .Select(r => new PlannedStep { Op = StepOp.Delete, Urn = r.Urn, Type = r.Type, Old = r }).ToList(),
            Rank = rank,
            Providers = state.Where(r => r.IsProvider).ToDictionary(r => r.Urn, ProviderOf, StringComparer.Ordinal),
        };
    }

    /// <summary>Dependents before what they depend on; otherwise the reverse of their order in the state.</summary>
    private static List<StateRecord> DeletionOrder(List<StateRecord> doomed)
    {
        var index = new Dictionary<StateRecord, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < doomed.Count; i++) index[doomed[i]] = i;
        var byUrn = doomed.GroupBy(r => r.Urn).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var dependents = new Dictionary<StateRecord, int>(ReferenceEqualityComparer.Instance);
        foreach (var r in doomed) dependents[r] = 0;
        var edges = new Dictionary<StateRecord, List<StateRecord>>(ReferenceEqualityComparer.Instance);
        foreach (var r in doomed)
            foreach (var target in Prerequisites(r).Where(byUrn.ContainsKey).SelectMany(u => byUrn[u]).Where(t => !ReferenceEquals(t, r)))
            {
                dependents[target]++;
                (edges.TryGetValue(r, out var list) ? list : edges[r] = []).Add(target);
            }
        var ready = new PriorityQueue<StateRecord, int>();
        foreach (var r in doomed.Where(r => dependents[r] == 0)) ready.Enqueue(r, -index[r]);
        var result = new List<StateRecord>();
        while (ready.TryDequeue(out var r, out _))
        {
            result.Add(r);
            foreach (var target in edges.GetValueOrDefault(r) ?? [])
                if (--dependents[target] == 0) ready.Enqueue(target, -index[target]);
        }
        // A cycle in damaged state: delete the rest in reverse order rather than never.
        result.AddRange(doomed.Where(r => !result.Contains(r)).Reverse());
        return result;
    }

    /// <summary>What a recorded resource depends on: its dependencies, parent and provider.</summary>
    internal static IEnumerable<string> Prerequisites(StateRecord r)
    {
        foreach (var d in r.Dependencies) yield return d;
        if (r.Parent is not null) yield return r.Parent;
        if (r.ProviderUrn is not null) yield return r.ProviderUrn;
    }

    internal static ProviderInfo ProviderOf(StateRecord r)
    {
        var inputs = r.Inputs ?? [];
        return new ProviderInfo(r.Urn, r.Id ?? "", SimulatedAzure.Text(inputs, "subscriptionId"),
            SimulatedAzure.Text(inputs, "tenantId"), SimulatedAzure.Text(inputs, "location"));
    }

    private PlannedStep PlanProvider(Resource resource, string urn, string rootUrn, StateRecord? old)
    {
        var inputs = Resolve(resource.Inputs, Describe(resource)) as JsonObject ?? [];
        if (resource.Options.Version is { } version) inputs["version"] = version;
        var record = (Metadata(resource, rootUrn, provider: null) with
        {
            Id = old?.Id ?? SandboxJson.DeterministicGuid("provider", urn).ToString(),
            Inputs = inputs,
            Outputs = (JsonObject)inputs.DeepClone(),
        }).Build();
        _providers[urn] = ProviderOf(record);
        if (old is null) return new PlannedStep { Op = StepOp.Create, Urn = urn, Type = resource.Type, New = record, DependsOn = DependsOn(resource) };
        var diffs = PropertyPath.Diff(old.Inputs, inputs);
        return diffs.Count == 0
            ? new PlannedStep { Op = StepOp.Same, Urn = urn, Type = resource.Type, Old = old, New = old.WithMetadataOf(record) }
            : new PlannedStep { Op = StepOp.Update, Urn = urn, Type = resource.Type, Old = old, New = record, Diffs = diffs, DependsOn = DependsOn(resource) };
    }

    private PlannedStep PlanResource(Resource resource, string urn, string rootUrn, StateRecord? old)
    {
        var describe = Describe(resource);
        var provider = ProviderFor(resource, describe);
        if (provider.Subscription is null)
            throw new EngineInputException($"{describe}: its provider {provider.Urn} has no subscriptionId, which the sandbox needs for ARM ids");
        var arm = ArmResourceType.For(resource.Type);
        var inputs = Resolve(resource.Inputs, describe) as JsonObject ?? [];
        if (old?.Inputs is not null && resource.Options.IgnoreChanges.Count > 0)
            KeepIgnored(inputs, old.Inputs, resource.Options.IgnoreChanges, describe);
        var autoName = arm.IsChild ? resource.LogicalName : $"{resource.LogicalName}-{Convert.ToHexStringLower(SandboxJson.HashBytes(urn))[..8]}";
        var id = arm.IdOf(inputs, provider.Subscription, autoName, describe);
        var template = Metadata(resource, rootUrn, provider) with { Id = id, Inputs = inputs };
        StateRecord Full() => (template with
        {
            Outputs = SimulatedAzure.Outputs(arm, id, inputs, provider, i => _byId.GetValueOrDefault(i)),
        }).Build();

        var dependsOn = DependsOn(resource);
        if (old is null)
            return new PlannedStep { Op = StepOp.Create, Urn = urn, Type = resource.Type, New = Full(), DependsOn = dependsOn };
        var diffs = PropertyPath.Diff(old.Inputs, inputs);
        if (diffs.Count == 0 && string.Equals(old.Id, id, StringComparison.OrdinalIgnoreCase))
            return new PlannedStep { Op = StepOp.Same, Urn = urn, Type = resource.Type, Old = old, New = old.WithMetadataOf(template.Build()) };

        var reasons = ReplaceOnChange.Reasons(resource.Type, old.Inputs ?? [], inputs, resource.Options.ReplaceOnChanges).ToList();
        if (reasons.Count == 0 && !string.Equals(old.Id, id, StringComparison.OrdinalIgnoreCase)) reasons.Add("id");
        if (reasons.Count == 0)
            return new PlannedStep { Op = StepOp.Update, Urn = urn, Type = resource.Type, Old = old, New = Full(), Diffs = diffs, DependsOn = dependsOn };
        if (old.Protect)
            throw new EngineInputException(
                $"{urn} would be replaced ({string.Join(", ", reasons)} cannot change in place) but it is protected; " +
                "undo the change, or remove `protect` first (for the estate: deployment.protectStateful: false)");
        return new PlannedStep
        {
            Op = StepOp.Replace, Urn = urn, Type = resource.Type, Old = old, New = Full(), Diffs = diffs, ReplaceReasons = reasons,
            DeleteBeforeReplace = resource.Options.DeleteBeforeReplace || string.Equals(old.Id, id, StringComparison.OrdinalIgnoreCase),
            DependsOn = dependsOn,
        };
    }

    /// <summary>Pulumi's ignoreChanges: where the program differs at an ignored path, the recorded value stays.</summary>
    private static void KeepIgnored(JsonObject inputs, JsonObject old, IReadOnlyList<string> patterns, string describe)
    {
        foreach (var pattern in patterns)
        {
            IReadOnlyList<PathSegment> parsed;
            try
            {
                parsed = PropertyPath.Parse(pattern);
            }
            catch (FormatException e)
            {
                throw new EngineInputException($"{describe}: ignoreChanges {e.Message}");
            }
            foreach (var path in PropertyPath.Expand(parsed, old, inputs).Reverse())
            {
                var recorded = PropertyPath.Get(old, path);
                if (recorded is not null) PropertyPath.Set(inputs, path, recorded.DeepClone());
                else PropertyPath.Remove(inputs, path);
            }
        }
    }

    /// <summary>Whether a targeted resource uses this provider (directly or through a parent).</summary>
    private bool NeededByTargets(Resource provider, IReadOnlyList<Resource> order) =>
        order.Any(r => _targets!.Contains(_urns[r]) && ProviderResourceOf(r) is { } p && ReferenceEquals(p, provider));

    private static ProviderResource? ProviderResourceOf(Resource resource)
    {
        for (var r = resource; r is not null; r = r.Options.Parent)
            if (r.Options.Provider is { } p) return p;
        return null;
    }

    private static string Describe(Resource r) => $"{r.LogicalName} ({r.Type}, declared at {r.DeclaredAt})";

    private ProviderInfo ProviderFor(Resource resource, string describe)
    {
        for (var r = resource; r is not null; r = r.Options.Parent)
            if (r.Options.Provider is { } p)
                return _providers.TryGetValue(_urns[p], out var info)
                    ? info
                    : throw new InvalidOperationException($"{describe}: provider {p.LogicalName} was not planned before it");
        throw new EngineInputException($"{describe} has no explicit azure-native provider; the sandbox needs one (with a subscriptionId) to form ARM ids");
    }

    private List<string> DependsOn(Resource resource) =>
        ResourceGraph.DependenciesOf(resource).Select(d => _urns[d]).Order(StringComparer.Ordinal).ToList();

    /// <summary>The record's options from the program: parent, dependencies (references and dependsOn), provider, protect…</summary>
    private RecordBuilder Metadata(Resource resource, string rootUrn, ProviderInfo? provider)
    {
        var options = resource.Options;
        var propertyDependencies = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in resource.Inputs.Entries)
        {
            var urns = value.References().Where(r => r.Resource is not null).Select(r => _urns[r.Resource!]).Distinct().Order(StringComparer.Ordinal).ToList();
            if (urns.Count > 0) propertyDependencies[key] = urns;
        }
        var dependencies = propertyDependencies.Values.SelectMany(u => u)
            .Concat(options.DependsOn.Select(d => _urns[d]))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        JsonObject? timeouts = null;
        if (options.CustomTimeouts is { } t)
        {
            timeouts = [];
            if (Seconds(t.Create) is { } c) timeouts["create"] = c;
            if (Seconds(t.Update) is { } u) timeouts["update"] = u;
            if (Seconds(t.Delete) is { } d) timeouts["delete"] = d;
        }
        return new RecordBuilder
        {
            Urn = _urns[resource],
            Type = resource.Type,
            Parent = options.Parent is { } parent ? _urns[parent] : rootUrn,
            Protect = options.Protect,
            Dependencies = dependencies,
            Provider = provider?.Reference,
            PropertyDependencies = propertyDependencies,
            AdditionalSecretOutputs = options.AdditionalSecretOutputs,
            CustomTimeouts = timeouts,
            RetainOnDelete = options.RetainOnDelete,
            IgnoreChanges = options.IgnoreChanges,
            ReplaceOnChanges = options.ReplaceOnChanges,
        };
    }

    /// <summary>Pulumi stores custom timeouts in seconds; the program writes Go durations (<c>"30m"</c>, <c>"1h30m"</c>).</summary>
    private static double? Seconds(string? duration)
    {
        if (string.IsNullOrEmpty(duration)) return null;
        double total = 0;
        var number = new StringBuilder();
        foreach (var c in duration)
        {
            if (char.IsDigit(c) || c == '.') { number.Append(c); continue; }
            var value = double.Parse(number.ToString(), CultureInfo.InvariantCulture);
            number.Clear();
            total += c switch { 'h' => value * 3600, 'm' => value * 60, 's' => value, _ => throw new EngineInputException($"custom timeout '{duration}' is not a duration such as 30m") };
        }
        return number.Length > 0 ? total + double.Parse(number.ToString(), CultureInfo.InvariantCulture) : total;
    }

    private JsonNode? Resolve(PropertyValue value, string describe) => value switch
    {
        PropertyValue.Str s => JsonValue.Create(s.Value),
        PropertyValue.Num n => JsonValue.Create(n.Value),
        PropertyValue.Bool b => JsonValue.Create(b.Value),
        PropertyValue.List l => new JsonArray(l.Items.Select(i => Resolve(i, describe)).ToArray()),
        PropertyValue.Map m => new JsonObject(m.Entries.Select(e => KeyValuePair.Create(e.Key, Resolve(e.Value, describe)))),
        PropertyValue.Ref r => ResolveReference(r.Target, describe),
        PropertyValue.Interpolation i => ResolveInterpolation(i, describe),
        PropertyValue.Secret s => Resolve(s.Inner, describe) is var inner && SandboxJson.IsSecret(inner)
            ? inner
            : SandboxJson.Secret("literal:" + SandboxJson.ToCompact(inner)),
        _ => JsonValue.Create(SandboxJson.UnknownSentinel),
    };

    private JsonNode? ResolveReference(Reference reference, string describe)
    {
        // Config values are the program's secrets (pre-shared keys); the sandbox never sees them.
        if (reference.ConfigKey is { } key) return SandboxJson.Secret($"config:{_program.Project}:{key}");
        var target = reference.Resource!;
        if (_targets is not null && !_predicted.ContainsKey(_urns[target]))
            throw new EngineInputException($"{describe} refers to {_urns[target]}, which does not exist and is not targeted; add it to the targets");
        var record = _predicted.GetValueOrDefault(_urns[target])
            ?? throw new InvalidOperationException($"{describe} refers to {target.LogicalName}, which was not planned before it");
        if (reference.Path.Length == 0 || reference.Path == "id") return record.Id is null ? null : JsonValue.Create(record.Id);
        var value = PropertyPath.Get(record.Outputs, PropertyPath.Parse(reference.Path));
        return value?.DeepClone() ?? throw new EngineInputException(
            $"{describe} reads {reference.Expression}, an output the sandbox does not simulate for {target.Type}; add it to SimulatedAzure");
    }

    private JsonNode ResolveInterpolation(PropertyValue.Interpolation interpolation, string describe)
    {
        var text = new StringBuilder();
        var origin = new StringBuilder();
        var secret = false;
        foreach (var part in interpolation.Parts)
        {
            var resolved = Resolve(part, describe);
            if (SandboxJson.IsSecret(resolved))
            {
                secret = true;
                origin.Append(SandboxJson.ToCompact(resolved));
                continue;
            }
            var piece = resolved switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                null => "",
                _ => SandboxJson.ToCompact(resolved).Trim('"'),
            };
            text.Append(piece);
            origin.Append(piece);
        }
        return secret ? SandboxJson.Secret("interpolation:" + origin) : JsonValue.Create(text.ToString());
    }

    /// <summary>A mutable draft of a <see cref="StateRecord"/>, for building records field by field.</summary>
    private sealed record RecordBuilder
    {
        public required string Urn { get; init; }
        public required string Type { get; init; }
        public string? Id { get; init; }
        public JsonObject? Inputs { get; init; }
        public JsonObject? Outputs { get; init; }
        public string? Parent { get; init; }
        public bool Protect { get; init; }
        public IReadOnlyList<string> Dependencies { get; init; } = [];
        public string? Provider { get; init; }
        public IReadOnlyDictionary<string, IReadOnlyList<string>> PropertyDependencies { get; init; } = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        public IReadOnlyList<string> AdditionalSecretOutputs { get; init; } = [];
        public JsonObject? CustomTimeouts { get; init; }
        public bool RetainOnDelete { get; init; }
        public IReadOnlyList<string> IgnoreChanges { get; init; } = [];
        public IReadOnlyList<string> ReplaceOnChanges { get; init; } = [];

        public StateRecord Build() => new()
        {
            Urn = Urn, Custom = true, Id = Id, Type = Type, Inputs = Inputs, Outputs = Outputs, Parent = Parent,
            Protect = Protect, Dependencies = Dependencies, Provider = Provider, PropertyDependencies = PropertyDependencies,
            AdditionalSecretOutputs = AdditionalSecretOutputs, CustomTimeouts = CustomTimeouts, RetainOnDelete = RetainOnDelete,
            IgnoreChanges = IgnoreChanges, ReplaceOnChanges = ReplaceOnChanges,
        };
    }
}
