using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Network;
using NetIn = Oic.Infra.Resources.AzureNative.Network.Inputs;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// Site-to-site links from headquarters, external offices and partner organs to the region's hub:
/// a local network gateway per site and an IKEv2 connection with a custom IPsec/IKE policy.
/// In the DR stack the same connections exist ahead of a disaster (standby), so failover does not
/// wait for office engineers. Pre-shared keys are secrets read from the program's config.
/// </summary>
public sealed class OfficeConnectivity : Component
{
    /// <summary>
    /// IKEv2 GCMAES256 / SHA384 / ECP384, IPsec GCMAES256 with PFS ECP384 — the strongest
    /// combination Azure VPN gateways accept (GCM integrity must match GCM encryption).
    /// </summary>
    private static NetIn.IpsecPolicyArgs StrongPolicy() => new()
    {
        IkeEncryption = "GCMAES256",
        IkeIntegrity = "SHA384",
        DhGroup = "ECP384",
        IpsecEncryption = "GCMAES256",
        IpsecIntegrity = "GCMAES256",
        PfsGroup = "ECP384",
        SaLifeTimeSeconds = 27000,
        SaDataSizeKilobytes = 102400000,
    };

    private readonly List<VirtualNetworkGatewayConnection> _connections = [];

    public OfficeConnectivity(StackContext context, HubNetwork hub)
        : base(context, "connectivity", ContinuityService.Connectivity, "site-to-site VPN links to offices and partners")
    {
        ArgumentNullException.ThrowIfNull(hub);
        var standby = Estate.Deployment.Role == StackRole.Dr;
        foreach (var site in Estate.Sites)
        {
            var tags = Tags(DataClassification.Internal);
            tags["site"] = site.Key;
            tags["site-kind"] = site.Kind.ToString().ToLowerInvariant();
            tags["connection-role"] = standby ? "standby" : "active";

            var local = new LocalNetworkGateway(Child($"lgw-{site.Key}"), new LocalNetworkGatewayArgs
            {
                LocalNetworkGatewayName = context.Names.SiteNetwork("lgw", site),
                ResourceGroupName = GroupName,
                Location = Location,
                GatewayIpAddress = site.VpnPeerAddress.ToString(),
                LocalNetworkAddressSpace = new NetIn.AddressSpaceArgs
                {
                    AddressPrefixes = site.OnPremPrefixes.Select(p => p.ToString()).ToArray(),
                },
                BgpSettings = site.Bgp is { } bgp
                    ? new NetIn.BgpSettingsArgs { Asn = bgp.Asn, BgpPeeringAddress = bgp.PeeringAddress.ToString() }
                    : null,
                Tags = tags,
            }, Options());

            // A partner's tunnel carries only its own prefixes to and from its own exchange subnet: custom
            // traffic selectors (policy-based) keep it from reaching anything else behind the gateway,
            // other partners' tunnels included (transit between connections of one gateway).
            var exchange = site.Kind == SiteKind.Partner
                ? context.Plan.Partners.Subnets.FirstOrDefault(s => s.Name == $"snet-partner-{site.Key}")
                : null;

            context.DeclareSecret(site.SharedKeyConfigKey);
            _connections.Add(new VirtualNetworkGatewayConnection(Child($"cn-{site.Key}"), new VirtualNetworkGatewayConnectionArgs
            {
                VirtualNetworkGatewayConnectionName = context.Names.SiteNetwork("cn", site),
                ResourceGroupName = GroupName,
                Location = Location,
                ConnectionType = "IPsec",
                ConnectionProtocol = "IKEv2",
                VirtualNetworkGateway1 = new NetIn.VirtualNetworkGatewayArgs { Id = hub.VpnGateway.Id },
                LocalNetworkGateway2 = new NetIn.LocalNetworkGatewayArgs { Id = local.Id },
                SharedKey = new Secret<string>(Output.Config<string>(site.SharedKeyConfigKey)),
                EnableBgp = site.Bgp is not null,
                UsePolicyBasedTrafficSelectors = exchange is not null,
                TrafficSelectorPolicies = exchange is null ? null :
                [
                    new NetIn.TrafficSelectorPolicyArgs
                    {
                        LocalAddressRanges = [exchange.Prefix.ToString()],
                        RemoteAddressRanges = site.OnPremPrefixes.Select(p => p.ToString()).ToArray(),
                    },
                ],
                DpdTimeoutSeconds = 45,
                IpsecPolicies = [StrongPolicy()],
                Tags = tags,
            }, Options()));
        }
    }

    public IReadOnlyList<VirtualNetworkGatewayConnection> Connections => _connections;
}
