using Oic.Infra.Policies.Frameworks;

namespace Oic.Infra.Policies.Tests.Frameworks;

using Frameworks = Oic.Infra.Policies.Frameworks.Frameworks;

[TestFixture]
public sealed class FrameworkCatalogueTests
{
    private static readonly string[] McsbDomains = ["NS", "IM", "PA", "DP", "AM", "LT", "IR", "PV", "ES", "BR", "DS", "GS"];

    [Test]
    public void Catalogues_have_no_duplicate_ids()
    {
        foreach (var name in Frameworks.Names)
        {
            var duplicates = Frameworks.ByName(name)!.GroupBy(c => c.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
            Assert.That(duplicates, Is.Empty, $"duplicate ids in {name}");
        }
    }

    [Test]
    public void Every_control_carries_its_framework_prefix_and_a_title()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Frameworks.Cis30.Select(c => c.Framework).Distinct(), Is.EqualTo(new[] { "CIS-3.0" }));
            Assert.That(Frameworks.Mcsb.Select(c => c.Framework).Distinct(), Is.EqualTo(new[] { "MCSB" }));
            Assert.That(Frameworks.Cis30.Concat(Frameworks.Mcsb).Where(c => string.IsNullOrWhiteSpace(c.Title) || c.Title != c.Title.Trim()), Is.Empty);
            Assert.That(Frameworks.Cis30.Concat(Frameworks.Mcsb).Where(c => c.Id.Contains(' ', StringComparison.Ordinal) || c.Id.Contains(':', StringComparison.Ordinal)), Is.Empty);
        });
    }

    [TestCase("4.1", Checkability.Code, Description = "secure transfer required")]
    [TestCase("7.1", Checkability.Code, Description = "RDP from the internet")]
    [TestCase("3.3.5", Checkability.Code, Description = "Key Vault recoverable")]
    [TestCase("4.17", Checkability.Code, Description = "anonymous blob access")]
    [TestCase("10.1", Checkability.Code, Description = "resource locks")]
    [TestCase("2.4", Checkability.Manual, Description = "guest users reviewed")]
    [TestCase("2.15", Checkability.TenantSetting, Description = "guest access restrictions")]
    [TestCase("2.16", Checkability.TenantSetting, Description = "guest invite restrictions")]
    [TestCase("2.1.1", Checkability.TenantSetting, Description = "security defaults")]
    public void Cis_v3_catalogue_has_the_control(string id, Checkability how)
    {
        var control = Frameworks.Cis30.SingleOrDefault(c => c.Id == id);
        Assert.That(control, Is.Not.Null, $"CIS-3.0:{id} missing");
        Assert.That(control!.How, Is.EqualTo(how));
    }

    [Test]
    public void Cis_v3_catalogue_covers_sections_2_to_10_in_benchmark_order()
    {
        var sections = Frameworks.Cis30.Select(c => int.Parse(c.Id.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sections.Distinct(), Is.EqualTo(Enumerable.Range(2, 9)));
            Assert.That(sections, Is.Ordered);
            Assert.That(Frameworks.Cis30.Select(c => c.Id), Does.Not.Contain("3.1.2"), "3.1.2 (Defender plan: APIs) has no recommendations");
            Assert.That(Frameworks.Cis30, Has.Count.EqualTo(159));
        });
    }

    [Test]
    public void Mcsb_catalogue_has_every_control_of_its_twelve_domains()
    {
        var expected = new Dictionary<string, int>
        {
            ["NS"] = 10, ["IM"] = 9, ["PA"] = 8, ["DP"] = 8, ["AM"] = 5, ["LT"] = 7,
            ["IR"] = 7, ["PV"] = 7, ["ES"] = 3, ["BR"] = 4, ["DS"] = 7, ["GS"] = 11,
        };
        var ids = Frameworks.Mcsb.Select(c => c.Id).ToList();
        string[] all = [.. McsbDomains.SelectMany(d => Enumerable.Range(1, expected[d]).Select(n => $"{d}-{n}"))];
        Assert.That(ids, Is.EqualTo(all), "MCSB v1: NS-1 … GS-11 in domain order");
    }

    [TestCase("cis-3.0", "CIS-3.0")]
    [TestCase("CIS-3.0", "CIS-3.0")]
    [TestCase(" mcsb ", "MCSB")]
    [TestCase("MCSB", "MCSB")]
    public void ByName_accepts_either_case(string name, string prefix)
    {
        var controls = Frameworks.ByName(name);
        Assert.That(controls, Is.Not.Null.And.Not.Empty);
        Assert.That(controls![0].Framework, Is.EqualTo(prefix));
    }

    [TestCase("cis-2.0")]
    [TestCase("cis")]
    [TestCase("nist-800-53")]
    [TestCase("")]
    public void ByName_returns_null_for_other_frameworks(string name) =>
        Assert.That(Frameworks.ByName(name), Is.Null);

    [TestCase("CIS-3.0:4.1", "4.1")]
    [TestCase("MCSB:DP-3", "DP-3")]
    [TestCase("CIS-3.0:6.2.1", "6.2.1")]
    public void Find_resolves_a_rule_citation(string reference, string id)
    {
        var control = Frameworks.Find(reference);
        Assert.That(control?.Id, Is.EqualTo(id));
        Assert.That(control!.Reference, Is.EqualTo(reference));
    }

    [TestCase("CIS-3.0:4.99")]
    [TestCase("CIS-3:4.1")]
    [TestCase("cis-3.0:4.1")]
    [TestCase("MCSB:dp-3")]
    [TestCase("MCSB: DP-3")]
    [TestCase("DP-3")]
    [TestCase(":4.1")]
    public void Find_rejects_what_is_not_an_exact_citation(string reference) =>
        Assert.That(Frameworks.Find(reference), Is.Null);
}
