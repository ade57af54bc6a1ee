using System.Reflection;
using System.Text.RegularExpressions;
using Oic.Infra.Estate.Errors;

namespace Oic.Infra.Cli.Tests;

/// <summary>
/// One error type, one exit code: every error thrown on purpose is an <see cref="InfraException"/> whose
/// <see cref="ErrorKind"/> the CLI maps to its exit code in one place (<c>src/Cli/Program.cs</c>). Each kind
/// is driven through the real <c>./infra</c> process; a fake <c>pulumi</c> on PATH stands for the Pulumi CLI's
/// failures. The scans below fail when an error type, a catch or an exit code escapes that one place.
/// </summary>
[TestFixture]
public sealed partial class ErrorExitCodeTests
{
    private string _dir = "";

    [SetUp]
    public void MakeDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"exit-codes-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void Remove() => Directory.Delete(_dir, recursive: true);

    public static IEnumerable<TestCaseData> Cases()
    {
        // ErrorKind.InvalidInput → 2
        yield return new TestCaseData("usage", 2, new[] { "infra: policy check needs exactly one of --stack NAME, --state FILE or --preview FILE" })
            .SetName("InvalidInput: a wrong combination of options (UsageException)");
        yield return new TestCaseData("stack-config", 2, new[] { "error: stacks/Pulumi.dev.yaml:", "firewallTier", "1 error(s); nothing was written." })
            .SetName("InvalidInput: an invalid stack setting (EstateConfigException)");
        yield return new TestCaseData("stack-yaml", 2, new[] { "error: stacks/Pulumi.dev.yaml:2:", "anchors and aliases are not supported", "1 error(s); nothing was written." })
            .SetName("InvalidInput: a stack file that is not plain YAML (YamlInputException, reported as EstateConfigException)");
        yield return new TestCaseData("waivers", 2, new[] { "error: ", "waivers.yaml:2:5: waivers[0] is missing 'resource'", " error(s); nothing was written." })
            .SetName("InvalidInput: an invalid waiver file (PolicyInputException)");
        yield return new TestCaseData("input-file", 2, new[] { "infra: ", "no-such-digest.json: preview file not found" })
            .SetName("InvalidInput: an input file that does not exist (InputFileException)");
        yield return new TestCaseData("pulumi-too-old", 2, new[] { "infra: the Pulumi CLI is ", "this tool needs" })
            .SetName("InvalidInput: a Pulumi CLI this tool cannot drive (EngineInputException)");
        yield return new TestCaseData("parse", 2, new[] { "infra: ", "Run 'infra --help' for usage." })
            .SetName("InvalidInput: an unknown option (parse error)");
        // ErrorKind.PolicyViolated → 5
        yield return new TestCaseData("gate", 5, new[] { "dr-region-access-restricted", "infra: the program violates mandatory policies; nothing was emitted" })
            .SetName("PolicyViolated: the pre-deployment gate (PolicyGateException)");
        yield return new TestCaseData("pulumi-policy", 5, new[] { "infra: a mandatory policy stopped `pulumi preview" })
            .SetName("PolicyViolated: Pulumi's exit code 5 (PulumiPolicyViolationException)");
        // ErrorKind.ToolFailed → 1
        yield return new TestCaseData("pulumi-failed", 1, new[] { "infra: `pulumi version` failed with exit code 1: the backend exploded" })
            .SetName("ToolFailed: the Pulumi CLI failed (PulumiCommandException)");
        // Untyped: one line, exit 1, no stack trace
        yield return new TestCaseData("untyped-io", 1, new[] { "infra: " })
            .SetName("Untyped: an I/O failure is one line and exit 1");
    }

