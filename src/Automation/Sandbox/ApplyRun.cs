using System.Globalization;
using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>The ARM operations a step becomes (a replacement is two).</summary>
internal enum OperationKind { Create, Update, Delete, CreateReplacement, DeleteReplaced }

/// <summary>One ARM operation of an apply, a node of its dependency graph on the virtual clock.</summary>
internal sealed class Operation
{
    public required int Seq { get; init; }
    public required PlannedStep Step { get; init; }
    public required OperationKind Kind { get; init; }

    /// <summary>The record written (create, update) or removed (delete).</summary>
    public required StateRecord Record { get; init; }

    public required int Phase { get; init; }
    public required int Rank { get; init; }
    public long DurationMs { get; init; }
    public bool Arm { get; init; }
    public string? Location { get; init; }
    public string Subscription { get; init; } = "";
    public string Namespace { get; init; } = "";
    public string? Vnet { get; init; }

    public int Waiting { get; set; }
    public List<Operation> Next { get; } = [];
    public int Tries { get; set; }
    public int TransientFailures { get; set; }
    public bool Occupying { get; set; }

    public bool IsDelete => Kind is OperationKind.Delete or OperationKind.DeleteReplaced;

    public string JournalOp => Kind switch
    {
        OperationKind.Create => "create",
        OperationKind.Update => "update",
        OperationKind.Delete => "delete",
        OperationKind.CreateReplacement => "create-replacement",
        _ => "delete-replaced",
    };

    /// <summary>Pulumi's <c>pending_operations[].type</c>.</summary>
    public string PendingType => Kind switch
    {
        OperationKind.Update => "updating",
        OperationKind.Delete or OperationKind.DeleteReplaced => "deleting",
        _ => "creating",
    };
}

/// <summary>
/// Runs a plan on the virtual clock: operations start when what they depend on has completed and
/// a slot is free (<c>--parallel</c>), take their typical Azure time, and are throttled as ARM
/// throttles. Each operation is journaled before it starts; its record reaches live Azure half
/// way through and the checkpoint when it completes. Deletions wait for every other operation.
/// Single-threaded and deterministic: the same plan and faults give the same run.
/// </summary>
internal sealed class ApplyRun
{
    private enum EventKind { Attempt, LiveWrite, Complete }

    private readonly Plan _plan;
    private readonly StateBook _state;
    private readonly LiveBook _live;
    private readonly SandboxPaths _paths;
    private readonly OperationOptions _options;
    private readonly SandboxOptions _sandbox;
    private readonly Journal _journal;
    private readonly bool _destroy;
    private readonly ArmThrottle _throttle = new();
    private readonly Random _random;
    private readonly List<Operation> _operations = [];
    private readonly Dictionary<PlannedStep, int> _remaining = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<PlannedStep> _started = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<PlannedStep> _finished = new(ReferenceEqualityComparer.Instance);
    private readonly PriorityQueue<Operation, (int Phase, int Rank, int Seq)> _ready = new();
    private readonly PriorityQueue<(EventKind Kind, Operation Op), (long At, long Seq)> _events = new();
    private readonly List<Operation> _inFlight = [];
    private readonly List<Operation> _completedSinceFlush = [];
    private readonly List<ArmCall> _calls = [];
    private readonly Dictionary<string, int> _retriesByReason = new(StringComparer.Ordinal);
    private readonly List<Operation> _phaseTwo = [];
    private long _eventSeq;
    private int _running;
    private int _phaseOneLeft;
    private int _completed;
    private int _retries;
    private long _makespan;
    private string? _failure;
    private (bool Resumed, int Adopted, int Redone) _resumption;

    public ApplyRun(Plan plan, StateBook state, LiveBook live, SandboxPaths paths, OperationOptions options,
        SandboxOptions sandbox, Journal journal, bool destroy)
    {
        _plan = plan;
        _state = state;
        _live = live;
        _paths = paths;
        _options = options;
        _sandbox = sandbox;
        _journal = journal;
        _destroy = destroy;
        _random = new Random(sandbox.Faults.Seed);
    }

    /// <summary>What the run did so far (also after a crash or a failure).</summary>
    public SandboxRunStats Stats => new(_calls.ToList(), _retries, new Dictionary<string, int>(_retriesByReason), _makespan / 60_000.0,
        _operations.Count, _resumption.Resumed, _resumption.Adopted, _resumption.Redone);

