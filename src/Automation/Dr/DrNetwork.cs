using Oic.Infra.Automation.Engines;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Dr;

/// <summary>
/// Checks that the DR stack's network survives the loss of the source region (ADR 0013): its virtual
/// networks are protected by a DDoS plan that is not in the lost region, and it declares no peering to a
/// network there (the hub-to-hub peering belongs to the primary stack, whose DR half is left Disconnected).
/// A DR program that refers to either would fail to deploy with the region gone, so no plan is produced.
/// </summary>
internal static class DrNetwork
{
    private const string VnetType = "azure-native:network:VirtualNetwork";
    private const string PlanType = "azure-native:network:DdosProtectionPlan";
    private const string PeeringType = "azure-native:network:VirtualNetworkPeering";

    public static List<DrConstraintCheck> Check(ResourceGraph target, EstateModel estate, string sourceRegion)
    {
        var lost = LostGroups(estate, sourceRegion);
        var refusals = new List<string>();
        var ddos = new List<string>();
        foreach (var vnet in target.Resources.Where(r => r.Type == VnetType))
        {
            switch (vnet.Inputs["ddosProtectionPlan"] is PropertyValue.Map m ? m["id"] : null)
            {
                case PropertyValue.Ref { Target.Resource: { Type: PlanType } plan }:
                    ddos.Add($"{vnet.LogicalName} is protected by {plan.LogicalName}, declared by {target.Stack} in {Location(plan) ?? estate.Regions.Dr.Location}");
                    break;
                case PropertyValue.Str { Value: var id } when InGroups(id, lost) is { } group:
                    refusals.Add($"{vnet.LogicalName} names the DDoS protection plan {id}, in {group} of the lost region {sourceRegion} [{AzureConstraints.DdosPlanProtectsAnyRegion.Id}]");
                    break;
                case PropertyValue.Str { Value: var id }:
                    ddos.Add($"{vnet.LogicalName} is protected by {id}, outside {sourceRegion}");
                    break;
            }
        }
        foreach (var p in target.Resources.Where(r => r.Type == PeeringType))
        {
            var remote = p.Inputs["remoteVirtualNetwork"] is PropertyValue.Map m && m["id"] is PropertyValue.Str s ? s.Value : null;
            if (remote is not null && InGroups(remote, lost) is { } group)
                refusals.Add($"{p.LogicalName} peers with {remote}, in {group} of the lost region {sourceRegion} [{AzureConstraints.PeeringNeedsBothNetworks.Id}]");
        }
        if (refusals.Count > 0)
            throw new EngineInputException(
                $"no DR plan: the DR program {target.Stack} refers to network resources of the region it must survive:\n  " + string.Join("\n  ", refusals) +
                "\n  (one DDoS plan in the DR region and the hub peering owned by the primary stack; see docs/adr/0013)");

        var checks = new List<DrConstraintCheck>();
        if (ddos.Count > 0)
            checks.Add(Respected(AzureConstraints.DdosPlanProtectsAnyRegion, string.Join("; ", ddos)));
        checks.Add(Respected(AzureConstraints.PeeringNeedsBothNetworks,
            $"{target.Stack} declares no peering into {sourceRegion}; the hub-to-hub peering belongs to the primary stack, and its DR half is left Disconnected while {sourceRegion} is lost"));
        return checks;
    }

    private static DrConstraintCheck Respected(AzureConstraint c, string how) => new(c.Id, c.Rule, c.Source.ToString(), how);

    /// <summary>The resource groups the estate keeps in the source region: what the rebuild cannot reach.</summary>
    private static HashSet<string> LostGroups(EstateModel estate, string sourceRegion)
    {
        var region = new[] { estate.Regions.Primary, estate.Regions.Dr }.FirstOrDefault(r => r.Location.Equals(sourceRegion, StringComparison.OrdinalIgnoreCase));
        if (region is null) return [];
        return new HashSet<string>(new EstateNames(estate, region).ResourceGroups(), StringComparer.OrdinalIgnoreCase);
    }

    private static string? InGroups(string id, HashSet<string> groups)
    {
        const string marker = "/resourceGroups/";
        var at = id.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var rest = id[(at + marker.Length)..];
        var group = rest.Contains('/', StringComparison.Ordinal) ? rest[..rest.IndexOf('/', StringComparison.Ordinal)] : rest;
        return groups.Contains(group) ? group : null;
    }

    private static string? Location(Resource r) => r.Inputs["location"] is PropertyValue.Str s ? s.Value : null;
}
