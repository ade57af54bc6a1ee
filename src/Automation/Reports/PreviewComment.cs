using System.Globalization;
using System.Text;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Reports;

namespace Oic.Infra.Automation.Reports;

/// <summary>
/// The pull-request comment for a preview: planned changes (counts, replaced resources called
/// out, every change in a folded table) and the policy results. It starts with a hidden marker so
/// that CI updates one comment per stack instead of adding a new one on every push, and it is cut
/// at a row boundary to fit GitHub's 65,536-character limit, pointing at the full artifact.
/// </summary>
public static class PreviewComment
{
    public const int GitHubLimit = 65536;

    public static string Marker(string stack) => $"<!-- oic-gs-infra:preview:{stack} -->";

    public static string Render(string stack, PreviewResult preview, PolicyReport? policy, int maxLength = GitHubLimit)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var changes = preview.Steps.Where(s => s.Op != StepOp.Same).OrderBy(s => s.Op).ThenBy(s => s.Urn, StringComparer.Ordinal).ToList();
        var head = new StringBuilder();
        head.Append(Marker(stack)).Append('\n');
        var counts = string.Join(", ", preview.Summary.Counts.Where(c => c.Key != StepOp.Same && c.Value > 0).OrderBy(c => c.Key)
            .Select(c => $"{c.Value} to {Verb(c.Key)}"));
        head.Append(CultureInfo.InvariantCulture, $"### Preview of `{stack}`: {(counts.Length == 0 ? "no changes" : counts)}\n\n");
        head.Append("| change | resources |\n|---|---:|\n");
        foreach (var op in new[] { StepOp.Create, StepOp.Update, StepOp.Replace, StepOp.Delete, StepOp.Same })
            head.Append(CultureInfo.InvariantCulture, $"| {Verb(op)} | {preview.Summary[op]} |\n");

        var replaced = changes.Where(s => s.Op == StepOp.Replace).ToList();
        if (replaced.Count > 0)
        {
            head.Append("\n**Replaced** — deleted and created again (downtime, and data loss for stores without a copy):\n\n");
            foreach (var s in replaced)
                head.Append(CultureInfo.InvariantCulture, $"- `{Name(s.Urn)}` ({s.Type}){(s.ReplaceReasons.Count > 0 ? $": {string.Join(", ", s.ReplaceReasons.Select(r => $"`{r}`"))}" : "")}\n");
        }
        var deleted = changes.Where(s => s.Op == StepOp.Delete).ToList();
        if (deleted.Count > 0)
        {
            head.Append("\n**Deleted**:\n\n");
            foreach (var s in deleted) head.Append(CultureInfo.InvariantCulture, $"- `{Name(s.Urn)}` ({s.Type})\n");
        }

        var tail = new StringBuilder();
        if (policy is not null)
        {
            tail.Append("\n---\n\n");
            tail.Append(PolicyReports.Markdown(policy, Math.Max(2000, maxLength / 3)));
        }

        var rows = changes.Select(s => $"| {Verb(s.Op)} | `{Name(s.Urn)}` | {s.Type} | {Escape(string.Join(", ", s.Diffs))} |\n").ToList();
        const string tableHead = "\n<details><summary>Every change</summary>\n\n| change | resource | type | properties |\n|---|---|---|---|\n";
        const string tableFoot = "\n</details>\n";
        var budget = maxLength - head.Length - tail.Length - tableHead.Length - tableFoot.Length - 200;
        var table = new StringBuilder();
        var shown = 0;
        foreach (var row in rows)
        {
            if (table.Length + row.Length > budget) break;
            table.Append(row);
            shown++;
        }
        var result = new StringBuilder().Append(head);
        if (rows.Count > 0)
        {
            result.Append(tableHead).Append(table);
            if (shown < rows.Count)
                result.Append(CultureInfo.InvariantCulture, $"\n… {rows.Count - shown} more change(s) left out to fit a GitHub comment; the full preview is in the workflow's artifacts.\n");
            result.Append(tableFoot);
        }
        result.Append(tail);
        var text = result.ToString();
        return text.Length <= maxLength ? text : text[..text.LastIndexOf('\n', maxLength - 1)] + "\n";
    }

    private static string Verb(StepOp op) => op switch
    {
        StepOp.Create => "create",
        StepOp.Update => "update",
        StepOp.Replace => "replace",
        StepOp.Delete => "delete",
        _ => "unchanged",
    };

    private static string Name(string urn) => urn[(urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..];

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
