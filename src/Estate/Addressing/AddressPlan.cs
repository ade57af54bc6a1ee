using System.Net;
using Oic.Infra.Estate.Model;

namespace Oic.Infra.Estate.Addressing;

/// <summary>A subnet carved by the planner; <see cref="Name"/> is the Azure subnet name.</summary>
public sealed record SubnetAllocation(string Name, IPNetwork2 Prefix, SubnetPurpose Purpose)
{
    /// <summary>
    /// The address a dynamically addressed resource placed first in the subnet receives: Azure reserves the
    /// first four addresses of every subnet and assigns "the next available unassigned or unreserved IP address"
    /// (<see href="https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq"/>,
    /// <see href="https://learn.microsoft.com/azure/virtual-network/ip-services/private-ip-addresses"/>), so the
    /// firewall and the resolver's inbound endpoint get network + 4. Routes and DNS settings use it so that they
    /// can stand before the resource that will hold the address (the DR pilot light, docs/adr/0014).
    /// </summary>
    public string FirstAssignableAddress
    {
        get
        {
            var bytes = Prefix.Network.GetAddressBytes();
            var value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) + 4;
            return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();
        }
    }
}

/// <summary>A virtual network's address space and the subnets carved from it.</summary>
public sealed record VnetAllocation(string Name, IPNetwork2 AddressSpace, IReadOnlyList<SubnetAllocation> Subnets)
{
    /// <summary>Further address prefixes of the same VNet (the partner exchange's /21 for partners 33–96); usually none.</summary>
    public IReadOnlyList<IPNetwork2> Extensions { get; init; } = [];

    /// <summary>Every address prefix of the VNet: <see cref="AddressSpace"/>, then <see cref="Extensions"/>.</summary>
    public IReadOnlyList<IPNetwork2> AddressSpaces => [AddressSpace, .. Extensions];

    public SubnetAllocation Subnet(string name) =>
        Subnets.FirstOrDefault(s => s.Name == name)
        ?? throw new KeyNotFoundException($"{Name} has no subnet named {name}");
}

/// <summary>The address plan of one region: the hub, the partner-exchange spoke and the workload spokes.</summary>
public sealed record RegionAddressPlan(
    Region Region,
    VnetAllocation Hub,
    VnetAllocation Partners,
    IReadOnlyList<(Spoke Spoke, VnetAllocation Vnet)> Spokes)
{
    public IEnumerable<VnetAllocation> Vnets => [Hub, Partners, .. Spokes.Select(s => s.Vnet)];

    /// <summary>
    /// The private address the region's Azure Firewall takes: the first Azure hands out in
    /// <c>AzureFirewallSubnet</c>, network address + 4 (Azure reserves the first four addresses of
    /// every subnet, virtual-networks-faq "Are there any restrictions on using IP addresses within
    /// these subnets?"). The other region's routes point at it before that firewall is read back;
    /// that the firewall always takes the first free address is observed, not documented.
    /// </summary>
    public IPAddress FirewallPrivateIp
    {
        get
        {
            var network = Hub.Subnet("AzureFirewallSubnet").Prefix.Network.GetAddressBytes();
            var value = ((uint)network[0] << 24 | (uint)network[1] << 16 | (uint)network[2] << 8 | network[3]) + 4;
            return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        }
    }
}

public sealed record AddressPlan(RegionAddressPlan Primary, RegionAddressPlan Dr)
{
    public RegionAddressPlan For(StackRole role) => role == StackRole.Primary ? Primary : Dr;
}

/// <summary>Two address ranges of the estate that share addresses; <see cref="Path"/> is the later one.</summary>
public sealed record AddressConflict(string Path, string Message);
