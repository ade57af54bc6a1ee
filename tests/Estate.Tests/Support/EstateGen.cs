using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Oic.Infra.Estate.Addressing;
using Oic.Infra.Estate.Model;

namespace Oic.Infra.Estate.Tests.Support;

/// <summary>A generated estate, printed briefly when a property fails.</summary>
internal sealed record Scenario(EstateModel Estate)
{
    public override string ToString()
    {
        var e = Estate;
        return $"primary {e.Regions.Primary.Supernet}, dr {e.Regions.Dr.Supernet}; " +
               $"hq [{string.Join(", ", e.Headquarters.OnPremPrefixes)}]; " +
               $"offices [{string.Join("; ", e.Offices.Select(o => $"{o.Id} {string.Join(", ", o.OnPremPrefixes)}"))}]; " +
               $"partners [{string.Join(", ", e.Partners.Select(p => p.Id))}]; " +
               $"spokes [{string.Join("; ", e.Spokes.Select(s => $"{s.Id} /{s.PrefixLength}: {string.Join(" ", s.Subnets.Select(n => "/" + n.PrefixLength))}"))}]";
    }
}

/// <summary>
/// Generators of valid estates: two non-overlapping supernets (/12–/18) in 10.0.0.0/8; headquarters,
/// 0–10 offices and 0–32 partners, each with its own on-premises /24 from 172.16.0.0/12; partner ids
/// distinct in 1–32; 0–6 spokes with distinct ids that fit both supernets, each with subnets that fit.
/// </summary>
internal static class EstateGen
{
    public const int MaxOffices = 10;
    public const int MaxSpokes = 6;

    public static IPNetwork2 Net(uint first, int prefixLength) =>
        IPNetwork2.Parse(new IPAddress([(byte)(first >> 24), (byte)(first >> 16), (byte)(first >> 8), (byte)first]).ToString(), (byte)prefixLength);

    public static uint First(IPNetwork2 net) => AddressPlanner.ToUint(net.Network);

    public static uint Last(IPNetwork2 net) => First(net) + (uint)((1UL << (32 - net.Cidr)) - 1);

    public static bool Within(IPNetwork2 inner, IPNetwork2 outer) => First(inner) >= First(outer) && Last(inner) <= Last(outer);

    public static bool Disjoint(IPNetwork2 a, IPNetwork2 b) => Last(a) < First(b) || Last(b) < First(a);

    /// <summary>A prefix of <paramref name="length"/> at a random aligned position in 10.0.0.0/8.</summary>
    private static Gen<IPNetwork2> InTen(int length) =>
        Gen.Choose(0, (1 << (length - 8)) - 1).Select(i => Net((10u << 24) | ((uint)i << (32 - length)), length));

    public static Gen<(IPNetwork2 Primary, IPNetwork2 Dr)> Supernets =>
        from p in Gen.Choose(12, 18)
        from d in Gen.Choose(12, 18)
        from primary in InTen(p)
        from dr in InTen(d)
        where Disjoint(primary, dr)
        select (primary, dr);

    /// <summary>Subnet lengths for a spoke of <paramref name="spokeLength"/> that fit in it.</summary>
    public static Gen<int[]> SubnetLengths(int spokeLength)
    {
        var size = 1L << (32 - spokeLength);
        // Largest first: aligned packing leaves no gaps, so they fit exactly when their sizes add up.
        var sorted =
            from lengths in Gen.Choose(spokeLength, 29).ArrayOf()
            select TakeWhileTotal(lengths.Take(6).Order(), size);
        // Any order: alignment wastes less than each subnet's own size, so half the space always suffices.
        var anyOrder =
            from lengths in Gen.Choose(Math.Min(spokeLength + 1, 29), 29).ArrayOf()
            select TakeWhileTotal(lengths.Take(6), size / 2);
        return Gen.OneOf(sorted, anyOrder);
    }

    private static int[] TakeWhileTotal(IEnumerable<int> lengths, long budget)
    {
        var taken = new List<int>();
        long total = 0;
        foreach (var l in lengths)
        {
            var s = 1L << (32 - l);
            if (total + s > budget) break;
            total += s;
            taken.Add(l);
        }
        return [.. taken];
    }

    private static Gen<Spoke> SpokeGen(int id, int index) =>
        from length in Gen.Choose(AddressPlanner.BlockPrefixLength, 26)
        from subnets in SubnetLengths(length)
        select new Spoke(id, $"spoke{id}", length,
            [.. subnets.Select((l, i) => new SpokeSubnet($"s{i}", l, i == 0 ? SubnetPurpose.PrivateEndpoints : SubnetPurpose.Workload))],
            $"spokes[{index}]");

    private static Gen<Spoke[]> SpokesGen(int maxId) =>
        from count in Gen.Choose(0, Math.Min(maxId, MaxSpokes))
        from ids in Gen.Shuffle(Enumerable.Range(1, maxId))
        from spokes in Gen.CollectToArray(ids.Take(count).Select((id, i) => SpokeGen(id, i)))
        select spokes;

    public static Gen<EstateModel> Estates =>
        from supernets in Supernets
        let maxSpokeId = Math.Min(AddressPlanner.BlockCount(supernets.Primary), AddressPlanner.BlockCount(supernets.Dr)) - 1
        from spokes in SpokesGen(maxSpokeId)
        from officeCount in Gen.Choose(0, MaxOffices)
        from officeIds in Gen.Shuffle(Enumerable.Range(2, 200))
        from partnerCount in Gen.Choose(0, AddressPlanner.MaxPartners)
        from partnerIds in Gen.Shuffle(Enumerable.Range(1, AddressPlanner.MaxPartners))
        from onPrem in Gen.Shuffle(Enumerable.Range(0, 4096))
        from front in Gen.Elements(false, true)
        select Build(supernets, spokes, officeIds.Take(officeCount).ToArray(), partnerIds.Take(partnerCount).ToArray(), onPrem) with
        {
            FrontPartners = front ? [AFrontPartner] : [],
        };

    /// <summary>A partner linked through the API Management front (docs/adr/0021): it takes no address, but its front takes the hub's outbound subnet.</summary>
    public static readonly FrontPartner AFrontPartner = new(1, "fp", "Front partner", "Jeddah", "Saudi Arabia", new FrontGrants(true, []), "partners[0]");

    /// <summary>The /24 number <paramref name="index"/> of 172.16.0.0/12.</summary>
    public static IPNetwork2 OnPrem(int index) => Net((172u << 24) | (16u << 16) | ((uint)index << 8), 24);

    private static EstateModel Build((IPNetwork2 Primary, IPNetwork2 Dr) supernets, Spoke[] spokes, int[] officeIds, int[] partnerIds, int[] onPrem)
    {
        var next = 0;
        string NextPrefix() => OnPrem(onPrem[next++]).ToString();
        var hq = EstateBuilder.Site(SiteKind.Headquarters, 1, "hq", "headquarters", NextPrefix());
        var offices = officeIds.Select((id, i) => EstateBuilder.Site(SiteKind.Office, id, $"o{id}", $"offices[{i}]", NextPrefix())).ToList();
        var partners = partnerIds.Select((id, i) => EstateBuilder.Site(SiteKind.Partner, id, $"p{id}", $"partners[{i}]", NextPrefix())).ToList();
        return new EstateBuilder
        {
            PrimarySupernet = supernets.Primary,
            DrSupernet = supernets.Dr,
            Headquarters = hq,
            Offices = offices,
            Partners = partners,
            Spokes = spokes,
        }.Build();
    }

    public static Arbitrary<Scenario> Scenarios => Estates.Select(e => new Scenario(e)).ToArbitrary();
}
