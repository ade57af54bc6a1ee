using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using static Oic.Infra.Cli.Tests.WorkflowTests;

namespace Oic.Infra.Cli.Tests;

/// <summary>
/// docs/operations.md against the workflows it describes. Its bootstrap (every <c>sh</c> block from
/// "Bootstrap" to "Running each routine by hand") runs here, as written, against the committed files,
/// with <c>az</c>, <c>gh</c> and <c>pulumi</c> replaced by recorders: what it would create in Entra,
/// Azure RBAC and GitHub is the declaration of the pipeline's identities, and every Azure sign-in of
/// every workflow must resolve to an identity that the bootstrap trusts for exactly that job.
/// </summary>
[TestFixture]
public sealed class OperationsGuideTests
{
    private static readonly string Guide = Path.Combine(Repo.Root, "docs", "operations.md");

    /// <summary>Roles that read and change nothing; the plan identity may hold only these.</summary>
    private static readonly string[] ReadOnlyBuiltInRoles = ["Reader", "Storage Blob Data Reader"];

    private Bootstrap _bootstrap = null!;

    [OneTimeSetUp]
    public void RunTheBootstrap() => _bootstrap = Bootstrap.Run(Guide);

    [Test]
    public void Workflow_table_lists_exactly_the_workflow_files()
    {
        var listed = File.ReadLines(Guide)
            .Select(l => Regex.Match(l, @"^\| `([^`]+\.ya?ml)` \|"))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

        Assert.That(listed, Is.Unique);
        Assert.That(listed, Is.EquivalentTo(WorkflowFiles()));
    }

    [Test]
    public void Bootstrap_runs_as_written_and_initialises_every_stack_with_its_secrets_provider_and_keys()
    {
        Assert.That(_bootstrap.ExitCode, Is.Zero, _bootstrap.Output);
        foreach (var stackFile in Directory.EnumerateFiles(Path.Combine(Repo.Root, "stacks"), "Pulumi.*.yaml"))
        {
            var stack = Path.GetFileName(stackFile)["Pulumi.".Length..^".yaml".Length];
            var provider = File.ReadLines(stackFile).Single(l => l.StartsWith("secretsprovider: ", StringComparison.Ordinal))["secretsprovider: ".Length..];
            Assert.That(_bootstrap.Calls("pulumi", "stack", "init").Where(c => c.Args[2] == stack).Select(c => c.Value("--secrets-provider")),
                Has.Member(provider), $"pulumi stack init {stack}");
            Assert.That(_bootstrap.Calls("pulumi", "config", "set").Where(c => c.Value("--stack") == stack && c.Args.Contains("--secret")),
                Is.Not.Empty, $"no `pulumi config set --secret` for {stack}: the key list parsed from `./infra compile` is empty");
        }
    }

    [Test]
    public void Every_azure_sign_in_uses_an_identity_the_bootstrap_trusts_for_that_job()
    {
        foreach (var signIn in SignIns())
        {
            Assert.That(signIn.ProviderVariable, Is.EqualTo(signIn.LoginVariable),
                $"{signIn}: ARM_CLIENT_ID (the azure-native provider's identity) differs from azure/login's client-id");
            var identity = _bootstrap.Identity(signIn.LoginVariable, signIn.Environment);
            Assert.That(identity, Is.Not.Null, $"{signIn}: the bootstrap sets no variable {signIn.LoginVariable}{(signIn.Environment is null ? "" : $" for environment {signIn.Environment}")}");
            Assert.That(_bootstrap.Subjects(identity!), Is.SupersetOf(signIn.Subjects),
                $"{signIn}: identity {identity} has no federated credential for its token");
        }
    }

    [Test]
    public void Pull_request_previews_sign_in_with_an_identity_that_reads_and_changes_nothing()
    {
        var previews = SignIns().Where(s => s.Subjects.Contains(Subject("pull_request"))).ToList();
        Assert.That(previews, Is.Not.Empty);
        foreach (var signIn in previews)
        {
            var identity = _bootstrap.Identity(signIn.LoginVariable, signIn.Environment)!;
            var roles = _bootstrap.RolesOf(identity);
            Assert.That(roles, Is.Not.Empty, signIn.ToString());
            foreach (var role in roles)
            {
                if (ReadOnlyBuiltInRoles.Contains(role)) continue;
                var custom = _bootstrap.CustomRole(role);
                Assert.That(custom, Is.Not.Null, $"{signIn}: identity {identity} holds '{role}', which is neither read-only built-in nor defined by the bootstrap");
                Assert.That(custom!.Actions, Is.Empty, $"{role}: control-plane actions");
                Assert.That(custom.DataActions, Has.All.Match("^Microsoft\\.KeyVault/vaults/keys/(read|decrypt/action)$"), $"{role}: more than reading and decrypting");
            }
        }
    }

