using System.Text.Json.Nodes;
using Oic.Infra.Automation.Documents;
using Oic.Infra.Automation.Dr;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Estate.Model;

namespace Oic.Infra.Automation.Tests.Dr;

/// <summary>DR rebuild and drill end to end: sandbox + a real Azurite (started by the drill itself).</summary>
[TestFixture]
[NonParallelizable]
public sealed class DrDrillTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private string _root = null!;

    [SetUp]
    public void NewRoot() => _root = Directory.CreateTempSubdirectory("dr-drill-").FullName;

    [TearDown]
    public void RemoveRoot()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private DrDrillOptions Options(EstateModel? estate = null, int documents = 40, int corrupt = 0, string? azurite = null, bool source = true)
    {
        var (targetEstate, graph) = DrStacks.Load("prod-dr");
        var lines = new List<string>();
        return new DrDrillOptions
        {
            SourceStack = "prod",
            Policy = Oic.Infra.Policies.Packs.PolicySettings.Strict(DateOnly.FromDateTime(DateTime.UtcNow)),
            Target = graph,
            TargetStandby = DrStacks.Standby(),
            TargetEstate = estate ?? targetEstate,
            Plan = DrStacks.Plan(pilotLight: true),
            Source = source ? DrStacks.Load("prod").Graph : null,
            OutageRegion = "uaenorth",
            DrillsRoot = Path.Combine(_root, "drills"),
            EvidenceRoot = Path.Combine(_root, "evidence"),
            Documents = documents,
            CorruptBlobs = corrupt,
            Clock = new DrillClock(Start),
            AzuriteExecutable = azurite is null ? Path.Combine(DrStacks.Root, AzuriteServer.RelativeExecutable) : azurite,
            Log = l => { lock (lines) lines.Add(l); },
        };
    }

    [Test]
    public async Task A_drill_with_ransomware_restores_every_document_and_meets_every_target()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await DrDrill.RunAsync(Options(corrupt: 3));
        TestContext.Out.WriteLine($"wall {watch.Elapsed.TotalSeconds:0.0} s");
        TestContext.Out.WriteLine(DrDrillReports.Text(result));
        TestContext.Out.WriteLine(File.ReadAllText(Path.Combine(result.Evidence, "report.md")));

        Assert.That(result.Data.Lost, Is.Zero);
        Assert.That(result.Corrupted.Count + result.ProtectedByWorm.Count, Is.EqualTo(3), "every attempt either hit or met a WORM policy");
        Assert.That(result.Data, Is.EqualTo(new DataCounts(40, 40 - result.Corrupted.Count, result.Corrupted.Count, 0)));
        Assert.That(result.Documents.Select(d => d.Classification), Is.EqualTo(new[] { "public", "internal", "confidential", "strictly-confidential" }));
        Assert.That(result.Documents, Has.All.Matches<DrDrillDocuments>(d => d.Seeded > 0 && d.Lost == 0 && d.Intact + d.Restored == d.Seeded),
            "every document of every classification is in the DR region");
        Assert.That(result.Documents.Select(d => d.Mechanism), Is.EqualTo(new[] { "geo-failover", "geo-failover", "object-replication", "object-replication" }));
        Assert.That(result.Failovers.Select(f => (f.Classification, f.Accepted, f.Forced)), Is.EqualTo(new[] { ("public", true, false), ("internal", true, false) }));
        Assert.That(result.Bootstrap, Has.All.Matches<DrBootstrapCheck>(b => b.Reachable && b.Location == "uaecentral"));
        Assert.That(result.Constraints.Select(c => c.Id), Does.Contain("storage-failover-worm"));
        Assert.That(result.Tiers, Has.Count.EqualTo(3));
        Assert.That(result.Tiers, Has.All.Matches<DrDrillTier>(t => t.MeetsTarget && t.MeasuredMinutes > 0));
        Assert.That(result.Policy.Mandatory, Is.Zero);
        Assert.That(result.Rebuild.Up.Summary[StepOp.Create], Is.EqualTo(10), "the pilot light stood before the disaster: the rebuild creates firewall, Bastion, resolver endpoints, their diagnostics, and the forwarding ruleset, its VNet link and its two rules (ADR 0020)");
        Assert.That(result.RpoMinutes, Is.EqualTo(5), "nothing lost: the RPO is the replication lag");
        Assert.That(result.RtoMinutes, Is.EqualTo(result.Tiers.Max(t => t.MeasuredMinutes)));
        var documents = result.Tiers.Single(t => t.HasDocuments);
        Assert.That(documents.MeasuredMinutes, Is.GreaterThanOrEqualTo(60), "the documents wait for the storage failover");
        Assert.That(result.ExitCode, Is.Zero, string.Join("\n", result.Findings));

        var json = JsonNode.Parse(DrDrillReports.Json(result))!.AsObject();
        Assert.That(json.Select(p => p.Key), Is.EqualTo(new[] { "rtoMinutes", "rpoMinutes", "tiers", "data", "policy", "evidence", "documents", "failovers", "bootstrap", "constraints" }));
        Assert.That(json["documents"]![0]!.AsObject().Select(p => p.Key),
            Is.EqualTo(new[] { "classification", "mechanism", "seeded", "intact", "restored", "lost", "restoredBy" }));
        Assert.That(json["tiers"]![0]!.AsObject().Select(p => p.Key),
            Is.EqualTo(new[] { "tier", "services", "rtoTargetMinutes", "estimatedMinutes", "meetsTarget", "measuredMinutes", "rpoTargetMinutes", "measuredRpoMinutes", "meetsRpo", "mtpdMinutes", "withinMtpd" }));
        var tiers = json["tiers"]!.AsArray().Select(t => t!.AsObject()).ToList();
        Assert.That(tiers.Where(t => t["measuredRpoMinutes"] is not null).Select(t => (string)t["tier"]!),
            Is.EqualTo(new[] { documents.Tier.ToString(System.Globalization.CultureInfo.InvariantCulture) }), "only the tier holding documents has a measured RPO");
        Assert.That(tiers.Where(t => t["meetsRpo"] is not null).Select(t => (bool)t["meetsRpo"]!), Is.EqualTo(new[] { true }));
        Assert.That(json["data"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "blobs", "verifiedIntact", "restored", "lost" }));
        Assert.That((int)json["data"]!["restored"]!, Is.EqualTo(result.Corrupted.Count));

        Assert.That(result.Evidence, Does.EndWith("20250301T080000Z-prod"));
        Assert.That(Directory.GetFiles(result.Evidence).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "plan.json", "report.md", "result.json", "steps.log", "verification.json" }));
        var report = File.ReadAllText(Path.Combine(result.Evidence, "report.md"));
        Assert.That(report, Does.Contain("8.5").And.Contain("MTPD").And.Contain("Ransomware"));
        Assert.That(JsonNode.Parse(File.ReadAllText(Path.Combine(result.Evidence, "result.json")))!["evidence"]!.GetValue<string>(), Is.EqualTo(result.Evidence));
        var steps = File.ReadAllLines(Path.Combine(result.Evidence, "steps.log"));
        Assert.That(steps, Has.Some.Match(@"^2025-03-01T\d\d:\d\d:\d\d\.\d{3}Z \+ *\d+(\.\d)? min  done   create "));
        Assert.That(Directory.Exists(result.StateDirectory), "the drill keeps its sandbox state for inspection");
        Assert.That(Directory.GetParent(result.StateDirectory)!.Name, Is.EqualTo("20250301T080000Z-prod"));
    }

    [Test]
    public async Task A_drill_forced_onto_a_failover_of_WORM_records_fails_with_exit_3_naming_the_constraint_and_its_source()
    {
        var result = await DrDrill.RunAsync(Options(documents: 8) with { ForceFailover = ["confidential"] });

        Assert.That(result.ExitCode, Is.EqualTo(DrDrillResult.MissedTargets));
        var refused = result.Failovers.Single(f => f.Forced);
        Assert.That((refused.Classification, refused.Accepted), Is.EqualTo(("confidential", false)));
        Assert.That(refused.Constraints, Does.Contain("storage-failover-worm"));
        Assert.That(result.Findings, Has.Some.Contains("refused by Azure").And.Some.Contains("[storage-failover-worm]")
            .And.Some.Contains("https://learn.microsoft.com/azure/storage/common/storage-initiate-account-failover"));
        Assert.That(File.ReadAllText(Path.Combine(result.Evidence, "report.md")), Does.Contain("**refused**"));
    }

    [Test]
    public async Task A_DR_stack_whose_state_and_secrets_live_in_the_lost_region_fails_the_drill()
    {
        var (estate, _) = DrStacks.Load("prod-dr");
        var inPrimary = estate with
        {
            Deployment = estate.Deployment with
            {
                Bootstrap = new BootstrapSettings(
                    new BootstrapEndpoint("azblob://pulumi-state?storage_account=stoicgspulumistate", "uaenorth"),
                    new BootstrapEndpoint("azurekeyvault://kv-oicgs-pulumi.vault.azure.net/keys/pulumi-state-prod", "uaenorth")),
            },
        };

        var result = await DrDrill.RunAsync(Options(inPrimary, documents: 8));

        Assert.That(result.ExitCode, Is.EqualTo(DrDrillResult.MissedTargets));
        Assert.That(result.Bootstrap.Select(b => (b.What, b.Reachable)), Is.EqualTo(new[] { ("state backend", false), ("secrets provider", false) }));
        Assert.That(result.Findings, Has.Some.Contains("state backend").And.Some.Contains("which the outage took"));
    }

    [Test]
    public async Task An_impossible_tier_target_fails_the_drill_and_names_the_tier()
    {
        var (estate, _) = DrStacks.Load("prod-dr");
        var impossible = estate with
        {
            ContinuityTiers = estate.ContinuityTiers.Select(t => t.Tier == 0 ? t with { RtoMinutes = 1 } : t).ToList(),
        };
        var result = await DrDrill.RunAsync(Options(impossible, documents: 8));
        Assert.That(result.ExitCode, Is.EqualTo(DrDrillResult.MissedTargets));
        Assert.That(result.Tiers.Single(t => t.Tier == 0).MeetsTarget, Is.False);
        Assert.That(result.Tiers.Where(t => t.Tier != 0), Has.All.Matches<DrDrillTier>(t => t.MeetsTarget));
        Assert.That(result.Findings, Has.Some.StartsWith("tier 0 (").And.Some.Contains("missed its RTO"));
        Assert.That(DrDrillReports.Text(result), Does.Contain("MISSES TARGET"));
        Assert.That(File.ReadAllText(Path.Combine(result.Evidence, "report.md")), Does.Contain("FAILED").And.Contain("tier 0"));
    }

    [Test]
    public void A_missing_Azurite_is_an_input_error_and_leaves_nothing_behind()
    {
        var options = Options(azurite: Path.Combine(_root, "no-such", "azurite-blob"));
        var e = Assert.ThrowsAsync<EngineInputException>(() => DrDrill.RunAsync(options));
        Assert.That(e!.Message, Does.Contain("Azurite is not installed"));
        Assert.That(Directory.Exists(options.DrillsRoot) ? Directory.EnumerateFileSystemEntries(options.DrillsRoot) : [], Is.Empty);
        Assert.That(Directory.Exists(options.EvidenceRoot), Is.False);
    }

    [Test]
    public void A_drill_that_fails_after_the_rebuild_started_removes_its_state()
    {
        var options = Options(documents: 4) with { Plan = DrStacks.Plan() with { Target = "not-prod-dr" } };
        var e = Assert.ThrowsAsync<EngineInputException>(() => DrDrill.RunAsync(options));
        Assert.That(e!.Message, Does.Contain("not-prod-dr"));
        Assert.That(Directory.EnumerateFileSystemEntries(options.DrillsRoot), Is.Empty, "the drill's state folder is deleted");
        Assert.That(Directory.Exists(options.EvidenceRoot), Is.False);
    }

    [Test]
    public async Task A_rebuild_is_idempotent()
    {
        var (_, graph) = DrStacks.Load("prod-dr");
        var plan = DrStacks.Plan();
        var engine = new SandboxEngine(Path.Combine(_root, "state"), SandboxOptions.Default);
        var options = new OperationOptions { Stack = "prod-dr", Parallel = 10 };
        var first = await DrRebuild.RunAsync(plan, graph, engine, options, Oic.Infra.Policies.Packs.PolicySettings.Strict(DateOnly.FromDateTime(DateTime.UtcNow)), null);
        Assert.That(first.Up.Summary[StepOp.Create], Is.GreaterThan(0));
        Assert.That(first.Policy.Mandatory, Is.Zero);
        Assert.That(first.TierFinishedMinute.Keys.Order(), Is.EqualTo(new[] { "0", "1", "2" }));
        Assert.That(first.StepLog, Has.Some.Contains("done   create"));

        var second = await DrRebuild.RunAsync(plan, graph, engine, options, Oic.Infra.Policies.Packs.PolicySettings.Strict(DateOnly.FromDateTime(DateTime.UtcNow)), null);
        Assert.That(second.Up.Summary.HasChanges, Is.False);
        Assert.That(second.Up.Summary[StepOp.Same], Is.EqualTo(first.Up.Summary[StepOp.Create]));
        Assert.That(second.Up.Steps.Where(s => s.Op != StepOp.Same), Is.Empty);
        Assert.That((second.Policy.Mandatory, second.Policy.Advisory), Is.EqualTo((first.Policy.Mandatory, first.Policy.Advisory)));

        var evidence = DrEvidence.WriteRebuild(Path.Combine(_root, "evidence"), plan, first, Start);
        Assert.That(Directory.GetFiles(evidence).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "plan.json", "report.md", "result.json", "steps.log" }));
    }

    [Test]
    public void The_containers_come_from_the_estate_s_document_stores()
    {
        var (estate, _) = DrStacks.Load("prod-dr");
        var containers = DrDrill.Containers(estate);
        Assert.That(containers, Is.Not.Empty);
        Assert.That(containers.Select(c => c.BlobContainerName), Is.Unique);
    }
}
