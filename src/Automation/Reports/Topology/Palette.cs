namespace Oic.Infra.Automation.Reports.Topology;

/// <summary>
/// The colours every picture of the estate uses, so the SVG, Mermaid, DOT and HTML reports read alike: a
/// node's fill and border say its data classification, its badge says its continuity (DR) tier.
/// </summary>
public static class Palette
{
    /// <summary>Fill and stroke for a data classification (tag <c>data-classification</c>).</summary>
    public static (string Fill, string Stroke) Classification(string classification) => classification switch
    {
        "public" => ("#e8f5e9", "#2e7d32"),
        "internal" => ("#e3f2fd", "#1565c0"),
        "confidential" => ("#fff3e0", "#e65100"),
        "strictly-confidential" => ("#ffebee", "#b71c1c"),
        _ => ("#f5f5f5", "#757575"),
    };

    /// <summary>Badge colour for a continuity tier (tag <c>continuity-tier</c>): tier 0 recovers first.</summary>
    public static string Tier(string tier) => tier switch
    {
        "0" => "#6a1b9a",
        "1" => "#00838f",
        "2" => "#827717",
        "3" => "#5d4037",
        _ => "#607d8b",
    };

    /// <summary>Fill for an on-premises site by kind.</summary>
    public static string Site(string kind) => kind switch
    {
        "headquarters" => "#fff8e1",
        "partner" => "#f3e5f5",
        _ => "#eceff1",
    };

    public static readonly IReadOnlyList<string> Classifications = ["public", "internal", "confidential", "strictly-confidential"];

    public const string Active = "#2e7d32";
    public const string Standby = "#757575";
    public const string RegionLink = "#6a1b9a";
}
