using System.Globalization;
using System.Text;
using System.Text.Json;
using Oic.Infra.Automation.Drift;
using Oic.Infra.Automation.Dr;
using Oic.Infra.Automation.Reports.Html;
using Oic.Infra.Estate.Model;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Waivers;

namespace Oic.Infra.Automation.Reports;

/// <summary>The newest drill evidence of a stack: its folder and the drill's <c>result.json</c>.</summary>
public sealed record DrillEvidence(string Folder, string ResultJson)
{
    /// <summary>
    /// The newest folder under <paramref name="evidenceRoot"/> for <paramref name="stack"/> whose <c>result.json</c> is a
    /// drill's (it has measured minutes per tier; a rebuild's has none). Folder names start with a sortable UTC stamp.
    /// </summary>
    public static DrillEvidence? Latest(string evidenceRoot, string stack)
    {
        if (!Directory.Exists(evidenceRoot)) return null;
        foreach (var folder in Directory.EnumerateDirectories(evidenceRoot).Order(StringComparer.Ordinal).Reverse())
        {
            var name = Path.GetFileName(folder);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0 || !(name[(dash + 1)..] == stack || name[(dash + 1)..].StartsWith(stack + "-", StringComparison.Ordinal))) continue;
            var file = Path.Combine(folder, DrEvidence.ResultFile);
            if (!File.Exists(file)) continue;
            var json = File.ReadAllText(file);
            try
            {
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.TryGetProperty("tiers", out var tiers) && tiers.ValueKind == JsonValueKind.Array &&
                    tiers.EnumerateArray().All(t => t.TryGetProperty("measuredMinutes", out _)))
                    return new DrillEvidence(folder, json);
            }
            catch (JsonException)
            {
                // A damaged evidence file is not a drill result; an older intact one still is.
            }
        }
        return null;
    }
}

/// <summary>Everything the implementation status report states, each part with where it came from.</summary>
public sealed record StatusReportData
{
    public required string Stack { get; init; }
    public required DateOnly Date { get; init; }
    public required EstateModel Estate { get; init; }
    public required string EstateSource { get; init; }
    public required PolicyReport Policy { get; init; }
    public required string PolicySource { get; init; }
    public DrillEvidence? LastDrill { get; init; }
    public required string DrillSource { get; init; }
    public DriftReport? Drift { get; init; }
    public required string DriftSource { get; init; }
    public required IReadOnlyList<Waiver> Waivers { get; init; }
    public required string WaiverSource { get; init; }
}

/// <summary>
/// <c>infra report</c>: the one page the IT department hands to the Secretary General for the implementation report
/// that CFM resolution 1/49-IT asks for (item 5) — what the estate covers, policy posture by pack and framework, the
/// last drill's measured RTO/RPO against targets, open drift and waivers about to expire; dated, every figure with
/// its source. Markdown or a self-contained HTML page.
/// </summary>
public static class StatusReport
{
    public const int ExpiringWithinDays = 30;

    private sealed record Part(string Heading, string Id, string Source, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, string? Note);

    public static string Markdown(StatusReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# Implementation status: `{data.Stack}`, {data.Date:yyyy-MM-dd}\n\n");
        sb.Append("CFM resolution 1/49-IT, item 5: the state of the digital estate, its security posture and its recoverability.\n\n");
        foreach (var part in Parts(data))
        {
            sb.Append(CultureInfo.InvariantCulture, $"## {part.Heading}\n\n");
            sb.Append("| ").Append(string.Join(" | ", part.Headers)).Append(" |\n|").Append(string.Concat(part.Headers.Select(_ => "---|"))).Append('\n');
            foreach (var row in part.Rows) sb.Append("| ").Append(string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
            if (part.Rows.Count == 0) sb.Append("| none |").Append(string.Concat(part.Headers.Skip(1).Select(_ => " |"))).Append('\n');
            if (part.Note is not null) sb.Append('\n').Append(part.Note).Append('\n');
            sb.Append(CultureInfo.InvariantCulture, $"\n_Source: {part.Source}_\n\n");
        }
        return sb.ToString();
    }

    public static string Html(StatusReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var page = new HtmlPage($"Implementation status: {data.Stack}, {data.Date:yyyy-MM-dd}",
            "CFM resolution 1/49-IT, item 5: the state of the digital estate, its security posture and its recoverability.");
        foreach (var part in Parts(data))
        {
            page.Section(part.Heading, part.Id).Table(part.Headers, part.Rows);
            if (part.Note is not null) page.P(part.Note);
            page.P($"Source: {part.Source}", "source").EndSection();
        }
        return page.Render();
    }

    private static List<Part> Parts(StatusReportData d)
    {
        var e = d.Estate;
        var parts = new List<Part>
        {
            new("Coverage", "coverage", d.EstateSource, ["what", "count", "details"],
            [
                ["regions", "2", $"primary {e.Regions.Primary.Location} ({e.Regions.Primary.Supernet}), disaster recovery {e.Regions.Dr.Location} ({e.Regions.Dr.Supernet})"],
                ["headquarters", "1", $"{e.Headquarters.Name}, {e.Headquarters.City}"],
                ["external offices", I(e.Offices.Count), Names(e.Offices.Select(o => o.City))],
                ["partner organs (resolution item 3)", I(e.Partners.Count), Names(e.Partners.Select(p => $"{p.Key.ToUpperInvariant()} {p.City}"))],
                ["document classifications", I(e.DocumentStores.Count), string.Join(", ", e.DocumentStores.Select(s => s.Classification.ToConfigName()))],
                ["continuity tiers", I(e.ContinuityTiers.Count), string.Join("; ", e.ContinuityTiers.Select(t => $"{t.Tier} {t.Name}: RTO {t.RtoMinutes} min, RPO {t.RpoMinutes} min"))],
            ], null),
        };

        var violations = d.Policy.Violations.ToList();
        parts.Add(new("Policy posture by pack", "packs", d.PolicySource, ["pack", "rules", "mandatory", "advisory", "waived"],
            d.Policy.Packs.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => (IReadOnlyList<string>)[p.Name, I(p.Rules.Count),
                I(violations.Count(v => v.Pack == p.Name && !v.Waived && v.Enforcement == Enforcement.Mandatory)),
                I(violations.Count(v => v.Pack == p.Name && !v.Waived && v.Enforcement == Enforcement.Advisory)),
                I(violations.Count(v => v.Pack == p.Name && v.Waived))]).ToList(),
            d.Policy.Blocks ? "Mandatory policies are violated: the estate may not be deployed as it stands." : "No mandatory policy is violated."));

        parts.Add(new("Policy posture by framework", "frameworks", d.PolicySource, ["framework", "controls checked", "controls with an open finding"],
            d.Policy.Results.SelectMany(r => r.Rule.Controls.Select(c => (Framework: c.Split(':')[0], Control: c, Result: r)))
                .GroupBy(x => x.Framework, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<string>)[g.Key, I(g.Select(x => x.Control).Distinct().Count()),
                    I(g.Where(x => x.Result.IsViolation && !x.Result.Waived).Select(x => x.Control).Distinct().Count())]).ToList(), null));

