using System.Text;

namespace Oic.Infra.Automation.Drift;

public static partial class DriftReports
{
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Dim = "\u001b[2m";
    private const string Bold = "\u001b[1m";
    private const string Reset = "\u001b[0m";

    /// <summary>
    /// The report for people: where the three views came from; then per comparison, per resource,
    /// each difference with its class and the policies involved; and a one-line verdict with the
    /// exit code. ANSI colours only when <paramref name="color"/>.
    /// </summary>
    public static string Text(DriftReport report, bool color)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        string Paint(string s, string code) => color && code.Length > 0 ? code + s + Reset : s;

        Line(Paint($"Drift of stack {report.Stack}", Bold));
        if (report.Sources.Desired.Length > 0) Line($"  program: {report.Sources.Desired}");
        if (report.Sources.Recorded.Length > 0) Line($"  state:   {report.Sources.Recorded}");
        if (report.Sources.Live.Length > 0) Line($"  live:    {report.Sources.Live}");

        foreach (var comparison in Enum.GetValues<Comparison>())
        {
            var differences = report.Differences.Where(d => d.Kind == comparison).ToList();
            if (differences.Count == 0) continue;
            Line();
            Line(Paint($"{Heading(comparison)} ({differences.Count})", Bold) + $": {Meaning(comparison, report.Stack)}");
            foreach (var resource in differences.GroupBy(d => d.Urn, StringComparer.Ordinal))
            {
                Line($"  {resource.Key}");
                foreach (var d in resource)
                {
                    Line("    " + Paint($"[{d.Class.Name()}]", Colour(d.Class)) + " " + Describe(d));
                    if (d.Policies.Count > 0) Line($"      policies: {string.Join(", ", d.Policies)}");
                }
            }
        }

        Line();
        Line(report.HasDrift ? Paint(Verdict(report), report.SecurityRelevant > 0 ? Red : Yellow) : Verdict(report));
        return text.ToString();
    }

    private static string Heading(Comparison comparison) => comparison switch
    {
        Comparison.DesiredVsState => "Desired vs state",
        _ => "State vs live",
    };

    private static string Meaning(Comparison comparison, string stack) => comparison switch
    {
        Comparison.DesiredVsState => $"what `./infra up --stack {stack}` would change",
        _ => "what changed in Azure behind the state's back",
    };

    private static string Colour(DriftClass driftClass) => driftClass switch
    {
        DriftClass.SecurityRelevant => Red,
        DriftClass.DeletedOutOfBand or DriftClass.UnmanagedAddition => Yellow,
        DriftClass.TagsOnly => Dim,
        _ => "",
    };
}
