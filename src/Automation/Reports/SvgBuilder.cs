using System.Globalization;
using System.Text;

namespace Oic.Infra.Automation.Reports;

/// <summary>
/// A small writer of SVG elements for the estate picture and the reports' charts: numbers in invariant
/// culture with at most one decimal, text and attributes XML-escaped, text fitted to a width (the whole
/// text stays in a <c>&lt;title&gt;</c> tooltip), nothing that fetches anything.
/// </summary>
internal sealed class SvgBuilder
{
    /// <summary>Average advance of DejaVu Sans (the font Debian's Chromium falls back to) per em; generous so text stays inside its box.</summary>
    private const double EmAdvance = 0.62;

    private readonly StringBuilder _sb = new();

    public static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                // Characters XML 1.0 forbids would make the whole document unreadable: drop them.
                case < ' ' and not ('\t' or '\n' or '\r'): break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The text shortened with an ellipsis to fit <paramref name="width"/> pixels at <paramref name="fontSize"/>.</summary>
    public static string Fit(string text, double width, double fontSize)
    {
        var max = (int)Math.Floor(width / (fontSize * EmAdvance));
        if (text.Length <= max) return text;
        return max <= 1 ? "…" : text[..(max - 1)] + "…";
    }

    public SvgBuilder Raw(string markup)
    {
        _sb.Append(markup);
        return this;
    }

    public SvgBuilder Open(string element, string attributes)
    {
        _sb.Append('<').Append(element);
        if (attributes.Length > 0) _sb.Append(' ').Append(attributes);
        _sb.Append(">\n");
        return this;
    }

    public SvgBuilder Close(string element)
    {
        _sb.Append("</").Append(element).Append(">\n");
        return this;
    }

    public SvgBuilder Title(string text) => Raw($"<title>{Escape(text)}</title>");

    public SvgBuilder Rect(double x, double y, double w, double h, string fill, string stroke, double rx = 4, string extra = "") =>
        Raw($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(h)}\" rx=\"{N(rx)}\" fill=\"{fill}\" stroke=\"{stroke}\"{(extra.Length > 0 ? " " + extra : "")}/>\n");

    public SvgBuilder Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string extra = "") =>
        Raw($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\" stroke-width=\"{N(width)}\"{(extra.Length > 0 ? " " + extra : "")}/>\n");

    /// <summary>Text fitted to <paramref name="width"/>; a shortened text keeps its whole in a tooltip.</summary>
    public SvgBuilder Text(double x, double y, string text, double width, double size = 11, string extra = "")
    {
        var fitted = Fit(text, width, size);
        var attributes = $"x=\"{N(x)}\" y=\"{N(y)}\"{(size == 11 ? "" : $" font-size=\"{N(size)}\"")}{(extra.Length > 0 ? " " + extra : "")}";
        return fitted == text
            ? Raw($"<text {attributes}>{Escape(text)}</text>\n")
            : Raw($"<text {attributes}><title>{Escape(text)}</title>{Escape(fitted)}</text>\n");
    }

    public override string ToString() => _sb.ToString();
}
