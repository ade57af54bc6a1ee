namespace Oic.Infra.Estate.Azure;

/// <summary>
/// What the estate needs to know about an Azure region: its ARM name, a short code for resource
/// names, whether it has availability zones, its platform pair and whether access must be requested.
/// Facts from the Azure region-pairs and regions-list pages (see shared reference azure-dr.md §1).
/// </summary>
public sealed record AzureRegion(string Location, string Code, string DisplayName, bool HasZones, string? Pair, bool AccessRestricted)
{
    private static readonly AzureRegion[] Known =
    [
        new("uaenorth", "uan", "UAE North (Dubai)", true, "uaecentral", false),
        new("uaecentral", "uac", "UAE Central (Abu Dhabi)", false, "uaenorth", true),
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
        new("italynorth", "itn", "Italy North (Milan)", true, null, false),
        new("polandcentral", "plc", "Poland Central (Warsaw)", true, null, false),
        new("spaincentral", "spc", "Spain Central (Madrid)", true, null, false),
    ];

    public static IReadOnlyList<AzureRegion> All => Known;

    public static AzureRegion? Find(string location) =>
        Known.FirstOrDefault(r => r.Location == location);

    public bool IsPairedWith(AzureRegion other) => Pair == other?.Location;
}
