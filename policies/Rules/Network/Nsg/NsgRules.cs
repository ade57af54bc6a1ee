using System.Globalization;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.Network;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network.Nsg;

/// <summary>Network security groups and their rules (CIS Azure Foundations v3.0 section 7, MCSB NS-1): what the internet reaches, and an NSG on every workload subnet.</summary>
public static class NsgRules
{
    /// <summary>Ports never opened to the internet, edge NSG or not: SMB, SQL Server, MySQL, PostgreSQL, WinRM.</summary>
    public static readonly IReadOnlyList<int> NeverFromInternet = [445, 1433, 3306, 5432, 5985, 5986];

    public static readonly IReadOnlyList<int> WebPorts = [80, 443];

    // Azure defaults (ADR 0011) for the nsg-no-internet-* rules: an NSG without security rules has only
    // Azure's default rules, none of which admits anything from the internet (Learn,
    // network-security-groups-overview#default-security-rules; see NsgFlow), so an absent or empty
    // securityRules passes. A rule's access, direction and protocol are required by ARM.

    public static readonly ResourceRule NoInternetUdp = new("nsg-no-internet-udp",
        "No NSG rule lets UDP in from the internet",
        "Open UDP services (DNS, NTP, SSDP, CLDAP…) are used to amplify DDoS attacks and to probe the estate; nothing the OIC runs in Azure needs UDP from the internet.",
        Severity.High, ["CIS-3.0:7.3", "MCSB:NS-1"], [NetworkSecurityGroup, SecurityRule],
        (r, set) => NsgExposure.JudgeResource(r, set, _ => new Exposure(["Udp"], null)))
    {
        Reads = PropertyPaths.On(NetworkSecurityGroup, "resourceGroupName", "securityRules[].access", "securityRules[].direction", "securityRules[].id", "securityRules[].name", "securityRules[].protocol", "securityRules[].sourceAddressPrefix", "securityRules[].sourceAddressPrefixes")
            .And(SecurityRule, "access", "direction", "name", "networkSecurityGroupName", "protocol", "resourceGroupName", "securityRuleName", "sourceAddressPrefix"),
    };

    public static readonly ResourceRule NoInternetHttp = new("nsg-no-internet-http",
        "Web ports are open to the internet only on edge NSGs, and file-sharing, database and WinRM ports never",
        "Workloads are published through the firewall or Bastion, not straight from a subnet; SMB, SQL, MySQL, PostgreSQL and WinRM on the internet are a favourite entry point for ransomware.",
        Severity.High, ["CIS-3.0:7.4", "MCSB:NS-1"], [NetworkSecurityGroup, SecurityRule],
        (r, set) => NsgExposure.JudgeResource(r, set, nsg =>
            new Exposure(["Tcp"], nsg.Type == NetworkSecurityGroup && Topology.IsEdgeNsg(nsg, set)
                ? NeverFromInternet
                : [.. WebPorts, .. NeverFromInternet])))
    {
        Reads = PropertyPaths.On(NetworkSecurityGroup, "resourceGroupName", "securityRules[].access", "securityRules[].destinationPortRange", "securityRules[].destinationPortRanges", "securityRules[].direction", "securityRules[].id", "securityRules[].name", "securityRules[].protocol", "securityRules[].sourceAddressPrefix", "securityRules[].sourceAddressPrefixes", "subnets[].id", "tags.network-edge")
            .And(SecurityRule, "access", "destinationPortRange", "destinationPortRanges", "direction", "name", "networkSecurityGroupName", "protocol", "resourceGroupName", "securityRuleName", "sourceAddressPrefix")
            .And(Subnet, "networkSecurityGroup.id")
            .And(VirtualNetwork, "subnets[].name", "subnets[].networkSecurityGroup.id"),
    };

