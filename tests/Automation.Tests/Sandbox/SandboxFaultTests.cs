using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Sandbox;

namespace Oic.Infra.Automation.Tests.Sandbox;

[TestFixture]
public sealed class SandboxFaultTests
{
    [Test]
    public async Task Transient_failures_are_retried_counted_and_change_nothing_in_the_end()
    {
        using var clean = new StateDir();
        var plain = await clean.Engine().UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));

        using var dir = new StateDir();
        var engine = dir.Engine(new SandboxOptions { Faults = new SandboxFaults { TransientRate = 0.2, Seed = 42 } });
        var retried = new List<EngineEvent.Retried>();
        var result = await engine.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod", onEvent: e =>
        {
            if (e is EngineEvent.Retried r) retried.Add(r);
        }));

        Assert.That(result.Retries, Is.GreaterThan(10));
        Assert.That(retried, Has.Count.EqualTo(result.Retries));
        Assert.That(engine.LastRun!.RetriesByReason["transient"], Is.Positive);
        Assert.That(retried.Select(r => r.Reason), Has.Some.StartWith("429 TooManyRequests (injected").And.Some.StartWith("503 ServiceUnavailable (injected"));
        Assert.That(engine.LastRun.Calls.Count(c => c.Outcome == ArmCall.Injected), Is.EqualTo(engine.LastRun.RetriesByReason["transient"]));
        Assert.That(result.ElapsedMinutes, Is.GreaterThan(plain.ElapsedMinutes), "backing off takes time");
        Assert.That(Export.WithoutTime(File.ReadAllText(dir.Checkpoint("prod"))), Is.EqualTo(Export.WithoutTime(File.ReadAllText(clean.Checkpoint("prod")))));
    }

    [Test]
    public async Task Injected_faults_repeat_exactly_with_the_same_seed()
    {
        async Task<(double, int)> Run(int seed)
        {
            using var dir = new StateDir();
            var r = await dir.Engine(new SandboxOptions { Faults = new SandboxFaults { TransientRate = 0.1, Seed = seed } })
                .UpAsync(RealStacks.Graph("dev"), RealStacks.Options("dev"));
            return (r.ElapsedMinutes, r.Retries);
        }
        var first = await Run(7);
        var second = await Run(7);
        Assert.That(second, Is.EqualTo(first));
        Assert.That(await Run(8), Is.Not.EqualTo(first));
    }

    [Test]
    public async Task A_region_outage_stops_the_apply_and_the_state_keeps_what_completed()
    {
        using var dir = new StateDir();
        var failures = new List<EngineEvent.StepFailed>();
        var engine = dir.Engine(new SandboxOptions { Faults = SandboxFaults.Parse(["region-outage=uaenorth"]) });
        var error = Assert.ThrowsAsync<SandboxOperationFailedException>(() => engine.UpAsync(RealStacks.Graph("dev"), RealStacks.Options("dev", onEvent: e =>
        {
            if (e is EngineEvent.StepFailed f) failures.Add(f);
        })));

        Assert.That(error!.Message, Does.Contain("region uaenorth is unavailable").And.Contain("run up again"));
        Assert.That(failures, Is.Not.Empty);
        Assert.That(failures.Select(f => f.Error), Is.All.Contains("uaenorth"));
        // Only the provider (no Azure call) completed; the resource groups it would have created next all failed.
        Assert.That(error.Partial.Steps.Select(s => s.Type), Is.EqualTo(new[] { "pulumi:providers:azure-native" }));
        var recorded = Export.Resources(File.ReadAllText(dir.Checkpoint("dev"))).Select(r => r!["type"]!.GetValue<string>());
        Assert.That(recorded, Is.EqualTo(new[] { "pulumi:pulumi:Stack", "pulumi:providers:azure-native" }));
        Assert.That(File.Exists(dir.Lock("dev")), Is.False);

        // When the region is back, the next up finishes the job.
        var recovered = await dir.Engine().UpAsync(RealStacks.Graph("dev"), RealStacks.Options("dev"));
        Assert.That(recovered.Summary[StepOp.Create], Is.EqualTo(RealStacks.Graph("dev").Resources.Count - 1), "all but the provider");
        Assert.That(recovered.Summary[StepOp.Same], Is.EqualTo(2));
    }

    [Test]
    public async Task An_outage_in_a_region_the_stack_does_not_use_changes_nothing()
    {
        using var dir = new StateDir();
        var result = await dir.Engine(new SandboxOptions { Faults = SandboxFaults.Parse(["region-outage=westeurope"]) })
            .UpAsync(RealStacks.Graph("dev"), RealStacks.Options("dev"));
        Assert.That(result.Summary[StepOp.Create], Is.EqualTo(RealStacks.Graph("dev").Resources.Count + 1));
    }

    [Test]
    public void Inject_options_are_read_as_the_command_line_writes_them()
    {
        var faults = SandboxFaults.Parse(["crash-after=12,transient=0.05", "region-outage=uaenorth", "seed=9"]);
        Assert.That(faults.CrashAfter, Is.EqualTo(12));
        Assert.That(faults.TransientRate, Is.EqualTo(0.05));
        Assert.That(faults.Seed, Is.EqualTo(9));
        Assert.That(faults.RegionOutages, Is.EquivalentTo(new[] { "uaenorth" }));
        Assert.That(faults.RegionOutages.Contains("UAENorth"), "locations compare without case");
        foreach (var bad in new[] { "crash-after=0", "transient=1.5", "region-outage=", "explode" })
            Assert.That(() => SandboxFaults.Parse([bad]), Throws.TypeOf<EngineInputException>().With.Message.Contains(bad), bad);
    }
}
