using System.Net;
using Oic.Infra.Estate.Model;

namespace Oic.Infra.Estate.Addressing;

/// <summary>
/// Carves every region's supernet the same way, so that the DR region mirrors the primary:
/// <list type="bullet">
/// <item>the first /20 block holds the hub (/23 at offset 0) and the partner-exchange spoke (/22 at x.x.4.0),
///   where partner site number <c>n</c> owns the /27 at index <c>n-1</c>; partners 33–96 extend the exchange
///   into the /21 at x.x.8.0 (partner <c>n</c> owns its /27 at index <c>n-33</c>), a second address prefix of the
///   same VNet added only when a partner needs it;</item>
/// <item>workload spoke number <c>n</c> owns /20 block <c>n</c> and starts at its first address.</item>
/// </list>
/// Every allocation is a function of a stable number (site or spoke id) and never of list
/// position, so adding a site or a spoke never renumbers an existing subnet. Inside a spoke,
/// subnets are carved in the order written; new subnets go at the end.
/// </summary>
public static class AddressPlanner
{
    public const int HubPrefixLength = 23;
    public const int PartnersPrefixLength = 22;
    public const int PartnerSubnetPrefixLength = 27;
    public const int BlockPrefixLength = 20;
    public const int PartnersExtensionPrefixLength = 21;

    /// <summary>Partners 1–32 fit the exchange /22; 33–96 its /21 extension.</summary>
    public const int PartnersInBase = 1 << (PartnerSubnetPrefixLength - PartnersPrefixLength);

    public const int MaxPartners = PartnersInBase + (1 << (PartnerSubnetPrefixLength - PartnersExtensionPrefixLength));

    /// <summary>Hub subnets: Azure's reserved names at the sizes Azure requires or recommends.</summary>
    public static readonly IReadOnlyList<(string Name, int Offset, int PrefixLength)> HubLayout =
    [
        ("GatewaySubnet", 0, 27),                   // ≥ /27 recommended for VPN gateways
        ("AzureFirewallSubnet", 64, 26),            // Azure Firewall needs exactly /26
        ("AzureFirewallManagementSubnet", 128, 26), // forced tunnelling / management NIC
        ("AzureBastionSubnet", 192, 26),            // ≥ /26 required
        ("snet-dns-inbound", 256, 28),              // DNS Private Resolver: /28–/24, one endpoint each
        ("snet-dns-outbound", 272, 28),
    ];

    /// <summary>
    /// The partner front's outbound virtual-network integration (docs/adr/0021): the /25 at x.x.1.128, the last
    /// /25 of the hub /23 and the only one <see cref="HubLayout"/> leaves free (x.x.0.0/25 and x.x.0.128/25 hold
    /// the gateway, firewall and firewall-management subnets, x.x.1.0/25 the DNS resolver's). Learn, <i>Integrate
    /// an Azure API Management instance with a private virtual network for outbound connections</i>
    /// (<see href="https://learn.microsoft.com/azure/api-management/integrate-vnet-outbound"/>): the subnet is
    /// dedicated to one API Management instance, at least /27, /24 recommended for scaling; a /25 is what the hub
    /// has room for. Carved only when a partner has <c>kind: front</c>, at a fixed offset, so it never moves.
    /// </summary>
    public static readonly (string Name, int Offset, int PrefixLength) ApimOutbound = ("snet-apim-outbound", 384, 25);

