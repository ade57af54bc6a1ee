using System.Diagnostics;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Reports;
using Oic.Infra.Toolkit;

namespace Oic.Infra.Bench;

/// <summary>
/// Where <c>policy check --state</c> spends its time and memory, stage by stage, as the CLI runs it
/// (read, settings and waivers, each rule, waivers applied, order, JSON report): wall time and bytes
/// allocated per stage, then the slowest rules. Cold (first run in the process, as the CLI pays it)
/// and warm (second run) figures both print.
/// </summary>
public static class PolicyProfile
{
    public static void Run(string export, string? waivers)
    {
        var root = Compilation.FindRoot(Environment.CurrentDirectory);
        for (var pass = 0; pass < 2; pass++)
        {
            Console.WriteLine(pass == 0 ? "cold" : "warm");
            var set = Stage("read export", () => StateDocuments.FromStackExport(export, export));
            if (waivers is not null)
            {
                var text = Stage("waivers: read text", () => File.ReadAllText(waivers));
                Stage("waivers: yaml tree", () => Oic.Infra.Estate.Input.StrictYaml.Load(text, waivers));
            }
            var settings = Stage("settings + waivers", () => PolicyGate.Settings(root, set.Stack, null, waivers));
            var rules = new List<(string Id, long Ms, int Results)>();
            var results = Stage("evaluate", () =>
            {
                var all = new List<PolicyResult>();
                foreach (var pack in Catalogue.All)
                    foreach (var (rule, level) in pack.Rules)
                    {
                        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                        var before = all.Count;
                        foreach (var (resource, outcome) in rule.Evaluate(set)) all.Add(new PolicyResult(rule, pack.Name, level, resource, outcome));
                        rules.Add((rule.Id, (long)(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds, all.Count - before));
                    }
                return all;
            });
            var applied = Stage("apply waivers", () => settings.Waivers?.Apply(results, settings.Today) ?? results);
            var report = Stage("whole evaluator", () => settings.Run(set));
            Stage("json report", () => PolicyReports.Json(report));
            foreach (var (id, ms, n) in rules.OrderByDescending(r => r.Ms).Take(8)) Console.WriteLine($"    {id,-34} {ms,6} ms  {n} results");
            Console.WriteLine($"  {applied.Count} results, {report.Violations.Count()} violations, heap {GC.GetTotalMemory(false) >> 20} MB");
            // What the runtime itself cost so far: collections and their pauses, methods jitted and the time spent jitting.
            Console.WriteLine($"  GC {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen0/1/2), paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms; " +
                $"JIT {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms");
        }
    }

    private static T Stage<T>(string name, Func<T> run)
    {
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = run();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"  {name,-22} {watch.ElapsedMilliseconds,6} ms wall {used.TotalMilliseconds,6:F0} ms CPU {(GC.GetAllocatedBytesForCurrentThread() - bytes) >> 20,6} MB allocated");
        return result;
    }
}
