using System.Globalization;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.Network;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.SecurityBaseline;

/// <summary>
/// Networking (CIS Azure Foundations v3.0 sections 6.1.5 and 7, MCSB NS/LT/DP/BR): internet
/// exposure of NSGs, flow logs and Network Watcher, DDoS protection, site-to-site VPN crypto and
/// gateway resilience, Azure Firewall, public IPs on NICs.
/// </summary>
public static class NetworkRules
{
    /// <summary>Ports never opened to the internet, edge NSG or not: SMB, SQL Server, MySQL, PostgreSQL, WinRM.</summary>
    public static readonly IReadOnlyList<int> NeverFromInternet = [445, 1433, 3306, 5432, 5985, 5986];

    public static readonly IReadOnlyList<int> WebPorts = [80, 443];

    public static readonly ResourceRule NoInternetUdp = new("nsg-no-internet-udp",
        "No NSG rule lets UDP in from the internet",
        "Open UDP services (DNS, NTP, SSDP, CLDAP…) are used to amplify DDoS attacks and to probe the estate; nothing the OIC runs in Azure needs UDP from the internet.",
        Severity.High, ["CIS-3.0:7.3", "MCSB:NS-1"], [NetworkSecurityGroup, SecurityRule],
        (r, set) => NsgExposure.JudgeResource(r, set, _ => new Exposure(["Udp"], null)));

    public static readonly ResourceRule NoInternetHttp = new("nsg-no-internet-http",
        "Web ports are open to the internet only on edge NSGs, and file-sharing, database and WinRM ports never",
        "Workloads are published through the firewall or Bastion, not straight from a subnet; SMB, SQL, MySQL, PostgreSQL and WinRM on the internet are a favourite entry point for ransomware.",
        Severity.High, ["CIS-3.0:7.4", "MCSB:NS-1"], [NetworkSecurityGroup, SecurityRule],
        (r, set) => NsgExposure.JudgeResource(r, set, nsg =>
            new Exposure(["Tcp"], nsg.Type == NetworkSecurityGroup && Topology.IsEdgeNsg(nsg, set)
                ? NeverFromInternet
                : [.. WebPorts, .. NeverFromInternet])));

    public static readonly StackRule FlowLogEnabled = new("flowlog-enabled",
        "Every virtual network has a flow log with traffic analytics",
        "Without flow logs nobody can say afterwards which machine talked to which, or spot a compromised host calling out; VNet flow logs replace the retired NSG flow logs.",
        Severity.Medium, ["CIS-3.0:6.1.5", "MCSB:LT-4"],
        set => set.OfType(VirtualNetwork).Select(vnet => (vnet, FlowLogged(set, vnet))));

    public static readonly ResourceRule FlowLogRetention = new("flowlog-retention",
        "Flow logs are kept for at least 90 days",
        "Intrusions are often found weeks after they start; the traffic record has to reach back that far.",
        Severity.Medium, ["CIS-3.0:7.5", "MCSB:LT-6"], [FlowLog],
        (r, _) => Outcome.All(Check.Is(r, "retentionPolicy.enabled", true), RetentionDays(r)));

    public static readonly StackRule NetworkWatcherRegions = new("network-watcher-regions",
        "A Network Watcher is declared in every region with a virtual network",
        "Flow logs, connection troubleshooting and packet capture during an incident all need the region's Network Watcher; declared in code it is ours, not one Azure made on the side.",
        Severity.Low, ["CIS-3.0:7.6", "MCSB:IR-4"],
        set => set.OfType(VirtualNetwork).Select(vnet => (vnet, WatcherFor(set, vnet))));

    public static readonly ResourceRule HubDdos = new("hub-ddos",
        "Hub virtual networks are covered by a DDoS protection plan",
        "The hub carries the public IPs of the firewall, VPN gateway and Bastion; without DDoS Network Protection a volumetric attack cuts every office off.",
        Severity.High, ["MCSB:NS-5"], [VirtualNetwork],
        (r, _) =>
        {
            var (role, unknown) = Topology.TagOf(r, "network-role");
            if (unknown) return Check.Unknown("tags.network-role");
            if (!"hub".Equals(role?.Trim(), StringComparison.OrdinalIgnoreCase)) return Outcome.NotApplicable;
            return Outcome.All(Check.Is(r, "enableDdosProtection", true),
                ItemCheck.IdSet(r.Get("ddosProtectionPlan"), "the hub must name its DDoS protection plan"));
        });

