using System.Globalization;
using System.Text;

namespace Oic.Infra.Automation.Reports.Topology;

/// <summary>
/// The same topology as <see cref="TopologySvg"/> for text-based renderers: Mermaid (GitHub renders it in pull
/// requests and READMEs) and Graphviz DOT. Both group offices by kind and /16 past
/// <see cref="TopologySvg.MaxDrawnSites"/> sites, one node per group, so 500 offices stay a readable picture
/// (and under GitHub's Mermaid size limit).
/// </summary>
public static class TopologyText
{
    /// <summary>A node of the text renderings: an id safe in both languages, its label lines, its colour class.</summary>
    private sealed record Node(string Id, IReadOnlyList<string> Lines, string Classification, string Shape);

    private sealed record Edge(string From, string To, string Label, string Style);

    private sealed record Cluster(string Id, string Label, IReadOnlyList<Node> Nodes);

    public static string Mermaid(EstateTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var (clusters, loose, edges) = Build(topology);
        var sb = new StringBuilder("flowchart LR\n");
        foreach (var cluster in clusters)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  subgraph {cluster.Id}[\"{MermaidText(cluster.Label)}\"]\n");
            foreach (var node in cluster.Nodes) sb.Append("    ").Append(MermaidNode(node)).Append('\n');
            sb.Append("  end\n");
        }
        foreach (var node in loose) sb.Append("  ").Append(MermaidNode(node)).Append('\n');
        foreach (var e in edges)
        {
            var arrow = e.Style switch { "standby" => "-.", "link" => "==", _ => "--" };
            var end = e.Style switch { "standby" => ".-", "link" => "===", _ => "---" };
            if (e.Label.Length == 0) sb.Append(CultureInfo.InvariantCulture, $"  {e.From} --- {e.To}\n");
            else sb.Append(CultureInfo.InvariantCulture, $"  {e.From} {arrow} \"{MermaidText(e.Label)}\" {end} {e.To}\n");
        }
        foreach (var c in Palette.Classifications.Append("site"))
        {
            var (fill, stroke) = c == "site" ? (Palette.Site("office"), "#546e7a") : Palette.Classification(c);
            sb.Append(CultureInfo.InvariantCulture, $"  classDef {ClassName(c)} fill:{fill},stroke:{stroke},color:#212121\n");
        }
        foreach (var byClass in clusters.SelectMany(c => c.Nodes).Concat(loose).GroupBy(n => ClassName(n.Classification)).OrderBy(g => g.Key, StringComparer.Ordinal))
            sb.Append(CultureInfo.InvariantCulture, $"  class {string.Join(',', byClass.Select(n => n.Id))} {byClass.Key}\n");
        return sb.ToString();
    }

    public static string Dot(EstateTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var (clusters, loose, edges) = Build(topology);
        var sb = new StringBuilder("digraph estate {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"DejaVu Sans\", fontsize=10];\n  edge [dir=none, fontname=\"DejaVu Sans\", fontsize=9];\n");
        foreach (var cluster in clusters)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  subgraph cluster_{cluster.Id} {{\n    label=\"{DotText(cluster.Label)}\";\n    style=rounded;\n");
            foreach (var node in cluster.Nodes) sb.Append("    ").Append(DotNode(node)).Append('\n');
            sb.Append("  }\n");
        }
        foreach (var node in loose) sb.Append("  ").Append(DotNode(node)).Append('\n');
        foreach (var e in edges)
        {
            var style = e.Style switch
            {
                "standby" => $", style=dashed, color=\"{Palette.Standby}\"",
                "link" => $", penwidth=3, color=\"{Palette.RegionLink}\"",
                "peering" => ", color=\"#90a4ae\"",
                _ => $", color=\"{Palette.Active}\"",
            };
            sb.Append(CultureInfo.InvariantCulture, $"  {e.From} -> {e.To} [label=\"{DotText(e.Label)}\"{style}];\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    private static (List<Cluster> Clusters, List<Node> Loose, List<Edge> Edges) Build(EstateTopology topology)
    {
        var clusters = new List<Cluster>();
        var edges = new List<Edge>();
        var gatewayOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var hubOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var region in topology.Regions)
        {
            var r = Id(region.Location);
            var nodes = new List<Node>();
            if (region.Hub is { } hub)
            {
                var hubId = $"{r}_hub";
                hubOf[region.Location] = hubId;
                nodes.Add(new Node(hubId, [$"hub {hub.Name}", string.Join(", ", hub.AddressSpace)], hub.Classification, "box"));
                foreach (var a in region.Appliances.Where(a => a.Network == hub.LogicalName))
                {
                    var id = $"{r}_{Id(a.Kind)}";
                    nodes.Add(new Node(id, [a.Description, a.Name], hub.Classification, "box"));
                    edges.Add(new Edge(hubId, id, "", "peering"));
                    if (a.Kind == "vpn-gateway") gatewayOf[region.Location] = id;
                }
                foreach (var spoke in region.Spokes)
                {
                    var id = $"{r}_{Id(spoke.Name)}";
                    nodes.Add(new Node(id, [$"{spoke.Role} {spoke.Name}", string.Join(", ", spoke.AddressSpace)], spoke.Classification, "box"));
                    edges.Add(new Edge(hubId, id, "peering", "peering"));
                    foreach (var pe in spoke.Subnets.SelectMany(s => s.Endpoints))
                        if (region.Stores.FirstOrDefault(s => s.Name == pe.Target) is { } store)
                            edges.Add(new Edge(id, $"{r}_{Id(store.Name)}", $"private endpoint ({pe.GroupId})", "peering"));
                }
            }
            foreach (var store in region.Stores)
                nodes.Add(new Node($"{r}_{Id(store.Name)}", [store.Name, $"{store.Kind}, {store.Classification}, tier {store.Tier}"], store.Classification, "store"));
            clusters.Add(new Cluster(r, $"{region.Location} ({(region.Role == "dr" ? "DR" : "primary")}, stack {region.Stack})", nodes));
        }

        var loose = new List<Node>();
        var grouped = topology.Sites.Count > TopologySvg.MaxDrawnSites;
        foreach (var group in topology.Sites.GroupBy(s => grouped ? $"{s.Kind} {(s.Kind == "office" ? Cidr.Block(s.Prefixes) : "")}".Trim() : s.Key))
        {
            var sites = group.ToList();
            var first = sites[0];
            var id = $"site_{Id(group.Key)}";
            loose.Add(grouped
                ? new Node(id, [$"{sites.Count} {first.Kind} site(s) {(first.Kind == "office" ? Cidr.Block(first.Prefixes) : "")}".Trim(), Summary(sites)], "site", "site")
                : new Node(id, [$"{first.Kind} {first.Key}", string.Join(", ", first.Prefixes), $"peer {first.PeerAddress}"], "site", "site"));
            foreach (var bundle in sites.SelectMany(s => s.Tunnels).GroupBy(t => (t.Region, t.Role)).OrderBy(b => b.Key.Region, StringComparer.Ordinal))
                if (gatewayOf.TryGetValue(bundle.Key.Region, out var gateway))
                    edges.Add(new Edge(id, gateway, grouped ? $"{bundle.Count()} IPsec {bundle.Key.Role}" : $"IPsec {bundle.Key.Role}", bundle.Key.Role == "standby" ? "standby" : "active"));
        }
        foreach (var link in topology.Links)
        {
            if (!hubOf.TryGetValue(link.From, out var from)) continue;
            if (!hubOf.TryGetValue(link.To, out var to))
            {
                to = $"region_{Id(link.To)}";
                loose.Add(new Node(to, [$"{link.To} (stack not drawn)"], "", "box"));
            }
            edges.Add(new Edge(from, to, topology.Describe(link), "link"));
        }
        return (clusters, loose, edges);
    }

    private static string Summary(List<TopologySite> sites) =>
        sites.Count <= 3 ? string.Join(", ", sites.Select(s => s.Key)) : $"{sites[0].Key} … {sites[^1].Key}";

    private static string ClassName(string classification) => classification switch
    {
        "" => "unclassified",
        "site" => "site",
        _ => Id(classification),
    };

    private static string MermaidNode(Node n)
    {
        var label = string.Join("<br/>", n.Lines.Select(MermaidText));
        return n.Shape switch
        {
            "site" => $"{n.Id}([\"{label}\"])",
            "store" => $"{n.Id}[(\"{label}\")]",
            _ => $"{n.Id}[\"{label}\"]",
        };
    }

    private static string DotNode(Node n)
    {
        var (fill, stroke) = n.Classification == "site" ? (Palette.Site("office"), "#546e7a") : Palette.Classification(n.Classification);
        return $"{n.Id} [label=\"{string.Join("\\n", n.Lines.Select(DotText))}\", fillcolor=\"{fill}\", color=\"{stroke}\"{(n.Shape == "store" ? ", shape=cylinder" : "")}];";
    }

    /// <summary>Mermaid labels in quotes: quotes and markup characters as entity codes.</summary>
    private static string MermaidText(string s) =>
        s.Replace("&", "#amp;", StringComparison.Ordinal).Replace("\"", "#quot;", StringComparison.Ordinal)
         .Replace("<", "#lt;", StringComparison.Ordinal).Replace(">", "#gt;", StringComparison.Ordinal);

    private static string DotText(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>An identifier both Mermaid and DOT accept: letters, digits and underscores.</summary>
    private static string Id(string s)
    {
        var sb = new StringBuilder(s.Length + 1);
        if (s.Length == 0 || !char.IsAsciiLetter(s[0])) sb.Append('n');
        foreach (var c in s) sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        return sb.ToString();
    }
}
