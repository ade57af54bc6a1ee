using System.Text.RegularExpressions;
using Oic.Infra.Automation.Reports.Topology;
using Oic.Infra.Automation.Tests.Dr;
using Oic.Infra.Automation.Tests.Sandbox;
using Oic.Infra.Estate.Config;
using Oic.Infra.Resources;
using Oic.Infra.Stacks;

namespace Oic.Infra.Automation.Tests.Reports;

/// <summary>
/// <c>infra graph</c> draws the link between the regions from the compiled programs: the hub-to-hub
/// peering the primary stack declares (ADR 0013) becomes one line between the two hubs, labelled with
/// both hubs' address spaces, in SVG, Mermaid and DOT alike; without the peering there is no line.
/// </summary>
public sealed partial class TopologyLinkTests
{
    private const string Label = "global VNet peering: uaecentral 10.41.0.0/23 ⇄ uaenorth 10.40.0.0/23";

    private static EstateTopology Linked() => EstateTopology.From([DrStacks.Load("prod").Graph, DrStacks.Load("prod-dr").Graph]);

    /// <summary>prod with its DR hub rebuilt on demand instead of standing: the primary then has nothing to peer with.</summary>
    private static ResourceGraph ProdWithoutStandingDrHub()
    {
        var text = File.ReadAllText(RealStacks.StackFile("prod"));
        var changed = text.Replace("strategies: {connectivity: pilot-light, identity: pilot-light}", "strategies: {connectivity: rebuild, identity: pilot-light}", StringComparison.Ordinal);
        Assert.That(changed, Is.Not.EqualTo(text), "the reference stack file keeps connectivity as pilot light");
        return EstateProgram.Declare(EstateLoader.Load(StackConfig.FromStackFileText(changed, "prod-rebuilt-hub.yaml", "prod")));
    }

    [Test]
    public void The_peering_between_the_hubs_is_one_link_labelled_with_both_hub_address_spaces()
    {
        var topology = Linked();

        var link = topology.Links.Single();
        Assert.Multiple(() =>
        {
            Assert.That((link.From, link.To, link.Kind), Is.EqualTo(("uaecentral", "uaenorth", "global VNet peering")));
            Assert.That(link.Resource, Is.EqualTo("hub-uan-peer-hub-to-dr-hub"), "the half on the primary hub names the DR hub; the other half is on the DR hub itself");
            Assert.That(topology.Describe(link), Is.EqualTo(Label));
        });
    }

    [Test]
    public void Svg_draws_the_link_from_hub_to_hub_with_both_address_spaces()
    {
        var svg = TopologySvg.Render(Linked(), "prod + prod-dr");

        Assert.Multiple(() =>
        {
            Assert.That(RegionLinkPath().Matches(svg), Has.Count.EqualTo(1));
            Assert.That(svg, Does.Contain("data-from=\"uaecentral\" data-to=\"uaenorth\""));
            Assert.That(svg, Does.Contain($">{Label}</text>"), "the label on the line");
            Assert.That(svg, Does.Contain($"<title>{Label} (hub-uan-peer-hub-to-dr-hub)</title>"));
            Assert.That(svg, Does.Not.Contain("class=\"region-pair\""), "the dashed 'nothing between the hubs' line is for estates without a link");
        });
    }

    [Test]
    public void Mermaid_and_dot_draw_the_link_as_one_thick_edge_between_the_hubs()
    {
        var topology = Linked();
        var mermaid = TopologyText.Mermaid(topology);
        var dot = TopologyText.Dot(topology);

        Assert.Multiple(() =>
        {
            Assert.That(mermaid, Does.Contain($"  uaecentral_hub == \"{Label}\" === uaenorth_hub\n"));
            Assert.That(MermaidLink().Matches(mermaid), Has.Count.EqualTo(1));
            Assert.That(dot, Does.Contain($"  uaecentral_hub -> uaenorth_hub [label=\"{Label}\", penwidth=3, color=\"{Palette.RegionLink}\"];\n"));
            Assert.That(mermaid, Does.Contain("hub vnet-oicgs-prod-hub-uan<br/>10.40.0.0/23").And.Contain("hub vnet-oicgs-prod-hub-uac<br/>10.41.0.0/23"));
        });
    }

    [Test]
    public void Without_the_peering_no_link_is_drawn_and_the_svg_says_the_hubs_are_not_connected()
    {
        var topology = EstateTopology.From([ProdWithoutStandingDrHub(), DrStacks.Load("prod-dr").Graph]);
        var svg = TopologySvg.Render(topology, "prod + prod-dr");

        Assert.Multiple(() =>
        {
            Assert.That(topology.Links, Is.Empty);
            Assert.That(RegionLinkPath().Matches(svg), Is.Empty);
            Assert.That(svg, Does.Contain("class=\"region-pair\""));
            Assert.That(TopologyText.Mermaid(topology), Does.Not.Contain(" == "));
            Assert.That(TopologyText.Dot(topology), Does.Not.Contain("penwidth=3"));
        });
    }

    [Test]
    public void Drawn_alone_the_primary_still_shows_its_link_to_the_DR_region_whose_stack_is_not_drawn()
    {
        var topology = EstateTopology.From([DrStacks.Load("prod").Graph]);

        var link = topology.Links.Single();
        Assert.Multiple(() =>
        {
            Assert.That(topology.Describe(link), Is.EqualTo("global VNet peering: uaenorth 10.40.0.0/23 ⇄ vnet-oicgs-prod-hub-uac"));
            Assert.That(TopologySvg.Render(topology, "prod"), Does.Contain("(its stack is not drawn)"));
        });
    }

    [GeneratedRegex("<path class=\"region-link\"")]
    private static partial Regex RegionLinkPath();

    [GeneratedRegex(" == \"")]
    private static partial Regex MermaidLink();
}
