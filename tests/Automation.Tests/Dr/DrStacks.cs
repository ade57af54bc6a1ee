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

/// <summary>The real prod and prod-dr stacks (and prod/prod-dr with N synthetic offices), declared once per run.</summary>
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
            var estate = EstateLoader.Load(config);
            return (estate, EstateProgram.Declare(estate));
        })).Value;

    /// <summary>The source's state as policies read it; the compiled prod graph stands in for its deployed state.</summary>
    public static ResourceSet SourceState(int offices = 0) => GraphInput.From(Load("prod", offices).Graph);

    public static DrPlan Plan(int offices = 0, int parallel = 10, DrScheduling scheduling = DrScheduling.TierCriticalPath, ResourceSet? targetState = null)
    {
        var (estate, graph) = Load("prod-dr", offices);
        return DrPlanner.Plan(graph, SourceState(offices), targetState, estate, new DrPlanOptions { Parallel = parallel, Scheduling = scheduling });
    }
}
