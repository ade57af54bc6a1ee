using Oic.Infra.Automation.Dr;
using Oic.Infra.Automation.Engines;

namespace Oic.Infra.Automation.Tests.Dr;

/// <summary>
/// The DR plan checks that the DR program's network needs nothing in the region it must survive (ADR 0013):
/// the one DDoS plan lives in the DR region and the hub peering belongs to the primary stack.
/// </summary>
public sealed class DrNetworkTests
{
    [Test]
    public void The_plan_lists_the_network_constraints_it_respected()
    {
        var plan = DrStacks.Plan();
        var byId = plan.Constraints.ToDictionary(c => c.Id);

        Assert.Multiple(() =>
        {
            Assert.That(byId["ddos-plan-any-region"].Respected, Does.Contain("hub-uac-vnet is protected by hub-uac-ddos, declared by prod-dr in uaecentral"));
            Assert.That(byId["ddos-plan-any-region"].Source, Does.Contain("https://learn.microsoft.com/azure/ddos-protection/manage-ddos-protection"));
            Assert.That(byId["peering-needs-both-vnets"].Respected, Does.Contain("prod-dr declares no peering into uaenorth"));
            Assert.That(plan.Constraints.Select(c => c.Id), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        });
    }

    [Test]
    public void A_target_whose_networks_need_the_lost_region_gets_no_plan()
    {
        // prod rebuilt while uaecentral is lost: its VNets name the DDoS plan there and its hub peers into it.
        var (estate, prod) = DrStacks.Load("prod");

        var e = Assert.Throws<EngineInputException>(() => DrNetwork.Check(prod, estate, "uaecentral"));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.StartWith("no DR plan: the DR program prod refers to network resources of the region it must survive"));
            Assert.That(e.Message, Does.Contain("hub-uan-vnet names the DDoS protection plan /subscriptions/3d6f1c2a-9e84-4b7d-a5c3-8f0e1d2c3b4a/resourceGroups/rg-oicgs-prod-hub-uac/providers/Microsoft.Network/ddosProtectionPlans/ddos-oicgs-prod-hub-uac, in rg-oicgs-prod-hub-uac of the lost region uaecentral [ddos-plan-any-region]"));
            Assert.That(e.Message, Does.Contain("hub-uan-peer-hub-to-dr-hub peers with").And.Contain("[peering-needs-both-vnets]"));
        });
    }
}
