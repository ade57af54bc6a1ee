using Oic.Infra.Estate.Errors;
using Oic.Infra.Estate.Model;
using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Automation.Partners;

/// <summary>A partner config request that cannot be answered: unknown partner, a partner without a tunnel (exit 2).</summary>
public sealed class PartnerConfigException(string message) : InfraException(ErrorKind.InvalidInput, message);

/// <summary>The IKE and IPsec parameters of a connection, as Azure names them (<c>ipsecPolicies[0]</c>).</summary>
public sealed record TunnelPolicy(
    string IkeEncryption, string IkeIntegrity, string DhGroup,
    string IpsecEncryption, string IpsecIntegrity, string PfsGroup,
    long SaLifeTimeSeconds, long SaDataSizeKilobytes);

/// <summary>One instance of the Azure VPN gateway the partner's device peers with: its public IP resource (address known only once deployed).</summary>
public sealed record GatewayInstance(int Number, string PublicIpName, string ResourceGroup);

/// <summary>
/// The partner's side of its site-to-site tunnel, read from the stack's compiled program — the connection,
/// its local network gateway and the hub's VPN gateway — so that it says exactly what the stack deploys.
/// It holds no secret: the pre-shared key is a Pulumi secret (<see cref="SharedKeyConfigKey"/>) read only
/// by the key owner.
/// </summary>
public sealed record PartnerTunnel(
    string Stack,
    string Key,
    string Name,
    string City,
    string Country,
    string Location,
    string Connection,
    string AzureGateway,
    IReadOnlyList<GatewayInstance> AzureInstances,
    long AzureAsn,
    string PeerAddress,
    IReadOnlyList<string> PartnerPrefixes,
    IReadOnlyList<string> AzurePrefixes,
    bool PolicyBasedTrafficSelectors,
    TunnelPolicy Policy,
    int DpdTimeoutSeconds,
    BgpSettings? PartnerBgp,
    string SharedKeyConfigKey)
{
    /// <summary>
    /// The IKE SA (phase 1) lifetime of an Azure VPN gateway: 28,800 seconds. A connection's custom IPsec/IKE
    /// policy sets only the IPsec SA lifetimes (Learn, <i>About cryptographic requirements and Azure VPN gateways</i>).
    /// </summary>
    public const int IkeSaLifetimeSeconds = 28800;

    /// <summary>The placeholder printed for the address of gateway instance <paramref name="number"/>.</summary>
    public static string AddressPlaceholder(int number) => $"AZURE_GATEWAY_IP_{number}";

    /// <summary>How to read the gateway's public addresses once deployed.</summary>
    public IEnumerable<string> HowToGetAddresses() =>
    [
        $"pulumi stack output vpnGatewayPublicIps --stack {Stack}",
        .. AzureInstances.Select(i => $"az network public-ip show -g {i.ResourceGroup} -n {i.PublicIpName} --query ipAddress -o tsv   # {AddressPlaceholder(i.Number)}"),
    ];

    /// <summary>How the key owner reads the pre-shared key (never printed by this tool).</summary>
    public string HowToGetKey => $"pulumi config get {SharedKeyConfigKey} --stack {Stack}";

    /// <summary>
    /// The partner's tunnel in the stack's program. Refuses (exit 2) a key that names no partner, and a partner
    /// linked through the front, which has no tunnel.
    /// </summary>
    public static PartnerTunnel Read(EstateModel estate, ResourceSet program, string key)
    {
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(key);
        if (estate.FrontPartners.FirstOrDefault(p => p.Key == key) is { } front)
            throw new PartnerConfigException(
                $"partner '{key}' ({front.Name}) is linked with 'kind: front' ({front.ConfigPath}): it has no tunnel, so no device configuration; " +
                $"it reaches the API Management front with its own subscription key (product partner-{key}), see docs/adr/0021-partners-at-oic-scale.md");
        var site = estate.Partners.FirstOrDefault(p => p.Key == key);
        if (site is null)
        {
            var known = estate.Partners.Select(p => p.Key).Concat(estate.FrontPartners.Select(p => $"{p.Key} (front)")).ToList();
            var office = estate.Sites.FirstOrDefault(s => s.Key == key);
            throw new PartnerConfigException(office is not null
                ? $"'{key}' is the {office.Kind.ToString().ToLowerInvariant()} {office.Name}, not a partner; partners of stack {estate.Stack}: {string.Join(", ", known)}"
                : $"no partner '{key}' in stack {estate.Stack}; partners: {(known.Count == 0 ? "none" : string.Join(", ", known))}");
        }

        var connection = program.OfType(Oic.Infra.Policies.Rules.AzureTypes.Connection)
            .FirstOrDefault(c => Tag(c, "site") == key)
            ?? throw new PartnerConfigException($"the program of stack {estate.Stack} declares no connection for partner '{key}'");
        var local = program.Resolve(connection.Get("localNetworkGateway2.id")).Resource
            ?? program.OfType(LocalNetworkGateway).FirstOrDefault(l => Tag(l, "site") == key)
            ?? throw new PartnerConfigException($"the connection of partner '{key}' names no local network gateway in the program");
        var gateway = program.Resolve(connection.Get("virtualNetworkGateway1.id")).Resource
            ?? throw new PartnerConfigException($"the connection of partner '{key}' names no VPN gateway in the program");

        var instances = new List<GatewayInstance>();
        var configs = gateway.Get("ipConfigurations").Items;
        for (var i = 0; i < configs.Count; i++)
        {
            var pip = program.Resolve(configs[i].Get("publicIPAddress.id")).Resource;
            var pipName = pip?.Get("publicIpAddressName").Text ?? $"(public IP {i + 1} of {Text(gateway, "virtualNetworkGatewayName")})";
            var group = pip is null ? "" : GroupName(program, pip);
            instances.Add(new GatewayInstance(i + 1, pipName, group));
        }

        var policies = connection.Get("ipsecPolicies").Items;
        var policy = policies.Count > 0 ? policies[0] : default;
        var p = policy.HasValue
            ? new TunnelPolicy(
                policy.Get("ikeEncryption").Text ?? "", policy.Get("ikeIntegrity").Text ?? "", policy.Get("dhGroup").Text ?? "",
                policy.Get("ipsecEncryption").Text ?? "", policy.Get("ipsecIntegrity").Text ?? "", policy.Get("pfsGroup").Text ?? "",
                (long)(policy.Get("saLifeTimeSeconds").Number ?? 27000), (long)(policy.Get("saDataSizeKilobytes").Number ?? 102400000))
            : throw new PartnerConfigException($"the connection of partner '{key}' has no custom IPsec policy in the program");

        var selectors = connection.Get("trafficSelectorPolicies").Items;
        var azurePrefixes = selectors.SelectMany(s => s.Get("localAddressRanges").Texts).Distinct().ToList();
        var partnerPrefixes = local.Get("localNetworkAddressSpace.addressPrefixes").Texts.ToList();
        var asn = gateway.Get("bgpSettings.asn").Number is { } n ? (long)n : 65515;
        return new PartnerTunnel(
            estate.Stack, site.Key, site.Name, site.City, site.Country,
            Text(gateway, "location"),
            Text(connection, "virtualNetworkGatewayConnectionName"),
            Text(gateway, "virtualNetworkGatewayName"),
            instances,
            asn,
            local.Get("gatewayIpAddress").Text ?? site.VpnPeerAddress.ToString(),
            partnerPrefixes,
            azurePrefixes,
            connection.Get("usePolicyBasedTrafficSelectors").Bool == true,
            p,
            (int)(connection.Get("dpdTimeoutSeconds").Number ?? 45),
            connection.Get("enableBgp").Bool == true ? site.Bgp : null,
            site.SharedKeyConfigKey);
    }

    private static string? Tag(PolicyResource resource, string tag) => resource.Get($"tags.{tag}").Text;

    private static string Text(PolicyResource resource, string path) => resource.Get(path).Text ?? "";

    private static string GroupName(ResourceSet program, PolicyResource resource)
    {
        var group = resource.Get("resourceGroupName");
        if (group.Text is { } text) return text;
        return group.Reference is { Resource: { } r } && program.Resources.FirstOrDefault(x => x.Name == r.LogicalName) is { } rg
            ? rg.Get("resourceGroupName").Text ?? "" : "";
    }
}
