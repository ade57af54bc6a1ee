using System.Text.Json;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Reports;

namespace Oic.Infra.Policies.Tests.Reports;

/// <summary>SARIF as GitHub code scanning accepts it (reference/baseline.md §3 and §4).</summary>
[TestFixture]
public sealed class SarifReportTests
{
    private ReportSamples _samples = null!;

    [SetUp]
    public void SetUp() => _samples = new ReportSamples();

    [TearDown]
    public void TearDown() => _samples.Dispose();

    private SarifOptions Options => new(_samples.Root, "policy/prod", _samples.StateFile);

    private JsonDocument Render(PolicyReport? report = null, SarifOptions? options = null) =>
        JsonDocument.Parse(PolicyReports.Sarif(report ?? _samples.Report(), options ?? Options));

    private static JsonElement Run(JsonDocument doc) => doc.RootElement.GetProperty("runs")[0];

    private static List<JsonElement> Results(JsonDocument doc) => [.. Run(doc).GetProperty("results").EnumerateArray()];

    private static JsonElement ResultFor(JsonDocument doc, string ruleId, string name) =>
        Results(doc).Single(r => r.GetProperty("ruleId").GetString() == ruleId &&
            r.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString() == ReportSamples.Urn(name));

    [Test]
    public void Log_has_the_schema_version_and_a_single_run()
    {
        using var doc = Render();
        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.GetProperty("$schema").GetString(), Is.EqualTo("https://json.schemastore.org/sarif-2.1.0.json"));
            Assert.That(doc.RootElement.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
            Assert.That(doc.RootElement.GetProperty("runs").GetArrayLength(), Is.EqualTo(1));
        });
    }

    [Test]
    public void Driver_names_the_tool_and_its_version()
    {
        using var doc = Render(options: Options with { ToolVersion = "2.3.4", InformationUri = new Uri("https://example.org/policies") });
        var driver = Run(doc).GetProperty("tool").GetProperty("driver");
        Assert.Multiple(() =>
        {
            Assert.That(driver.GetProperty("name").GetString(), Is.EqualTo("oic-gs-infra policy"));
            Assert.That(driver.GetProperty("semanticVersion").GetString(), Is.EqualTo("2.3.4"));
            Assert.That(driver.GetProperty("informationUri").GetString(), Is.EqualTo("https://example.org/policies"));
        });
    }

    [Test]
    public void Every_rule_of_every_pack_is_described_with_the_properties_GitHub_requires()
    {
        using var doc = Render();
        var rules = Run(doc).GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.That(rules.Select(r => r.GetProperty("id").GetString()),
            Is.EqualTo(new[] { "test-https-only", "test-no-public-blob", "test-vault-throws", "test-tagged" }));
        foreach (var rule in rules)
            Assert.Multiple(() =>
            {
                Assert.That(rule.GetProperty("name").GetString(), Is.Not.Empty);
                Assert.That(rule.GetProperty("shortDescription").GetProperty("text").GetString(), Is.Not.Empty);
                Assert.That(rule.GetProperty("fullDescription").GetProperty("text").GetString(), Is.Not.Empty);
                Assert.That(rule.GetProperty("help").GetProperty("text").GetString(), Is.Not.Empty);
                Assert.That(rule.GetProperty("help").GetProperty("markdown").GetString(), Is.Not.Empty);
                Assert.That(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), Is.AnyOf("error", "warning", "note"));
                Assert.That(rule.GetProperty("properties").GetProperty("precision").GetString(), Is.EqualTo("very-high"));
                Assert.That(rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Has.Member("security"));
            });
    }

    [Test]
    public void Rule_carries_title_why_controls_and_pack_as_tags()
    {
        using var doc = Render();
        var https = Run(doc).GetProperty("tool").GetProperty("driver").GetProperty("rules")[0];
        Assert.Multiple(() =>
        {
            Assert.That(https.GetProperty("shortDescription").GetProperty("text").GetString(), Is.EqualTo("Storage accounts accept HTTPS only"));
            Assert.That(https.GetProperty("fullDescription").GetProperty("text").GetString(), Does.StartWith("Documents in transit").And.Contain("CIS-3.0:4.1, MCSB:DP-3"));
            Assert.That(https.GetProperty("help").GetProperty("text").GetString(), Does.Contain("Storage accounts accept HTTPS only").And.Contain("MCSB:DP-3"));
            Assert.That(https.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()),
                Is.EqualTo(new[] { "security", "baseline", "CIS-3.0:4.1", "MCSB:DP-3" }));
        });
    }

    [TestCase(0, "test-https-only", "8.9", "error")]
    [TestCase(1, "test-no-public-blob", "10.0", "error")]
    [TestCase(2, "test-vault-throws", "6.9", "warning")]
    [TestCase(3, "test-tagged", "3.9", "note")]
    public void Security_severity_is_a_string_mapped_from_the_rule_severity(int index, string id, string securitySeverity, string level)
    {
        using var doc = Render();
        var rule = Run(doc).GetProperty("tool").GetProperty("driver").GetProperty("rules")[index];
        var value = rule.GetProperty("properties").GetProperty("security-severity");
        Assert.Multiple(() =>
        {
            Assert.That(rule.GetProperty("id").GetString(), Is.EqualTo(id));
            Assert.That(value.ValueKind, Is.EqualTo(JsonValueKind.String), "GitHub rejects a numeric security-severity");
            Assert.That(value.GetString(), Is.EqualTo(securitySeverity));
            Assert.That(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), Is.EqualTo(level));
        });
    }

    [Test]
    public void Waived_violations_unknowns_and_rule_errors_are_not_results()
    {
        using var doc = Render();
        Assert.That(Results(doc).Select(r => r.GetProperty("ruleId").GetString()),
            Is.EqualTo(new[] { "test-https-only", "test-https-only", "test-tagged", "test-tagged" }));
    }

    [Test]
    public void Every_result_has_message_one_location_region_and_fingerprint()
    {
        using var doc = Render();
        foreach (var result in Results(doc))
        {
            var location = result.GetProperty("locations");
            var physical = location[0].GetProperty("physicalLocation");
            Assert.Multiple(() =>
            {
                Assert.That(result.GetProperty("message").GetProperty("text").GetString(), Is.Not.Empty);
                Assert.That(location.GetArrayLength(), Is.EqualTo(1));
                Assert.That(physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString(), Is.EqualTo("%SRCROOT%"));
                Assert.That(physical.GetProperty("region").GetProperty("startLine").GetInt32(), Is.GreaterThanOrEqualTo(1));
                Assert.That(result.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString(), Is.Not.Empty);
                Assert.That(location[0].GetProperty("logicalLocations")[0].GetProperty("kind").GetString(), Is.EqualTo("resource"));
            });
        }
    }

    [Test]
    public void Artifact_uris_are_repository_relative_without_backslashes_or_schemes()
    {
        using var doc = Render();
        foreach (var result in Results(doc))
        {
            var uri = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;
            Assert.Multiple(() =>
            {
                Assert.That(uri, Does.Not.Contain("\\"));
                Assert.That(uri, Does.Not.StartWith("/"));
                Assert.That(uri, Does.Not.Contain(":"));
                Assert.That(uri, Does.Not.StartWith(".."));
            });
        }
    }

    [Test]
    public void Resource_from_the_compiled_graph_is_located_at_its_declaring_line()
    {
        using var doc = Render();
        var physical = ResultFor(doc, "test-https-only", "stdocs").GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Multiple(() =>
        {
            Assert.That(physical.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("stacks/Components/Storage.cs"));
            Assert.That(physical.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(42));
        });
    }

    [Test]
    public void Declaration_written_with_backslashes_and_line_zero_becomes_forward_slashes_and_line_one()
    {
        using var doc = Render();
        var physical = ResultFor(doc, "test-tagged", "stunknown").GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Multiple(() =>
        {
            Assert.That(physical.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("stacks/Hub/Network.cs"));
            Assert.That(physical.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public void Resource_from_state_is_located_at_its_own_urn_entry_in_the_input_document()
    {
        using var doc = Render();
        var physical = ResultFor(doc, "test-https-only", "starchive").GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Multiple(() =>
        {
            Assert.That(physical.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("state/prod.json"));
            Assert.That(ReportSamples.StateLineOf("starchive"), Is.GreaterThan(1));
            Assert.That(physical.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(ReportSamples.StateLineOf("starchive")),
                "its own \"urn\" entry, not the earlier mention in another resource's dependencies");
        });
    }

    [Test]
    public void Resource_missing_from_the_input_document_is_located_at_line_one()
    {
        using var noDeclaration = Render(Evaluator.Run(new ResourceSet("prod", "oic-gs-infra", [ReportSamples.Account("stghost", https: false)], "state"),
            [ReportSamples.Baseline]));
        var ghost = Results(noDeclaration)[0].GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Multiple(() =>
        {
            Assert.That(ghost.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("state/prod.json"));
            Assert.That(ghost.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public void Logical_location_carries_the_urn()
    {
        using var doc = Render();
        var logical = ResultFor(doc, "test-https-only", "stdocs").GetProperty("locations")[0].GetProperty("logicalLocations")[0];
        Assert.That(logical.GetProperty("fullyQualifiedName").GetString(), Is.EqualTo(ReportSamples.Urn("stdocs")));
    }

    [Test]
    public void Rule_index_points_at_the_rule_the_result_names()
    {
        using var doc = Render();
        var rules = Run(doc).GetProperty("tool").GetProperty("driver").GetProperty("rules");
        foreach (var result in Results(doc))
        {
            var index = result.GetProperty("ruleIndex").GetInt32();
            Assert.That(index, Is.InRange(0, rules.GetArrayLength() - 1));
            Assert.That(rules[index].GetProperty("id").GetString(), Is.EqualTo(result.GetProperty("ruleId").GetString()));
        }
    }

    [Test]
    public void Level_follows_severity_and_enforcement_goes_in_properties()
    {
        using var doc = Render();
        var https = ResultFor(doc, "test-https-only", "stdocs");
        var tagged = ResultFor(doc, "test-tagged", "starchive");
        Assert.Multiple(() =>
        {
            Assert.That(https.GetProperty("level").GetString(), Is.EqualTo("error"));
            Assert.That(https.GetProperty("properties").GetProperty("enforcement").GetString(), Is.EqualTo("mandatory"));
            Assert.That(tagged.GetProperty("level").GetString(), Is.EqualTo("note"));
            Assert.That(tagged.GetProperty("properties").GetProperty("enforcement").GetString(), Is.EqualTo("advisory"));
        });
    }

    [Test]
    public void Automation_id_is_the_category_followed_by_a_slash()
    {
        using var doc = Render();
        using var slashed = Render(options: Options with { Category = "policy/prod-dr/" });
        Assert.Multiple(() =>
        {
            Assert.That(Run(doc).GetProperty("automationDetails").GetProperty("id").GetString(), Is.EqualTo("policy/prod/"));
            Assert.That(Run(slashed).GetProperty("automationDetails").GetProperty("id").GetString(), Is.EqualTo("policy/prod-dr/"));
        });
    }

    [Test]
    public void Fingerprints_are_stable_across_runs_and_line_moves_and_distinct_per_rule_and_resource()
    {
        static string[] Fingerprints(JsonDocument d) =>
            [.. Results(d).Select(r => r.GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString()!)];
        using var before = Render(_samples.Report(declaredLine: 42));
        using var after = Render(_samples.Report(declaredLine: 97));
        Assert.Multiple(() =>
        {
            Assert.That(Fingerprints(after), Is.EqualTo(Fingerprints(before)));
            Assert.That(Fingerprints(before), Is.Unique);
        });
    }

    [Test]
    public void Expired_waiver_finding_is_a_result_with_its_own_rule()
    {
        var report = Evaluator.Run(_samples.Resources(), [ReportSamples.Baseline, ReportSamples.Hygiene],
            waivers: _samples.Waivers("2026-01-01"), today: ReportSamples.Today);
        using var doc = Render(report);
        var rules = Run(doc).GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var expired = Results(doc).Single(r => r.GetProperty("ruleId").GetString() == "waiver-expired");
        Assert.Multiple(() =>
        {
            Assert.That(rules[expired.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString(), Is.EqualTo("waiver-expired"));
            Assert.That(Results(doc).Select(r => r.GetProperty("ruleId").GetString()), Has.Member("test-no-public-blob"), "the violation is no longer waived");
        });
    }

    [Test]
    public void Without_declaration_or_input_document_the_location_is_the_project_file()
    {
        var report = Evaluator.Run(new ResourceSet("prod", "oic-gs-infra", [ReportSamples.Account("stbare", https: false)], "state"), [ReportSamples.Baseline]);
        using var doc = Render(report, new SarifOptions(_samples.Root, "policy/prod"));
        var physical = Results(doc)[0].GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Multiple(() =>
        {
            Assert.That(physical.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo("Pulumi.yaml"));
            Assert.That(physical.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public void The_same_report_renders_to_the_same_bytes()
    {
        var first = PolicyReports.Sarif(_samples.Report(), Options);
        var second = PolicyReports.Sarif(_samples.Report(), Options);
        Assert.That(second, Is.EqualTo(first));
    }
}
