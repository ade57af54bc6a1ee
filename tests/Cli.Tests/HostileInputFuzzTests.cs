using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Oic.Infra.Cli.Tests;

/// <summary>
/// Damaged stack files, checkpoints and previews, generated from a fixed seed (FsCheck generators,
/// bounded case counts) and run through the CLI's own entry point in-process. For every case: the
/// exit code is one the README documents for input (0, 2, 3, 4, 5 — never a crash, and never 1:
/// exit 1 is the tool failing, a policy rule that throws included, and a rule must judge damaged
/// input as failing or unknown, so a 1 here is a bug the fuzzer found), no stack trace is
/// printed, a refusal writes nothing, and no generated string becomes an interpolation in a program.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostileInputFuzzTests
{
    private const ulong Seed = 20261205;
    private static readonly int[] Documented = [0, 2, 3, 4, 5];

    /// <summary>Marks every string the fuzzer plants, so a leak into an expression can be found.</summary>
    private const string Marker = "zzfuzz";

    private static readonly string[] Payloads =
    [
        "~", "\"\"", "[]", "{}", "- ~", "null", "!!binary aGk=", "!!python/object:os.system x", "&a x", "*a",
        "${" + Marker + "-a}", "\"${" + Marker + "-b}\"", "\"$${" + Marker + "-c}\"", "x${" + Marker + "-d.id}y",
        "\"fn::secret\"", "{fn::readFile: /etc/passwd}", "\"a\\u0000b\"", "0x1F", "1e400", "-1",
        new string('[', 200) + new string(']', 200), new string('x', 5000), "\"\\u2028${" + Marker + "}\"",
        "[a, {b: [c, {d: ~}]}]", "? [k]\n  : v",
    ];

    private static readonly string[] TagKeys =
    [
        // Keys Azure accepts but Pulumi YAML would evaluate unless escaped — listed twice to weigh more.
        "${" + Marker + "-key}", "${" + Marker + "-key.id}", "pre-${" + Marker + "}-post", "$" + Marker, "a$${" + Marker + "}",
        "${" + Marker + "-key2}", "${" + Marker + "-key.id2}", "pre2-${" + Marker + "}-post",
        "fn::secret", "a<b", "c%d", "e/f", "g?h", "i\\\\j",
        new string('k', 600), "\" \"", "l&m", Marker + "\\u0007",
    ];

    private string _work = "";

    [OneTimeSetUp]
    public void Work() => _work = Directory.CreateTempSubdirectory("infra-fuzz-").FullName;

    [OneTimeTearDown]
    public void Clean()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Trim(Stdout)}\n--- stderr ---\n{Trim(Stderr)}";

        private static string Trim(string s) => s.Length > 2000 ? s[..2000] + "…" : s;
    }

    /// <summary>The CLI's Main with its output captured (the fixture is not parallel: Console is process-wide).</summary>
    private static Run Infra(params string[] args)
    {
        var (outBefore, errBefore) = (Console.Out, Console.Error);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var code = Oic.Infra.Cli.Cli.Main(args);
            return new Run(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(outBefore);
            Console.SetError(errBefore);
        }
    }

    private static void AssertWellBehaved(Run run, string what)
    {
        Assert.That(Documented, Does.Contain(run.ExitCode), what + "\n" + run);
        Assert.That(run.Stderr + run.Stdout, Does.Not.Match(@"\n\s+at [A-Za-z]").And.Not.Contains("Unhandled exception"), "a stack trace: " + what + "\n" + run);
    }

    // ---------------------------------------------------------------- stack files

    private sealed record StackEdit(int Kind, int Line, int Pick)
    {
        public string Apply(string text, IReadOnlyList<string> lines)
        {
            var list = lines.ToList();
            var at = Line % list.Count;
            switch (Kind)
            {
                case 0:
                    list.RemoveAt(at);
                    break;
                case 1 when list[at].IndexOf(':', StringComparison.Ordinal) is var colon and > 0:
                    list[at] = list[at][..(colon + 1)] + " " + Payloads[Pick % Payloads.Length];
                    break;
                case 2:
                    var tags = list.FindIndex(l => l.StartsWith("  oic-gs-infra:tags:", StringComparison.Ordinal));
                    // Half the planted tags have a plain value, so the key alone decides whether the file compiles.
                    var value = Pick % 2 == 0 ? "x" : Payloads[Pick / 2 % Payloads.Length];
                    list.Insert(tags + 1, $"    \"{TagKeys[Pick / 3 % TagKeys.Length]}\": {value}");
                    break;
                case 3:
                    list.Add("---");
                    list.Add("config: {}");
                    break;
                case 4:
                    return text[..(Pick % text.Length)];
                case 5:
                    list[at] = " " + list[at];
                    break;
                case 6:
                    list.Insert(at, list[at]);
                    break;
                default:
                    var t2 = list.FindIndex(l => l.StartsWith("  oic-gs-infra:tags:", StringComparison.Ordinal));
                    list.Insert(t2 + 1, $"    programme{Pick}: \"{Payloads[Pick % Payloads.Length].Replace("\"", "", StringComparison.Ordinal)}\"");
                    break;
            }
            return string.Join('\n', list) + "\n";
        }
    }

    [Test]
    public void Damaged_stack_files_are_refused_cleanly_and_never_become_program_code()
    {
        var original = File.ReadAllText(Path.Combine(Repo.Root, "stacks", "Pulumi.dev.yaml"));
        var lines = original.Split('\n').Where(l => l.Length > 0).ToList();
        // Planted tags (kind 2) weigh most: they are what could leak into an expression.
        var edits = Gen.Elements(0, 1, 2, 2, 2, 2, 2, 2, 3, 4, 5, 6, 7).SelectMany(kind => Gen.Choose(0, 10_000).SelectMany(line => Gen.Choose(0, 100_000)
                .Select(pick => new StackEdit(kind, line, pick))))
            .ListOf().Where(l => l.Count is > 0 and <= 2)
            .Sample(60, new Rnd(Seed), 10);
        var outcomes = new Dictionary<int, int>();
        for (var i = 0; i < edits.Length; i++)
        {
            var text = edits[i].Aggregate(original, (t, e) => e.Apply(t, t.Split('\n').Where(l => l.Length > 0).ToList()));
            var bytes = Encoding.UTF8.GetBytes(text);
            if (i % 13 == 3 && bytes.Length > 10) bytes[edits[i][0].Pick % bytes.Length] = 0xFF; // invalid UTF-8
            var file = Path.Combine(_work, $"stack-{i}", "Pulumi.dev.yaml");
            var outDir = Path.Combine(_work, $"stack-{i}", "out");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);

            var run = Infra("compile", "--stack", "dev", "--config-file", file, "--out", outDir);
            var what = $"case {i}: {string.Join(", ", edits[i])}";
            AssertWellBehaved(run, what);
            outcomes[run.ExitCode] = outcomes.GetValueOrDefault(run.ExitCode) + 1;
            var program = Path.Combine(outDir, "Main.yaml");
            if (run.ExitCode != 0)
            {
                Assert.That(Directory.Exists(outDir), Is.False, "a refused compile writes nothing: " + what);
                continue;
            }
            Assert.That(Interpolations(File.ReadAllText(program)).Where(x => x.Contains(Marker, StringComparison.Ordinal)), Is.Empty,
                "a planted string became an expression: " + what);
        }
        TestContext.Out.WriteLine("stack-file outcomes: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"exit {o.Key}: {o.Value}")));
        Assert.That(outcomes.Keys, Does.Contain(0).And.Contains(2), "the generator reaches both accepted and refused files");
    }

    /// <summary>
    /// The <c>${…}</c> expressions Pulumi YAML would evaluate in <paramref name="program"/>: <c>$$</c> is a
    /// literal dollar (pulumi-yaml <c>ast/interpolation.go</c>), anything else after <c>${</c> up to <c>}</c> an expression.
    /// </summary>
    private static List<string> Interpolations(string program)
    {
        var found = new List<string>();
        for (var i = 0; i < program.Length - 1; i++)
        {
            if (program[i] != '$') continue;
            if (program[i + 1] == '$') { i++; continue; }
            if (program[i + 1] != '{') continue;
            var end = program.IndexOf('}', i);
            found.Add(end < 0 ? program[i..] : program[i..(end + 1)]);
        }
        return found;
    }

    // ---------------------------------------------------------------- checkpoints

    private static readonly JsonNode?[] WrongValues = [null, 1, "x", new JsonArray(), new JsonObject(), new JsonArray(1), true, "urn:pulumi:dev"];
    private static readonly string[] ResourceFields = ["urn", "type", "id", "inputs", "outputs", "parent", "dependencies", "provider", "propertyDependencies", "custom", "delete", "protect", "ignoreChanges"];

    [Test]
    public void Damaged_checkpoints_are_refused_cleanly_and_refusals_write_nothing()
    {
        var state = Path.Combine(_work, "deployed");
        var up = Infra("up", "--yes", "--stack", "dev", "--state-dir", state);
        Assert.That(up.ExitCode, Is.Zero, up.ToString());
        var checkpoint = File.ReadAllText(Path.Combine(state, "stacks", "dev.json"));
        var resourceCount = JsonNode.Parse(checkpoint)!["deployment"]!["resources"]!.AsArray().Count;

        var cases = Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, 1_000_000).SelectMany(a => Gen.Choose(0, 1_000)
                .Select(b => (Kind: kind, A: a, B: b))))
            .Sample(60, new Rnd(Seed + 1), 10);
        for (var i = 0; i < cases.Length; i++)
        {
            var (kind, a, b) = cases[i];
            string damaged;
            var doc = JsonNode.Parse(checkpoint)!;
            switch (kind)
            {
                case 0:
                    damaged = checkpoint[..(a % checkpoint.Length)];
                    break;
                case 1:
                    var resource = doc["deployment"]!["resources"]![a % resourceCount]!.AsObject();
                    resource[ResourceFields[b % ResourceFields.Length]] = WrongValues[(a / 7) % WrongValues.Length]?.DeepClone();
                    damaged = doc.ToJsonString();
                    break;
                case 2:
                    doc["deployment"]!["resources"] = WrongValues[a % WrongValues.Length]?.DeepClone();
                    damaged = doc.ToJsonString();
                    break;
                default:
                    doc[b % 2 == 0 ? "version" : "deployment"] = WrongValues[a % WrongValues.Length]?.DeepClone();
                    damaged = doc.ToJsonString();
                    break;
            }
            var dir = Path.Combine(_work, $"state-{i}");
            Repo.CopyDirectory(state, dir);
            File.WriteAllText(Path.Combine(dir, "stacks", "dev.json"), damaged);
            var before = Snapshot(dir);
            var what = $"case {i}: kind {kind}, {a}, {b}";

            var export = Infra("state", "export", "--stack", "dev", "--state-dir", dir);
            AssertWellBehaved(export, "state export " + what);
            if (export.ExitCode == 0)
                Assert.That(() => JsonNode.Parse(export.Stdout), Throws.Nothing, "what state export prints parses: " + what);

            // An apply on every fifth case (each costs a compile): a refusal leaves every file as it was.
            if (i % 5 != 0) continue;
            var apply = Infra("up", "--yes", "--stack", "dev", "--state-dir", dir);
            AssertWellBehaved(apply, "up " + what);
            if (apply.ExitCode != 0) Assert.That(Snapshot(dir), Is.EqualTo(before), "a refused up writes nothing: " + what);
        }
    }

    // ---------------------------------------------------------------- previews

    [Test]
    public void Damaged_previews_are_refused_cleanly_and_never_reported_as_checked_when_empty()
    {
        var original = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fuzz", "prod-preview.json"));
        var stepCount = JsonNode.Parse(original)!["steps"]!.AsArray().Count;
        var cases = Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, 1_000_000).SelectMany(a => Gen.Choose(0, 1_000)
                .Select(b => (Kind: kind, A: a, B: b))))
            .Sample(60, new Rnd(Seed + 2), 10);
        for (var i = 0; i < cases.Length; i++)
        {
            var (kind, a, b) = cases[i];
            var doc = JsonNode.Parse(original)!;
            string damaged;
            switch (kind)
            {
                case 0:
                    damaged = original[..(a % original.Length)];
                    break;
                case 1:
                    var step = doc["steps"]![a % stepCount]!.AsObject();
                    var field = new[] { "op", "urn", "newState", "oldState", "provider" }[b % 5];
                    step[field] = WrongValues[(a / 3) % WrongValues.Length]?.DeepClone();
                    damaged = doc.ToJsonString();
                    break;
                case 2:
                    doc["steps"] = b % 3 == 0 ? new JsonArray() : WrongValues[a % WrongValues.Length]?.DeepClone();
                    damaged = doc.ToJsonString();
                    break;
                default:
                    var newState = doc["steps"]![a % stepCount]!["newState"];
                    if (newState is JsonObject o) o[new[] { "urn", "type", "outputs", "inputs", "id" }[b % 5]] = WrongValues[(a / 5) % WrongValues.Length]?.DeepClone();
                    damaged = doc.ToJsonString();
                    break;
            }
            var file = Path.Combine(_work, $"preview-{i}.json");
            File.WriteAllText(file, damaged);
            var run = Infra("policy", "check", "--preview", file, "--format", "json");
            var what = $"case {i}: kind {kind}, {a}, {b}";
            AssertWellBehaved(run, what);
            if (run.ExitCode is 0 or 5)
                Assert.That(JsonNode.Parse(run.Stdout)!["summary"]!["resources"]!.GetValue<int>(), Is.GreaterThan(0),
                    "a report always checked something: " + what);
        }
    }

    private static Dictionary<string, string> Snapshot(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(dir, f).StartsWith("locks", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
}
