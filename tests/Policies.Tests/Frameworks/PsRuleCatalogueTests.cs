using Oic.Infra.Policies.Docs;
using Oic.Infra.Policies.Frameworks;
using Oic.Infra.Policies.Frameworks.PsRule;
using Oic.Infra.Policies.Packs;
using FrameworkCatalogues = Oic.Infra.Policies.Frameworks.Frameworks;

namespace Oic.Infra.Policies.Tests.Frameworks;

/// <summary>
/// The coverage tables of <c>docs/policies.md</c>: PSRule for Azure rows name real rules or give a
/// reason, every CIS control checkable from code is cited by a rule or explained, and a rule's PSRule
/// names appear in its metadata. (That every declared type has its section: Cli.Tests.)
/// </summary>
[TestFixture]
public sealed class PsRuleCatalogueTests
{
    private static readonly HashSet<string> RuleIds = [.. Catalogue.Rules.Select(r => r.Id)];

    [Test]
    public void Every_rule_row_names_catalogue_rule_ids()
    {
        var rows = PsRuleCatalogue.All.Where(c => c.Answer == PsRuleAnswer.Rule).ToList();
        Assert.That(rows, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var row in rows)
            {
                Assert.That(PsRuleCatalogue.RuleIds(row), Is.Not.Empty, row.Name);
                Assert.That(PsRuleCatalogue.RuleIds(row), Is.SubsetOf(RuleIds), $"{row.Name} names a rule the catalogue does not have");
            }
        });
    }

    [Test]
    public void No_row_is_without_a_name_a_type_or_detail_and_none_appears_twice()
    {
        Assert.Multiple(() =>
        {
            foreach (var row in PsRuleCatalogue.All)
            {
                Assert.That(row.Name, Does.StartWith("Azure."), row.Name);
                Assert.That(row.Type, Is.EqualTo(PsRuleCatalogue.AnyType).Or.StartWith("azure-native:"), row.Name);
                Assert.That(row.Detail.Trim(), Has.Length.GreaterThan(row.Answer == PsRuleAnswer.Rule ? 0 : 30), $"{row.Name} gives no reason");
            }
            var twice = PsRuleCatalogue.All.GroupBy(r => (r.Name, r.Type)).Where(g => g.Count() > 1).Select(g => g.Key.Name);
            Assert.That(twice, Is.Empty);
        });
    }

    [Test]
    public void Every_CIS_control_checkable_from_code_is_cited_by_a_rule_or_has_a_reason()
    {
        var coverage = Coverage.For(FrameworkCatalogues.Cis30Name, Catalogue.Rules)!;
        var uncovered = coverage.Uncovered.Select(c => c.Control.Id);
        var explained = CisGaps.All.Select(g => g.Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(uncovered, Is.SubsetOf(explained), "a CIS control with neither a rule nor a reason");
            Assert.That(explained, Is.SubsetOf(FrameworkCatalogues.Cis30.Select(c => c.Id)), "a reason for a control CIS v3.0.0 does not have");
            Assert.That(explained, Is.Unique);
            Assert.That(explained.Intersect(coverage.Covered.Select(c => c.Control.Id)), Is.Empty, "a stale reason: a rule cites the control now");
            Assert.That(CisGaps.All.Where(g => g.Answer == PsRuleAnswer.Rule), Is.Empty, "a gap's answer is a reason, not a rule");
        });
    }

    [Test]
    public void A_rules_PSRule_names_appear_in_its_metadata_in_the_docs()
    {
        var md = Docs.Docs.PoliciesMarkdown(Catalogue.All);
        var section = md[md.IndexOf("### kv-diagnostics", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n### ", 5, StringComparison.Ordinal)];

        Assert.That(PsRuleCatalogue.NamesFor("kv-diagnostics"), Is.EqualTo(new[] { "Azure.KeyVault.Logs" }));
        Assert.That(section, Does.Contain("PSRule for Azure: `Azure.KeyVault.Logs`."));
    }

    [Test]
    public void Each_declared_type_gets_its_PSRule_rows_or_says_it_has_none()
    {
        var declared = new Dictionary<string, IReadOnlySet<string>>
        {
            ["prod"] = new HashSet<string> { "azure-native:keyvault:Vault", "azure-native:network:RouteTable" },
        };

        var md = Docs.Docs.PoliciesMarkdown(Catalogue.All, declared);
        var vault = md[md.IndexOf("### `azure-native:keyvault:Vault`", StringComparison.Ordinal)..];
        var routes = md[md.IndexOf("### `azure-native:network:RouteTable`", StringComparison.Ordinal)..];

        Assert.Multiple(() =>
        {
            Assert.That(vault, Does.Contain("| `Azure.KeyVault.Logs` | rule | [`kv-diagnostics`](#kv-diagnostics) |"));
            Assert.That(routes[..routes.IndexOf("\n### ", 5, StringComparison.Ordinal)], Does.Contain("PSRule for Azure has no rule on this type"));
            Assert.That(md, Does.Contain("## CIS v3.0.0 controls checkable from code with no rule"));
            Assert.That(md, Does.Not.Contain("**no reason given**"));
        });
    }
}