        if (d.LastDrill is { } drill)
        {
            using var json = JsonDocument.Parse(drill.ResultJson);
            var root = json.RootElement;
            // Fields a drill of an older version did not record show as "not recorded" rather than failing the report.
            static string Field(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "";
            static string YesNo(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? (v.GetBoolean() ? "yes" : "no") : "";
            var rows = root.GetProperty("tiers").EnumerateArray().Select(t => (IReadOnlyList<string>)[
                Field(t, "tier"), t.TryGetProperty("services", out var s) ? string.Join(", ", s.EnumerateArray().Select(x => x.GetString())) : "",
                Field(t, "rtoTargetMinutes"), Field(t, "measuredMinutes"), YesNo(t, "meetsTarget"),
                Field(t, "rpoTargetMinutes"), t.TryGetProperty("measuredRpoMinutes", out var m) && m.ValueKind == JsonValueKind.Null ? "no data held" : Field(t, "measuredRpoMinutes"),
                YesNo(t, "meetsRpo")]).ToList();
            var rpo = root.TryGetProperty("rpoMinutes", out var r) ? r.ToString() : "?";
            var lost = root.TryGetProperty("data", out var data) && data.TryGetProperty("lost", out var l) ? l.ToString() : "?";
            var evidence = $"{Path.Combine(drill.Folder, DrEvidence.ResultFile)} (ISO 22301 clause 8.5 evidence)";
            parts.Add(new("Last disaster-recovery drill", "drill", evidence,
                ["tier", "services", "RTO target (min)", "measured RTO (min)", "meets RTO", "RPO target (min)", "measured RPO (min)", "meets RPO"], rows,
                $"Measured RPO {rpo} min; documents lost: {lost}. An empty cell is a figure this drill did not record."));
            if (root.TryGetProperty("documents", out var documents) && documents.ValueKind == JsonValueKind.Array)
                parts.Add(new("Documents in the last drill, per classification", "drill-documents", evidence,
                    ["classification", "recovered by", "seeded", "intact", "restored", "lost"],
                    documents.EnumerateArray().Select(d => (IReadOnlyList<string>)[Field(d, "classification"), Field(d, "mechanism"),
                        Field(d, "seeded"), Field(d, "intact"), Field(d, "restored"), Field(d, "lost")]).ToList(), null));
        }
        else
        {
            parts.Add(new("Last disaster-recovery drill", "drill", d.DrillSource,
                ["tier", "measured"], [], $"No drill of {d.Stack} is on record: run ./infra dr drill --stack {d.Stack} --to {d.Stack}-dr."));
        }

        parts.Add(d.Drift is { } drift
            ? new("Open drift", "drift", d.DriftSource, ["class", "differences"],
                Enum.GetValues<DriftClass>().Select(c => (IReadOnlyList<string>)[c.Name(), I(drift.Count(c))]).ToList(),
                drift.SecurityRelevant > 0 ? $"{drift.SecurityRelevant} security-relevant difference(s) need action." : drift.HasDrift ? "Drift found, none of it security-relevant." : "No drift.")
            : new("Open drift", "drift", d.DriftSource, ["class", "differences"], [], "Not measured: the stack has no recorded state on this engine."));

        parts.Add(new($"Waivers expiring within {ExpiringWithinDays} days", "waivers", d.WaiverSource, ["rule", "resource", "approved by", "ticket", "expires", "days left"],
            d.Waivers.Where(w => w.ExpiresOn.DayNumber - d.Date.DayNumber <= ExpiringWithinDays).OrderBy(w => w.ExpiresOn).ThenBy(w => w.RuleId, StringComparer.Ordinal)
                .Select(w => (IReadOnlyList<string>)[w.RuleId, w.Resource, w.ApprovedBy, w.Ticket, w.ExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), I(w.ExpiresOn.DayNumber - d.Date.DayNumber)]).ToList(),
            $"{d.Waivers.Count} waiver(s) on file."));
        return parts;
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 12 ? string.Join(", ", list) : $"{string.Join(", ", list.Take(12))} and {list.Count - 12} more";
    }

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);
}
