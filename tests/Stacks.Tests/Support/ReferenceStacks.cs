using System.Collections.Concurrent;
using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;

namespace Oic.Infra.Stacks.Tests.Support;

/// <summary>
/// The repository's own stack files (<c>stacks/Pulumi.*.yaml</c>), loaded the way <c>infra compile
/// --stack</c> loads them and declared once per test run.
/// </summary>
internal static class ReferenceStacks
{
    public const string Description =
        "OIC General Secretariat digital estate: hub-and-spoke networks, office links, identity, document storage and continuity.";

    public static readonly string[] All = ["prod", "prod-dr", "dev"];

    /// <summary>The stacks that set <c>protectStateful: true</c>.</summary>
    public static readonly string[] Protected = ["prod", "prod-dr"];

    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly ConcurrentDictionary<string, Lazy<EstateModel>> Estates = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Lazy<ResourceGraph>> Graphs = new(StringComparer.Ordinal);

    /// <summary>The repository root: the folder above the test binaries that holds <c>Pulumi.yaml</c>.</summary>
    public static string Root => LazyRoot.Value;

    public static string StackFile(string stack) => Path.Combine(Root, "stacks", $"Pulumi.{stack}.yaml");

    public static EstateModel Estate(string stack) =>
        Estates.GetOrAdd(stack, s => new Lazy<EstateModel>(() =>
            EstateLoader.Load(StackConfig.FromStackFile(StackFile(s), $"stacks/Pulumi.{s}.yaml")))).Value;

    public static ResourceGraph Graph(string stack) =>
        Graphs.GetOrAdd(stack, s => new Lazy<ResourceGraph>(() => EstateProgram.Declare(Estate(s)))).Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "stacks")))
                return dir.FullName;
        throw new DirectoryNotFoundException("no Pulumi.yaml above " + TestContext.CurrentContext.TestDirectory);
    }
}
