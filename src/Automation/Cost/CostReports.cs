using System.Globalization;
using System.Text;
using System.Text.Json;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Cost;

/// <summary>
/// <c>./infra cost</c> output: one estimate per phase the stack can be in (a DR stack: its pilot light as deployed
/// in peacetime, then everything after <c>dr rebuild</c>), in text, JSON or Markdown. Same input, same bytes.
/// </summary>
public static class CostReports
{
    private const string Basis =
        "monthly list prices in USD (730 hours), pay-as-you-go, from the Azure Retail Prices API figures in infracost's test fixtures (US regions), read " +
        AzurePrices.ReadOn + "; prices in the estate's regions are not confirmed; usage-based charges (GB, operations) are not estimated";

    public static string Text(IReadOnlyList<CostEstimate> estimates)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        var sb = new StringBuilder();
        sb.Append(Inv($"Cost estimate of stack {estimates[0].Stack}: {Basis}\n"));
        foreach (var e in estimates)
        {
            sb.Append(Inv($"\n{e.Phase}: USD {M(e.MonthlyUsd)} a month in fixed charges{Tail(e)}\n"));
            foreach (var l in e.Lines.Where(l => l.Price?.Kind != PriceKind.Free))
                sb.Append(Inv($"  {Kind(l),-9} {l.Count,4} x {Short(l.Type)}{(l.Sku is null ? "" : $" ({l.Sku})")}: {Amount(l)}\n"));
            var free = e.Lines.Where(l => l.Price?.Kind == PriceKind.Free).Sum(l => l.Count);
            sb.Append(Inv($"  free      {free,4} resource(s) of {e.Lines.Count(l => l.Price?.Kind == PriceKind.Free)} type(s)\n"));
        }
        if (estimates.Count == 2)
            sb.Append(Inv($"\nthe rebuild adds USD {M(estimates[1].MonthlyUsd - estimates[0].MonthlyUsd)} a month: the pilot light costs {M(estimates[0].MonthlyUsd)}, the rebuilt estate {M(estimates[1].MonthlyUsd)}\n"));
        sb.Append("\nsources:\n");
        foreach (var p in Used(estimates))
            sb.Append(Inv($"  {Short(p.Token)}{(p.Sku is null ? "" : $" ({p.Sku})")}: {p.Source}{(p.Note is null ? "" : $"; note: {p.Note}")}\n"));
        return sb.ToString();
    }

    public static string Markdown(IReadOnlyList<CostEstimate> estimates)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        var sb = new StringBuilder();
        sb.Append(Inv($"# Cost estimate: {estimates[0].Stack}\n\n{Basis}.\n"));
        foreach (var e in estimates)
        {
            sb.Append(Inv($"\n## {e.Phase}: USD {M(e.MonthlyUsd)} a month{Tail(e)}\n\n"));
            sb.Append("| type | SKU | count | billing | USD a month | source |\n|---|---|---:|---|---:|---|\n");
            foreach (var l in e.Lines)
                sb.Append(Inv($"| `{l.Type}` | {l.Sku ?? ""} | {l.Count} | {Kind(l)} | {(l.Price?.Kind == PriceKind.Fixed ? M(l.MonthlyUsd) : "")} | {(l.Price is { } p ? $"[{p.ReadOn}]({p.Source.Url})" : "no price row")} |\n"));
        }
        if (estimates.Count == 2)
            sb.Append(Inv($"\nThe rebuild adds USD {M(estimates[1].MonthlyUsd - estimates[0].MonthlyUsd)} a month.\n"));
        return sb.ToString();
    }

    public static string Json(IReadOnlyList<CostEstimate> estimates)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("stack", estimates[0].Stack);
            w.WriteString("currency", "USD");
            w.WriteString("pricesReadOn", AzurePrices.ReadOn);
            w.WriteString("basis", Basis);
            w.WriteStartArray("estimates");
            foreach (var e in estimates)
            {
                w.WriteStartObject();
                w.WriteString("phase", e.Phase);
                w.WriteNumber("monthlyUsd", e.MonthlyUsd);
                w.WriteNumber("unpricedResources", e.Unpriced.Sum(l => l.Count));
                w.WriteNumber("usageOnlyResources", e.UsageOnly.Sum(l => l.Count));
                w.WriteStartArray("lines");
                foreach (var l in e.Lines)
                {
                    w.WriteStartObject();
                    w.WriteString("type", l.Type);
                    if (l.Sku is null) w.WriteNull("sku"); else w.WriteString("sku", l.Sku);
                    w.WriteNumber("count", l.Count);
                    w.WriteString("billing", Kind(l));
                    if (l.Price is { Kind: PriceKind.Fixed } p)
                    {
                        w.WriteNumber("unitMonthlyUsd", p.MonthlyUsd);
                        w.WriteNumber("monthlyUsd", l.MonthlyUsd);
                    }
                    if (l.Price is { } price)
                    {
                        w.WriteString("meter", price.Meter);
                        w.WriteString("source", price.Source.Url);
                        w.WriteString("readOn", price.ReadOn);
                        w.WriteBoolean("confirmed", price.Confirmed);
                        if (price.Note is not null) w.WriteString("note", price.Note);
                    }
                    w.WriteStartArray("resources");
                    foreach (var r in l.Resources) w.WriteStringValue(r);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (estimates.Count == 2) w.WriteNumber("rebuildAddsMonthlyUsd", estimates[1].MonthlyUsd - estimates[0].MonthlyUsd);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static IEnumerable<AzurePrice> Used(IReadOnlyList<CostEstimate> estimates) =>
        estimates.SelectMany(e => e.Lines).Select(l => l.Price).OfType<AzurePrice>()
            .Where(p => p.Kind == PriceKind.Fixed).Distinct()
            .OrderBy(p => p.Token, StringComparer.Ordinal).ThenBy(p => p.Sku, StringComparer.Ordinal);

    private static string Tail(CostEstimate e)
    {
        var unpriced = e.Unpriced.Sum(l => l.Count);
        var usage = e.UsageOnly.Sum(l => l.Count);
        return Inv($", plus usage-based charges of {usage} resource(s)") +
               (unpriced == 0 ? "" : Inv($", plus {unpriced} UNPRICED resource(s): {string.Join(", ", e.Unpriced.Select(l => $"{Short(l.Type)}{(l.Sku is null ? "" : $" ({l.Sku})")}"))}"));
    }

    private static string Kind(CostLine l) => l.Price?.Kind switch
    {
        PriceKind.Fixed => "fixed",
        PriceKind.Free => "free",
        PriceKind.UsageOnly => "usage",
        _ => "unpriced",
    };

    private static string Amount(CostLine l) => l.Price switch
    {
        null => "no price in the table (not counted)",
        { Kind: PriceKind.Fixed } p => Inv($"USD {M(l.MonthlyUsd)} ({M(p.MonthlyUsd)} each; {p.Meter})"),
        { } p => $"usage only ({p.Meter})",
    };

    private static string Short(string token) => token.StartsWith("azure-native:", StringComparison.Ordinal) ? token["azure-native:".Length..] : token;

    internal static string M(decimal usd) => usd.ToString("#,##0.00", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
