using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.Network;
using Oic.Infra.Policies.Rules.ResourceManager;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network.Bastion;

/// <summary>Azure Bastion: administrators reach the estate through a Bastion host in each hub, never a public IP on a VM.</summary>
public static class BastionRules
{
    /// <summary>
    /// CIS v3.0.0 8.1 (<i>Ensure an Azure Bastion Host Exists</i>), judged per hub (a hub by structure:
    /// <see cref="Topology.IsHub"/>): the hub holds an <c>AzureBastionSubnet</c> — the only subnet a Bastion
    /// host can be placed in, named so by Azure (Learn, <i>About Azure Bastion configuration settings — Azure
    /// Bastion subnet</i>, <see href="https://learn.microsoft.com/azure/bastion/configuration-settings#subnet"/>)
    /// — and a <c>BastionHost</c> whose IP configuration names that subnet (a reference of this stack, or in
    /// deployed state an id ending in <c>/virtualNetworks/&lt;hub&gt;/subnets/AzureBastionSubnet</c>).
    /// A DR stack's pilot light (resource groups tagged <c>estate-role: dr</c>, ADR 0014) defers the host
    /// to the rebuild (stacks/PilotLight.cs), so there the subnet standing ready passes; the subscription's
    /// host is the primary stack's, which this rule requires.
    /// </summary>
    public static readonly ResourceRule HubBastion = new("bastion-present",
        "Each hub virtual network has an Azure Bastion host in its AzureBastionSubnet",
        "Bastion is the estate's one administrative entrance: RDP and SSH over TLS from the portal, with no public IP on any VM and no management port open to the internet. Without it, the first incident is answered by opening one.",
        Severity.Medium, ["CIS-3.0:8.1"], [VirtualNetwork],
        (vnet, set) =>
        {
            var hub = Topology.IsHub(vnet, set);
            if (hub is null) return Check.Unknown("tags.network-role");
            if (hub == false) return Outcome.NotApplicable;
            var subnet = Topology.SubnetsOf(vnet, set)
                .FirstOrDefault(s => Topology.BastionSubnet.Equals(s.Name, StringComparison.OrdinalIgnoreCase));
            if (subnet is null)
                return Outcome.Fail($"the hub has no {Topology.BastionSubnet}; add one (/26 or larger) and a Bastion host in it");
            var hosts = set.OfType(BastionHost);
            if (hosts.Any(h => h.Get("ipConfigurations").Items.Any(c => InSubnet(c.Get("subnet").Get("id"), vnet, subnet, set))))
                return Outcome.Pass;
            if (hosts.Any(h => h.Get("ipConfigurations").IsUnknown))
                return Check.Unknown("ipConfigurations of a Bastion host");
            return set.OfType(ResourceGroup).Any(DrRules.IsDrGroup)
                ? Outcome.Pass // a DR pilot light: the rebuild creates the host in the subnet that stands ready
                : Outcome.Fail($"no Bastion host is placed in the hub's {Topology.BastionSubnet}; declare one whose ipConfigurations[].subnet.id names it");
        })
    {
        Reads = PropertyPaths.On(BastionHost, "ipConfigurations[].subnet.id")
            .And(ResourceGroup, "tags.estate-role")
            .And(Subnet, "name", "resourceGroupName", "virtualNetworkName")
            .And(VirtualNetwork, "resourceGroupName", "subnets[].id", "subnets[].name", "tags.network-role", "virtualNetworkPeerings", "virtualNetworkPeerings[].remoteVirtualNetwork.id")
            .And(VirtualNetworkPeering, "remoteVirtualNetwork.id", "resourceGroupName", "virtualNetworkName"),
    };

    /// <summary>Whether a Bastion IP configuration's subnet id names the hub's Bastion subnet.</summary>
    private static bool InSubnet(Lookup id, PolicyResource vnet, SubnetEntry subnet, ResourceSet set)
    {
        var (target, suffix) = set.Resolve(id);
        if (target is not null)
            return subnet.Inline ? target == vnet && suffix.StartsWith("subnets", StringComparison.Ordinal)
                                 : target == subnet.Owner && suffix.Length == 0;
        return id.Text?.TrimEnd('/') is { } text &&
               Topology.AzureName(vnet) is { } name &&
               text.EndsWith($"/virtualNetworks/{name}/subnets/{Topology.BastionSubnet}", StringComparison.OrdinalIgnoreCase);
    }
}
