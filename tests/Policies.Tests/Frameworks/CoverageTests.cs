using System.Text.Json;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Frameworks;
using Oic.Infra.Policies.Packs;

namespace Oic.Infra.Policies.Tests.Frameworks;

[TestFixture]
public sealed class CoverageTests
{
    private const string StorageAccount = "azure-native:storage:StorageAccount";

    private static ResourceRule Rule(string id, params string[] controls) =>
        new(id, $"Title of {id}", $"Why {id} exists.", Severity.High, controls, [StorageAccount], (_, _) => Outcome.Pass);

    private static readonly Rule[] Sample =
    [
        Rule("storage-https-only", "CIS-3.0:4.1", "MCSB:DP-3"),
        Rule("storage-min-tls12", "CIS-3.0:4.15", "MCSB:DP-3"),
        Rule("storage-also-https", "CIS-3.0:4.1"),
        Rule("typo-rule", "CIS-3.0:4.99", "MCSB:DP-33", "CIS-3:4.1"),
        new StackRule("activity-alerts", "Alerts", "Why.", Severity.Medium, ["CIS-3.0:6.2.1"], _ => []),
    ];

    [Test]
    public void Each_rule_shows_the_azure_policy_definitions_that_hold_it_and_whether_a_stack_assigns_them()
    {
        var plain = Coverage.For("mcsb", Sample)!;
        var https = plain.Rules.Single(r => r.RuleId == "storage-https-only");
        var assigned = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { https.Definitions[0].DefinitionId };
        var withStack = Coverage.For("mcsb", Sample, "prod", assigned)!;

        Assert.Multiple(() =>
        {
            Assert.That(plain.Rules.Select(r => r.RuleId), Is.EqualTo(Sample.Select(r => r.Id).Order(StringComparer.Ordinal)), "every rule, not only the framework's");
            Assert.That((https.InAzure, https.Assigned, https.Describe()),
                Is.EqualTo((true, (bool?)null, "Deny: Secure transfer to storage accounts should be enabled (404c3081)")));
            Assert.That(plain.Rules.Single(r => r.RuleId == "activity-alerts").Describe(), Is.EqualTo("no built-in"));
            Assert.That(plain.InAzureCount, Is.EqualTo(2), "https-only and min-tls12");
            Assert.That(withStack.Rules.Single(r => r.RuleId == "storage-https-only").Assigned, Is.True);
            Assert.That(withStack.Rules.Single(r => r.RuleId == "storage-min-tls12").Assigned, Is.False);
            Assert.That(Coverage.Text(withStack), Does.Contain("ASSIGNED").And.Contain("not assigned"));
            Assert.That(Coverage.Markdown(plain), Does.Contain("## Rules held by Azure Policy too (2 of 5)"));
            using var json = JsonDocument.Parse(Coverage.Json(withStack));
            Assert.That(json.RootElement.GetProperty("stack").GetString(), Is.EqualTo("prod"));
            Assert.That(json.RootElement.GetProperty("summary").GetProperty("rulesInAzurePolicy").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public void Cis_coverage_lists_covered_controls_with_the_rules_that_cite_them()
    {
        var report = Coverage.For("cis-3.0", Sample)!;

        var covered = report.Covered.ToDictionary(c => c.Control.Id, c => c.Rules);
        Assert.Multiple(() =>
        {
            Assert.That(report.Framework, Is.EqualTo("CIS-3.0"));
            Assert.That(report.RuleCount, Is.EqualTo(5));
            Assert.That(covered.Keys, Is.EquivalentTo(new[] { "4.1", "4.15", "6.2.1" }));
            Assert.That(covered["4.1"], Is.EqualTo(new[] { "storage-also-https", "storage-https-only" }), "rule ids in ordinal order");
            Assert.That(covered["6.2.1"], Is.EqualTo(new[] { "activity-alerts" }));
            Assert.That(report.Controls, Has.Count.EqualTo(Oic.Infra.Policies.Frameworks.Frameworks.Cis30.Count), "every control, covered or not");
        });
    }

    [Test]
    public void Cis_coverage_separates_uncovered_checkable_controls_from_ones_no_rule_can_judge()
    {
        var report = Coverage.For("cis-3.0", Sample)!;
        Assert.Multiple(() =>
        {
            Assert.That(report.Uncovered.Select(c => c.Control.Id), Does.Contain("7.1").And.Not.Contain("4.1"));
            Assert.That(report.Uncovered.All(c => c.Control.How == Checkability.Code), Is.True);
            Assert.That(report.NotCheckable, Is.Not.Empty);
            Assert.That(report.NotCheckable.All(c => c.Control.How != Checkability.Code), Is.True);
            Assert.That(report.NotCheckable.Select(c => c.Control.Id), Does.Contain("2.15").And.Contain("2.4"));
            Assert.That(report.Covered.Count + report.Uncovered.Count + report.NotCheckable.Count, Is.EqualTo(report.Controls.Count));
        });
    }

    [Test]
    public void A_rule_citing_a_manual_control_still_covers_it()
    {
        var report = Coverage.For("cis-3.0", [Rule("guest-review", "CIS-3.0:2.4")])!;
        var control = report.Controls.Single(c => c.Control.Id == "2.4");
        Assert.That(control.Status, Is.EqualTo(CoverageStatus.Covered));
    }

    [Test]
    public void Coverage_reports_ids_its_framework_does_not_have()
    {
        var cis = Coverage.For("cis-3.0", Sample)!;
        var mcsb = Coverage.For("mcsb", Sample)!;
        Assert.Multiple(() =>
        {
            Assert.That(cis.Unknown, Is.EqualTo(new[] { new UnknownControl("typo-rule", "CIS-3.0:4.99") }));
            Assert.That(mcsb.Unknown, Is.EqualTo(new[] { new UnknownControl("typo-rule", "MCSB:DP-33") }));
            Assert.That(mcsb.Covered.Single().Rules, Is.EqualTo(new[] { "storage-https-only", "storage-min-tls12" }));
        });
    }

    [Test]
    public void Unknown_controls_across_frameworks_include_unknown_prefixes()
    {
        Assert.That(Coverage.UnknownControls(Sample), Is.EqualTo(new[]
        {
            new UnknownControl("typo-rule", "CIS-3.0:4.99"),
            new UnknownControl("typo-rule", "CIS-3:4.1"),
            new UnknownControl("typo-rule", "MCSB:DP-33"),
        }));
    }

    [TestCase("cis-2.0")]
    [TestCase("nist")]
    [TestCase("")]
    public void Unknown_framework_name_gives_no_report(string name) =>
        Assert.That(Coverage.For(name, Sample), Is.Null);

    [Test]
    public void Framework_name_is_case_insensitive() =>
        Assert.That(Coverage.For("MCSB", Sample)!.Name, Is.EqualTo("mcsb"));

    [Test]
    public void Catalogue_coverage_lists_each_covered_control_with_rules_that_cite_it()
    {
        foreach (var name in Oic.Infra.Policies.Frameworks.Frameworks.Names)
        {
            var report = Coverage.For(name, Catalogue.Rules)!;
            foreach (var covered in report.Covered)
                foreach (var ruleId in covered.Rules)
                    Assert.That(Catalogue.Rules.Single(r => r.Id == ruleId).Controls, Does.Contain(covered.Control.Reference));
            Assert.That(report.NotCheckable, Is.Not.Empty, name);
        }
    }

    [Test]
    public void Text_report_is_a_table_per_status()
    {
        var text = Coverage.Text(Coverage.For("cis-3.0", Sample)!);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("Coverage of CIS Microsoft Azure Foundations Benchmark v3.0.0 (cis-3.0) by 5 rules\n"));
            Assert.That(text, Does.Contain("\nCOVERED (3)\n"));
            Assert.That(text, Does.Contain("CHECKABLE FROM CODE, NO RULE YET ("));
            Assert.That(text, Does.Contain("NOT CHECKABLE FROM CODE ("));
            Assert.That(text, Does.Match(@"\n  4\.1 +Storage accounts require secure transfer +storage-also-https, storage-https-only\n"));
            Assert.That(text, Does.Match(@"\n  2\.15 +tenant setting +Guests see only"));
            Assert.That(text, Does.Contain("UNKNOWN CONTROL IDS IN RULES (1)"));
            Assert.That(text, Does.Not.Contain("\r"));
            Assert.That(text.Split('\n').Where(l => l != l.TrimEnd()), Is.Empty, "no trailing spaces");
        });
    }

    [Test]
    public void Markdown_report_has_a_table_per_status()
    {
        var md = Coverage.Markdown(Coverage.For("mcsb", Sample)!);
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.StartWith("# Coverage: Microsoft cloud security benchmark v1\n"));
            Assert.That(md, Does.Contain("## Covered (1)\n\n| Control | Title | Rules |\n|---|---|---|\n| DP-3 | Encrypt sensitive data in transit | `storage-https-only`, `storage-min-tls12` |\n"));
            Assert.That(md, Does.Contain("## Checkable from code, no rule yet ("));
            Assert.That(md, Does.Contain("| GS-11 | manual | Define and implement a multi-cloud security strategy |"));
            Assert.That(md, Does.Contain("| `typo-rule` | `MCSB:DP-33` |"));
        });
    }

    [Test]
    public void Json_report_gives_every_control_its_status_and_rules()
    {
        var report = Coverage.For("cis-3.0", Sample)!;
        using var json = JsonDocument.Parse(Coverage.Json(report));
        var root = json.RootElement;
        var controls = root.GetProperty("controls").EnumerateArray().ToList();
        var https = controls.Single(c => c.GetProperty("id").GetString() == "4.1");
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("framework").GetString(), Is.EqualTo("cis-3.0"));
            Assert.That(root.GetProperty("prefix").GetString(), Is.EqualTo("CIS-3.0"));
            Assert.That(root.GetProperty("summary").GetProperty("covered").GetInt32(), Is.EqualTo(3));
            Assert.That(root.GetProperty("summary").GetProperty("controls").GetInt32(), Is.EqualTo(controls.Count));
            Assert.That(https.GetProperty("status").GetString(), Is.EqualTo("covered"));
            Assert.That(https.GetProperty("checkability").GetString(), Is.EqualTo("code"));
            Assert.That(https.GetProperty("rules").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "storage-also-https", "storage-https-only" }));
            Assert.That(controls.Single(c => c.GetProperty("id").GetString() == "2.15").GetProperty("status").GetString(), Is.EqualTo("not-checkable"));
            Assert.That(root.GetProperty("unknown")[0].GetProperty("control").GetString(), Is.EqualTo("CIS-3.0:4.99"));
        });
    }

    [Test]
    public void Renderings_are_deterministic()
    {
        var a = Coverage.For("cis-3.0", Sample)!;
        var b = Coverage.For("cis-3.0", Sample.Reverse())!;
        Assert.Multiple(() =>
        {
            Assert.That(Coverage.Text(b), Is.EqualTo(Coverage.Text(a)));
            Assert.That(Coverage.Markdown(b), Is.EqualTo(Coverage.Markdown(a)));
            Assert.That(Coverage.Json(b), Is.EqualTo(Coverage.Json(a)));
        });
    }
}