    [TestCaseSource(nameof(Cases))]
    public void Each_error_kind_exits_with_its_code_through_the_real_process(string name, int exit, string[] stderr)
    {
        var result = Run(name);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(exit), result.ToString());
            foreach (var line in stderr) Assert.That(result.Stderr, Does.Contain(line), result.ToString());
            Assert.That(result.Stderr, Does.Not.Contain("   at "), "no stack trace without --verbose");
            Assert.That(result.Stderr, Does.Not.Contain("internal error"), "a typed error is not a defect");
            if (name.StartsWith("untyped", StringComparison.Ordinal))
                Assert.That(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("infra: building", StringComparison.Ordinal)),
                    Has.Exactly(1).Items, "an untyped failure is one line");
        });
    }

    /// <summary>Runs one case's command against its own copy of what it needs.</summary>
    private Repo.Result Run(string name)
    {
        string[] args;
        var env = new Dictionary<string, string>();
        var cwd = Repo.Root;
        switch (name)
        {
            case "usage":
                args = ["policy", "check"];
                break;
            case "stack-config":
                cwd = Project(File.ReadAllText(Path.Combine(Repo.Root, "stacks", "Pulumi.dev.yaml")).Replace("firewallTier: Basic", "firewallTier: Platinum", StringComparison.Ordinal));
                args = ["compile", "--stack", "dev"];
                break;
            case "stack-yaml":
                cwd = Project("config:\n  a: &anchor 1\n  b: *anchor\n");
                args = ["compile", "--stack", "dev"];
                break;
            case "waivers":
                var waivers = Path.Combine(_dir, "waivers.yaml");
                File.WriteAllText(waivers, "waivers:\n  - ruleId: storage-https-only\n");
                args = ["policy", "check", "--stack", "dev", "--waivers", waivers];
                break;
            case "input-file":
                args = ["preview", "--stack", "prod", "--from-preview", Path.Combine(_dir, "no-such-digest.json")];
                break;
            case "pulumi-too-old":
                args = ["preview", "--stack", "dev", "--engine", "pulumi"];
                env["PATH"] = FakePulumi("""case "$1" in version) echo v2.0.0;; *) exit 0;; esac""");
                break;
            case "pulumi-policy":
                args = ["preview", "--stack", "dev", "--engine", "pulumi"];
                env["PATH"] = FakePulumi("""case "$1" in version) echo v3.230.0;; preview) echo "error: policy violated" >&2; exit 5;; *) exit 0;; esac""");
                break;
            case "pulumi-failed":
                args = ["preview", "--stack", "dev", "--engine", "pulumi"];
                env["PATH"] = FakePulumi("""echo "the backend exploded" >&2; exit 1""");
                break;
            case "gate":
                cwd = Project(null);
                Directory.CreateDirectory(Path.Combine(cwd, "policies", "config"));
                File.WriteAllText(Path.Combine(cwd, "policies", "config", "prod-dr.json"),
                    """{ "dr-region-access-restricted": { "enforcementLevel": "mandatory" } }""" + "\n");
                args = ["compile", "--stack", "prod-dr"];
                break;
            case "parse":
                args = ["compile", "--no-such-option"];
                break;
            case "untyped-io":
                // The state directory is a regular file: creating folders in it fails with an IOException.
                var file = Path.Combine(_dir, "not-a-folder");
                File.WriteAllText(file, "");
                args = ["up", "--stack", "dev", "--yes", "--state-dir", Path.Combine(file, "state")];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "no such case");
        }
        return Repo.Run(Path.Combine(Repo.Root, "infra"), args, cwd, env);
    }

    /// <summary>A copy of the project (Pulumi.yaml and stacks/) with, when given, another dev stack file.</summary>
    private string Project(string? devStack)
    {
        var root = Path.Combine(_dir, "repo");
        Directory.CreateDirectory(root);
        File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), Path.Combine(root, "Pulumi.yaml"));
        Repo.CopyDirectory(Path.Combine(Repo.Root, "stacks"), Path.Combine(root, "stacks"));
        if (devStack is not null) File.WriteAllText(Path.Combine(root, "stacks", "Pulumi.dev.yaml"), devStack);
        return root;
    }

    /// <summary>A folder holding a <c>pulumi</c> script with <paramref name="body"/>, first on PATH.</summary>
    private string FakePulumi(string body)
    {
        var bin = Path.Combine(_dir, "bin");
        Directory.CreateDirectory(bin);
        var script = Path.Combine(bin, "pulumi");
        File.WriteAllText(script, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
    }

    [Test]
    public void Every_error_type_the_project_declares_is_typed()
    {
        // Not errors but defects or stand-ins: they must reach the CLI as "internal error", exit 1.
        var untyped = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Oic.Infra.Resources.DuplicateResourceException"] = "two resources with one name: a defect of the stack code",
            ["Oic.Infra.Automation.Sandbox.SimulatedCrashException"] = "stands for the process dying, in tests",
        };
        var exceptions = ArchitectureTests.Layers.Keys
            .Select(p => Assembly.Load(p == "Oic.Infra.Cli" ? "infra" : p))
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(Exception).IsAssignableFrom(t))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(exceptions.Where(t => !typeof(InfraException).IsAssignableFrom(t) && !untyped.ContainsKey(t.FullName!)).Select(t => t.FullName),
                Is.Empty, "an error thrown on purpose derives from InfraException and names its kind");
            Assert.That(untyped.Keys, Is.SubsetOf(exceptions.Select(t => t.FullName)), "the list of untyped exceptions names only ones that exist");
            Assert.That(exceptions.Count(t => typeof(InfraException).IsAssignableFrom(t)), Is.GreaterThanOrEqualTo(10));
        });
    }

    [Test]
    public void Errors_become_exit_codes_only_in_program_cs()
    {
        var cli = Path.Combine(Repo.Root, "src", "Cli");
        var offending = Directory.EnumerateFiles(cli, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) is not ("Program.cs" or "ExitCodes.cs"))
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => CatchOrErrorExit().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}");

        Assert.That(offending, Is.Empty,
            "throw an InfraException (UsageException for the command line) and let Program.cs map its kind to the exit code");
    }

    [Test]
    public void No_code_below_the_cli_ends_the_process()
    {
        var exits = new[] { "src", "stacks", "policies" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(Repo.Root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (File: Path.GetRelativePath(Repo.Root, f), Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains("Environment.Exit(", StringComparison.Ordinal))
            .Select(l => l.File)
            .ToList();

        // The sandbox's default crash (ApplyRun.DefaultCrash) kills the process on purpose, as a kill -9 would.
        Assert.That(exits, Is.EqualTo(new[] { Path.Combine("src", "Automation", "Sandbox", "ApplyRun.cs") }));
    }

    [Test]
    public void The_scan_catches_a_planted_catch_and_exit()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CatchOrErrorExit().IsMatch("        catch (EngineInputException e)"), Is.True);
            Assert.That(CatchOrErrorExit().IsMatch("            return ExitCodes.InvalidInput;"), Is.True);
            Assert.That(CatchOrErrorExit().IsMatch("return Cli.Fail(ExitCodes.ToolFailed, e.Message);"), Is.True);
            Assert.That(CatchOrErrorExit().IsMatch("            return ExitCodes.Success;"), Is.False);
        });
    }

    /// <summary>A catch clause, or an error's exit code chosen by hand (outcomes — drift 3/4, a report's 5 — are returned, not caught).</summary>
    [GeneratedRegex(@"\bcatch\b|ExitCodes\.(InvalidInput|ToolFailed)\b|Cli\.Fail\(")]
    private static partial Regex CatchOrErrorExit();
}
