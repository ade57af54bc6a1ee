using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oic.Infra.Cli.Tests;

/// <summary>The sandbox loop from the command line: up, policy, drift, tamper, remediate, crash and resume, locks.</summary>
[TestFixture]
public sealed class EngineCommandTests
{
    private string _state = "";

    [SetUp]
    public void NewStateDir()
    {
        _state = Path.Combine(Path.GetTempPath(), $"infra-sandbox-{Guid.NewGuid():N}");
    }

    [TearDown]
    public void RemoveStateDir()
    {
        if (Directory.Exists(_state)) Directory.Delete(_state, recursive: true);
    }

    private Repo.Result Infra(params string[] args) => Repo.Infra([.. args, "--state-dir", _state]);

    [Test]
    public void Up_then_drift_tamper_and_remediate_give_the_documented_exit_codes()
    {
        var up = Infra("up", "--stack", "prod", "--yes");
        Assert.That(up.ExitCode, Is.Zero, up.ToString());
        Assert.That(up.Stdout, Does.Contain("simulated minutes"));

        var export = Path.Combine(_state, "prod-export.json");
        File.WriteAllText(export, Infra("state", "export", "--stack", "prod").Stdout);
        var policy = Repo.Infra("policy", "check", "--state", export, "--format", "json");
        Assert.That(policy.ExitCode, Is.Zero, "the deployed state passes the packs: " + policy);

        Assert.That(Infra("drift", "--stack", "prod").ExitCode, Is.Zero, "no drift after up");

        var account = Urn(export, "::documents-uan-st-conf");
        Assert.That(Infra("tamper", "--stack", "prod", "--urn", account, "--set", "allowBlobPublicAccess=true").ExitCode, Is.Zero);
        var security = Infra("drift", "--stack", "prod", "--format", "json");
        Assert.That(security.ExitCode, Is.EqualTo(4), security.ToString());
        Assert.That(security.Stdout, Does.Contain("storage-no-anonymous-blob"));

        Assert.That(Infra("up", "--stack", "prod", "--yes").ExitCode, Is.Zero, "up puts Azure back as the program declares it");
        Assert.That(Infra("drift", "--stack", "prod").ExitCode, Is.Zero);

        Assert.That(Infra("tamper", "--stack", "prod", "--urn", account, "--set", "tags.owner=someone-else@oic-oci.org").ExitCode, Is.Zero);
        var tags = Infra("drift", "--stack", "prod", "--format", "markdown");
        Assert.That(tags.ExitCode, Is.EqualTo(3), tags.ToString());
        Assert.That(tags.Stdout, Does.Contain("tags"));
    }

    [Test]
    public void An_apply_killed_part_way_resumes_to_the_state_of_a_clean_run()
    {
        var crashed = Infra("up", "--stack", "dev", "--yes", "--inject", "crash-after=17");
        Assert.That(crashed.ExitCode, Is.Not.Zero, "the injected crash ends the process abruptly");
        var resumed = Infra("up", "--stack", "dev", "--yes");
        Assert.That(resumed.ExitCode, Is.Zero, resumed.ToString());
        var afterResume = Resources(Infra("state", "export", "--stack", "dev").Stdout);

        Directory.Delete(_state, recursive: true);
        Assert.That(Infra("up", "--stack", "dev", "--yes").ExitCode, Is.Zero);
        var clean = Resources(Infra("state", "export", "--stack", "dev").Stdout);

        Assert.That(afterResume, Is.EqualTo(clean));
    }

    [Test]
    public void A_second_apply_while_the_stack_is_locked_is_refused_with_who_holds_it()
    {
        var locks = Path.Combine(_state, "locks");
        Directory.CreateDirectory(locks);
        File.WriteAllText(Path.Combine(locks, "dev.lock"), new JsonObject
        {
            ["pid"] = Environment.ProcessId, // this test process: alive, so the lock is not stale
            ["host"] = Environment.MachineName,
            ["user"] = "duty-officer",
            ["since"] = "2026-11-30T09:00:00Z",
        }.ToJsonString());

        var up = Infra("up", "--stack", "dev", "--yes");

        Assert.That(up.ExitCode, Is.EqualTo(2), up.ToString());
        Assert.That(up.Stderr, Does.Contain("locked by pid").And.Contain("duty-officer"));
    }

