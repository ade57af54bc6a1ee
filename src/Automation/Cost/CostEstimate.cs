using Oic.Infra.Resources;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Cost;

/// <summary>The resources of one type at one SKU in a program, and what they cost a month by the price table.</summary>
/// <param name="Price">The row that priced them; null: unpriced (no row for the type or the SKU).</param>
public sealed record CostLine(string Type, string? Sku, int Count, AzurePrice? Price, IReadOnlyList<string> Resources)
{
    public bool Unpriced => Price is null;

    /// <summary>The fixed monthly charge of the line (zero for free, usage-only and unpriced lines: see <see cref="Unpriced"/>).</summary>
    public decimal MonthlyUsd => Price is { Kind: PriceKind.Fixed } p ? p.MonthlyUsd * Count : 0m;
}

/// <summary>A program's monthly cost by the price table: fixed charges summed, usage-only and unpriced lines listed apart.</summary>
public sealed record CostEstimate(string Stack, string Phase, IReadOnlyList<CostLine> Lines)
{
    public decimal MonthlyUsd => Lines.Sum(l => l.MonthlyUsd);

    public IEnumerable<CostLine> Unpriced => Lines.Where(l => l.Unpriced);

    public IEnumerable<CostLine> UsageOnly => Lines.Where(l => l.Price?.Kind == PriceKind.UsageOnly);

    /// <summary>Estimates a program: one line per type and SKU, ordered by type then SKU.</summary>
    public static CostEstimate Of(ResourceGraph program, string phase)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(phase);
        var lines = program.Resources
            .Where(r => r is not ProviderResource && !r.Type.StartsWith("pulumi:", StringComparison.Ordinal))
            .GroupBy(r => (r.Type, Sku: SkuOf(r)))
            .OrderBy(g => g.Key.Type, StringComparer.Ordinal).ThenBy(g => g.Key.Sku, StringComparer.Ordinal)
            .Select(g =>
            {
                var price = AzurePrices.Find(g.Key.Type, g.Key.Sku);
                // A type priced per SKU with no row for this SKU is unpriced, not the SKU-less fallback.
                if (price is { Sku: null } && AzurePrices.PricedBySku(g.Key.Type) && g.Key.Sku is not null && price.Kind == PriceKind.Fixed) price = null;
                return new CostLine(g.Key.Type, g.Key.Sku, g.Count(), price,
                    g.Select(r => r.LogicalName).Order(StringComparer.Ordinal).ToList());
            })
            .ToList();
        return new CostEstimate(program.Stack, phase, lines);
    }

    /// <summary>The SKU the price depends on: Azure Firewall's <c>sku.tier</c>, otherwise <c>sku.name</c>.</summary>
    internal static string? SkuOf(Resource resource)
    {
        if (resource.Inputs["sku"] is not PropertyValue.Map sku) return null;
        var key = resource.Type == "azure-native:network:AzureFirewall" ? "tier" : "name";
        return sku[key] is PropertyValue.Str s ? s.Value : null;
    }
}