    [Test]
    public void Each_deployed_stack_has_its_own_identity_bound_to_its_environment_which_deploys_from_main_only()
    {
        var deployBranches = Sequence(Mapping(Mapping(Load("deploy.yml"), "on"), "push"), "branches");
        var deploying = SignIns().Where(s => s.Environment is not null).ToList();
        Assert.That(deploying.Select(s => s.Environment).Distinct(), Is.EquivalentTo(new[] { "dev", "prod", "prod-dr" }));

        var identityOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var signIn in deploying)
        {
            var identity = _bootstrap.Identity(signIn.LoginVariable, signIn.Environment)!;
            Assert.That(_bootstrap.Subjects(identity), Is.EqualTo(new[] { Subject($"environment:{signIn.Environment}") }),
                $"{signIn}: the deploy identity must trust that environment's token and nothing else");
            Assert.That(identityOf.TryAdd(signIn.Environment!, identity) || identityOf[signIn.Environment!] == identity, Is.True);
            Assert.That(_bootstrap.BranchPolicies(signIn.Environment!), Is.EquivalentTo(deployBranches),
                $"environment {signIn.Environment} must deploy only from the branches deploy.yml runs on");
        }
        Assert.That(identityOf.Values, Is.Unique, "two stacks share a deploy identity");
        Assert.That(_bootstrap.RepositoryVariables().Values, Has.None.AnyOf(identityOf.Values.ToArray()),
            "a deploy identity is also a repository variable: jobs outside its environment could use it");
    }

    [Test]
    public void Sarif_goes_to_code_scanning_on_pull_requests_and_pushes_to_main_under_the_documented_category()
    {
        var documented = Regex.Match(File.ReadAllText(Guide), @"category `([^`]+)`").Groups[1].Value;
        var root = Load("preview.yml");
        var on = Mapping(root, "on");
        Assert.That(on.Children.ContainsKey(new YamlScalarNode("pull_request")), Is.True);
        Assert.That(Sequence(Mapping(on, "push"), "branches"), Does.Contain("main"), "code scanning needs main's analysis as the baseline");

        var upload = Jobs(root).Single(j => Steps(j.Job).Any(IsSarifUpload));
        Assert.That(Get(upload.Job, "if") ?? "", Does.Not.Contain("pull_request"), "the upload must run on pushes too");
        var category = Get(Mapping(Steps(upload.Job).Single(IsSarifUpload), "with"), "category")!;
        var written = Regex.Match(string.Join("\n", Jobs(root).SelectMany(j => Steps(j.Job)).Select(s => Get(s, "run")).OfType<string>()),
            @"--format sarif --sarif-category ""([^""]+)""").Groups[1].Value;

        // upload-sarif's `category` only fills runs without automationDetails (github/codeql-action
        // src/upload-lib.ts, populateRunAutomationDetails), and infra always writes one: both must agree.
        Assert.That(category.Replace("${{ matrix.stack }}", "<stack>", StringComparison.Ordinal), Is.EqualTo(documented));
        Assert.That(written.Replace("$STACK", "<stack>", StringComparison.Ordinal), Is.EqualTo(documented));
    }

    private static bool IsSarifUpload(YamlMappingNode step) => Get(step, "uses")?.StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal) == true;

    private static string Subject(string claim) => $"repo:{Bootstrap.Organisation}/{Bootstrap.Repository}:{claim}";

    /// <summary>One Azure sign-in of a workflow job: the variables naming its identity, its environment, the OIDC subjects its token can carry.</summary>
    private sealed record SignIn(string Workflow, string Job, string? Environment, string LoginVariable, string? ProviderVariable, IReadOnlyList<string> Subjects)
    {
        public override string ToString() => $"{Workflow}/{Job}{(Environment is null ? "" : $" ({Environment})")}";
    }

    /// <summary>
    /// Every job with <c>azure/login</c>, once per environment it runs in. The token's subject is
    /// GitHub's default claim: <c>environment:NAME</c> in an environment, else <c>pull_request</c> for a
    /// pull request and <c>ref:refs/heads/main</c> for a push to, schedule on or dispatch from main.
    /// </summary>
    private static IEnumerable<SignIn> SignIns()
    {
        foreach (var file in WorkflowFiles())
        {
            var root = Load(file);
            var triggers = Mapping(root, "on").Children.Keys.Select(k => k.ToString()).ToList();
            foreach (var (name, job) in Jobs(root))
            {
                var login = Steps(job).SingleOrDefault(s => Get(s, "uses")?.StartsWith("azure/login@", StringComparison.Ordinal) == true);
                if (login is null) continue;
                var loginVariable = VariableIn(Get(Mapping(login, "with"), "client-id"));
                var providerVariable = VariableIn(job.Children.TryGetValue(new YamlScalarNode("env"), out var env) ? Get((YamlMappingNode)env, "ARM_CLIENT_ID") : null);
                var environment = job.Children.TryGetValue(new YamlScalarNode("environment"), out var e)
                    ? e is YamlMappingNode m ? Get(m, "name") : e.ToString()
                    : null;
                if (environment is null)
                {
                    var subjects = triggers.Select(t => t == "pull_request" ? Subject("pull_request") : Subject("ref:refs/heads/main")).Distinct().ToList();
                    yield return new SignIn(file, name, null, loginVariable, providerVariable, subjects);
                }
                else
                {
                    var environments = environment.Contains("matrix.stack", StringComparison.Ordinal)
                        ? Sequence(Mapping(Mapping(job, "strategy"), "matrix"), "stack")
                        : [environment];
                    foreach (var each in environments)
                        yield return new SignIn(file, name, each, loginVariable, providerVariable, [Subject($"environment:{each}")]);
                }
            }
        }
    }

    private static string VariableIn(string? expression) =>
        Regex.Match(expression ?? "", @"^\$\{\{\s*vars\.([A-Za-z0-9_]+)\s*\}\}$") is { Success: true } m
            ? m.Groups[1].Value
            : throw new AssertionException($"`{expression}` is not a single `vars.NAME`");

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static List<string> Sequence(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children.Select(c => c.ToString()).ToList();

    /// <summary>The bootstrap of docs/operations.md, run with recorders for the cloud and GitHub CLIs.</summary>
    private sealed class Bootstrap
    {
        public const string Organisation = "oic-gs";
        public const string Repository = "oic-gs-infra";
        private const char Field = '\x1f';
        private const char Record = '\x1e';

        /// <summary>
        /// Records every call (arguments, standard input for <c>gh api --input -</c>) and answers what
        /// the bootstrap reads back: an app id named after the display name, a resource id after
        /// <c>-n</c>, a team id. <c>pulumi stack init</c> refuses a secrets provider that is not Key Vault.
        /// </summary>
        private const string Recorder = """
            #!/usr/bin/env bash
            set -euo pipefail
            tool=$(basename "$0")
            value() { local want=$1; shift; while [ $# -gt 1 ]; do [ "$1" = "$want" ] && { printf '%s' "$2"; return; }; shift; done; }
            input=""
            out=""
            case "$tool $*" in
              "az ad app create"*) out="app:$(value --display-name "$@")" ;;
              "az ad signed-in-user show"*) out="user:me" ;;
              "az "*"--query id"*) out="/subscriptions/fake/resourceGroups/fake/providers/fake/$(value -n "$@")" ;;
              "gh api"*"--jq .id"*) out="4242" ;;
              "gh api"*"--input -"*) input=$(cat) ;;
              "pulumi stack init"*) [[ "$(value --secrets-provider "$@")" == azurekeyvault://* ]] || { echo "pulumi: bad secrets provider" >&2; exit 3; } ;;
            esac
            { printf '%s\x1f' "$tool" "$@"; printf 'stdin=%s\x1f\x1e' "$input"; } >> "$RECORDER_LOG"
            [ -z "$out" ] || printf '%s\n' "$out"
            """;

        private readonly List<Call> _calls;

        private Bootstrap(int exitCode, string output, List<Call> calls)
        {
            ExitCode = exitCode;
            Output = output;
            _calls = calls;
        }

        public int ExitCode { get; }
        public string Output { get; }

        public sealed record Call(string Tool, IReadOnlyList<string> Args, string Stdin)
        {
            public string? Value(string option) => Args.Zip(Args.Skip(1)).Where(p => p.First == option).Select(p => p.Second).LastOrDefault();
        }

        public sealed record RoleDefinition(string Name, IReadOnlyList<string> Actions, IReadOnlyList<string> DataActions);

        public static Bootstrap Run(string guide)
        {
            var text = File.ReadAllText(guide);
            var from = text.IndexOf("\n## Bootstrap", StringComparison.Ordinal);
            var to = text.IndexOf("\n## Running each routine by hand", StringComparison.Ordinal);
            Assert.That(from >= 0 && to > from, Is.True, "docs/operations.md lost its Bootstrap or Running sections");
            var blocks = Regex.Matches(text[from..to], @"```sh\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
            Assert.That(blocks, Is.Not.Empty);

            var dir = Path.Combine(Path.GetTempPath(), $"infra-bootstrap-{Guid.NewGuid():N}");
            var bin = Path.Combine(dir, "bin");
            var project = Path.Combine(dir, "project");
            Directory.CreateDirectory(bin);
            Directory.CreateDirectory(project);
            try
            {
                foreach (var tool in new[] { "az", "gh", "pulumi" })
                {
                    File.WriteAllText(Path.Combine(bin, tool), Recorder.Replace("\r", "", StringComparison.Ordinal) + "\n");
                    if (!OperatingSystem.IsWindows())
                        File.SetUnixFileMode(Path.Combine(bin, tool), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
                // The committed project as a fresh clone has it; what the bootstrap writes stays in this folder.
                File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), Path.Combine(project, "Pulumi.yaml"));
                File.CreateSymbolicLink(Path.Combine(project, "infra"), Path.Combine(Repo.Root, "infra"));
                foreach (var folder in new[] { "stacks", "policies" })
                    Directory.CreateSymbolicLink(Path.Combine(project, folder), Path.Combine(Repo.Root, folder));
                var script = Path.Combine(dir, "bootstrap.sh");
                File.WriteAllText(script, string.Join("\n", blocks));
                var log = Path.Combine(dir, "calls");
                File.WriteAllText(log, "");

                var result = Repo.Run("bash", ["-euo", "pipefail", script], project, new Dictionary<string, string>
                {
                    ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
                    ["RECORDER_LOG"] = log,
                });
                var calls = File.ReadAllText(log).Split(Record, StringSplitOptions.RemoveEmptyEntries).Select(r =>
                {
                    var fields = r.Split(Field)[..^1];
                    return new Call(fields[0], fields[1..^1], fields[^1]["stdin=".Length..]);
                }).ToList();
                return new Bootstrap(result.ExitCode, result.ToString(), calls);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        public IEnumerable<Call> Calls(string tool, params string[] command) =>
            _calls.Where(c => c.Tool == tool && c.Args.Take(command.Length).SequenceEqual(command));

        /// <summary>The app id a workflow variable holds in a job: the environment's variable, else the repository's.</summary>
        public string? Identity(string variable, string? environment)
        {
            var sets = Calls("gh", "variable", "set").Where(c => c.Args[2] == variable).ToList();
            return (environment is null ? null : sets.LastOrDefault(c => c.Value("--env") == environment)?.Value("-b"))
                ?? sets.LastOrDefault(c => c.Value("--env") is null)?.Value("-b");
        }

        public Dictionary<string, string> RepositoryVariables() =>
            Calls("gh", "variable", "set").Where(c => c.Value("--env") is null).ToDictionary(c => c.Args[2], c => c.Value("-b")!, StringComparer.Ordinal);

        public List<string> Subjects(string identity) =>
            Calls("az", "ad", "app", "federated-credential", "create").Where(c => c.Value("--id") == identity)
                .Select(c => JsonDocument.Parse(c.Value("--parameters")!).RootElement.GetProperty("subject").GetString()!).ToList();

        public List<string> RolesOf(string identity) =>
            Calls("az", "role", "assignment", "create").Where(c => c.Value("--assignee") == identity).Select(c => c.Value("--role")!).Distinct().ToList();

        public RoleDefinition? CustomRole(string name) =>
            Calls("az", "role", "definition", "create")
                .Select(c => JsonDocument.Parse(c.Value("--role-definition")!).RootElement)
                .Where(d => d.GetProperty("Name").GetString() == name)
                .Select(d => new RoleDefinition(name, Strings(d, "Actions"), Strings(d, "DataActions")))
                .SingleOrDefault();

        /// <summary>The branches an environment may deploy from: custom policies only, never "any branch" or "protected branches".</summary>
        public List<string> BranchPolicies(string environment)
        {
            var put = Calls("gh", "api").LastOrDefault(c => c.Args.Contains($"repos/{Organisation}/{Repository}/environments/{environment}"));
            if (put is null) return [];
            var policy = JsonDocument.Parse(put.Stdin).RootElement.GetProperty("deployment_branch_policy");
            if (policy.GetProperty("custom_branch_policies").GetBoolean() is false || policy.GetProperty("protected_branches").GetBoolean()) return [];
            return Calls("gh", "api").Where(c => c.Args.Contains($"repos/{Organisation}/{Repository}/environments/{environment}/deployment-branch-policies"))
                .Where(c => c.Args.Contains("type=branch")).Select(c => c.Args.Single(a => a.StartsWith("name=", StringComparison.Ordinal))["name=".Length..]).ToList();
        }

        private static List<string> Strings(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!)];
    }
}
