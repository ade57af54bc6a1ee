using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network.Reach;

/// <summary>
/// Who may reach what, proved on the reachability model (<see cref="Reachability"/>): partners are
/// isolated from each other and from every store above public, and the internet reaches only the
/// fronts meant for it. A "yes" of the model may be wider than Azure's answer, never narrower, so a
/// pass is a proof and a failure names the path to look at.
/// </summary>
public static class ReachRules
{
    /// <summary>
    /// The paths the model reads: every property that opens or closes a path (address spaces, NSG
    /// rules, routes, peerings, gateway connections and their selectors, firewall policy rules,
    /// private endpoints, public network access of stores) and the tags that name sites and stores.
    /// </summary>
    public static readonly PropertyPaths ModelReads = PropertyPaths
        .On(VirtualNetwork, "addressSpace.addressPrefixes", "virtualNetworkPeerings", "subnets[].id", "subnets[].name", "subnets[].addressPrefix",
            "subnets[].addressPrefixes", "subnets[].networkSecurityGroup", "subnets[].routeTable", "subnets[].privateEndpointNetworkPolicies",
            "name", "resourceGroupName")
        .And(Subnet, "addressPrefix", "addressPrefixes", "networkSecurityGroup", "routeTable", "privateEndpointNetworkPolicies", "name",
            "virtualNetworkName", "resourceGroupName")
        .And(VirtualNetworkPeering, "virtualNetworkName", "resourceGroupName", "remoteVirtualNetwork", "remoteAddressSpace",
            "allowVirtualNetworkAccess", "allowForwardedTraffic", "allowGatewayTransit", "useRemoteGateways", "name")
        .And(NetworkSecurityGroup, "securityRules", "subnets", "name", "resourceGroupName")
        .And(SecurityRule, "access", "direction", "priority", "protocol", "sourceAddressPrefix", "sourceAddressPrefixes",
            "sourceApplicationSecurityGroups", "destinationAddressPrefix", "destinationAddressPrefixes", "destinationApplicationSecurityGroups",
            "destinationPortRange", "destinationPortRanges", "name", "securityRuleName", "networkSecurityGroupName", "resourceGroupName")
        .And(RouteTable, "routes", "disableBgpRoutePropagation", "name", "resourceGroupName")
        .And(Route, "addressPrefix", "nextHopType", "nextHopIpAddress", "name", "routeName", "routeTableName", "resourceGroupName")
        .And(VirtualNetworkGateway, "ipConfigurations", "name")
        .And(Connection, "virtualNetworkGateway1", "localNetworkGateway2", "usePolicyBasedTrafficSelectors", "trafficSelectorPolicies", "name")
        .And(LocalNetworkGateway, "localNetworkAddressSpace", "name")
        .And(AzureFirewall, "ipConfigurations", "firewallPolicy", "networkRuleCollections", "applicationRuleCollections", "natRuleCollections", "name")
        .And(FirewallPolicy, "basePolicy", "name", "resourceGroupName")
        .And(FirewallPolicyRuleCollectionGroup, "firewallPolicyName", "resourceGroupName", "priority", "ruleCollections", "ruleCollectionGroupName", "name")
        .And(PrivateEndpoint, "subnet", "privateLinkServiceConnections", "manualPrivateLinkServiceConnections", "name")
        .And(NetworkInterface, "ipConfigurations", "networkSecurityGroup", "name")
        .And(BastionHost, "ipConfigurations", "name")
        .And(StorageAccount, "publicNetworkAccess", "networkRuleSet.defaultAction", "networkRuleSet.ipRules", "enableHttpsTrafficOnly", "name", "accountName")
        .And(ResourceGroup, "name")
        // A front partner's way past its front (docs/adr/0021): the APIs its product links, their backends, and the
        // subnet the service calls them from (ApimBackends).
        .And(ApiManagementService, "publicNetworkAccess", "serviceName", "name", "virtualNetworkType", "virtualNetworkConfiguration.subnetResourceId", "resourceGroupName")
        .And(ApiManagementSubscription, "sid", "serviceName", "scope", "state", "name", "resourceGroupName")
        .And(ApiManagementApi, "apiId", "serviceName", "serviceUrl", "resourceGroupName")
        .And(ApiManagementProduct, "productId", "name", "resourceGroupName")
        .And(ApiManagementProductApiLink, "productId", "apiId", "resourceGroupName")
        // A private endpoint's target is found by its id, which names it: any type a private link reaches.
        .And(PropertyPaths.AnyType, "name", "tags.site", "tags.site-kind", "tags.data-classification", "tags." + Reachability.EdgeTag);

    private static readonly string[] PrivateClassifications = ["internal", "confidential", "strictly-confidential"];

