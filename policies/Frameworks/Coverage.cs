using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Oic.Infra.Policies.Docs;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources.AzurePolicy;

namespace Oic.Infra.Policies.Frameworks;

/// <summary>Where a control stands against a set of rules.</summary>
public enum CoverageStatus
{
    /// <summary>At least one rule cites the control.</summary>
    Covered,

    /// <summary>No rule cites it, though one could: the control is checkable from code.</summary>
    Uncovered,

    /// <summary>No rule cites it and none can: a tenant setting or a manual process.</summary>
    NotCheckable,
}

/// <summary>One control and the ids of the rules that cite it (ordinal order).</summary>
public sealed record ControlCoverage(Control Control, IReadOnlyList<string> Rules)
{
    public CoverageStatus Status => Rules.Count > 0 ? CoverageStatus.Covered
        : Control.How == Checkability.Code ? CoverageStatus.Uncovered
        : CoverageStatus.NotCheckable;
}

/// <summary>A rule's control entry that names no control of any catalogue: a typo, or an id the benchmark does not have.</summary>
public sealed record UnknownControl(string RuleId, string Reference);

/// <summary>
/// One rule and the built-in Azure Policy definitions that hold its intent inside Azure (docs/adr/0020);
/// <paramref name="Assigned"/> is whether the compiled stack assigns every one of them (null when no stack was named).
/// </summary>
public sealed record RuleEnforcement(string RuleId, IReadOnlyList<string> Controls, IReadOnlyList<BuiltInPolicy> Definitions, bool? Assigned)
{
    /// <summary>Whether Azure Policy enforces (or audits) the rule in Azure too.</summary>
    public bool InAzure => Definitions.Count > 0;

    /// <summary>"Deny: Secure transfer to storage accounts should be enabled (404c3081…)"; "no built-in" when none.</summary>
    public string Describe() => Definitions.Count == 0 ? "no built-in"
        : string.Join("; ", Definitions.Select(d => $"{d.EffectLabel}: {d.DisplayName} ({d.DefinitionGuid[..8]})"));

    public string AssignedText => Assigned switch { true => "assigned", false => Definitions.Count == 0 ? "-" : "not assigned", null => "" };
}

/// <summary>
/// A framework's controls, in benchmark order, each with the rules citing it; and the entries of
/// those rules that cite this framework with an id it does not have.
/// </summary>
public sealed record CoverageReport(
    string Name, string Framework, string Title, int RuleCount,
    IReadOnlyList<ControlCoverage> Controls, IReadOnlyList<UnknownControl> Unknown)
{
    /// <summary>Every rule, with the Azure Policy definitions that hold it in Azure too (docs/adr/0020).</summary>
    public IReadOnlyList<RuleEnforcement> Rules { get; init; } = [];

    /// <summary>The stack whose compiled program was checked for the assignments, if one was named.</summary>
    public string? Stack { get; init; }

    /// <summary>How many rules Azure Policy holds too.</summary>
    public int InAzureCount => Rules.Count(r => r.InAzure);

    public IReadOnlyList<ControlCoverage> Covered => [.. Controls.Where(c => c.Status == CoverageStatus.Covered)];

    /// <summary>Checkable from code, but no rule cites it yet: where the next rule should come from.</summary>
    public IReadOnlyList<ControlCoverage> Uncovered => [.. Controls.Where(c => c.Status == CoverageStatus.Uncovered)];

    /// <summary>Tenant settings and manual controls no rule cites: evidence for these comes from elsewhere.</summary>
    public IReadOnlyList<ControlCoverage> NotCheckable => [.. Controls.Where(c => c.Status == CoverageStatus.NotCheckable)];
}

