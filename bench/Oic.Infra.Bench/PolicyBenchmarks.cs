using BenchmarkDotNet.Attributes;
using Oic.Infra.Toolkit;
using Oic.Infra.Estate.Config;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;

namespace Oic.Infra.Bench;

/// <summary>In-process cost of the policy packs on the compiled reference estate and on a 10,000-resource export.</summary>
[MemoryDiagnoser]
public class PolicyBenchmarks
{
    private ResourceSet _prod = null!;
    private string _export = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = Compilation.FindRoot(AppContext.BaseDirectory) ?? Compilation.FindRoot(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("run from the repository");
        var graph = Compilation.Declare(StackConfig.FromStackFile(Path.Combine(root, "stacks", "Pulumi.prod.yaml"), "stacks/Pulumi.prod.yaml"));
        _prod = GraphInput.From(graph);
        _export = Path.Combine(Path.GetTempPath(), "oic-bench-10000.json");
        SyntheticState.Write(graph, 10_000, _export);
    }

    [Benchmark(Baseline = true)]
    public PolicyReport ReferenceEstateGraph() => Evaluator.Run(_prod, Catalogue.All);

    [Benchmark]
    public PolicyReport StackExportOf10000Resources() =>
        Evaluator.Run(StateDocuments.FromStackExport(_export, "export.json"), Catalogue.All);
}
