using System.Globalization;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Estate.Model;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Dr;

/// <summary>
/// Plans the rebuild of an estate in its DR region (issue 5 item 2): from the target (DR) stack's
/// program, what already exists there (pilot light), what must be created, the data steps (storage
/// failover of the document stores that recover that way and that Azure will fail over — see
/// <see cref="DrDocuments"/>; backups are not restored across regions, ADR 0013) and the office
/// cutovers, scheduled on the sandbox's durations and ARM limits with tier-then-critical-path
/// priority.
/// </summary>
public static class DrPlanner
{
    internal const string VnetType = "azure-native:network:VirtualNetwork";
    internal const string ConnectionType = "azure-native:network:VirtualNetworkGatewayConnection";
    internal const string StorageAccountType = "azure-native:storage:StorageAccount";
    internal const string ResourceGroupType = "azure-native:resources:ResourceGroup";
    internal const string FailoverType = "oic-gs-infra:dr:StorageFailover";
    internal const string CutoverType = "oic-gs-infra:dr:Cutover";

    public static DrPlan Plan(ResourceGraph target, ResourceSet? sourceState, ResourceSet? targetState, EstateModel targetEstate, DrPlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(targetEstate);
        options ??= new DrPlanOptions();
        if (options.Parallel < 1) throw new EngineInputException($"--parallel must be at least 1, not {options.Parallel}");
        var dr = targetEstate.Regions.Dr;
        if (dr.Azure.AccessRestricted && !dr.AccessGranted)
            throw new EngineInputException(
                $"the DR region {dr.Location} is access-restricted and regions.dr.accessGranted is false: " +
                "request access and quota through a support request before relying on it");
        var graph = DrGraph.Build(target, sourceState, targetState, targetEstate, options);
        var schedule = DrScheduler.Run(graph.Tasks, options.Parallel, options.Scheduling);
        return graph.ToPlan(schedule, options);
    }

    /// <summary>The lower bound of any schedule of this rebuild: max(critical path, writes ÷ throttle rate, work ÷ parallel).</summary>
    public static DrLowerBound LowerBound(ResourceGraph target, ResourceSet? sourceState, ResourceSet? targetState, EstateModel targetEstate, DrPlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(targetEstate);
        options ??= new DrPlanOptions();
        return DrGraph.Build(target, sourceState, targetState, targetEstate, options).LowerBound(options.Parallel);
    }

    internal static string Minutes(double minutes) => minutes.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>The rebuild as a task graph, before scheduling.</summary>
internal sealed class DrGraph
{
    private DrGraph() { }

    public List<DrTask> Tasks { get; } = [];
    public List<int> Topo { get; } = [];
    public required string Source { get; init; }
    public required string Target { get; init; }
    public required string SourceRegion { get; init; }
    public required string TargetRegion { get; init; }
    public required EstateModel Estate { get; init; }

    /// <summary>The continuity service of each task made from a target resource (by its component's resource group).</summary>
    public Dictionary<int, ContinuityService> ServiceOf { get; } = [];

    /// <summary>How each classification's documents come back (<see cref="DrDocuments"/>).</summary>
    public required IReadOnlyList<DrDocumentRecovery> Documents { get; init; }

    /// <summary>The Azure constraints the plan respects, and how.</summary>
    public required IReadOnlyList<DrConstraintCheck> Constraints { get; init; }

    /// <summary>Whether the target stack's state was given (what exists in the DR region is known).</summary>
    public bool HasTargetState { get; init; }

    /// <summary>The DR stack's pilot light (<see cref="DrPlanOptions.Standby"/>), if known.</summary>
    public IReadOnlySet<string>? Standby { get; init; }

