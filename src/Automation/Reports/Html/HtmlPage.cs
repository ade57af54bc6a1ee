using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Oic.Infra.Automation.Reports.Html;

/// <summary>
/// One self-contained HTML page: inline CSS and SVG only, no script, and a Content-Security-Policy that
/// forbids every fetch, so the file reads the same offline, attached to a ticket or printed to PDF (A4,
/// table headers repeated on each page, sections and rows kept whole across page breaks).
/// </summary>
internal sealed class HtmlPage(string title, string subtitle)
{
    private const string Css = """
        :root { color-scheme: light; }
        body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 13px; color: #212121; margin: 24px; max-width: 1200px; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; border-bottom: 2px solid #37474f; padding-bottom: 3px; margin-top: 28px; }
        .subtitle { color: #455a64; margin: 0 0 16px; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; }
        th, td { border: 1px solid #cfd8dc; padding: 4px 6px; text-align: left; vertical-align: top; }
        th { background: #eceff1; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0 12px; }
        .card { border: 1px solid #cfd8dc; border-radius: 6px; padding: 8px 12px; min-width: 140px; }
        .card .value { font-size: 20px; font-weight: bold; }
        .ok { color: #2e7d32; } .bad { color: #c62828; } .warn { color: #e65100; }
        tr.bad td { background: #ffebee; } tr.warn td { background: #fff3e0; }
        .outcome { font-size: 18px; font-weight: bold; padding: 8px 12px; border-radius: 6px; display: inline-block; }
        .outcome.ok { background: #e8f5e9; } .outcome.bad { background: #ffebee; }
        .source { color: #607d8b; font-size: 11px; }
        dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
        dl.fields dt { font-weight: bold; } dl.fields dd { margin: 0; }
        .signoff td { height: 42px; }
        svg { max-width: 100%; height: auto; }
        code { font-size: 12px; word-break: break-all; }
        @page { size: A4; margin: 14mm; }
        @media print {
          body { margin: 0; max-width: none; font-size: 11px; }
          section { break-inside: avoid-page; }
          .page-break { break-before: page; }
          thead { display: table-header-group; }
          tr, .card, svg { break-inside: avoid; }
        }
        """;

    private readonly StringBuilder _body = new();

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public HtmlPage Section(string heading, string id, bool newPage = false)
    {
        _body.Append(CultureInfo.InvariantCulture, $"<section id=\"{E(id)}\"{(newPage ? " class=\"page-break\"" : "")}>\n<h2>{E(heading)}</h2>\n");
        return this;
    }

    public HtmlPage EndSection() => Raw("</section>\n");

    public HtmlPage P(string text, string? cssClass = null) =>
        Raw(cssClass is null ? $"<p>{E(text)}</p>\n" : $"<p class=\"{cssClass}\">{E(text)}</p>\n");

    public HtmlPage Raw(string html)
    {
        _body.Append(html);
        return this;
    }

    /// <summary>A summary row of figures: (label, value, css class of the value).</summary>
    public HtmlPage Cards(IEnumerable<(string Label, string Value, string? Class)> cards)
    {
        _body.Append("<div class=\"cards\">");
        foreach (var (label, value, cls) in cards)
            _body.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><div class=\"value{(cls is null ? "" : " " + cls)}\">{E(value)}</div><div>{E(label)}</div></div>");
        _body.Append("</div>\n");
        return this;
    }

    /// <summary>A table of text cells (escaped here); numeric-looking cells are right-aligned; <paramref name="rowClass"/> marks rows.</summary>
    public HtmlPage Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, Func<IReadOnlyList<string>, string?>? rowClass = null, string? cssClass = null)
    {
        _body.Append(cssClass is null ? "<table>" : $"<table class=\"{cssClass}\">").Append("<thead><tr>");
        foreach (var h in headers) _body.Append("<th>").Append(E(h)).Append("</th>");
        _body.Append("</tr></thead>\n<tbody>\n");
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            var cls = rowClass?.Invoke(row);
            _body.Append(cls is null ? "<tr>" : $"<tr class=\"{cls}\">");
            foreach (var cell in row)
                _body.Append(IsNumber(cell) ? "<td class=\"num\">" : "<td>").Append(E(cell)).Append("</td>");
            _body.Append("</tr>\n");
        }
        if (!any) _body.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"{headers.Count}\">none</td></tr>\n");
        _body.Append("</tbody></table>\n");
        return this;
    }

    /// <summary>
    /// Any JSON value as nested definition lists and tables: what a report's machine output holds, every field
    /// of it, including fields added after this renderer was written.
    /// </summary>
    public HtmlPage Json(JsonElement value)
    {
        _body.Append(JsonHtml(value));
        return this;
    }

    private static string JsonHtml(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var sb = new StringBuilder("<dl class=\"fields\">");
                foreach (var p in value.EnumerateObject())
                    sb.Append("<dt>").Append(E(p.Name)).Append("</dt><dd>").Append(JsonHtml(p.Value)).Append("</dd>");
                return sb.Append("</dl>").ToString();
            case JsonValueKind.Array:
                var items = value.EnumerateArray().ToList();
                if (items.Count == 0) return "none";
                if (items.All(i => i.ValueKind == JsonValueKind.Object))
                {
                    var columns = items.SelectMany(i => i.EnumerateObject().Select(p => p.Name)).Distinct(StringComparer.Ordinal).ToList();
                    var t = new StringBuilder("<table><thead><tr>");
                    foreach (var c in columns) t.Append("<th>").Append(E(c)).Append("</th>");
                    t.Append("</tr></thead><tbody>");
                    foreach (var item in items)
                    {
                        t.Append("<tr>");
                        foreach (var c in columns)
                            t.Append("<td>").Append(item.TryGetProperty(c, out var v) ? JsonHtml(v) : "").Append("</td>");
                        t.Append("</tr>");
                    }
                    return t.Append("</tbody></table>").ToString();
                }
                return string.Join(", ", items.Select(JsonHtml));
            case JsonValueKind.String:
                return E(value.GetString());
            default:
                return E(value.GetRawText());
        }
    }

    private static bool IsNumber(string cell) =>
        cell.Length > 0 && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // Nothing may be fetched: the report must read the same offline and attached to a ticket.
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title>\n<style>\n{Css}\n</style>\n</head>\n<body>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<header><h1>{E(title)}</h1><p class=\"subtitle\">{E(subtitle)}</p></header>\n<main>\n");
        sb.Append(_body);
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }
}