    public UpResult Run(bool resumed, int adopted, int redone, CancellationToken cancellationToken)
    {
        _resumption = (resumed, adopted, redone);
        Build();
        // Pulumi registers the stack first, with its outputs only at the end.
        if (!_destroy) _state.Root ??= new StateRecord { Urn = _plan.Root.Urn, Custom = false, Type = StateRecord.StackType, Outputs = [] };
        foreach (var step in _plan.Steps.Where(s => s.Op == StepOp.Same))
        {
            _state.Put(step.New!);
            Emit(new EngineEvent.StepStarted(0, step.ToStep()));
            Emit(new EngineEvent.StepDone(0, step.ToStep()));
            _finished.Add(step);
        }
        WriteCheckpoint();

        long now = 0;
        Dispatch(now);
        _journal.Flush();
        while (_events.TryPeek(out _, out var next))
        {
            now = next.At;
            while (_events.TryPeek(out _, out var at) && at.At == now)
            {
                var (kind, op) = _events.Dequeue();
                switch (kind)
                {
                    case EventKind.Attempt: Attempt(op, now); break;
                    case EventKind.LiveWrite: LiveWrite(op); break;
                    case EventKind.Complete: Complete(op, now); break;
                }
            }
            FlushBatch();
            if (cancellationToken.IsCancellationRequested)
            {
                if (_live.Dirty) _live.Save(_paths.Live, _plan.Rank, _sandbox.Clock.GetUtcNow());
                _journal.Flush();
                throw new OperationCanceledException("the apply was cancelled; its journal is kept and the next up resumes it", cancellationToken);
            }
            Dispatch(now);
            _journal.Flush();
        }

        var stepsDone = _plan.Steps.Where(_finished.Contains).Select(s => s.ToStep()).ToList();
        var blocked = _operations.Count - _completed;
        if (_failure is null && blocked > 0)
            _failure = $"{blocked} operation(s) could not start: their dependencies form a cycle";
        if (_failure is not null)
        {
            FlushBatch();
            if (_live.Dirty) _live.Save(_paths.Live, _plan.Rank, _sandbox.Clock.GetUtcNow());
            var partial = Result(stepsDone, includeRoot: false);
            throw new SandboxOperationFailedException(
                $"{_failure}; {_completed} of {_operations.Count} operations completed and are recorded in {_paths.Checkpoint}; run up again to continue",
                partial);
        }

        _state.Root = _destroy ? null : _plan.Root;
        if (_live.Dirty) _live.Save(_paths.Live, _plan.Rank, _sandbox.Clock.GetUtcNow());
        WriteCheckpoint();
        return Result(stepsDone, includeRoot: true);
    }

    private UpResult Result(List<ResourceStep> steps, bool includeRoot)
    {
        if (includeRoot && _plan.Root.Urn.Length > 0)
            steps.Insert(0, new ResourceStep(_plan.RootOp, _plan.Root.Urn, StateRecord.StackType, []));
        return new UpResult(steps, Plan.Summarize(steps.Select(s => s.Op)), _makespan / 60_000.0, _retries);
    }

    private void Build()
    {
        var finalOp = new Dictionary<string, Operation>(StringComparer.Ordinal);
        var firstOp = new Dictionary<PlannedStep, Operation>(ReferenceEqualityComparer.Instance);
        foreach (var step in _plan.Steps)
        {
            switch (step.Op)
            {
                case StepOp.Create:
                    finalOp[step.Urn] = firstOp[step] = Add(step, OperationKind.Create, step.New!, 1);
                    break;
                case StepOp.Update:
                    finalOp[step.Urn] = firstOp[step] = Add(step, OperationKind.Update, step.New!, 1);
                    break;
                case StepOp.Replace when step.DeleteBeforeReplace:
                    var delete = Add(step, OperationKind.DeleteReplaced, step.Old!, 1);
                    var create = Add(step, OperationKind.CreateReplacement, step.New!, 1);
                    Link(delete, create);
                    finalOp[step.Urn] = firstOp[step] = create;
                    break;
                case StepOp.Replace:
                    finalOp[step.Urn] = firstOp[step] = Add(step, OperationKind.CreateReplacement, step.New!, 1);
                    Add(step, OperationKind.DeleteReplaced, step.Old!, 2);
                    break;
                case StepOp.Delete:
                    Add(step, OperationKind.Delete, step.Old!, 2);
                    break;
            }
        }
        foreach (var (step, op) in firstOp)
            foreach (var dependency in step.DependsOn)
                if (finalOp.TryGetValue(dependency, out var before) && !ReferenceEquals(before, op))
                    Link(before, op);

        // Deletions: everything that depends on a resource goes before it.
        var doomedByUrn = _phaseTwo.GroupBy(o => o.Record.Urn).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var dependent in _phaseTwo)
            foreach (var urn in Planner.Prerequisites(dependent.Record).Distinct())
                foreach (var target in doomedByUrn.GetValueOrDefault(urn) ?? [])
                    if (!ReferenceEquals(target, dependent)) Link(dependent, target);

