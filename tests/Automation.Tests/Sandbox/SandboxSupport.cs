using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Estate.Config;
using Oic.Infra.Resources;
using Oic.Infra.Stacks;

namespace Oic.Infra.Automation.Tests.Sandbox;

/// <summary>The repository's real stacks, declared once per test run, and fresh state directories.</summary>
internal static partial class RealStacks
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly ConcurrentDictionary<string, Lazy<ResourceGraph>> Graphs = new(StringComparer.Ordinal);

    public static string Root => LazyRoot.Value;

    public static string StackFile(string stack) => Path.Combine(Root, "stacks", $"Pulumi.{stack}.yaml");

    public static ResourceGraph Graph(string stack) =>
        Graphs.GetOrAdd(stack, s => new Lazy<ResourceGraph>(() =>
            EstateProgram.Declare(EstateLoader.Load(StackConfig.FromStackFile(StackFile(s), $"stacks/Pulumi.{s}.yaml"))))).Value;

    /// <summary>The prod estate with <paramref name="offices"/> synthetic offices instead of its four (as bench/SyntheticEstate.cs makes it).</summary>
    public static ResourceGraph WithOffices(int offices) =>
        Graphs.GetOrAdd($"prod+{offices}", _ => new Lazy<ResourceGraph>(() =>
            EstateProgram.Declare(EstateLoader.Load(StackConfig.FromStackFileText(
                SyntheticOffices(File.ReadAllText(StackFile("prod")), offices), $"synthetic-{offices}.yaml", "prod"),
                checkTunnelCapacity: false)))).Value; // synthetic offices beyond any VPN gateway SKU on purpose (docs/adr/0021)

    public static OperationOptions Options(string stack, int parallel = 10, Action<EngineEvent>? onEvent = null) =>
        new() { Stack = stack, Parallel = parallel, OnEvent = onEvent };

    /// <summary>A stack file's text with <paramref name="count"/> generated offices instead of its own (stack files hold no secrets to replace).</summary>
    public static string SyntheticOffices(string text, int count)
    {
        var start = text.IndexOf("  oic-gs-infra:offices:\n", StringComparison.Ordinal);
        var end = text.IndexOf("  oic-gs-infra:partners:\n", StringComparison.Ordinal);
        var list = new System.Text.StringBuilder("  oic-gs-infra:offices:\n");
        for (var i = 0; i < count; i++)
        {
            var key = $"o{i:D4}";
            list.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"    - id: {100 + i}\n      key: {key}\n      name: Synthetic office {i}\n      city: City {i}\n      country: Country {i % 57}\n" +
                $"      onPremPrefixes: [172.{24 + i / 256}.{i % 256}.0/24]\n      vpnPeerAddress: 198.18.{i / 250}.{i % 250 + 1}\n");
        }
        return text[..start] + list + text[end..];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "stacks")))
                return dir.FullName;
        throw new DirectoryNotFoundException("no Pulumi.yaml above " + TestContext.CurrentContext.TestDirectory);
    }
}

/// <summary>A state directory of its own for one test, removed afterwards.</summary>
internal sealed class StateDir : IDisposable
{
    public StateDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "oic-sandbox-tests", Guid.NewGuid().ToString("N"));

    public SandboxEngine Engine(SandboxOptions? options = null) => new(Path, options ?? SandboxOptions.Default);

    public string Checkpoint(string stack) => System.IO.Path.Combine(Path, "stacks", stack + ".json");
    public string Live(string stack) => System.IO.Path.Combine(Path, "live", stack + ".json");
    public string Journal(string stack) => System.IO.Path.Combine(Path, "journal", stack + ".jsonl");
    public string Lock(string stack) => System.IO.Path.Combine(Path, "locks", stack + ".lock");

    /// <summary>Every file under the directory with its bytes, to show that something changed nothing.</summary>
    public IReadOnlyDictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .ToDictionary(f => System.IO.Path.GetRelativePath(Path, f), f => Convert.ToBase64String(File.ReadAllBytes(f)));

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

/// <summary>Reading checkpoints in tests.</summary>
internal static partial class Export
{
    public static JsonArray Resources(string json) => (JsonArray)JsonNode.Parse(json)!["deployment"]!["resources"]!;

    public static JsonObject Resource(string json, string urnSuffix) =>
        (JsonObject)Resources(json).Single(r => r!["urn"]!.GetValue<string>().EndsWith("::" + urnSuffix, StringComparison.Ordinal))!;

    /// <summary>The logical names of the resources a document lists.</summary>
    public static IReadOnlyList<string> Names(string json) =>
        Resources(json).Select(r => r!["urn"]!.GetValue<string>()).Select(u => u[(u.LastIndexOf("::", StringComparison.Ordinal) + 2)..]).ToList();

