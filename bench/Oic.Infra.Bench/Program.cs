using BenchmarkDotNet.Running;
using Oic.Infra.Bench;

// `generate N FILE` writes a synthetic stack file with N offices (used by bench/compile-process.sh);
// anything else runs the BenchmarkDotNet suite.
if (args is ["generate", var count, var path, ..])
{
    var root = Oic.Infra.Cli.Compilation.FindRoot(Environment.CurrentDirectory) ?? throw new InvalidOperationException("run from the repository");
    File.WriteAllText(path, SyntheticEstate.Create(Path.Combine(root, "stacks", "Pulumi.prod.yaml"), int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)));
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(CompileBenchmarks).Assembly).Run(args);
return 0;
