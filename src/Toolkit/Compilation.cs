using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Model;
using Oic.Infra.Stacks;
using Oic.Infra.Synth;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Toolkit;

/// <summary>Stack config → estate → resource graph → YAML program; the compile verb's whole job.</summary>
public static class Compilation
{
    public const string ProgramDescription =
        "OIC General Secretariat digital estate: hub-and-spoke networks, office links, identity, document storage and continuity.";

    /// <summary>
    /// The program of a stack. The policy packs (compiled into this program) always run on the graph
    /// first and a mandatory violation stops the compile (<see cref="PolicyGateException"/>), so a
    /// non-compliant change fails `pulumi preview` before anything reaches Azure. The repository
    /// root, when there is one, adds its enforcement overrides and waivers; without one the packs
    /// run at their own levels with no waivers — stricter, never skipped.
    /// </summary>
    public static string Compile(StackConfig config, string? policyRoot)
    {
        var graph = Declare(config);
        var report = PolicyGate.CheckGraph(graph, policyRoot);
        if (report.Blocks) throw new PolicyGateException(report);
        return WriteProgram(graph);
    }

    /// <summary>The YAML program of a graph, without the gate: for measuring the writer, never for emitting a program.</summary>
    public static string WriteProgram(Oic.Infra.Resources.ResourceGraph graph) => YamlProgramWriter.Write(graph, ProgramDescription);

    /// <summary>
    /// Where the policy settings (<c>policies/config</c>, <c>policies/waivers.yaml</c>) are: the
    /// repository around the current folder, else the one this program was built in (run from
    /// elsewhere with <c>--config-file</c>), else none.
    /// </summary>
    public static string? PolicyRoot() => FindRoot(Environment.CurrentDirectory) ?? FindRoot(AppContext.BaseDirectory);

    /// <summary>
    /// The program for Pulumi's package discovery. pulumi-yaml's host runs the compiler with no
    /// <c>PULUMI_STACK</c> and no <c>PULUMI_CONFIG</c> from <c>GetRequiredPackages</c> and
    /// <c>GetProgramDependencies</c> (<c>pkg/server/server.go</c>), and needs only the packages to
    /// install; it runs the compiler again, with the stack, before deploying anything.
    /// </summary>
    public static string Discovery() => YamlProgramWriter.WriteDiscovery(EstateLoader.Project, ProgramDescription, EstateProgram.Packages);

    /// <summary>
    /// The config of Pulumi's run call. pulumi-yaml's <c>Run</c> (<c>pkg/server/server.go</c>) sets exactly
    /// <c>PULUMI_STACK</c>, <c>PULUMI_ORGANIZATION</c>, <c>PULUMI_PROJECT</c>, <c>PULUMI_CONFIG</c> and
    /// <c>PULUMI_ROOT_DIRECTORY</c>; which keys are secret is not among them, so it is read from the
    /// stack file Pulumi took the values from (<c>ROOT/&lt;stackConfigDir&gt;/Pulumi.&lt;stack&gt;.yaml</c>).
    /// <c>LoadFromCompiler</c> (<c>pkg/pulumiyaml/run.go</c>) appends the host's own environment after
    /// these, so a <c>PULUMI_STACK</c> exported in the user's shell overrides Pulumi's: a stack file whose
    /// keys Pulumi did not pass is refused rather than compiled against another stack's config.
    /// </summary>
    public static (StackConfig Config, string Root) FromPulumiRun(string pulumiStack, string pulumiConfig, string? pulumiProject, string? rootDirectory)
    {
        if (!string.IsNullOrEmpty(pulumiProject) && pulumiProject != EstateLoader.Project)
            throw new Automation.Engines.EngineInputException(
                $"PULUMI_PROJECT is '{pulumiProject}', but this compiler builds project '{EstateLoader.Project}'");
        var root = rootDirectory is { Length: > 0 } given ? given : FindRoot(Environment.CurrentDirectory)
            ?? throw new Automation.Engines.EngineInputException("PULUMI_ROOT_DIRECTORY is not set and no Pulumi.yaml is here or above");
        var project = PulumiProject.Read(root)
            ?? throw new Automation.Engines.EngineInputException($"PULUMI_ROOT_DIRECTORY '{root}' holds no {PulumiProject.FileName}");
        // Pulumi passes the stack's own name; an org-qualified one names its file by the last part.
        var stack = pulumiStack.Split('/')[^1];
        var stackFilePath = project.StackFile(stack);
        var stackFile = File.Exists(stackFilePath) ? StackConfig.FromStackFile(stackFilePath, DisplayPath.Of(stackFilePath), stack) : null;
        var config = StackConfig.FromPulumiEnvironment(stack, pulumiConfig, stackFile);
        // Pulumi passes every value of the stack file (ESC environments only add keys beneath them).
        var differing = stackFile?.Entries.Values
            .Where(e => !config.Entries.TryGetValue(e.Key, out var passed) || (!e.IsSecret && !SameValue(e.Value, passed.Value)))
            .Select(e => e.Key).Order(StringComparer.Ordinal).ToList() ?? [];
        if (differing.Count > 0)
            throw new Automation.Engines.EngineInputException(
                $"PULUMI_STACK is '{pulumiStack}', but PULUMI_CONFIG differs from {DisplayPath.Of(stackFilePath)} at {string.Join(", ", differing)}: " +
                "is PULUMI_STACK exported in your shell? It overrides the stack Pulumi passes to its compiler; unset it and use `pulumi -s NAME`");
        return (config, root);
    }

