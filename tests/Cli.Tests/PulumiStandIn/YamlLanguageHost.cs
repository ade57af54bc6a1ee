using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Cli.Tests.PulumiStandIn;

/// <summary>A compiler call as the host saw it: its program (when it parsed) and the host's verdict.</summary>
internal sealed record CompilerCall(int ExitCode, string Stdout, string Stderr, IReadOnlyList<string> Errors, IReadOnlyList<string> ConflictingVariables)
{
    public bool Succeeded => ExitCode == 0 && Errors.Count == 0;

    public override string ToString() =>
        $"exit {ExitCode}; errors: {string.Join("; ", Errors)}\n--- stderr ---\n{Stderr}\n--- stdout (first 2000) ---\n{Stdout[..Math.Min(2000, Stdout.Length)]}";
}

/// <summary>
/// Pulumi's YAML language host, as far as it touches a <c>compiler</c>, replayed from pulumi/pulumi-yaml:
/// <list type="bullet">
/// <item><c>pkg/server/server.go</c> <c>GetRequiredPackages</c> / <c>GetProgramDependencies</c>:
/// <c>loadTemplate(compiler, dir, nil)</c>, i.e. the compiler with no added environment at all.</item>
/// <item><c>pkg/server/server.go</c> <c>Run</c>: exactly <c>PULUMI_STACK</c>, <c>PULUMI_ORGANIZATION</c>,
/// <c>PULUMI_PROJECT</c>, <c>PULUMI_CONFIG</c> (JSON of the request's string map) and
/// <c>PULUMI_ROOT_DIRECTORY</c>; no list of secret keys.</item>
/// <item><c>pkg/pulumiyaml/run.go</c> <c>LoadFromCompiler</c>: <c>shlex.Split</c> of the option, run in the
/// program directory, <c>cmd.Env = append(env, os.Environ()...)</c> (so an inherited duplicate wins, as
/// Go's <c>os/exec</c> keeps the last), a non-zero exit fails with stderr, stdout parsed by
/// <c>LoadYAMLBytes</c> (<see cref="YamlTemplate"/>).</item>
/// <item><c>pkg/pulumiyaml/packages.go</c> <c>GetReferencedPackages</c>: see <see cref="YamlTemplate.ReferencedPackages"/>.</item>
/// </list>
/// </summary>
internal sealed class YamlLanguageHost(string programDirectory, IReadOnlyDictionary<string, string> hostEnvironment)
{
    /// <summary>The environment a user's shell gives the host: the test process's own, without any PULUMI_* variable.</summary>
    public static IReadOnlyDictionary<string, string> CleanShell()
    {
        var env = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            if (e.Key is string k && !k.StartsWith("PULUMI_", StringComparison.Ordinal)) env[k] = (string)e.Value!;
        return env;
    }

    /// <summary><c>runtime.options.compiler</c> of the program's <c>Pulumi.yaml</c> (<c>parseCompiler</c>: must be a string).</summary>
    public string Compiler()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(programDirectory, "Pulumi.yaml"))));
        var runtime = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["runtime"];
        return ((YamlScalarNode)((YamlMappingNode)runtime["options"])["compiler"]).Value
            ?? throw new InvalidOperationException("binary option must be a string");
    }

    /// <summary>The discovery call: the packages Pulumi would install, or the failed compiler call.</summary>
    public (CompilerCall Call, IReadOnlyList<(string Name, string Version)> Packages) GetRequiredPackages()
    {
        var (call, template) = LoadFromCompiler([]);
        return (call, template?.ReferencedPackages() ?? []);
    }

    /// <summary>The run call for a stack, with the config map the engine built.</summary>
    public (CompilerCall Call, YamlTemplate? Template) Run(string stack, string organization, string project, IReadOnlyDictionary<string, string> config, string rootDirectory) =>
        LoadFromCompiler([
            $"PULUMI_STACK={stack}",
            $"PULUMI_ORGANIZATION={organization}",
            $"PULUMI_PROJECT={project}",
            $"PULUMI_CONFIG={GoJson.Marshal(config)}",
            $"PULUMI_ROOT_DIRECTORY={rootDirectory}",
        ]);

    private (CompilerCall, YamlTemplate?) LoadFromCompiler(IReadOnlyList<string> env)
    {
        var argv = ShlexSplit(Compiler());
        // os/exec: a name with a separator is a path, relative to cmd.Dir; otherwise looked up on PATH.
        var file = argv[0].Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(Path.Combine(programDirectory, argv[0])) : argv[0];
        var all = env.Concat(hostEnvironment.Select(kv => $"{kv.Key}={kv.Value}")).ToList();
        var final = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var conflicts = new List<string>();
        foreach (var entry in all)
        {
            var key = entry.Split('=')[0];
            seen[key] = seen.GetValueOrDefault(key) + 1;
            if (seen[key] == 2) conflicts.Add(key);
            final[key] = entry[(key.Length + 1)..]; // the last one wins
        }
        var process = Repo.Run(file, argv.Skip(1), programDirectory, final, clearPulumiEnvironment: false, inherit: false);
        if (process.ExitCode != 0)
            return (new CompilerCall(process.ExitCode, process.Stdout, process.Stderr,
                [$"error running compiler {argv[0]}: exit status {process.ExitCode}, stderr follows: {process.Stderr}"], conflicts), null);
        var (template, errors) = YamlTemplate.Parse($"<stdout from compiler {argv[0]}>", process.Stdout);
        return (new CompilerCall(0, process.Stdout, process.Stderr, errors, conflicts), errors.Count == 0 ? template : null);
    }

    /// <summary>github.com/google/shlex word splitting, for the unquoted and quoted words a compiler option holds.</summary>
    private static string[] ShlexSplit(string text) =>
        Words().Matches(text).Select(m => m.Value.Trim('"', '\'')).ToArray();

    private static Regex Words() => new("\"[^\"]*\"|'[^']*'|\\S+");
}
