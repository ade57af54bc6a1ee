using System.Globalization;
using System.Net;
using System.Text;
using Oic.Infra.Policies.Engine;

namespace Oic.Infra.Policies.Reports;

public static partial class PolicyReports
{
    /// <summary>GitHub's limit on the body of a pull-request comment.</summary>
    public const int MarkdownCommentLimit = 65536;

    private static readonly string[] KnownFrameworks = ["CIS-3.0", "MCSB"];

    /// <summary>
    /// A pull-request comment: the verdict, counts per pack, the open violations most severe first,
    /// waived violations, which framework controls the checked rules evidence and which of them are
    /// violated, and how much could not be judged. Never longer than <paramref name="maxLength"/>:
    /// the violations table is cut at a row boundary, saying how many rows were left out.
    /// </summary>
    public static string Markdown(PolicyReport report, int maxLength = MarkdownCommentLimit)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);

        var head = MarkdownHead(report);
        var rows = MarkdownViolationRows(report);
        var waived = MarkdownWaived(report);
        var coverage = MarkdownCoverage(report);
        var notJudged = MarkdownNotJudged(report);

        // Dropped in this order when even an empty violations table does not fit.
        List<string> optional = [coverage, waived];
        while (true)
        {
            var tail = string.Concat(optional) + notJudged;
            if (FitViolations(head, rows, tail, maxLength) is { } fitted) return fitted;
            if (optional.Count == 0) break;
            optional.RemoveAt(optional.Count - 1);
        }
        return HardCut(head + notJudged, rows.Count, maxLength);
    }

    private const string ViolationsHeader = "### Violations\n\n| Severity | Level | Rule | Resource | Message |\n|---|---|---|---|---|\n";

    /// <summary>All rows if they fit, else as many as fit with a line saying how many were left out; null if none fit.</summary>
    private static string? FitViolations(string head, List<string> rows, string tail, int maxLength)
    {
        if (rows.Count == 0)
        {
            var none = head + tail;
            return none.Length <= maxLength ? none : null;
        }
        var all = head + ViolationsHeader + string.Concat(rows) + "\n" + tail;
        if (all.Length <= maxLength) return all;

        var budget = maxLength - head.Length - tail.Length - ViolationsHeader.Length - 1 - LeftOutNote(rows.Count, rows.Count).Length;
        if (budget < 0) return null;
        var kept = 0;
        for (var used = 0; kept < rows.Count && used + rows[kept].Length <= budget; kept++) used += rows[kept].Length;
        var table = kept == 0 ? "### Violations\n\n" : ViolationsHeader + string.Concat(rows.Take(kept)) + "\n";
        return head + table + LeftOutNote(rows.Count - kept, rows.Count) + tail;
    }

    private static string LeftOutNote(int leftOut, int total) =>
        string.Create(CultureInfo.InvariantCulture,
            $"_{leftOut} of {total} violation {Plural(total, "row", "rows")} left out to fit this comment; see the full report artifact._\n\n");

    /// <summary>Last resort when even the verdict and counts do not fit: cut at a line boundary.</summary>
    private static string HardCut(string text, int rows, int maxLength)
    {
        var note = string.Create(CultureInfo.InvariantCulture,
            $"_Cut to fit this comment, {rows} violation {Plural(rows, "row", "rows")} left out; see the full report artifact._\n");
        if (text.Length + note.Length <= maxLength) return text + note;
        if (note.Length > maxLength) return text[..Math.Min(text.Length, maxLength)];
        var cut = text.LastIndexOf('\n', Math.Max(0, maxLength - note.Length - 1));
        return text[..(cut < 0 ? 0 : cut + 1)] + note;
    }

    private static string MarkdownHead(PolicyReport report)
    {
        var md = new StringBuilder();
        var resources = report.Resources.Resources.Count;
        md.Append(CultureInfo.InvariantCulture, $"## Policy check: {Escape(report.Resources.Source)}\n\n");
        if (report.Blocks)
            md.Append(CultureInfo.InvariantCulture, $"**Blocked**: {report.Mandatory} mandatory {Plural(report.Mandatory, "violation", "violations")}");
        else
            md.Append("**Passed**");
        if (report.Advisory > 0)
            md.Append(CultureInfo.InvariantCulture, $"{(report.Blocks ? "," : " with")} {report.Advisory} advisory {Plural(report.Advisory, "violation", "violations")}");
        md.Append(CultureInfo.InvariantCulture, $" in {resources} {Plural(resources, "resource", "resources")}");
        var errors = report.Errors.Count();
        if (errors > 0) md.Append(CultureInfo.InvariantCulture, $"; {errors} rule {Plural(errors, "error", "errors")} left resources unjudged");
        md.Append(".\n\n");

        md.Append("| Pack | Mandatory | Advisory | Waived |\n|---|---:|---:|---:|\n");
        var packs = report.Packs.Select(p => p.Name)
            .Concat(report.Violations.Select(v => v.Pack).Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal);
        foreach (var pack in packs)
        {
            var violations = report.Violations.Where(v => v.Pack == pack).ToList();
            md.Append(CultureInfo.InvariantCulture,
                $"| {Escape(pack)} | {violations.Count(v => !v.Waived && v.Enforcement == Enforcement.Mandatory)} | {violations.Count(v => !v.Waived && v.Enforcement == Enforcement.Advisory)} | {violations.Count(v => v.Waived)} |\n");
        }
        md.Append(CultureInfo.InvariantCulture, $"| **Total** | **{report.Mandatory}** | **{report.Advisory}** | **{report.WaivedCount}** |\n\n");
        return md.ToString();
    }

    private static List<string> MarkdownViolationRows(PolicyReport report) => report.Violations
        .Where(v => !v.Waived)
        .OrderByDescending(v => v.Rule.Severity)
        .ThenByDescending(v => v.Enforcement)
        .ThenBy(v => v.Rule.Id, StringComparer.Ordinal)
        .ThenBy(v => v.Resource.Urn, StringComparer.Ordinal)
        .ThenBy(v => v.Message, StringComparer.Ordinal)
        .Select(v => $"| {v.Rule.Severity.Name()} | {v.Enforcement.Name()} | `{v.Rule.Id}` | {ResourceCell(v.Resource)} | {Escape(MessageOf(v))} |\n")
        .ToList();

    private static string ResourceCell(PolicyResource r) =>
        $"<details><summary><code>{Escape(r.Name)}</code></summary><code>{Escape(r.Urn)}</code></details>";

    private static string MarkdownWaived(PolicyReport report)
    {
        var waived = Ordered(report.Violations.Where(v => v.Waived));
        if (waived.Count == 0) return "";
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"<details><summary>{waived.Count} waived {Plural(waived.Count, "violation", "violations")}</summary>\n\n");
        md.Append("| Rule | Resource | Ticket | Expires | Approved by |\n|---|---|---|---|---|\n");
        foreach (var v in waived)
            md.Append(CultureInfo.InvariantCulture,
                $"| `{v.Rule.Id}` | {ResourceCell(v.Resource)} | {Escape(v.Waiver!.Ticket)} | {v.Waiver.ExpiresOn:yyyy-MM-dd} | {Escape(v.Waiver.ApprovedBy)} |\n");
        md.Append("\n</details>\n\n");
        return md.ToString();
    }

    /// <summary>
    /// Per framework, the controls of the rules that judged at least one resource, and those of
    /// them with an open violation.
    /// </summary>
    private static string MarkdownCoverage(PolicyReport report)
    {
        var judged = report.Results.Select(r => r.Rule).DistinctBy(r => r.Id).ToList();
        var violated = report.Violations.Where(v => !v.Waived).SelectMany(v => v.Rule.Controls).ToHashSet(StringComparer.Ordinal);
        var frameworks = judged.SelectMany(r => r.Controls).Distinct(StringComparer.Ordinal)
            .Select(c => (Control: c, Split: SplitControl(c)))
            .GroupBy(c => c.Split.Framework, StringComparer.Ordinal)
            .OrderBy(g => Array.IndexOf(KnownFrameworks, g.Key) is var i && i >= 0 ? i : KnownFrameworks.Length)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (frameworks.Count == 0) return "";
        var md = new StringBuilder("### Control coverage\n\nControls evidenced by the rules that judged at least one resource.\n\n| Framework | Evidenced | With open violations |\n|---|---|---|\n");
        foreach (var framework in frameworks)
        {
            var controls = framework.OrderBy(c => c.Split.Id, NaturalOrder.Instance).ToList();
            var bad = controls.Where(c => violated.Contains(c.Control)).ToList();
            md.Append(CultureInfo.InvariantCulture,
                $"| {Escape(framework.Key)} | {controls.Count}: {Escape(string.Join(", ", controls.Select(c => c.Split.Id)))} | {(bad.Count == 0 ? "none" : $"{bad.Count}: {Escape(string.Join(", ", bad.Select(c => c.Split.Id)))}")} |\n");
        }
        md.Append('\n');
        return md.ToString();
    }

    private static string MarkdownNotJudged(PolicyReport report)
    {
        var unknown = report.Unknowns.Count();
        var errors = report.Errors.Count();
        var end = unknown + errors > 0 ? "; see the full report artifact" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Not judged: {unknown} unknown (values not known yet), {errors} rule {Plural(errors, "error", "errors")}{end}.\n");
    }

    /// <summary>Safe inside a table cell: no HTML, no column breaks, no line breaks.</summary>
    private static string Escape(string text) =>
        WebUtility.HtmlEncode(text).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r\n", "<br>", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);

    /// <summary>Control ids in reading order: 4.2 before 4.10, DP-3 before DP-10.</summary>
    private sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null) return string.CompareOrdinal(x, y);
            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
                {
                    var si = i;
                    var sj = j;
                    while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                    while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                    var a = x[si..i].TrimStart('0');
                    var b = y[sj..j].TrimStart('0');
                    var byNumber = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
                    if (byNumber != 0) return byNumber;
                }
                else
                {
                    if (x[i] != y[j]) return x[i].CompareTo(y[j]);
                    i++;
                    j++;
                }
            }
            var byLength = (x.Length - i).CompareTo(y.Length - j);
            return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
        }
    }
}
