using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Oic.Infra.Cli.Tests;

/// <summary>One regression test per defect class the hostile-operator review found (issue 11), through the real program.</summary>
[TestFixture]
public sealed class HostileInputTests
{
    private string _dir = "";

    [SetUp]
    public void NewDir() => _dir = Directory.CreateTempSubdirectory("infra-hostile-").FullName;

    [TearDown]
    public void RemoveDir()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static string DevStack => File.ReadAllText(Path.Combine(Repo.Root, "stacks", "Pulumi.dev.yaml"));

    private string StackFile(string name, string text)
    {
        var path = Path.Combine(_dir, $"Pulumi.{name}.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void A_tag_key_that_looks_like_a_reference_is_written_as_literal_text()
    {
        var file = StackFile("dev", DevStack.Replace("    programme: digital-transformation", "    \"${vpnSharedKey-jed}\": planted", StringComparison.Ordinal));
        var compile = Repo.Infra("compile", "--stack", "dev", "--config-file", file);
        Assert.That(compile.ExitCode, Is.Zero, compile.ToString());
        Assert.That(compile.Stdout, Does.Contain("$${vpnSharedKey-jed}: planted"));
        Assert.That(compile.Stdout, Does.Not.Match(@"[^$]\$\{vpnSharedKey-jed\}: planted"));
    }

    [Test]
    public void Tag_names_azure_refuses_are_refused_at_compile_time_with_their_position()
    {
        var file = StackFile("dev", DevStack.Replace("    programme: digital-transformation", "    \"cost/centre\": x\n    " + new string('k', 129) + ": y", StringComparison.Ordinal));
        var compile = Repo.Infra("compile", "--stack", "dev", "--config-file", file);
        Assert.That(compile.ExitCode, Is.EqualTo(2), compile.ToString());
        Assert.That(compile.Stderr, Does.Match(@"Pulumi\.dev\.yaml:\d+:\d+: tags\.cost/centre is not a tag name Azure accepts: it contains '/'"));
        Assert.That(compile.Stderr, Does.Contain("is a tag name of 129 characters"));
    }

    [TestCase("  oic-gs-infra:naming:\n    prefix: oicgs", "  oic-gs-infra:naming: ~", "oic-gs-infra:naming is empty")]
    [TestCase("    dr:\n      location: uaecentral\n      supernet: 10.61.0.0/16", "    dr: ~", "regions.dr is empty")]
    [TestCase("  oic-gs-infra:offices:\n", "  oic-gs-infra:offices:\n    - ~\n", "offices[0] is an empty list item")]
    [TestCase("config:\n", "? [not, a, name]\n: 1\nconfig:\n", "has a key that is not a plain name")]
    [TestCase("    programme: digital-transformation", "    programme: !!binary aGVsbG8=", "uses the YAML tag '!!binary'")]
    [TestCase("config:\n", "config:\n  oic-gs-infra:vpnSharedKey-gva:\n    secure: \"\"\n", "is empty: a VPN connection needs a pre-shared key")]
    public void Null_empty_and_strange_sections_are_invalid_input_with_a_position(string from, string to, string expected)
    {
        var text = DevStack;
        Assert.That(text, Does.Contain(from), "fixture");
        var compile = Repo.Infra("compile", "--stack", "dev", "--config-file", StackFile("dev", text.Replace(from, to, StringComparison.Ordinal)));
        Assert.That(compile.ExitCode, Is.EqualTo(2), compile.ToString());
        Assert.That(compile.Stderr, Does.Contain(expected).And.Contain("Pulumi.dev.yaml:"));
        Assert.That(compile.Stderr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void A_stack_name_with_a_newline_or_a_path_is_refused_by_every_verb()
    {
        foreach (var args in new[] { new[] { "compile", "--stack" }, ["up", "--stack"], ["policy", "check", "--stack"], ["drift", "--stack"] })
            foreach (var name in new[] { "dev\n# injected", "../../etc/passwd" })
            {
                var run = args[0] is "up" or "drift" ? Repo.Infra([.. args, name, "--state-dir", _dir]) : Repo.Infra([.. args, name]);
                Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
                Assert.That(run.Stderr, Does.Contain("is not a stack name"));
                Assert.That(run.Stderr, Does.Not.Contain("\n# injected"));
            }
    }

    [Test]
    public void Compile_outside_the_repository_still_runs_the_policy_gate()
    {
        // A stack with no policies/config/<stack>.json: the dev estate's Basic firewall violates the packs' defaults.
        var file = StackFile("outside", DevStack);
        var run = Repo.Run(Path.Combine(Repo.Root, "infra"), ["compile", "--config-file", file], _dir, null);
        Assert.That(run.ExitCode, Is.EqualTo(5), run.ToString());
        Assert.That(run.Stdout, Is.Empty, "nothing is emitted");
        var inside = Repo.Infra("compile", "--config-file", file);
        Assert.That(inside.ExitCode, Is.EqualTo(5), "the same as inside the repository");
    }

    [Test]
    public void Directories_fifos_devices_and_existing_files_as_out_are_invalid_input_in_plain_words()
    {
        var fifo = Path.Combine(_dir, "fifo");
        using (var mkfifo = Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        var outFile = Path.Combine(_dir, "taken");
        File.WriteAllText(outFile, "");
        var runs = new[]
        {
            (Repo.Infra("compile", "--config-file", _dir), "is a directory"),
            (Repo.Infra("compile", "--config-file", fifo), "is not a regular file (a FIFO)"),
            (Repo.Infra("compile", "--config-file", "/dev/zero"), "is not a regular file (a character device)"),
            (Repo.Infra("policy", "check", "--state", "/dev/zero"), "is not a regular file"),
            (Repo.Infra("compile", "--stack", "dev", "--out", outFile), "is a file; --out takes a folder"),
        };
        foreach (var (run, expected) in runs)
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stderr, Does.Contain(expected));
            Assert.That(run.Stderr, Does.Not.Match("[A-Z][a-z]+_[A-Za-z]+_[A-Za-z]+"), "no raw .NET resource keys");
        }
    }

    [Test]
    public void Empty_or_shapeless_state_and_previews_are_refused_not_reported_compliant()
    {
        var nullResources = Path.Combine(_dir, "null.json");
        File.WriteAllText(nullResources, """{"version":3,"deployment":{"manifest":{},"resources":null}}""");
        var notAList = Path.Combine(_dir, "object.json");
        File.WriteAllText(notAList, """{"version":3,"deployment":{"manifest":{},"resources":{"urn":"x"}}}""");
        var empty = Path.Combine(_dir, "empty-preview.json");
        File.WriteAllText(empty, """{"steps":[],"changeSummary":{}}""");
        foreach (var (flag, file) in new[] { ("--state", nullResources), ("--state", notAList), ("--preview", empty) })
        {
            var run = Repo.Infra("policy", "check", flag, file, "--format", "json");
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Stdout, Is.Empty, "no report of an estate that was not checked");
        }
    }

    [Test]
    public void State_export_refuses_a_truncated_checkpoint_and_up_does_not_rebuild_over_a_shapeless_one()
    {
        Assert.That(Repo.Infra("up", "--yes", "--stack", "dev", "--state-dir", _dir).ExitCode, Is.Zero);
        var checkpoint = Path.Combine(_dir, "stacks", "dev.json");
        var text = File.ReadAllText(checkpoint);
        File.WriteAllText(checkpoint, text[..(text.Length / 2)]);
        var export = Repo.Infra("state", "export", "--stack", "dev", "--state-dir", _dir);
        Assert.That(export.ExitCode, Is.EqualTo(2), export.ToString());
        Assert.That(export.Stdout, Is.Empty);

        var shapeless = JsonNode.Parse(text)!;
        shapeless["deployment"]!["resources"] = new JsonObject();
        File.WriteAllText(checkpoint, shapeless.ToJsonString());
        var up = Repo.Infra("up", "--yes", "--stack", "dev", "--state-dir", _dir);
        Assert.That(up.ExitCode, Is.EqualTo(2), up.ToString());
        Assert.That(up.Stderr, Does.Contain("\"deployment.resources\" is not a list"));
    }

    [Test]
    public void Temporary_files_left_by_a_killed_write_are_removed_by_the_next_run()
    {
        Assert.That(Repo.Infra("up", "--yes", "--stack", "dev", "--state-dir", _dir).ExitCode, Is.Zero);
        var left = new[] { Path.Combine(_dir, "stacks", ".dev.json.999999.1.tmp"), Path.Combine(_dir, "live", ".dev.json.999999.7.tmp") };
        foreach (var f in left) File.WriteAllText(f, "{\"version\":3,");
        Assert.That(Repo.Infra("up", "--yes", "--stack", "dev", "--state-dir", _dir).ExitCode, Is.Zero);
        Assert.That(left.Where(File.Exists), Is.Empty);
    }

    [Test]
    public void A_tool_failure_is_one_plain_line_and_exit_1()
    {
        // A state folder that is a file: the engine cannot create stacks/ under it — an I/O failure, not a crash.
        var notADir = Path.Combine(_dir, "state-is-a-file");
        File.WriteAllText(notADir, "");
        var run = Repo.Infra("up", "--yes", "--stack", "dev", "--state-dir", notADir);
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(run.Stderr, Does.Not.Contain("   at "));
    }
}
