using Oic.Infra.Estate.Addressing;
using Oic.Infra.Estate.Azure;
using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Errors;
using Oic.Infra.Stacks.Tests.Support;
using Oic.Infra.Synth;

namespace Oic.Infra.Stacks.Tests;

/// <summary>
/// The estate at OIC scale (issue 15): the headquarters, four offices, the six subsidiary organs and the 57
/// member states (Fixtures/oic-scale, written by its generate.py). With the member states behind the front it
/// compiles; with everyone on IPsec the VPN gateway's documented tunnel limit refuses it, naming the limit,
/// its source and what to change.
/// </summary>
[TestFixture]
public sealed class OicScaleTests
{
    private static string Fixture(string name) => Path.Combine(ReferenceStacks.Root, "tests", "Stacks.Tests", "Fixtures", "oic-scale", name);

    private static StackConfig Read(string name) => StackConfig.FromStackFile(Fixture(name), $"Fixtures/oic-scale/{name}");

    [Test]
    public void Organs_on_ipsec_and_member_states_behind_the_front_compile_with_a_plan_that_holds()
    {
        var estate = EstateLoader.Load(Read("Pulumi.oic-scale.yaml"));
        Assert.That(estate.Partners, Has.Count.EqualTo(6), "the six subsidiary organs");
        Assert.That(estate.FrontPartners, Has.Count.EqualTo(57), "the 57 member states");
        var tunnels = estate.Sites.Count() * VpnGatewayCapacity.TunnelsPerConnection;
        Assert.That(tunnels, Is.EqualTo(22).And.LessThanOrEqualTo(VpnGatewayCapacity.MaxTunnels(estate.Network.VpnGatewaySku)!.Value));

        var (plan, problems) = AddressPlanner.Plan(estate);
        Assert.That(problems, Is.Empty);
        Assert.That(AddressPlanner.FindOverlaps(estate, plan!), Is.Empty);

        var graph = EstateProgram.Declare(estate);
        var program = YamlProgramWriter.Write(graph, ReferenceStacks.Description);
        Assert.Multiple(() =>
        {
            Assert.That(graph.Resources.Count(r => r.Type == "azure-native:network:VirtualNetworkGatewayConnection"), Is.EqualTo(11));
            Assert.That(graph.Resources.Count(r => r.Type == "azure-native:apimanagement:ApiManagementService"), Is.EqualTo(1), "one shared front");
            Assert.That(graph.Resources.Count(r => r.Type == "azure-native:apimanagement:Product"), Is.EqualTo(57), "one product per member state");
            Assert.That(graph.Resources.Count(r => r.Type == "azure-native:apimanagement:Subscription"), Is.EqualTo(57), "one credential per member state");
            Assert.That(graph.Resources.Count(r => r.Type == "azure-native:network:LocalNetworkGateway" && r.LogicalName.Contains("-lgw-sau", StringComparison.Ordinal)), Is.Zero,
                "a member state behind the front has no tunnel");
            Assert.That(program, Does.Not.Contain("primaryKey").And.Not.Contain("secondaryKey"), "subscription keys are Azure's, never the program's");
        });
    }

    [Test]
    public void Everyone_on_ipsec_is_refused_at_the_partner_that_crosses_the_tunnel_limit_naming_the_limit_and_its_source()
    {
        var e = Assert.Throws<EstateConfigException>(() => EstateLoader.Load(Read("Pulumi.oic-scale-ipsec.yaml")))!;
        Assert.That(e.Kind, Is.EqualTo(ErrorKind.InvalidInput), "exit 2");
        var capacity = e.Diagnostics.Select(d => d.ToString()).Where(d => d.Contains("capacity", StringComparison.Ordinal)).ToList();
        Assert.That(capacity, Has.Count.EqualTo(1), string.Join("\n", e.Diagnostics));
        // 1 headquarters + 4 offices + 63 partners = 68 connections; VpnGw2AZ holds 30 tunnels = 15 connections,
        // so the 16th site (partners[10]) is the one that crosses.
        Assert.That(capacity[0], Does.StartWith("Fixtures/oic-scale/Pulumi.oic-scale-ipsec.yaml:"));
        Assert.That(capacity[0], Does.Contain("partners[10].key 'bhr' takes the VPN gateway over its capacity"));
        Assert.That(capacity[0], Does.Contain("68 site-to-site connections").And.Contain("136 tunnels")
            .And.Contain("over the 30 that VpnGw2AZ carries (https://learn.microsoft.com/azure/vpn-gateway/about-gateway-skus)")
            .And.Contain("kind: front").And.Contain("Virtual WAN"));
        Assert.That(capacity[0], Does.Not.Contain("VpnGw4AZ"), "136 tunnels are beyond any SKU: a bigger gateway is no answer");
    }

    [Test]
    public void A_few_partners_over_a_small_gateway_are_told_the_bigger_sku_that_holds_them()
    {
        var text = File.ReadAllText(Fixture("Pulumi.oic-scale.yaml"));
        // Eleven connections are 22 tunnels; ten more member states on IPsec make 42, over VpnGw2AZ's 30 but within VpnGw4AZ's 100.
        var config = StackConfig.FromStackFileText(ToIpsec(text, 10), "Fixtures/oic-scale/more-ipsec.yaml", "oic-scale");
        var e = Assert.Throws<EstateConfigException>(() => EstateLoader.Load(config))!;
        Assert.That(e.Diagnostics.Select(d => d.ToString()), Has.One.Contains("42 tunnels").And.Contains("set network.vpnGatewaySku to VpnGw4AZ or VpnGw5AZ (100 tunnels)"));

        var bigger = StackConfig.FromStackFileText(ToIpsec(text, 10).Replace("vpnGatewaySku: VpnGw2AZ", "vpnGatewaySku: VpnGw4AZ", StringComparison.Ordinal),
            "Fixtures/oic-scale/more-ipsec-vpngw4.yaml", "oic-scale");
        Assert.That(EstateLoader.Load(bigger).Partners, Has.Count.EqualTo(16));
    }

    /// <summary>Turns the first <paramref name="count"/> front member states into IPsec partners (prefixes and peers from their id).</summary>
    private static string ToIpsec(string text, int count)
    {
        var lines = text.Split('\n').ToList();
        var done = 0;
        for (var i = 0; i < lines.Count && done < count; i++)
        {
            if (lines[i] != "      kind: front") continue;
            var id = int.Parse(lines[i - 2].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
            var grants = lines.FindIndex(i, l => l == "      grants:");
            lines.RemoveRange(grants, 3);
            lines.Insert(grants, $"      vpnPeerAddress: 203.0.113.{100 + id}");
            lines.Insert(grants, $"      onPremPrefixes: [172.{20 + (id - 1) * 4 / 256}.{(id - 1) * 4 % 256}.0/22]");
            lines.RemoveAt(i);
            done++;
        }
        return string.Join('\n', lines);
    }
}
