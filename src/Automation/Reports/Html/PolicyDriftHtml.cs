using System.Globalization;
using Oic.Infra.Automation.Drift;
using Oic.Infra.Policies.Engine;
using static Oic.Infra.Automation.Reports.Html.HtmlPage;

namespace Oic.Infra.Automation.Reports.Html;

/// <summary><c>policy check --format html</c> and <c>drift --format html</c>: the same data as their JSON, for people.</summary>
public static class PolicyDriftHtml
{
    /// <summary>Waivers ending within this many days are called out.</summary>
    public const int ExpiringWithinDays = 30;

    private static readonly Severity[] Severities = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low];

    public static string Policy(PolicyReport report, string subject, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(report);
        var violations = report.Violations.ToList();
        var page = new HtmlPage($"Policy check: {subject}",
            $"{report.Resources.Resources.Count} resource(s), {report.Packs.Count} pack(s), checked {today:yyyy-MM-dd}. Exit {(report.Blocks ? 5 : report.Errors.Any() ? 1 : 0)}.");
        page.Cards([
            ("mandatory violations", I(report.Mandatory), report.Mandatory == 0 ? "ok" : "bad"),
            ("advisory violations", I(report.Advisory), report.Advisory == 0 ? "ok" : "warn"),
            ("waived", I(report.WaivedCount), null),
            ("rule errors", I(report.Errors.Count()), report.Errors.Any() ? "bad" : "ok"),
            ("unknown until deployment", I(report.Unknowns.Count()), null),
        ]);

        page.Section("Failures by pack and severity (unwaived)", "by-pack")
            .Table(["pack", .. Severities.Select(s => s.ToString().ToLowerInvariant()), "mandatory", "advisory", "waived"],
                report.Packs.Select(p => p.Name).Order(StringComparer.Ordinal).Select(pack =>
                {
                    var inPack = violations.Where(v => v.Pack == pack).ToList();
                    var open = inPack.Where(v => !v.Waived).ToList();
                    return (IReadOnlyList<string>)[pack, .. Severities.Select(s => I(open.Count(v => v.Rule.Severity == s))),
                        I(open.Count(v => v.Enforcement == Enforcement.Mandatory)), I(open.Count(v => v.Enforcement == Enforcement.Advisory)), I(inPack.Count(v => v.Waived))];
                }),
                row => row[^3] != "0" ? "bad" : row[^2] != "0" ? "warn" : null)
            .EndSection();

        page.Section("Violations", "violations")
            .Table(["severity", "enforcement", "rule", "resource", "message", "controls"],
                violations.Where(v => !v.Waived)
                    .OrderBy(v => v.Enforcement == Enforcement.Mandatory ? 0 : 1).ThenBy(v => Array.IndexOf(Severities, v.Rule.Severity))
                    .ThenBy(v => v.Rule.Id, StringComparer.Ordinal).ThenBy(v => v.Resource.Urn, StringComparer.Ordinal)
                    .Select(v => (IReadOnlyList<string>)[v.Rule.Severity.ToString().ToLowerInvariant(), v.Enforcement.ToString().ToLowerInvariant(), $"{v.Rule.Id}: {v.Rule.Title}", v.Resource.Urn, v.Message, string.Join(", ", v.Rule.Controls)]),
                row => row[1] == "mandatory" ? "bad" : "warn")
            .EndSection();

        page.Section("Waivers", "waivers")
            .Table(["rule", "resource", "category", "justification", "approved by", "ticket", "expires", "days left"],
                violations.Where(v => v.Waiver is not null).Select(v => v.Waiver!).Distinct()
                    .OrderBy(w => w.ExpiresOn).ThenBy(w => w.RuleId, StringComparer.Ordinal)
                    .Select(w => (IReadOnlyList<string>)[w.RuleId, w.Resource, w.Category.ToString().ToLowerInvariant(), w.Justification, w.ApprovedBy, w.Ticket,
                        w.ExpiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), I(w.ExpiresOn.DayNumber - today.DayNumber)]),
                row => int.Parse(row[^1], CultureInfo.InvariantCulture) <= ExpiringWithinDays ? "warn" : null)
            .EndSection();

        page.Section("Control coverage", "controls", newPage: true)
            .P("Framework controls the packs' rules check, and how many of those checks fail (unwaived) on this input.")
            .Table(["control", "rules", "results", "failing"],
                report.Results.SelectMany(r => r.Rule.Controls.Select(c => (Control: c, Result: r)))
                    .GroupBy(x => x.Control, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => (IReadOnlyList<string>)[g.Key, string.Join(", ", g.Select(x => x.Result.Rule.Id).Distinct().Order(StringComparer.Ordinal)), I(g.Count()), I(g.Count(x => x.Result.IsViolation && !x.Result.Waived))]),
                row => row[3] != "0" ? "warn" : null)
            .EndSection();
        return page.Render();
    }

    public static string Drift(DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var page = new HtmlPage($"Drift: {report.Stack}",
            $"Program vs state and state vs Azure. Sources: program {report.Sources.Desired}, state {report.Sources.Recorded}, live {report.Sources.Live}. Exit {report.ExitCode}.");
        page.Cards(Enum.GetValues<DriftClass>().Select(c => (c.Name(), I(report.Count(c)),
            report.Count(c) == 0 ? "ok" : c == DriftClass.SecurityRelevant ? "bad" : "warn")).Select(x => (x.Item1, x.Item2, (string?)x.Item3)));
        page.Section("Differences, security-relevant first", "differences")
            .Table(["class", "comparison", "resource", "property", "state", "Azure / program", "policies"],
                report.Differences.OrderBy(d => d.Class).ThenBy(d => d.Kind).ThenBy(d => d.Urn, StringComparer.Ordinal).ThenBy(d => d.Path, StringComparer.Ordinal)
                    .Select(d => (IReadOnlyList<string>)[d.Class.Name(), d.Kind.Name(), d.Urn, d.IsResourceLevel ? "(whole resource)" : d.Path, d.Recorded ?? "(absent)", d.Live ?? "(absent)", string.Join(", ", d.Policies)]),
                row => row[0] == DriftClass.SecurityRelevant.Name() ? "bad" : null)
            .EndSection();
        return page.Render();
    }

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);
}
