using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Tests.Sandbox;

/// <summary>An apply killed at any point resumes on the next up and ends exactly where a clean run ends.</summary>
[TestFixture]
public sealed class SandboxResumeTests
{
    private StateDir _clean = null!;
    private string _cleanState = "";
    private string _cleanLive = "";
    private int _operations;

    [OneTimeSetUp]
    public async Task Run_prod_once_cleanly()
    {
        _clean = new StateDir();
        var engine = _clean.Engine();
        var result = await engine.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        _operations = engine.LastRun!.Operations;
        Assert.That(_operations, Is.EqualTo(result.Summary[StepOp.Create] - 1), "one operation per resource; the root stack is not one");
        _cleanState = Export.WithoutTime(File.ReadAllText(_clean.Checkpoint("prod")));
        _cleanLive = Export.WithoutTime(File.ReadAllText(_clean.Live("prod")));
    }

    [OneTimeTearDown]
    public void Remove() => _clean.Dispose();

    private static IEnumerable<TestCaseData> CrashPoints() =>
    [
        new TestCaseData(1.0).SetName("Crash_after_1_operation_then_resume"),
        new TestCaseData(7.0).SetName("Crash_after_7_operations_then_resume"),
        new TestCaseData(40.0).SetName("Crash_after_40_operations_then_resume"),
        new TestCaseData(0.5).SetName("Crash_half_way_then_resume"),
        new TestCaseData(-1.0).SetName("Crash_before_the_last_operation_then_resume"),
    ];

    [TestCaseSource(nameof(CrashPoints))]
    public async Task A_crashed_apply_resumes_to_exactly_the_state_of_a_clean_run(double point)
    {
        var n = point switch
        {
            -1.0 => _operations - 1,
            < 1.0 => (int)(_operations * point),
            _ => (int)point,
        };
        using var dir = new StateDir();
        var crash = Assert.ThrowsAsync<SimulatedCrashException>(() =>
            dir.Engine(Crash.After(n)).UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod")));
        Assert.That(crash!.Message, Does.Contain($"after {n} completed operations"));
        Assert.That(File.Exists(dir.Journal("prod")), "the journal is left for the next run");
        var interrupted = Export.Resources(File.ReadAllText(dir.Checkpoint("prod")));
        Assert.That(interrupted.Count(r => r!["type"]!.GetValue<string>() != "pulumi:pulumi:Stack"), Is.EqualTo(n),
            "the checkpoint records exactly the completed operations");

        var diagnostics = new List<string>();
        var engine = dir.Engine();
        var resumed = await engine.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod", onEvent: e =>
        {
            if (e is EngineEvent.Diagnostic d) diagnostics.Add(d.Message);
        }));
        Assert.That(engine.LastRun!.Resumed);
        Assert.That(diagnostics, Has.One.Contains("resuming an interrupted apply"));
        Assert.That(resumed.Summary[StepOp.Create] + resumed.Summary[StepOp.Same], Is.EqualTo(_operations + 1));
        Assert.That(resumed.Summary[StepOp.Create], Is.EqualTo(_operations - n - engine.LastRun.Adopted),
            "what completed or reached Azure is not done again");

