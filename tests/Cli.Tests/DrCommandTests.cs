using System.Text.Json;

namespace Oic.Infra.Cli.Tests;

[TestFixture]
public sealed class DrCommandTests
{
    [Test]
    public void Dr_plan_json_has_the_documented_fields_and_restores_tier_0_first()
    {
        var state = Path.Combine(Path.GetTempPath(), $"infra-dr-{Guid.NewGuid():N}");
        try
        {
            var plan = Repo.Infra("dr", "plan", "--stack", "prod", "--to", "prod-dr", "--format", "json", "--state-dir", state);

            Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
            using var json = JsonDocument.Parse(plan.Stdout);
            var root = json.RootElement;
            Assert.That(root.EnumerateObject().Select(p => p.Name),
                Is.EqualTo(new[] { "source", "target", "waves", "criticalPath", "estimatedRtoMinutes", "tiers", "documents", "constraints" }));
            var firstWave = root.GetProperty("waves")[0];
            Assert.That(firstWave.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "wave", "tier", "resources", "startMinute", "endMinute" }));
            Assert.That(firstWave.GetProperty("tier").GetString(), Is.EqualTo("0"));
            Assert.That(root.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("meetsTarget").GetBoolean()), Has.All.True);
            Assert.That(root.GetProperty("estimatedRtoMinutes").GetDouble(), Is.GreaterThanOrEqualTo(60), "the storage failovers alone take an hour");
        }
        finally
        {
            if (Directory.Exists(state)) Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public void Dr_drill_restores_corrupted_documents_meets_every_tier_and_writes_iso_22301_evidence()
    {
        var state = Path.Combine(Path.GetTempPath(), $"infra-drill-{Guid.NewGuid():N}");
        try
        {
            var drill = Repo.Infra("dr", "drill", "--stack", "prod", "--to", "prod-dr", "--inject", "corrupt-blobs=3", "--inject", "region-outage=uaenorth",
                "--documents", "30", "--format", "json", "--state-dir", state);

            Assert.That(drill.ExitCode, Is.Zero, drill.ToString());
            using var json = JsonDocument.Parse(drill.Stdout);
            var root = json.RootElement;
            Assert.That(root.EnumerateObject().Select(p => p.Name),
                Is.EqualTo(new[] { "rtoMinutes", "rpoMinutes", "tiers", "data", "policy", "evidence", "documents", "failovers", "bootstrap", "constraints" }));
            var data = root.GetProperty("data");
            Assert.That(data.GetProperty("blobs").GetInt32(), Is.EqualTo(30));
            Assert.That(data.GetProperty("restored").GetInt32(), Is.InRange(1, 3), "what WORM did not protect was overwritten, then restored");
            Assert.That(data.GetProperty("lost").GetInt32(), Is.Zero);
            var documents = root.GetProperty("documents").EnumerateArray().ToList();
            Assert.That(documents.Select(d => d.GetProperty("classification").GetString()), Is.EqualTo(new[] { "public", "internal", "confidential", "strictly-confidential" }));
            Assert.That(documents.Select(d => d.GetProperty("lost").GetInt32()), Has.All.Zero);
            Assert.That(documents.Sum(d => d.GetProperty("restored").GetInt32()), Is.EqualTo(data.GetProperty("restored").GetInt32()));
            Assert.That(root.GetProperty("bootstrap").EnumerateArray().Select(b => b.GetProperty("reachable").GetBoolean()), Has.All.True,
                "prod-dr's state backend and Key Vault are outside uaenorth");
            Assert.That(root.GetProperty("policy").GetProperty("mandatory").GetInt32(), Is.Zero);
            Assert.That(root.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("meetsTarget").GetBoolean()), Has.All.True);
            var evidence = root.GetProperty("evidence").GetString()!;
            var folder = Path.IsPathRooted(evidence) ? evidence : Path.Combine(Repo.Root, evidence);
            Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName),
                Is.SupersetOf(new[] { "plan.json", "steps.log", "verification.json", "result.json", "report.md" }));
            Assert.That(File.ReadAllText(Path.Combine(folder, "report.md")), Does.Contain("8.5"));
        }
        finally
        {
            if (Directory.Exists(state)) Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public void Dr_drill_forced_onto_a_failover_of_WORM_records_exits_3_naming_the_constraint_and_its_source()
    {
        var state = Path.Combine(Path.GetTempPath(), $"infra-drill-{Guid.NewGuid():N}");
        try
        {
            var drill = Repo.Infra("dr", "drill", "--stack", "prod", "--to", "prod-dr", "--inject", "region-outage=uaenorth,force-failover=strictly-confidential",
                "--documents", "8", "--state-dir", state);

            Assert.That(drill.ExitCode, Is.EqualTo(3), drill.ToString());
            Assert.That(drill.Stdout, Does.Contain("FINDING: failover of stoicgssconf").And.Contain("[storage-failover-worm]")
                .And.Contain("https://learn.microsoft.com/azure/storage/common/storage-initiate-account-failover"));
        }
        finally
        {
            if (Directory.Exists(state)) Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public void Dr_rebuild_deploys_the_dr_stack_checks_policy_and_keeps_evidence()
    {
        var state = Path.Combine(Path.GetTempPath(), $"infra-rebuild-{Guid.NewGuid():N}");
        try
        {
            var rebuild = Repo.Infra("dr", "rebuild", "--stack", "prod", "--to", "prod-dr", "--state-dir", state);

            Assert.That(rebuild.ExitCode, Is.Zero, rebuild.ToString());
            Assert.That(rebuild.Stdout, Does.Contain("policy: 0 mandatory"));
            Assert.That(Directory.GetDirectories(Path.Combine(state, "evidence")), Has.Length.EqualTo(1));
            var again = Repo.Infra("dr", "rebuild", "--stack", "prod", "--to", "prod-dr", "--state-dir", state);
            Assert.That(again.ExitCode, Is.Zero, "a second rebuild is idempotent: " + again);
        }
        finally
        {
            if (Directory.Exists(state)) Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public void Dr_drill_with_an_unknown_fault_is_invalid_input()
    {
        var drill = Repo.Infra("dr", "drill", "--stack", "prod", "--to", "prod-dr", "--inject", "meteor=1");
        Assert.That(drill.ExitCode, Is.EqualTo(2), drill.ToString());
    }

    [Test]
    public void Dr_plan_into_a_stack_that_is_not_a_DR_stack_is_invalid_input()
    {
        var plan = Repo.Infra("dr", "plan", "--stack", "prod", "--to", "dev");

        Assert.That(plan.ExitCode, Is.EqualTo(2), plan.ToString());
        Assert.That(plan.Stdout, Is.Empty);
    }

    [Test]
    public void Dr_plan_takes_the_source_stack_from_PULUMI_STACK_and_s_like_the_other_verbs()
    {
        var state = Path.Combine(Path.GetTempPath(), $"infra-dr-{Guid.NewGuid():N}");
        var viaVariable = Repo.Run(Path.Combine(Repo.Root, "infra"), ["dr", "plan", "--to", "prod-dr", "--format", "json", "--state-dir", state],
            Repo.Root, new Dictionary<string, string> { ["PULUMI_STACK"] = "prod" });
        var viaShortOption = Repo.Infra("dr", "plan", "-s", "prod", "--to", "prod-dr", "--format", "json", "--state-dir", state);

        Assert.That(viaVariable.ExitCode, Is.Zero, viaVariable.ToString());
        Assert.That(viaVariable.Stdout, Is.EqualTo(viaShortOption.Stdout));
    }

    [Test]
    public void Dr_drill_without_a_stack_or_PULUMI_STACK_is_invalid_input_and_names_both()
    {
        var drill = Repo.Run(Path.Combine(Repo.Root, "infra"), ["dr", "drill", "--to", "prod-dr"], Repo.Root, null);

        Assert.That(drill.ExitCode, Is.EqualTo(2), drill.ToString());
        Assert.That(drill.Stderr, Does.Contain("--stack").And.Contain("PULUMI_STACK"));
        Assert.That(drill.Stdout, Is.Empty);
    }

    [Test]
    public void Dr_plan_markdown_is_a_runbook_with_a_timeline()
    {
        var plan = Repo.Infra("dr", "plan", "--stack", "prod", "--to", "prod-dr", "--format", "markdown", "--state-dir", Path.Combine(Path.GetTempPath(), $"infra-dr-{Guid.NewGuid():N}"));

        Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
        Assert.That(plan.Stdout, Does.Contain("```mermaid").And.Contain("gantt"));
    }
}
