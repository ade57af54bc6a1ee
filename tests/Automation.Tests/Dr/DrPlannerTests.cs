using System.Text.Json.Nodes;
using Oic.Infra.Automation.Dr;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;

namespace Oic.Infra.Automation.Tests.Dr;

public class DrPlannerTests
{
    private const double Epsilon = 1e-6;

    /// <summary>
    /// Tier 0 is restored first: no lower-tier work delays it, so it completes within 5 % of its own
    /// lower bound (its dependency chain, and its work over the slots) and no later than under FIFO.
    /// </summary>
    [TestCase(0)]
    [TestCase(500)]
    public void Tier_zero_is_restored_first(int offices)
    {
        var plan = DrStacks.Plan(offices);
        var fifo = DrStacks.Plan(offices, scheduling: DrScheduling.Fifo);
        var tier0 = plan.Steps.Where(s => s.Tier == 0).ToList();
        var byUrn = tier0.ToDictionary(s => s.Urn, StringComparer.Ordinal);
        var finish = new Dictionary<string, double>(StringComparer.Ordinal);
        double Chain(DrStep s) => finish.TryGetValue(s.Urn, out var f) ? f
            : finish[s.Urn] = s.DependsOn.Select(d => byUrn.TryGetValue(d, out var p) ? Chain(p) : 0).DefaultIfEmpty(0).Max() + s.Minutes;
        var chain = tier0.Max(Chain);
        var work = tier0.Where(s => s.UsesSlot).Sum(s => s.Minutes) / plan.Parallel;
        var estimate = plan.Tiers.Single(t => t.Tier == 0).EstimatedMinutes;
        TestContext.Out.WriteLine($"{offices} offices: tier 0 {estimate} min (chain {chain:0.##}, work/parallel {work:0.##}); FIFO {fifo.Tiers[0].EstimatedMinutes}");
        Assert.That(plan.Waves[0].Tier, Is.Zero);
        Assert.That(tier0.Min(s => s.StartMinute), Is.Zero);
        // Where tier 0 is the bulk of the work (500 offices), its bound is the whole rebuild's.
        var bound = offices == 0 ? Math.Max(chain, work) : Math.Max(Math.Max(chain, work), plan.LowerBound.Minutes);
        Assert.That(estimate, Is.LessThanOrEqualTo(bound * 1.05));
        Assert.That(estimate, Is.LessThanOrEqualTo(fifo.Tiers[0].EstimatedMinutes + Epsilon));
    }

    [TestCase(0)]
    [TestCase(500)]
    public void Every_step_starts_after_its_prerequisites_end(int offices)
    {
        var plan = DrStacks.Plan(offices);
        var byUrn = plan.Steps.ToDictionary(s => s.Urn, StringComparer.Ordinal);
        var existing = plan.Existing.ToHashSet(StringComparer.Ordinal);
        foreach (var step in plan.Steps)
            foreach (var pre in step.DependsOn)
                Assert.That(step.StartMinute, Is.GreaterThanOrEqualTo(byUrn[pre].EndMinute - Epsilon), $"{step.Urn} after {pre}");
        Assert.That(existing, Is.Empty, "nothing exists without a target state");
    }

