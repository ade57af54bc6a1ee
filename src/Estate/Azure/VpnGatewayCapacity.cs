namespace Oic.Infra.Estate.Azure;

/// <summary>
/// How many site-to-site tunnels a VPN gateway SKU carries, and how many tunnels the estate's gateway
/// spends per connection. Checked when the config is read, so a stack that would exceed its gateway
/// never compiles (docs/adr/0021-partners-at-oic-scale.md).
/// </summary>
public static class VpnGatewayCapacity
{
    /// <summary>Where the limits come from.</summary>
    public const string SkuSource = "https://learn.microsoft.com/azure/vpn-gateway/about-gateway-skus";

    /// <summary>Where the two tunnels per connection of an active-active gateway come from.</summary>
    public const string ActiveActiveSource = "https://learn.microsoft.com/azure/vpn-gateway/about-active-active-gateways";

    /// <summary>
    /// The hub's VPN gateway is always active-active (stacks/Components/HubNetwork.cs): "both instances of the
    /// gateway VMs establish S2S VPN tunnels to your on-premises VPN device", so each connection holds two tunnels.
    /// Counting both against the SKU's limit is the conservative reading (docs/adr/0021).
    /// </summary>
    public const int TunnelsPerConnection = 2;

    /// <summary>
    /// The documented "S2S/VNet-to-VNet tunnels" maximum per SKU: Basic 10, VpnGw1–3 and VpnGw1AZ–3AZ 30,
    /// VpnGw4–5 and VpnGw4AZ–5AZ 100; "if you need more than 100 S2S VPN tunnels, use Virtual WAN".
    /// </summary>
    public static int? MaxTunnels(string sku) => sku switch
    {
        "Basic" => 10,
        "VpnGw1" or "VpnGw2" or "VpnGw3" or "VpnGw1AZ" or "VpnGw2AZ" or "VpnGw3AZ" => 30,
        "VpnGw4" or "VpnGw5" or "VpnGw4AZ" or "VpnGw5AZ" => 100,
        _ => null,
    };

    /// <summary>The largest documented limit of any VPN gateway SKU; beyond it Microsoft points to Virtual WAN.</summary>
    public const int LargestSkuTunnels = 100;
}
