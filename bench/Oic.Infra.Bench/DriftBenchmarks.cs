using BenchmarkDotNet.Attributes;
using Oic.Infra.Automation.Drift;
using Oic.Infra.Toolkit;
using Oic.Infra.Estate.Config;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;

namespace Oic.Infra.Bench;

/// <summary>In-process drift of a 10,000-resource state against a live copy with ten changes.</summary>
[MemoryDiagnoser]
public class DriftBenchmarks
{
    private string _recorded = null!;
    private string _live = null!;
    private ResourceSet _desired = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = Compilation.FindRoot(AppContext.BaseDirectory) ?? Compilation.FindRoot(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("run from the repository");
        var graph = Compilation.Declare(StackConfig.FromStackFile(Path.Combine(root, "stacks", "Pulumi.prod.yaml"), "stacks/Pulumi.prod.yaml"));
        var path = Path.Combine(Path.GetTempPath(), "oic-bench-drift-10000.json");
        SyntheticState.Write(graph, 10_000, path);
        _recorded = File.ReadAllText(path);
        // Ten accounts opened to anonymous access behind the state's back.
        var live = _recorded;
        for (var i = 0; i < 10; i++)
        {
            var at = live.IndexOf("\"allowBlobPublicAccess\":false", StringComparison.Ordinal);
            if (at < 0) break;
            live = string.Concat(live.AsSpan(0, at), "\"allowBlobPublicAccess\":true", live.AsSpan(at + "\"allowBlobPublicAccess\":false".Length));
        }
        _live = live;
        _desired = StateDocuments.FromStackExport(path, "desired");
    }

    [Benchmark]
    public DriftReport DriftOf10000Resources() =>
        DriftDetector.Compare(_desired, StackExport.Parse(_recorded, "state"), StackExport.Parse(_live, "live"));
}