    public static DrGraph Build(ResourceGraph target, ResourceSet? sourceState, ResourceSet? targetState, EstateModel estate, DrPlanOptions options)
    {
        var sourceRegion = options.SourceRegion ?? SourceRegionOf(sourceState) ?? estate.Regions.Primary.Location;
        Validate(target, estate, sourceRegion);
        var (documents, constraints) = DrDocuments.Decide(target, sourceState, estate, sourceRegion);
        constraints = [.. constraints.Concat(DrNetwork.Check(target, estate, sourceRegion)).OrderBy(c => c.Id, StringComparer.Ordinal)];
        var g = new DrGraph
        {
            Documents = documents,
            Constraints = constraints,
            Source = sourceState?.Stack ?? options.SourceStack ?? "(source)",
            Target = target.Stack,
            SourceRegion = sourceRegion,
            TargetRegion = estate.Regions.Dr.Location,
            Estate = estate,
            HasTargetState = targetState is not null,
            Standby = options.Standby,
        };
        var maxTier = estate.ContinuityTiers.Count == 0 ? 0 : estate.ContinuityTiers.Max(t => t.Tier);
        var tierOf = new Dictionary<ContinuityService, int>();
        foreach (var t in estate.ContinuityTiers)
            foreach (var s in t.Services) tierOf[s] = t.Tier;

        // Resources of the target program, in its topological order.
        var index = new Dictionary<Resource, int>(ReferenceEqualityComparer.Instance);
        foreach (var r in target.TopologicalOrder())
        {
            if (r is ProviderResource || r.Type.StartsWith("pulumi:", StringComparison.Ordinal)) continue;
            var urn = target.UrnOf(r);
            var vnet = r.Type switch
            {
                DrPlanner.VnetType => urn,
                "azure-native:network:Subnet" or "azure-native:network:VirtualNetworkPeering" =>
                    r.Inputs["virtualNetworkName"]?.References().Select(x => x.Resource).FirstOrDefault(x => x?.Type == DrPlanner.VnetType) is { } v
                        ? target.UrnOf(v) : null,
                _ => null,
            };
            var task = g.Add(new DrTask
            {
                Index = g.Tasks.Count,
                Urn = urn,
                Type = r.Type,
                Kind = DrStepKind.Create,
                DurationMs = Durations.Milliseconds(Durations.Of(r.Type).Create),
                Existing = targetState is not null ? targetState.ByUrn(urn) is not null : options.Standby?.Contains(urn) == true,
                Network = ArmResourceType.For(r.Type).Namespace == "Microsoft.Network",
                Vnet = vnet,
                Tier = TagTier(r) ?? maxTier,
            });
            index[r] = task.Index;
            if (ServiceOfResource(r) is { } service) g.ServiceOf[task.Index] = service;
            foreach (var d in ResourceGraph.DependenciesOf(r))
                if (index.TryGetValue(d, out var p)) g.Link(p, task.Index);
        }

        // Office cutover: each standby connection made active once it (and so the gateway) is there.
        foreach (var (r, i) in index.Where(e => e.Key.Type == DrPlanner.ConnectionType).OrderBy(e => e.Value).ToList())
        {
            var cut = g.Add(new DrTask
            {
                Index = g.Tasks.Count,
                Urn = DataUrn(target, DrPlanner.CutoverType, r.LogicalName),
                Type = DrPlanner.CutoverType,
                Kind = DrStepKind.Cutover,
                DurationMs = Durations.Milliseconds(Durations.Of(DrPlanner.ConnectionType).Update),
                Network = true,
                Tier = g.Tasks[i].Tier,
            });
            g.Link(i, cut.Index);
        }

        // Document stores: customer-managed failover (about an hour each, all at once) of the source accounts
        // whose store recovers that way and which Azure will fail over; records and the rest replicate ahead.
        var documentsTier = tierOf.GetValueOrDefault(ContinuityService.Documents, maxTier);
        foreach (var recovery in g.Documents.Where(d => d.Mechanism == DocumentRecovery.GeoFailover.ToConfigName()))
            g.Add(new DrTask
            {
                Index = g.Tasks.Count,
                Urn = DataUrn(target, DrPlanner.FailoverType, recovery.SourceAccount),
                Type = DrPlanner.FailoverType,
                Kind = DrStepKind.StorageFailover,
                DurationMs = Durations.Milliseconds(options.StorageFailoverMinutes),
                Tier = documentsTier,
            });

        g.Topo.AddRange(TopologicalOrder(g.Tasks));
        // A prerequisite is as urgent as the most urgent step that needs it.
        for (var k = g.Topo.Count - 1; k >= 0; k--)
        {
            var t = g.Tasks[g.Topo[k]];
            foreach (var s in t.Succs) t.Tier = Math.Min(t.Tier, g.Tasks[s].Tier);
        }
        DrScheduler.ComputeRemaining(g.Tasks, g.Topo);
        return g;
    }

