using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Model;
using Oic.Infra.Stacks;
using Oic.Infra.Synth;

namespace Oic.Infra.Cli;

/// <summary>Where the stack's config comes from: a stack file, or Pulumi's compiler environment.</summary>
public sealed record CompileSource(StackConfig Config, string RepositoryRoot);

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

    public static Oic.Infra.Resources.ResourceGraph Declare(StackConfig config) => Load(config).Graph;

    /// <summary>The validated estate of a stack and the resource graph its program declares.</summary>
    public static (EstateModel Estate, Oic.Infra.Resources.ResourceGraph Graph) Load(StackConfig config)
    {
        var estate = EstateLoader.Load(config);
        try
        {
            return (estate, EstateProgram.Declare(estate));
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
            $"unknown stack '{stack}': {Cli.Display(path)} does not exist" +
            (hint is null ? "" : $"; did you mean '{hint}'?") +
            $" (stacks: {string.Join(", ", known)})");
    }

    /// <summary>The config of a stack of the repository, read from its stack file.</summary>
    public static StackConfig ReadStack(string root, string stack)
    {
        var path = StackFile(root, stack);
        return StackConfig.FromStackFile(path, Cli.Display(path), stack);
    }

    /// <summary>The stacks defined in <c>stacks/</c>, for "unknown stack" messages.</summary>
    public static IReadOnlyList<string> KnownStacks(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "stacks"), "Pulumi.*.yaml")
            .Select(StackConfig.StackNameFromFile)
            .Order(StringComparer.Ordinal)
            .ToList();
}
