using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Oic.Infra.Automation.Partners;

/// <summary>
/// Renders a partner's side of its tunnel (<see cref="PartnerTunnel"/>) for a device: strongSwan
/// (<c>swanctl.conf</c>), Cisco IOS / IOS XE (IKEv2) or FortiGate (FortiOS CLI), or as JSON. Values come
/// from the compiled program; the Azure gateway's public addresses are known only after deployment and
/// print as <c>AZURE_GATEWAY_IP_n</c> placeholders, with the commands that read them. No output holds
/// the pre-shared key: each says how the key owner obtains it.
/// </summary>
public static class PartnerDeviceConfig
{
    public static readonly string[] Devices = ["strongswan", "cisco-ios", "fortigate"];

    public static string Render(PartnerTunnel tunnel, string device)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        return device switch
        {
            "strongswan" => StrongSwan(tunnel),
            "cisco-ios" => CiscoIos(tunnel),
            "fortigate" => FortiGate(tunnel),
            _ => throw new PartnerConfigException($"--device {device}: not a device this tool configures; one of: {string.Join(", ", Devices)}"),
        };
    }

    // ---- strongSwan -------------------------------------------------------------------------------

    /// <summary>swanctl.conf (strongSwan 5.8+): one IKEv2 connection per Azure gateway instance, PSK authentication.</summary>
    public static string StrongSwan(PartnerTunnel t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var s = new StringBuilder();
        Header(s, t, "#");
        var ike = $"{SwanCipher(t.Policy.IkeEncryption)}-{SwanPrf(t.Policy.IkeEncryption, t.Policy.IkeIntegrity)}-{SwanGroup(t.Policy.DhGroup)}";
        var espParts = new List<string> { SwanCipher(t.Policy.IpsecEncryption) };
        if (!IsGcm(t.Policy.IpsecIntegrity)) espParts.Add(SwanIntegrity(t.Policy.IpsecIntegrity));
        if (SwanPfs(t.Policy.PfsGroup) is { } pfs) espParts.Add(pfs);
        var esp = string.Join('-', espParts);
        s.AppendLine("connections {");
        foreach (var instance in t.AzureInstances)
        {
            var remote = PartnerTunnel.AddressPlaceholder(instance.Number);
            s.AppendLine(CultureInfo.InvariantCulture, $"    oic-{t.Stack}-{instance.Number} {{");
            s.AppendLine("        version = 2");
            s.AppendLine(CultureInfo.InvariantCulture, $"        local_addrs = {t.PeerAddress}");
            s.AppendLine(CultureInfo.InvariantCulture, $"        remote_addrs = {remote}");
            s.AppendLine(CultureInfo.InvariantCulture, $"        proposals = {ike}");
            s.AppendLine(CultureInfo.InvariantCulture, $"        rekey_time = {PartnerTunnel.IkeSaLifetimeSeconds}s");
            s.AppendLine("        dpd_delay = 10s");
            s.AppendLine("        local {");
            s.AppendLine("            auth = psk");
            s.AppendLine(CultureInfo.InvariantCulture, $"            id = {t.PeerAddress}");
            s.AppendLine("        }");
            s.AppendLine("        remote {");
            s.AppendLine("            auth = psk");
            s.AppendLine(CultureInfo.InvariantCulture, $"            id = {remote}");
            s.AppendLine("        }");
            s.AppendLine("        children {");
            s.AppendLine(CultureInfo.InvariantCulture, $"            oic-{t.Stack}-{instance.Number}-net {{");
            s.AppendLine(CultureInfo.InvariantCulture, $"                local_ts = {string.Join(", ", t.PartnerPrefixes)}");
            s.AppendLine(CultureInfo.InvariantCulture, $"                remote_ts = {string.Join(", ", RemoteSelectors(t))}");
            s.AppendLine(CultureInfo.InvariantCulture, $"                esp_proposals = {esp}");
            s.AppendLine(CultureInfo.InvariantCulture, $"                rekey_time = {t.Policy.SaLifeTimeSeconds}s");
            s.AppendLine(CultureInfo.InvariantCulture, $"                rekey_bytes = {t.Policy.SaDataSizeKilobytes * 1024}");
            s.AppendLine("                dpd_action = restart");
            s.AppendLine("                start_action = start");
            s.AppendLine("            }");
            s.AppendLine("        }");
            s.AppendLine("    }");
        }
        s.AppendLine("}");
        s.AppendLine();
        s.AppendLine("# The pre-shared key is not in this file. Put it in a file readable by root only, e.g.");
        s.AppendLine("# /etc/swanctl/conf.d/oic-secrets.conf, once the key owner has handed it over out of band:");
        s.AppendLine("#");
        s.AppendLine("# secrets {");
        foreach (var instance in t.AzureInstances)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"#     ike-oic-{t.Stack}-{instance.Number} {{");
            s.AppendLine(CultureInfo.InvariantCulture, $"#         id = {PartnerTunnel.AddressPlaceholder(instance.Number)}");
            s.AppendLine("#         secret = \"<the pre-shared key>\"");
            s.AppendLine("#     }");
        }
        s.AppendLine("# }");
        return s.ToString();
    }

    // ---- Cisco IOS --------------------------------------------------------------------------------

    /// <summary>
    /// Cisco IOS / IOS XE, IKEv2: proposal, policy, keyring, profile, IPsec transform set and profile; a crypto
    /// map over an access list when the connection uses policy-based traffic selectors, else a tunnel interface.
    /// </summary>
    public static string CiscoIos(PartnerTunnel t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var s = new StringBuilder();
        Header(s, t, "!");
        var name = $"OIC-{t.Stack.ToUpperInvariant()}";
        s.AppendLine(CultureInfo.InvariantCulture, $"crypto ikev2 proposal {name}-PROPOSAL");
        if (IsGcm(t.Policy.IkeEncryption))
        {
            s.AppendLine(CultureInfo.InvariantCulture, $" encryption {CiscoIkeCipher(t.Policy.IkeEncryption)}");
            s.AppendLine(CultureInfo.InvariantCulture, $" prf {CiscoHash(t.Policy.IkeIntegrity)}");
        }
        else
        {
            s.AppendLine(CultureInfo.InvariantCulture, $" encryption {CiscoIkeCipher(t.Policy.IkeEncryption)}");
            s.AppendLine(CultureInfo.InvariantCulture, $" integrity {CiscoHash(t.Policy.IkeIntegrity)}");
        }
        s.AppendLine(CultureInfo.InvariantCulture, $" group {CiscoGroup(t.Policy.DhGroup)}");
        s.AppendLine("!");
        s.AppendLine(CultureInfo.InvariantCulture, $"crypto ikev2 policy {name}-POLICY");
        s.AppendLine(CultureInfo.InvariantCulture, $" proposal {name}-PROPOSAL");
        s.AppendLine("!");
        s.AppendLine(CultureInfo.InvariantCulture, $"crypto ikev2 keyring {name}-KEYRING");
        foreach (var i in t.AzureInstances)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $" peer azure-{i.Number}");
            s.AppendLine(CultureInfo.InvariantCulture, $"  address {PartnerTunnel.AddressPlaceholder(i.Number)}");
            s.AppendLine("  ! pre-shared-key <the pre-shared key>   (obtained out of band, see the header; never printed here)");
        }
        s.AppendLine("!");
        s.AppendLine(CultureInfo.InvariantCulture, $"crypto ikev2 profile {name}-PROFILE");
        foreach (var i in t.AzureInstances)
            s.AppendLine(CultureInfo.InvariantCulture, $" match identity remote address {PartnerTunnel.AddressPlaceholder(i.Number)} 255.255.255.255");
        s.AppendLine(CultureInfo.InvariantCulture, $" identity local address {t.PeerAddress}");
        s.AppendLine(" authentication remote pre-share");
        s.AppendLine(" authentication local pre-share");
        s.AppendLine(CultureInfo.InvariantCulture, $" keyring local {name}-KEYRING");
        s.AppendLine(CultureInfo.InvariantCulture, $" lifetime {PartnerTunnel.IkeSaLifetimeSeconds}");
        s.AppendLine(" dpd 10 5 on-demand");
        s.AppendLine("!");
        s.AppendLine(CultureInfo.InvariantCulture, $"crypto ipsec transform-set {name}-TS {CiscoTransform(t.Policy)}");
        s.AppendLine(" mode tunnel");
        s.AppendLine("!");
        var pfs = CiscoPfs(t.Policy.PfsGroup);
        if (t.PolicyBasedTrafficSelectors)
        {
            s.AppendLine("! The Azure connection uses policy-based traffic selectors: a crypto map over this access list.");
            s.AppendLine(CultureInfo.InvariantCulture, $"ip access-list extended {name}-TRAFFIC");
            foreach (var local in t.PartnerPrefixes)
                foreach (var remote in RemoteSelectors(t))
                    s.AppendLine(CultureInfo.InvariantCulture, $" permit ip {CiscoNet(local)} {CiscoNet(remote)}");
            s.AppendLine("!");
            foreach (var i in t.AzureInstances)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"crypto map {name}-MAP {10 * i.Number} ipsec-isakmp");
                s.AppendLine(CultureInfo.InvariantCulture, $" set peer {PartnerTunnel.AddressPlaceholder(i.Number)}");
                s.AppendLine(CultureInfo.InvariantCulture, $" set transform-set {name}-TS");
                if (pfs is not null) s.AppendLine(CultureInfo.InvariantCulture, $" set pfs {pfs}");
                s.AppendLine(CultureInfo.InvariantCulture, $" set ikev2-profile {name}-PROFILE");
                s.AppendLine(CultureInfo.InvariantCulture, $" set security-association lifetime seconds {t.Policy.SaLifeTimeSeconds}");
                s.AppendLine(CultureInfo.InvariantCulture, $" set security-association lifetime kilobytes {t.Policy.SaDataSizeKilobytes}");
                s.AppendLine(CultureInfo.InvariantCulture, $" match address {name}-TRAFFIC");
                s.AppendLine("!");
            }
            s.AppendLine("! Apply to the interface that holds the peer address:");
            s.AppendLine(CultureInfo.InvariantCulture, $"! interface <outside interface with {t.PeerAddress}>");
            s.AppendLine(CultureInfo.InvariantCulture, $"!  crypto map {name}-MAP");
        }
        else
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"crypto ipsec profile {name}-IPSEC");
            s.AppendLine(CultureInfo.InvariantCulture, $" set transform-set {name}-TS");
            if (pfs is not null) s.AppendLine(CultureInfo.InvariantCulture, $" set pfs {pfs}");
            s.AppendLine(CultureInfo.InvariantCulture, $" set ikev2-profile {name}-PROFILE");
            s.AppendLine(CultureInfo.InvariantCulture, $" set security-association lifetime seconds {t.Policy.SaLifeTimeSeconds}");
            s.AppendLine(CultureInfo.InvariantCulture, $" set security-association lifetime kilobytes {t.Policy.SaDataSizeKilobytes}");
            s.AppendLine("!");
            foreach (var i in t.AzureInstances)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"interface Tunnel{100 + i.Number}");
                s.AppendLine(" ip unnumbered <outside interface>");
                s.AppendLine(" tunnel source <outside interface>");
                s.AppendLine(" tunnel mode ipsec ipv4");
                s.AppendLine(CultureInfo.InvariantCulture, $" tunnel destination {PartnerTunnel.AddressPlaceholder(i.Number)}");
                s.AppendLine(CultureInfo.InvariantCulture, $" tunnel protection ipsec profile {name}-IPSEC");
                s.AppendLine("!");
            }
            foreach (var remote in RemoteSelectors(t))
                s.AppendLine(CultureInfo.InvariantCulture, $"ip route {CiscoRoute(remote)} Tunnel101");
        }
        if (t.PartnerBgp is { } bgp)
        {
            s.AppendLine("!");
            s.AppendLine(CultureInfo.InvariantCulture, $"router bgp {bgp.Asn}");
            s.AppendLine(CultureInfo.InvariantCulture, $" ! neighbor <Azure BGP peer address> remote-as {t.AzureAsn}   (az network vnet-gateway show --query bgpSettings.bgpPeeringAddresses)");
            s.AppendLine(" ! neighbor <Azure BGP peer address> ebgp-multihop 255");
        }
        s.AppendLine("end");
        return s.ToString();
    }

    // ---- FortiGate --------------------------------------------------------------------------------

    /// <summary>FortiOS CLI: <c>config vpn ipsec phase1-interface</c> and <c>phase2-interface</c>, one pair per Azure gateway instance.</summary>
    public static string FortiGate(PartnerTunnel t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var s = new StringBuilder();
        Header(s, t, "#");
        var group = FortiGroup(t.Policy.DhGroup);
        s.AppendLine("config vpn ipsec phase1-interface");
        foreach (var i in t.AzureInstances)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"    edit \"oic-{t.Stack}-{i.Number}\"");
            s.AppendLine("        set interface \"wan1\"");
            s.AppendLine("        set ike-version 2");
            s.AppendLine("        set peertype any");
            s.AppendLine("        set net-device disable");
            s.AppendLine(CultureInfo.InvariantCulture, $"        set proposal {FortiIkeProposal(t.Policy)}");
            s.AppendLine(CultureInfo.InvariantCulture, $"        set dhgrp {group}");
            s.AppendLine(CultureInfo.InvariantCulture, $"        set remote-gw {PartnerTunnel.AddressPlaceholder(i.Number)}");
            s.AppendLine(CultureInfo.InvariantCulture, $"        set keylife {PartnerTunnel.IkeSaLifetimeSeconds}");
            s.AppendLine("        set dpd on-idle");
            s.AppendLine("        # set psksecret <the pre-shared key>   (obtained out of band, see the header; never printed here)");
            s.AppendLine("    next");
        }
        s.AppendLine("end");
        s.AppendLine("config vpn ipsec phase2-interface");
        var pfs = FortiPfs(t.Policy.PfsGroup);
        foreach (var i in t.AzureInstances)
        {
            var n = 0;
            foreach (var local in t.PartnerPrefixes)
                foreach (var remote in RemoteSelectors(t))
                {
                    n++;
                    s.AppendLine(CultureInfo.InvariantCulture, $"    edit \"oic-{t.Stack}-{i.Number}-{n}\"");
                    s.AppendLine(CultureInfo.InvariantCulture, $"        set phase1name \"oic-{t.Stack}-{i.Number}\"");
                    s.AppendLine(CultureInfo.InvariantCulture, $"        set proposal {FortiEspProposal(t.Policy)}");
                    if (pfs is null) s.AppendLine("        set pfs disable");
                    else
                    {
                        s.AppendLine("        set pfs enable");
                        s.AppendLine(CultureInfo.InvariantCulture, $"        set dhgrp {pfs}");
                    }
                    s.AppendLine("        set keylife-type both");
                    s.AppendLine(CultureInfo.InvariantCulture, $"        set keylifeseconds {t.Policy.SaLifeTimeSeconds}");
                    s.AppendLine(CultureInfo.InvariantCulture, $"        set keylifekbs {t.Policy.SaDataSizeKilobytes}");
                    s.AppendLine(CultureInfo.InvariantCulture, $"        set src-subnet {FortiNet(local)}");
                    s.AppendLine(CultureInfo.InvariantCulture, $"        set dst-subnet {FortiNet(remote)}");
                    s.AppendLine("    next");
                }
        }
        s.AppendLine("end");
        if (t.PartnerBgp is { } bgp)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"# BGP: local AS {bgp.Asn}, peering address {bgp.PeeringAddress}; Azure AS {t.AzureAsn}, its peer addresses from");
            s.AppendLine("#   az network vnet-gateway show --query bgpSettings.bgpPeeringAddresses");
        }
        return s.ToString();
    }

    // ---- JSON -------------------------------------------------------------------------------------

    public static string Json(PartnerTunnel t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("stack", t.Stack);
            w.WriteString("partner", t.Key);
            w.WriteString("name", t.Name);
            w.WriteString("connection", t.Connection);
            w.WriteStartObject("azure");
            w.WriteString("gateway", t.AzureGateway);
            w.WriteString("location", t.Location);
            w.WriteNumber("asn", t.AzureAsn);
            w.WriteStartArray("instances");
            foreach (var i in t.AzureInstances)
            {
                w.WriteStartObject();
                w.WriteString("address", PartnerTunnel.AddressPlaceholder(i.Number));
                w.WriteString("publicIpAddress", i.PublicIpName);
                w.WriteString("resourceGroup", i.ResourceGroup);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Strings(w, "prefixes", RemoteSelectors(t));
            w.WriteEndObject();
            w.WriteStartObject("partner_side");
            w.WriteString("address", t.PeerAddress);
            Strings(w, "prefixes", t.PartnerPrefixes);
            if (t.PartnerBgp is { } bgp)
            {
                w.WriteNumber("asn", bgp.Asn);
                w.WriteString("bgpPeeringAddress", bgp.PeeringAddress.ToString());
            }
            w.WriteEndObject();
            w.WriteBoolean("policyBasedTrafficSelectors", t.PolicyBasedTrafficSelectors);
            w.WriteStartObject("ike");
            w.WriteString("version", "IKEv2");
            w.WriteString("encryption", t.Policy.IkeEncryption);
            w.WriteString("integrity", t.Policy.IkeIntegrity);
            w.WriteString("dhGroup", t.Policy.DhGroup);
            w.WriteNumber("saLifetimeSeconds", PartnerTunnel.IkeSaLifetimeSeconds);
            w.WriteEndObject();
            w.WriteStartObject("ipsec");
            w.WriteString("encryption", t.Policy.IpsecEncryption);
            w.WriteString("integrity", t.Policy.IpsecIntegrity);
            w.WriteString("pfsGroup", t.Policy.PfsGroup);
            w.WriteNumber("saLifetimeSeconds", t.Policy.SaLifeTimeSeconds);
            w.WriteNumber("saLifetimeKilobytes", t.Policy.SaDataSizeKilobytes);
            w.WriteEndObject();
            w.WriteNumber("dpdTimeoutSeconds", t.DpdTimeoutSeconds);
            w.WriteStartObject("sharedKey");
            w.WriteString("configKey", t.SharedKeyConfigKey);
            w.WriteString("howToObtain", $"the key owner runs `{t.HowToGetKey}` and hands it over out of band");
            w.WriteEndObject();
            Strings(w, "howToGetGatewayAddresses", t.HowToGetAddresses().ToList());
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    // ---- shared -----------------------------------------------------------------------------------

    /// <summary>The Azure side's prefixes the tunnel carries: the traffic selectors' local ranges (the partner's exchange subnet).</summary>
    private static IReadOnlyList<string> RemoteSelectors(PartnerTunnel t) => t.AzurePrefixes.Count > 0 ? t.AzurePrefixes : ["0.0.0.0/0"];

    private static void Header(StringBuilder s, PartnerTunnel t, string c)
    {
        s.AppendLine(CultureInfo.InvariantCulture, $"{c} {t.Name} ({t.City}, {t.Country}): site-to-site IPsec to the OIC General Secretariat,");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c} stack {t.Stack}, Azure VPN gateway {t.AzureGateway} ({t.Location}), connection {t.Connection}.");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c} Generated by `infra partner config` from the stack's compiled program; change the stack, not this file.");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c}");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c} Your side:      {t.PeerAddress}, prefixes {string.Join(", ", t.PartnerPrefixes)}");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c} Azure side:     prefixes {string.Join(", ", RemoteSelectors(t))}{(t.PolicyBasedTrafficSelectors ? " (exact traffic selectors: propose exactly these)" : "")}");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c} IKEv2:          {t.Policy.IkeEncryption} / {t.Policy.IkeIntegrity} / {t.Policy.DhGroup}, SA lifetime {PartnerTunnel.IkeSaLifetimeSeconds} s");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c} IPsec (ESP):    {t.Policy.IpsecEncryption} / {t.Policy.IpsecIntegrity}, PFS {t.Policy.PfsGroup}, SA lifetime {t.Policy.SaLifeTimeSeconds} s or {t.Policy.SaDataSizeKilobytes} KB");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c} DPD timeout:    {t.DpdTimeoutSeconds} s");
        if (t.PartnerBgp is { } bgp)
            s.AppendLine(CultureInfo.InvariantCulture, $"{c} BGP:            your AS {bgp.Asn}, peering address {bgp.PeeringAddress}; Azure AS {t.AzureAsn}");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c}");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c} The Azure gateway is active-active: {t.AzureInstances.Count} public addresses, one tunnel to each. They are assigned at");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c} deployment, so this file names them {string.Join(", ", t.AzureInstances.Select(i => PartnerTunnel.AddressPlaceholder(i.Number)))}; read them with");
        foreach (var line in t.HowToGetAddresses())
            s.AppendLine(CultureInfo.InvariantCulture, $"{c}   {line}");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c}");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c} Pre-shared key: not in this file. The key owner at the General Secretariat reads it with");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c}   {t.HowToGetKey}");
        s.AppendLine(CultureInfo.InvariantCulture, $"{c} and hands it over out of band (never by the e-mail that carries this file).");
        s.AppendLine();
    }

    private static bool IsGcm(string azure) => azure.StartsWith("GCMAES", StringComparison.Ordinal);

    private static string SwanCipher(string azure) => azure switch
    {
        "GCMAES256" => "aes256gcm16",
        "GCMAES192" => "aes192gcm16",
        "GCMAES128" => "aes128gcm16",
        "AES256" => "aes256",
        "AES192" => "aes192",
        "AES128" => "aes128",
        "DES3" => "3des",
        _ => throw Unsupported("encryption", azure),
    };

    private static string SwanIntegrity(string azure) => azure switch
    {
        "SHA384" => "sha384",
        "SHA256" => "sha256",
        "SHA1" => "sha1",
        "MD5" => "md5",
        _ => throw Unsupported("integrity", azure),
    };

    /// <summary>With an AEAD (GCM) IKE cipher the integrity algorithm is the PRF only.</summary>
    private static string SwanPrf(string encryption, string integrity) => IsGcm(encryption) ? $"prf{SwanIntegrity(integrity)}" : SwanIntegrity(integrity);

    private static string SwanGroup(string azure) => azure switch
    {
        "ECP384" => "ecp384",
        "ECP256" => "ecp256",
        "DHGroup24" => "modp2048s256",
        "DHGroup14" or "DHGroup2048" => "modp2048",
        "DHGroup2" => "modp1024",
        "DHGroup1" => "modp768",
        _ => throw Unsupported("DH group", azure),
    };

    private static string? SwanPfs(string azure) => azure switch
    {
        "None" or "" => null,
        "ECP384" => "ecp384",
        "ECP256" => "ecp256",
        "PFS24" => "modp2048s256",
        "PFS14" or "PFS2048" => "modp2048",
        "PFS2" => "modp1024",
        "PFS1" => "modp768",
        _ => throw Unsupported("PFS group", azure),
    };

    private static string CiscoIkeCipher(string azure) => azure switch
    {
        "GCMAES256" => "aes-gcm-256",
        "GCMAES128" => "aes-gcm-128",
        "AES256" => "aes-cbc-256",
        "AES192" => "aes-cbc-192",
        "AES128" => "aes-cbc-128",
        "DES3" => "3des",
        _ => throw Unsupported("encryption", azure),
    };

    private static string CiscoHash(string azure) => azure switch
    {
        "SHA384" => "sha384",
        "SHA256" => "sha256",
        "SHA1" => "sha1",
        "MD5" => "md5",
        _ => throw Unsupported("integrity", azure),
    };

    private static int CiscoGroup(string azure) => azure switch
    {
        "ECP384" => 20,
        "ECP256" => 19,
        "DHGroup24" => 24,
        "DHGroup14" or "DHGroup2048" => 14,
        "DHGroup2" => 2,
        "DHGroup1" => 1,
        _ => throw Unsupported("DH group", azure),
    };

    private static string? CiscoPfs(string azure) => azure switch
    {
        "None" or "" => null,
        "ECP384" => "group20",
        "ECP256" => "group19",
        "PFS24" => "group24",
        "PFS14" or "PFS2048" => "group14",
        "PFS2" => "group2",
        "PFS1" => "group1",
        _ => throw Unsupported("PFS group", azure),
    };

    private static string CiscoTransform(TunnelPolicy p) => p.IpsecEncryption switch
    {
        "GCMAES256" => "esp-gcm 256",
        "GCMAES192" => "esp-gcm 192",
        "GCMAES128" => "esp-gcm 128",
        "AES256" => $"esp-aes 256 {CiscoEspHash(p.IpsecIntegrity)}",
        "AES192" => $"esp-aes 192 {CiscoEspHash(p.IpsecIntegrity)}",
        "AES128" => $"esp-aes {CiscoEspHash(p.IpsecIntegrity)}",
        "DES3" => $"esp-3des {CiscoEspHash(p.IpsecIntegrity)}",
        _ => throw Unsupported("encryption", p.IpsecEncryption),
    };

    private static string CiscoEspHash(string azure) => azure switch
    {
        "SHA256" => "esp-sha256-hmac",
        "SHA1" => "esp-sha-hmac",
        "MD5" => "esp-md5-hmac",
        _ => throw Unsupported("integrity", azure),
    };

    private static string FortiIkeProposal(TunnelPolicy p) => p.IkeEncryption switch
    {
        "GCMAES256" => $"aes256gcm-prf{CiscoHash(p.IkeIntegrity)}",
        "GCMAES128" => $"aes128gcm-prf{CiscoHash(p.IkeIntegrity)}",
        "AES256" => $"aes256-{CiscoHash(p.IkeIntegrity)}",
        "AES192" => $"aes192-{CiscoHash(p.IkeIntegrity)}",
        "AES128" => $"aes128-{CiscoHash(p.IkeIntegrity)}",
        "DES3" => $"3des-{CiscoHash(p.IkeIntegrity)}",
        _ => throw Unsupported("encryption", p.IkeEncryption),
    };

    private static string FortiEspProposal(TunnelPolicy p) => p.IpsecEncryption switch
    {
        "GCMAES256" => "aes256gcm",
        "GCMAES128" => "aes128gcm",
        "AES256" => $"aes256-{CiscoHash(p.IpsecIntegrity)}",
        "AES192" => $"aes192-{CiscoHash(p.IpsecIntegrity)}",
        "AES128" => $"aes128-{CiscoHash(p.IpsecIntegrity)}",
        "DES3" => $"3des-{CiscoHash(p.IpsecIntegrity)}",
        _ => throw Unsupported("encryption", p.IpsecEncryption),
    };

    private static int FortiGroup(string azure) => CiscoGroup(azure);

    private static string? FortiPfs(string azure) => CiscoPfs(azure)?["group".Length..];

    private static string CiscoNet(string cidr)
    {
        var net = IPNetwork2.Parse(cidr);
        return net.Cidr == 32 ? $"host {net.Network}" : $"{net.Network} {Wildcard(net)}";
    }

    private static string CiscoRoute(string cidr)
    {
        var net = IPNetwork2.Parse(cidr);
        return $"{net.Network} {net.Netmask}";
    }

    private static string FortiNet(string cidr)
    {
        var net = IPNetwork2.Parse(cidr);
        return $"{net.Network} {net.Netmask}";
    }

    private static string Wildcard(IPNetwork2 net)
    {
        var mask = net.Netmask.GetAddressBytes();
        return new IPAddress(mask.Select(b => (byte)~b).ToArray()).ToString();
    }

    private static PartnerConfigException Unsupported(string what, string value) =>
        new($"the connection's IPsec policy uses {what} '{value}', which this tool cannot translate for the device");
}
