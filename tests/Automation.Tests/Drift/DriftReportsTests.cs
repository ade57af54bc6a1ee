using System.Text.Json;
using System.Text.Json.Nodes;
using Oic.Infra.Automation.Drift;
using static Oic.Infra.Automation.Tests.Drift.DriftEstate;

namespace Oic.Infra.Automation.Tests.Drift;

[TestFixture]
public sealed class DriftReportsTests
{
    /// <summary>Public blob access turned on and a managed identity deleted in the portal, and a tag changed in the program.</summary>
    private static DriftReport Mixed() => DriftDetector.Compare(
        Desired(new ProgramEdits { StorageCostCenter = "GS-ICT-4200" }),
        Recorded(),
        Live(live =>
        {
            Outputs(live, "documents-uan-st-pub")["allowBlobPublicAccess"] = true;
            ResourceList(live).Remove(Resource(live, "identity-uan-id-automation"));
        }));

    private static DriftReport None() => DriftDetector.Compare(Desired(), Recorded(), Live());

    [Test]
    public void Json_lists_each_difference_with_the_designed_field_names_and_a_summary()
    {
        var json = JsonNode.Parse(DriftReports.Json(Mixed()))!.AsObject();

        Assert.That(json.Select(p => p.Key), Is.EqualTo(new[] { "stack", "differences", "summary" }));
        Assert.That(json["stack"]!.GetValue<string>(), Is.EqualTo("prod"));
        var differences = json["differences"]!.AsArray();
        Assert.That(differences, Has.Count.EqualTo(3));
        foreach (var d in differences)
            Assert.That(d!.AsObject().Select(p => p.Key),
                Is.EqualTo(new[] { "comparison", "urn", "type", "path", "recorded", "live", "class", "policies" }));

        var blob = differences.Single(d => d!["path"]!.GetValue<string>() == "allowBlobPublicAccess")!;
        Assert.That(blob["comparison"]!.GetValue<string>(), Is.EqualTo("state-vs-live"));
        Assert.That(blob["class"]!.GetValue<string>(), Is.EqualTo("security-relevant"));
        Assert.That((blob["recorded"]!.GetValue<string>(), blob["live"]!.GetValue<string>()), Is.EqualTo(("false", "true")));
        Assert.That(blob["policies"]!.AsArray().Select(p => p!.GetValue<string>()), Does.Contain("storage-no-anonymous-blob"));

        var deleted = differences.Single(d => d!["path"]!.GetValue<string>() == "" && d["comparison"]!.GetValue<string>() == "state-vs-live")!;
        Assert.That(deleted["class"]!.GetValue<string>(), Is.EqualTo("deleted-out-of-band"));
        Assert.That(deleted["live"], Is.Null);

        var tag = differences.Single(d => d!["comparison"]!.GetValue<string>() == "desired-vs-state")!;
        Assert.That((tag["class"]!.GetValue<string>(), tag["live"]!.GetValue<string>()), Is.EqualTo(("tags-only", "GS-ICT-4200")));

        var summary = json["summary"]!.AsObject();
        Assert.That(summary.Select(p => (p.Key, p.Value!.GetValue<int>())), Is.EqualTo(new[]
        {
            ("differences", 3), ("securityRelevant", 1), ("exitCode", 4),
        }));
    }

    [Test]
    public void Json_of_no_drift_is_an_empty_list_and_exit_code_0()
    {
        var json = JsonNode.Parse(DriftReports.Json(None()))!;

        Assert.That(json["differences"]!.AsArray(), Is.Empty);
        Assert.That(json["summary"]!["exitCode"]!.GetValue<int>(), Is.Zero);
    }

    [Test]
    public void Every_rendering_is_the_same_bytes_for_the_same_drift()
    {
        var a = Mixed();
        var b = Mixed();

        Assert.That(DriftReports.Json(b), Is.EqualTo(DriftReports.Json(a)));
        Assert.That(DriftReports.Text(b, color: true), Is.EqualTo(DriftReports.Text(a, color: true)));
        Assert.That(DriftReports.Markdown(b), Is.EqualTo(DriftReports.Markdown(a)));
        Assert.That(DriftReports.Json(a), Does.Not.Contain("\r"));
    }

    [Test]
    public void Text_groups_by_comparison_and_resource_names_the_policies_and_ends_with_the_verdict()
    {
        var text = DriftReports.Text(Mixed(), color: false);

        Assert.That(text, Does.StartWith("Drift of stack prod\n"));
        Assert.That(text.IndexOf("Desired vs state (1)", StringComparison.Ordinal),
            Is.LessThan(text.IndexOf("State vs live (2)", StringComparison.Ordinal)).And.GreaterThan(0));
        Assert.That(text, Does.Contain("[security-relevant] allowBlobPublicAccess: 'false' in state, 'true' in Azure"));
        Assert.That(text, Does.Contain("policies: storage-no-anonymous-blob"));
        Assert.That(text, Does.Contain("[deleted-out-of-band] in state, gone from Azure: deleted out of band"));
        Assert.That(text, Does.Contain("[tags-only] tags.cost-center: 'GS-ICT-4100' in state, 'GS-ICT-4200' in the program"));
        Assert.That(text, Does.EndWith("3 differences in stack prod (1 security-relevant, 1 deleted-out-of-band, 1 tags-only); exit code 4.\n"));
        Assert.That(text, Does.Not.Contain("\u001b["));
    }