/// <summary>
/// Which framework controls the rules evidence, which they could but do not yet, and which no rule
/// can (<c>./infra policy coverage --framework cis-3.0</c>). Works from whatever rules it is given,
/// so it follows the catalogue as rules are added.
/// </summary>
public static class Coverage
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        // Titles quote setting names ('Secure transfer required'); these documents never go into HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Coverage of the framework named <paramref name="frameworkName"/> (<c>cis-3.0</c>, <c>mcsb</c>); null for an unknown name.</summary>
    public static CoverageReport? For(string frameworkName, IEnumerable<Rule> rules) => For(frameworkName, rules, null, null);

    /// <summary>
    /// Coverage with, per rule, the Azure Policy definitions of the catalogue that hold it; when
    /// <paramref name="assignedDefinitions"/> is given (the <c>policyDefinitionId</c>s a compiled stack assigns),
    /// also whether <paramref name="stack"/> assigns them all.
    /// </summary>
    public static CoverageReport? For(string frameworkName, IEnumerable<Rule> rules, string? stack, IReadOnlySet<string>? assignedDefinitions)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var name = Frameworks.CanonicalName(frameworkName);
        if (name is null || Frameworks.ByName(name) is not { Count: > 0 } controls) return null;
        var framework = controls[0].Framework;

        var ruleList = Distinct(rules);
        var citing = controls.ToDictionary(c => c.Id, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        var unknown = new List<UnknownControl>();
        foreach (var rule in ruleList)
        {
            foreach (var reference in rule.Controls)
            {
                if (!reference.StartsWith(framework + ":", StringComparison.Ordinal)) continue;
                if (citing.TryGetValue(reference[(framework.Length + 1)..], out var ids)) ids.Add(rule.Id);
                else unknown.Add(new UnknownControl(rule.Id, reference));
            }
        }

        var enforcement = ruleList
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(r =>
            {
                var definitions = AzurePolicyCatalogue.ForRule(r.Id);
                bool? assigned = assignedDefinitions is null ? null
                    : definitions.Count > 0 && definitions.All(d => assignedDefinitions.Contains(d.DefinitionId));
                return new RuleEnforcement(r.Id, [.. r.Controls.Where(c => c.StartsWith(framework + ":", StringComparison.Ordinal)).Select(c => c[(framework.Length + 1)..])],
                    definitions, assigned);
            })
            .ToList();
        return new CoverageReport(name, framework, Frameworks.Title(name)!, ruleList.Count,
            [.. controls.Select(c => new ControlCoverage(c, [.. citing[c.Id]]))],
            Ordered(unknown))
        {
            Rules = enforcement,
            Stack = assignedDefinitions is null ? null : stack,
        };
    }

    /// <summary>
    /// Every control entry of <paramref name="rules"/> that names no control of any catalogue:
    /// an unknown prefix (<c>CIS-3:4.1</c>), an unknown id (<c>CIS-3.0:4.99</c>) or a malformed
    /// entry. Ordered by rule id, then entry.
    /// </summary>
    public static IReadOnlyList<UnknownControl> UnknownControls(IEnumerable<Rule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return Ordered(Distinct(rules)
            .SelectMany(r => r.Controls.Where(c => Frameworks.Find(c) is null).Select(c => new UnknownControl(r.Id, c))));
    }

    /// <summary>The report for people: counts, then a table per status.</summary>
    public static string Text(CoverageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line($"Coverage of {report.Title} ({report.Name}) by {Count(report.RuleCount, "rule", "rules")}");
        Line(Summary(report));

        Section("COVERED", report.Covered, ["CONTROL", "TITLE", "RULES"],
            c => [c.Control.Id, c.Control.Title, string.Join(", ", c.Rules)]);
        Section("CHECKABLE FROM CODE, NO RULE YET", report.Uncovered, ["CONTROL", "TITLE"],
            c => [c.Control.Id, c.Control.Title]);
        Section("NOT CHECKABLE FROM CODE", report.NotCheckable, ["CONTROL", "KIND", "TITLE"],
            c => [c.Control.Id, KindOf(c.Control.How), c.Control.Title]);

        Line();
        Line($"RULES HELD BY AZURE POLICY TOO ({report.InAzureCount} of {report.Rules.Count}{(report.Stack is null ? "" : $"; ASSIGNED column: the compiled stack {report.Stack}")})");
        if (report.Rules.Count > 0)
        {
            IReadOnlyList<string> header = report.Stack is null ? ["RULE", "CONTROLS", "AZURE POLICY"] : ["RULE", "CONTROLS", "ASSIGNED", "AZURE POLICY"];
            foreach (var line in TextTable.Lines(header, [.. report.Rules.Select(r => report.Stack is null
                ? (IReadOnlyList<string>)[r.RuleId, string.Join(", ", r.Controls), r.Describe()]
                : [r.RuleId, string.Join(", ", r.Controls), r.AssignedText, r.Describe()])]))
                Line("  " + line);
        }

        if (report.Unknown.Count > 0)
        {
            Line();
            Line($"UNKNOWN CONTROL IDS IN RULES ({report.Unknown.Count})");
            foreach (var line in TextTable.Lines(["RULE", "CITES"], [.. report.Unknown.Select(u => (IReadOnlyList<string>)[u.RuleId, u.Reference])]))
                Line("  " + line);
        }
        return text.ToString();

        void Section(string heading, IReadOnlyList<ControlCoverage> controls, IReadOnlyList<string> header, Func<ControlCoverage, IReadOnlyList<string>> row)
        {
            Line();
            Line($"{heading} ({controls.Count})");
            if (controls.Count == 0) return;
            foreach (var line in TextTable.Lines(header, [.. controls.Select(row)]))
                Line("  " + line);
        }
    }

    /// <summary>The report as Markdown: counts, then a table per status.</summary>
    public static string Markdown(CoverageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        void Line(string line = "") => md.Append(line).Append('\n');

        Line($"# Coverage: {report.Title}");
        Line();
        Line($"`{report.Name}` against {Count(report.RuleCount, "rule", "rules")}. {Summary(report)}");

        Line();
        Line($"## Covered ({report.Covered.Count})");
        Line();
        Table(["Control", "Title", "Rules"], report.Covered,
            c => [c.Control.Id, Cell(c.Control.Title), string.Join(", ", c.Rules.Select(r => $"`{r}`"))]);

        Line();
        Line($"## Checkable from code, no rule yet ({report.Uncovered.Count})");
        Line();
        Table(["Control", "Title"], report.Uncovered, c => [c.Control.Id, Cell(c.Control.Title)]);

        Line();
        Line($"## Not checkable from code ({report.NotCheckable.Count})");
        Line();
        Line("Evidence for these comes from the tenant's configuration or from a process, not from a stack.");
        Line();
        Table(["Control", "Kind", "Title"], report.NotCheckable, c => [c.Control.Id, KindOf(c.Control.How), Cell(c.Control.Title)]);

        Line();
        Line($"## Rules held by Azure Policy too ({report.InAzureCount} of {report.Rules.Count})");
        Line();
        Line(report.Stack is null
            ? "Built-in Azure Policy definitions the primary stack assigns for each rule (docs/adr/0020)."
            : $"Built-in Azure Policy definitions for each rule, and whether the compiled stack `{report.Stack}` assigns them all (docs/adr/0020).");
        Line();
        if (report.Stack is null)
        {
            Line("| Rule | Controls | Azure Policy |");
            Line("|---|---|---|");
            foreach (var r in report.Rules) Line($"| `{r.RuleId}` | {Cell(string.Join(", ", r.Controls))} | {Cell(r.Describe())} |");
        }
        else
        {
            Line("| Rule | Controls | Assigned | Azure Policy |");
            Line("|---|---|---|---|");
            foreach (var r in report.Rules) Line($"| `{r.RuleId}` | {Cell(string.Join(", ", r.Controls))} | {r.AssignedText} | {Cell(r.Describe())} |");
        }

        if (report.Unknown.Count > 0)
        {
            Line();
            Line($"## Unknown control ids in rules ({report.Unknown.Count})");
            Line();
            Line("| Rule | Cites |");
            Line("|---|---|");
            foreach (var u in report.Unknown) Line($"| `{u.RuleId}` | `{Cell(u.Reference)}` |");
        }
        return md.ToString();

        void Table(IReadOnlyList<string> header, IReadOnlyList<ControlCoverage> controls, Func<ControlCoverage, IReadOnlyList<string>> row)
        {
            if (controls.Count == 0)
            {
                Line("None.");
                return;
            }
            Line("| " + string.Join(" | ", header) + " |");
            Line("|" + string.Concat(header.Select(_ => "---|")));
            foreach (var c in controls) Line("| " + string.Join(" | ", row(c)) + " |");
        }
    }

    /// <summary>The report for scripts: every control with its status and citing rules, in benchmark order.</summary>
    public static string Json(CoverageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("framework", report.Name);
            w.WriteString("prefix", report.Framework);
            w.WriteString("title", report.Title);
            w.WriteStartObject("summary");
            w.WriteNumber("controls", report.Controls.Count);
            w.WriteNumber("rules", report.RuleCount);
            w.WriteNumber("covered", report.Covered.Count);
            w.WriteNumber("uncovered", report.Uncovered.Count);
            w.WriteNumber("notCheckable", report.NotCheckable.Count);
            w.WriteNumber("unknown", report.Unknown.Count);
            w.WriteNumber("rulesInAzurePolicy", report.InAzureCount);
            w.WriteEndObject();
            if (report.Stack is not null) w.WriteString("stack", report.Stack);
            w.WriteStartArray("controls");
            foreach (var c in report.Controls)
            {
                w.WriteStartObject();
                w.WriteString("id", c.Control.Id);
                w.WriteString("title", c.Control.Title);
                w.WriteString("checkability", CheckabilityName(c.Control.How));
                w.WriteString("status", StatusName(c.Status));
                w.WriteStartArray("rules");
                foreach (var rule in c.Rules) w.WriteStringValue(rule);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("rules");
            foreach (var r in report.Rules)
            {
                w.WriteStartObject();
                w.WriteString("id", r.RuleId);
                w.WriteStartArray("controls");
                foreach (var c in r.Controls) w.WriteStringValue(c);
                w.WriteEndArray();
                w.WriteBoolean("inAzurePolicy", r.InAzure);
                if (r.Assigned is { } assigned) w.WriteBoolean("assignedInStack", assigned);
                w.WriteStartArray("azurePolicy");
                foreach (var d in r.Definitions)
                {
                    w.WriteStartObject();
                    w.WriteString("definitionId", d.DefinitionId);
                    w.WriteString("displayName", d.DisplayName);
                    w.WriteString("effect", d.EffectLabel);
                    w.WriteString("enforcementMode", d.EnforcementMode);
                    if (d.Note is { } note) w.WriteString("note", note);
                    w.WriteString("source", d.Source);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("unknown");
            foreach (var u in report.Unknown)
            {
                w.WriteStartObject();
                w.WriteString("rule", u.RuleId);
                w.WriteString("control", u.Reference);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>The counts line shared by the text and Markdown reports.</summary>
    private static string Summary(CoverageReport report)
    {
        var tenant = report.NotCheckable.Count(c => c.Control.How == Checkability.TenantSetting);
        var manual = report.NotCheckable.Count - tenant;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Count(report.Controls.Count, "control", "controls")}: {report.Covered.Count} covered, " +
            $"{report.Uncovered.Count} checkable from code with no rule yet, " +
            $"{report.NotCheckable.Count} not checkable from code ({Count(tenant, "tenant setting", "tenant settings")}, {manual} manual).");
    }

    private static string KindOf(Checkability how) => how switch
    {
        Checkability.TenantSetting => "tenant setting",
        Checkability.Manual => "manual",
        _ => "code",
    };

    private static string CheckabilityName(Checkability how) => how switch
    {
        Checkability.Code => "code",
        Checkability.TenantSetting => "tenant-setting",
        Checkability.Manual => "manual",
        _ => throw new ArgumentOutOfRangeException(nameof(how)),
    };

    private static string StatusName(CoverageStatus status) => status switch
    {
        CoverageStatus.Covered => "covered",
        CoverageStatus.Uncovered => "uncovered",
        CoverageStatus.NotCheckable => "not-checkable",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    private static string Count(int n, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many)}");

    private static string Cell(string text) => MarkdownText.Cell(text);

    /// <summary>A rule listed twice (in two packs by mistake) counts once.</summary>
    private static List<Rule> Distinct(IEnumerable<Rule> rules) =>
        [.. rules.DistinctBy(r => r.Id, StringComparer.Ordinal)];

    private static List<UnknownControl> Ordered(IEnumerable<UnknownControl> unknown) =>
        [.. unknown.Distinct()
            .OrderBy(u => u.RuleId, StringComparer.Ordinal)
            .ThenBy(u => u.Reference, StringComparer.Ordinal)];
}