    public static readonly StackRule NoPartnerToPartner = new("reach-partner-isolation",
        "No partner reaches another partner's network",
        "Subsidiary organs and member states are linked to the General Secretariat, not to each other: a path from one partner to another (through the VPN gateway's transit, the firewall or a peering) would let the estate carry traffic between them that neither agreed to and no one logs.",
        Severity.High, ["MCSB:NS-1"],
        set =>
        {
            var matrix = Reachability.Compute(set);
            var partners = matrix.Sources.Where(s => s.Kind == EndpointKind.Partner).ToList();
            var results = new List<(PolicyResource, Outcome)>();
            foreach (var partner in partners)
            {
                var findings = matrix.Destinations
                    .Where(d => d.Kind == EndpointKind.Partner && d.SiteKey != partner.SiteKey)
                    .Select(d => matrix.Cell(partner, d)!)
                    .Where(c => c.Reachable)
                    .Select(c => $"{c.From.Name} reaches {c.To.Name} on {c.Traffic}: {c.Paths[0].Text}")
                    .ToArray();
                foreach (var resource in partner.Resources)
                    results.Add((resource, findings.Length > 0 ? Outcome.Fail(findings) : Outcome.Pass));
            }
            return results;
        })
    {
        Reads = ModelReads,
    };

    public static readonly StackRule NoPartnerToPrivateStores = new("reach-partner-stores",
        "No partner reaches an internal, confidential or strictly confidential document store",
        "A partner link exists to exchange public documents and named services; a network path to a store above public puts the estate's documents one stolen credential away from another organisation's network.",
        Severity.Critical, ["MCSB:NS-1", "MCSB:NS-2"],
        set =>
        {
            var matrix = Reachability.Compute(set);
            var results = new List<(PolicyResource, Outcome)>();
            var partners = matrix.Sources.Where(s => s.Kind == EndpointKind.Partner).ToList();
            foreach (var store in matrix.Destinations.Where(d => d.Kind == EndpointKind.Store && PrivateClassifications.Contains(d.Name["store:".Length..])))
            {
                var cells = partners.Select(p => matrix.Cell(p, store)!).Where(c => c.Paths.Count > 0).ToList();
                foreach (var account in store.Resources)
                {
                    var findings = cells
                        .SelectMany(c => c.Paths.Where(p => ReferenceEquals(p.Resource, account)).Select(p => $"{c.From.Name} reaches it on {p.Traffic}: {p.Text}"))
                        .ToArray();
                    results.Add((account, findings.Length > 0 ? Outcome.Fail(findings) : Outcome.Pass));
                }
            }
            return results;
        })
    {
        Reads = ModelReads,
    };

    public static readonly StackRule InternetOnlyToFronts = new("reach-internet-fronts-only",
        "The internet reaches nothing but the fronts meant for it",
        "Anything the internet reaches is attacked: only fronts built for it (Bastion, a WAF or API gateway, a subnet whose NSG is tagged network-edge) may take its traffic; a subnet, private endpoint or store it reaches otherwise is exposed.",
        Severity.High, ["CIS-3.0:7.1", "CIS-3.0:7.2", "CIS-3.0:7.3", "CIS-3.0:7.4", "MCSB:NS-1", "MCSB:NS-2"],
        set =>
        {
            var matrix = Reachability.Compute(set);
            var internet = matrix.Sources.FirstOrDefault(s => s.Kind == EndpointKind.Internet);
            var outcomes = new Dictionary<PolicyResource, List<Outcome>>(ReferenceEqualityComparer.Instance);
            var order = new List<PolicyResource>();
            foreach (var destination in matrix.Destinations.Where(d => d.Kind is EndpointKind.Subnet or EndpointKind.PrivateEndpoint or EndpointKind.Store or EndpointKind.Management))
            {
                var cell = internet is null ? null : matrix.Cell(internet, destination);
                var front = Reachability.IsFront(destination, set);
                foreach (var resource in destination.Resources)
                {
                    var paths = cell?.Paths.Where(p => destination.Kind != EndpointKind.Store || ReferenceEquals(p.Resource, resource)).ToList() ?? [];
                    var outcome = paths.Count == 0 || front ? Outcome.Pass
                        : Outcome.Fail([.. paths.Select(p => $"the internet reaches {destination.Name} on {p.Traffic}: {p.Text}")]);
                    if (!outcomes.TryGetValue(resource, out var list))
                    {
                        outcomes[resource] = list = [];
                        order.Add(resource);
                    }
                    list.Add(outcome);
                }
            }
            return order.Select(r => (r, Outcome.All([.. outcomes[r]])));
        })
    {
        Reads = ModelReads,
    };
}
