using System.Collections.Concurrent;
using Oic.Infra.Automation.Dr;
using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Model;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Resources;
using Oic.Infra.Stacks;
using Oic.Infra.Automation.Tests.Sandbox;

namespace Oic.Infra.Automation.Tests.Dr;

/// <summary>
/// The real prod and prod-dr stacks (and prod/prod-dr with N synthetic offices), declared once per run: each stack's
/// whole program, as <c>dr plan/rebuild/drill</c> take the DR stack's, and prod-dr's pilot light (<see cref="Standby"/>).
/// </summary>
internal static class DrStacks
{
    private static readonly ConcurrentDictionary<string, Lazy<(EstateModel Estate, ResourceGraph Graph)>> Cache = new(StringComparer.Ordinal);

    public static string Root => RealStacks.Root;

    /// <summary>A stack, or with <paramref name="offices"/> &gt; 0 the same stack with that many generated offices.</summary>
    public static (EstateModel Estate, ResourceGraph Graph) Load(string stack, int offices = 0) =>
        Cache.GetOrAdd($"{stack}+{offices}", _ => new Lazy<(EstateModel, ResourceGraph)>(() =>
        {
            var file = RealStacks.StackFile(stack);
            var config = offices == 0
                ? StackConfig.FromStackFile(file, $"stacks/Pulumi.{stack}.yaml")
                : StackConfig.FromStackFileText(RealStacks.SyntheticOffices(File.ReadAllText(file), offices), $"synthetic-{stack}-{offices}.yaml", stack);
            // Hundreds of generated offices exceed every VPN gateway SKU on purpose: a scheduling stress test, not a deployable stack.
            var estate = EstateLoader.Load(config, checkTunnelCapacity: offices == 0);
            return (estate, EstateProgram.DeclareActive(estate));
        })).Value;

    /// <summary>The source's state as policies read it; the compiled prod graph stands in for its deployed state.</summary>
    public static ResourceSet SourceState(int offices = 0) => GraphInput.From(Load("prod", offices).Graph);

    /// <summary>prod-dr's pilot light: its program in <c>deployment.phase: standby</c>, what <c>pulumi up</c> deploys before a disaster.</summary>
    public static ResourceGraph Standby(int offices = 0) => PilotLight.Standby(Load("prod-dr", offices).Graph);

    public static IReadOnlySet<string> StandbyUrns(int offices = 0)
    {
        var standby = Standby(offices);
        return standby.Resources.Select(standby.UrnOf).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The plan from prod to prod-dr. By default the whole estate is rebuilt into an empty region (the worst case,
    /// the one that tests the scheduler); with <paramref name="pilotLight"/> prod-dr's pilot light is taken as standing.
    /// </summary>
    public static DrPlan Plan(int offices = 0, int parallel = 10, DrScheduling scheduling = DrScheduling.TierCriticalPath, ResourceSet? targetState = null, bool pilotLight = false)
    {
        var (estate, graph) = Load("prod-dr", offices);
        return DrPlanner.Plan(graph, SourceState(offices), targetState, estate, new DrPlanOptions
        {
            Parallel = parallel,
            Scheduling = scheduling,
            Standby = pilotLight ? StandbyUrns(offices) : null,
        });
    }
}