        var state = File.ReadAllText(dir.Checkpoint("prod"));
        Assert.That(Export.WithoutTime(state), Is.EqualTo(_cleanState));
        Assert.That(Export.WithoutTime(File.ReadAllText(dir.Live("prod"))), Is.EqualTo(_cleanLive));
        var resources = Export.Resources(state);
        Assert.That(resources.Select(r => r!["urn"]!.GetValue<string>()), Is.Unique);
        Assert.That(resources.Where(r => r!["id"] is not null).Select(r => r!["id"]!.GetValue<string>()), Is.Unique);
        Assert.That(File.Exists(dir.Journal("prod")), Is.False);
        Assert.That(File.Exists(dir.Lock("prod")), Is.False);
    }

    [Test]
    public async Task Operations_in_flight_at_a_crash_are_adopted_when_they_reached_azure_and_redone_when_not()
    {
        // Half way, with ten operations in parallel, some of those in flight have reached live Azure and some not.
        var adopted = 0;
        var redone = 0;
        foreach (var n in new[] { 20, 60, 100, 140 })
        {
            using var dir = new StateDir();
            Assert.ThrowsAsync<SimulatedCrashException>(() =>
                dir.Engine(Crash.After(n)).UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod")));
            var engine = dir.Engine();
            await engine.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
            adopted += engine.LastRun!.Adopted;
            redone += engine.LastRun.Redone;
            Assert.That(Export.WithoutTime(File.ReadAllText(dir.Checkpoint("prod"))), Is.EqualTo(_cleanState));
        }
        Assert.That(adopted, Is.Positive, "some in-flight operations had reached Azure");
        Assert.That(redone, Is.Positive, "some had not");
    }

    [Test]
    public async Task The_checkpoint_lists_the_operations_in_flight_at_a_crash_as_pending()
    {
        using var dir = new StateDir();
        Assert.ThrowsAsync<SimulatedCrashException>(() =>
            dir.Engine(Crash.After(30)).UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod")));
        var pending = (JsonArray)JsonNode.Parse(File.ReadAllText(dir.Checkpoint("prod")))!["deployment"]!["pending_operations"]!;
        Assert.That(pending, Is.Not.Empty);
        Assert.That(pending.Select(p => p!["type"]!.GetValue<string>()), Is.All.EqualTo("creating"));
        var journal = File.ReadAllLines(dir.Journal("prod"));
        Assert.That(journal.Count(l => l.Contains("\"event\":\"intent\"", StringComparison.Ordinal)),
            Is.EqualTo(30 + pending.Count), "every operation started is journaled before it runs");
        await dir.Engine().UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        Assert.That(Export.WithoutTime(File.ReadAllText(dir.Checkpoint("prod"))), Is.EqualTo(_cleanState));
    }

    [Test]
    public async Task A_replacement_interrupted_between_its_delete_and_its_create_ends_as_a_clean_replacement()
    {
        var changed = ProgramEdit.With(RealStacks.Graph("prod"), "hub-uan-pip-bas", inputs =>
            ProgramEdit.Set(inputs, "sku", ProgramEdit.Set((PropertyValue.Map)inputs["sku"]!, "tier", new PropertyValue.Str("Global"))));
        using var clean = new StateDir();
        await clean.Engine().UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        await clean.Engine().UpAsync(changed, RealStacks.Options("prod"));

        using var dir = new StateDir();
        await dir.Engine().UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        Assert.ThrowsAsync<SimulatedCrashException>(() => dir.Engine(Crash.After(1)).UpAsync(changed, RealStacks.Options("prod")));
        Assert.That(Export.Names(File.ReadAllText(dir.Checkpoint("prod"))), Does.Not.Contain("hub-uan-pip-bas"), "deleted, not yet created");
        var resumed = await dir.Engine().UpAsync(changed, RealStacks.Options("prod"));
        Assert.That(resumed.Summary[StepOp.Create], Is.EqualTo(1));
        Assert.That(Export.WithoutTime(File.ReadAllText(dir.Checkpoint("prod"))),
            Is.EqualTo(Export.WithoutTime(File.ReadAllText(clean.Checkpoint("prod")))));
    }

    [Test]
    public async Task A_rename_interrupted_before_the_old_resource_is_deleted_records_it_for_deletion_and_finishes()
    {
        var renamed = ProgramEdit.With(RealStacks.Graph("prod"), "monitoring-uan-alert-pip-write",
            inputs => ProgramEdit.Set(inputs, "activityLogAlertName", new PropertyValue.Str("alert-oicgs-prod-public-ip-write-uan")));
        using var clean = new StateDir();
        await clean.Engine().UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        await clean.Engine().UpAsync(renamed, RealStacks.Options("prod"));

        using var dir = new StateDir();
        await dir.Engine().UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        Assert.ThrowsAsync<SimulatedCrashException>(() => dir.Engine(Crash.After(1)).UpAsync(renamed, RealStacks.Options("prod")));
        var copies = Export.Resources(File.ReadAllText(dir.Checkpoint("prod")))
            .Where(r => r!["urn"]!.GetValue<string>().EndsWith("::monitoring-uan-alert-pip-write", StringComparison.Ordinal)).ToList();
        Assert.That(copies, Has.Count.EqualTo(2), "the replacement and the old copy");
        Assert.That(copies.Select(c => c!["delete"]?.GetValue<bool>() ?? false), Is.EquivalentTo(new[] { false, true }));

        var preview = await dir.Engine().PreviewAsync(renamed, RealStacks.Options("prod"));
        Assert.That(preview.Steps.Where(s => s.Op != StepOp.Same).Select(s => s.Op), Is.EqualTo(new[] { StepOp.Delete }));
        await dir.Engine().UpAsync(renamed, RealStacks.Options("prod"));
        Assert.That(Export.WithoutTime(File.ReadAllText(dir.Checkpoint("prod"))),
            Is.EqualTo(Export.WithoutTime(File.ReadAllText(clean.Checkpoint("prod")))));
        Assert.That(Export.WithoutTime(File.ReadAllText(dir.Live("prod"))),
            Is.EqualTo(Export.WithoutTime(File.ReadAllText(clean.Live("prod")))));
    }
}