    /// <summary>The document without its manifest time, the one thing two equal runs may differ in.</summary>
    public static string WithoutTime(string json) => ManifestTime().Replace(json, "\"time\": \"…\"");

    [GeneratedRegex("\"time\": \"[^\"]*\"")]
    private static partial Regex ManifestTime();
}

/// <summary>
/// A copy of a program with one resource's properties changed: the C# stacks derive everything
/// from the estate, so tests that need one precise change (a tag, a SKU) edit the declared graph.
/// </summary>
internal static class ProgramEdit
{
    public static ResourceGraph With(ResourceGraph program, string logicalName, Func<PropertyValue.Map, PropertyValue.Map> edit) =>
        Copy(program, logicalName, edit, drop: false);

    /// <summary>The program without one resource that nothing else refers to.</summary>
    public static ResourceGraph Without(ResourceGraph program, string logicalName) =>
        Copy(program, logicalName, m => m, drop: true);

    private static ResourceGraph Copy(ResourceGraph program, string logicalName, Func<PropertyValue.Map, PropertyValue.Map> edit, bool drop)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (program.Find(logicalName) is null) throw new ArgumentException($"no resource {logicalName}", nameof(logicalName));
        return ResourceGraph.Build(program.Stack, program.Project, graph =>
        {
            var map = new Dictionary<Resource, Resource>(ReferenceEqualityComparer.Instance);
            foreach (var r in program.Resources)
            {
                if (drop && r.LogicalName == logicalName) continue;
                var inputs = (PropertyValue.Map)Rewrite(r.Inputs, map);
                if (r.LogicalName == logicalName) inputs = edit(inputs);
                var options = r.Options with
                {
                    Parent = r.Options.Parent is { } p ? map[p] : null,
                    Provider = r.Options.Provider is { } prov ? (ProviderResource)map[prov] : null,
                    DependsOn = r.Options.DependsOn.Select(d => map[d]).ToList(),
                };
                map[r] = r is ProviderResource
                    ? new CopiedProvider(r.Type, r.LogicalName, new RawArgs(inputs), options, r.DeclaredAt)
                    : new CopiedResource(r.Type, r.LogicalName, new RawArgs(inputs), options, r.DeclaredAt);
            }
            foreach (var key in program.SecretConfigKeys) graph.SecretConfigKeys.Add(key);
            foreach (var (name, output) in program.Outputs) graph.Outputs[name] = new Raw(Rewrite(output.ToValue(), map));
        });
    }

    public static PropertyValue.Map Set(PropertyValue.Map map, string key, PropertyValue value) =>
        PropertyValue.Map.Of(map.Entries.Where(e => e.Key != key).Append(KeyValuePair.Create(key, value)));

    private static PropertyValue Rewrite(PropertyValue value, Dictionary<Resource, Resource> map) => value switch
    {
        PropertyValue.Ref { Target: { Resource: { } target } t } => new PropertyValue.Ref(Reference.ToOutput(map[target], t.Path)),
        PropertyValue.List l => new PropertyValue.List(l.Items.Select(i => Rewrite(i, map)).ToList()),
        PropertyValue.Map m => new PropertyValue.Map(m.Entries.Select(e => KeyValuePair.Create(e.Key, Rewrite(e.Value, map))).ToList()),
        PropertyValue.Interpolation i => new PropertyValue.Interpolation(i.Parts.Select(p => Rewrite(p, map)).ToList()),
        PropertyValue.Secret s => new PropertyValue.Secret(Rewrite(s.Inner, map)),
        _ => value,
    };

    private sealed class Raw(PropertyValue value) : IInput
    {
        public PropertyValue ToValue() => value;
    }

    private sealed class RawArgs(PropertyValue.Map inputs) : ResourceArgs
    {
        protected override IEnumerable<KeyValuePair<string, IInput?>> Properties() =>
            inputs.Entries.Select(e => KeyValuePair.Create(e.Key, (IInput?)new Raw(e.Value)));
    }

    private sealed class CopiedResource(string type, string name, ResourceArgs args, ResourceOptions options, SourcePosition at)
        : CustomResource(type, name, args, options, at);

    private sealed class CopiedProvider(string type, string name, ResourceArgs args, ResourceOptions options, SourcePosition at)
        : ProviderResource(type, name, args, options, at);
}

/// <summary>A crash action for tests: the process "dies" by throwing.</summary>
internal static class Crash
{
    public static SandboxOptions After(int operations) => new()
    {
        Faults = new SandboxFaults { CrashAfter = operations },
        Crash = message => throw new SimulatedCrashException(message),
    };
}