    [Test]
    public void Bad_engine_input_is_invalid_input()
    {
        Assert.That(Infra("up", "--stack", "dev", "--inject", "explode=1").ExitCode, Is.EqualTo(2));
        Assert.That(Infra("up", "--stack", "prdo").ExitCode, Is.EqualTo(2));
        Assert.That(Infra("up", "--stack", "dev", "--engine", "terraform").ExitCode, Is.EqualTo(2));
        Assert.That(Infra("drift", "--stack", "dev").ExitCode, Is.EqualTo(2), "drift before any up has no state to compare");
        Assert.That(Infra("tamper", "--stack", "dev", "--urn", "urn:pulumi:dev::oic-gs-infra::x::y", "--delete").ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void Preview_changes_nothing_and_json_output_is_machine_readable()
    {
        var preview = Infra("preview", "--stack", "dev", "--format", "json");
        Assert.That(preview.ExitCode, Is.Zero, preview.ToString());
        using var json = JsonDocument.Parse(preview.Stdout);
        Assert.That(json.RootElement.GetProperty("changeSummary").GetProperty("create").GetInt32(), Is.GreaterThan(100));
        Assert.That(Directory.Exists(Path.Combine(_state, "stacks")) && Directory.EnumerateFiles(Path.Combine(_state, "stacks")).Any(), Is.False);
    }

    [Test]
    public void A_sandbox_preview_renders_as_the_pull_request_comment_with_policy_results()
    {
        var comment = Infra("preview", "--stack", "dev", "--format", "markdown");

        Assert.That(comment.ExitCode, Is.Zero, comment.ToString());
        Assert.That(comment.Stdout, Does.StartWith("<!-- oic-gs-infra:preview:dev -->"));
        Assert.That(comment.Stdout, Does.Contain("to create").And.Contain("## Policy check"));
        Assert.That(comment.Stdout.Length, Is.LessThanOrEqualTo(65536));
    }

    [Test]
    public void A_saved_pulumi_preview_renders_as_the_pull_request_comment()
    {
        var digest = Path.Combine(Repo.Root, "tests", "Automation.Tests", "Data", "pulumi", "preview-digest.json");

        var comment = Infra("preview", "--stack", "prod", "--from-preview", digest, "--format", "markdown");

        Assert.That(comment.ExitCode, Is.Zero, comment.ToString());
        Assert.That(comment.Stdout, Does.StartWith("<!-- oic-gs-infra:preview:prod -->"));
        Assert.That(comment.Stdout, Does.Contain("**Replaced**").And.Contain("## Policy check"));
    }

    [Test]
    public void Up_and_destroy_without_yes_off_a_terminal_exit_2_and_change_nothing()
    {
        Assert.That(Infra("up", "--stack", "dev", "--yes").ExitCode, Is.Zero);
        var before = Resources(Infra("state", "export", "--stack", "dev").Stdout);

        var destroy = Infra("destroy", "--stack", "dev");
        var up = Infra("up", "--stack", "dev");

        Assert.That(destroy.ExitCode, Is.EqualTo(2), destroy.ToString());
        Assert.That(destroy.Stderr, Does.Contain("pass --yes"));
        Assert.That(up.ExitCode, Is.EqualTo(2), up.ToString());
        Assert.That(Resources(Infra("state", "export", "--stack", "dev").Stdout), Is.EqualTo(before));
    }

    [TestCase("preview")]
    [TestCase("up")]
    [TestCase("destroy")]
    [TestCase("refresh")]
    [TestCase("drift")]
    public void Parallel_below_one_is_refused_with_one_message_by_every_verb(string verb)
    {
        var result = Infra(verb, "--stack", "dev", "--parallel", "0", "--yes");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("infra: --parallel must be a whole number of at least 1"));
    }

    [Test]
    public void Stack_defaults_to_PULUMI_STACK_and_target_limits_the_preview_to_one_resource()
    {
        var env = new Dictionary<string, string> { ["PULUMI_STACK"] = "dev" };
        const string target = "urn:pulumi:dev::oic-gs-infra::azure-native:resources:ResourceGroup::connectivity-uan-rg";
        var preview = Repo.Run(Path.Combine(Repo.Root, "infra"), ["preview", "--format", "json", "--target", target, "--state-dir", _state], Repo.Root, env);

        Assert.That(preview.ExitCode, Is.Zero, preview.ToString());
        using var json = JsonDocument.Parse(preview.Stdout);
        Assert.That(json.RootElement.GetProperty("stack").GetString(), Is.EqualTo("dev"));
        Assert.That(json.RootElement.GetProperty("changeSummary").GetProperty("create").GetInt32(), Is.InRange(1, 3), "the target, its provider and the stack itself, nothing else");
    }

    private static string Urn(string export, string suffix)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(export));
        return doc.RootElement.GetProperty("deployment").GetProperty("resources").EnumerateArray()
            .Select(r => r.GetProperty("urn").GetString()!)
            .Single(u => u.EndsWith(suffix, StringComparison.Ordinal));
    }

    /// <summary>The checkpoint's resources, without the manifest (which carries the time of the run).</summary>
    private static string Resources(string export) =>
        JsonNode.Parse(export)!["deployment"]!["resources"]!.ToJsonString();
}