    public static readonly ResourceRule NoInternetRdp = new("nsg-no-internet-rdp",
        "No NSG rule lets RDP (3389) in from the internet",
        "RDP exposed to the internet is brute-forced within hours and is the most common way ransomware gets in; administrators connect through Bastion.",
        Severity.Critical, ["CIS-3.0:7.1", "MCSB:NS-3", "MCSB:NS-1"], [NetworkSecurityGroup, SecurityRule],
        (r, set) => NsgExposure.JudgeResource(r, set, _ => new Exposure(["Tcp"], [3389])))
    {
        Reads = PropertyPaths.On(NetworkSecurityGroup, "resourceGroupName", "securityRules[].access", "securityRules[].destinationPortRange", "securityRules[].destinationPortRanges", "securityRules[].direction", "securityRules[].id", "securityRules[].name", "securityRules[].protocol", "securityRules[].sourceAddressPrefix", "securityRules[].sourceAddressPrefixes")
            .And(SecurityRule, "access", "destinationPortRange", "destinationPortRanges", "direction", "name", "networkSecurityGroupName", "protocol", "resourceGroupName", "sourceAddressPrefix", "sourceAddressPrefixes"),
    };

    public static readonly ResourceRule NoInternetSsh = new("nsg-no-internet-ssh",
        "No NSG rule lets SSH (22) in from the internet",
        "SSH exposed to the internet is scanned and password-guessed constantly; administrators connect through Bastion.",
        Severity.Critical, ["CIS-3.0:7.2", "MCSB:NS-3"], [NetworkSecurityGroup, SecurityRule],
        (r, set) => NsgExposure.JudgeResource(r, set, _ => new Exposure(["Tcp"], [22])))
    {
        Reads = PropertyPaths.On(NetworkSecurityGroup, "resourceGroupName", "securityRules[].access", "securityRules[].destinationPortRange", "securityRules[].destinationPortRanges", "securityRules[].direction", "securityRules[].id", "securityRules[].name", "securityRules[].protocol", "securityRules[].sourceAddressPrefix", "securityRules[].sourceAddressPrefixes")
            .And(SecurityRule, "access", "destinationPortRange", "destinationPortRanges", "direction", "name", "networkSecurityGroupName", "protocol", "resourceGroupName", "securityRuleName", "sourceAddressPrefix"),
    };

    private static readonly string[] RuleFields =
        ["access", "destinationAddressPrefix", "destinationAddressPrefixes", "destinationPortRange", "destinationPortRanges", "direction", "id", "name",
         "priority", "protocol", "sourceAddressPrefix", "sourceAddressPrefixes"];

    private static readonly string[] StandaloneFields =
        ["access", "destinationAddressPrefix", "destinationAddressPrefixes", "destinationPortRange", "destinationPortRanges", "direction", "name",
         "networkSecurityGroupName", "priority", "protocol", "resourceGroupName", "securityRuleName", "sourceAddressPrefix", "sourceAddressPrefixes"];

    /// <summary>
    /// Any port, any protocol: an inbound allow from <c>*</c>, <c>Internet</c>, <c>Any</c>, <c>0.0.0.0/0</c>,
    /// <c>::/0</c> (any /0) fails unless a deny of higher priority closes those ports to the internet first,
    /// or the NSG protects an internet front and the ports are the front's (<see cref="NsgJudgements.FrontOf"/>).
    /// Each rule is reported where it is declared: an NSG's inline entries on the NSG, a standalone
    /// SecurityRule on itself, each judged against all the rules of its NSG. Azure's default rules admit
    /// nothing from the internet (Learn, network-security-groups-overview#default-security-rules), so an
    /// NSG with no rules passes. PSRule for Azure's Azure.NSG.AnyInboundSource asks the same for <c>*</c> only.
    /// </summary>
    public static readonly ResourceRule NoInternetInbound = new("nsg-no-internet-inbound",
        "No NSG lets the internet in on any port, except an internet front on its front ports",
        "A port list misses whatever it does not name: TCP 8080, a database on a custom port, a management agent. Only the fronts meant for the internet (Bastion's HTTPS, an Application Gateway's listeners) may take traffic from it; everything else arrives through the firewall or the VPN.",
        Severity.Critical, ["CIS-3.0:7.1", "CIS-3.0:7.2", "CIS-3.0:7.3", "CIS-3.0:7.4", "MCSB:NS-1", "MCSB:NS-2"], [NetworkSecurityGroup, SecurityRule],
        (r, set) =>
        {
            if (r.Type == SecurityRule)
            {
                var parent = Topology.ParentOf(r, set, NetworkSecurityGroup, "networkSecurityGroupName").Parent;
                var own = NsgFlow.View(Topology.Whole(r));
                if (parent is not null && NsgFlow.RulesOf(parent, set).Unknown is { } pendingSiblings)
                    return Check.Unknown($"network security group {parent.Name}: {pendingSiblings}");
                return NsgJudgements.InternetInbound([own], parent is null ? [own] : NsgFlow.Ordered(parent, set), parent, set);
            }
            var (_, inline, pending) = NsgFlow.RulesOf(r, set);
            if (pending is not null) return Check.Unknown(pending);
            return NsgJudgements.InternetInbound([.. inline.Select(NsgFlow.View)], NsgFlow.Ordered(r, set), r, set);
        })
    {
        Reads = PropertyPaths.On(NetworkSecurityGroup, ["resourceGroupName", "subnets", "subnets[].id", "tags.network-edge", .. RuleFields.Select(f => "securityRules[]." + f)])
            .And(SecurityRule, StandaloneFields)
            .And(Subnet, "addressPrefix", "name", "networkSecurityGroup.id")
            .And(VirtualNetwork, "subnets[].name", "subnets[].networkSecurityGroup.id")
            .And(NsgJudgements.ApplicationGateway, "gatewayIPConfigurations[].subnet.id"),
    };

