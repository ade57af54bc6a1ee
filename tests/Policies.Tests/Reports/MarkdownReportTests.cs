using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Reports;

namespace Oic.Infra.Policies.Tests.Reports;

[TestFixture]
public sealed class MarkdownReportTests
{
    private ReportSamples _samples = null!;

    [SetUp]
    public void SetUp() => _samples = new ReportSamples();

    [TearDown]
    public void TearDown() => _samples.Dispose();

    private static List<string> ViolationRows(string markdown) =>
        [.. markdown.Split('\n').Where(l => l.StartsWith("| high |", StringComparison.Ordinal) || l.StartsWith("| low |", StringComparison.Ordinal))];

    [Test]
    public void Report_with_mandatory_violations_is_marked_blocked()
    {
        var md = PolicyReports.Markdown(_samples.Report());
        Assert.That(md, Does.Contain("**Blocked**: 2 mandatory violations, 2 advisory violations in 5 resources"));
    }

    [Test]
    public void Clean_report_is_marked_passed()
    {
        var md = PolicyReports.Markdown(ReportSamples.CleanReport());
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Contain("**Passed** in 1 resource."));
            Assert.That(md, Does.Not.Contain("### Violations"));
        });
    }

    [Test]
    public void Summary_table_counts_each_pack_by_level_and_waived()
    {
        var md = PolicyReports.Markdown(_samples.Report());
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Contain("| Pack | Mandatory | Advisory | Waived |"));
            Assert.That(md, Does.Contain("| baseline | 2 | 0 | 1 |"));
            Assert.That(md, Does.Contain("| hygiene | 0 | 2 | 0 |"));
            Assert.That(md, Does.Contain("| **Total** | **2** | **2** | **1** |"));
        });
    }

    [Test]
    public void Violations_table_lists_open_violations_most_severe_first_with_the_urn_folded_away()
    {
        var md = PolicyReports.Markdown(_samples.Report());
        var rows = ViolationRows(md);
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(4));
            Assert.That(rows[0], Does.StartWith("| high | mandatory | `test-https-only` | <details><summary><code>starchive</code></summary>"));
            Assert.That(rows[0], Does.Contain($"<code>{ReportSamples.Urn("starchive")}</code></details>"));
            Assert.That(rows[0], Does.EndWith("| enableHttpsTrafficOnly is false; must be true |"));
            Assert.That(rows[^1], Does.StartWith("| low | advisory | `test-tagged` |"));
        });
    }

    [Test]
    public void Waived_violations_show_ticket_and_expiry()
    {
        var md = PolicyReports.Markdown(_samples.Report());
        Assert.That(md, Does.Contain("| SEC-1234 | 2026-03-31 | ciso@oic-oci.org |"));
    }

    [Test]
    public void Control_coverage_lists_evidenced_controls_per_framework_and_those_violated()
    {
        var md = PolicyReports.Markdown(_samples.Report());
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Contain("| CIS-3.0 | 2: 4.1, 4.17 | 1: 4.1 |"));
            Assert.That(md, Does.Contain("| MCSB | 4: AM-2, DP-3, DP-8, NS-2 | 2: AM-2, DP-3 |"));
            Assert.That(md.IndexOf("| CIS-3.0 |", StringComparison.Ordinal), Is.LessThan(md.IndexOf("| MCSB |", StringComparison.Ordinal)));
        });
    }

    [Test]
    public void Unknowns_and_rule_errors_are_counted()
    {
        var md = PolicyReports.Markdown(_samples.Report());
        Assert.That(md, Does.Contain("Not judged: 1 unknown (values not known yet), 1 rule error; see the full report artifact."));
    }

    [Test]
    public void Long_report_is_cut_at_a_row_boundary_within_the_limit_and_says_how_many_rows_were_left_out()
    {
        var report = ReportSamples.ManyViolations(60);
        var full = PolicyReports.Markdown(report);
        var cut = PolicyReports.Markdown(report, maxLength: 2000);
        var kept = ViolationRows(cut);
        Assert.Multiple(() =>
        {
            Assert.That(full.Length, Is.GreaterThan(2000));
            Assert.That(ViolationRows(full), Has.Count.EqualTo(120));
            Assert.That(cut.Length, Is.LessThanOrEqualTo(2000));
            Assert.That(kept, Is.Not.Empty);
            Assert.That(kept, Is.EqualTo(ViolationRows(full).Take(kept.Count)), "whole rows, most severe first");
            Assert.That(cut, Does.Contain($"_{120 - kept.Count} of 120 violation rows left out to fit this comment; see the full report artifact._"));
            Assert.That(cut, Does.Contain("**Blocked**: 60 mandatory violations"));
        });
    }

    [TestCase(2000)]
    [TestCase(600)]
    [TestCase(120)]
    [TestCase(10)]
    public void Markdown_never_exceeds_its_limit(int maxLength)
    {
        Assert.That(PolicyReports.Markdown(ReportSamples.ManyViolations(60), maxLength), Has.Length.LessThanOrEqualTo(maxLength));
    }

    [Test]
    public void Pipes_and_markup_in_messages_cannot_break_the_table()
    {
        var rule = new ResourceRule("test-odd-message", "Odd messages stay in their cell", "Escaping.", Severity.Medium, [], [ReportSamples.Storage],
            (_, _) => Outcome.Fail("a|b <script>x</script>\nnext"));
        var report = Evaluator.Run(new ResourceSet("prod", "oic-gs-infra", [ReportSamples.Account("stodd", https: true)], "state"),
            [PolicyPack.Of("odd", "odd", Enforcement.Advisory, rule)]);
        var row = PolicyReports.Markdown(report).Split('\n').Single(l => l.StartsWith("| medium |", StringComparison.Ordinal));
        Assert.That(row, Does.EndWith("| a\\|b &lt;script&gt;x&lt;/script&gt;<br>next |"));
    }

    [Test]
    public void Report_that_fits_is_not_cut()
    {
        var md = PolicyReports.Markdown(_samples.Report());
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Not.Contain("left out"));
            Assert.That(md.Length, Is.LessThanOrEqualTo(PolicyReports.MarkdownCommentLimit));
        });
    }
}
