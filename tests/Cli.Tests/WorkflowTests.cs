using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Cli.Tests;

/// <summary>
/// The GitHub Actions workflows in <c>.github/workflows/</c>: each passes the offline schema validator
/// (<c>@action-validator/cli</c>, pinned in <c>tools/action-validator</c>), and together they keep the
/// properties the pipeline relies on (docs/operations.md): actions pinned to commit SHAs, Azure sign-in by
/// OIDC with identifiers from variables and no client secret, least-privilege permissions on every job,
/// deployments behind an environment and a per-stack concurrency group, drift exit codes 3 and 4 handled.
/// </summary>
[TestFixture]
public sealed class WorkflowTests
{
    internal static readonly string WorkflowDir = Path.Combine(Repo.Root, ".github", "workflows");
    private static readonly string Validator = Path.Combine(Repo.Root, "tools", "action-validator", "node_modules", ".bin", "action-validator");
    private static readonly Regex PinnedSha = new(@"^[^@\s]+@[0-9a-f]{40}$", RegexOptions.CultureInvariant);
    private static readonly Regex FromVars = new(@"^\$\{\{\s*vars\.[A-Za-z0-9_]+\s*\}\}$", RegexOptions.CultureInvariant);
    private static readonly Regex SecretsReference = new(@"secrets\.([A-Za-z0-9_]+)|secrets\[\s*'([^']+)'\s*\]", RegexOptions.CultureInvariant);

