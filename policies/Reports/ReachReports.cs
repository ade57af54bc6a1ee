using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Oic.Infra.Policies.Docs;
using Oic.Infra.Policies.Rules.Network.Reach;

namespace Oic.Infra.Policies.Reports;

/// <summary>
/// <c>infra reach</c>'s renderings of a <see cref="ReachMatrix"/>: text and Markdown list the pairs
/// that reach (a "no" is every pair not listed) with each path; JSON holds every pair. All three
/// are deterministic: sources and destinations in the model's order, paths sorted.
/// </summary>
public static class ReachReports
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Keeps the sources matching <paramref name="from"/> and the destinations matching <paramref name="to"/>:
    /// a name (<c>partner:sesric</c>) or a kind (<c>partner</c>, <c>subnet</c>, <c>store</c>…); null keeps all.
    /// </summary>
    public static ReachMatrix Select(ReachMatrix matrix, string? from, string? to)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var sources = matrix.Sources.Where(s => Matches(s, from)).ToList();
        var destinations = matrix.Destinations.Where(d => Matches(d, to)).ToList();
        return matrix with
        {
            Sources = sources,
            Destinations = destinations,
            Cells = [.. sources.SelectMany(s => destinations.Select(d => matrix.Cell(s, d)!))],
        };
    }

    /// <summary>What <c>--from</c>/<c>--to</c> accept: every name, then every kind, in order.</summary>
    public static IReadOnlyList<string> Selectors(IEnumerable<ReachEndpoint> endpoints)
    {
        var list = endpoints.ToList();
        return [.. list.Select(e => e.Name), .. list.Select(KindOf).Distinct().Where(k => list.All(e => e.Name != k))];
    }

    public static bool Matches(ReachEndpoint endpoint, string? selector)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return selector is null || endpoint.Name.Equals(selector, StringComparison.Ordinal) || KindOf(endpoint).Equals(selector, StringComparison.Ordinal);
    }

    private static string KindOf(ReachEndpoint e) => e.Name.Split(':')[0];

    public static string Text(ReachMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var sb = new StringBuilder();
        var reached = matrix.Cells.Where(c => c.Reachable).ToList();
        sb.Append($"Reachability of {matrix.Source}: {matrix.Sources.Count} source(s) × {matrix.Destinations.Count} destination(s), {reached.Count} pair(s) reach; every pair not listed does not.\n\n");
        if (reached.Count > 0)
        {
            foreach (var line in TextTable.Lines(["FROM", "TO", "TRAFFIC"], [.. reached.Select(c => new[] { c.From.Name, c.To.Name, c.Traffic.ToString() })]))
                sb.Append(line).Append('\n');
            sb.Append("\nPaths\n");
            foreach (var cell in reached)
            {
                sb.Append($"\n{cell.From.Name} → {cell.To.Name} ({cell.Traffic})\n");
                for (var i = 0; i < cell.Paths.Count; i++)
                {
                    sb.Append($"  path {i + 1}: {cell.Paths[i].Traffic}\n");
                    foreach (var hop in cell.Paths[i].Hops) sb.Append($"    {hop.At}: {hop.By}\n");
                }
            }
        }
        return sb.ToString();
    }

    public static string Markdown(ReachMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var sb = new StringBuilder();
        var reached = matrix.Cells.Where(c => c.Reachable).ToList();
        sb.Append($"## Reachability of {MarkdownText.Cell(matrix.Source)}\n\n");
        sb.Append($"{matrix.Sources.Count} source(s) × {matrix.Destinations.Count} destination(s); {reached.Count} pair(s) reach. Every pair not listed does not.\n\n");
        if (reached.Count == 0) return sb.ToString();
        sb.Append("| From | To | Traffic |\n|---|---|---|\n");
        foreach (var cell in reached)
            sb.Append($"| `{MarkdownText.Cell(cell.From.Name)}` | `{MarkdownText.Cell(cell.To.Name)}` | {MarkdownText.Cell(cell.Traffic.ToString())} |\n");
        sb.Append("\n### Paths\n");
        foreach (var cell in reached)
        {
            sb.Append($"\n**`{MarkdownText.Cell(cell.From.Name)}` → `{MarkdownText.Cell(cell.To.Name)}`** ({MarkdownText.Cell(cell.Traffic.ToString())})\n\n");
            for (var i = 0; i < cell.Paths.Count; i++)
            {
                sb.Append($"{i + 1}. {MarkdownText.Cell(cell.Paths[i].Traffic.ToString())}\n");
                foreach (var hop in cell.Paths[i].Hops) sb.Append($"   - {MarkdownText.Cell(hop.At)}: {MarkdownText.Cell(hop.By)}\n");
            }
        }
        return sb.ToString();
    }

    public static string Json(ReachMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("stack", matrix.Stack);
            w.WriteString("source", matrix.Source);
            Endpoints(w, "sources", matrix.Sources);
            Endpoints(w, "destinations", matrix.Destinations);
            w.WriteStartArray("pairs");
            foreach (var cell in matrix.Cells)
            {
                w.WriteStartObject();
                w.WriteString("from", cell.From.Name);
                w.WriteString("to", cell.To.Name);
                w.WriteBoolean("reachable", cell.Reachable);
                if (cell.Reachable)
                {
                    w.WriteString("traffic", cell.Traffic.ToString());
                    w.WriteStartArray("paths");
                    foreach (var path in cell.Paths)
                    {
                        w.WriteStartObject();
                        w.WriteString("traffic", path.Traffic.ToString());
                        w.WriteStartArray("hops");
                        foreach (var hop in path.Hops)
                        {
                            w.WriteStartObject();
                            w.WriteString("at", hop.At);
                            w.WriteString("by", hop.By);
                            w.WriteEndObject();
                        }
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Endpoints(Utf8JsonWriter w, string name, IEnumerable<ReachEndpoint> endpoints)
    {
        w.WriteStartArray(name);
        foreach (var e in endpoints)
        {
            w.WriteStartObject();
            w.WriteString("name", e.Name);
            w.WriteString("kind", KindOf(e));
            w.WriteString("description", e.Description);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
