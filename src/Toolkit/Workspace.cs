using Oic.Infra.Automation.Dr;
using Oic.Infra.Automation.Drift;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Pulumi;
using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Model;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Resources;
using Oic.Infra.Stacks;

namespace Oic.Infra.Toolkit;

/// <summary>The engines a workspace opens: the embedded sandbox (the default) or the real Pulumi CLI.</summary>
public enum EngineKind { Sandbox, Pulumi }

/// <summary>
/// The repository as every front end uses it: its stacks, their compiled programs behind the policy
/// gate, their policy settings (config and waivers, resolved by <see cref="PolicyGate"/> only), the
/// engine chosen and the state directory it owns. The CLI parses and renders around it; DR rebuild,
/// drift, the status report and the benchmarks go through it, so one state gets one verdict whichever
/// path judges it.
/// </summary>
public sealed class Workspace
{
    private Workspace(string root, string stateDirectory)
    {
        Root = root;
        StateDirectory = stateDirectory;
    }

    /// <summary>The folder holding <c>Pulumi.yaml</c> and <c>stacks/</c>.</summary>
    public string Root { get; }

    /// <summary>Where the sandbox keeps state, live resources, journals, locks, drills and evidence (default <c>ROOT/.infra</c>).</summary>
    public string StateDirectory { get; }

    /// <summary>The repository around <paramref name="start"/>; none is invalid input.</summary>
    public static Workspace Open(string start, string? stateDirectory = null)
    {
        var root = Compilation.FindRoot(start)
            ?? throw new EngineInputException("no Pulumi.yaml with a stacks/ folder here or above; run from the repository");
        return new Workspace(root, StateDirectoryOf(root, stateDirectory));
    }

    /// <summary>The state directory given, else <c>.infra</c> in the repository (or here when there is none).</summary>
    public static string StateDirectoryOf(string? root, string? given) =>
        given is { Length: > 0 } ? Path.GetFullPath(given) : Path.Combine(root ?? Environment.CurrentDirectory, ".infra");

    public string StackFile(string stack) => Compilation.StackFile(Root, stack);

    public StackConfig ReadStack(string stack) => Compilation.ReadStack(Root, stack);

    public IReadOnlyList<string> KnownStacks => Compilation.KnownStacks(Root);

    /// <summary>A stack's validated estate and the resource graph its program declares (no gate: for reading, drawing, reporting).</summary>
    public (EstateModel Estate, ResourceGraph Graph) Load(string stack) => Compilation.Load(ReadStack(stack));

    public ResourceGraph Declare(string stack) => Load(stack).Graph;

    /// <summary>A stack's validated estate and its whole program, whatever its phase (a DR stack after <c>dr rebuild</c>).</summary>
    public (EstateModel Estate, ResourceGraph Program) LoadWhole(string stack) => Compilation.LoadWhole(ReadStack(stack));

    /// <summary>A stack's program after the gate: an unwaived mandatory violation throws <see cref="PolicyGateException"/>.</summary>
    public ResourceGraph Compile(string stack)
    {
        var graph = Declare(stack);
        PolicyGate.Enforce(graph, Root);
        return graph;
    }

    /// <summary>The settings <paramref name="stack"/>'s resources are judged with, wherever they come from.</summary>
    public PolicySettings PolicySettings(string stack, string? configFile = null, string? waiverFile = null) =>
        PolicyGate.Settings(Root, stack, configFile, waiverFile);

    public IEngine OpenEngine(EngineKind kind, SandboxFaults? faults = null) => kind switch
    {
        EngineKind.Pulumi => new PulumiEngine(Root),
        _ => new SandboxEngine(StateDirectory, new SandboxOptions { Faults = faults ?? SandboxFaults.None, Refresh = true }),
    };

    /// <summary>The state <paramref name="engine"/> recorded for a stack, if it has one.</summary>
    public static async Task<ResourceSet?> RecordedAsync(IEngine engine, string stack, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var json = await engine.ExportStackAsync(stack, ct).ConfigureAwait(false);
        return json is null ? null : StateDocuments.ReadStackExport(json, $"state of {stack}").Set;
    }

    /// <summary>Program vs state and state vs Azure for a stack, through <paramref name="engine"/>; null when it has no state of it.</summary>
    public async Task<DriftReport?> MeasureDriftAsync(IEngine engine, string stack, int parallel, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var program = Compile(stack);
        var recordedJson = await engine.ExportStackAsync(stack, ct).ConfigureAwait(false);
        if (recordedJson is null) return null;
        var live = await engine.RefreshPreviewAsync(new OperationOptions { Stack = stack, Parallel = parallel }, ct).ConfigureAwait(false);
        var recorded = StackExport.Parse(recordedJson, $"state of {stack}");
        var liveExport = StackExport.Parse(live.LiveExportJson, $"live {stack}", baseline: recorded);
        var options = new DriftOptions { Config = PolicySettings(stack).Config };
        return DriftDetector.Compare(GraphInput.From(program, Root), recorded, liveExport, options);
    }

    /// <summary>
    /// The DR plan from the source's recorded state (or, before its first deployment, its program) to the DR
    /// stack's program, with the DR stack's estate. State is read through <paramref name="engine"/>, so
    /// <c>--engine pulumi</c> plans from Pulumi's state, never from the sandbox's.
    /// </summary>
    public async Task<(DrPlan Plan, ResourceGraph Program, ResourceGraph Standby, EstateModel Estate)> PlanDrAsync(
        IEngine engine, string source, string target, int parallel, CancellationToken ct = default)
    {
        // The rebuild deploys the whole program; what the stack's config deploys in peacetime is its pilot light (ADR 0014).
        var (estate, program) = LoadWhole(target);
        var standby = EstateProgram.Deployed(estate, program);
        var sourceState = await RecordedAsync(engine, source, ct).ConfigureAwait(false) ?? GraphInput.From(Declare(source), Root);
        var plan = DrPlanner.Plan(program, sourceState, await RecordedAsync(engine, target, ct).ConfigureAwait(false), estate,
            new DrPlanOptions { Parallel = parallel, SourceStack = source, Standby = standby.Resources.Select(standby.UrnOf).ToHashSet(StringComparer.Ordinal) });
        return (plan, program, standby, estate);
    }

    /// <summary>
    /// Rebuilds <paramref name="plan"/>'s DR stack: the gate on its program first, then the engine's <c>up</c>,
    /// then the packs on the rebuilt state with the DR stack's own settings (the same config and waivers
    /// as its gate), and the evidence written under the state directory.
    /// </summary>
    public async Task<(DrRebuildResult Result, string Evidence)> RebuildAsync(IEngine engine, DrPlan plan, ResourceGraph program,
        int parallel, bool tierOrdered, Action<string>? log, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        PolicyGate.Enforce(program, Root);
        // The DR stack's config says standby; the rebuild deploys (and records) the whole program.
        var result = await DrRebuild.RunAsync(plan, program, engine,
            new OperationOptions { Stack = plan.Target, Parallel = parallel, ConfigPaths = ["oic-gs-infra:deployment.phase=active"] },
            PolicySettings(plan.Target), log, simulatedStart: null, clock: null, tierOrdered, ct).ConfigureAwait(false);
        var evidence = DrEvidence.WriteRebuild(Path.Combine(StateDirectory, "evidence"), plan, result, DateTimeOffset.UtcNow);
        return (result, evidence);
    }
}
