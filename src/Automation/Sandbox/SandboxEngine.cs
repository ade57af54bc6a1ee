using System.Text.Json;
using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Input;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>
/// The embedded engine (DESIGN §5): a local simulation of the Azure control plane for the resource
/// types the stacks use — not Pulumi, and never presented as Pulumi. Under its state directory:
/// <c>stacks/STACK.json</c> (the checkpoint, <c>pulumi stack export</c> version 3),
/// <c>live/STACK.json</c> (what "Azure" has, same shape), <c>journal/STACK.jsonl</c> (an apply in
/// progress) and <c>locks/STACK.lock</c>. Provisioning runs on a virtual clock with ARM throttling;
/// faults can be injected; an interrupted apply resumes.
/// </summary>
public sealed class SandboxEngine : IEngine
{
    private readonly SandboxOptions _options;

    public SandboxEngine(string stateDir, SandboxOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDir);
        ArgumentNullException.ThrowIfNull(options);
        StateDir = Path.GetFullPath(stateDir);
        _options = options;
    }

    public string StateDir { get; }

    /// <summary>ARM calls, retries and resumption of the last apply or destroy of this engine (null before one ran).</summary>
    public SandboxRunStats? LastRun { get; private set; }

    public Task<PreviewResult> PreviewAsync(ResourceGraph program, OperationOptions options, CancellationToken cancellationToken = default)
    {
        try
        {
            var paths = Check(program, options);
            var state = paths.ReadState();
            var live = LiveBook.Load(paths.Live);
            if (File.Exists(paths.Journal))
            {
                var (resumed, adopted, redone) = Reconciliation.Resume(state, live, Journal.Unfinished(paths.Journal));
                state = resumed;
                Diagnose(options, "warning", $"an apply of stack '{options.Stack}' was interrupted ({adopted} operation(s) reached Azure, {redone} did not); up resumes it — this preview shows what that run will do");
            }
            if (_options.Refresh) state = Reconciliation.Refresh(state, live);
            var plan = Planner.Make(program, state, options.Targets);
            var steps = plan.Steps.Select(s => s.ToStep()).Prepend(new ResourceStep(plan.RootOp, plan.Root.Urn, StateRecord.StackType, [])).ToList();
            return Task.FromResult(new PreviewResult(steps, plan.Summary));
        }
        catch (Exception e)
        {
            return Task.FromException<PreviewResult>(e);
        }
    }

    public Task<UpResult> UpAsync(ResourceGraph program, OperationOptions options, CancellationToken cancellationToken = default) =>
        Task.Run(() => Apply(options, program, cancellationToken), cancellationToken);

    public Task<UpResult> DestroyAsync(OperationOptions options, CancellationToken cancellationToken = default) =>
        Task.Run(() => Apply(options, program: null, cancellationToken), cancellationToken);

    private UpResult Apply(OperationOptions options, ResourceGraph? program, CancellationToken cancellationToken)
    {
        var paths = program is null ? Paths(options) : Check(program, options);
        if (options.Parallel < 1) throw new EngineInputException($"--parallel must be at least 1 (it is {options.Parallel})");
        if (program is null && !File.Exists(paths.Checkpoint))
        {
            LastRun = new SandboxRunStats([], 0, new Dictionary<string, int>(), 0, 0, false, 0, 0);
            return new UpResult([], Plan.Summarize([]), 0, 0);
        }
        using var stackLock = StackLock.Acquire(paths.Lock, options.Stack, _options.Clock.GetUtcNow(), m => Diagnose(options, "warning", m));
        paths.RemoveStaleTemporaries();
        var state = paths.ReadState();
        var live = LiveBook.Load(paths.Live);
        var resumed = File.Exists(paths.Journal);
        int adopted = 0, redone = 0;
        if (resumed)
        {
            (var reconciled, adopted, redone) = Reconciliation.Resume(state, live, Journal.Unfinished(paths.Journal));
            state = reconciled;
            Diagnose(options, "warning",
                $"resuming an interrupted apply of stack '{options.Stack}': {adopted} operation(s) that reached Azure adopted into the state, {redone} to do again");
        }
        if (_options.Refresh) state = Reconciliation.Refresh(state, live);
        var plan = program is null ? Planner.Teardown(state) : Planner.Make(program, state, options.Targets);
        if (resumed)
            AtomicFile.Write(paths.Checkpoint, stream => Checkpoint.WriteTo(stream, new StateBook(state, plan.Rank).Ordered(), [], _options.Clock.GetUtcNow()));

        using var journal = Journal.Start(paths.Journal, program is null ? "destroy" : "up", options.Stack, _options.Clock.GetUtcNow());
        var run = new ApplyRun(plan, new StateBook(state, plan.Rank), live, paths, options, _options, journal, destroy: program is null);
        try
        {
            var result = run.Run(resumed, adopted, redone, cancellationToken);
            journal.Dispose();
            File.Delete(paths.Journal);
            return result;
        }
        finally
        {
            LastRun = run.Stats;
        }
    }

    public Task<RefreshResult> RefreshPreviewAsync(OperationOptions options, CancellationToken cancellationToken = default)
    {
        try
        {
            var paths = Paths(options);
            var state = paths.ReadState();
            var live = LiveBook.Load(paths.Live);
            var ops = new List<StepOp>();
            foreach (var r in state.Where(r => !r.IsStack && !r.Delete))
            {
                if (!r.IsArm) { ops.Add(StepOp.Same); continue; }
                var now = live.ById(r.Id);
                ops.Add(now is null ? StepOp.Delete
                    : SandboxJson.DeepEqual(now.Inputs, r.Inputs) && SandboxJson.DeepEqual(now.Outputs, r.Outputs) ? StepOp.Same
                    : StepOp.Update);
            }
            var rank = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < state.Count; i++) rank.TryAdd(state[i].Urn, i);
            var unmanaged = live.All.Count(l => !rank.ContainsKey(l.Urn));
            if (unmanaged > 0)
                Diagnose(options, "info", $"{unmanaged} live resource(s) of stack '{options.Stack}' are not in its state (created out of band); a refresh does not adopt them");
            var document = state.Where(r => r.IsStack || r.IsProvider)
                .Concat(live.All.OrderBy(r => rank.TryGetValue(r.Urn, out var i) ? i : int.MaxValue)
                    .ThenBy(r => r.Urn, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal));
            var json = System.Text.Encoding.UTF8.GetString(Checkpoint.Write(document, [], _options.Clock.GetUtcNow()));
            return Task.FromResult(new RefreshResult(Plan.Summarize(ops), json));
        }
        catch (Exception e)
        {
            return Task.FromException<RefreshResult>(e);
        }
    }

    public Task<string?> ExportStackAsync(string stack, CancellationToken cancellationToken = default)
    {
        try
        {
            var paths = SandboxPaths.For(StateDir, stack);
            if (!File.Exists(paths.Checkpoint)) return Task.FromResult<string?>(null);
            // What is printed is what a reader can use: a truncated or damaged checkpoint is refused here, not passed on.
            var text = InputFile.ReadText(paths.Checkpoint, paths.Checkpoint, "checkpoint", InputFile.StateLimit);
            Checkpoint.Parse(text, paths.Checkpoint);
            return Task.FromResult<string?>(text);
        }
        catch (Exception e)
        {
            return Task.FromException<string?>(e);
        }
    }

    /// <summary>
    /// A customer-managed (unplanned) failover of a live storage account of <paramref name="stack"/>; throws
    /// <see cref="AzureRefusedException"/> where Azure refuses it (WORM policies, object replication, no geo-redundancy).
    /// </summary>
    public StorageFailoverResult FailoverStorageAccount(string stack, string accountName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stack);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        return StorageFailover.Run(SandboxPaths.For(StateDir, stack), stack, accountName, _options.Clock.GetUtcNow());
    }

    /// <summary>Changes a live resource behind the state's back, as someone in the portal would (<c>./infra tamper</c>).</summary>
    public static void Tamper(string stateDir, string stack, string urn, TamperChange change) =>
        Tamper(stateDir, stack, urn, [change ?? throw new ArgumentNullException(nameof(change))]);

    /// <summary>
    /// Several changes to one live resource (or beside it), written at once — under the stack's
    /// lock, so a tamper can never interleave with an apply and undo its repair.
    /// </summary>
    public static void Tamper(string stateDir, string stack, string urn, IEnumerable<TamperChange> changes, Action<string>? warn = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDir);
        ArgumentNullException.ThrowIfNull(urn);
        ArgumentNullException.ThrowIfNull(changes);
        var paths = SandboxPaths.For(Path.GetFullPath(stateDir), stack);
        using var stackLock = StackLock.Acquire(paths.Lock, stack, TimeProvider.System.GetUtcNow(), warn ?? (_ => { }));
        paths.RemoveStaleTemporaries();
        if (!File.Exists(paths.Live))
            throw new EngineInputException($"stack '{stack}' has no live resources in {paths.StateDir}; run up first");
        var live = LiveBook.Load(paths.Live);
        var target = live.ByUrn(urn) ?? throw new EngineInputException(UnknownUrn(stack, urn, live));
        foreach (var change in changes)
        {
            switch (change)
            {
                case TamperChange.SetProperty set:
                    target = SetProperty(target, set);
                    live.Put(target);
                    break;
                case TamperChange.DeleteResource:
                    live.Remove(target.Id!);
                    break;
                case TamperChange.AddResource add:
                    live.Put(Addition(stack, target, add, live));
                    break;
                default:
                    throw new ArgumentException($"unknown change {change}", nameof(changes));
            }
        }
        var state = paths.ReadState();
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < state.Count; i++) rank.TryAdd(state[i].Urn, i);
        live.Save(paths.Live, rank, TimeProvider.System.GetUtcNow());
    }

    private static string UnknownUrn(string stack, string urn, LiveBook live)
    {
        var urns = live.All.Select(r => r.Urn).Distinct().ToList();
        var cut = urn.LastIndexOf("::", StringComparison.Ordinal);
        var name = cut < 0 ? urn : urn[(cut + 2)..];
        var suggestion = Suggestions.Closest(urn, urns)
            ?? urns.FirstOrDefault(u => u.EndsWith("::" + name, StringComparison.OrdinalIgnoreCase));
        if (suggestion is null && Suggestions.Closest(name, urns.Select(NameOf)) is { } closeName)
            suggestion = urns.First(u => NameOf(u) == closeName);
        return $"no live resource of stack '{stack}' has URN {urn}" + (suggestion is null ? "" : $"; did you mean {suggestion}?");
    }

    private static string NameOf(string urn) => urn[(urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..];

    private static readonly string[] Immutable = ["id", "name", "type"];

    private static StateRecord SetProperty(StateRecord target, TamperChange.SetProperty set)
    {
        IReadOnlyList<PathSegment> path;
        JsonNode? value;
        try
        {
            path = PropertyPath.Parse(set.Path);
            value = SandboxJson.Parse(set.JsonValue);
        }
        catch (FormatException e)
        {
            throw new EngineInputException(e.Message);
        }
        catch (JsonException e)
        {
            throw new EngineInputException($"--set {set.Path}: '{set.JsonValue}' is not a JSON value ({e.Message})");
        }
        if (path[0].Key is { } root && Immutable.Contains(root))
            throw new EngineInputException($"--set {set.Path}: a resource's {root} cannot be changed in place (delete it and add another)");
        var outputs = (JsonObject)(target.Outputs?.DeepClone() ?? new JsonObject());
        var inputs = (JsonObject)(target.Inputs?.DeepClone() ?? new JsonObject());
        if (!PropertyPath.Set(outputs, path, value?.DeepClone()))
            throw new EngineInputException($"--set {set.Path}: the path runs through a value that is not an object (or past the end of a list) on {target.Urn}");
        // A property the request set changes in both; what only Azure reports (provisioningState…) only in outputs.
        var key = path[0].Key;
        var outputOnly = key is not null && !inputs.ContainsKey(key) && target.Outputs?.ContainsKey(key) == true;
        if (!outputOnly) PropertyPath.Set(inputs, path, value?.DeepClone());
        if (key != "etag") outputs["etag"] = $"W/\"{SandboxJson.DeterministicGuid("etag", target.Id ?? "", SandboxJson.ToCompact(outputs))}\"";
        return target.With(inputs, outputs);
    }

    private static StateRecord Addition(string stack, StateRecord anchor, TamperChange.AddResource add, LiveBook live)
    {
        if (!ArmResourceType.IsKnown(add.Type))
        {
            var suggestion = Suggestions.Closest(add.Type, ArmResourceType.KnownTokens);
            throw new EngineInputException($"--add: the sandbox does not simulate '{add.Type}'" + (suggestion is null ? "" : $"; did you mean {suggestion}?"));
        }
        if (string.IsNullOrWhiteSpace(add.Name) || add.Name.Contains('/', StringComparison.Ordinal))
            throw new EngineInputException($"--add: '{add.Name}' is not a resource name");
        var arm = ArmResourceType.For(add.Type);
        var anchorInputs = anchor.Inputs ?? [];
        var inputs = new JsonObject();
        var nameKey = arm.PathKeys.Count > 0 ? arm.PathKeys[^1] : null;
        var anchorKeys = ArmResourceType.For(anchor.Type).PathKeys;
        foreach (var key in arm.PathKeys)
        {
            if (key == nameKey) inputs[key] = add.Name;
            else if (key is "scope" or "resourceUri" or "scopeId") inputs[key] = anchor.Id;
            else if (SimulatedAzure.Text(anchorInputs, key) is { } value) inputs[key] = value;
            else if (key == "resourceGroupName" && ResourceGroupOf(anchor.Id) is { } group) inputs[key] = group;
            else if (anchor.Outputs?["name"] is JsonValue n && n.TryGetValue<string>(out var anchorName) && anchorKeys.Count > 0 && anchorKeys[^1] == key)
                inputs[key] = anchorName;
            else throw new EngineInputException($"--add: a {add.Type} needs '{key}', which {anchor.Urn} does not give; add it beside a resource that has it");
        }
        if (SimulatedAzure.Text(anchorInputs, "location") is { } location) inputs["location"] = location;
        var subscription = anchor.Id is { } aid && aid.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase) ? aid.Split('/')[2] : "";
        var id = arm.IdOf(inputs, subscription, add.Name, $"--add {add.Type} {add.Name}");
        if (live.ById(id) is not null) throw new EngineInputException($"--add: {id} already exists");
        var parts = anchor.Urn.Split("::");
        var urn = $"urn:pulumi:{stack}::{parts[1]}::{add.Type}::{add.Name}";
        if (live.ByUrn(urn) is not null) throw new EngineInputException($"--add: {urn} already exists");
        var provider = new ProviderInfo("", "", subscription, null, SimulatedAzure.Text(anchorInputs, "location"));
        return new StateRecord
        {
            Urn = urn,
            Id = id,
            Type = add.Type,
            Inputs = inputs,
            Outputs = SimulatedAzure.Outputs(arm, id, inputs, provider, live.ById),
        };
    }

    private static string? ResourceGroupOf(string? id)
    {
        if (id is null) return null;
        var parts = id.Split('/');
        var at = Array.FindIndex(parts, p => p.Equals("resourceGroups", StringComparison.OrdinalIgnoreCase));
        return at >= 0 && at + 1 < parts.Length ? parts[at + 1] : null;
    }

    private SandboxPaths Paths(OperationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SandboxPaths.For(StateDir, options.Stack);
    }

    private SandboxPaths Check(ResourceGraph program, OperationOptions options)
    {
        ArgumentNullException.ThrowIfNull(program);
        var paths = Paths(options);
        if (program.Stack != options.Stack)
            throw new EngineInputException($"the program was compiled for stack '{program.Stack}', not '{options.Stack}'");
        return paths;
    }

    private static void Diagnose(OperationOptions options, string severity, string message) =>
        options.OnEvent?.Invoke(new EngineEvent.Diagnostic(0, severity, message));
}
