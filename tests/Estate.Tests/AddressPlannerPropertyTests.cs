using FsCheck;
using FsCheck.Fluent;
using Oic.Infra.Estate.Addressing;
using Oic.Infra.Estate.Model;
using Oic.Infra.Estate.Tests.Support;
using static Oic.Infra.Estate.Tests.Support.EstateGen;

namespace Oic.Infra.Estate.Tests;

/// <summary>
/// Properties of the address plan over generated valid estates. Containment and disjointness are
/// checked with this file's own address arithmetic, not the planner's or IPNetwork2's.
/// </summary>
[TestFixture]
public sealed class AddressPlannerPropertyTests
{
    private const int Runs = 300;

    private static AddressPlan PlanOf(EstateModel estate)
    {
        var (plan, problems) = AddressPlanner.Plan(estate);
        if (plan is null || problems.Count > 0)
            throw new InvalidOperationException("a generated estate did not plan: " +
                string.Join("; ", problems.Select(p => $"{p.Path} {p.Message}")));
        return plan;
    }

    private static Property Holds(IReadOnlyCollection<string> violations) =>
        (violations.Count == 0).Label(string.Join(Environment.NewLine, violations.Take(10)));

    private static void Check(Arbitrary<Scenario> scenarios, Func<EstateModel, IReadOnlyCollection<string>> property) =>
        Prop.ForAll(scenarios, s => Holds(property(s.Estate)))
            .Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(Runs));

    [Test]
    public void Every_subnet_lies_in_its_vnet_and_every_vnet_in_its_region_supernet() =>
        Check(Scenarios, estate =>
        {
            var violations = new List<string>();
            var plan = PlanOf(estate);
            foreach (var region in new[] { plan.Primary, plan.Dr })
                foreach (var vnet in region.Vnets)
                {
                    foreach (var space in vnet.AddressSpaces.Where(a => !Within(a, region.Region.Supernet)))
                        violations.Add($"{vnet.Name} {space} outside {region.Region.Supernet}");
                    violations.AddRange(vnet.Subnets.Where(s => !vnet.AddressSpaces.Any(a => Within(s.Prefix, a)))
                        .Select(s => $"{vnet.Name}/{s.Name} {s.Prefix} outside {vnet.AddressSpace}"));
                }
            return violations;
        });

    [Test]
    public void No_two_vnets_of_a_region_and_no_two_subnets_of_a_vnet_overlap() =>
        Check(Scenarios, estate =>
        {
            var violations = new List<string>();
            var plan = PlanOf(estate);
            foreach (var region in new[] { plan.Primary, plan.Dr })
            {
                var vnets = region.Vnets.ToList();
                violations.AddRange(Overlapping(vnets.SelectMany(v => v.AddressSpaces.Select(a => (v.Name, a)))));
                foreach (var vnet in vnets)
                    violations.AddRange(Overlapping(vnet.Subnets.Select(s => ($"{vnet.Name}/{s.Name}", s.Prefix))));
            }
            return violations;
        });

    /// <summary>
    /// OIC scale: all six subsidiary organs and the 57 member states linked by IPsec (63 partners, past the 32 the
    /// exchange /22 holds), plus the headquarters and ten offices. Every partner gets its own /27 in both regions,
    /// the exchange VNet grows into its /21 extension only, and nothing overlaps anything (the planner's own sweep
    /// and this file's arithmetic agree).
    /// </summary>
    [Test]
    public void Sixty_three_partners_plan_without_overlap_and_the_first_thirty_two_keep_their_subnets()
    {
        static Site Partner(int id) => EstateBuilder.Site(SiteKind.Partner, id, $"p{id}", $"partners[{id - 1}]",
            $"172.{20 + (id - 1) / 64}.{(id - 1) % 64 * 4}.0/22");
        var offices = Enumerable.Range(10, 10).Select(i => EstateBuilder.Site(SiteKind.Office, i, $"o{i}", $"offices[{i - 10}]", $"172.17.{i}.0/24")).ToList();
        var few = new EstateBuilder { Offices = offices, Partners = [.. Enumerable.Range(1, 32).Select(Partner)], Spokes = [EstateBuilder.Spoke(1, 22, 26)] }.Build();
        var many = few with { Partners = [.. Enumerable.Range(1, 63).Select(Partner)] };

        var (plan, problems) = AddressPlanner.Plan(many);
        Assert.That(problems, Is.Empty, string.Join("; ", problems.Select(p => $"{p.Path} {p.Message}")));
        foreach (var region in new[] { plan!.Primary, plan.Dr })
        {
            Assert.That(region.Partners.Subnets, Has.Count.EqualTo(63));
            Assert.That(region.Partners.Extensions.Select(e => e.ToString()), Is.EqualTo(new[] { $"{region.Region.Supernet.Network.ToString()[..^3]}8.0/21" }));
            Assert.That(Overlapping(region.Vnets.SelectMany(v => v.AddressSpaces.Select(a => (v.Name, a)))), Is.Empty);
            Assert.That(Overlapping(region.Partners.Subnets.Select(s => (s.Name, s.Prefix))), Is.Empty);
            Assert.That(region.Partners.Subnets.Where(s => !region.Partners.AddressSpaces.Any(a => Within(s.Prefix, a))), Is.Empty);
        }
        Assert.That(plan.Primary.Partners.Subnet("snet-partner-p63").Prefix.ToString(), Is.EqualTo("10.40.11.192/27"));

        var (fewPlan, _) = AddressPlanner.Plan(few);
        Assert.That(fewPlan!.Primary.Partners.Extensions, Is.Empty, "the extension is added only when a partner needs it");
        Assert.That(plan.Primary.Partners.Subnets.Take(32), Is.EqualTo(fewPlan.Primary.Partners.Subnets), "adding partners 33–63 moves none of 1–32");
    }

    private static IEnumerable<string> Overlapping(IEnumerable<(string Name, IPNetwork2 Net)> ranges)
    {
        var list = ranges.ToList();
        for (var i = 0; i < list.Count; i++)
            for (var j = i + 1; j < list.Count; j++)
                if (!Disjoint(list[i].Net, list[j].Net))
                    yield return $"{list[i].Name} {list[i].Net} overlaps {list[j].Name} {list[j].Net}";
    }

    [Test]
    public void Planning_is_deterministic() =>
        Check(Scenarios, estate =>
        {
            var first = Describe.Plan(PlanOf(estate));
            var again = Describe.Plan(PlanOf(estate with { }));
            return first.SequenceEqual(again) ? [] : ["two plans of the same estate differ"];
        });

    [Test]
    public void Allocations_depend_on_ids_not_on_list_order() =>
        Check(Scenarios, estate =>
        {
            var reordered = estate with
            {
                Partners = [.. estate.Partners.Reverse()],
                Spokes = [.. estate.Spokes.Reverse()],
                Offices = [.. estate.Offices.Reverse()],
            };
            return Differences(Describe.Allocations(PlanOf(estate)), Describe.Allocations(PlanOf(reordered)), exact: true);
        });

    /// <summary>
    /// Takes one office, partner or spoke out of a generated estate (from any list position): the
    /// estate with it is the estate without it plus a site or spoke with a fresh id. Every
    /// allocation of the smaller estate must be unchanged in the larger.
    /// </summary>
    [Test]
    public void Adding_an_office_partner_or_spoke_never_moves_an_existing_allocation()
    {
        var withRemoval =
            from estate in EstateGen.Estates
            from kind in Gen.Elements("office", "partner", "spoke")
            from pick in Gen.Choose(0, 1000)
            select (estate, kind, pick);
        Prop.ForAll(withRemoval.ToArbitrary(), x =>
        {
            var (estate, kind, pick) = x;
            var smaller = kind switch
            {
                "office" when estate.Offices.Count > 0 => estate with { Offices = Without(estate.Offices, pick) },
                "partner" when estate.Partners.Count > 0 => estate with { Partners = Without(estate.Partners, pick) },
                "spoke" when estate.Spokes.Count > 0 => estate with { Spokes = Without(estate.Spokes, pick) },
                _ => null,
            };
            if (smaller is null) return Prop.ToProperty(true).Classify(true, "nothing to add");
            var before = Describe.Allocations(PlanOf(smaller));
            var after = Describe.Allocations(PlanOf(estate));
            var violations = Differences(before, after, exact: kind == "office");
            var added = after.Count - before.Count;
            var expectedAdded = kind switch
            {
                "office" => 0,
                "partner" => 2, // one /27 in each region's partner exchange
                _ => 2 * (1 + estate.Spokes.Except(smaller.Spokes).Single().Subnets.Count),
            };
            if (added != expectedAdded) violations.Add($"adding a {kind} added {added} allocations, expected {expectedAdded}");
            return Holds(violations).Classify(true, kind);
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(Runs));
    }

    [Test]
    public void Appending_a_subnet_to_a_spoke_never_moves_the_subnets_before_it() =>
        Check(Scenarios, estate =>
        {
            var violations = new List<string>();
            var before = Describe.Allocations(PlanOf(estate));
            for (var i = 0; i < estate.Spokes.Count; i++)
            {
                var spoke = estate.Spokes[i];
                var grown = spoke with { Subnets = [.. spoke.Subnets, new SpokeSubnet("appended", 28, SubnetPurpose.Workload)] };
                var (plan, _) = AddressPlanner.Plan(estate with { Spokes = [.. estate.Spokes.Select(s => s == spoke ? grown : s)] });
                if (plan is null) continue; // the spoke is full: nothing to append
                var after = Describe.Allocations(plan);
                violations.AddRange(Differences(before, after, exact: false));
                if (after.Count != before.Count + 2) violations.Add($"appending to {spoke.Name} added {after.Count - before.Count} allocations");
            }
            return violations;
        });

    [Test]
    public void The_dr_plan_mirrors_the_primary_plan() =>
        Check(Scenarios, estate =>
        {
            var violations = new List<string>();
            var plan = PlanOf(estate);
            var (p, d) = (plan.Primary, plan.Dr);
            var pVnets = p.Vnets.ToList();
            var dVnets = d.Vnets.ToList();
            if (pVnets.Count != dVnets.Count) return [$"{pVnets.Count} primary VNets but {dVnets.Count} DR VNets"];
            for (var i = 0; i < pVnets.Count; i++)
            {
                var (pv, dv) = (pVnets[i], dVnets[i]);
                if (Mirror(pv.Name, p) != Mirror(dv.Name, d)) violations.Add($"{pv.Name} pairs with {dv.Name}");
                if (!SameOffset(pv.AddressSpace, p, dv.AddressSpace, d)) violations.Add($"{pv.Name} {pv.AddressSpace} vs {dv.Name} {dv.AddressSpace}");
                if (pv.Subnets.Count != dv.Subnets.Count) { violations.Add($"{pv.Name} has {pv.Subnets.Count} subnets, {dv.Name} {dv.Subnets.Count}"); continue; }
                for (var j = 0; j < pv.Subnets.Count; j++)
                {
                    var (ps, ds) = (pv.Subnets[j], dv.Subnets[j]);
                    if (ps.Name != ds.Name || ps.Purpose != ds.Purpose || !SameOffset(ps.Prefix, p, ds.Prefix, d))
                        violations.Add($"{pv.Name}/{ps.Name} {ps.Prefix} vs {dv.Name}/{ds.Name} {ds.Prefix}");
                }
            }
            return violations;
        });

    private static string Mirror(string vnetName, RegionAddressPlan region) =>
        vnetName.EndsWith($"-{region.Region.Code}", StringComparison.Ordinal) ? vnetName[..^(region.Region.Code.Length + 1)] : "?" + vnetName;

    private static bool SameOffset(IPNetwork2 a, RegionAddressPlan ra, IPNetwork2 b, RegionAddressPlan rb) =>
        a.Cidr == b.Cidr && First(a) - First(ra.Region.Supernet) == First(b) - First(rb.Region.Supernet);

    [Test]
    public void The_plan_follows_the_documented_layout() =>
        Check(Scenarios, estate =>
        {
            var violations = new List<string>();
            var plan = PlanOf(estate);
            foreach (var region in new[] { plan.Primary, plan.Dr })
            {
                var super = First(region.Region.Supernet);
                void Expect(string what, IPNetwork2 actual, uint offset, int length)
                {
                    if (First(actual) != super + offset || actual.Cidr != length)
                        violations.Add($"{what} is {actual}, expected {Net(super + offset, length)}");
                }
                Expect(region.Hub.Name, region.Hub.AddressSpace, 0, 23);
                Expect(region.Partners.Name, region.Partners.AddressSpace, 4 * 256, 22);
                foreach (var partner in estate.Partners)
                    Expect($"partner {partner.Id}", region.Partners.Subnet($"snet-partner-{partner.Key}").Prefix, 1024 + (uint)(partner.Id - 1) * 32, 27);
                foreach (var (spoke, vnet) in region.Spokes)
                    Expect($"spoke {spoke.Id}", vnet.AddressSpace, (uint)spoke.Id * 4096, spoke.PrefixLength);
                var apim = region.Hub.Subnets.FirstOrDefault(s => s.Name == "snet-apim-outbound");
                if (apim is not null) Expect("the front's outbound subnet", apim.Prefix, 384, 25);
                if ((apim is not null) != (estate.FrontPartners.Count > 0))
                    violations.Add($"{region.Hub.Name}: snet-apim-outbound {(apim is null ? "missing with" : "present without")} a front partner");
            }
            return violations;
        });

    /// <summary>
    /// The partner front's outbound subnet (docs/adr/0021) is the hub's x.x.1.128/25 in both regions, overlaps no
    /// hub subnet, and adding the first front partner moves no allocation of the estate.
    /// </summary>
    [Test]
    public void A_front_partner_adds_the_hub_s_outbound_subnet_at_x_x_1_128_and_moves_nothing() =>
        Check(Scenarios, estate =>
        {
            var violations = new List<string>();
            var without = PlanOf(estate with { FrontPartners = [] });
            var with = PlanOf(estate with { FrontPartners = [AFrontPartner] });
            foreach (var (before, after) in new[] { (without.Primary, with.Primary), (without.Dr, with.Dr) })
            {
                var apim = after.Hub.Subnet("snet-apim-outbound").Prefix;
                var expected = Net(First(after.Region.Supernet) + 384, 25).ToString(); // x.x.1.128/25 of the hub /23
                if (apim.ToString() != expected) violations.Add($"{after.Hub.Name}: snet-apim-outbound is {apim}, expected {expected}");
                violations.AddRange(Overlapping(after.Hub.Subnets.Select(s => ($"{after.Hub.Name}/{s.Name}", s.Prefix))));
                var moved = before.Vnets.SelectMany(v => v.Subnets.Select(s => (v.Name, s)))
                    .Where(b => !after.Vnets.Any(v => v.Name == b.Name && v.Subnets.Contains(b.s)));
                violations.AddRange(moved.Select(m => $"{m.Name}/{m.s.Name} {m.s.Prefix} moved"));
                if (!before.Vnets.Select(v => v.AddressSpace).SequenceEqual(after.Vnets.Select(v => v.AddressSpace))) violations.Add("a VNet moved");
            }
            return violations;
        });

    [Test]
    public void A_valid_estate_has_no_overlaps() =>
        Check(Scenarios, estate =>
        {
            var (plan, problems) = AddressPlanner.Plan(estate);
            var overlaps = plan is null ? [] : AddressPlanner.FindOverlaps(estate, plan);
            return [.. problems.Concat(overlaps).Select(p => $"{p.Path} {p.Message}"), .. plan is null ? ["no plan"] : Array.Empty<string>()];
        });

    /// <summary>
    /// An office whose on-premises prefix lies inside (or around) a region supernet: the overlap is
    /// reported at that prefix, naming the supernet, both by <see cref="AddressPlanner.FindOverlaps"/>
    /// and by <see cref="AddressPlanner.Plan"/>, which then gives no plan.
    /// </summary>
    [Test]
    public void An_on_prem_prefix_inside_or_around_a_supernet_is_always_reported()
    {
        var cases =
            from estate in EstateGen.Estates
            from primary in Gen.Elements(true, false)
            let super = primary ? estate.Regions.Primary.Supernet : estate.Regions.Dr.Supernet
            from inside in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
            from length in inside ? Gen.Choose(super.Cidr, 32) : Gen.Choose(8, super.Cidr)
            from index in Gen.Choose(0, inside ? (1 << (length - super.Cidr)) - 1 : 0)
            select (estate, primary, prefix: inside
                ? Net(First(super) + ((uint)index << (32 - length)), length)
                : Net(First(super) & (uint)(0xFFFFFFFFUL << (32 - length)), length));
        Prop.ForAll(cases.ToArbitrary(), x =>
        {
            var (estate, primary, prefix) = x;
            var validPlan = PlanOf(estate);
            var intruder = EstateBuilder.Site(SiteKind.Office, 999, "intruder", $"offices[{estate.Offices.Count}]", prefix.ToString());
            var bad = estate with { Offices = [.. estate.Offices, intruder] };
            var label = primary ? $"the primary region supernet {estate.Regions.Primary.Supernet}" : $"the DR region supernet {estate.Regions.Dr.Supernet}";
            var path = $"{intruder.ConfigPath}.onPremPrefixes[0]";
            var expected = $"{prefix} ({intruder.Name}) overlaps {label}";

            var violations = new List<string>();
            var found = AddressPlanner.FindOverlaps(bad, validPlan);
            if (!found.Any(c => c.Path == path && c.Message == expected))
                violations.Add($"FindOverlaps did not report '{path} {expected}'; it reported: " +
                    string.Join(" | ", found.Select(c => $"{c.Path} {c.Message}")));
            var (plan, problems) = AddressPlanner.Plan(bad);
            if (plan is not null) violations.Add("Plan gave a plan for an estate with an overlap");
            if (!problems.Any(c => c.Path == path)) violations.Add("Plan did not report the overlap");
            var target = primary ? estate.Regions.Primary.Supernet : estate.Regions.Dr.Supernet;
            return Holds(violations).Classify(prefix.Cidr <= target.Cidr, "prefix around or equal to the supernet");
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(Runs));
    }

    private static List<string> Differences(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, bool exact)
    {
        var violations = new List<string>();
        foreach (var (name, prefix) in before)
        {
            if (!after.TryGetValue(name, out var now)) violations.Add($"{name} ({prefix}) disappeared");
            else if (now != prefix) violations.Add($"{name} moved from {prefix} to {now}");
        }
        if (exact)
            violations.AddRange(after.Keys.Except(before.Keys).Select(k => $"{k} ({after[k]}) appeared"));
        return violations;
    }

    private static T[] Without<T>(IReadOnlyList<T> items, int pick)
    {
        var at = pick % items.Count;
        return [.. items.Where((_, i) => i != at)];
    }
}
