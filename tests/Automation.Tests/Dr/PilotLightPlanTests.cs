using Oic.Infra.Automation.Dr;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;

namespace Oic.Infra.Automation.Tests.Dr;

/// <summary>The DR plan on top of prod-dr's pilot light (docs/adr/0014): only the deferred part is created, and every tier still meets its RTO.</summary>
public class PilotLightPlanTests
{
    private static string Name(string urn) => urn[(urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..];

    [Test]
    public void With_the_pilot_light_standing_the_rebuild_creates_only_the_deferred_part_and_meets_every_tier()
    {
        var plan = DrStacks.Plan(pilotLight: true);
        var full = DrStacks.Plan();

        Assert.That(plan.Creates.Select(s => Name(s.Urn)), Is.EquivalentTo(new[]
        {
            "hub-uac-afw", "hub-uac-bas", "hub-uac-dnspr-in", "hub-uac-dnspr-out", "monitoring-uac-diag-afw", "monitoring-uac-diag-bas",
            // the forwarding ruleset uses the deferred outbound endpoint, so it follows it with its link and rules (ADR 0020)
            "hub-uac-dnsfrs", "hub-uac-dnsfrs-link", "hub-uac-dnsfrs-oic-oci-org", "hub-uac-dnsfrs-hq-oic-oci-local",
        }));
        Assert.That(plan.Existing, Has.Count.EqualTo(DrStacks.StandbyUrns().Count(u => !u.Contains("::pulumi:providers:", StringComparison.Ordinal))), "every standing resource but the provider");
        Assert.That(plan.Steps.Where(s => s.Kind == DrStepKind.Cutover).ToList(), Has.Count.EqualTo(7), "the offices still cut over to the standing gateway");
        Assert.That(plan.Steps.Where(s => s.Kind is DrStepKind.StorageFailover).ToList(), Has.Count.EqualTo(2), "the public and internal stores fail over; the WORM stores are already replicated");
        Assert.That(plan.Tiers, Has.All.Matches<DrTierEstimate>(t => t.MeetsTarget));
        var tier0 = plan.Tiers.Single(t => t.Tier == 0).EstimatedMinutes;
        Assert.That(tier0, Is.EqualTo(10), "Bastion (10 minutes) is the longest deferred create; the gateway (45) already stands");
        Assert.That(tier0, Is.LessThan(full.Tiers.Single(t => t.Tier == 0).EstimatedMinutes), "the pilot light shortens tier 0");
        Assert.That(plan.EstimatedRtoMinutes, Is.LessThanOrEqualTo(plan.LowerBound.Minutes * 1.05));
        Assert.That(plan.Findings, Is.EqualTo(new[] { $"no state of prod-dr was given: the plan takes its pilot light ({plan.Existing.Count} resources) as standing in uaecentral" }));
    }

    [Test]
    public void A_standing_gateway_missing_from_the_DR_state_is_a_finding_and_the_rebuild_creates_it()
    {
        var standby = GraphInput.From(DrStacks.Standby());
        var state = new ResourceSet(standby.Stack, standby.Project,
            standby.Resources.Where(r => r.Type != "azure-native:network:VirtualNetworkGateway"), "pilot light without its gateway");

        var plan = DrStacks.Plan(targetState: state, pilotLight: true);

        Assert.That(plan.Creates.Select(s => Name(s.Urn)), Does.Contain("hub-uac-vgw").And.Contain("hub-uac-afw"));
        Assert.That(plan.Findings, Has.Count.EqualTo(1));
        Assert.That(plan.Findings[0], Does.StartWith("connectivity (tier 0) is pilot-light, but 1 of its ").And.EndWith("hub-uac-vgw"));
        Assert.That(plan.Tiers.Single(t => t.Tier == 0).EstimatedMinutes, Is.GreaterThanOrEqualTo(45), "the gateway's 45 minutes are back on tier 0");
    }
}
