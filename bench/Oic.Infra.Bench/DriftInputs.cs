using System.Text;
using Oic.Infra.Automation.Drift;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;

namespace Oic.Infra.Bench;

/// <summary>The inputs and the measured work of bench/drift-process.sh.</summary>
public static class DriftInputs
{
    private const string Closed = "\"allowBlobPublicAccess\":false";
    private const string Opened = "\"allowBlobPublicAccess\":true";
    private const string Owner = "\"owner\":\"";

    /// <summary>
    /// Writes <paramref name="output"/>: <paramref name="export"/> with <paramref name="changes"/> edits
    /// spread evenly over the text, alternately a storage account opened to anonymous blob access and an
    /// owner tag rewritten (each at its next two occurrences: a resource's inputs and outputs). Deterministic: the same export and count give the same bytes.
    /// </summary>
    public static void Tamper(string export, int changes, string output)
    {
        var text = File.ReadAllText(export);
        var result = new StringBuilder(text.Length + (changes * 8));
        var step = Math.Max(1, text.Length / Math.Max(1, changes));
        var at = 0;
        for (var i = 0; i < changes && at < text.Length; i++)
        {
            var (find, replace) = i % 2 == 0 ? (Closed, Opened) : (Owner, Owner + "changed-in-portal-");
            var next = text.IndexOf(find, Math.Max(at, i * step), StringComparison.Ordinal);
            if (next < 0) next = text.IndexOf(find, at, StringComparison.Ordinal);
            if (next < 0) continue;
            // A resource carries the value in its inputs and its outputs: the portal changes both.
            var second = text.IndexOf(find, next + find.Length, StringComparison.Ordinal);
            result.Append(text, at, next - at).Append(replace);
            at = next + find.Length;
            if (second < 0) continue;
            result.Append(text, at, second - at).Append(replace);
            at = second + find.Length;
        }
        result.Append(text, at, text.Length - at);
        File.WriteAllText(output, result.ToString());
    }

    public static int Drift(string desiredExport, string stateExport, string liveExport)
    {
        // As `infra drift` reads them: the state first, then Azure's side sharing what the state holds.
        // The program stands for what a compile would declare: an export's recorded inputs (no ids, no
        // outputs), read beside Azure's side and sharing nothing with the state, as a compiled program would.
        var profile = Environment.GetEnvironmentVariable("BENCH_PROFILE") is not null;
        var recorded = StackExport.Load(stateExport, stateExport);
        if (profile) Console.Error.WriteLine($"CPU: state read {System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds:F0} ms (from start)");
        var liveRead = Task.Run(() => StackExport.Load(liveExport, liveExport, baseline: recorded));
        if (profile)
        {
            var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            liveRead.Wait();
            Console.Error.WriteLine($"CPU: live read {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms");
        }
        var program = StackExport.Load(desiredExport, desiredExport);
        var desired = new ResourceSet(program.Resources.Stack, program.Resources.Project,
            program.Resources.Resources.Select(r => new PolicyResource(r.Urn, r.Type, r.Name, program.InputsOf(r.Urn) ?? new PropertyValue.Map([]), ParentUrn: r.ParentUrn)),
            "program");
        var live = liveRead.GetAwaiter().GetResult();
        var readCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var report = DriftDetector.Compare(desired, recorded, live);
        // BENCH_PROFILE=1: CPU time of reading (the state, then Azure's side alone) and of comparing, to stderr.
        if (profile)
            Console.Error.WriteLine($"CPU: read {readCpu.TotalMilliseconds:F0} ms, compare {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - readCpu).TotalMilliseconds:F0} ms");
        Console.Out.Write(DriftReports.Json(report));
        return report.ExitCode;
    }
}
