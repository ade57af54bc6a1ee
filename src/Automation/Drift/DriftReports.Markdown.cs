using System.Globalization;
using System.Net;
using System.Text;

namespace Oic.Infra.Automation.Drift;

public static partial class DriftReports
{
    /// <summary>GitHub's limit on the body of an issue or comment.</summary>
    public const int MarkdownLimit = 65536;

    /// <summary>
    /// An issue (or pull-request comment) body: a title line, the exit code, counts per class and
    /// comparison, a table of the differences (security-relevant first) and what to do about them.
    /// Never longer than <paramref name="maxLength"/>: the table is cut at a row boundary, saying
    /// how many rows were left out.
    /// </summary>
    public static string Markdown(DriftReport report, int maxLength = MarkdownLimit)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var head = MarkdownHead(report);
        var advice = MarkdownAdvice(report);
        var rows = MarkdownRows(report);
        var table = rows.Count == 0 ? "" : DifferencesHeader + string.Concat(rows) + "\n";
        var all = head + table + advice;
        if (all.Length <= maxLength) return all;

        var kept = 0;
        var budget = maxLength - head.Length - advice.Length - DifferencesHeader.Length - 1 - LeftOut(rows.Count, rows.Count, report.Stack).Length;
        for (var used = 0; kept < rows.Count && used + rows[kept].Length <= budget; kept++) used += rows[kept].Length;
        var cut = head + DifferencesHeader + string.Concat(rows.Take(kept)) + "\n" + LeftOut(rows.Count - kept, rows.Count, report.Stack) + advice;
        if (cut.Length <= maxLength) return cut;
        // Even the counts and advice do not fit: cut at a line boundary.
        var end = maxLength == 0 ? -1 : cut.LastIndexOf('\n', maxLength - 1);
        return cut[..(end + 1)];
    }

    private const string DifferencesHeader =
        "### Differences\n\n| Comparison | Class | Resource | Property | State | Azure / program | Policies |\n|---|---|---|---|---|---|---|\n";

    private static string LeftOut(int leftOut, int total, string stack) =>
        string.Create(CultureInfo.InvariantCulture,
            $"_{leftOut} of {total} {Plural(total, "row", "rows")} left out to fit; `./infra drift --stack {stack} --format json` lists them all._\n\n");

    private static string MarkdownHead(DriftReport report)
    {
        var md = new StringBuilder();
        var n = report.Differences.Count;
        var title = !report.HasDrift ? "no drift"
            : report.SecurityRelevant > 0 ? $"{report.SecurityRelevant} security-relevant of {n} {Plural(n, "difference", "differences")}"
            : $"{n} {Plural(n, "difference", "differences")}, none security-relevant";
        md.Append(CultureInfo.InvariantCulture, $"# Drift in stack {report.Stack}: {title}\n\n");
        var sources = new[] { ("program", report.Sources.Desired), ("state", report.Sources.Recorded), ("live", report.Sources.Live) }
            .Where(s => s.Item2.Length > 0).Select(s => $"{s.Item1}: `{Escape(s.Item2)}`").ToList();
        if (sources.Count > 0) md.Append(string.Join(" · ", sources)).Append("\n\n");
        if (!report.HasDrift)
        {
            md.Append("**Exit code 0**: the program, the state and Azure agree.\n\n");
            return md.ToString();
        }
        md.Append(CultureInfo.InvariantCulture, $"**Exit code {report.ExitCode}**: ")
            .Append(report.SecurityRelevant > 0 ? "security-relevant drift." : "drift, none of it security-relevant.")
            .Append("\n\n| Class | Desired vs state | State vs live |\n|---|---:|---:|\n");
        foreach (var c in ClassOrder)
            md.Append(CultureInfo.InvariantCulture,
                $"| {c.Name()} | {Count(report, Comparison.DesiredVsState, c)} | {Count(report, Comparison.StateVsLive, c)} |\n");
        md.Append(CultureInfo.InvariantCulture,
            $"| **Total** | **{report.Count(Comparison.DesiredVsState)}** | **{report.Count(Comparison.StateVsLive)}** |\n\n");
        return md.ToString();
    }

    private static int Count(DriftReport report, Comparison comparison, DriftClass driftClass) =>
        report.Differences.Count(d => d.Kind == comparison && d.Class == driftClass);

    private static List<string> MarkdownRows(DriftReport report) => report.Differences
        .OrderBy(d => Array.IndexOf(ClassOrder, d.Class))
        .ThenBy(d => d.Kind)
        .ThenBy(d => d.Urn, StringComparer.Ordinal)
        .ThenBy(d => d.Path, StringComparer.Ordinal)
        .Select(d =>
            $"| {(d.Kind == Comparison.DesiredVsState ? "desired vs state" : "state vs live")} | {d.Class.Name()} | {ResourceCell(d)} | " +
            $"{(d.IsResourceLevel ? Escape(Describe(d)) : Code(d.Path))} | {Cell(d, d.Recorded)} | {Cell(d, d.Live)} | " +
            $"{string.Join(" ", d.Policies.Select(Code))} |\n")
        .ToList();

    private static string MarkdownAdvice(DriftReport report)
    {
        if (!report.HasDrift) return "";
        var stack = report.Stack;
        var md = new StringBuilder("### What to do\n\n");
        if (report.SecurityRelevant > 0)
            md.Append("- **Security-relevant first**: find out who made each change and why (the subscription's activity log) before choosing; " +
                      "treat one nobody can explain as a security incident.\n");
        if (report.Count(Comparison.StateVsLive) > 0)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"- **Put Azure back as the program declares it**: `./infra up --stack {stack}` re-applies the program, recreating what was deleted and undoing what was changed behind the state's back.\n");
            md.Append(CultureInfo.InvariantCulture,
                $"- **Keep a change made in Azure**: `pulumi refresh` records it in the state, then change the C# stacks so the program declares it " +
                $"(a resource created outside the program is adopted with `pulumi import` and declared the same way); " +
                $"`./infra drift --stack {stack}` reports nothing once they agree. A change that violates a mandatory policy cannot be kept: `./infra compile` refuses it.\n");
        }
        if (report.Count(Comparison.DesiredVsState) > 0)
            md.Append(CultureInfo.InvariantCulture,
                $"- **Program changes not deployed yet** (desired vs state): `./infra preview --stack {stack}` shows them and `./infra up --stack {stack}` deploys them; or revert the code.\n");
        return md.Append('\n').ToString();
    }

    private static string ResourceCell(Difference d) =>
        $"<details><summary><code>{Escape(d.Urn[(d.Urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..])}</code></summary><code>{Escape(d.Urn)}</code><br>{Escape(d.Type)}</details>";

    private static string Code(string? value) => value is null ? "_not set_" : $"<code>{Escape(value)}</code>";

    /// <summary>A value cell: a whole resource missing on one side is a dash there, a property not set says so.</summary>
    private static string Cell(Difference d, string? value) => d.IsResourceLevel && value is null ? "—" : Code(value);

    private static string Escape(string text) =>
        WebUtility.HtmlEncode(text).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r\n", "<br>", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);
}
