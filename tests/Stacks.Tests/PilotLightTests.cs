using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Stacks.Tests.Support;

namespace Oic.Infra.Stacks.Tests;

/// <summary>prod-dr's pilot light (docs/adr/0014): what stands in the DR region before a disaster, what the rebuild creates.</summary>
public class PilotLightTests
{
    private static HashSet<string> Names(ResourceGraph g) => g.Resources.Select(r => r.LogicalName).ToHashSet(StringComparer.Ordinal);

    [Test]
    public void The_DR_stack_deploys_its_pilot_light_and_leaves_firewall_Bastion_and_resolver_endpoints_to_the_rebuild()
    {
        var estate = ReferenceStacks.Estate("prod-dr");
        Assert.That(estate.Deployment.Phase, Is.EqualTo(DeploymentPhase.Standby), "a DR stack is standby by default");

        var standby = ReferenceStacks.Graph("prod-dr");
        var active = EstateProgram.DeclareActive(estate);

        Assert.That(Names(active).Except(Names(standby)), Is.EquivalentTo(new[]
        {
            "hub-uac-afw", "hub-uac-bas", "hub-uac-dnspr-in", "hub-uac-dnspr-out",
            "monitoring-uac-diag-afw", "monitoring-uac-diag-bas", // their diagnostic settings follow them
            // the forwarding ruleset uses the outbound endpoint, so it, its VNet link and its rules follow it (ADR 0020)
            "hub-uac-dnsfrs", "hub-uac-dnsfrs-link", "hub-uac-dnsfrs-oic-oci-org", "hub-uac-dnsfrs-hq-oic-oci-local",
        }));
        Assert.That(Names(standby).IsSubsetOf(Names(active)));
        Assert.That(standby.Resources.Select(r => r.Type), Does.Contain("azure-native:network:VirtualNetworkGateway")
            .And.Contain("azure-native:network:VirtualNetworkGatewayConnection")
            .And.Contain("azure-native:keyvault:Vault")
            .And.Contain("azure-native:storage:StorageAccount")
            .And.Contain("azure-native:dataprotection:BackupVault")
            .And.Contain("azure-native:operationalinsights:Workspace")
            .And.Contain("azure-native:network:FirewallPolicy"));
        Assert.That(standby.Outputs.Keys, Does.Not.Contain("firewallPrivateIp"), "the firewall's output waits for the firewall");
        Assert.That(active.Outputs.Keys, Does.Contain("firewallPrivateIp"));
    }

    [Test]
    public void Every_deferred_type_is_created_in_minutes_well_inside_the_tier_0_RTO()
    {
        var tier0 = ReferenceStacks.Estate("prod-dr").ContinuityTiers.Single(t => t.Tier == 0);
        Assert.That(PilotLight.Deferred.Select(d => d.Token), Is.EquivalentTo(new[]
        {
            "azure-native:network:AzureFirewall", "azure-native:network:BastionHost",
            "azure-native:dnsresolver:InboundEndpoint", "azure-native:dnsresolver:OutboundEndpoint",
        }));
        Assert.That(PilotLight.Deferred.Select(d => d.CreateMinutes), Has.All.LessThanOrEqualTo(10));
        Assert.That(PilotLight.Deferred.Sum(d => d.CreateMinutes), Is.LessThan(tier0.RtoMinutes / 10.0));
        Assert.That(PilotLight.Deferred, Has.All.Matches<Deferral>(d => d.Why.Length > 40), "every deferral says why");
    }

    [Test]
    public void Routes_and_spoke_DNS_name_the_addresses_the_deferred_firewall_and_resolver_will_hold()
    {
        var estate = ReferenceStacks.Estate("prod-dr");
        var standby = ReferenceStacks.Graph("prod-dr");
        var plan = Oic.Infra.Estate.Addressing.AddressPlanner.Plan(estate).Plan!.For(StackRole.Dr);
        var firewall = plan.Hub.Subnet("AzureFirewallSubnet");
        var resolver = plan.Hub.Subnet("snet-dns-inbound");
        var n = firewall.Prefix.Network.GetAddressBytes();
        Assert.That(firewall.FirstAssignableAddress, Is.EqualTo($"{n[0]}.{n[1]}.{n[2]}.{n[3] + 4}"), "Azure keeps the first four addresses of a subnet");

        var spokes = standby.Find("hub-uac-rt-spokes")!;
        var route = (PropertyValue.Map)((PropertyValue.List)spokes.Inputs["routes"]!).Items[0];
        Assert.That(route.Str("nextHopIpAddress"), Is.EqualTo(firewall.FirstAssignableAddress));
        Assert.That(standby.Find("hub-uac-documents-vnet")!.Inputs.Strings("dhcpOptions.dnsServers"), Is.EqualTo(new[] { resolver.FirstAssignableAddress }));
    }

    [Test]
    public void A_primary_stack_is_always_active_and_a_DR_stack_can_be_made_active()
    {
        Assert.That(ReferenceStacks.Estate("prod").Deployment.Phase, Is.EqualTo(DeploymentPhase.Active));
        Assert.That(Names(ReferenceStacks.Graph("prod")), Does.Contain("hub-uan-afw"));

        var text = File.ReadAllText(ReferenceStacks.StackFile("prod-dr"));
        const string Anchor = "    role: dr\n";
        Assert.That(text, Does.Contain(Anchor));
        var active = EstateLoader.Load(StackConfig.FromStackFileText(text.Replace(Anchor, Anchor + "    phase: active\n", StringComparison.Ordinal), "prod-dr-active.yaml", "prod-dr"));
        Assert.That(Names(EstateProgram.Declare(active)), Is.EquivalentTo(Names(EstateProgram.DeclareActive(active))));

        var primary = File.ReadAllText(ReferenceStacks.StackFile("prod"));
        const string PrimaryAnchor = "    role: primary\n";
        Assert.That(primary, Does.Contain(PrimaryAnchor));
        var error = Assert.Throws<EstateConfigException>(() => EstateLoader.Load(StackConfig.FromStackFileText(
            primary.Replace(PrimaryAnchor, PrimaryAnchor + "    phase: standby\n", StringComparison.Ordinal), "prod-standby.yaml", "prod")));
        Assert.That(error!.Message, Does.Contain("phase").And.Contain("a primary stack is always active"));
    }
}
