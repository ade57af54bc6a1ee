using System.Text.Json;
using Oic.Infra.Policies.Engine;

namespace Oic.Infra.Policies.Reports;

public static partial class PolicyReports
{
    /// <summary>
    /// The machine-readable report of <c>policy check --format json</c> (DESIGN §4): every violation,
    /// waived ones included and marked, ordered by policy then URN; the summary counts; then what is
    /// not a violation but must not go unseen: <c>unknown</c> (values not known yet) and
    /// <c>errors</c> (rules that threw).
    /// </summary>
    public static string Json(PolicyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("results");
            foreach (var r in Ordered(report.Violations))
            {
                w.WriteStartObject();
                w.WriteString("policy", r.Rule.Id);
                w.WriteString("pack", r.Pack);
                w.WriteString("enforcement", r.Enforcement.Name());
                w.WriteString("severity", r.Rule.Severity.Name());
                w.WriteString("urn", r.Resource.Urn);
                w.WriteString("type", r.Resource.Type);
                w.WriteString("message", MessageOf(r));
                w.WriteStartArray("controls");
                foreach (var control in r.Rule.Controls) w.WriteStringValue(control);
                w.WriteEndArray();
                w.WriteBoolean("waived", r.Waived);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartObject("summary");
            w.WriteNumber("resources", report.Resources.Resources.Count);
            w.WriteNumber("mandatory", report.Mandatory);
            w.WriteNumber("advisory", report.Advisory);
            w.WriteNumber("waived", report.WaivedCount);
            w.WriteEndObject();

            WriteNotJudged(w, "unknown", report.Unknowns);
            WriteNotJudged(w, "errors", report.Errors);
            w.WriteEndObject();
        });
    }

    private static void WriteNotJudged(Utf8JsonWriter w, string name, IEnumerable<PolicyResult> results)
    {
        w.WriteStartArray(name);
        foreach (var r in Ordered(results))
        {
            w.WriteStartObject();
            w.WriteString("policy", r.Rule.Id);
            w.WriteString("pack", r.Pack);
            w.WriteString("urn", r.Resource.Urn);
            w.WriteString("type", r.Resource.Type);
            w.WriteString("message", MessageOf(r));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