    public static readonly ResourceRule VpnCustomIpsec = new("vpn-custom-ipsec",
        "Site-to-site VPN connections use IKEv2 with a custom IPsec/IKE policy",
        "Azure's default IPsec proposals still accept legacy algorithms; a custom policy pins what both ends may negotiate, and IKEv1 is obsolete.",
        Severity.High, ["MCSB:NS-9", "MCSB:DP-3"], [Connection],
        (r, _) =>
        {
            var type = r.Get("connectionType");
            if (type.IsUnknown) return Check.Unknown("connectionType");
            if (!"IPsec".Equals(type.Text, StringComparison.OrdinalIgnoreCase)) return Outcome.NotApplicable;
            var policies = r.Get("ipsecPolicies");
            return Outcome.All(Check.OneOf(r, "connectionProtocol", "IKEv2"),
                policies.IsUnknown ? Check.Unknown("ipsecPolicies")
                : policies.Items.Count > 0 ? Outcome.Pass
                : Outcome.Fail($"ipsecPolicies is {(policies.IsMissing ? "not set" : "empty")}; a custom IPsec/IKE policy must pin the algorithms"));
        });

    /// <summary>The algorithms a custom IPsec/IKE policy may use (Microsoft's recommended and CNSA-aligned sets).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> StrongCrypto = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ikeEncryption"] = ["GCMAES256", "AES256"],
        ["ikeIntegrity"] = ["SHA384", "SHA256", "GCMAES256"],
        ["dhGroup"] = ["DHGroup24", "ECP384", "ECP256", "DHGroup14", "DHGroup2048"],
        ["ipsecEncryption"] = ["GCMAES256", "AES256"],
        ["ipsecIntegrity"] = ["GCMAES256", "SHA256"],
        ["pfsGroup"] = ["PFS24", "ECP384", "ECP256", "PFS2048", "PFS14"],
    };

    public const int MaxSaLifetimeSeconds = 27000;

    public static readonly ResourceRule VpnStrongCrypto = new("vpn-strong-crypto",
        "IPsec/IKE policies use only strong algorithms and rekey at least every 7.5 hours",
        "DES, 3DES, MD5, SHA-1 and Diffie-Hellman groups 1 and 2 can be broken; traffic between the offices and Azure must not depend on them.",
        Severity.High, ["MCSB:DP-3"], [Connection],
        (r, _) =>
        {
            var policies = r.Get("ipsecPolicies");
            if (policies.IsUnknown) return Check.Unknown("ipsecPolicies");
            if (policies.Items.Count == 0) return Outcome.NotApplicable; // vpn-custom-ipsec asks for one
            var outcomes = new List<Outcome>();
            foreach (var policy in policies.Items)
            {
                if (policy.IsUnknown)
                {
                    outcomes.Add(Check.Unknown(policy.Path));
                    continue;
                }
                outcomes.AddRange(StrongCrypto.Select(kv => ItemCheck.OneOf(policy.Get(kv.Key), kv.Value)));
                var lifetime = policy.Get("saLifeTimeSeconds");
                outcomes.Add(lifetime.IsUnknown ? Check.Unknown(lifetime.Path)
                    : lifetime.Number is { } seconds
                        ? Outcome.When(seconds <= MaxSaLifetimeSeconds, $"{lifetime.Path} is {seconds.ToString(CultureInfo.InvariantCulture)}; must be at most {MaxSaLifetimeSeconds}")
                        : Outcome.Fail($"{lifetime.Path} is not set; must be at most {MaxSaLifetimeSeconds}"));
            }
            return Outcome.All([.. outcomes]);
        });

    public static readonly ResourceRule VpnGatewayAzSku = new("vpn-gateway-az-sku",
        "VPN gateways use a zone-redundant SKU (VpnGw1AZ–VpnGw5AZ)",
        "Every office reaches Azure through this gateway; an AZ SKU survives the loss of a datacentre in the region, Basic does not, and the non-AZ SKUs can no longer be created.",
        Severity.High, ["MCSB:BR-1"], [VirtualNetworkGateway],
        (r, _) =>
        {
            var type = r.Get("gatewayType");
            if (type.IsUnknown) return Check.Unknown("gatewayType");
            if (type.Text is { } t && !t.Equals("Vpn", StringComparison.OrdinalIgnoreCase)) return Outcome.NotApplicable;
            var sku = r.Get("sku.name");
            if (sku.IsUnknown) return Check.Unknown("sku.name");
            var name = sku.Text?.Trim();
            if (name is not null && name.Length == 8 && name.StartsWith("VpnGw", StringComparison.OrdinalIgnoreCase) &&
                name[5] is >= '1' and <= '5' && name.EndsWith("AZ", StringComparison.OrdinalIgnoreCase))
                return Outcome.Pass;
            return Outcome.Fail(name is null ? "sku.name is not set; must be one of VpnGw1AZ–VpnGw5AZ"
                : name.Equals("Basic", StringComparison.OrdinalIgnoreCase) ? "sku.name is 'Basic'; Basic is not zone-redundant; must be one of VpnGw1AZ–VpnGw5AZ"
                : $"sku.name is '{name}'; must be one of VpnGw1AZ–VpnGw5AZ");
        });

    public static readonly ResourceRule FirewallThreatIntelDeny = new("fw-threat-intel-deny",
        "Azure Firewall is governed by a firewall policy that denies known-malicious traffic",
        "Threat intelligence in Deny mode drops traffic to and from Microsoft's list of known command-and-control and malware hosts instead of only logging it; classic rules bypass the policy.",
        Severity.High, ["MCSB:NS-3"], [FirewallPolicy, AzureFirewall],
        (r, _) => r.Type == FirewallPolicy
            ? Check.OneOf(r, "threatIntelMode", "Deny")
            : Outcome.All(
                ItemCheck.IdSet(r.Get("firewallPolicy"), "the firewall must take its rules and threat intelligence from a firewall policy"),
                NoClassicRules(r, "applicationRuleCollections"), NoClassicRules(r, "natRuleCollections"), NoClassicRules(r, "networkRuleCollections")));

    public static readonly ResourceRule FirewallIdpsDeny = new("fw-idps-deny",
        "Firewall policies are Premium with intrusion prevention in Deny mode",
        "Intrusion prevention stops known exploit and malware signatures crossing the hub, including between spokes and offices; only the Premium tier has it.",
        Severity.Medium, ["MCSB:NS-4"], [FirewallPolicy],
        (r, _) => Outcome.All(Check.OneOf(r, "sku.tier", "Premium"), Check.OneOf(r, "intrusionDetection.mode", "Deny")));

    public static readonly ResourceRule VmNoPublicIp = new("vm-no-public-ip",
        "Network interfaces have no public IP and do not forward traffic (except network appliances)",
        "A public IP on a VM bypasses the firewall and puts it straight on the internet; administrators come in through Bastion, services through the firewall.",
        Severity.High, ["MCSB:NS-2"], [NetworkInterface],
        (r, _) =>
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
            var (role, roleUnknown) = Topology.TagOf(r, "network-role");
            outcomes.Add(forwarding.IsUnknown ? Check.Unknown("enableIPForwarding")
                : forwarding.Bool != true ? Outcome.Pass
                : "nva".Equals(role?.Trim(), StringComparison.OrdinalIgnoreCase) ? Outcome.Pass
                : roleUnknown ? Check.Unknown("tags.network-role")
                : Outcome.Fail("enableIPForwarding is true; only network appliances (tagged network-role: nva) may forward traffic"));
            return Outcome.All([.. outcomes]);
        });

    public static readonly ResourceRule PublicIpStandardSku = new("pip-standard-sku",
        "Public IPs are Standard SKU with a static address",
        "Basic public IPs were retired on 30 September 2025 and are open by default; Standard ones are closed until an NSG or firewall allows traffic, and a static address keeps office VPN and DNS entries valid.",
        Severity.Medium, ["MCSB:NS-5"], [PublicIPAddress],
        (r, _) => Outcome.All(Check.OneOf(r, "sku.name", "Standard"), Check.OneOf(r, "publicIPAllocationMethod", "Static")));

    public static IReadOnlyList<Rule> All =>
    [
        NoInternetUdp, NoInternetHttp, FlowLogEnabled, FlowLogRetention, NetworkWatcherRegions, HubDdos,
        VpnCustomIpsec, VpnStrongCrypto, VpnGatewayAzSku, FirewallThreatIntelDeny, FirewallIdpsDeny,
        VmNoPublicIp, PublicIpStandardSku,
    ];

    private static Outcome FlowLogged(ResourceSet set, PolicyResource vnet)
    {
        var index = set.Memo("network/flow-logs", FlowLogIndex.Build);
        var logs = index.ByTarget[vnet].ToList();
        if (logs.Count == 0)
        {
            var pending = index.Pending;
            return pending is not null
                ? Outcome.Unknown($"flow log {pending.Name}: targetResourceId is not known until deployment")
                : Outcome.Fail("no flow log targets this virtual network; add a VNet flow log (NSG flow logs are retired) with traffic analytics to Log Analytics");
        }
        return ItemCheck.Any(logs.Select(log => ItemCheck.Prefixed(Outcome.All(
                Check.Is(log, "enabled", true),
                Check.Is(log, "flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.enabled", true),
                Check.Present(log, "flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.workspaceResourceId",
                    "traffic analytics must send to the Log Analytics workspace")),
            $"flow log {log.Name}: ")).ToList());
    }

    /// <summary>Flow logs by the resource they target, and the first whose target is not known yet.</summary>
    private sealed record FlowLogIndex(ILookup<PolicyResource, PolicyResource> ByTarget, PolicyResource? Pending)
    {
        public static FlowLogIndex Build(ResourceSet set)
        {
            var resolved = set.OfType(FlowLog).Select(f => (Log: f, Target: f.Get("targetResourceId"))).ToList();
            var byTarget = resolved
                .Select(x => (x.Log, Resolved: set.Resolve(x.Target)))
                .Where(x => x.Resolved is ({ }, ""))
                .ToLookup(x => x.Resolved.Resource!, x => x.Log);
            var pending = resolved.FirstOrDefault(x => x.Target.IsUnknown && set.Resolve(x.Target).Resource is null).Log;
            return new FlowLogIndex(byTarget, pending);
        }
    }

    private static Outcome RetentionDays(PolicyResource flowLog)
    {
        var days = flowLog.Get("retentionPolicy.days");
        if (days.IsUnknown) return Check.Unknown("retentionPolicy.days");
        if (days.Number is not { } n) return Outcome.Fail("retentionPolicy.days is not set; must be at least 90 (or 0 to keep forever)");
        return Outcome.When(n == 0 || n >= 90, $"retentionPolicy.days is {n.ToString(CultureInfo.InvariantCulture)}; must be at least 90 (or 0 to keep forever)");
    }

    /// <summary>Azure writes regions as <c>uaenorth</c> or <c>UAE North</c>.</summary>
    private static string Region(string location) =>
        location.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    private static Outcome WatcherFor(ResourceSet set, PolicyResource vnet)
    {
        var location = vnet.Get("location");
        if (location.IsUnknown) return Check.Unknown("location");
        var region = location.Text;
        if (region is null)
        {
            // A VNet without a location takes its resource group's.
            var group = set.OfType(ResourceGroup).FirstOrDefault(g => Topology.Names(vnet.Get("resourceGroupName"), g, set) == true);
            region = group?.Get("location").Text;
            if (region is null) return Outcome.Unknown("location is not set and its resource group's location is not known");
        }
        var watchers = set.OfType(NetworkWatcher);
        if (watchers.Any(w => w.Get("location").Text is { } l && Region(l) == Region(region))) return Outcome.Pass;
        if (watchers.FirstOrDefault(w => w.Get("location").IsUnknown) is { } pending)
            return Outcome.Unknown($"network watcher {pending.Name}: location is not known until deployment");
        return Outcome.Fail($"no Network Watcher is declared in {Region(region)}; declare one per region the estate uses");
    }

    private static Outcome NoClassicRules(PolicyResource firewall, string path)
    {
        var collections = firewall.Get(path);
        if (collections.IsUnknown) return Check.Unknown(path);
        var count = collections.Items.Count;
        return Outcome.When(count == 0, $"{path} holds {count} classic rule collection{(count == 1 ? "" : "s")}; rules belong in the firewall policy");
    }
}