    private DrTask Add(DrTask t)
    {
        Tasks.Add(t);
        return t;
    }

    private void Link(int from, int to)
    {
        if (from == to || Tasks[to].Preds.Contains(from)) return;
        Tasks[to].Preds.Add(from);
        Tasks[from].Succs.Add(to);
    }

    private static string DataUrn(ResourceGraph target, string type, string name) =>
        $"urn:pulumi:{target.Stack}::{target.Project}::{type}::{name}";

    private static List<int> TopologicalOrder(List<DrTask> tasks)
    {
        var waiting = tasks.Select(t => t.Preds.Count).ToArray();
        var queue = new Queue<int>(tasks.Where(t => t.Preds.Count == 0).Select(t => t.Index));
        var order = new List<int>();
        while (queue.TryDequeue(out var i))
        {
            order.Add(i);
            foreach (var s in tasks[i].Succs)
                if (--waiting[s] == 0) queue.Enqueue(s);
        }
        if (order.Count != tasks.Count) throw new EngineInputException("the target program has a dependency cycle");
        return order;
    }

    /// <summary>
    /// The continuity service a resource belongs to: every component parents its resources to its
    /// resource group, logically named <c>{kind}-{region code}-rg</c>, and the kind names the service.
    /// </summary>
    private static ContinuityService? ServiceOfResource(Resource resource)
    {
        Resource? group = null;
        for (var r = resource; r is not null; r = r.Options.Parent)
            if (r.Type == DrPlanner.ResourceGroupType) group = r;
        if (group is null) return null;
        var dash = group.LogicalName.IndexOf('-', StringComparison.Ordinal);
        return (dash < 0 ? group.LogicalName : group.LogicalName[..dash]) switch
        {
            "hub" or "connectivity" => ContinuityService.Connectivity,
            "identity" => ContinuityService.Identity,
            "documents" => ContinuityService.Documents,
            "monitoring" => ContinuityService.Monitoring,
            "continuity" => ContinuityService.Backup,
            _ => null,
        };
    }

    /// <summary>
    /// Pilot-light services (continuity.tiers[].strategies) should already stand in the DR region;
    /// each one with resources missing from the target state is a finding: the rebuild creates them,
    /// and the tier's estimate counts them.
    /// </summary>
    private List<string> PilotLightFindings()
    {
        const int Shown = 3;
        var findings = new List<string>();
        if (!HasTargetState && Standby is not null)
            findings.Add($"no state of {Target} was given: the plan takes its pilot light ({Tasks.Count(t => t.Existing)} resources) as standing in {TargetRegion}");
        foreach (var tier in Estate.ContinuityTiers.OrderBy(t => t.Tier))
            foreach (var service in tier.Services.Where(s => tier.StrategyOf(s) == DrStrategy.PilotLight))
            {
                // With a declared pilot light, only its resources should stand; the rest is the rebuild's by design.
                var resources = ServiceOf.Where(e => e.Value == service).Select(e => Tasks[e.Key])
                    .Where(t => Standby is null || Standby.Contains(t.Urn)).ToList();
                var missing = resources.Where(t => !t.Existing).Select(t => t.Urn).ToList();
                if (missing.Count == 0) continue;
                var where = HasTargetState ? $"{Target}'s state" : $"the target state (no state of {Target} was given)";
                var listed = string.Join(", ", missing.Take(Shown)) + (missing.Count > Shown ? $" and {missing.Count - Shown} more" : "");
                findings.Add(
                    $"{ServiceName(service)} (tier {tier.Tier}) is pilot-light, but {missing.Count} of its {resources.Count} resources " +
                    $"are missing from {where} in {TargetRegion}, so the rebuild must create them: {listed}");
            }
        return findings;
    }