    [Test]
    public void Text_colours_only_when_asked()
    {
        Assert.That(DriftReports.Text(Mixed(), color: true), Does.Contain("\u001b[31m[security-relevant]\u001b[0m"));
        Assert.That(DriftReports.Text(None(), color: false), Does.EndWith("No drift in stack prod: the program, the state and Azure agree.\n"));
    }

    [Test]
    public void Markdown_is_an_issue_with_a_title_counts_a_table_and_what_to_do()
    {
        var md = DriftReports.Markdown(Mixed());

        Assert.That(md.Split('\n')[0], Is.EqualTo("# Drift in stack prod: 1 security-relevant of 3 differences"));
        Assert.That(md, Does.Contain("**Exit code 4**"));
        Assert.That(md, Does.Contain("| security-relevant | 0 | 1 |"));
        Assert.That(md, Does.Contain("| deleted-out-of-band | 0 | 1 |"));
        Assert.That(md, Does.Contain("| tags-only | 1 | 0 |"));
        Assert.That(md, Does.Contain("| **Total** | **1** | **2** |"));
        var rows = md.Split('\n').Where(l => l.StartsWith("| state vs live", StringComparison.Ordinal) || l.StartsWith("| desired vs state", StringComparison.Ordinal)).ToList();
        Assert.That(rows, Has.Count.EqualTo(3));
        Assert.That(rows[0], Does.Contain("| security-relevant |").And.Contain("<code>allowBlobPublicAccess</code>").And.Contain("<code>storage-no-anonymous-blob</code>"),
            "security-relevant rows come first");
        Assert.That(md, Does.Contain("`./infra up --stack prod`"));
        Assert.That(md, Does.Contain("`pulumi refresh`"));
        Assert.That(md, Does.Contain("activity log"));
    }

    [Test]
    public void Markdown_of_no_drift_says_so_without_a_table()
    {
        var md = DriftReports.Markdown(None());

        Assert.That(md, Does.StartWith("# Drift in stack prod: no drift\n"));
        Assert.That(md, Does.Contain("**Exit code 0**"));
        Assert.That(md, Does.Not.Contain("### Differences"));
    }

    [Test]
    public void Markdown_escapes_what_it_quotes()
    {
        var report = new DriftReport("prod",
        [
            new Difference(Comparison.StateVsLive, "urn:pulumi:prod::p::t::n", "t", "tags.note", "a|b", "<script>", DriftClass.TagsOnly, []),
        ]);

        var md = DriftReports.Markdown(report);

        Assert.That(md, Does.Contain("<code>a\\|b</code>").And.Contain("<code>&lt;script&gt;</code>"));
        Assert.That(md, Does.Not.Contain("<script>"));
    }

    [Test]
    public void Markdown_longer_than_the_limit_leaves_rows_out_and_says_how_many()
    {
        var many = Enumerable.Range(0, 400).Select(i => new Difference(Comparison.StateVsLive, $"urn:pulumi:prod::p::azure-native:network:RouteTable::rt-{i:D3}",
            "azure-native:network:RouteTable", $"tags.t{i}", null, new string('x', 100), DriftClass.TagsOnly, [])).ToList();
        var report = new DriftReport("prod", many);

        var md = DriftReports.Markdown(report, maxLength: 20000);

        Assert.That(md.Length, Is.LessThanOrEqualTo(20000));
        Assert.That(md, Does.Match(@"_\d+ of 400 rows left out to fit; `\./infra drift --stack prod --format json` lists them all\._"));
        Assert.That(md, Does.Contain("### What to do"));
    }

    [Test]
    public void Exit_code_is_0_without_drift_3_with_drift_and_4_with_security_relevant_drift()
    {
        static Difference Of(DriftClass c) => new(Comparison.StateVsLive, "urn", "type", "path", "a", "b", c, []);

        Assert.That(new DriftReport("s", []).ExitCode, Is.EqualTo(0));
        foreach (var c in new[] { DriftClass.Configuration, DriftClass.TagsOnly, DriftClass.DeletedOutOfBand, DriftClass.UnmanagedAddition })
            Assert.That(new DriftReport("s", [Of(c)]).ExitCode, Is.EqualTo(3), c.ToString());
        Assert.That(new DriftReport("s", [Of(DriftClass.TagsOnly), Of(DriftClass.SecurityRelevant)]).ExitCode, Is.EqualTo(4));
    }

    [Test]
    public void Json_values_are_strings_or_null_never_nested_json()
    {
        var report = DriftDetector.Compare(Desired(), Recorded(), Live(live =>
            Outputs(live, "documents-uan-st-pub")["networkRuleSet"]!["ipRules"]!.AsArray().Add(new JsonObject { ["action"] = "Allow", ["value"] = "203.0.113.7" })));

        using var doc = JsonDocument.Parse(DriftReports.Json(report));
        var d = doc.RootElement.GetProperty("differences")[0];

        Assert.That(d.GetProperty("live").ValueKind, Is.EqualTo(JsonValueKind.String));
        Assert.That(d.GetProperty("live").GetString(), Is.EqualTo("[{\"action\":\"Allow\",\"value\":\"203.0.113.7\"}]"));
    }
}
