using System.Globalization;
using static Oic.Infra.Automation.Reports.SvgBuilder;

namespace Oic.Infra.Automation.Reports.Topology;

/// <summary>
/// The estate topology as one SVG file, laid out by fixed rules (no layout engine, no randomness): the primary
/// region on the left, the on-premises sites in the middle with their tunnels (active solid into the primary
/// gateway, standby dashed into the DR gateway), the DR region on the right, the link between the two hubs
/// drawn above. Each region shows its hub (firewall, VPN gateway, Bastion), its spokes peered to the hub with
/// their subnets and private endpoints, and the stores reached through them. Fill colours say the data
/// classification, badges the continuity tier. Past <see cref="MaxDrawnSites"/> sites, offices are grouped by
/// the /16 of their address space: every office stays on the page as a chip, with one tunnel line per group.
/// </summary>
public static class TopologySvg
{
    /// <summary>Up to this many sites, each gets its own node and tunnel lines.</summary>
    public const int MaxDrawnSites = 40;

    private const double Margin = 20;
    private const double RegionWidth = 600;
    private const double SiteColumnWidth = 300;
    private const double GroupedSiteColumnWidth = 470;
    private const double Gap = 80;
    private const double RegionsTop = 170;
    private const double LinkLane = 140;

    public static string Render(EstateTopology topology, string title)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var grouped = topology.Sites.Count > MaxDrawnSites;
        var siteWidth = grouped ? GroupedSiteColumnWidth : SiteColumnWidth;

        // Columns: region 0 | sites | region 1 | further regions.
        var regionX = new List<double>();
        var x = Margin;
        double sitesX;
        if (topology.Regions.Count == 0)
        {
            sitesX = x;
        }
        else
        {
            regionX.Add(x);
            sitesX = x + RegionWidth + Gap;
            x = sitesX + siteWidth + Gap;
            for (var i = 1; i < topology.Regions.Count; i++, x += RegionWidth + Gap) regionX.Add(x);
        }
        var width = Math.Max(topology.Regions.Count <= 1 ? sitesX + siteWidth + Margin : x - Gap + Margin, 900);

        var body = new SvgBuilder();
        var anchors = new Dictionary<string, Anchor>(StringComparer.Ordinal);
        var bottom = RegionsTop;
        for (var i = 0; i < topology.Regions.Count; i++)
        {
            var sitesOnRight = regionX[i] < sitesX;
            var (regionBottom, anchor) = DrawRegion(body, topology.Regions[i], regionX[i], RegionsTop, sitesOnRight);
            anchors[topology.Regions[i].Location] = anchor;
            bottom = Math.Max(bottom, regionBottom);
        }
        var sitesBottom = grouped
            ? DrawGroupedSites(body, topology, sitesX, siteWidth, anchors)
            : DrawSites(body, topology, sitesX, siteWidth, anchors);
        bottom = Math.Max(bottom, sitesBottom);
        DrawLinks(body, topology, anchors);

