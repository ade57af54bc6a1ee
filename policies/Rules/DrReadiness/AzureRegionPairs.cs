namespace Oic.Infra.Policies.Rules.DrReadiness;

/// <summary>
/// The region facts the DR rules need: each region's platform pair (null when it has none) and
/// whether access must be requested through a support request. Policies judge state alone, so these
/// few facts are repeated here rather than taken from the estate's region table. Source: shared
/// reference azure-dr.md §1 (Azure regions-paired.md dated 2025-01-13 and regions-list.md dated
/// 2025-04-15), which also lists the nonpaired regions below; France and Sweden as in the estate's table.
/// </summary>
internal static class AzureRegionPairs
{
    internal sealed record RegionFacts(string Location, string? Pair, bool AccessRestricted);

    private static readonly Dictionary<string, RegionFacts> Known = new RegionFacts[]
    {
        new("uaenorth", "uaecentral", false),
        new("uaecentral", "uaenorth", true),
        new("westeurope", "northeurope", false),
        new("northeurope", "westeurope", false),
        new("switzerlandnorth", "switzerlandwest", false),
        new("switzerlandwest", "switzerlandnorth", true),
        new("germanywestcentral", "germanynorth", false),
        new("germanynorth", "germanywestcentral", true),
        new("francecentral", "francesouth", false),
        new("francesouth", "francecentral", true),
        new("swedencentral", "swedensouth", false),
        new("swedensouth", "swedencentral", true),
        // Nonpaired: no geo-redundant storage secondary, no cross-region restore.
        new("qatarcentral", null, false),
        new("israelcentral", null, false),
        new("austriaeast", null, false),
        new("indonesiacentral", null, false),
        new("italynorth", null, false),
        new("malaysiawest", null, false),
        new("mexicocentral", null, false),
        new("newzealandnorth", null, false),
        new("polandcentral", null, false),
        new("spaincentral", null, false),
    }.ToDictionary(r => r.Location, StringComparer.OrdinalIgnoreCase);

    /// <summary>The facts for an ARM location (<c>uaecentral</c>) or display name (<c>UAE Central</c>); null when not known here.</summary>
    public static RegionFacts? Find(string location) =>
        Known.GetValueOrDefault(Normalize(location));

    /// <summary>ARM's spelling of a location: display names lose their spaces (<c>UAE Central</c> is <c>uaecentral</c>).</summary>
    public static string Normalize(string location) =>
        string.Concat((location ?? "").Where(c => !char.IsWhiteSpace(c)));
}