    /// <summary>The continuity tier a resource carries (its own <c>continuity-tier</c> tag, else its parents').</summary>
    private static int? TagTier(Resource resource)
    {
        for (var r = resource; r is not null; r = r.Options.Parent)
            if (Tag(r.Inputs, "continuity-tier") is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var tier))
                return tier;
        return null;
    }

    private static string? Tag(PropertyValue.Map inputs, string key) =>
        inputs["tags"] is PropertyValue.Map tags && tags[key] is PropertyValue.Str s ? s.Value : null;

    private static string? SourceRegionOf(ResourceSet? state)
    {
        if (state is null) return null;
        return state.OfType(DrPlanner.ResourceGroupType)
            .Select(r => r.Properties["location"] is PropertyValue.Str s ? s.Value : null)
            .Where(l => l is not null)
            .GroupBy(l => l!, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
    }

    private static void Validate(ResourceGraph target, EstateModel estate, string sourceRegion)
    {
        var groups = target.Resources.Where(r => r.Type == DrPlanner.ResourceGroupType).ToList();
        if (groups.Count == 0)
            throw new EngineInputException($"stack '{target.Stack}' declares no resource groups; it is not a DR stack");
        foreach (var rg in groups)
        {
            var role = Tag(rg.Inputs, "estate-role");
            if (role != "dr")
                throw new EngineInputException(
                    $"stack '{target.Stack}' is not a DR stack: its resource group {rg.LogicalName} is tagged estate-role: {role ?? "(missing)"}, not dr " +
                    "(set deployment.role: dr in its stack file, or name the DR stack with --to)");
            var primary = Tag(rg.Inputs, "estate-primary-region");
            if (!string.Equals(primary, sourceRegion, StringComparison.OrdinalIgnoreCase))
                throw new EngineInputException(
                    $"stack '{target.Stack}' is not the DR stack of a source in {sourceRegion}: its resource group {rg.LogicalName} " +
                    $"is tagged estate-primary-region: {primary ?? "(missing)"}");
        }
        if (estate.Deployment.Role != StackRole.Dr)
            throw new EngineInputException($"stack '{target.Stack}' has deployment.role: primary; a rebuild needs its DR stack");
    }

    public DrLowerBound LowerBound(int parallel)
    {
        long cp = 0;
        var finish = new long[Tasks.Count];
        foreach (var i in Topo)
        {
            long s = 0;
            foreach (var p in Tasks[i].Preds) s = Math.Max(s, finish[p]);
            finish[i] = s + (Tasks[i].Existing ? 0 : Tasks[i].DurationMs);
            cp = Math.Max(cp, finish[i]);
        }
        var (writes, network) = Calls();
        // The bucket's 200 then 10 a second; the network RP's 1,000 per 5 minutes.
        var armSeconds = Math.Max(0, writes - ArmLimits.WriteBucket) / (double)ArmLimits.WriteRefillPerSecond;
        var netSeconds = network == 0 ? 0 : (network - 1) / ArmLimits.NetworkWritesPerWindow * (double)ArmLimits.NetworkWindowSeconds;
        // Work over the slots: for every step v, whatever depends on it (transitively) starts after v ends,
        // so the rebuild takes at least earliest-end(v) + that work ÷ parallel (v = nothing: all the work ÷ parallel).
        double best = Tasks.Where(t => t.UsesSlot).Sum(t => t.DurationMs) / (double)parallel;
        var below = new System.Collections.BitArray[Tasks.Count];
        for (var k = Topo.Count - 1; k >= 0; k--)
        {
            var i = Topo[k];
            var set = new System.Collections.BitArray(Tasks.Count);
            foreach (var s in Tasks[i].Succs)
            {
                set.Or(below[s]);
                set[s] = true;
            }
            below[i] = set;
            if (Tasks[i].Succs.Count == 0) continue;
            long work = 0;
            for (var j = 0; j < Tasks.Count; j++)
                if (set[j] && Tasks[j].UsesSlot) work += Tasks[j].DurationMs;
            best = Math.Max(best, finish[i] + work / (double)parallel);
        }
        return new DrLowerBound(cp / 60_000.0, Math.Max(armSeconds, netSeconds) / 60.0, best / 60_000.0);
    }

    private (int Writes, int Network) Calls() =>
        (Tasks.Count(t => !t.Existing), Tasks.Count(t => !t.Existing && t.Network));

    public DrPlan ToPlan(DrSchedule schedule, DrPlanOptions options)
    {
        static double Min(long ms) => Math.Round(ms / 60_000.0, 2);
        var steps = Tasks.Where(t => !t.Existing)
            .OrderBy(t => schedule.Start[t.Index]).ThenBy(t => t.Index)
            .Select(t => new DrStep(t.Urn, t.Type, t.Kind, t.Tier, Min(schedule.Start[t.Index]), Min(schedule.End[t.Index]),
                t.Preds.Where(p => !Tasks[p].Existing).Select(p => Tasks[p].Urn).ToList()))
            .ToList();

        // Waves: per tier, by dependency depth among the steps to do.
        var depth = new int[Tasks.Count];
        foreach (var i in Topo)
            depth[i] = Tasks[i].Existing ? -1 : Tasks[i].Preds.Select(p => depth[p]).DefaultIfEmpty(-1).Max() + 1;
        var waves = Tasks.Where(t => !t.Existing)
            .GroupBy(t => (t.Tier, Depth: depth[t.Index]))
            .OrderBy(w => w.Key.Tier).ThenBy(w => w.Key.Depth)
            .Select((w, k) => new DrWave(k + 1, w.Key.Tier,
                w.OrderBy(t => schedule.Start[t.Index]).ThenBy(t => t.Index).Select(t => t.Urn).ToList(),
                Min(w.Min(t => schedule.Start[t.Index])), Min(w.Max(t => schedule.End[t.Index]))))
            .ToList();

        // Critical path: the longest dependency chain (durations only).
        var finish = new long[Tasks.Count];
        var via = new int[Tasks.Count];
        foreach (var i in Topo)
        {
            long s = 0;
            via[i] = -1;
            foreach (var p in Tasks[i].Preds)
                if (finish[p] > s || via[i] < 0 && finish[p] == s) { s = finish[p]; via[i] = p; }
            finish[i] = s + (Tasks[i].Existing ? 0 : Tasks[i].DurationMs);
        }
        var last = Topo.Count == 0 ? -1 : Topo.MaxBy(i => finish[i]);
        var path = new List<string>();
        for (var i = last; i >= 0; i = via[i])
            if (!Tasks[i].Existing) path.Add(Tasks[i].Urn);
        path.Reverse();

        var makespan = Min(schedule.Makespan);
        var tiers = Estate.ContinuityTiers.OrderBy(t => t.Tier).Select(t =>
        {
            var ends = Tasks.Where(x => !x.Existing && x.Tier == t.Tier).Select(x => schedule.End[x.Index]).ToList();
            return new DrTierEstimate(t.Tier, t.Name, t.Services.Select(ServiceName).ToList(), t.RtoMinutes, ends.Count == 0 ? 0 : Min(ends.Max()));
        }).ToList();
        var (writes, network) = Calls();
        return new DrPlan
        {
            Source = Source,
            Target = Target,
            SourceRegion = SourceRegion,
            TargetRegion = TargetRegion,
            Parallel = options.Parallel,
            Scheduling = options.Scheduling,
            Existing = Tasks.Where(t => t.Existing).Select(t => t.Urn).ToList(),
            Steps = steps,
            Waves = waves,
            CriticalPath = new DrCriticalPath(last < 0 ? 0 : Min(finish[last]), path),
            EstimatedRtoMinutes = makespan,
            Tiers = tiers,
            LowerBound = LowerBound(options.Parallel),
            Writes = writes,
            NetworkWrites = network,
            Findings = PilotLightFindings(),
            Documents = Documents,
            Constraints = Constraints,
        };
    }

    internal static string ServiceName(ContinuityService s) => s.ToString().ToLowerInvariant();
}
