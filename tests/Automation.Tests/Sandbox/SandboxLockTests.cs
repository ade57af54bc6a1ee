using System.Diagnostics;
using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;

namespace Oic.Infra.Automation.Tests.Sandbox;

[TestFixture]
public sealed class SandboxLockTests
{
    [Test]
    public void An_apply_is_refused_while_a_live_process_holds_the_stack_lock()
    {
        using var dir = new StateDir();
        Directory.CreateDirectory(Path.GetDirectoryName(dir.Lock("dev"))!);
        File.WriteAllText(dir.Lock("dev"), new JsonObject
        {
            ["pid"] = Environment.ProcessId,
            ["host"] = Environment.MachineName,
            ["user"] = "amina",
            ["since"] = "2026-03-01T09:15:00Z",
        }.ToJsonString());

        var error = Assert.ThrowsAsync<EngineInputException>(() => dir.Engine().UpAsync(RealStacks.Graph("dev"), RealStacks.Options("dev")));
        Assert.That(error!.Message, Is.EqualTo(
            $"stack 'dev' is locked by pid {Environment.ProcessId} on host {Environment.MachineName} (user amina) since 2026-03-01T09:15:00Z; " +
            $"if that run is gone, remove {dir.Lock("dev")}"));
        Assert.That(File.Exists(dir.Checkpoint("dev")), Is.False);
        Assert.DoesNotThrowAsync(() => dir.Engine().PreviewAsync(RealStacks.Graph("dev"), RealStacks.Options("dev")), "a preview takes no lock");
        Assert.That(File.Exists(dir.Lock("dev")), "the holder's lock is left alone");
    }

    [Test]
    public async Task A_second_apply_started_while_the_first_runs_is_refused_and_the_first_completes()
    {
        using var dir = new StateDir();
        EngineInputException? refused = null;
        var first = await dir.Engine().UpAsync(RealStacks.Graph("dev"), RealStacks.Options("dev", onEvent: e =>
        {
            if (refused is not null || e is not EngineEvent.StepDone) return;
            refused = Assert.ThrowsAsync<EngineInputException>(() => dir.Engine().UpAsync(RealStacks.Graph("dev"), RealStacks.Options("dev")));
        }));
        Assert.That(refused, Is.Not.Null);
        Assert.That(refused!.Message, Does.StartWith($"stack 'dev' is locked by pid {Environment.ProcessId} on host {Environment.MachineName}"));
        Assert.That(first.Summary[StepOp.Create], Is.EqualTo(RealStacks.Graph("dev").Resources.Count + 1));
        Assert.That(File.Exists(dir.Lock("dev")), Is.False);
    }

    [Test]
    public async Task A_lock_left_by_a_process_that_is_gone_is_reported_and_taken_over()
    {
        using var dir = new StateDir();
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await gone.WaitForExitAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(dir.Lock("dev"))!);
        File.WriteAllText(dir.Lock("dev"), $$"""{"pid":{{gone.Id}},"host":"{{Environment.MachineName}}","user":"ci","since":"2026-03-01T09:15:00Z"}""");

        var warnings = new List<string>();
        var result = await dir.Engine().UpAsync(RealStacks.Graph("dev"), RealStacks.Options("dev", onEvent: e =>
        {
            if (e is EngineEvent.Diagnostic { Severity: "warning" } d) warnings.Add(d.Message);
        }));
        Assert.That(result.Summary.HasChanges);
        Assert.That(warnings, Has.One.Contains($"locked by pid {gone.Id}").And.Contains("no longer running").And.Contains("taking over"));
        Assert.That(File.Exists(dir.Lock("dev")), Is.False);
    }

    [Test]
    public void A_lock_held_on_another_host_is_never_taken_over()
    {
        using var dir = new StateDir();
        Directory.CreateDirectory(Path.GetDirectoryName(dir.Lock("dev"))!);
        File.WriteAllText(dir.Lock("dev"), """{"pid":1,"host":"build-agent-7","user":"ci","since":"2026-03-01T09:15:00Z"}""");
        var error = Assert.ThrowsAsync<EngineInputException>(() => dir.Engine().UpAsync(RealStacks.Graph("dev"), RealStacks.Options("dev")));
        Assert.That(error!.Message, Does.Contain("locked by pid 1 on host build-agent-7 (user ci)"));
    }
}