        var height = bottom + Margin;
        var svg = new SvgBuilder();
        svg.Raw($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"{Escape(title)}\">\n");
        svg.Title(title);
        svg.Rect(0, 0, width, height, "#ffffff", "none", 0);
        svg.Text(Margin, 30, title, width - 2 * Margin, 17, "font-weight=\"bold\"");
        var offices = topology.Sites.Count(s => s.Kind == "office");
        var partners = topology.Sites.Count(s => s.Kind == "partner");
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{topology.Regions.Count} region(s) ({string.Join(", ", topology.Regions.Select(r => $"{r.Location} {r.Role}, stack {r.Stack}"))}); {topology.Sites.Count} site(s): {topology.Sites.Count(s => s.Kind == "headquarters")} headquarters, {offices} office(s), {partners} partner(s); drawn from the compiled resource graph.");
        svg.Text(Margin, 50, summary, width - 2 * Margin, 11, "fill=\"#455a64\"");
        Legend(svg, Margin, 66, width - 2 * Margin);
        svg.Raw(body.ToString());
        svg.Close("svg");
        return svg.ToString();
    }

    /// <summary>Where tunnels and links attach to a region: its gateway's outer side and the top of its hub.</summary>
    private sealed record Anchor(double GatewayX, double GatewayY, double HubX, double HubTop, bool SitesOnRight);

    private static void Legend(SvgBuilder svg, double x, double y, double width)
    {
        svg.Open("g", "class=\"legend\"");
        svg.Text(x, y + 14, "Data classification:", 140, 11, "font-weight=\"bold\"");
        var cx = x + 130;
        foreach (var c in Palette.Classifications)
        {
            var (fill, stroke) = Palette.Classification(c);
            svg.Rect(cx, y + 3, 16, 14, fill, stroke, 3, "stroke-width=\"1.5\"");
            svg.Text(cx + 22, y + 14, c, c.Length * 7.5);
            cx += 30 + c.Length * 7.5;
        }
        cx += 20;
        svg.Text(cx, y + 14, "Continuity tier:", 120, 11, "font-weight=\"bold\"");
        cx += 100;
        foreach (var t in new[] { "0", "1", "2" })
        {
            Badge(svg, cx, y + 3, t);
            cx += 32;
        }
        var ly = y + 34;
        svg.Line(x, ly, x + 40, ly, Palette.Active, 2);
        svg.Text(x + 46, ly + 4, "active IPsec tunnel", 140);
        svg.Line(x + 180, ly, x + 220, ly, Palette.Standby, 2, "stroke-dasharray=\"6 4\"");
        svg.Text(x + 226, ly + 4, "standby tunnel (pre-wired for failover)", 290);
        svg.Line(x + 520, ly, x + 560, ly, Palette.RegionLink, 3);
        svg.Text(x + 566, ly + 4, "link between regions", 160);
        svg.Line(x + 730, ly, x + 770, ly, "#90a4ae", 2);
        svg.Text(x + 776, ly + 4, "VNet peering hub ↔ spoke", Math.Max(60, width - 776));
        svg.Close("g");
    }

    private static void Badge(SvgBuilder svg, double x, double y, string tier)
    {
        if (tier.Length == 0) return;
        svg.Raw($"<g class=\"tier-badge\" data-tier=\"{Escape(tier)}\">");
        svg.Rect(x, y, 26, 14, Palette.Tier(tier), "none", 7);
        svg.Raw($"<text x=\"{N(x + 13)}\" y=\"{N(y + 10.5)}\" font-size=\"9\" font-weight=\"bold\" fill=\"#ffffff\" text-anchor=\"middle\">T{Escape(tier)}</text></g>\n");
    }

    private static (double Bottom, Anchor Anchor) DrawRegion(SvgBuilder svg, TopologyRegion region, double x, double y, bool sitesOnRight)
    {
        var inner = new SvgBuilder();
        var innerX = x + 12;
        var innerW = RegionWidth - 24;
        var cursor = y + 40;

        // Hub: its appliances in a row, the gateway on the side facing the sites.
        var hub = region.Hub;
        double hubTop = cursor, hubCenter = innerX + innerW / 2, gatewayX = sitesOnRight ? x + RegionWidth : x, gatewayY = cursor + 50;
        var hubBottom = cursor;
        if (hub is not null)
        {
            var (fill, stroke) = Palette.Classification(hub.Classification);
            var appliances = region.Appliances.Where(a => a.Network == hub.LogicalName)
                .OrderBy(a => a.Kind switch { "bastion" => 0, "firewall" => 1, _ => 2 }).ToList();
            if (!sitesOnRight) appliances.Reverse();
            var applianceSubnets = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["firewall"] = "AzureFirewallSubnet", ["vpn-gateway"] = "GatewaySubnet", ["bastion"] = "AzureBastionSubnet",
            };
            var others = hub.Subnets.Where(s => !applianceSubnets.ContainsValue(s.Name)).ToList();
            var hubHeight = 28 + 62 + 8 + 16 * Math.Ceiling(others.Count / 2.0) + 8;
            inner.Open("g", $"class=\"vnet hub\" data-name=\"{Escape(hub.Name)}\" data-region=\"{Escape(region.Location)}\"");
            inner.Title($"hub {hub.Name} {string.Join(", ", hub.AddressSpace)}");
            inner.Rect(innerX, cursor, innerW, hubHeight, fill, stroke, 6, "stroke-width=\"2\"");
            inner.Text(innerX + 10, cursor + 18, $"Hub {hub.Name} · {string.Join(", ", hub.AddressSpace)}{(hub.DdosProtected ? " · DDoS protection" : "")}", innerW - 50, 12, "font-weight=\"bold\"");
            Badge(inner, innerX + innerW - 32, cursor + 6, hub.Tier);
            var aw = (innerW - 20 - 10 * Math.Max(0, appliances.Count - 1)) / Math.Max(3, appliances.Count);
            var ax = innerX + 10;
            if (sitesOnRight) ax = innerX + innerW - 10 - appliances.Count * aw - (appliances.Count - 1) * 10;
            foreach (var a in appliances)
            {
                var subnet = hub.Subnets.FirstOrDefault(s => s.Name == applianceSubnets.GetValueOrDefault(a.Kind));
                inner.Open("g", $"class=\"appliance {Escape(a.Kind)}\" data-name=\"{Escape(a.Name)}\"");
                inner.Title($"{a.Description}: {a.Name}{(subnet is null ? "" : $" in {subnet.Name} {subnet.Prefix}")}");
                inner.Rect(ax, cursor + 28, aw, 62, "#ffffff", a.Kind == "firewall" ? "#c62828" : "#37474f", 4, "stroke-width=\"1.5\"");
                inner.Text(ax + 8, cursor + 44, a.Description, aw - 40, 11, "font-weight=\"bold\"");
                Badge(inner, ax + aw - 30, cursor + 32, a.Tier);
                inner.Text(ax + 8, cursor + 60, a.Name, aw - 16, 10);
                if (subnet is not null) inner.Text(ax + 8, cursor + 76, $"{subnet.Name} {subnet.Prefix}", aw - 16, 10, "fill=\"#455a64\"");
                inner.Close("g");
                if (a.Kind == "vpn-gateway")
                {
                    gatewayX = sitesOnRight ? ax + aw : ax;
                    gatewayY = cursor + 59;
                }
                ax += aw + 10;
            }
            for (var i = 0; i < others.Count; i++)
                inner.Text(innerX + 10 + i % 2 * (innerW / 2), cursor + 28 + 62 + 20 + 16 * (i / 2), $"{others[i].Name} {others[i].Prefix}", innerW / 2 - 16, 10, "fill=\"#455a64\"");
            inner.Close("g");
            hubTop = cursor;
            cursor += hubHeight + 16;
            hubBottom = cursor - 16;
        }

        // Spokes, one under another, hanging off a peering trunk on the left.
        var trunkX = innerX + 8;
        var spokeX = innerX + 24;
        var spokeW = innerW - 24;
        var lastStubY = hubBottom;
        foreach (var spoke in region.Spokes)
        {
            var (fill, stroke) = Palette.Classification(spoke.Classification);
            var rows = spoke.Subnets.Sum(s => 1 + s.Endpoints.Count);
            var height = 26 + 16 * rows + 8;
            inner.Open("g", $"class=\"vnet spoke\" data-name=\"{Escape(spoke.Name)}\" data-region=\"{Escape(region.Location)}\"");
            inner.Title($"{spoke.Role} {spoke.Name} {string.Join(", ", spoke.AddressSpace)}");
            inner.Rect(spokeX, cursor, spokeW, height, fill, stroke, 5, "stroke-width=\"1.5\"");
            inner.Text(spokeX + 10, cursor + 17, $"{(spoke.Role == "partners" ? "Partner exchange" : "Spoke")} {spoke.Name} · {string.Join(", ", spoke.AddressSpace)}", spokeW - 50, 11, "font-weight=\"bold\"");
            Badge(inner, spokeX + spokeW - 32, cursor + 5, spoke.Tier);
            var row = cursor + 26;
            foreach (var subnet in spoke.Subnets)
            {
                inner.Text(spokeX + 14, row + 12, $"{subnet.Name} {subnet.Prefix}", spokeW - 28, 10);
                row += 16;
                foreach (var pe in subnet.Endpoints)
                {
                    var (pf, ps) = Palette.Classification(pe.Classification);
                    inner.Raw($"<g class=\"private-endpoint\" data-target=\"{Escape(pe.Target)}\">");
                    inner.Rect(spokeX + 28, row + 1, spokeW - 44, 14, pf, ps, 3);
                    inner.Text(spokeX + 34, row + 12, $"private endpoint {pe.Name} → {pe.Target} ({pe.GroupId}, {(pe.Classification.Length == 0 ? "unclassified" : pe.Classification)})", spokeW - 56, 9.5);
                    inner.Raw("</g>\n");
                    row += 16;
                }
            }
            inner.Close("g");
            if (hub is not null)
            {
                inner.Line(trunkX, cursor + 13, spokeX, cursor + 13, "#90a4ae", 2, "class=\"peering\"");
                lastStubY = cursor + 13;
            }
            cursor += height + 10;
        }
        if (hub is not null && lastStubY > hubBottom)
            inner.Line(trunkX, hubBottom, trunkX, lastStubY, "#90a4ae", 2, "class=\"peering\"");

        // Services reached only through private endpoints, three to a row.
        if (region.Stores.Count > 0)
        {
            cursor += 6;
            inner.Text(innerX, cursor + 12, "Reached through private endpoints only", innerW, 11, "font-weight=\"bold\" fill=\"#37474f\"");
            cursor += 20;
            var sw = (innerW - 20) / 3;
            for (var i = 0; i < region.Stores.Count; i++)
            {
                var store = region.Stores[i];
                var sx = innerX + i % 3 * (sw + 10);
                var sy = cursor + i / 3 * 66;
                var (fill, stroke) = Palette.Classification(store.Classification);
                inner.Open("g", $"class=\"store\" data-name=\"{Escape(store.Name)}\" data-classification=\"{Escape(store.Classification)}\"");
                inner.Title($"{store.Kind} {store.Name}: {store.Classification}, continuity tier {store.Tier}; private endpoints: {string.Join(", ", store.Endpoints)}");
                inner.Rect(sx, sy, sw, 58, fill, stroke, 4, "stroke-width=\"2\"");
                inner.Text(sx + 8, sy + 16, store.Name, sw - 44, 11, "font-weight=\"bold\"");
                Badge(inner, sx + sw - 30, sy + 5, store.Tier);
                inner.Text(sx + 8, sy + 32, store.Kind, sw - 16, 10);
                inner.Text(sx + 8, sy + 47, $"{(store.Classification.Length == 0 ? "unclassified" : store.Classification)} · {store.Endpoints.Count} PE", sw - 16, 10, $"fill=\"{stroke}\"");
                inner.Close("g");
            }
            cursor += Math.Ceiling(region.Stores.Count / 3.0) * 66;
        }

        var bottom = cursor + 10;
        svg.Open("g", $"class=\"region\" data-location=\"{Escape(region.Location)}\" data-role=\"{Escape(region.Role)}\" data-stack=\"{Escape(region.Stack)}\"");
        svg.Rect(x, y, RegionWidth, bottom - y, "#fafafa", region.Role == "dr" ? "#00695c" : "#37474f", 8, "stroke-width=\"2\"");
        svg.Text(x + 12, y + 24, $"{region.Location} · {(region.Role == "dr" ? "disaster-recovery region" : "primary region")} · stack {region.Stack}", RegionWidth - 24, 14, "font-weight=\"bold\"");
        svg.Raw(inner.ToString());
        svg.Close("g");
        return (bottom, new Anchor(gatewayX, gatewayY, hubCenter, hubTop, sitesOnRight));
    }

    private static double DrawSites(SvgBuilder svg, EstateTopology topology, double x, double width, Dictionary<string, Anchor> anchors)
    {
        svg.Text(x, RegionsTop + 16, $"On-premises sites ({topology.Sites.Count})", width, 13, "font-weight=\"bold\"");
        var y = RegionsTop + 30;
        var tunnels = new SvgBuilder();
        foreach (var site in topology.Sites)
        {
            const double h = 52;
            svg.Open("g", $"class=\"site {Escape(site.Kind)}\" data-key=\"{Escape(site.Key)}\"");
            svg.Title($"{site.Kind} {site.Key}: {string.Join(", ", site.Prefixes)}, VPN peer {site.PeerAddress}");
            svg.Rect(x, y, width, h, Palette.Site(site.Kind), "#546e7a", 6, "stroke-width=\"1.5\"");
            svg.Text(x + 10, y + 17, $"{KindLabel(site.Kind)} {site.Key}", width - 20, 12, "font-weight=\"bold\"");
            svg.Text(x + 10, y + 32, string.Join(", ", site.Prefixes), width - 20, 10);
            svg.Text(x + 10, y + 46, $"VPN peer {site.PeerAddress}{(site.BgpAsn is { } asn ? string.Create(CultureInfo.InvariantCulture, $" · BGP AS {asn}") : "")}", width - 20, 10, "fill=\"#455a64\"");
            svg.Close("g");
            foreach (var tunnel in site.Tunnels)
                if (anchors.TryGetValue(tunnel.Region, out var anchor))
                    Tunnel(tunnels, anchor, x, width, y + h / 2, tunnel.Role,
                        $"{site.Key} → {tunnel.Region}: {tunnel.Protocol}, {tunnel.Role}; {tunnel.Crypto}", null);
            y += h + 8;
        }
        svg.Raw(tunnels.ToString());
        return y;
    }

    private static double DrawGroupedSites(SvgBuilder svg, EstateTopology topology, double x, double width, Dictionary<string, Anchor> anchors)
    {
        svg.Text(x, RegionsTop + 16, $"On-premises sites ({topology.Sites.Count}), grouped by kind and /16", width, 13, "font-weight=\"bold\"");
        var y = RegionsTop + 30;
        var tunnels = new SvgBuilder();
        const double chipH = 16;
        const int columns = 3;
        var chipW = (width - 20 - (columns - 1) * 6) / columns;
        var groups = topology.Sites
            .GroupBy(s => (s.Kind, Block: s.Kind == "office" ? Cidr.Block(s.Prefixes) : ""))
            .OrderBy(g => g.Key.Kind switch { "headquarters" => 0, "partner" => 1, _ => 2 })
            .ThenBy(g => g.Key.Block, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var sites = group.ToList();
            var h = 26 + Math.Ceiling(sites.Count / (double)columns) * (chipH + 3) + 6;
            var label = group.Key.Kind == "office" ? $"Offices in {group.Key.Block} ({sites.Count})" : $"{KindLabel(group.Key.Kind)} ({sites.Count})";
            svg.Open("g", $"class=\"site-group {Escape(group.Key.Kind)}\" data-count=\"{sites.Count}\"");
            svg.Rect(x, y, width, h, Palette.Site(group.Key.Kind), "#546e7a", 6, "stroke-width=\"1.5\"");
            svg.Text(x + 10, y + 17, label, width - 20, 12, "font-weight=\"bold\"");
            for (var i = 0; i < sites.Count; i++)
            {
                var s = sites[i];
                var cx = x + 10 + i % columns * (chipW + 6);
                var cy = y + 26 + i / columns * (chipH + 3);
                svg.Raw($"<g class=\"site {Escape(s.Kind)}\" data-key=\"{Escape(s.Key)}\"><title>{Escape($"{s.Kind} {s.Key}: {string.Join(", ", s.Prefixes)}, VPN peer {s.PeerAddress}; tunnels: {string.Join(", ", s.Tunnels.Select(t => $"{t.Region} {t.Role}"))}")}</title>");
                svg.Rect(cx, cy, chipW, chipH, "#ffffff", "#90a4ae", 3);
                svg.Raw($"<text x=\"{N(cx + 4)}\" y=\"{N(cy + 12)}\" font-size=\"9.5\">{Escape(Fit($"{s.Key} {string.Join(",", s.Prefixes)}", chipW - 8, 9.5))}</text></g>\n");
            }
            svg.Close("g");
            foreach (var bundle in sites.SelectMany(s => s.Tunnels).GroupBy(t => (t.Region, t.Role)).OrderBy(b => b.Key.Region, StringComparer.Ordinal).ThenBy(b => b.Key.Role, StringComparer.Ordinal))
                if (anchors.TryGetValue(bundle.Key.Region, out var anchor))
                    Tunnel(tunnels, anchor, x, width, y + 13, bundle.Key.Role,
                        $"{bundle.Count()} {bundle.Key.Role} tunnel(s) from {label} to {bundle.Key.Region}", string.Create(CultureInfo.InvariantCulture, $"{bundle.Count()} {bundle.Key.Role}"));
            y += h + 8;
        }
        svg.Raw(tunnels.ToString());
        return y;
    }

    private static void Tunnel(SvgBuilder svg, Anchor anchor, double siteX, double siteWidth, double siteY, string role, string title, string? label)
    {
        // The site's edge that faces the region, then a curve into the gateway's outer side.
        var fromX = anchor.SitesOnRight ? siteX : siteX + siteWidth;
        var mid = (fromX + anchor.GatewayX) / 2;
        var standby = role == "standby";
        svg.Raw($"<path class=\"tunnel {(standby ? "standby" : "active")}\" d=\"M{N(fromX)},{N(siteY)} C{N(mid)},{N(siteY)} {N(mid)},{N(anchor.GatewayY)} {N(anchor.GatewayX)},{N(anchor.GatewayY)}\" fill=\"none\" stroke=\"{(standby ? Palette.Standby : Palette.Active)}\" stroke-width=\"{(label is null ? "1.5" : "2.5")}\"{(standby ? " stroke-dasharray=\"6 4\"" : "")}><title>{Escape(title)}</title></path>\n");
        if (label is not null)
        {
            var lx = anchor.SitesOnRight ? fromX - 6 : fromX + 6;
            svg.Raw($"<text x=\"{N(lx)}\" y=\"{N(siteY - 4)}\" font-size=\"9.5\" fill=\"#37474f\" text-anchor=\"{(anchor.SitesOnRight ? "end" : "start")}\">{Escape(label)}</text>\n");
        }
    }

    private static void DrawLinks(SvgBuilder svg, EstateTopology topology, Dictionary<string, Anchor> anchors)
    {
        var drawn = new HashSet<(string, string)>();
        var lane = LinkLane;
        foreach (var link in topology.Links)
        {
            if (!anchors.TryGetValue(link.From, out var a)) continue;
            var label = topology.Describe(link);
            var title = $"{label} ({link.Resource})";
            if (anchors.TryGetValue(link.To, out var b))
            {
                svg.Raw($"<path class=\"region-link\" data-from=\"{Escape(link.From)}\" data-to=\"{Escape(link.To)}\" d=\"M{N(a.HubX)},{N(a.HubTop)} V{N(lane)} H{N(b.HubX)} V{N(b.HubTop)}\" fill=\"none\" stroke=\"{Palette.RegionLink}\" stroke-width=\"3\"><title>{Escape(title)}</title></path>\n");
                svg.Raw($"<text class=\"region-link-label\" x=\"{N((a.HubX + b.HubX) / 2)}\" y=\"{N(lane - 6)}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"{Palette.RegionLink}\">{Escape(label)}</text>\n");
            }
            else
            {
                svg.Raw($"<path class=\"region-link\" data-from=\"{Escape(link.From)}\" data-to=\"{Escape(link.To)}\" d=\"M{N(a.HubX)},{N(a.HubTop)} V{N(lane)} H{N(a.HubX + 120)}\" fill=\"none\" stroke=\"{Palette.RegionLink}\" stroke-width=\"3\"><title>{Escape(title)}</title></path>\n");
                svg.Raw($"<text class=\"region-link-label\" x=\"{N(a.HubX + 126)}\" y=\"{N(lane + 4)}\" fill=\"{Palette.RegionLink}\">{Escape($"{link.Kind} to {link.To} (its stack is not drawn)")}</text>\n");
            }
            drawn.Add((link.From, link.To));
            drawn.Add((link.To, link.From));
            lane -= 18;
        }
        // Two regions of one estate with nothing between their hubs: say so rather than draw a link that is not there.
        for (var i = 1; i < topology.Regions.Count; i++)
        {
            var (from, to) = (topology.Regions[0].Location, topology.Regions[i].Location);
            if (drawn.Contains((from, to)) || !anchors.TryGetValue(from, out var a) || !anchors.TryGetValue(to, out var b)) continue;
            svg.Raw($"<path class=\"region-pair\" d=\"M{N(a.HubX)},{N(a.HubTop)} V{N(lane)} H{N(b.HubX)} V{N(b.HubTop)}\" fill=\"none\" stroke=\"#9e9e9e\" stroke-width=\"2\" stroke-dasharray=\"3 5\"/>\n");
            svg.Raw($"<text x=\"{N((a.HubX + b.HubX) / 2)}\" y=\"{N(lane - 6)}\" text-anchor=\"middle\" fill=\"#616161\">{Escape($"DR pair {from} → {to}: no network link between the hubs is declared")}</text>\n");
        }
    }

    private static string KindLabel(string kind) => kind switch
    {
        "headquarters" => "Headquarters",
        "office" => "Office",
        "partner" => "Partner",
        _ => "Site",
    };
}
