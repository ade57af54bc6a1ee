using Oic.Infra.Policies.Reports;

namespace Oic.Infra.Policies.Tests.Reports;

[TestFixture]
public sealed class TextReportTests
{
    private ReportSamples _samples = null!;

    [SetUp]
    public void SetUp() => _samples = new ReportSamples();

    [TearDown]
    public void TearDown() => _samples.Dispose();

    [Test]
    public void Without_color_the_text_has_no_ANSI_escapes()
    {
        Assert.That(PolicyReports.Text(_samples.Report(), color: false), Does.Not.Contain("\u001b"));
    }

    [Test]
    public void With_color_high_severity_is_red_and_waived_is_dim()
    {
        var text = PolicyReports.Text(_samples.Report(), color: true);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("\u001b[31mHIGH (2)\u001b[0m"));
            Assert.That(text, Does.Contain("\u001b[2mWAIVED (1)\u001b[0m"));
            Assert.That(text, Does.Contain("\u001b[0m"));
        });
    }

    [Test]
    public void Header_names_the_source_the_resource_count_and_the_packs()
    {
        var lines = PolicyReports.Text(_samples.Report(), color: false).Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.Contain(_samples.StateFile));
            Assert.That(lines[1], Is.EqualTo("5 resources checked by 2 packs: baseline 1.0.0, hygiene 1.0.0"));
        });
    }

    [Test]
    public void Violations_are_grouped_most_severe_first_with_level_urn_declaration_message_and_controls()
    {
        var text = PolicyReports.Text(_samples.Report(), color: false);
        Assert.Multiple(() =>
        {
            Assert.That(text.IndexOf("HIGH (2)", StringComparison.Ordinal), Is.LessThan(text.IndexOf("LOW (2)", StringComparison.Ordinal)));
            Assert.That(text, Does.Contain("test-https-only [mandatory] Storage accounts accept HTTPS only"));
            Assert.That(text, Does.Contain("test-tagged [advisory]"));
            Assert.That(text, Does.Contain($"    {ReportSamples.Urn("stdocs")}\n    declared at "));
            Assert.That(text, Does.Contain("Storage.cs:42"));
            Assert.That(text, Does.Contain("enableHttpsTrafficOnly is false; must be true"));
            Assert.That(text, Does.Contain("controls: CIS-3.0:4.1, MCSB:DP-3"));
            Assert.That(text, Does.Not.Contain("CRITICAL"), "the only critical violation is waived");
        });
    }

    [Test]
    public void Unknowns_errors_and_waived_violations_have_their_own_sections()
    {
        var text = PolicyReports.Text(_samples.Report(), color: false);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("UNKNOWN (1)"));
            Assert.That(text, Does.Contain("test-https-only: 1 resource, e.g. stunknown:"));
            Assert.That(text, Does.Contain("ERRORS (1)"));
            Assert.That(text, Does.Contain("boom"));
            Assert.That(text, Does.Contain("WAIVED (1)"));
            Assert.That(text, Does.Contain("ticket SEC-1234, expires 2026-03-31"));
        });
    }

    [Test]
    public void Final_line_counts_violations_by_level()
    {
        var lines = PolicyReports.Text(_samples.Report(), color: false).TrimEnd('\n').Split('\n');
        Assert.That(lines[^1], Is.EqualTo("2 mandatory, 2 advisory, 1 waived violation(s) in 5 resources. 1 rule error. 1 unknown."));
    }

    [Test]
    public void A_clean_report_ends_with_no_violations()
    {
        var lines = PolicyReports.Text(ReportSamples.CleanReport(), color: false).TrimEnd('\n').Split('\n');
        Assert.That(lines[^1], Is.EqualTo("No violations in 1 resource."));
    }
}
