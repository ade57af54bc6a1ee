using System.Xml.Linq;

namespace Oic.Infra.Cli.Tests;

/// <summary><c>infra graph</c>, <c>infra report</c> and the <c>--format html</c> of the DR verbs, as real processes.</summary>
[TestFixture]
public sealed class ReportCommandTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Test]
    public void Graph_svg_of_prod_draws_both_regions_every_site_and_the_hub_address_spaces()
    {
        var graph = Repo.Infra("graph", "--stack", "prod");

        Assert.That(graph.ExitCode, Is.Zero, graph.ToString());
        var svg = XDocument.Parse(graph.Stdout);
        string[] Classes(XElement e) => ((string?)e.Attribute("class") ?? "").Split(' ');
        var groups = svg.Descendants(Svg + "g").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(groups.Where(g => Classes(g).Contains("site")).Select(g => (string?)g.Attribute("data-key")),
                Is.EquivalentTo(new[] { "jed", "nyc", "gva", "bru", "kbl", "sesric", "icdt" }));
            Assert.That(groups.Where(g => Classes(g).Contains("region")).Select(g => (string?)g.Attribute("data-location")),
                Is.EqualTo(new[] { "uaenorth", "uaecentral" }));
            Assert.That(svg.Descendants(Svg + "path").Count(p => Classes(p).Intersect(new[] { "region-link", "region-pair" }).Any()), Is.GreaterThanOrEqualTo(1));
            Assert.That(graph.Stdout, Does.Contain("10.40.0.0/23").And.Contain("10.41.0.0/23"));
        });
        Assert.That(Repo.Infra("graph", "--stack", "prod").Stdout, Is.EqualTo(graph.Stdout), "same input, same bytes");
    }

    [Test]
    public void Graph_mermaid_and_dot_name_every_site()
    {
        var mermaid = Repo.Infra("graph", "--stack", "prod", "--format", "mermaid");
        var dot = Repo.Infra("graph", "--stack", "prod", "--dr", "none", "--format", "dot");

        Assert.That(mermaid.ExitCode, Is.Zero, mermaid.ToString());
        Assert.That(mermaid.Stdout, Does.StartWith("flowchart LR\n").And.Contain("site_kbl").And.Contain("uaecentral"));
        Assert.That(dot.ExitCode, Is.Zero, dot.ToString());
        Assert.That(dot.Stdout, Does.StartWith("digraph estate {").And.Contain("site_sesric").And.Not.Contain("uaecentral"));
    }

    [Test]
    public void Graph_refuses_a_dr_stack_that_is_not_the_stacks_twin()
    {
        var graph = Repo.Infra("graph", "--stack", "prod", "--dr", "dev");

        Assert.That(graph.ExitCode, Is.EqualTo(2), graph.ToString());
        Assert.That(graph.Stderr, Does.Contain("is not the DR stack of 'prod'"));
        Assert.That(graph.Stdout, Is.Empty);
    }

    [Test]
    public void Dr_drill_html_is_one_self_contained_page_that_fetches_nothing()
    {
        var state = Path.Combine(Path.GetTempPath(), $"infra-drill-html-{Guid.NewGuid():N}");
        try
        {
            var drill = Repo.Infra("dr", "drill", "--stack", "prod", "--to", "prod-dr", "--documents", "20", "--format", "html", "--state-dir", state);

            Assert.That(drill.ExitCode, Is.Zero, drill.ToString());
            Assert.That(drill.Stdout, Does.StartWith("<!DOCTYPE html>").And.EndWith("</html>\n"));
            Assert.That(drill.Stdout, Does.Contain("default-src 'none'").And.Contain("8.5").And.Contain("Sign-off"));
            Assert.That(drill.Stdout, Does.Not.Contain("<script").And.Not.Contain("<link").And.Not.Contain(" src="));

            var report = Repo.Infra("report", "--stack", "prod", "--state-dir", state);
            Assert.That(report.ExitCode, Is.Zero, report.ToString());
            Assert.That(report.Stdout, Does.Contain("## Last disaster-recovery drill").And.Contain("result.json").And.Contain("## Coverage"));
        }
        finally
        {
            if (Directory.Exists(state)) Directory.Delete(state, recursive: true);
        }
    }
}