    /// <summary>How many /20 blocks a supernet has; spoke ids run from 1 to this minus one.</summary>
    public static int BlockCount(IPNetwork2 supernet)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        return 1 << (BlockPrefixLength - supernet.Cidr);
    }

    public static (AddressPlan? Plan, IReadOnlyList<AddressConflict> Problems) Plan(EstateModel estate)
    {
        ArgumentNullException.ThrowIfNull(estate);
        var problems = new List<AddressConflict>();
        var primary = PlanRegion(estate, estate.Regions.Primary, problems);
        var dr = PlanRegion(estate, estate.Regions.Dr, problems);
        if (problems.Count > 0) return (null, problems);
        var plan = new AddressPlan(primary, dr);
        problems.AddRange(FindOverlaps(estate, plan));
        return (problems.Count == 0 ? plan : null, problems);
    }

    private static RegionAddressPlan PlanRegion(EstateModel estate, Region region, List<AddressConflict> problems)
    {
        var supernet = region.Supernet;
        var code = region.Code;
        var hubRange = Carve(supernet, 0, HubPrefixLength);
        IReadOnlyList<(string Name, int Offset, int PrefixLength)> hubLayout = estate.FrontPartners.Count > 0 ? [.. HubLayout, ApimOutbound] : HubLayout;
        var hub = new VnetAllocation($"hub-{code}", hubRange,
            hubLayout.Select(s => new SubnetAllocation(s.Name, Carve(supernet, (uint)s.Offset, s.PrefixLength), SubnetPurpose.Workload)).ToList());

        var partnersRange = Carve(supernet, 4 * 256, PartnersPrefixLength);
        var extensionRange = Carve(supernet, 8 * 256, PartnersExtensionPrefixLength);
        var partnerSubnets = new List<SubnetAllocation>();
        foreach (var partner in estate.Partners)
        {
            if (partner.Id < 1 || partner.Id > MaxPartners)
            {
                problems.Add(new AddressConflict($"{partner.ConfigPath}.id",
                    $"{partner.Id} is out of range: ipsec partner links are numbered 1–{MaxPartners} (one /{PartnerSubnetPrefixLength} each in {partnersRange} and {extensionRange}); link more partners with 'kind: front', which takes no address"));
                continue;
            }
            var size = 1 << (32 - PartnerSubnetPrefixLength);
            var offset = partner.Id <= PartnersInBase
                ? (uint)(4 * 256 + (partner.Id - 1) * size)
                : (uint)(8 * 256 + (partner.Id - PartnersInBase - 1) * size);
            partnerSubnets.Add(new SubnetAllocation($"snet-partner-{partner.Key}",
                Carve(supernet, offset, PartnerSubnetPrefixLength), SubnetPurpose.Workload));
        }
        var partners = new VnetAllocation($"partners-{code}", partnersRange, partnerSubnets)
        {
            Extensions = estate.Partners.Any(p => p.Id > PartnersInBase && p.Id <= MaxPartners) ? [extensionRange] : [],
        };

        var spokes = new List<(Spoke, VnetAllocation)>();
        var blocks = BlockCount(supernet);
        foreach (var spoke in estate.Spokes)
        {
            if (spoke.Id < 1 || spoke.Id >= blocks)
            {
                problems.Add(new AddressConflict($"{spoke.ConfigPath}.id",
                    $"{spoke.Id} is out of range: the {region.Role} supernet {supernet} has room for spokes 1–{blocks - 1} (one /{BlockPrefixLength} block each)"));
                continue;
            }
            var blockStart = (uint)spoke.Id << (32 - BlockPrefixLength);
            var range = Carve(supernet, blockStart, spoke.PrefixLength);
            var subnets = new List<SubnetAllocation>();
            uint cursor = 0;
            var rangeSize = 1u << (32 - spoke.PrefixLength);
            for (var i = 0; i < spoke.Subnets.Count; i++)
            {
                var s = spoke.Subnets[i];
                var size = 1u << (32 - s.PrefixLength);
                cursor = (cursor + size - 1) / size * size; // align to the subnet's own size
                if (s.PrefixLength < spoke.PrefixLength || cursor + size > rangeSize)
                {
                    problems.Add(new AddressConflict($"{spoke.ConfigPath}.subnets[{i}]",
                        i == 0 || s.PrefixLength < spoke.PrefixLength
                            ? $"/{s.PrefixLength} is larger than spoke '{spoke.Name}' ({range})"
                            : $"/{s.PrefixLength} does not fit in spoke '{spoke.Name}' ({range}) after the subnets before it"));
                    break;
                }
                subnets.Add(new SubnetAllocation($"snet-{s.Name}", Carve(supernet, blockStart + cursor, s.PrefixLength), s.Purpose));
                cursor += size;
            }
            spokes.Add((spoke, new VnetAllocation($"{spoke.Name}-{code}", range, subnets)));
        }
        return new RegionAddressPlan(region, hub, partners, spokes);
    }

    /// <summary>
    /// Proves the estate's address ranges are disjoint where they must be: the two region supernets
    /// and every on-premises prefix of every site; every VNet within its supernet; every subnet within its VNet.
    /// </summary>
    public static IReadOnlyList<AddressConflict> FindOverlaps(EstateModel estate, AddressPlan plan)
    {
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(plan);
        var problems = new List<AddressConflict>();
        var top = new List<Range>
        {
            new(estate.Regions.Primary.Supernet, "regions.primary.supernet", $"{estate.Regions.Primary.Supernet}", $"the primary region supernet {estate.Regions.Primary.Supernet}"),
            new(estate.Regions.Dr.Supernet, "regions.dr.supernet", $"{estate.Regions.Dr.Supernet}", $"the DR region supernet {estate.Regions.Dr.Supernet}"),
        };
        foreach (var site in estate.Sites)
            for (var i = 0; i < site.OnPremPrefixes.Count; i++)
            {
                var path = $"{site.ConfigPath}.onPremPrefixes[{i}]";
                var self = $"{site.OnPremPrefixes[i]} ({site.Name})";
                top.Add(new(site.OnPremPrefixes[i], path, self, $"{path} {self}"));
            }
        Sweep(top, problems);

        foreach (var region in new[] { plan.Primary, plan.Dr })
        {
            var vnets = region.Vnets.ToList();
            var spaces = vnets.SelectMany(v => v.AddressSpaces.Select(space => (v.Name, Space: space))).ToList();
            foreach (var v in spaces.Where(v => !region.Region.Supernet.Contains(v.Space)))
                problems.Add(new AddressConflict($"regions.{region.Region.Role}.supernet", $"{v.Name} {v.Space} lies outside {region.Region.Supernet}"));
            Sweep(spaces.Select(v => new Range(v.Space, $"regions.{region.Region.Role}.supernet", $"carves {v.Name} {v.Space}, which", $"{v.Name} {v.Space}")).ToList(), problems);
            foreach (var vnet in vnets)
            {
                foreach (var s in vnet.Subnets.Where(s => !vnet.AddressSpaces.Any(space => space.Contains(s.Prefix))))
                    problems.Add(new AddressConflict($"regions.{region.Region.Role}.supernet", $"{s.Name} {s.Prefix} lies outside {vnet.Name} {vnet.AddressSpace}"));
                Sweep(vnet.Subnets.Select(s => new Range(s.Prefix, $"regions.{region.Region.Role}.supernet", $"carves {vnet.Name}/{s.Name} {s.Prefix}, which", $"{vnet.Name}/{s.Name} {s.Prefix}")).ToList(), problems);
            }
        }
        return problems;
    }

    /// <summary>A range to check: its config path, how a message about it reads, and how others name it.</summary>
    private sealed record Range(IPNetwork2 Net, string Path, string Self, string Other);

    /// <summary>Sort by first address; any range starting before the furthest end seen so far overlaps.</summary>
    private static void Sweep(List<Range> ranges, List<AddressConflict> problems)
    {
        var sorted = ranges
            .Select((r, index) => (r.Net, r.Path, r.Self, r.Other, Index: index, Start: ToUint(r.Net.First), End: ToUint(r.Net.Last)))
            .OrderBy(r => r.Start).ThenBy(r => r.Index)
            .ToList();
        if (sorted.Count == 0) return;
        var widest = sorted[0];
        for (var i = 1; i < sorted.Count; i++)
        {
            var current = sorted[i];
            if (current.Start > widest.End)
            {
                widest = current;
                continue;
            }
            // Report at whichever was written later, naming the one written first.
            var (later, earlier) = current.Index > widest.Index ? (current, widest) : (widest, current);
            problems.Add(new AddressConflict(later.Path, $"{later.Self} overlaps {earlier.Other}"));
            if (current.End > widest.End) widest = current;
        }
    }

    internal static uint ToUint(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }

    private static IPNetwork2 Carve(IPNetwork2 supernet, uint offset, int prefixLength)
    {
        var start = ToUint(supernet.Network) + offset;
        var address = new IPAddress([(byte)(start >> 24), (byte)(start >> 16), (byte)(start >> 8), (byte)start]);
        return IPNetwork2.Parse(address.ToString(), (byte)prefixLength);
    }
}
