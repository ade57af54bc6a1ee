using System.Globalization;
using Oic.Infra.Estate.Azure;
using Oic.Infra.Policies.Engine;

namespace Oic.Infra.Policies.Rules.Network;

/// <summary>
/// Zone redundancy of a zonal resource (public IP, Azure Firewall): judged only in a region that has
/// availability zones (<see cref="AzureRegion.HasZones"/>). An unset <c>zones</c> means no zone: since
/// Network API 2020-08-01 a Standard public IP created without zones is non-zonal (earlier API versions
/// made it zone-redundant) — Learn, <i>Quickstart: Create a public IP address using a Resource Manager
/// template</i> (<see href="https://learn.microsoft.com/azure/virtual-network/ip-services/create-public-ip-template"/>),
/// and the Azure update "Upcoming changes to Standard Public IPs and Standard Load Balancers" (2020-08-31).
/// Azure Firewall spans zones only when they are given at deployment (Learn, <i>Azure Firewall features —
/// Availability Zones</i>, <see href="https://learn.microsoft.com/azure/firewall/features#availability-zones"/>;
/// paraphrased, the exact wording not re-read for this rule). So an unset list fails, as the default does
/// not satisfy the rule (ADR 0011). PSRule for Azure reads the same property.
/// </summary>
public static class Zones
{
    public static Outcome Redundant(PolicyResource resource, int minimum, string why)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var location = resource.Get("location");
        if (location.IsUnknown) return Check.Unknown("location");
        if (location.Text is not { Length: > 0 } text) return Outcome.Unknown("location is not set; the resource group's region decides whether zones apply");
        if (AzureRegion.Find(text) is not { } region)
            return Outcome.Unknown($"location '{text}' is not in the region table (src/Estate/Azure/AzureRegion.cs); whether it has zones is not known");
        if (!region.HasZones) return Outcome.NotApplicable;
        var zones = resource.Get("zones");
        if (zones.AnyUnknown) return Check.Unknown("zones");
        var distinct = zones.Texts.Select(z => z.Trim()).Where(z => z is "1" or "2" or "3").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (distinct.Count >= minimum) return Outcome.Pass;
        var have = zones.IsMissing ? "not set (no zone)" : $"[{string.Join(", ", zones.Texts)}]";
        return Outcome.Fail($"zones is {have}; {region.Location} has availability zones, so it must list at least {minimum.ToString(CultureInfo.InvariantCulture)} of 1, 2, 3 — {why}");
    }
}
