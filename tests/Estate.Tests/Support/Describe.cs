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

    public static IReadOnlyList<string> Model(EstateModel e)
    {
        var lines = new List<string>
        {
            $"project {e.Project} stack {e.Stack} prefix {e.NamingPrefix}",
            $"deployment {e.Deployment}",
            $"subscription {e.Subscription}",
            $"regions {e.Regions.Primary.Location} {e.Regions.Primary.Supernet} / {e.Regions.Dr.Location} {e.Regions.Dr.Supernet}",
            $"network {e.Network}",
        };
        lines.AddRange(e.Sites.Select(Site));
        lines.AddRange(e.Spokes.Select(s =>
            $"spoke {s.Id} {s.Name} /{s.PrefixLength} at {s.ConfigPath}: " +
            string.Join(", ", s.Subnets.Select(n => $"{n.Name} /{n.PrefixLength} {n.Purpose}"))));
        lines.AddRange(e.Identity.Groups.Select(g => $"group {g.Key} {g.Value}"));
        lines.AddRange(e.Identity.DocumentAccess.Select(a =>
            $"access {a.Key} readers [{string.Join(", ", a.Value.Readers)}] writers [{string.Join(", ", a.Value.Writers)}]"));
        lines.AddRange(e.DocumentStores.Select(Store));
        lines.AddRange(e.ContinuityTiers.Select(t =>
            $"tier {t.Tier} {t.Name} rto {t.RtoMinutes} rpo {t.RpoMinutes} mtpd {t.MtpdMinutes} [{string.Join(", ", t.Services)}]"));
        lines.AddRange(e.Tags.Select(t => $"tag {t.Key}={t.Value}"));
        return lines;
    }

    public static string Site(Site s) =>
        $"site {s.Kind} {s.Id} {s.Key} '{s.Name}' {s.City}, {s.Country} [{string.Join(", ", s.OnPremPrefixes)}] " +
        $"peer {s.VpnPeerAddress} bgp {(s.Bgp is null ? "-" : $"{s.Bgp.Asn.ToString(CultureInfo.InvariantCulture)}@{s.Bgp.PeeringAddress}")} at {s.ConfigPath}";

    public static string Store(DocumentStore s) =>
        $"store {s.Classification} soft-delete {s.SoftDeleteDays} cool {s.CoolAfterDays} at {s.ConfigPath}: " +
        string.Join(", ", s.Containers.Select(c => $"{c.Name} worm {c.RecordsRetentionDays?.ToString(CultureInfo.InvariantCulture) ?? "-"}"));
}
