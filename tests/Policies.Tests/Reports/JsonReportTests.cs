using System.Text.Json;
using Oic.Infra.Policies.Reports;

namespace Oic.Infra.Policies.Tests.Reports;

[TestFixture]
public sealed class JsonReportTests
{
    private ReportSamples _samples = null!;
    private JsonDocument _doc = null!;
    private JsonElement Root => _doc.RootElement;

    [SetUp]
    public void SetUp()
    {
        _samples = new ReportSamples();
        _doc = JsonDocument.Parse(PolicyReports.Json(_samples.Report()));
    }

    [TearDown]
    public void TearDown()
    {
        _doc.Dispose();
        _samples.Dispose();
    }

    [Test]
    public void Top_level_holds_results_summary_unknown_and_errors_in_that_order()
    {
        Assert.That(ReportSamples.PropertyNames(Root), Is.EqualTo(new[] { "results", "summary", "unknown", "errors" }));
    }

    [Test]
    public void Each_result_has_exactly_the_design_fields()
    {
        var results = Root.GetProperty("results").EnumerateArray().ToList();
        Assert.That(results, Is.Not.Empty);
        foreach (var result in results)
        {
            Assert.That(ReportSamples.PropertyNames(result),
                Is.EqualTo(new[] { "policy", "pack", "enforcement", "severity", "urn", "type", "message", "controls", "waived" }));
            Assert.Multiple(() =>
            {
                Assert.That(result.GetProperty("enforcement").GetString(), Is.AnyOf("mandatory", "advisory"));
                Assert.That(result.GetProperty("severity").GetString(), Is.AnyOf("low", "medium", "high", "critical"));
                Assert.That(result.GetProperty("controls").ValueKind, Is.EqualTo(JsonValueKind.Array));
                Assert.That(result.GetProperty("waived").ValueKind, Is.AnyOf(JsonValueKind.True, JsonValueKind.False));
                Assert.That(result.GetProperty("message").GetString(), Is.Not.Empty);
            });
        }
    }

    [Test]
    public void Summary_counts_resources_unwaived_violations_by_level_and_waived_ones()
    {
        var summary = Root.GetProperty("summary");
        Assert.Multiple(() =>
        {
            Assert.That(ReportSamples.PropertyNames(summary), Is.EqualTo(new[] { "resources", "mandatory", "advisory", "waived" }));
            Assert.That(summary.GetProperty("resources").GetInt32(), Is.EqualTo(5));
            Assert.That(summary.GetProperty("mandatory").GetInt32(), Is.EqualTo(2));
            Assert.That(summary.GetProperty("advisory").GetInt32(), Is.EqualTo(2));
            Assert.That(summary.GetProperty("waived").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public void Results_hold_every_violation_waived_ones_marked_ordered_by_policy_then_urn()
    {
        var results = Root.GetProperty("results").EnumerateArray()
            .Select(r => (Policy: r.GetProperty("policy").GetString(), Urn: r.GetProperty("urn").GetString(), Waived: r.GetProperty("waived").GetBoolean()))
            .ToList();
        Assert.That(results, Is.EqualTo(new[]
        {
            ("test-https-only", ReportSamples.Urn("starchive"), false),
            ("test-https-only", ReportSamples.Urn("stdocs"), false),
            ("test-no-public-blob", ReportSamples.Urn("stpublic"), true),
            ("test-tagged", ReportSamples.Urn("starchive"), false),
            ("test-tagged", ReportSamples.Urn("stunknown"), false),
        }));
    }

    [Test]
    public void A_result_carries_its_pack_level_severity_type_message_and_controls()
    {
        var first = Root.GetProperty("results")[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("pack").GetString(), Is.EqualTo("baseline"));
            Assert.That(first.GetProperty("enforcement").GetString(), Is.EqualTo("mandatory"));
            Assert.That(first.GetProperty("severity").GetString(), Is.EqualTo("high"));
            Assert.That(first.GetProperty("type").GetString(), Is.EqualTo(ReportSamples.Storage));
            Assert.That(first.GetProperty("message").GetString(), Is.EqualTo("enableHttpsTrafficOnly is false; must be true"));
            Assert.That(first.GetProperty("controls").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "CIS-3.0:4.1", "MCSB:DP-3" }));
        });
        var tagged = Root.GetProperty("results")[3];
        Assert.That(tagged.GetProperty("enforcement").GetString(), Is.EqualTo("advisory"));
    }

    [Test]
    public void Unknowns_and_rule_errors_are_listed_apart_from_violations()
    {
        var unknown = Root.GetProperty("unknown").EnumerateArray().ToList();
        var errors = Root.GetProperty("errors").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(unknown, Has.Count.EqualTo(1));
            Assert.That(ReportSamples.PropertyNames(unknown[0]), Is.EqualTo(new[] { "policy", "pack", "urn", "type", "message" }));
            Assert.That(unknown[0].GetProperty("urn").GetString(), Is.EqualTo(ReportSamples.Urn("stunknown")));
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(ReportSamples.PropertyNames(errors[0]), Is.EqualTo(new[] { "policy", "pack", "urn", "type", "message" }));
            Assert.That(errors[0].GetProperty("policy").GetString(), Is.EqualTo("test-vault-throws"));
            Assert.That(errors[0].GetProperty("message").GetString(), Does.Contain("boom"));
        });
    }

    [Test]
    public void The_same_report_renders_to_the_same_bytes()
    {
        var first = PolicyReports.Json(_samples.Report());
        var second = PolicyReports.Json(_samples.Report());
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void A_clean_report_has_empty_lists_and_zero_counts()
    {
        using var doc = JsonDocument.Parse(PolicyReports.Json(ReportSamples.CleanReport()));
        var root = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("results").GetArrayLength(), Is.Zero);
            Assert.That(root.GetProperty("unknown").GetArrayLength(), Is.Zero);
            Assert.That(root.GetProperty("errors").GetArrayLength(), Is.Zero);
            Assert.That(root.GetProperty("summary").GetProperty("resources").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("summary").GetProperty("mandatory").GetInt32(), Is.Zero);
        });
    }
}