    /// <summary>
    /// Lateral movement (SSH, RDP, SMB, WinRM) inside and between virtual networks, judged on each NSG's
    /// effective rules including Azure's default AllowVnetInBound/AllowVnetOutBound; only the Bastion subnet
    /// may reach those ports (Learn, bastion-nsg: the target VM subnet allows RDP/SSH from the Bastion
    /// subnet). PSRule for Azure's Azure.NSG.LateralTraversal asks the outbound half, for RDP and SSH.
    /// </summary>
    public static readonly ResourceRule NoLateralMovement = new("nsg-no-lateral-movement",
        "No NSG lets SSH, RDP, SMB or WinRM move between subnets and peered networks, except from Bastion",
        "Once one machine is taken, these ports are how an intruder reaches the next; Azure's default rules allow every port between everything in the VirtualNetwork tag (all peered VNets and the offices), so each NSG must deny them and admit administrators only through Bastion.",
        Severity.High, ["MCSB:NS-1"], [NetworkSecurityGroup],
        (r, set) => NsgJudgements.Lateral(r, set))
    {
        Reads = PropertyPaths.On(NetworkSecurityGroup, ["resourceGroupName", "subnets", "subnets[].id", .. RuleFields.Select(f => "securityRules[]." + f)])
            .And(SecurityRule, StandaloneFields)
            .And(Subnet, "addressPrefix", "addressPrefixes", "name", "networkSecurityGroup.id", "resourceGroupName", "virtualNetworkName")
            .And(VirtualNetwork, "addressSpace.addressPrefixes", "resourceGroupName", "subnets[].addressPrefix", "subnets[].addressPrefixes", "subnets[].id", "subnets[].name", "subnets[].networkSecurityGroup.id")
            .And(LocalNetworkGateway, "localNetworkAddressSpace.addressPrefixes"),
    };

    public static readonly ResourceRule SubnetHasNsg = new("subnet-has-nsg",
        "Every workload subnet has a network security group",
        "A subnet without an NSG lets anything that reaches it through peering or the VPN talk to every machine in it; Azure's own gateway, firewall and route server subnets are exempt.",
        Severity.High, ["MCSB:NS-1"], [Subnet, VirtualNetwork],
        (r, set) =>
        {
            if (r.Type == Subnet)
                return Topology.IsPlatformSubnet(Topology.AzureName(r)) ? Outcome.NotApplicable : HasNsg(Topology.Whole(r), "");
            var inline = Topology.SubnetsOf(r, set).Where(s => s.Inline && !Topology.IsPlatformSubnet(s.Name)).ToList();
            return inline.Count == 0 ? Outcome.NotApplicable : Outcome.All([.. inline.Select(s => HasNsg(s.Properties, s.Prefix))]);
        })
    {
        Reads = PropertyPaths.On(Subnet, "networkSecurityGroup.id", "resourceGroupName", "virtualNetworkName")
            .And(VirtualNetwork, "resourceGroupName", "subnets[].id", "subnets[].name", "subnets[].networkSecurityGroup.id"),
    };

    private static Outcome HasNsg(Lookup subnet, string prefix) =>
        ItemCheck.Prefixed(ItemCheck.IdSet(subnet.Get("networkSecurityGroup"), "associate an NSG that denies what the subnet does not serve"), prefix);
}
