using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oic.Infra.Cli.Tests;

/// <summary>
/// Two operators at once against one stale lock (left by a run that was killed), with real
/// processes: every time exactly one of them applies and the other is refused, naming who holds
/// the stack and since when. The holder waits for a release file after taking the lock
/// (<c>INFRA_LOCK_HOLD_UNTIL</c>) so the second process provably meets a held lock.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RacingOperatorsTests
{
    private const int Rounds = 20;
    private string _work = "";
    private string _deployed = "";
    private string _account = "";
    private int _deadPid;

    [OneTimeSetUp]
    public void DeployOnce()
    {
        _work = Path.Combine(Path.GetTempPath(), $"infra-race-{Guid.NewGuid():N}");
        _deployed = Path.Combine(_work, "deployed");
        var up = Repo.Infra("up", "--yes", "--stack", "dev", "--state-dir", _deployed);
        Assert.That(up.ExitCode, Is.Zero, up.ToString());
        _account = Resources(Path.Combine(_deployed, "stacks", "dev.json"))
            .Select(r => r!["urn"]!.GetValue<string>())
            .First(u => u.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal) || u.Contains("storage:StorageAccount", StringComparison.Ordinal));
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();
        _deadPid = gone.Id;
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    [Test]
    public void Two_ups_against_a_stale_lock_exactly_one_applies()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var race = Race(round, ["up", "--yes", "--stack", "dev", "--format", "json"], ["up", "--yes", "--stack", "dev", "--format", "json"]);
            var winner = race.Winner;
            using var json = JsonDocument.Parse(winner.Stdout);
            Assert.That(json.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("message").GetString()),
                Has.One.Contains("taking over").And.Contains($"pid {_deadPid}"), "round " + round + ": the takeover is in the JSON report\n" + winner);
            Assert.That(Resources(race.Checkpoint), Has.Count.EqualTo(Resources(Path.Combine(_deployed, "stacks", "dev.json")).Count));
        }
    }

    [Test]
    public void Up_and_destroy_against_a_stale_lock_exactly_one_applies()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var race = Race(round, ["up", "--yes", "--stack", "dev"], ["destroy", "--yes", "--stack", "dev"]);
            var deployedCount = Resources(Path.Combine(_deployed, "stacks", "dev.json")).Count;
            var left = Resources(race.Checkpoint).Count(r => r!["type"]!.GetValue<string>() != "pulumi:pulumi:Stack");
            if (race.FirstWon)
                Assert.That(left, Is.EqualTo(deployedCount - 1), $"round {round}: up applied and destroy was refused, so every resource is still there");
            else
                Assert.That(left, Is.Zero, $"round {round}: destroy applied and up was refused, so nothing is left");
        }
    }

    [Test]
    public void Up_and_tamper_against_a_stale_lock_exactly_one_applies()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var race = Race(round, ["up", "--yes", "--stack", "dev"], ["tamper", "--stack", "dev", "--urn", _account, "--set", "allowBlobPublicAccess=true"]);
            var live = Resources(Path.Combine(race.StateDir, "live", "dev.json"))
                .Single(r => r!["urn"]!.GetValue<string>() == _account)!;
            var open = live["inputs"]?["allowBlobPublicAccess"]?.GetValue<bool>() == true;
            Assert.That(open, Is.EqualTo(!race.FirstWon),
                $"round {round}: the tamper is in live Azure exactly when tamper won (up won: {race.FirstWon})");
        }
    }

    private sealed record Outcome(bool FirstWon, Repo.Result Winner, string StateDir)
    {
        public string Checkpoint => Path.Combine(StateDir, "stacks", "dev.json");
    }

    /// <summary>Starts both commands at once on a copy of the deployed state with a stale lock; asserts one applied, one was refused.</summary>
    private Outcome Race(int round, string[] first, string[] second)
    {
        var state = Path.Combine(_work, $"{TestContext.CurrentContext.Test.Name}-{round}");
        Repo.CopyDirectory(_deployed, state);
        Directory.CreateDirectory(Path.Combine(state, "locks"));
        File.WriteAllText(Path.Combine(state, "locks", "dev.lock"), new JsonObject
        {
            ["pid"] = _deadPid,
            ["host"] = Environment.MachineName,
            ["user"] = "night-shift",
            ["since"] = "2026-12-01T03:00:00Z",
        }.ToJsonString());
        var release = Path.Combine(state, "release");

        // Alternate who starts first, so both orders are exercised.
        var (a, b) = round % 2 == 0 ? (first, second) : (second, first);
        using var pa = Start(a, state, release);
        using var pb = Start(b, state, release);
        var refused = WaitForFirstExit(pa.Process, pb.Process);
        File.WriteAllText(release, "");
        var ra = pa.Finish();
        var rb = pb.Finish();
        var (winner, loser, winnerProcess) = ra.ExitCode == 0 ? (ra, rb, pa.Process) : (rb, ra, pb.Process);

        var context = $"round {round}:\n--- {string.Join(' ', a)}\n{ra}\n--- {string.Join(' ', b)}\n{rb}";
        Assert.That(new[] { ra.ExitCode, rb.ExitCode }, Is.EquivalentTo(new[] { 0, 2 }), context);
        Assert.That(refused, Is.Not.Null, context);
        Assert.That(loser.Stderr, Does.Contain($"stack 'dev' is locked by pid {winnerProcess.Id} on host {Environment.MachineName}").And.Contains(" since "), context);
        Assert.That(loser.Stderr, Does.Not.Contain("taking over"), context);
        Assert.That(winner.Stdout + winner.Stderr, Does.Contain("taking over"), context);
        Assert.That(File.Exists(Path.Combine(state, "locks", "dev.lock")), Is.False, "the winner released the lock\n" + context);
        var firstWon = ReferenceEquals(winner, round % 2 == 0 ? ra : rb);
        return new Outcome(firstWon, winner, state);
    }

    private static Process? WaitForFirstExit(Process a, Process b)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (a.HasExited) return a;
            if (b.HasExited) return b;
            Thread.Sleep(20);
        }
        return null;
    }

    private sealed class Running(Process process, Task<string> stdout, Task<string> stderr) : IDisposable
    {
        public Process Process { get; } = process;

        public Repo.Result Finish()
        {
            if (!Process.WaitForExit(TimeSpan.FromSeconds(90))) Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
            return new Repo.Result(Process.ExitCode, stdout.Result, stderr.Result);
        }

        public void Dispose() => Process.Dispose();
    }

    private static Running Start(string[] args, string state, string release)
    {
        var process = Process.Start(Repo.StartInfo(Path.Combine(Repo.Root, "infra"), [.. args, "--state-dir", state], Repo.Root,
            new Dictionary<string, string> { ["INFRA_LOCK_HOLD_UNTIL"] = release, ["NO_COLOR"] = "1" }))!;
        return new Running(process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
    }

    private static JsonArray Resources(string checkpoint) =>
        (JsonArray)JsonNode.Parse(File.ReadAllText(checkpoint))!["deployment"]!["resources"]!;
}
