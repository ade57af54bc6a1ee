using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Oic.Infra.Policies.Engine;

namespace Oic.Infra.Policies.Reports;

/// <summary>
/// The four renderings of a <see cref="PolicyReport"/>: <see cref="Text"/> for people at a terminal,
/// <see cref="Json"/> for scripts (the DESIGN §4 contract), <see cref="Sarif"/> for GitHub code
/// scanning and <see cref="Markdown"/> for a pull-request comment. Every rendering is deterministic:
/// the same report gives the same bytes, with no timestamps and <c>\n</c> line ends.
/// </summary>
public static partial class PolicyReports
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        // Messages quote names ('docs-primary'); the default encoder would write \u0027. These
        // documents are never embedded in HTML, so the relaxed encoder is safe.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Policy, then URN, then pack and message so that equal keys still come out in one order.</summary>
    private static List<PolicyResult> Ordered(IEnumerable<PolicyResult> results) => results
        .OrderBy(r => r.Rule.Id, StringComparer.Ordinal)
        .ThenBy(r => r.Resource.Urn, StringComparer.Ordinal)
        .ThenBy(r => r.Pack, StringComparer.Ordinal)
        .ThenBy(r => r.Message, StringComparer.Ordinal)
        .ToList();

    private static string Name(this Severity severity) => severity.ToConfigName();

    private static string Name(this Enforcement enforcement) => enforcement.ToConfigName();

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            write(writer);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string Plural(int n, string one, string many) => n == 1 ? one : many;

    /// <summary>The framework of a control (<c>CIS-3.0</c> of <c>CIS-3.0:4.1</c>) and its id within it.</summary>
    private static (string Framework, string Id) SplitControl(string control)
    {
        var colon = control.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? ("other", control) : (control[..colon], control[(colon + 1)..]);
    }
}