    internal static IEnumerable<string> WorkflowFiles() =>
        Directory.Exists(WorkflowDir)
            ? Directory.EnumerateFiles(WorkflowDir).Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
                .Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal)!
            : [];

    [Test]
    public void TheFiveRoutinesExist()
    {
        Assert.That(WorkflowFiles(), Is.SupersetOf(new[] { "deploy.yml", "drift.yml", "preview.yml", "dr-drill.yml", "dr-rebuild.yml" }));
    }

    [TestCaseSource(nameof(WorkflowFiles))]
    public void PassesTheOfflineSchemaValidator(string file)
    {
        if (!File.Exists(Validator))
            Assert.Fail($"{Validator} is missing: run scripts/install-tools.sh");
        var result = Repo.Run(Validator, [Path.Combine(".github", "workflows", file)], Repo.Root, null);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [TestCaseSource(nameof(WorkflowFiles))]
    public void EveryRunStepFailsOnAFailedCommandInsideAPipe(string file)
    {
        // GitHub runs an explicit `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`; the
        // implicit default is `bash -e {0}`, where `cmd | tee` hides a failing cmd.
        var root = Load(file);
        var workflowShell = root.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("defaults"), out var d)
            ? ((d as YamlDotNet.RepresentationModel.YamlMappingNode)?["run"] as YamlDotNet.RepresentationModel.YamlMappingNode)?["shell"]?.ToString()
            : null;
        foreach (var (name, job) in Jobs(root))
            foreach (var step in Steps(job).Where(s => Get(s, "run") is not null))
                Assert.That(Get(step, "shell") ?? workflowShell, Is.EqualTo("bash"), $"{file}: a run step of job {name} has no pipefail shell");
    }

    [TestCaseSource(nameof(WorkflowFiles))]
    public void EveryThirdPartyActionIsPinnedToAFullCommitShaWithItsVersionInAComment(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(WorkflowDir, file));
        var uses = Jobs(Load(file)).SelectMany(j => Uses(j.Job)).ToList();
        Assert.That(uses, Is.Not.Empty);
        foreach (var use in uses)
        {
            if (use.StartsWith("./", StringComparison.Ordinal)) continue; // local action of this repository
            Assert.That(use, Does.Match(PinnedSha), $"{file}: `uses: {use}` is not pinned to a 40-hex commit SHA");
            var line = lines.FirstOrDefault(l => l.Contains("uses: " + use, StringComparison.Ordinal));
            Assert.That(line, Does.Match(@"#\s*v\d+(\.\d+)*\s*$"), $"{file}: `uses: {use}` has no trailing `# vX.Y.Z` comment");
        }
    }

    [TestCaseSource(nameof(WorkflowFiles))]
    public void SignsInToAzureByOidcWithIdentifiersFromVariablesAndNoSecret(string file)
    {
        var root = Load(file);
        foreach (var scalar in Scalars(root))
            foreach (Match m in SecretsReference.Matches(scalar))
            {
                var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
                Assert.That(name.ToUpperInvariant(), Does.Not.Contain("CLIENT_SECRET").And.Not.Contain("PASSWORD"),
                    $"{file}: references secrets.{name}");
            }

        foreach (var (jobName, job) in Jobs(root))
        foreach (var step in Steps(job).Where(s => Get(s, "uses") is { } u && u.StartsWith("azure/login@", StringComparison.OrdinalIgnoreCase)))
        {
            var with = step.Children.TryGetValue(new YamlScalarNode("with"), out var w) ? (YamlMappingNode)w : new YamlMappingNode();
            foreach (var key in new[] { "client-id", "tenant-id", "subscription-id" })
                Assert.That(Get(with, key), Does.Match(FromVars), $"{file}/{jobName}: azure/login `{key}` must come from vars.");
            foreach (var key in new[] { "creds", "client-secret" })
                Assert.That(Get(with, key), Is.Null, $"{file}/{jobName}: azure/login must not get `{key}` (OIDC only)");
            Assert.That(Permission(job, "id-token"), Is.EqualTo("write"), $"{file}/{jobName}: OIDC sign-in needs `id-token: write`");
        }
    }

    [TestCaseSource(nameof(WorkflowFiles))]
    public void EveryJobDeclaresLeastPrivilegePermissions(string file)
    {
        var root = Load(file);
        foreach (var (jobName, job) in Jobs(root))
        {
            Assert.That(job.Children.ContainsKey(new YamlScalarNode("permissions")), Is.True, $"{file}/{jobName}: no `permissions:`");
            Assert.That(job.Children[new YamlScalarNode("permissions")], Is.InstanceOf<YamlMappingNode>(),
                $"{file}/{jobName}: `permissions` must list scopes, not read-all/write-all");
            var uses = Uses(job).ToList();
            bool Uses_(string prefix) => uses.Any(u => u.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
            if (Permission(job, "id-token") == "write")
                Assert.That(Uses_("azure/login@"), Is.True, $"{file}/{jobName}: `id-token: write` without an Azure sign-in");
            if (Permission(job, "security-events") == "write")
                Assert.That(Uses_("github/codeql-action/upload-sarif@"), Is.True, $"{file}/{jobName}: `security-events: write` without a SARIF upload");
            if (Permission(job, "pull-requests") == "write")
                Assert.That(file, Is.EqualTo("preview.yml"), $"{file}/{jobName}: `pull-requests: write` is only for the preview comment");
            if (Permission(job, "issues") == "write")
                Assert.That(file, Is.EqualTo("drift.yml"), $"{file}/{jobName}: `issues: write` is only for the drift issue");
            if (Permission(job, "contents") is { } contents)
                Assert.That(contents, Is.EqualTo("read"), $"{file}/{jobName}: `contents` must be read-only");
        }
        if (root.Children.TryGetValue(new YamlScalarNode("permissions"), out var top))
            Assert.That(top is YamlMappingNode { Children.Count: 0 }, Is.True, $"{file}: workflow-level permissions must be `{{}}` (jobs declare their own)");
    }

    [Test]
    public void PreviewCommentJobAloneWritesToPullRequestsAndSarifGoesToOneCategoryPerStack()
    {
        var root = Load("preview.yml");
        var text = File.ReadAllText(Path.Combine(WorkflowDir, "preview.yml"));
        Assert.That(Jobs(root).Count(j => Permission(j.Job, "pull-requests") == "write"), Is.EqualTo(1));
        var upload = Jobs(root).SelectMany(j => Steps(j.Job)).Single(s => Get(s, "uses")?.StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal) == true);
        Assert.That(Get((YamlMappingNode)upload.Children[new YamlScalarNode("with")], "category"), Does.Contain("matrix.stack"));
        Assert.That(text, Does.Contain("pulumi preview").And.Contain("--json").And.Contain("--show-sames"));
        Assert.That(text, Does.Contain("./infra policy check --preview").And.Contain("--format sarif"));
        Assert.That(text, Does.Contain("--format markdown --from-preview"));
        Assert.That(text, Does.Contain("<!-- oic-gs-infra:preview:"));
    }

    [Test]
    public void DeployJobsRunBehindAnEnvironmentInAPerStackConcurrencyGroupThatIsNeverCancelled()
    {
        var root = Load("deploy.yml");
        var on = (YamlMappingNode)root.Children[new YamlScalarNode("on")];
        var push = (YamlMappingNode)on.Children[new YamlScalarNode("push")];
        Assert.That(((YamlSequenceNode)push.Children[new YamlScalarNode("branches")]).Children.Select(n => n.ToString()), Does.Contain("main"));

        var deploys = Jobs(root).Where(j => Steps(j.Job).Any(s => Get(s, "run")?.Contains("./infra up", StringComparison.Ordinal) == true)).ToList();
        Assert.That(deploys, Is.Not.Empty);
        foreach (var (name, job) in deploys)
        {
            Assert.That(job.Children.ContainsKey(new YamlScalarNode("environment")), Is.True, $"deploy/{name}: no environment");
            Assert.That(job.Children.TryGetValue(new YamlScalarNode("concurrency"), out var c) ? c : null, Is.InstanceOf<YamlMappingNode>(), $"deploy/{name}: no concurrency");
            var concurrency = (YamlMappingNode)job.Children[new YamlScalarNode("concurrency")];
            Assert.That(Get(concurrency, "group"), Does.StartWith("deploy-").And.Contain("matrix.stack"));
            Assert.That(Get(concurrency, "cancel-in-progress"), Is.EqualTo("false"));
            var run = string.Join("\n", Steps(job).Select(s => Get(s, "run")).OfType<string>());
            Assert.That(run, Does.Contain("--engine pulumi"));
            var stacks = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)job.Children[new YamlScalarNode("strategy")])
                .Children[new YamlScalarNode("matrix")]).Children[new YamlScalarNode("stack")]).Children.Select(n => n.ToString());
            Assert.That(stacks, Is.EquivalentTo(new[] { "prod", "prod-dr", "dev" }));
        }
    }

    [Test]
    public void DrRebuildIsManualOnlyBehindTheProtectedDrEnvironment()
    {
        var root = Load("dr-rebuild.yml");
        var on = (YamlMappingNode)root.Children[new YamlScalarNode("on")];
        Assert.That(on.Children.Keys.Select(k => k.ToString()), Is.EqualTo(new[] { "workflow_dispatch" }), "manual only");
        var (name, job) = Jobs(root).Single(j => Steps(j.Job).Any(s => Get(s, "run")?.Contains("./infra dr rebuild", StringComparison.Ordinal) == true));
        var environment = (YamlMappingNode)job.Children[new YamlScalarNode("environment")];
        Assert.That(Get(environment, "name"), Is.EqualTo("prod-dr"), name);
        Assert.That(string.Join("\n", Steps(job).Select(s => Get(s, "run")).OfType<string>()), Does.Contain("--engine pulumi"));
    }

    [Test]
    public void DrDrillRunsMonthlyOnTheSandboxAndKeepsTheEvidenceWithoutCloudCredentials()
    {
        var root = Load("dr-drill.yml");
        var on = (YamlMappingNode)root.Children[new YamlScalarNode("on")];
        Assert.That(on.Children.ContainsKey(new YamlScalarNode("schedule")) && on.Children.ContainsKey(new YamlScalarNode("workflow_dispatch")), Is.True);
        var text = File.ReadAllText(Path.Combine(WorkflowDir, "dr-drill.yml"));
        Assert.That(text, Does.Contain("./infra dr drill").And.Contain(".infra/evidence/").And.Not.Contain("id-token"));
    }

    [Test]
    public void DriftIsScheduledAndOpensUpdatesOrClosesTheIssueByExitCode()
    {
        var root = Load("drift.yml");
        var on = (YamlMappingNode)root.Children[new YamlScalarNode("on")];
        Assert.That(on.Children.ContainsKey(new YamlScalarNode("schedule")), Is.True);
        Assert.That(on.Children.ContainsKey(new YamlScalarNode("workflow_dispatch")), Is.True);

        var steps = Jobs(root).SelectMany(j => Steps(j.Job)).ToList();
        Assert.That(steps.Select(s => Get(s, "run")).OfType<string>(),
            Has.Some.Contain("./infra drift --stack \"$STACK\" --engine pulumi --format markdown > out/drift.md"));
        var script = steps.Select(s => s.Children.TryGetValue(new YamlScalarNode("with"), out var w) ? Get((YamlMappingNode)w, "script") : null)
            .OfType<string>().Single(s => s.Contains("Drift in stack", StringComparison.Ordinal));
        Assert.That(script, Does.Contain("code === 3").And.Contain("code === 4"), "exit 3 and 4 open or update the issue");
        Assert.That(script, Does.Contain("code === 0").And.Contain("'closed'"), "exit 0 closes the issue");
        Assert.That(script, Does.Contain("'drift'").And.Contain("'security'"));
        Assert.That(script, Does.Contain("issues.create").And.Contain("issues.update"));
    }

    // ---- YAML helpers ----

    internal static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(WorkflowDir, file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    internal static IEnumerable<(string Name, YamlMappingNode Job)> Jobs(YamlMappingNode root) =>
        ((YamlMappingNode)root.Children[new YamlScalarNode("jobs")]).Children.Select(kv => (kv.Key.ToString(), (YamlMappingNode)kv.Value));

    internal static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) =>
        job.Children.TryGetValue(new YamlScalarNode("steps"), out var steps) ? ((YamlSequenceNode)steps).Children.Cast<YamlMappingNode>() : [];

    /// <summary>Every <c>uses:</c> of a job: its steps' actions, or the reusable workflow it calls.</summary>
    private static IEnumerable<string> Uses(YamlMappingNode job) =>
        (Get(job, "uses") is { } reusable ? [reusable] : Array.Empty<string>())
            .Concat(Steps(job).Select(s => Get(s, "uses")).OfType<string>());

    internal static string? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    private static string? Permission(YamlMappingNode job, string scope) =>
        job.Children.TryGetValue(new YamlScalarNode("permissions"), out var p) && p is YamlMappingNode m ? Get(m, scope) : null;

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value is null ? [] : [s.Value],
        YamlSequenceNode q => q.Children.SelectMany(Scalars),
        YamlMappingNode m => m.Children.SelectMany(kv => Scalars(kv.Key).Concat(Scalars(kv.Value))),
        _ => [],
    };
}
