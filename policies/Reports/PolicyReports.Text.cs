using System.Globalization;
using System.Text;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Waivers;

namespace Oic.Infra.Policies.Reports;

public static partial class PolicyReports
{
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Dim = "\u001b[2m";
    private const string Bold = "\u001b[1m";
    private const string Reset = "\u001b[0m";

    /// <summary>
    /// The report for people: where the resources came from and what checked them; violations by
    /// severity, most severe first; unknowns in short; rule errors; waived violations with their
    /// ticket and expiry; and a one-line verdict. ANSI colours only when <paramref name="color"/>.
    /// </summary>
    public static string Text(PolicyReport report, bool color)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string Paint(string s, string code) => color ? code + s + Reset : s;

        var resources = report.Resources.Resources.Count;
        Line(Paint($"Policy check of {report.Resources.Source}", Bold) + $" (stack {report.Resources.Stack}, project {report.Resources.Project})");
        var packs = string.Join(", ", report.Packs.Select(p => $"{p.Name} {p.Version}"));
        Line($"{resources} {Plural(resources, "resource", "resources")} checked by {report.Packs.Count} {Plural(report.Packs.Count, "pack", "packs")}" +
             (packs.Length > 0 ? $": {packs}" : ""));

        var open = report.Violations.Where(r => !r.Waived).ToList();
        foreach (var severity in Enum.GetValues<Severity>().OrderDescending())
        {
            var group = Ordered(open.Where(r => r.Rule.Severity == severity));
            if (group.Count == 0) continue;
            var colour = SeverityColour(severity);
            Line();
            Line(Paint($"{severity.Name().ToUpperInvariant()} ({group.Count})", colour));
            foreach (var r in group)
            {
                Line("  " + Paint($"{r.Rule.Id} [{r.Enforcement.Name()}]", colour) + $" {r.Rule.Title}");
                Line($"    {r.Resource.Urn}");
                if (r.Resource.DeclaredAt is { } at) Line($"    declared at {at}");
                foreach (var finding in Findings(r)) Line($"    {finding}");
                if (r.Rule.Controls.Count > 0) Line($"    controls: {string.Join(", ", r.Rule.Controls)}");
            }
        }

        var unknowns = Ordered(report.Unknowns);
        if (unknowns.Count > 0)
        {
            Line();
            Line(Paint($"UNKNOWN ({unknowns.Count})", Dim) + " not judged: values not known yet");
            foreach (var byRule in unknowns.GroupBy(r => r.Rule.Id, StringComparer.Ordinal))
            {
                var first = byRule.First();
                var n = byRule.Count();
                Line($"  {byRule.Key}: {n} {Plural(n, "resource", "resources")}, e.g. {first.Resource.Name}: {MessageOf(first)}");
            }
        }

        var errors = Ordered(report.Errors);
        if (errors.Count > 0)
        {
            Line();
            Line(Paint($"ERRORS ({errors.Count})", Red) + " rules that failed to evaluate (not a pass)");
            foreach (var r in errors)
            {
                Line("  " + Paint(r.Rule.Id, Red) + $" on {r.Resource.Urn}");
                foreach (var finding in Findings(r)) Line($"    {finding}");
            }
        }

        var waived = Ordered(report.Violations.Where(r => r.Waived));
        if (waived.Count > 0)
        {
            Line();
            Line(Paint($"WAIVED ({waived.Count})", Dim));
            foreach (var r in waived)
            {
                Line(Paint($"  {r.Rule.Id} [{r.Enforcement.Name()}] on {r.Resource.Urn}", Dim));
                Line(Paint($"    {MessageOf(r)}", Dim));
                if (r.Waiver is { } w) Line(Paint($"    {Describe(w)}", Dim));
            }
        }

        Line();
        Line(Verdict(report));
        return text.ToString();
    }

    private static string SeverityColour(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => Red,
        Severity.Medium => Yellow,
        _ => Dim,
    };

    private static string Describe(Waiver w) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(w.Category == WaiverCategory.Mitigated ? "mitigated" : "waived")}: ticket {w.Ticket}, expires {w.ExpiresOn:yyyy-MM-dd}, approved by {w.ApprovedBy} ({w.Location})");

    private static string Verdict(PolicyReport report)
    {
        var resources = report.Resources.Resources.Count;
        var inResources = $"in {resources} {Plural(resources, "resource", "resources")}";
        var verdict = report.Mandatory + report.Advisory + report.WaivedCount == 0
            ? $"No violations {inResources}."
            : $"{report.Mandatory} mandatory, {report.Advisory} advisory, {report.WaivedCount} waived violation(s) {inResources}.";
        var errors = report.Errors.Count();
        var unknown = report.Unknowns.Count();
        if (errors > 0) verdict += $" {errors} rule {Plural(errors, "error", "errors")}.";
        if (unknown > 0) verdict += $" {unknown} unknown.";
        return verdict;
    }

    /// <summary>A failure always says something: its findings, or else the rule it breaks.</summary>
    private static List<string> Findings(PolicyResult r) =>
        r.Outcome.Findings.Any(f => f.Length > 0)
            ? r.Outcome.Findings.Where(f => f.Length > 0).ToList()
            : [r.Outcome.Kind switch
            {
                OutcomeKind.Unknown => "a value the rule needs is not known yet",
                OutcomeKind.Error => "the rule failed to evaluate",
                _ => $"does not comply: {r.Rule.Title}",
            }];

    private static string MessageOf(PolicyResult r) => string.Join("; ", Findings(r));
}
