using System.Globalization;
using Oic.Infra.Estate.Azure;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.Network;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network.Vpn;

/// <summary>Site-to-site VPN: gateway SKUs, IPsec/IKE policies of the office connections, offices pre-wired to the DR hub.</summary>
public static class VpnRules
{
    /// <summary>
    /// Azure defaults (ADR 0011): the REST and SDK references list <c>connectionProtocol</c> values (IKEv2,
    /// IKEv1) but no default (searched: Learn .NET <c>VirtualNetworkGatewayConnection.ConnectionProtocol</c>,
    /// JS <c>VirtualNetworkGatewayConnectionProtocol</c>), so unset fails; an unset <c>ipsecPolicies</c> is
    /// Azure's default proposals, which is what the rule forbids.
    /// </summary>
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
        })
    {
        Reads = PropertyPaths.On(Connection, "connectionProtocol", "connectionType", "ipsecPolicies"),
    };

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
        })
    {
        Reads = PropertyPaths.On(Connection, "ipsecPolicies[].dhGroup", "ipsecPolicies[].ikeEncryption", "ipsecPolicies[].ikeIntegrity", "ipsecPolicies[].ipsecEncryption", "ipsecPolicies[].ipsecIntegrity", "ipsecPolicies[].pfsGroup", "ipsecPolicies[].saLifeTimeSeconds"),
    };

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
        })
    {
        Reads = PropertyPaths.On(VirtualNetworkGateway, "gatewayType", "sku.name"),
    };

    /// <summary>
    /// PSRule for Azure: Azure.VNG.VPNActiveActive. Unset <c>activeActive</c> is active-standby: "VPN
    /// gateways consist of two instances in an active-standby configuration unless you specify
    /// active-active mode" (Learn, <i>About active-active mode VPN gateways</i>,
    /// <see href="https://learn.microsoft.com/azure/vpn-gateway/about-active-active-gateways"/>), so unset fails (ADR 0011).
    /// </summary>
    public static readonly ResourceRule VpnGatewayActiveActive = new("vpn-gateway-active-active",
        "VPN gateways run active-active",
        "In active-standby a planned or unplanned failover drops every office tunnel for a minute or more; active-active keeps a tunnel from each instance up, so offices ride through gateway maintenance.",
        Severity.Medium, ["MCSB:BR-1", "MCSB:NS-9"], [VirtualNetworkGateway],
        (r, _) =>
        {
            var type = r.Get("gatewayType");
            if (type.IsUnknown) return Check.Unknown("gatewayType");
            if (type.Text is { } t && !t.Equals("Vpn", StringComparison.OrdinalIgnoreCase)) return Outcome.NotApplicable;
            return Check.Is(r, "activeActive", true);
        })
    {
        Reads = PropertyPaths.On(VirtualNetworkGateway, "activeActive", "gatewayType"),
    };

    /// <summary>
    /// PSRule for Azure: Azure.VNG.MaintenanceConfig. Customer-controlled gateway maintenance as Learn documents it
    /// (<i>Configure customer-controlled gateway maintenance for VPN Gateway</i>,
    /// <see href="https://learn.microsoft.com/azure/vpn-gateway/customer-controlled-gateway-maintenance"/>, and its
    /// PowerShell include): a <c>Microsoft.Maintenance/configurationAssignments</c> extension resource on the gateway
    /// (providerName <c>Microsoft.Network</c>, resourceType <c>virtualNetworkGateways</c>) naming a maintenance
    /// configuration of scope <c>Resource</c>, sub-scope <c>NetworkGatewayMaintenance</c>, recurring daily, with a
    /// window of at least five hours ("The -Duration must be a minimum of a 5 hour window. The -RecurEvery is per
    /// day."). A configuration outside the checked set (an ARM id of another stack) is taken as PSRule takes it:
    /// the assignment is what the rule asks for.
    /// </summary>
    public static readonly ResourceRule VpnGatewayMaintenanceWindow = new("vpn-gateway-maintenance-window",
        "VPN gateways take platform updates in a maintenance window the estate chose",
        "Without a customer-controlled window Azure updates the gateway when it chooses, which can be the working day in Jeddah or in an office's time zone; a chosen night-time window, staggered between the hubs, keeps tunnel resets out of office hours.",
        Severity.Low, ["MCSB:PV-6"], [VirtualNetworkGateway],
        (gateway, set) =>
        {
            var type = gateway.Get("gatewayType");
            if (type.IsUnknown) return Check.Unknown("gatewayType");
            if (type.Text is { } t && !t.Equals("Vpn", StringComparison.OrdinalIgnoreCase)) return Outcome.NotApplicable;
            var assignments = set.OfType(ConfigurationAssignment).Where(a =>
                string.Equals(a.Get("providerName").Text, "Microsoft.Network", StringComparison.OrdinalIgnoreCase) &&
                string.Equals(a.Get("resourceType").Text, "virtualNetworkGateways", StringComparison.OrdinalIgnoreCase) &&
                Topology.Names(a.Get("resourceName"), gateway, set) == true &&
                Topology.SameGroup(a.Get("resourceGroupName"), gateway.Get("resourceGroupName"), set) == true).ToList();
            if (assignments.Count == 0)
                return Outcome.Fail("no maintenance configuration is assigned to the gateway (azure-native:maintenance:ConfigurationAssignment with providerName Microsoft.Network, resourceType virtualNetworkGateways); Azure updates it whenever it chooses");
            return assignments.Select(a => JudgeWindow(a, set)).OrderBy(o => o.Kind == OutcomeKind.Pass ? 0 : 1).First();
        })
    {
        Reads = PropertyPaths.On(VirtualNetworkGateway, "gatewayType", "resourceGroupName", "virtualNetworkGatewayName")
            .And(ConfigurationAssignment, "maintenanceConfigurationId", "providerName", "resourceGroupName", "resourceName", "resourceType")
            .And(MaintenanceConfiguration, "duration", "extensionProperties.maintenanceSubScope", "maintenanceScope", "recurEvery", "resourceName"),
    };

    private static Outcome JudgeWindow(PolicyResource assignment, ResourceSet set)
    {
        var id = assignment.Get("maintenanceConfigurationId");
        if (id.IsUnknown && id.Reference is null) return Check.Unknown("maintenanceConfigurationId");
        var (configuration, suffix) = set.Resolve(id);
        if (configuration is null && id.Text is { Length: > 0 } text)
        {
            var name = text.TrimEnd('/')[(text.TrimEnd('/').LastIndexOf('/') + 1)..];
            configuration = set.OfType(MaintenanceConfiguration).FirstOrDefault(c =>
                name.Equals(c.Get("resourceName").Text ?? c.Get("name").Text, StringComparison.OrdinalIgnoreCase));
            if (configuration is null) return Outcome.Pass; // another stack's configuration: the assignment is what is asked
        }
        if (configuration is null || suffix.Length > 0 || configuration.Type != MaintenanceConfiguration)
            return Outcome.Fail("maintenanceConfigurationId is not set to a maintenance configuration's id");
        var findings = new List<Outcome>
        {
            Check.OneOf(configuration, "maintenanceScope", "Resource"),
            Check.OneOf(configuration, "extensionProperties.maintenanceSubScope", "NetworkGatewayMaintenance"),
        };
        var recur = configuration.Get("recurEvery");
        findings.Add(recur.IsUnknown ? Check.Unknown("recurEvery")
            : recur.Text?.Trim() is "Day" or "1Day" or "Daily" ? Outcome.Pass
            : Outcome.Fail($"recurEvery is {(recur.Text is null ? "not set" : $"'{recur.Text}'")}; gateway maintenance recurs daily (1Day)"));
        var duration = configuration.Get("duration");
        findings.Add(duration.IsUnknown ? Check.Unknown("duration")
            : TimeSpan.TryParseExact(duration.Text, @"hh\:mm", CultureInfo.InvariantCulture, out var window) && window >= TimeSpan.FromHours(5) ? Outcome.Pass
            : Outcome.Fail($"duration is {(duration.Text is null ? "not set" : $"'{duration.Text}'")}; a gateway maintenance window must be at least 05:00 (HH:mm)"));
        var outcome = Outcome.All([.. findings]);
        return outcome.Kind == OutcomeKind.Fail
            ? Outcome.Fail([.. outcome.Findings.Select(f => $"maintenance configuration {configuration.Name}: {f}")])
            : outcome;
    }

    public static readonly StackRule OfficesPrewired = new("dr-offices-prewired",
        "Every office's local network gateway has a VPN connection already built",
        "A site-to-site connection takes long to create and needs the office's shared key; standby links built in advance let offices fail over to the DR hub without waiting for them.",
        Severity.High, ["MCSB:BR-1"],
        set => set.OfType(LocalNetworkGateway).Select(lng => (lng, HasConnection(set, lng))))
    {
        Reads = PropertyPaths.On(Connection, "localNetworkGateway2.id"),
    };

    private static Outcome HasConnection(ResourceSet set, PolicyResource gateway)
    {
        // Which gateways the connections point at, found once per set rather than once per gateway.
        var (linked, pending) = set.Memo("dr-offices-prewired:linked", s =>
        {
            var targets = new HashSet<PolicyResource>();
            var unknown = false;
            foreach (var connection in s.OfType(Connection))
            {
                var target = connection.Get("localNetworkGateway2.id");
                if (s.Resolve(target) is ({ } r, "")) targets.Add(r);
                if (target.IsUnknown && s.Resolve(target).Resource is null) unknown = true;
            }
            return new Tuple<HashSet<PolicyResource>, bool>(targets, unknown);
        });
        if (linked.Contains(gateway)) return Outcome.Pass;
        return pending
            ? Outcome.Unknown("a connection's localNetworkGateway2.id is not known until deployment")
            : Outcome.Fail("no VirtualNetworkGatewayConnection has localNetworkGateway2.id pointing at it; the office link would have to be built during the disaster");
    }
}
