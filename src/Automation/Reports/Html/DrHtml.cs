using System.Globalization;
using System.Text.Json;
using Oic.Infra.Automation.Dr;
using Oic.Infra.Automation.Reports.Topology;
using static Oic.Infra.Automation.Reports.Html.HtmlPage;
using static Oic.Infra.Automation.Reports.SvgBuilder;

namespace Oic.Infra.Automation.Reports.Html;

/// <summary>
/// <c>dr plan --format html</c> (a Gantt chart of the waves, the critical path highlighted, each tier's RTO target
/// as a line) and <c>dr drill --format html</c> (ISO 22301:2019 clause 8.5 exercise evidence an auditor reads,
/// prints and signs).
/// </summary>
public static class DrHtml
{
    public static string Plan(DrPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var page = new HtmlPage($"DR plan: {plan.Source} → {plan.Target}",
            $"Rebuild of the estate from {plan.SourceRegion} into {plan.TargetRegion}, parallel {plan.Parallel}, scheduling {plan.Scheduling}; simulated on the sandbox's provisioning durations and ARM limits.");
        page.Cards([
            ("estimated RTO (min)", Num(plan.EstimatedRtoMinutes), plan.Tiers.All(t => t.MeetsTarget) ? "ok" : "bad"),
            ("resources to create", plan.Creates.Count().ToString(CultureInfo.InvariantCulture), null),
            ("already in DR (pilot light)", plan.Existing.Count.ToString(CultureInfo.InvariantCulture), null),
            ("waves", plan.Waves.Count.ToString(CultureInfo.InvariantCulture), null),
            ("critical path (min)", Num(plan.CriticalPath.Minutes), null),
            ("lower bound (min)", Num(plan.LowerBound.Minutes), null),
        ]);
        page.Section("Timeline", "timeline").Raw(Gantt(plan)).EndSection();
        page.Section("Tiers: estimate against RTO target", "tiers")
            .Table(["tier", "name", "services", "RTO target (min)", "estimated (min)", "meets target"],
                plan.Tiers.Select(t => (IReadOnlyList<string>)[t.Tier.ToString(CultureInfo.InvariantCulture), t.Name, string.Join(", ", t.Services), t.RtoTargetMinutes.ToString(CultureInfo.InvariantCulture), Num(t.EstimatedMinutes), t.MeetsTarget ? "yes" : "no"]),
                row => row[5] == "no" ? "bad" : null)
            .EndSection();
        page.Section("Critical path", "critical-path")
            .P($"{Num(plan.CriticalPath.Minutes)} minutes through {plan.CriticalPath.Resources.Count} resource(s); no schedule can beat it. Lower bound: critical path {Num(plan.LowerBound.CriticalPathMinutes)} min, ARM throttling {Num(plan.LowerBound.ThrottleMinutes)} min, engine work over {plan.Parallel} slots {Num(plan.LowerBound.ParallelMinutes)} min.")
            .Table(["#", "resource", "start (min)", "end (min)"],
                CriticalSteps(plan).Select((s, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), s.Urn, Num(s.StartMinute), Num(s.EndMinute)]))
            .EndSection();
        if (plan.Findings.Count > 0)
            page.Section("Findings", "findings").Table(["finding"], plan.Findings.Select(f => (IReadOnlyList<string>)[f]), _ => "warn").EndSection();
        page.Section("Waves", "waves", newPage: true)
            .Table(["wave", "tier", "start (min)", "end (min)", "resources"],
                plan.Waves.Select(w => (IReadOnlyList<string>)[w.Wave.ToString(CultureInfo.InvariantCulture), w.Tier.ToString(CultureInfo.InvariantCulture), Num(w.StartMinute), Num(w.EndMinute), string.Join(", ", w.Resources.Select(Short))]))
            .EndSection();
        return page.Render();
    }

    /// <summary>The steps of the critical path in order (a resource's create step, or its data step when it has no create).</summary>
    private static List<DrStep> CriticalSteps(DrPlan plan)
    {
        var byUrn = plan.Steps.GroupBy(s => s.Urn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return plan.CriticalPath.Resources.Where(byUrn.ContainsKey).Select(u => byUrn[u]).ToList();
    }

    /// <summary>One bar per wave (coloured by tier), the critical path's steps in red beneath, a dashed line at each tier's RTO.</summary>
    private static string Gantt(DrPlan plan)
    {
        const double left = 150, chartWidth = 820, rowH = 20, top = 30;
        var critical = CriticalSteps(plan);
        var horizon = Math.Max(1, new[] { plan.EstimatedRtoMinutes, plan.Tiers.Count == 0 ? 0 : plan.Tiers.Max(t => t.RtoTargetMinutes) }.Max()) * 1.05;
        double X(double minute) => left + minute / horizon * chartWidth;
        var rows = plan.Waves.Count + critical.Count + 1;
        var height = top + rows * rowH + 40;
        var svg = new SvgBuilder();
        svg.Raw($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gantt\" width=\"{N(left + chartWidth + 30)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(left + chartWidth + 30)} {N(height)}\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"DR rebuild timeline\">\n");
        svg.Rect(0, 0, left + chartWidth + 30, height, "#ffffff", "none", 0);
        var step = horizon > 600 ? 120 : horizon > 240 ? 60 : horizon > 60 ? 15 : 5;
        for (double m = 0; m <= horizon; m += step)
        {
            svg.Line(X(m), top - 6, X(m), height - 30, "#eceff1", 1);
            svg.Raw($"<text x=\"{N(X(m))}\" y=\"{N(top - 10)}\" text-anchor=\"middle\" fill=\"#607d8b\">{N(m)}</text>\n");
        }
        var y = top;
        foreach (var w in plan.Waves)
        {
            var tier = w.Tier.ToString(CultureInfo.InvariantCulture);
            svg.Text(6, y + 14, $"wave {w.Wave} · tier {tier}", left - 12);
            svg.Raw($"<g class=\"wave-bar\" data-wave=\"{w.Wave}\" data-tier=\"{tier}\"><title>{Escape($"wave {w.Wave}, tier {tier}: minute {Num(w.StartMinute)} to {Num(w.EndMinute)}, {w.Resources.Count} resource(s)")}</title>");
            svg.Rect(X(w.StartMinute), y + 3, Math.Max(2, X(w.EndMinute) - X(w.StartMinute)), rowH - 6, Palette.Tier(tier), "none", 2);
            svg.Raw("</g>\n");
            y += rowH;
        }
        svg.Text(6, y + 14, "critical path", left - 12, 11, "font-weight=\"bold\" fill=\"#c62828\"");
        y += rowH;
        foreach (var s in critical)
        {
            svg.Text(14, y + 14, Short(s.Urn), left - 20, 10, "fill=\"#c62828\"");
            svg.Raw($"<g class=\"critical-step\"><title>{Escape($"{s.Urn}: minute {Num(s.StartMinute)} to {Num(s.EndMinute)}")}</title>");
            svg.Rect(X(s.StartMinute), y + 4, Math.Max(2, X(s.EndMinute) - X(s.StartMinute)), rowH - 8, "#c62828", "#7f0000", 2);
            svg.Raw("</g>\n");
            y += rowH;
        }
        foreach (var t in plan.Tiers)
        {
            var tier = t.Tier.ToString(CultureInfo.InvariantCulture);
            var x = X(t.RtoTargetMinutes);
            svg.Raw($"<g class=\"rto-line\" data-tier=\"{tier}\"><title>{Escape($"tier {tier} {t.Name}: RTO target {t.RtoTargetMinutes} min, estimated {Num(t.EstimatedMinutes)} min")}</title>");
            svg.Line(x, top - 4, x, height - 26, Palette.Tier(tier), 2, "stroke-dasharray=\"6 3\"");
            svg.Raw($"<text x=\"{N(x - 3)}\" y=\"{N(height - 14 + (t.Tier % 2) * 10)}\" text-anchor=\"end\" fill=\"{Palette.Tier(tier)}\" font-weight=\"bold\">{Escape($"T{tier} RTO {t.RtoTargetMinutes}")}</text></g>\n");
        }
        svg.Close("svg");
        return svg.ToString();
    }

    /// <summary>The drill's evidence page. <paramref name="resultJson"/> is the drill's JSON, shown field by field so that every field it gains appears here too.</summary>
    public static string Drill(DrDrillResult result, DrPlan plan, string resultJson)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(plan);
        var passed = result.ExitCode == 0;
        var page = new HtmlPage($"DR exercise report: {result.Source} → {result.Target}",
            $"ISO 22301:2019 clause 8.5 (exercise programme). Outage of {result.OutageRegion} declared at {Stamp(result.OutageAt)} (simulated clock, minute 0); rebuilt in {plan.TargetRegion}.");
        page.Raw($"<p class=\"outcome {(passed ? "ok" : "bad")}\">Outcome: {(passed ? "PASSED" : "FAILED")} (exit {result.ExitCode})</p>\n");
        page.Cards([
            ("measured RTO (min)", Num(result.RtoMinutes), result.Tiers.All(t => t.MeetsTarget) ? "ok" : "bad"),
            ("measured RPO (min)", Num(result.RpoMinutes), result.MeetsRpo ? "ok" : "bad"),
            ("documents checked", result.Data.Blobs.ToString(CultureInfo.InvariantCulture), null),
            ("documents lost", result.Data.Lost.ToString(CultureInfo.InvariantCulture), result.Data.Lost == 0 ? "ok" : "bad"),
            ("mandatory policy violations", result.Policy.Mandatory.ToString(CultureInfo.InvariantCulture), result.Policy.Mandatory == 0 ? "ok" : "bad"),
        ]);

        page.Section("1. Targets against measured, per tier (8.5 a, c)", "tiers")
            .Raw(TierChart(result))
            .Table(["tier", "services", "RTO target", "estimated", "measured", "meets RTO", "MTPD", "within MTPD", "RPO target", "measured RPO", "meets RPO"],
                result.Tiers.Select(t => (IReadOnlyList<string>)[$"{t.Tier} {t.Name}", string.Join(", ", t.Services), I(t.RtoTargetMinutes), Num(t.EstimatedMinutes), Num(t.MeasuredMinutes),
                    t.MeetsTarget ? "yes" : "no", I(t.MtpdMinutes), t.WithinMtpd ? "yes" : "no", I(t.RpoTargetMinutes),
                    result.RpoOf(t) is { } rpo ? Num(rpo) : "no data held", result.MeetsRpoOf(t) switch { true => "yes", false => "no", null => "—" }]),
                row => row[5] == "no" || row[7] == "no" || row[10] == "no" ? "bad" : null)
            .P($"RPO: {Num(result.RpoMinutes)} min{(result.DocumentsRpoTargetMinutes is { } rpo ? $" against a target of {rpo} min ({(result.MeetsRpo ? "met" : "missed")})" : "")}; minutes in simulated time.")
            .EndSection();

        page.Section("2. Scenario (8.5 b)", "scenario")
            .Table(["item", "value"], [
                ["region outage", $"{result.OutageRegion} (primary of {result.Source}) lost at minute 0"],
                ["ransomware", result.CorruptBlobs > 0 ? $"{result.CorruptBlobs} document(s) overwritten before the outage" : "none injected"],
                ["replication lag", $"{Num(result.ReplicationLag.TotalMinutes)} min"],
                ["plan", $"{plan.Creates.Count()} resource(s) to create, {plan.Existing.Count} already in DR, estimated RTO {Num(plan.EstimatedRtoMinutes)} min, parallel {plan.Parallel}"],
            ])
            .EndSection();

        page.Section("3. Documents per classification", "documents")
            .Table(["classification", "recovered by", "seeded", "intact", "restored", "lost", "restored from"],
                result.Documents.Select(d => (IReadOnlyList<string>)[d.Classification, d.Mechanism, I(d.Seeded), I(d.Intact), I(d.Restored), I(d.Lost), d.RestoredBy == "" ? "—" : d.RestoredBy]),
                row => row[5] != "0" ? "bad" : null, "by-classification")
            .Table(["all documents", "count"], [
                ["checked", I(result.Data.Blobs)], ["verified intact", I(result.Data.VerifiedIntact)],
                ["restored from an earlier version", I(result.Data.Restored)], ["lost", I(result.Data.Lost)],
                ["left untouched by the attack because a WORM policy refused the overwrite", I(result.ProtectedByWorm.Count)],
            ], row => row[0] == "lost" && row[1] != "0" ? "bad" : null)
            .EndSection();

        page.Section("4. Azure constraints and policy on the rebuilt estate (8.5 c)", "constraints")
            .P($"Policy packs on the rebuilt state: {result.Policy.Mandatory} mandatory and {result.Policy.Advisory} advisory violation(s).")
            .P("The DR stack's bootstrap against the lost region: `pulumi up` of the DR stack needs both while the primary region is down.")
            .Table(["bootstrap", "where", "region", "reachable during the outage"],
                result.Bootstrap.Select(b => (IReadOnlyList<string>)[b.What, b.Url, b.Location ?? "not declared", b.Reachable ? "yes" : "no"]),
                row => row[3] == "no" ? "bad" : null, "bootstrap");
        if (result.Failovers.Count == 0)
            page.P("No storage account failover was run on the sandbox in this drill.");
        else
            page.P("Storage failovers run on the sandbox, which refuses what Azure refuses:")
                .Table(["classification", "account", "kind", "outcome", "constraints"],
                    result.Failovers.Select(f => (IReadOnlyList<string>)[f.Classification, f.Account, f.Forced ? "forced (injected)" : "planned",
                        f.Accepted ? "accepted" : $"refused: {f.Outcome}", f.Constraints.Count == 0 ? "—" : string.Join(", ", f.Constraints)]),
                    row => row[3].StartsWith("refused", StringComparison.Ordinal) ? "bad" : null, "failovers");
        page.P("Azure constraints the plan respected, each from Microsoft's documentation:")
            .Table(["constraint", "rule", "how the plan respects it", "source"],
                result.Constraints.Select(c => (IReadOnlyList<string>)[c.Id, c.Rule, c.Respected, c.Source]), cssClass: "azure-constraints")
            .EndSection();

        page.Section("5. Findings and follow-ups (8.5 d, e)", "findings")
            .Table(["finding"], result.Findings.Select(f => (IReadOnlyList<string>)[f]), _ => "bad")
            .P("Repeat this exercise at the planned interval and after any significant change to the estate; keep the evidence folder.")
            .EndSection();

        page.Section("6. Evidence", "evidence")
            .P($"Folder: {result.Evidence}")
            .Table(["file", "contents"], [
                [DrEvidence.PlanFile, "the rebuild plan (waves, critical path, tier estimates)"],
                [DrEvidence.StepsFile, "every step of the rebuild, in order"],
                [DrEvidence.VerificationFile, "replication passes, the attack, the restore, every lost document"],
                [DrEvidence.ResultFile, "the drill's result (below, every field)"],
                [DrEvidence.ReportFile, "the same report in Markdown"],
            ])
            .EndSection();

        page.Section("7. Recorded result, every field", "result", newPage: true);
        using (var json = JsonDocument.Parse(resultJson)) page.Json(json.RootElement);
        page.EndSection();

        page.Section("8. Sign-off", "sign-off")
            .P("The undersigned reviewed this exercise against the continuity objectives (ISO 22301:2019 clause 8.5) and accept its findings and follow-ups.")
            .Table(["role", "name", "signature", "date"], [
                ["exercise lead (ICT infrastructure)", "", "", ""], ["service owner", "", "", ""], ["information security officer", "", "", ""], ["internal audit", "", "", ""],
            ], cssClass: "signoff")
            .EndSection();
        return page.Render();
    }

    /// <summary>Per tier: the measured bar against the RTO target line and the MTPD.</summary>
    private static string TierChart(DrDrillResult result)
    {
        const double left = 170, width = 700, rowH = 34;
        var max = Math.Max(1, result.Tiers.Select(t => Math.Max(Math.Max(t.MeasuredMinutes, t.RtoTargetMinutes), t.MtpdMinutes)).DefaultIfEmpty(1).Max()) * 1.05;
        double X(double m) => left + m / max * width;
        var height = 20 + result.Tiers.Count * rowH + 20;
        var svg = new SvgBuilder();
        svg.Raw($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tier-chart\" width=\"{N(left + width + 20)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(left + width + 20)} {N(height)}\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"measured recovery time against targets per tier\">\n");
        svg.Rect(0, 0, left + width + 20, height, "#ffffff", "none", 0);
        var y = 20.0;
        foreach (var t in result.Tiers)
        {
            var tier = t.Tier.ToString(CultureInfo.InvariantCulture);
            svg.Text(6, y + 16, $"tier {tier} {t.Name}", left - 12);
            svg.Raw($"<g class=\"tier-bar\" data-tier=\"{tier}\" data-meets-target=\"{(t.MeetsTarget ? "true" : "false")}\"><title>{Escape($"tier {tier}: measured {Num(t.MeasuredMinutes)} min, RTO target {t.RtoTargetMinutes} min, MTPD {t.MtpdMinutes} min")}</title>");
            svg.Rect(left, y + 6, Math.Max(2, X(t.MeasuredMinutes) - left), 14, t.MeetsTarget ? "#66bb6a" : "#ef5350", "none", 2);
            svg.Raw($"<text x=\"{N(X(t.MeasuredMinutes) + 4)}\" y=\"{N(y + 17)}\">{Escape($"{Num(t.MeasuredMinutes)} min")}</text>");
            svg.Line(X(t.RtoTargetMinutes), y + 2, X(t.RtoTargetMinutes), y + 26, "#212121", 2);
            svg.Raw($"<text x=\"{N(X(t.RtoTargetMinutes))}\" y=\"{N(y + 33)}\" font-size=\"9\" text-anchor=\"middle\">{Escape($"RTO {t.RtoTargetMinutes}")}</text>");
            svg.Line(X(t.MtpdMinutes), y + 2, X(t.MtpdMinutes), y + 26, "#c62828", 1.5, "stroke-dasharray=\"4 2\"");
            svg.Raw("</g>\n");
            y += rowH;
        }
        svg.Close("svg");
        return svg.ToString();
    }

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Short(string urn) => urn[(urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..];

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
