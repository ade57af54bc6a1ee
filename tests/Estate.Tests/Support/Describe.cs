using System.Globalization;
using Oic.Infra.Estate.Addressing;
using Oic.Infra.Estate.Model;

namespace Oic.Infra.Estate.Tests.Support;

/// <summary>
/// Canonical text of the model and the plan. Their records hold lists, which records compare by
/// reference, so tests compare these lines instead.
/// </summary>
internal static class Describe
{
    public static IReadOnlyList<string> Plan(AddressPlan plan) => [.. Region(plan.Primary), .. Region(plan.Dr)];

    public static IReadOnlyList<string> Region(RegionAddressPlan region)
    {
        var lines = new List<string> { $"region {region.Region.Role} {region.Region.Location} {region.Region.Supernet}" };
        foreach (var vnet in region.Vnets)
        {
            lines.Add($"  vnet {vnet.Name} {vnet.AddressSpace}");
            lines.AddRange(vnet.Subnets.Select(s => $"    subnet {vnet.Name}/{s.Name} {s.Prefix} {s.Purpose}"));
        }
        return lines;
    }

    /// <summary>Every allocation of a plan, keyed by VNet name or <c>vnet/subnet</c>, to its prefix.</summary>
    public static IReadOnlyDictionary<string, string> Allocations(AddressPlan plan)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var vnet in plan.Primary.Vnets.Concat(plan.Dr.Vnets))
        {
            all.Add(vnet.Name, vnet.AddressSpace.ToString());
            foreach (var s in vnet.Subnets) all.Add($"{vnet.Name}/{s.Name}", s.Prefix.ToString());
        }
        return all;
    }
}
