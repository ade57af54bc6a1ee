using System.Globalization;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Dr;

/// <summary>What a rebuild did: the engine's result, the policy packs on the rebuilt state, the step log and when each tier was done.</summary>
/// <param name="TierFinishedMinute">Per continuity tier (<c>"0"</c>, <c>"1"</c>…): the latest simulated (sandbox) or elapsed (Pulumi) minute at which one of its resources finished.</param>
public sealed record DrRebuildResult(
    UpResult Up,
    PolicyReport Policy,
    IReadOnlyList<string> StepLog,
    IReadOnlyDictionary<string, double> TierFinishedMinute);

/// <summary>
/// <c>./infra dr rebuild</c>: executes a DR plan by running <c>up</c> of the DR stack's program (resumable and
/// idempotent through the engine's journal), logs every step, then evaluates the policy packs on the rebuilt
/// state. The caller exits 5 when <see cref="PolicyReport.Blocks"/>.
/// </summary>
public static class DrRebuild
{
    /// <summary>Runs the rebuild; log lines are stamped with the wall clock's UTC time and the step's minute.</summary>
    public static Task<DrRebuildResult> RunAsync(DrPlan plan, ResourceGraph targetProgram, IEngine engine, OperationOptions options,
        PolicySettings policy, Action<string>? log, CancellationToken cancellationToken = default) =>
        RunAsync(plan, targetProgram, engine, options, policy, log, simulatedStart: null, clock: null, cancellationToken);

    /// <param name="simulatedStart">When set (a drill: the outage instant), each log line's timestamp is this instant plus the step's simulated minute; otherwise <paramref name="clock"/>'s (the wall clock's) now.</param>
    public static Task<DrRebuildResult> RunAsync(DrPlan plan, ResourceGraph targetProgram, IEngine engine, OperationOptions options,
        PolicySettings policy, Action<string>? log, DateTimeOffset? simulatedStart, TimeProvider? clock, CancellationToken cancellationToken = default) =>
        RunAsync(plan, targetProgram, engine, options, policy, log, simulatedStart, clock, tierOrdered: false, cancellationToken);

    /// <param name="tierOrdered">
    /// True: one <c>up</c> per wave of <see cref="DrPlan.Waves"/>, in order (tier 0 first), each with
    /// <see cref="OperationOptions.Targets"/> = the wave's resources (waves whose resources all exist already are skipped),
    /// their results added up into one. False: one <c>up</c> of everything with <c>--parallel</c>.
    /// </param>
    public static async Task<DrRebuildResult> RunAsync(DrPlan plan, ResourceGraph targetProgram, IEngine engine, OperationOptions options,
        PolicySettings policy, Action<string>? log, DateTimeOffset? simulatedStart, TimeProvider? clock, bool tierOrdered, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(targetProgram);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
        if (!string.Equals(plan.Target, options.Stack, StringComparison.Ordinal) || !string.Equals(targetProgram.Stack, options.Stack, StringComparison.Ordinal))
            throw new EngineInputException($"the plan is for '{plan.Target}' and the program for '{targetProgram.Stack}', but the rebuild runs on '{options.Stack}'");

        var wall = clock ?? TimeProvider.System;
        var tiers = TiersByUrn(targetProgram);
        var lines = new List<string>();
        var finished = new Dictionary<string, double>(StringComparer.Ordinal);
        var gate = new object();

        void Write(double minute, string text)
        {
            var at = simulatedStart is { } s ? s.AddMinutes(minute) : wall.GetUtcNow();
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} +{DrDrillReports.M(minute),7} min  {text}");
            lock (gate) lines.Add(line);
            log?.Invoke(line);
        }

        var inner = options.OnEvent;
        var wrapped = options with
        {
            OnEvent = e =>
            {
                switch (e)
                {
                    case EngineEvent.StepStarted s:
                        Write(s.Minute, $"start  {Op(s.Step.Op),-7} {s.Step.Urn}");
                        break;
                    case EngineEvent.StepDone d:
                        Write(d.Minute, $"done   {Op(d.Step.Op),-7} {d.Step.Urn}");
                        var tier = tiers.TryGetValue(d.Step.Urn, out var t) ? t : null;
                        if (tier is not null)
                            lock (gate) finished[tier] = Math.Max(finished.GetValueOrDefault(tier), d.Minute);
                        break;
                    case EngineEvent.StepFailed f:
                        Write(f.Minute, $"FAILED {Op(f.Step.Op),-7} {f.Step.Urn}: {f.Error}");
                        break;
                    case EngineEvent.Retried r:
                        Write(r.Minute, $"retry  #{r.Attempt} {r.Urn}: {r.Reason}");
                        break;
                    case EngineEvent.Diagnostic g:
                        Write(g.Minute, $"{g.Severity}: {g.Message}");
                        break;
                }
                inner?.Invoke(e);
            },
        };

