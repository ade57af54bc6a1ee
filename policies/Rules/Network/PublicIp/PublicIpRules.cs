using System.Globalization;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.Network;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network.PublicIp;

/// <summary>Public IP addresses: Standard SKU, static, and none on a VM's network interface.</summary>
public static class PublicIpRules
{
    public static readonly ResourceRule VmNoPublicIp = new("vm-no-public-ip",
        "Network interfaces have no public IP and do not forward traffic (except network appliances)",
        "A public IP on a VM bypasses the firewall and puts it straight on the internet; administrators come in through Bastion, services through the firewall.",
        Severity.High, ["MCSB:NS-2"], [NetworkInterface],
        (r, set) =>
        {
            var configs = r.Get("ipConfigurations");
            if (configs.IsUnknown) return Check.Unknown("ipConfigurations");
            var outcomes = configs.Items.Select(config => config.IsUnknown
                ? Check.Unknown(config.Path)
                : Topology.IsSet(config.Get("publicIPAddress")) switch
                {
                    true => Outcome.Fail($"{config.Path}.publicIPAddress is set; reach the VM through Bastion and publish services through the firewall"),
                    false => Outcome.Pass,
                    null => Check.Unknown($"{config.Path}.publicIPAddress"),
                }).ToList();
            var forwarding = r.Get("enableIPForwarding");
            outcomes.Add(forwarding.IsUnknown ? Check.Unknown("enableIPForwarding")
                : forwarding.Bool != true ? Outcome.Pass
                : Topology.IsApplianceNextHop(r, set) ? Outcome.Pass // structure: a route sends traffic to it
                : Topology.TagOf(r, "network-role") switch          // the hint, where structure says nothing
                {
                    (var role, _) when "nva".Equals(role?.Trim(), StringComparison.OrdinalIgnoreCase) => Outcome.Pass,
                    (_, true) => Check.Unknown("tags.network-role"),
                    _ => Outcome.Fail("enableIPForwarding is true; only network appliances (the next hop of a route to a virtual appliance, or tagged network-role: nva) may forward traffic"),
                });
            return Outcome.All([.. outcomes]);
        })
    {
        Reads = PropertyPaths.On(NetworkInterface, "enableIPForwarding", "ipConfigurations[].privateIPAddress", "ipConfigurations[].publicIPAddress.id", "tags.network-role")
            .And(RouteTable, "routes[].nextHopIpAddress", "routes[].nextHopType")
            .And(Route, "nextHopIpAddress", "nextHopType"),
    };

    /// <summary>
    /// Azure defaults (ADR 0011): the REST reference for <c>Microsoft.Network/publicIPAddresses</c> documents
    /// no default SKU or allocation method that would be Standard and Static (not confirmed further), so an
    /// unset value fails with "is not set; must be …".
    /// </summary>
    public static readonly ResourceRule PublicIpStandardSku = new("pip-standard-sku",
        "Public IPs are Standard SKU with a static address",
        "Basic public IPs were retired on 30 September 2025 and are open by default; Standard ones are closed until an NSG or firewall allows traffic, and a static address keeps office VPN and DNS entries valid.",
        Severity.Medium, ["MCSB:NS-5", "CIS-3.0:6.5"], [PublicIPAddress],
        (r, _) => Outcome.All(Check.OneOf(r, "sku.name", "Standard"), Check.OneOf(r, "publicIPAllocationMethod", "Static")))
    {
        Reads = PropertyPaths.On(PublicIPAddress, "publicIPAllocationMethod", "sku.name"),
    };

    /// <summary>PSRule for Azure: Azure.PublicIP.AvailabilityZone (all three zones). Absent <c>zones</c> is non-zonal (see <see cref="Zones"/>).</summary>
    public static readonly ResourceRule PublicIpZoneRedundant = new("pip-zone-redundant",
        "Public IPs in a region with availability zones are zone-redundant (zones 1, 2 and 3)",
        "The firewall, VPN gateway and Bastion are reached through these addresses; a non-zonal or single-zone IP goes down with its datacentre even when the service behind it survives.",
        Severity.Medium, ["MCSB:BR-1"], [PublicIPAddress],
        (r, _) => Zones.Redundant(r, 3, "a zone-redundant address survives the loss of one datacentre"))
    {
        Reads = PropertyPaths.On(PublicIPAddress, "location", "zones"),
    };
}
