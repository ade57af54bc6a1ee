namespace Oic.Infra.Estate.Azure;

/// <summary>
/// What the estate needs to know about an Azure region: its ARM name, a short code for resource
/// names, whether it has availability zones, its platform pair and whether access must be requested.
/// This is the one table of region facts: the estate validates config against it, the stacks choose
/// SKUs and zones from it, the sandbox refuses zonal resources where it says there are no zones, and
/// the DR policies judge pairing and access from it.
/// </summary>
/// <param name="Pair">The platform pair (geo-redundant storage secondary, cross-region restore target); null for a nonpaired region.</param>
/// <param name="AccessRestricted">Deployments need access and quota granted through a support request first.</param>
/// <param name="Note">What is not settled about the region (announced but not generally available, unverified facts).</param>
public sealed record AzureRegion(string Location, string Code, string DisplayName, bool HasZones, string? Pair, bool AccessRestricted, string? Note = null)
{
    /// <summary>Pairs, nonpaired regions and access restrictions: Azure region pairs and nonpaired regions (2025-01-13).</summary>
    public const string PairsSource = "https://learn.microsoft.com/azure/reliability/regions-paired";

    /// <summary>ARM names and availability zones: Azure regions list (2025-04-15, \"Programmatic name\" column).</summary>
    public const string ListSource = "https://learn.microsoft.com/azure/reliability/regions-list";

    /// <summary>Saudi Arabia East: Microsoft's announcement of customer workloads from Q4 2026, three availability zones.</summary>
    public const string SaudiArabiaEastSource = "https://w.media/microsofts-saudi-arabia-datacenter-region-to-become-available-for-cloud-workloads-from-q4-2026";

    private static readonly AzureRegion[] Known =
    [
        new("uaenorth", "uan", "UAE North (Dubai)", true, "uaecentral", false),
        new("uaecentral", "uac", "UAE Central (Abu Dhabi)", false, "uaenorth", true),
        new("saudiarabiaeast", "sae", "Saudi Arabia East (Eastern Province)", true, null, false,
            "announced for customer workloads from Q4 2026 with three availability zones; not in the regions list of 2025-04-15, so " +
            "the ARM name saudiarabiaeast and the absence of a pair are unverified"),
        new("qatarcentral", "qac", "Qatar Central (Doha)", true, null, false),
        new("israelcentral", "ilc", "Israel Central", true, null, false),
        new("westeurope", "weu", "West Europe (Netherlands)", true, "northeurope", false),
        new("northeurope", "neu", "North Europe (Ireland)", true, "westeurope", false),
        new("switzerlandnorth", "szn", "Switzerland North (Zurich)", true, "switzerlandwest", false),
        new("switzerlandwest", "szw", "Switzerland West (Geneva)", false, "switzerlandnorth", true),
        new("germanywestcentral", "gwc", "Germany West Central (Frankfurt)", true, "germanynorth", false),
        new("germanynorth", "gno", "Germany North (Berlin)", false, "germanywestcentral", true),
        new("francecentral", "frc", "France Central (Paris)", true, "francesouth", false),
        new("francesouth", "frs", "France South (Marseille)", false, "francecentral", true),
        new("swedencentral", "sdc", "Sweden Central (Gävle)", true, "swedensouth", false),
        new("swedensouth", "sds", "Sweden South (Malmö)", false, "swedencentral", true),
        new("italynorth", "itn", "Italy North (Milan)", true, null, false),
        new("polandcentral", "plc", "Poland Central (Warsaw)", true, null, false),
        new("spaincentral", "spc", "Spain Central (Madrid)", true, null, false),
        new("austriaeast", "ate", "Austria East (Vienna)", true, null, false),
        new("indonesiacentral", "idc", "Indonesia Central (Jakarta)", true, null, false),
        new("malaysiawest", "myw", "Malaysia West (Kuala Lumpur)", true, null, false),
        new("mexicocentral", "mxc", "Mexico Central (Querétaro)", true, null, false),
        new("newzealandnorth", "nzn", "New Zealand North (Auckland)", true, null, false),
    ];

    public static IReadOnlyList<AzureRegion> All => Known;

    /// <summary>The region of an ARM location (<c>uaecentral</c>) or display name (<c>UAE Central</c>); null when not in the table.</summary>
    public static AzureRegion? Find(string location)
    {
        var arm = Normalize(location);
        return Known.FirstOrDefault(r => r.Location.Equals(arm, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>ARM's spelling of a location: display names lose their spaces (<c>UAE Central</c> is <c>uaecentral</c>).</summary>
    public static string Normalize(string? location) =>
        string.Concat((location ?? "").Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();

    public bool IsPairedWith(AzureRegion other) => Pair == other?.Location;
}
