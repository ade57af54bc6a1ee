using System.Globalization;
using BenchmarkDotNet.Attributes;
using Oic.Infra.Automation.Dr;
using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Model;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Resources;

namespace Oic.Infra.Bench;

/// <summary>
/// The DR rebuild scheduler (issue 5 item 7): planning time, and — through <see cref="Makespans"/> —
/// the simulated makespans of ours, a plain FIFO and the lower bound, on prod-dr and on prod-dr
/// with 500 synthetic offices, at parallel 10.
/// </summary>
[MemoryDiagnoser]
public class DrSchedulerBenchmarks
{
    private (ResourceGraph Graph, EstateModel Estate, Oic.Infra.Policies.Engine.ResourceSet Source) _estate;

    [Params(0, 500)]
    public int Offices { get; set; }

    [GlobalSetup]
    public void Setup() => _estate = Load(Offices);

    [Benchmark]
    public DrPlan TierCriticalPath() => DrPlanner.Plan(_estate.Graph, _estate.Source, null, _estate.Estate, new DrPlanOptions());

    [Benchmark]
    public DrPlan Fifo() => DrPlanner.Plan(_estate.Graph, _estate.Source, null, _estate.Estate, new DrPlanOptions { Scheduling = DrScheduling.Fifo });

    /// <summary>
    /// Lines such as <c>prod-dr+500 parallel 10, empty region: ours 155.1 min, FIFO 181.4, lower bound 154.9</c>: the whole
    /// estate rebuilt into an empty region (the scheduler's worst case), then on top of prod-dr's pilot light (ADR 0014).
    /// </summary>
    public static IEnumerable<string> Makespans(int parallel = 10)
    {
        foreach (var offices in new[] { 0, 500 })
        foreach (var pilotLight in new[] { false, true })
        {
            var (graph, estate, source) = Load(offices);
            var standby = Oic.Infra.Stacks.PilotLight.Standby(graph);
            var options = new DrPlanOptions { Parallel = parallel, Standby = pilotLight ? standby.Resources.Select(standby.UrnOf).ToHashSet(StringComparer.Ordinal) : null };
            var ours = DrPlanner.Plan(graph, source, null, estate, options);
            var fifo = DrPlanner.Plan(graph, source, null, estate, options with { Scheduling = DrScheduling.Fifo });
            var b = ours.LowerBound;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"prod-dr+{offices} offices, parallel {parallel}, {(pilotLight ? "pilot light standing" : "empty region")}: ours {ours.EstimatedRtoMinutes:0.#} min (tier 0 {ours.Tiers[0].EstimatedMinutes:0.#}), " +
                $"FIFO {fifo.EstimatedRtoMinutes:0.#} min (tier 0 {fifo.Tiers[0].EstimatedMinutes:0.#}), lower bound {b.Minutes:0.#} " +
                $"(critical path {b.CriticalPathMinutes:0.#}, throttling {b.ThrottleMinutes:0.#}, work/parallel {b.ParallelMinutes:0.#}), " +
                $"{(ours.EstimatedRtoMinutes / b.Minutes - 1) * 100:0.##} % over");
        }
    }

    private static (ResourceGraph, EstateModel, Oic.Infra.Policies.Engine.ResourceSet) Load(int offices)
    {
        var root = Oic.Infra.Toolkit.Compilation.FindRoot(Environment.CurrentDirectory) ?? throw new InvalidOperationException("run from the repository");
        EstateModel Estate(string stack) => EstateLoader.Load(offices == 0
            ? StackConfig.FromStackFile(Path.Combine(root, "stacks", $"Pulumi.{stack}.yaml"), $"stacks/Pulumi.{stack}.yaml")
            : StackConfig.FromStackFileText(SyntheticEstate.Create(Path.Combine(root, "stacks", $"Pulumi.{stack}.yaml"), offices), $"synthetic-{stack}-{offices}.yaml", stack),
            checkTunnelCapacity: offices == 0); // synthetic offices beyond any VPN gateway SKU on purpose (docs/adr/0021)
        var target = Estate("prod-dr");
        var source = Estate("prod");
        return (Oic.Infra.Stacks.EstateProgram.DeclareActive(target), target, GraphInput.From(Oic.Infra.Stacks.EstateProgram.Declare(source)));
    }
}