        _phaseOneLeft = _operations.Count(o => o.Phase == 1);
        foreach (var op in _phaseTwo) op.Waiting++; // the barrier: all creates and updates first
        if (_phaseOneLeft == 0) ReleasePhaseTwo();
        foreach (var op in _operations.Where(o => o.Phase == 1 && o.Waiting == 0)) Ready(op);
    }

    private Operation Add(PlannedStep step, OperationKind kind, StateRecord record, int phase)
    {
        var durations = Durations.Of(record.Type);
        var minutes = kind switch
        {
            OperationKind.Create or OperationKind.CreateReplacement => durations.Create,
            OperationKind.Update => durations.Update,
            _ => durations.Delete,
        };
        var provider = record.ProviderUrn is { } p ? _plan.Providers.GetValueOrDefault(p) : null;
        var location = record.Inputs is { } inputs ? SimulatedAzure.Text(inputs, "location") : null;
        if (location is null) location = provider?.Location;
        else if (location.Equals("global", StringComparison.OrdinalIgnoreCase)) location = null; // global resources have no regional control plane
        var op = new Operation
        {
            Seq = _operations.Count,
            Step = step,
            Kind = kind,
            Record = record,
            Phase = phase,
            Rank = _plan.Rank.TryGetValue(record.Urn, out var rank) ? rank : int.MaxValue / 2,
            DurationMs = Durations.Milliseconds(minutes),
            Arm = record.IsArm,
            Location = record.IsArm ? location : null, // providers and the stack are not Azure calls
            Subscription = SubscriptionOf(record.Id) ?? provider?.Subscription ?? "",
            Namespace = record.IsArm ? ArmResourceType.For(record.Type).Namespace : "",
            Vnet = ArmThrottle.SerialisedOn(record.Type, record.Id),
        };
        _operations.Add(op);
        _remaining[step] = _remaining.GetValueOrDefault(step) + 1;
        if (phase == 2) _phaseTwo.Add(op);
        return op;
    }

    private static string? SubscriptionOf(string? id)
    {
        if (id is null || !id.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)) return null;
        var end = id.IndexOf('/', "/subscriptions/".Length);
        return end < 0 ? id["/subscriptions/".Length..] : id["/subscriptions/".Length..end];
    }

    private static void Link(Operation before, Operation after)
    {
        before.Next.Add(after);
        after.Waiting++;
    }

    private void Ready(Operation op) =>
        _ready.Enqueue(op, (op.Phase, op.Phase == 2 ? -op.Rank : op.Rank, op.Seq));

    private void ReleasePhaseTwo()
    {
        foreach (var op in _phaseTwo)
            if (--op.Waiting == 0) Ready(op);
    }

    private void Dispatch(long now)
    {
        while (_failure is null && _running < _options.Parallel && _ready.TryDequeue(out var op, out _))
            Begin(op, now);
    }

    private void Begin(Operation op, long now)
    {
        _running++;
        _inFlight.Add(op);
        _journal.Record(JournalEntry.Intent, op.JournalOp, op.Record, Minute(now));
        if (_started.Add(op.Step)) Emit(new EngineEvent.StepStarted(Minute(now), op.Step.ToStep()));
        Attempt(op, now);
    }

    private void Attempt(Operation op, long now)
    {
        op.Tries++;
        if (op.Location is { } location && _sandbox.Faults.RegionOutages.Any(r => r.Equals(location, StringComparison.OrdinalIgnoreCase)))
        {
            Fail(op, now, $"{op.JournalOp} of {op.Record.Urn} failed: region {location} is unavailable (injected region outage)");
            return;
        }
        if (op.Kind is OperationKind.Create or OperationKind.CreateReplacement &&
            AzureConstraints.RefusalOfZones(op.Location, op.Record.Inputs?["zones"] is JsonArray { Count: > 0 }) is { } refused)
        {
            Fail(op, now, $"{op.JournalOp} of {op.Record.Urn} refused by Azure: {op.Location} has no availability zones {refused.Describe()}");
            return;
        }
        if (op.Kind is OperationKind.Create or OperationKind.CreateReplacement or OperationKind.Update &&
            op.Record.Type == AzureConstraints.ApiManagementToken && op.Record.Inputs is { } apim &&
            AzureConstraints.RefusalsOfApimNetwork(SimulatedAzure.ApimNetwork(apim, _live.ById)) is { Count: > 0 } network)
        {
            Fail(op, now, $"{op.JournalOp} of {op.Record.Urn} refused by Azure: {string.Join("; ", network.Select(c => c.Describe()))}");
            return;
        }
        if (op.Arm && !Call(op, now)) return;
        if (op.Arm) Schedule(now + op.DurationMs / 2, EventKind.LiveWrite, op);
        Schedule(now + op.DurationMs, EventKind.Complete, op);
    }

    /// <summary>Makes the ARM request: false when it is throttled or refused and a retry has been scheduled (or the operation failed).</summary>
    private bool Call(Operation op, long now)
    {
        var kind = op.IsDelete ? ArmCallKind.Delete : ArmCallKind.Write;
        if (!_throttle.Bucket(op.Subscription, kind).TryTake(now, out var retryAt))
        {
            var (size, refill) = kind == ArmCallKind.Write
                ? (ArmLimits.WriteBucket, ArmLimits.WriteRefillPerSecond)
                : (ArmLimits.DeleteBucket, ArmLimits.DeleteRefillPerSecond);
            Retry(op, now, retryAt, kind == ArmCallKind.Write ? "subscription-writes" : "subscription-deletes",
                $"429 TooManyRequests: subscription {kind.ToString().ToLowerInvariant()} limit ({size} tokens, {refill}/s); Retry-After {(retryAt - now) / 1000}s");
            return false;
        }
        if (_sandbox.Faults.TransientRate > 0 && _random.NextDouble() < _sandbox.Faults.TransientRate)
        {
            Log(op, now, kind, ArmCall.Injected);
            op.TransientFailures++;
            var code = _random.Next(2) == 0 ? "429 TooManyRequests" : "503 ServiceUnavailable";
            if (op.TransientFailures >= ArmLimits.MaxTransientAttempts)
            {
                Fail(op, now, $"{op.JournalOp} of {op.Record.Urn} failed: {code} {op.TransientFailures} times in a row (injected transient faults)");
                return false;
            }
            var backoff = Math.Min(60, 4L << (op.TransientFailures - 1)) * 1000;
            Retry(op, now, now + backoff, "transient", $"{code} (injected transient fault); retrying in {backoff / 1000}s");
            return false;
        }
        if (op.Namespace == "Microsoft.Network" && !_throttle.Network(op.Subscription).TryTake(now, out retryAt))
        {
            Log(op, now, kind, ArmCall.Throttled);
            Retry(op, now, retryAt, "network-limit",
                $"429 TooManyRequests: Microsoft.Network allows {ArmLimits.NetworkWritesPerWindow:N0} writes per {ArmLimits.NetworkWindowSeconds / 60} minutes; Retry-After {(retryAt - now + 999) / 1000}s");
            return false;
        }
        if (op.Vnet is { } vnet && !_throttle.TryOccupy(vnet, op.Record.Urn, out var holder))
        {
            Log(op, now, kind, ArmCall.Conflict);
            var retry = ArmLimits.AnotherOperationRetrySeconds * 1000L;
            Retry(op, now, now + retry, "another-operation",
                $"429 RetryableErrorDueToAnotherOperation: virtual network {vnet[(vnet.LastIndexOf('/') + 1)..]} is busy with {holder[(holder.LastIndexOf("::", StringComparison.Ordinal) + 2)..]}; Retry-After {retry / 1000}s");
            return false;
        }
        op.Occupying = op.Vnet is not null;
        Log(op, now, kind, ArmCall.Accepted);
        return true;
    }

    private void Log(Operation op, long now, ArmCallKind kind, string outcome) =>
        _calls.Add(new ArmCall(now, op.Record.Urn, kind, op.Namespace, op.Subscription, outcome));

    private void Retry(Operation op, long now, long at, string reason, string message)
    {
        _retries++;
        _retriesByReason[reason] = _retriesByReason.GetValueOrDefault(reason) + 1;
        Emit(new EngineEvent.Retried(Minute(now), op.Record.Urn, message, op.Tries));
        Schedule(at, EventKind.Attempt, op);
    }

    private void Fail(Operation op, long now, string error)
    {
        _running--;
        _inFlight.Remove(op);
        _journal.Record(JournalEntry.Failed, op.JournalOp, op.Record, Minute(now), error);
        _failure ??= error;
        _makespan = Math.Max(_makespan, now);
        Emit(new EngineEvent.StepFailed(Minute(now), op.Step.ToStep(), error));
    }

    private void Schedule(long at, EventKind kind, Operation op) => _events.Enqueue((kind, op), (at, _eventSeq++));

    /// <summary>Halfway through an operation Azure has the resource (or no longer has it): a crash after this point leaves it live.</summary>
    private void LiveWrite(Operation op)
    {
        if (op.IsDelete) _live.Remove(op.Record.Id!);
        else _live.Put(op.Record);
    }

    private void Complete(Operation op, long now)
    {
        if (op.Occupying) _throttle.Release(op.Vnet!);
        switch (op.Kind)
        {
            case OperationKind.Create or OperationKind.Update:
                _state.Put(op.Record);
                break;
            case OperationKind.CreateReplacement:
                if (!op.Step.DeleteBeforeReplace) _state.Supersede(op.Step.Old!);
                _state.Put(op.Record);
                break;
            default:
                _state.Remove(op.Record);
                break;
        }
        _running--;
        _inFlight.Remove(op);
        _completed++;
        _completedSinceFlush.Add(op);
        _makespan = Math.Max(_makespan, now);
        if (--_remaining[op.Step] == 0)
        {
            _finished.Add(op.Step);
            Emit(new EngineEvent.StepDone(Minute(now), op.Step.ToStep()));
        }
        foreach (var next in op.Next)
            if (--next.Waiting == 0) Ready(next);
        if (op.Phase == 1 && --_phaseOneLeft == 0 && _failure is null) ReleasePhaseTwo();

        if (_sandbox.Faults.CrashAfter == _completed)
        {
            FlushBatch();
            var message = string.Create(CultureInfo.InvariantCulture,
                $"simulated crash after {_completed} completed operations (--inject crash-after={_completed}) at minute {Minute(now):0.0}; the next up resumes from {_paths.Journal}");
            (_sandbox.Crash ?? DefaultCrash)(message);
        }
    }

    private static void DefaultCrash(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.Flush();
        Environment.Exit(137);
    }

    /// <summary>
    /// Live first (Azure has it), then the checkpoint, then the completions in the journal — so a
    /// completion on disk is always in the checkpoint. Rounds without completions write nothing:
    /// a live write lost to a kill is an operation that did not reach Azure, and is redone.
    /// </summary>
    private void FlushBatch()
    {
        if (_completedSinceFlush.Count == 0) return;
        if (_live.Dirty) _live.Save(_paths.Live, _plan.Rank, _sandbox.Clock.GetUtcNow());
        WriteCheckpoint();
        foreach (var op in _completedSinceFlush)
            _journal.Record(JournalEntry.Done, op.JournalOp, op.Record, Minute(_makespan));
        _completedSinceFlush.Clear();
        _journal.Flush();
    }

    private void WriteCheckpoint()
    {
        var pending = _inFlight.Select(o => new PendingOperation(o.Record, o.PendingType)).ToList();
        AtomicFile.Write(_paths.Checkpoint, stream => Checkpoint.WriteTo(stream, _state.Ordered(), pending, _sandbox.Clock.GetUtcNow()));
    }

    private void Emit(EngineEvent e) => _options.OnEvent?.Invoke(e);

    private static double Minute(long ms) => ms / 60_000.0;
}
