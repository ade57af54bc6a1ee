using BenchmarkDotNet.Attributes;
using Oic.Infra.Toolkit;
using Oic.Infra.Estate.Config;

namespace Oic.Infra.Bench;

/// <summary>In-process cost of a compile (config → estate → graph → YAML), without process start-up or the policy gate (PolicyBenchmarks measures that).</summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private StackConfig _prod = null!;
    private StackConfig _synthetic = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = Compilation.FindRoot(AppContext.BaseDirectory) ?? Compilation.FindRoot(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("run from the repository");
        var prodFile = Path.Combine(root, "stacks", "Pulumi.prod.yaml");
        _prod = StackConfig.FromStackFile(prodFile, "stacks/Pulumi.prod.yaml");
        _synthetic = StackConfig.FromStackFileText(SyntheticEstate.Create(prodFile, 500), "Pulumi.synthetic-500.yaml", "synthetic-500");
    }

    [Benchmark(Baseline = true)]
    public string ReferenceEstate() => Compilation.WriteProgram(Compilation.Declare(_prod));

    /// <summary>
    /// Five hundred offices exceed every VPN gateway SKU (docs/adr/0021), so a stack file declaring them is refused;
    /// the same work with the capacity check off measures how compiling scales with the number of sites.
    /// </summary>
    [Benchmark]
    public string FiveHundredOffices() =>
        Compilation.WriteProgram(Oic.Infra.Stacks.EstateProgram.Declare(EstateLoader.Load(_synthetic, checkTunnelCapacity: false)));
}