    /// <summary>Same config value: the stack file's YAML against Pulumi's JSON text of it (scalars by their text).</summary>
    private static bool SameValue(YamlNode file, YamlNode passed) => (file, passed) switch
    {
        (YamlScalarNode a, YamlScalarNode b) => a.Value == b.Value,
        (YamlSequenceNode a, YamlSequenceNode b) =>
            a.Children.Count == b.Children.Count && a.Children.Zip(b.Children).All(p => SameValue(p.First, p.Second)),
        (YamlMappingNode a, YamlMappingNode b) =>
            a.Children.Count == b.Children.Count &&
            a.Children.All(c => b.Children.TryGetValue(c.Key, out var other) && SameValue(c.Value, other)),
        _ => false,
    };

    public static Oic.Infra.Resources.ResourceGraph Declare(StackConfig config) => Load(config).Graph;

    /// <summary>The validated estate of a stack and the resource graph its program declares.</summary>
    public static (EstateModel Estate, Oic.Infra.Resources.ResourceGraph Graph) Load(StackConfig config) => Load(config, EstateProgram.Declare);

    /// <summary>The validated estate of a stack and its whole program, whatever its phase: what <c>dr rebuild</c> deploys.</summary>
    public static (EstateModel Estate, Oic.Infra.Resources.ResourceGraph Graph) LoadWhole(StackConfig config) => Load(config, EstateProgram.DeclareActive);

    private static (EstateModel Estate, Oic.Infra.Resources.ResourceGraph Graph) Load(StackConfig config, Func<EstateModel, Oic.Infra.Resources.ResourceGraph> declare)
    {
        var estate = EstateLoader.Load(config);
        try
        {
            return (estate, declare(estate));
        }
        catch (NamingException e)
        {
            throw new EstateConfigException(new Diagnostic(new SourceLocation(config.Source, 0, 0), e.ConfigPath, e.Message));
        }
    }

    /// <summary>
    /// Finds the repository root (the folder holding the project's <c>Pulumi.yaml</c>) from
    /// <paramref name="start"/> upwards.
    /// </summary>
    public static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "stacks")))
                return dir.FullName;
        return null;
    }

    /// <summary>The stack file of <paramref name="stack"/>; an unknown stack is invalid input, with a suggestion.</summary>
    public static string StackFile(string root, string stack)
    {
        if (StackName.Problem(stack) is { } problem) throw new Automation.Engines.EngineInputException(problem);
        var path = Path.Combine(root, "stacks", $"Pulumi.{stack}.yaml");
        if (File.Exists(path)) return path;
        var known = KnownStacks(root);
        var hint = Suggestions.Closest(stack, known);
        throw new Automation.Engines.EngineInputException(
            $"unknown stack '{stack}': {DisplayPath.Of(path)} does not exist" +
            (hint is null ? "" : $"; did you mean '{hint}'?") +
            $" (stacks: {string.Join(", ", known)})");
    }

    /// <summary>The config of a stack of the repository, read from its stack file.</summary>
    public static StackConfig ReadStack(string root, string stack)
    {
        var path = StackFile(root, stack);
        return StackConfig.FromStackFile(path, DisplayPath.Of(path), stack);
    }

    /// <summary>The stacks defined in <c>stacks/</c>, for "unknown stack" messages.</summary>
    public static IReadOnlyList<string> KnownStacks(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "stacks"), "Pulumi.*.yaml")
            .Select(StackConfig.StackNameFromFile)
            .Order(StringComparer.Ordinal)
            .ToList();
}
