using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Rules.Network.Bastion;
using Oic.Infra.Policies.Tests.Support;

namespace Oic.Infra.Policies.Tests;

/// <summary>
/// bastion-present in a DR stack's pilot light: the host waits for the rebuild (stacks/PilotLight.cs), so a
/// hub whose AzureBastionSubnet stands ready passes there — and only there, and not without the subnet.
/// </summary>
[TestFixture]
public sealed class BastionRuleTests
{
    private static OutcomeKind Verdict(string estateRole, bool bastionSubnet)
    {
        var yaml = string.Join('\n',
            "resources:",
            "  - name: rg",
            "    type: azure-native:resources:ResourceGroup",
            "    properties:",
            "      resourceGroupName: rg-oicgs-prod-hub-uac",
            $"      tags: {{estate-role: {estateRole}}}",
            "  - name: hub",
            "    type: azure-native:network:VirtualNetwork",
            "    properties:",
            "      virtualNetworkName: vnet-oicgs-prod-hub-uac",
            "      resourceGroupName: rg-oicgs-prod-hub-uac",
            "      location: uaecentral",
            "      addressSpace: {addressPrefixes: [10.41.0.0/23]}",
            "      subnets:",
            "        - {name: GatewaySubnet, addressPrefix: 10.41.0.0/27}",
            bastionSubnet ? "        - {name: AzureBastionSubnet, addressPrefix: 10.41.0.64/26}" : "",
            "");
        var temp = Path.Combine(Path.GetTempPath(), $"bastion-{Guid.NewGuid():N}.json");
        File.WriteAllText(temp, RuleFixture.ToStackExport(yaml, "prod-dr"));
        try
        {
            var set = StateDocuments.FromStackExport(temp, "bastion.yaml");
            return BastionRules.HubBastion.Evaluate(set).Single(o => o.Item1.Name == "hub").Item2.Kind;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [Test]
    public void A_DR_pilot_light_passes_with_the_subnet_ready_for_the_rebuilt_host() =>
        Assert.That(Verdict("dr", bastionSubnet: true), Is.EqualTo(OutcomeKind.Pass));

    [Test]
    public void A_DR_pilot_light_without_the_subnet_fails() =>
        Assert.That(Verdict("dr", bastionSubnet: false), Is.EqualTo(OutcomeKind.Fail));

    [Test]
    public void A_primary_stack_with_the_subnet_but_no_host_fails() =>
        Assert.That(Verdict("primary", bastionSubnet: true), Is.EqualTo(OutcomeKind.Fail));
}
