namespace Oic.Infra.Policies.Frameworks.PsRule;

public static partial class PsRuleCatalogue
{
    private const string NetVnet = "azure-native:network:VirtualNetwork";
    private const string NetNsg = "azure-native:network:NetworkSecurityGroup";
    private const string NetPublicIp = "azure-native:network:PublicIPAddress";
    private const string NetFirewall = "azure-native:network:AzureFirewall";
    private const string NetFirewallPolicy = "azure-native:network:FirewallPolicy";
    private const string NetGateway = "azure-native:network:VirtualNetworkGateway";

    /// <summary>
    /// PSRule for Azure's rules on the Network types we declare, naming rules set aside. Rule names and
    /// conditions from <c>Azure/PSRule.Rules.Azure</c> (<c>docs/en/baselines/Azure.All.csv</c>,
    /// <c>src/PSRule.Rules.Azure/rules/Azure.{VNET,NSG,PublicIP,NetFirewall,VNG}.Rule.*</c>), as gathered in
    /// <c>docs/research/issue-16-coverage.md</c> §1b–1d; the VNG names were re-checked against the module's
    /// published <c>Azure.VNG.Rule.ps1</c> (PowerShell Gallery, PSRule.Rules.Azure 1.32).
    /// </summary>
    internal static readonly IReadOnlyList<PsRuleCheck> Network =
    [
        // Virtual networks and subnets (Azure.VNET.Rule.ps1)
        new("Azure.VNET.UseNSGs", NetVnet, PsRuleAnswer.Rule, "subnet-has-nsg"),
        new("Azure.VNET.PrivateSubnet", NetVnet, PsRuleAnswer.Rule, "subnet-no-default-outbound"),
        new("Azure.VNET.BastionSubnet", NetVnet, PsRuleAnswer.Rule, "bastion-present"),
        new("Azure.VNET.FirewallSubnet", NetVnet, PsRuleAnswer.ByDesign,
            "AzureFirewallSubnet is in the address planner's fixed hub layout (AddressPlanner.HubLayout), and spoke-forced-tunnel requires every spoke's default route to reach a firewall. No rule checks the hub side on foreign estates yet."),
        new("Azure.VNET.SingleDNS", NetVnet, PsRuleAnswer.ByDesign,
            "Spokes name one DNS server, the hub's DNS Private Resolver inbound endpoint (HubNetwork: the first address of snet-dns-inbound), a managed service rather than a single VM. A Learn statement on the endpoint's redundancy was not found, so this is a decision, not a confirmed fact."),
        new("Azure.VNET.LocalDNS", NetVnet, PsRuleAnswer.ByDesign,
            "The only DNS server the stacks set is the resolver endpoint in the peered hub, taken from the address plan, so the first server is always local; no rule checks foreign estates yet."),
        new("Azure.VNET.PeerState", NetVnet, PsRuleAnswer.NeedsLiveData,
            "virtualNetworkPeerings[].peeringState is an output Azure reports after both halves exist; a program cannot carry it and the sandbox does not model it."),
        new("Azure.VNET.FirewallSubnetNAT", NetVnet, PsRuleAnswer.ByDesign,
            "Off in PSRule unless AZURE_FIREWALL_IS_ZONAL is set; a NAT gateway on AzureFirewallSubnet is for SNAT port scale, which the estate's office and update traffic does not need."),

        // Network security groups (Azure.NSG.Rule.ps1 / .yaml)
        new("Azure.NSG.AnyInboundSource", NetNsg, PsRuleAnswer.Rule,
            // nsg-no-internet-inbound is wider (Internet, Any and every /0 as well as *, prefix lists, rule
            // priorities, only the fronts' own ports allowed); the others are the CIS 7.1–7.4 ports.
            "nsg-no-internet-inbound, nsg-no-internet-rdp, nsg-no-internet-ssh, nsg-no-internet-udp, nsg-no-internet-http"),
        new("Azure.NSG.LateralTraversal", NetNsg, PsRuleAnswer.Rule,
            // Stricter: SSH, RDP, SMB and WinRM, inbound and outbound, Azure's default rules included.
            "nsg-no-lateral-movement"),
        new("Azure.NSG.DenyAllInbound", NetNsg, PsRuleAnswer.ByDesign,
            "A deny-all as the first inbound rule breaks reachability (a reliability finding, not a security one); the stacks put every deny-all last (priority 4000 and above) and nsg-no-lateral-movement/nsg-no-internet-inbound read the whole order."),
        new("Azure.NSG.Associated", NetNsg, PsRuleAnswer.ByDesign,
            "The stacks create each NSG for the subnet that uses it (HubNetwork.Nsg is only called with a subnet); subnet-has-nsg checks the other direction. An orphaned NSG in a foreign export is not flagged."),
        new("Azure.NSG.AKSRules", NetNsg, PsRuleAnswer.NotApplicable, "No AKS clusters in the estate, so no AKS rules in its NSGs."),

        // Public IP addresses (Azure.PublicIP.Rule.ps1 / .yaml)
        new("Azure.PublicIP.StandardSKU", NetPublicIp, PsRuleAnswer.Rule, "pip-standard-sku"),
        new("Azure.PublicIP.MigrateStandard", NetPublicIp, PsRuleAnswer.Rule, "pip-standard-sku"),
        new("Azure.PublicIP.AvailabilityZone", NetPublicIp, PsRuleAnswer.Rule, "pip-zone-redundant"),
        new("Azure.PublicIP.IsAttached", NetPublicIp, PsRuleAnswer.ByDesign,
            "Every public IP the stacks declare is made for, and attached in the same component to, the firewall, the VPN gateway or Bastion (HubNetwork.Pip). PSRule judges it on exports only; an unattached IP in a foreign export is not flagged."),

        // Azure Firewall and firewall policies (Azure.Firewall.Rule.yaml / .ps1)
        new("Azure.Firewall.Mode", NetFirewall, PsRuleAnswer.Rule, "fw-threat-intel-deny"), // a firewall without a policy fails outright
        new("Azure.Firewall.PolicyMode", NetFirewallPolicy, PsRuleAnswer.Rule, "fw-threat-intel-deny"),
        new("Azure.Firewall.AvailabilityZone", NetFirewall, PsRuleAnswer.Rule, "fw-zone-redundant"),

        // Virtual network gateways (Azure.VNG.Rule.ps1 / .yaml)
        new("Azure.VNG.VPNLegacySKU", NetGateway, PsRuleAnswer.Rule, "vpn-gateway-az-sku"),
        new("Azure.VNG.VPNAvailabilityZoneSKU", NetGateway, PsRuleAnswer.Rule, "vpn-gateway-az-sku"),
        new("Azure.VNG.VPNActiveActive", NetGateway, PsRuleAnswer.Rule, "vpn-gateway-active-active"),
        new("Azure.VNG.MaintenanceConfig", NetGateway, PsRuleAnswer.Rule, "vpn-gateway-maintenance-window"),
        new("Azure.VNG.ERLegacySKU", NetGateway, PsRuleAnswer.NotApplicable, "No ExpressRoute gateways: offices connect by site-to-site VPN."),
        new("Azure.VNG.ERAvailabilityZoneSKU", NetGateway, PsRuleAnswer.NotApplicable, "No ExpressRoute gateways: offices connect by site-to-site VPN."),
    ];
}
