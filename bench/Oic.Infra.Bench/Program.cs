using BenchmarkDotNet.Running;
using Oic.Infra.Bench;

// `generate N FILE [SKU]` writes a synthetic stack file with N offices, optionally on another VPN gateway SKU
// (used by bench/compile-process.sh); anything else runs the BenchmarkDotNet suite.
if (args is ["generate", var count, var path, .. var skuArgs])
{
    var root = Oic.Infra.Toolkit.Compilation.FindRoot(Environment.CurrentDirectory) ?? throw new InvalidOperationException("run from the repository");
    File.WriteAllText(path, SyntheticEstate.Create(Path.Combine(root, "stacks", "Pulumi.prod.yaml"), int.Parse(count, System.Globalization.CultureInfo.InvariantCulture),
        skuArgs.Length > 0 ? skuArgs[0] : null));
    return 0;
}
// `state N FILE` writes a stack export of N resources made from the prod graph (bench/policy-process.sh).
if (args is ["state", var size, var output, ..])
{
    var root = Oic.Infra.Toolkit.Compilation.FindRoot(Environment.CurrentDirectory) ?? throw new InvalidOperationException("run from the repository");
    var graph = Oic.Infra.Toolkit.Compilation.Declare(Oic.Infra.Estate.Config.StackConfig.FromStackFile(Path.Combine(root, "stacks", "Pulumi.prod.yaml"), "stacks/Pulumi.prod.yaml"));
    SyntheticState.Write(graph, int.Parse(size, System.Globalization.CultureInfo.InvariantCulture), output);
    return 0;
}
// `scale SOURCE N FILE` writes an export of N resources scaled up from a real export (bench/policy-process.sh).
if (args is ["scale", var sourceExport, var scaledSize, var scaledOutput, ..])
{
    ScaledExport.Write(sourceExport, int.Parse(scaledSize, System.Globalization.CultureInfo.InvariantCulture), scaledOutput);
    return 0;
}
// `waivers EXPORT N FILE` writes N waivers for resources of an export (bench/policy-process.sh).
if (args is ["waivers", var waivedExport, var waiverCount, var waiverFile, ..])
{
    ScaledExport.WriteWaivers(waivedExport, int.Parse(waiverCount, System.Globalization.CultureInfo.InvariantCulture), waiverFile,
        [.. Oic.Infra.Policies.Packs.Catalogue.Rules.Select(r => r.Id)], DateOnly.FromDateTime(DateTime.UtcNow));
    return 0;
}
// `rules FILE` prints how long each rule takes on a stack export: where to look when the check is slow.
if (args is ["rules", var export, ..])
{
    var load = System.Diagnostics.Stopwatch.StartNew();
    var set = Oic.Infra.Policies.Inputs.StateDocuments.FromStackExport(export, export);
    Console.WriteLine($"load {load.ElapsedMilliseconds} ms, {set.Resources.Count} resources");
    foreach (var rule in Oic.Infra.Policies.Packs.Catalogue.Rules)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var n = rule.Evaluate(set).Count();
        if (watch.ElapsedMilliseconds > 20) Console.WriteLine($"{rule.Id,-32} {watch.ElapsedMilliseconds,6} ms  {n} results");
    }
    return 0;
}
// `profile EXPORT [WAIVERS]` prints policy check's cost stage by stage (read, waivers, each rule, report).
if (args is ["profile", var profiled, .. var rest])
{
    PolicyProfile.Run(profiled, rest is [var w, ..] ? w : null);
    return 0;
}
// `tamper EXPORT N FILE` writes the "live" side of a drift: the export with N changes made behind the
// state's back, as a person in the portal would (every other one a storage account opened to anonymous
// blob access, a security-relevant drift; the others a changed tag), spread evenly (bench/drift-process.sh).
if (args is ["tamper", var tamperedExport, var changeCount, var tamperedOutput, ..])
{
    DriftInputs.Tamper(tamperedExport, int.Parse(changeCount, System.Globalization.CultureInfo.InvariantCulture), tamperedOutput);
    return 0;
}
// `drift DESIRED STATE LIVE` does what `infra drift` does once it has its three documents: the desired
// resources (here an export standing for the compiled program), the recorded state and the live export
// read, compared, the packs run over the sides that differ, the JSON report written to stdout; exit 3/4
// as infra's (bench/drift-process.sh: `infra drift` itself compiles the program from a stack file).
if (args is ["drift", var desiredExport, var stateExport, var liveExport, ..])
    return DriftInputs.Drift(desiredExport, stateExport, liveExport);
// `dr-makespan` prints the DR rebuild makespans: ours (tier, then critical path first) vs a
// plain dependency-ordered FIFO vs the lower bound, for the reference and 500-office estates.
if (args is ["dr-makespan", ..])
{
    foreach (var line in DrSchedulerBenchmarks.Makespans()) Console.WriteLine(line);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(CompileBenchmarks).Assembly).Run(args);
return 0;
