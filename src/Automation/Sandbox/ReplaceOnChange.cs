using System.Text.Json.Nodes;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>
/// Properties Azure cannot change in place: a change means deleting the resource and creating it
/// again. Besides this table, every resource is replaced when its <c>location</c> or an input that
/// forms its ARM id changes (its name, resource group, parent names, scope — see
/// <see cref="ArmResourceType.PathKeys"/>), and when a path listed in the program's
/// <c>replaceOnChanges</c> option changes.
/// </summary>
internal static class ReplaceOnChange
{
    private static readonly Dictionary<string, string[]> ByType = new(StringComparer.Ordinal)
    {
        ["azure-native:storage:StorageAccount"] =
        [
            "kind",
            "encryption.requireInfrastructureEncryption",
            "isHnsEnabled",
            "enableNfsV3",
            "isSftpEnabled",
        ],
        ["azure-native:network:VirtualNetworkGateway"] = ["gatewayType", "vpnType", "vpnGatewayGeneration"],
        ["azure-native:network:PublicIPAddress"] = ["sku", "publicIPAddressVersion", "zones"],
        ["azure-native:network:AzureFirewall"] = ["zones", "sku.name"],
        ["azure-native:network:BastionHost"] = ["zones"],
        ["azure-native:network:VirtualNetworkPeering"] = ["remoteVirtualNetwork.id"],
        ["azure-native:network:VirtualNetworkGatewayConnection"] = ["connectionType", "virtualNetworkGateway1.id", "localNetworkGateway2.id"],
        ["azure-native:network:PrivateEndpoint"] = ["subnet.id", "privateLinkServiceConnections[*].privateLinkServiceId", "privateLinkServiceConnections[*].groupIds"],
        ["azure-native:network:FlowLog"] = ["targetResourceId"],
        ["azure-native:privatedns:VirtualNetworkLink"] = ["virtualNetwork.id"],
        ["azure-native:dnsresolver:DnsResolver"] = ["virtualNetwork.id"],
        ["azure-native:dnsresolver:InboundEndpoint"] = ["ipConfigurations[*].subnet.id"],
        ["azure-native:dnsresolver:OutboundEndpoint"] = ["subnet.id"],
        ["azure-native:keyvault:Vault"] = ["properties.tenantId"],
        ["azure-native:keyvault:Key"] = ["properties.kty", "properties.keySize", "properties.curveName"],
        ["azure-native:authorization:RoleAssignment"] = ["principalId", "roleDefinitionId", "principalType"],
        ["azure-native:authorization:PimRoleEligibilitySchedule"] = ["principalId", "roleDefinitionId"],
        ["azure-native:recoveryservices:Vault"] = ["properties.redundancySettings.standardTierStorageRedundancy"],
    };

    private static readonly string[] Everywhere = ["location"];

    /// <summary>The replace-on-change paths of a type (table, location, id-forming inputs), as written.</summary>
    public static IReadOnlyList<string> PathsFor(string type, IEnumerable<string> programReplaceOnChanges)
    {
        var arm = type.StartsWith("azure-native:", StringComparison.Ordinal) ? ArmResourceType.For(type) : null;
        return Everywhere
            .Concat(arm?.PathKeys ?? [])
            .Concat(ByType.GetValueOrDefault(type) ?? [])
            .Concat(programReplaceOnChanges)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The concrete paths among the replace-on-change ones whose values differ (empty: an update in place will do).</summary>
    public static IReadOnlyList<string> Reasons(string type, JsonObject before, JsonObject after, IEnumerable<string> programReplaceOnChanges)
    {
        var reasons = new List<string>();
        foreach (var pattern in PathsFor(type, programReplaceOnChanges))
        {
            var parsed = PropertyPath.Parse(pattern);
            foreach (var path in PropertyPath.Expand(parsed, before, after))
                if (!SandboxJson.DeepEqual(PropertyPath.Get(before, path), PropertyPath.Get(after, path)))
                    reasons.Add(PropertyPath.Format(path));
        }
        return reasons.Distinct(StringComparer.Ordinal).ToList();
    }
}
