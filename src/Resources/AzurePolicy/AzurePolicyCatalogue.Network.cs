namespace Oic.Infra.Resources.AzurePolicy;

public static partial class AzurePolicyCatalogue
{
    private static readonly string NetworkSource = Definitions("Network");

    /// <summary>
    /// Network. Left out: Network Watcher enabled (b6e2945c…, one resource group name per assignment, while each
    /// region keeps its watcher in its own group), DDoS protection (94de2ad3…, needs the plan's id, which only the
    /// DR stack declares), the custom IPsec policy (50b83b09…, Audit only; the allowed-algorithm lists were not
    /// checked against the definition's allowed values in the time available).
    /// </summary>
    internal static readonly IReadOnlyList<BuiltInPolicy> Network =
    [
        new("flowlog-enabled", "vnet-flow-logs", Definition("4c3c6c5f-0d47-4402-99b8-aa543dd8bcee"), "Audit flow logs configuration for every virtual network",
            NetworkSource + "VirtualNetwork_FlowLog_Audit.json", PolicyEffect.Audit),
        new("vpn-gateway-az-sku", "vgw-zone-redundant", Definition("da8a2248-6b4a-44a7-96bf-bf1c0dd208c3"), "[Preview]: Virtual network gateways should be Zone Redundant",
            Definitions("Resilience") + "Network_virtualNetworkGateways_ZoneRedundant_Audit.json", PolicyEffect.Deny)
        {
            Note = "preview definition",
        },
        new("fw-threat-intel-deny", "afwp-threat-intel", Definition("da79a7e2-8aa1-45ed-af81-ba050c153564"), "Azure Firewall Policy should enable Threat Intelligence",
            NetworkSource + "AzureFirewallPolicy_EnableThreatIntelligence_Audit.json", PolicyEffect.Deny)
        {
            Note = "narrower: flags only threatIntelMode Off, where our rule requires Deny",
        },
        new("subnet-has-nsg", "snet-nsg", Definition("e71308d3-144b-4262-b144-efdc3cc90517"), "Subnets should be associated with a Network Security Group",
            Definitions("Security Center") + "ASC_NetworkSecurityGroupsOnSubnets_Audit.json", PolicyEffect.AuditIfNotExists)
        {
            Note = "broader: no exemption for GatewaySubnet and the other subnets Azure forbids an NSG on",
        },
        new("vm-no-public-ip", "nic-no-public-ip", Definition("83a86a26-fd1f-447c-b59d-e51f44264114"), "Network interfaces should not have public IPs",
            NetworkSource + "NetworkPublicIPNic_Deny.json", PolicyEffect.Audit)
        {
            EffectParameter = null,
            FixedDeny = true,
        },
    ];
}
