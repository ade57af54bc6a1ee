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
// `state N FILE` writes a stack export of N resources made from the prod graph (bench/policy-process.sh).
if (args is ["state", var size, var output, ..])
{
    var root = Oic.Infra.Cli.Compilation.FindRoot(Environment.CurrentDirectory) ?? throw new InvalidOperationException("run from the repository");
    var graph = Oic.Infra.Cli.Compilation.Declare(Oic.Infra.Estate.Config.StackConfig.FromStackFile(Path.Combine(root, "stacks", "Pulumi.prod.yaml"), "stacks/Pulumi.prod.yaml"));
    SyntheticState.Write(graph, int.Parse(size, System.Globalization.CultureInfo.InvariantCulture), output);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(CompileBenchmarks).Assembly).Run(args);
return 0;