        Write(0, $"rebuild {plan.Source} ({plan.SourceRegion}) -> {plan.Target} ({plan.TargetRegion}), parallel {options.Parallel}, estimated RTO {DrDrillReports.M(plan.EstimatedRtoMinutes)} min"
                 + (tierOrdered ? $", one up per wave ({plan.Waves.Count} waves)" : ""));
        var up = tierOrdered
            ? await UpByWaveAsync(plan, targetProgram, engine, wrapped, Write, cancellationToken).ConfigureAwait(false)
            : await engine.UpAsync(targetProgram, wrapped, cancellationToken).ConfigureAwait(false);
        Write(up.ElapsedMinutes, string.Create(CultureInfo.InvariantCulture,
            $"up finished: {string.Join(", ", up.Summary.Counts.Where(c => c.Value > 0).OrderBy(c => c.Key).Select(c => $"{Op(c.Key)} {c.Value}"))}; {up.Retries} retries"));

        var json = await engine.ExportStackAsync(options.Stack, cancellationToken).ConfigureAwait(false)
                   ?? throw new EngineInputException($"stack '{options.Stack}' has no state after the rebuild");
        var set = StateDocuments.ReadStackExport(json, $"{options.Stack} (rebuilt state)").Set;
        var report = policy.Run(set);
        Write(up.ElapsedMinutes, string.Create(CultureInfo.InvariantCulture,
            $"policy on the rebuilt state: {report.Mandatory} mandatory, {report.Advisory} advisory violation(s)"));

        return new DrRebuildResult(up, report, lines, finished);
    }

    /// <summary>One targeted <c>up</c> per wave, in order; the results added up (steps, counts, minutes, retries).</summary>
    private static async Task<UpResult> UpByWaveAsync(DrPlan plan, ResourceGraph program, IEngine engine, OperationOptions options,
        Action<double, string> write, CancellationToken cancellationToken)
    {
        var existing = await ExistingUrnsAsync(engine, options.Stack, cancellationToken).ConfigureAwait(false);
        // Waves also list the plan's data steps (failovers, restores, cutovers), which are no resources of the program.
        var declared = program.Resources.Select(program.UrnOf).ToHashSet(StringComparer.Ordinal);
        // Explicit providers go with every wave: `pulumi up --target` does not create an untargeted
        // explicit provider that a targeted resource needs (the sandbox does; both accept it targeted).
        var providers = program.Resources.OfType<ProviderResource>().Select(program.UrnOf).ToList();
        var steps = new List<ResourceStep>();
        var counts = new Dictionary<StepOp, int>();
        double elapsed = 0;
        var retries = 0;
        foreach (var wave in plan.Waves)
        {
            var targets = wave.Resources.Where(declared.Contains).ToList();
            if (targets.All(existing.Contains))
            {
                write(elapsed, $"wave {wave.Wave} (tier {wave.Tier}): all {targets.Count} resource(s) exist, skipped");
                continue;
            }
            write(elapsed, $"wave {wave.Wave} (tier {wave.Tier}): up --target × {targets.Count}");
            var offset = elapsed;
            var waveOptions = options with
            {
                Targets = [.. targets, .. providers.Except(targets, StringComparer.Ordinal)],
                // Each up's minutes start at 0; the log and the tier times continue from the waves before.
                OnEvent = options.OnEvent is { } onEvent ? e => onEvent(Shift(e, offset)) : null,
            };
            var up = await engine.UpAsync(program, waveOptions, cancellationToken).ConfigureAwait(false);
            steps.AddRange(up.Steps);
            foreach (var (op, n) in up.Summary.Counts) counts[op] = counts.GetValueOrDefault(op) + n;
            elapsed += up.ElapsedMinutes;
            retries += up.Retries;
            foreach (var urn in targets) existing.Add(urn);
        }
        return new UpResult(steps, new ChangeSummary(counts), elapsed, retries);
    }

    private static EngineEvent Shift(EngineEvent e, double offset) => offset == 0 ? e : e switch
    {
        EngineEvent.StepStarted s => s with { Minute = s.Minute + offset },
        EngineEvent.StepDone d => d with { Minute = d.Minute + offset },
        EngineEvent.StepFailed f => f with { Minute = f.Minute + offset },
        EngineEvent.Retried r => r with { Minute = r.Minute + offset },
        EngineEvent.Diagnostic g => g with { Minute = g.Minute + offset },
        _ => e,
    };

    private static async Task<HashSet<string>> ExistingUrnsAsync(IEngine engine, string stack, CancellationToken cancellationToken)
    {
        var json = await engine.ExportStackAsync(stack, cancellationToken).ConfigureAwait(false);
        var urns = new HashSet<string>(StringComparer.Ordinal);
        if (json is null) return urns;
        if (System.Text.Json.Nodes.JsonNode.Parse(json)?["deployment"]?["resources"] is System.Text.Json.Nodes.JsonArray resources)
            foreach (var r in resources)
                if (r?["urn"]?.GetValue<string>() is { } urn && r["delete"]?.GetValue<bool>() != true) urns.Add(urn);
        return urns;
    }

    /// <summary>The continuity tier of every resource of a program: its own <c>continuity-tier</c> tag, else its parents' (its resource group's).</summary>
    public static IReadOnlyDictionary<string, string> TiersByUrn(ResourceGraph program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in program.Resources)
        {
            for (var x = r; x is not null; x = x.Options.Parent)
            {
                if (x.Inputs["tags"] is PropertyValue.Map tags && tags["continuity-tier"] is PropertyValue.Str s)
                {
                    result[program.UrnOf(r)] = s.Value;
                    break;
                }
            }
        }
        return result;
    }

    private static string Op(StepOp op) => op.ToString().ToLowerInvariant();
}