    [TestCase(0, 10)]
    [TestCase(500, 10)]
    [TestCase(0, 3)]
    public void No_more_than_parallel_operations_overlap(int offices, int parallel)
    {
        var plan = DrStacks.Plan(offices, parallel);
        var events = plan.Steps.Where(s => s.UsesSlot && s.EndMinute > s.StartMinute)
            .SelectMany(s => new[] { (At: s.StartMinute, Delta: 1), (At: s.EndMinute, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta); // ends before starts at the same instant
        var running = 0;
        var peak = 0;
        foreach (var e in events)
        {
            running += e.Delta;
            peak = Math.Max(peak, running);
        }
        Assert.That(peak, Is.LessThanOrEqualTo(parallel));
        Assert.That(peak, Is.EqualTo(parallel), "the scheduler uses the slots it has");
    }

    [TestCase(0)]
    [TestCase(500)]
    public void Makespan_is_within_five_percent_of_the_lower_bound_and_fifo_is_never_better(int offices)
    {
        var plan = DrStacks.Plan(offices);
        var fifo = DrStacks.Plan(offices, scheduling: DrScheduling.Fifo);
        var bound = plan.LowerBound.Minutes;
        TestContext.Out.WriteLine($"{offices} offices: ours {plan.EstimatedRtoMinutes} min, FIFO {fifo.EstimatedRtoMinutes} min, lower bound {bound} " +
                                  $"(critical path {plan.LowerBound.CriticalPathMinutes}, throttle {plan.LowerBound.ThrottleMinutes}, work/parallel {plan.LowerBound.ParallelMinutes}); " +
                                  $"tier 0 ours {plan.Tiers[0].EstimatedMinutes}, FIFO {fifo.Tiers[0].EstimatedMinutes}; steps {plan.Steps.Count}");
        Assert.That(plan.EstimatedRtoMinutes, Is.GreaterThanOrEqualTo(bound - 0.01));
        Assert.That(plan.EstimatedRtoMinutes, Is.LessThanOrEqualTo(bound * 1.05));
        Assert.That(fifo.EstimatedRtoMinutes, Is.GreaterThanOrEqualTo(plan.EstimatedRtoMinutes - Epsilon));
        Assert.That(fifo.Tiers[0].EstimatedMinutes, Is.GreaterThanOrEqualTo(plan.Tiers[0].EstimatedMinutes - Epsilon));
    }

    [Test]
    public void The_plan_has_data_steps_and_office_cutovers()
    {
        var plan = DrStacks.Plan();
        var failovers = plan.Steps.Where(s => s.Kind == DrStepKind.StorageFailover).ToList();
        var failingOver = plan.Documents.Where(d => d.Mechanism == "geo-failover").Select(d => d.SourceAccount).ToList();
        Assert.That(failovers.Select(f => f.Urn[(f.Urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..]), Is.EquivalentTo(failingOver).And.Not.Empty,
            "one per store that recovers by failover");
        Assert.That(failovers.Select(f => f.StartMinute).Distinct().Count(), Is.EqualTo(1), "failovers run in parallel");
        Assert.That(failovers.All(f => Math.Abs(f.Minutes - 60) < Epsilon));
        Assert.That(plan.Steps.Select(s => s.Kind).Distinct(), Is.SubsetOf(new[] { DrStepKind.Create, DrStepKind.StorageFailover, DrStepKind.Cutover }),
            "no restore step: vaulted blob backup has no cross-region restore (ADR 0013)");
        var connections = plan.Steps.Where(s => s.Type == DrPlanner.ConnectionType).ToList();
        var cutovers = plan.Steps.Where(s => s.Kind == DrStepKind.Cutover).ToList();
        Assert.That(cutovers, Has.Count.EqualTo(connections.Count).And.Count.GreaterThan(0));
        var gateway = plan.Steps.Single(s => s.Type == "azure-native:network:VirtualNetworkGateway");
        Assert.That(cutovers.All(c => c.StartMinute >= gateway.EndMinute - Epsilon));
        Assert.That(plan.Waves.Select(w => w.Tier), Is.Ordered, "waves by tier");
        Assert.That(plan.Waves.Sum(w => w.Resources.Count), Is.EqualTo(plan.Steps.Count));
        Assert.That(plan.CriticalPath.Minutes, Is.EqualTo(plan.LowerBound.CriticalPathMinutes).Within(0.01));
    }

    [Test]
    public void Records_under_WORM_replicate_and_every_other_classification_fails_over_into_the_DR_region()
    {
        var plan = DrStacks.Plan();

        Assert.That(plan.Documents.Select(d => (d.Classification, d.Mechanism, d.Records)), Is.EqualTo(new[]
        {
            ("public", "geo-failover", false),
            ("internal", "geo-failover", false),
            ("confidential", "object-replication", true),
            ("strictly-confidential", "object-replication", true),
        }));
        var records = plan.Documents.Where(d => d.Records).Select(d => d.SourceAccount).ToList();
        Assert.That(plan.Steps.Where(s => s.Kind == DrStepKind.StorageFailover).Select(s => s.Urn), Has.None.Matches<string>(u => records.Any(u.EndsWith)),
            "no failover of an account holding WORM records is ever scheduled");
        Assert.That(plan.Documents.Where(d => d.Mechanism == "object-replication"), Has.All.Matches<DrDocumentRecovery>(d => d.DrAccount.Contains("uac", StringComparison.Ordinal)));
        Assert.That(plan.Constraints.Select(c => c.Id), Is.SupersetOf(new[] { "storage-failover-worm", "storage-failover-needs-geo-redundancy", "storage-failover-to-pair", "storage-failover-object-replication" }));
        Assert.That(plan.Constraints, Has.All.Matches<DrConstraintCheck>(c => c.Source.Contains("https://learn.microsoft.com/", StringComparison.Ordinal)));
    }

    [Test]
    public void A_plan_that_needs_a_failover_of_WORM_records_cannot_be_produced()
    {
        var (estate, graph) = DrStacks.Load("prod-dr");
        var forced = estate with
        {
            DocumentStores = [.. estate.DocumentStores.Select(s => s.HoldsRecords ? s with { Recovery = Estate.Model.DocumentRecovery.GeoFailover } : s)],
        };

        var e = Assert.Throws<EngineInputException>(() => DrPlanner.Plan(graph, DrStacks.SourceState(), null, forced));

        Assert.That(e!.Message, Does.StartWith("no DR plan").And.Contain("documentStores[2] (confidential)").And.Contain("documentStores[3] (strictly-confidential)"));
        Assert.That(e.Message, Does.Contain("[storage-failover-worm]").And.Contain("https://learn.microsoft.com/azure/storage/common/storage-initiate-account-failover"));
        Assert.That(e.Message, Does.Contain("recovery: object-replication"));
    }

    [Test]
    public void A_store_that_replicates_needs_the_replication_in_the_source()
    {
        var (estate, graph) = DrStacks.Load("prod-dr");
        var source = DrStacks.SourceState();
        var withoutReplication = new ResourceSet(source.Stack, source.Project,
            source.Resources.Where(r => r.Type != "azure-native:storage:ObjectReplicationPolicy" && r != source.Root), source.Source);

        var e = Assert.Throws<EngineInputException>(() => DrPlanner.Plan(graph, withoutReplication, null, estate));

        Assert.That(e!.Message, Does.Contain("(confidential) recovers by object replication, but the source replicates nothing"));
    }

    [Test]
    public void A_failover_into_a_region_that_is_not_the_pair_is_refused()
    {
        var (estate, graph) = DrStacks.Load("prod-dr");
        var elsewhere = estate with
        {
            Regions = estate.Regions with { Dr = estate.Regions.Dr with { Azure = Estate.Azure.AzureRegion.Find("westeurope")! } },
        };

        var e = Assert.Throws<EngineInputException>(() => DrPlanner.Plan(graph, DrStacks.SourceState(), null, elsewhere));

        Assert.That(e!.Message, Does.Contain("(public) recovers by geo-failover").And.Contain("[storage-failover-to-pair]"));
    }

    [Test]
    public void Pilot_light_resources_are_existing_and_not_created()
    {
        var (_, graph) = DrStacks.Load("prod-dr");
        var all = GraphInput.From(graph);
        string[] pilot = ["azure-native:keyvault:Vault", "azure-native:operationalinsights:Workspace", "azure-native:dataprotection:BackupVault"];
        var state = new ResourceSet(graph.Stack, graph.Project, all.Resources.Where(r => pilot.Contains(r.Type)), "pilot light");
        var plan = DrStacks.Plan(targetState: state);
        Assert.That(plan.Existing, Has.Count.EqualTo(3));
        Assert.That(plan.Existing, Is.EquivalentTo(state.Resources.Select(r => r.Urn)));
        Assert.That(plan.Steps.Select(s => s.Urn), Has.None.AnyOf(plan.Existing.ToArray()));
        Assert.That(plan.Waves.SelectMany(w => w.Resources), Has.None.AnyOf(plan.Existing.ToArray()));
        Assert.That(plan.Creates.Count(), Is.EqualTo(DrStacks.Plan().Creates.Count() - 3));
    }

    [Test]
    public void Json_has_exactly_the_field_names_of_the_issue()
    {
        var json = JsonNode.Parse(DrPlanReports.Json(DrStacks.Plan()))!.AsObject();
        Assert.That(json.Select(p => p.Key), Is.EqualTo(new[] { "source", "target", "waves", "criticalPath", "estimatedRtoMinutes", "tiers", "documents", "constraints" }));
        Assert.That(json["source"]!.GetValue<string>(), Is.EqualTo("prod"));
        Assert.That(json["target"]!.GetValue<string>(), Is.EqualTo("prod-dr"));
        var wave = json["waves"]!.AsArray()[0]!.AsObject();
        Assert.That(wave.Select(p => p.Key), Is.EqualTo(new[] { "wave", "tier", "resources", "startMinute", "endMinute" }));
        Assert.That(wave["wave"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(wave["tier"]!.GetValue<string>(), Is.EqualTo("0"));
        Assert.That(json["criticalPath"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "minutes", "resources" }));
        var tier = json["tiers"]!.AsArray()[0]!.AsObject();
        Assert.That(tier.Select(p => p.Key), Is.EqualTo(new[] { "tier", "services", "rtoTargetMinutes", "estimatedMinutes", "meetsTarget" }));
        Assert.That(tier["services"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "connectivity", "identity" }));
        Assert.That(tier["meetsTarget"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void Text_and_markdown_runbook()
    {
        var plan = DrStacks.Plan();
        var text = DrPlanReports.Text(plan);
        Assert.That(text, Does.Contain("prod (uaenorth) -> prod-dr (uaecentral)").And.Contain("critical path"));
        var md = DrPlanReports.Markdown(plan);
        Assert.That(md, Does.StartWith("# DR runbook").And.Contain("### Wave 1 — tier 0").And.Contain("```mermaid\ngantt").And.Contain("Check:"));
        Assert.That(md, Does.Contain("section Tier 0").And.Contain("cutover"));
    }

    [Test]
    public void A_primary_stack_as_target_is_refused()
    {
        var (estate, graph) = DrStacks.Load("prod");
        var e = Assert.Throws<EngineInputException>(() => DrPlanner.Plan(graph, null, null, estate, new DrPlanOptions()));
        Assert.That(e!.Message, Does.Contain("not a DR stack").And.Contain("estate-role: primary"));
    }

    [Test]
    public void A_target_of_another_primary_region_is_refused()
    {
        var (estate, graph) = DrStacks.Load("prod-dr");
        var e = Assert.Throws<EngineInputException>(() => DrPlanner.Plan(graph, null, null, estate, new DrPlanOptions { SourceRegion = "westeurope" }));
        Assert.That(e!.Message, Does.Contain("westeurope").And.Contain("estate-primary-region: uaenorth"));
    }
}
