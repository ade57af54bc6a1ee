using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Oic.Infra.Automation.Drift;

/// <summary>
/// The three renderings of a <see cref="DriftReport"/>: <see cref="Text"/> for people at a
/// terminal, <see cref="Json"/> for scripts and <see cref="Markdown"/> for an issue or pull-request
/// comment. Each is deterministic (no timestamps, <c>\n</c> line ends) and shows values only as
/// the report holds them, where secrets are never present.
/// </summary>
public static partial class DriftReports
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        // Values quote names and ARM ids; these documents are never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON name of a class: <c>security-relevant</c>, <c>tags-only</c>…</summary>
    public static string Name(this DriftClass driftClass) => driftClass switch
    {
        DriftClass.SecurityRelevant => "security-relevant",
        DriftClass.DeletedOutOfBand => "deleted-out-of-band",
        DriftClass.UnmanagedAddition => "unmanaged-addition",
        DriftClass.TagsOnly => "tags-only",
        DriftClass.Configuration => "configuration",
        _ => throw new ArgumentOutOfRangeException(nameof(driftClass)),
    };

    /// <summary>The JSON name of a comparison: <c>desired-vs-state</c> or <c>state-vs-live</c>.</summary>
    public static string Name(this Comparison comparison) => comparison switch
    {
        Comparison.DesiredVsState => "desired-vs-state",
        Comparison.StateVsLive => "state-vs-live",
        _ => throw new ArgumentOutOfRangeException(nameof(comparison)),
    };

    /// <summary>
    /// The report of <c>drift --format json</c>:
    /// <c>{"stack","differences":[{"comparison","urn","type","path","recorded","live","class","policies"}],"summary":{"differences","securityRelevant","exitCode"}}</c>.
    /// For a desired-vs-state difference <c>live</c> holds the program's value.
    /// </summary>
    public static string Json(DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("stack", report.Stack);
            w.WriteStartArray("differences");
            foreach (var d in report.Differences)
            {
                w.WriteStartObject();
                w.WriteString("comparison", d.Kind.Name());
                w.WriteString("urn", d.Urn);
                w.WriteString("type", d.Type);
                w.WriteString("path", d.Path);
                w.WriteString("recorded", d.Recorded);
                w.WriteString("live", d.Live);
                w.WriteString("class", d.Class.Name());
                w.WriteStartArray("policies");
                foreach (var policy in d.Policies) w.WriteStringValue(policy);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("summary");
            w.WriteNumber("differences", report.Differences.Count);
            w.WriteNumber("securityRelevant", report.SecurityRelevant);
            w.WriteNumber("exitCode", report.ExitCode);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>What a difference means, in words, for the text and Markdown reports.</summary>
    private static string Describe(Difference d) => (d.Kind, d.IsResourceLevel, d.Recorded, d.Live) switch
    {
        (Comparison.DesiredVsState, true, null, _) => "declared in the program, not in state: the next up creates it",
        (Comparison.DesiredVsState, true, _, _) => "in state, no longer in the program: the next up deletes it",
        (Comparison.StateVsLive, true, null, _) => "in Azure, not in state: created outside the program",
        (Comparison.StateVsLive, true, _, _) => "in state, gone from Azure: deleted out of band",
        (_, false, null, _) => $"{d.Path}: not set in state, {Value(d.Live)} {OtherSide(d.Kind)}",
        (_, false, _, null) => $"{d.Path}: {Value(d.Recorded)} in state, not set {OtherSide(d.Kind)}",
        _ => $"{d.Path}: {Value(d.Recorded)} in state, {Value(d.Live)} {OtherSide(d.Kind)}",
    };

    private static string OtherSide(Comparison kind) => kind == Comparison.DesiredVsState ? "in the program" : "in Azure";

    private static string Value(string? value) => value is null ? "not set" : $"'{value}'";

    private static string Plural(int n, string one, string many) => n == 1 ? one : many;

    /// <summary>The classes in the order reports list them: what needs attention first.</summary>
    private static readonly DriftClass[] ClassOrder =
        [DriftClass.SecurityRelevant, DriftClass.DeletedOutOfBand, DriftClass.UnmanagedAddition, DriftClass.Configuration, DriftClass.TagsOnly];

    private static string Verdict(DriftReport report)
    {
        if (!report.HasDrift) return $"No drift in stack {report.Stack}: the program, the state and Azure agree.";
        var n = report.Differences.Count;
        var counts = string.Join(", ", ClassOrder.Where(c => report.Count(c) > 0).Select(c => $"{report.Count(c)} {c.Name()}"));
        return $"{n} {Plural(n, "difference", "differences")} in stack {report.Stack} ({counts}); exit code {report.ExitCode}.";
    }
}
