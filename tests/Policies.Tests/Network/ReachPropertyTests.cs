using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Rules.Network.Reach;
using Oic.Infra.Policies.Tests.Support;

namespace Oic.Infra.Policies.Tests.Network;

/// <summary>
/// The reachability model against one change at a time on the fixture estate of
/// <c>reach-partner-isolation</c>: one permissive NSG or firewall rule changes exactly the cells it
/// should (and nothing else), and removing the route a path takes closes it.
/// </summary>
[TestFixture]
public sealed class ReachPropertyTests
{
    private const int Runs = 40;

    private static readonly string Base = File.ReadAllText(Path.Combine(RuleFixture.Dir("reach-partner-isolation"), "resources.yaml"));

    private static ReachMatrix Matrix(string yaml)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"reach-{Guid.NewGuid():N}.json");
        File.WriteAllText(temp, RuleFixture.ToStackExport(yaml, "fixture"));
        try
        {
            return Reachability.Compute(StateDocuments.FromStackExport(temp, "reach fixture"));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static readonly ReachMatrix Before = Matrix(Base);

    /// <summary>(from, to) → traffic, for every cell.</summary>
    private static Dictionary<(string, string), string> Cells(ReachMatrix m) =>
        m.Cells.ToDictionary(c => (c.From.Name, c.To.Name), c => c.Traffic.ToString());

    private static string Port(int p) => p.ToString(CultureInfo.InvariantCulture);

    private static string SecurityRule(string nsg, int port) => $"""

  - name: added-rule
    type: azure-native:network:SecurityRule
    properties:
      securityRuleName: AllowAdded
      networkSecurityGroupName: {nsg}
      resourceGroupName: rg-hub
      priority: 200
      direction: Inbound
      access: Allow
      protocol: Tcp
      sourceAddressPrefix: Internet
      sourcePortRange: "*"
      destinationAddressPrefix: "*"
      destinationPortRange: "{Port(port)}"
""";

    private static string FirewallRule(string source, string destination, int port) => $"""

  - name: added-rules
    type: azure-native:network:FirewallPolicyRuleCollectionGroup
    properties:
      ruleCollectionGroupName: added
      firewallPolicyName: afwp-hub
      resourceGroupName: rg-hub
      priority: 100
      ruleCollections:
        - ruleCollectionType: FirewallPolicyFilterRuleCollection
          name: added
          priority: 100
          action: {"{"}type: Allow{"}"}
          rules:
            - {"{"}ruleType: NetworkRule, name: added, ipProtocols: [TCP], sourceAddresses: [{source}], destinationAddresses: [{destination}], destinationPorts: ["{Port(port)}"]{"}"}
""";

    private static void Check(Arbitrary<(string Target, int Port)> cases, Func<(string Target, int Port), bool> property) =>
        Prop.ForAll(cases, c => property(c).Label($"{c.Target}, port {Port(c.Port)}")).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(Runs));

    [Test]
    public void One_permissive_nsg_rule_opens_exactly_the_subnet_the_internet_already_arrives_at()
    {
        // Only snet-web (nsg-web) and snet-edge (nsg-edge) take internet traffic, through a NIC's public
        // address; nsg-spoke and the partner NSGs see no internet traffic, so allowing it there changes nothing.
        var cases = (from nsg in Gen.Elements("nsg-web", "nsg-edge", "nsg-spoke", "nsg-partner-icdt")
                     from port in Gen.Choose(1, 65535)
                     select (nsg, port)).ToArbitrary();
        var before = Cells(Before);
        Check(cases, c =>
        {
            var after = Cells(Matrix(Base + SecurityRule(c.Target, c.Port)));
            var opened = c.Target switch
            {
                "nsg-web" => ("internet", "subnet:vnet-documents/snet-web"),
                "nsg-edge" => ("internet", "subnet:vnet-documents/snet-edge"),
                _ => ((string, string)?)null,
            };
            return after.All(cell =>
            {
                if (opened == cell.Key)
                {
                    var expected = TrafficOf(before[cell.Key]).Union(Traffic.TcpPorts(PortSet.Port(c.Port))).ToString();
                    return cell.Value == expected;
                }
                return cell.Value == before[cell.Key];
            }) && after.Count == before.Count;
        });
    }

    [Test]
    public void One_permissive_firewall_rule_opens_exactly_the_partner_it_names_unless_its_selectors_forbid()
    {
        // SESRIC's connection carries only its exchange subnet (custom traffic selectors): a firewall rule
        // for it changes nothing. ICDT and COMCEC have none: the rule opens their way to snet-app, on its port only.
        var cases = (from partner in Gen.Elements("sesric", "icdt", "comcec")
                     from port in Gen.Choose(1, 65535)
                     select (partner, port)).ToArbitrary();
        var before = Cells(Before);
        var prefixes = new Dictionary<string, string> { ["sesric"] = "172.20.0.0/22", ["icdt"] = "172.20.4.0/23", ["comcec"] = "172.20.8.0/24" };
        Check(cases, c =>
        {
            var after = Cells(Matrix(Base + FirewallRule(prefixes[c.Target], "10.40.16.0/24", c.Port)));
            var opened = c.Target == "sesric" ? ((string, string)?)null : ($"partner:{c.Target}", "subnet:vnet-documents/snet-app");
            return after.Count == before.Count && after.All(cell => opened == cell.Key
                ? before[cell.Key] == "none" && cell.Value == Traffic.TcpPorts(PortSet.Port(c.Port)).ToString()
                : cell.Value == before[cell.Key]);
        });
    }

    [Test]
    public void Removing_the_route_a_path_takes_closes_it()
    {
        // snet-app reaches a site only through its default route to the firewall (route propagation is
        // off): allow it at the firewall, and the path exists; remove the route, and it is gone.
        var cases = (from site in Gen.Elements("office:nyc", "partner:icdt", "partner:comcec")
                     from port in Gen.Choose(1, 65535)
                     select (site, port)).ToArbitrary();
        var prefixes = new Dictionary<string, string> { ["office:nyc"] = "172.16.16.0/22", ["partner:icdt"] = "172.20.4.0/23", ["partner:comcec"] = "172.20.8.0/24" };
        const string Route = "        - {name: default-via-firewall, addressPrefix: 0.0.0.0/0, nextHopType: VirtualAppliance, nextHopIpAddress: 10.40.0.68}\n";
        Assert.That(Base, Does.Contain(Route));
        Check(cases, c =>
        {
            var opened = Base + FirewallRule("10.40.16.0/24", prefixes[c.Target], c.Port);
            var key = ("subnet:vnet-documents/snet-app", c.Target);
            var with = Matrix(opened).Cells.Single(x => (x.From.Name, x.To.Name) == key);
            var without = Matrix(opened.Replace(Route, "", StringComparison.Ordinal)).Cells.Single(x => (x.From.Name, x.To.Name) == key);
            return with.Reachable && with.Paths.All(p => p.Hops.Any(h => h.By.Contains("route default-via-firewall", StringComparison.Ordinal)))
                && with.Traffic.ToString() == $"tcp/{Port(c.Port)}"
                && !without.Reachable;
        });
    }

    private static Traffic TrafficOf(string text)
    {
        if (text == "none") return Traffic.None;
        if (text == "any") return Traffic.All;
        Assert.That(text, Does.StartWith("tcp/").And.Not.Contain(" "), "the fixture's internet cells carry TCP only");
        return Traffic.TcpPorts(PortSet.Of(text[4..].Split(',').Select(r => r.Split('-')).Select(r => (int.Parse(r[0], CultureInfo.InvariantCulture), int.Parse(r[^1], CultureInfo.InvariantCulture)))));
    }
}
