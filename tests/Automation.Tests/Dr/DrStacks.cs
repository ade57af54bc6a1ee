using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Oic.Infra.Automation.Dr;
using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Model;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Resources;
using Oic.Infra.Stacks;

namespace Oic.Infra.Automation.Tests.Dr;

/// <summary>The real prod and prod-dr stacks (and prod/prod-dr with N synthetic offices), declared once per run.</summary>
internal static class DrStacks
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly ConcurrentDictionary<string, Lazy<(EstateModel Estate, ResourceGraph Graph)>> Cache = new(StringComparer.Ordinal);

    public static string Root => LazyRoot.Value;

    /// <summary>A stack, or with <paramref name="offices"/> &gt; 0 the same stack with that many generated offices.</summary>
    public static (EstateModel Estate, ResourceGraph Graph) Load(string stack, int offices = 0) =>
        Cache.GetOrAdd($"{stack}+{offices}", _ => new Lazy<(EstateModel, ResourceGraph)>(() =>
        {
            var file = Path.Combine(Root, "stacks", $"Pulumi.{stack}.yaml");
            var config = offices == 0
                ? StackConfig.FromStackFile(file, $"stacks/Pulumi.{stack}.yaml")
                : StackConfig.FromStackFileText(WithOffices(File.ReadAllText(file), offices), $"synthetic-{stack}-{offices}.yaml", stack);
            var estate = EstateLoader.Load(config);
            return (estate, EstateProgram.Declare(estate));
        })).Value;

    /// <summary>The source's state as policies read it; the compiled prod graph stands in for its deployed state.</summary>
    public static ResourceSet SourceState(int offices = 0) => GraphInput.From(Load("prod", offices).Graph);

    public static DrPlan Plan(int offices = 0, int parallel = 10, DrScheduling scheduling = DrScheduling.TierCriticalPath, ResourceSet? targetState = null)
    {
        var (estate, graph) = Load("prod-dr", offices);
        return DrPlanner.Plan(graph, SourceState(offices), targetState, estate, new DrPlanOptions { Parallel = parallel, Scheduling = scheduling });
    }

    private static string WithOffices(string text, int count)
    {
        var start = text.IndexOf("  oic-gs-infra:offices:\n", StringComparison.Ordinal);
        var end = text.IndexOf("  oic-gs-infra:partners:\n", StringComparison.Ordinal);
        var list = new StringBuilder("  oic-gs-infra:offices:\n");
        var secrets = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"o{i:D4}");
            list.Append(CultureInfo.InvariantCulture,
                $"    - id: {100 + i}\n      key: {key}\n      name: Synthetic office {i}\n      city: City {i}\n      country: Country {i % 57}\n" +
                $"      onPremPrefixes: [172.{24 + i / 256}.{i % 256}.0/24]\n      vpnPeerAddress: 198.18.{i / 250}.{i % 250 + 1}\n");
            secrets.Append(CultureInfo.InvariantCulture, $"  oic-gs-infra:vpnSharedKey-{key}:\n    secure: v1:c3ludGhldGlj\n");
        }
        var rest = text[end..].Split('\n').ToList();
        var kept = new List<string>();
        for (var i = 0; i < rest.Count; i++)
        {
            var line = rest[i];
            if (line.StartsWith("  oic-gs-infra:vpnSharedKey-", StringComparison.Ordinal) && !Regex.IsMatch(line, "-(jed|sesric|icdt):"))
            {
                i++; // and its "secure:" line
                continue;
            }
            kept.Add(line);
        }
        return text[..start] + list + string.Join('\n', kept).TrimEnd('\n') + "\n" + secrets;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "stacks")))
                return dir.FullName;
        throw new DirectoryNotFoundException("no Pulumi.yaml above " + TestContext.CurrentContext.TestDirectory);
    }
}
