using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Oic.Infra.Estate.Azure;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>The azure-native provider a resource is deployed through, as the sandbox needs it.</summary>
internal sealed record ProviderInfo(string Urn, string Id, string? Subscription, string? Tenant, string? Location)
{
    public string Reference => $"{Urn}::{Id}";
}

/// <summary>
/// What Azure returns for a PUT: the request's properties plus what the control plane fills in.
/// A pure function of the resource's id and inputs (and, for private addresses, its subnet), so
/// a preview predicts an apply exactly and a resumed apply ends where a clean one does.
/// </summary>
internal static class SimulatedAzure
{
    public static JsonObject Outputs(ArmResourceType arm, string id, JsonObject inputs, ProviderInfo provider, Func<string, StateRecord?> byId)
    {
        var outputs = (JsonObject)inputs.DeepClone();
        // Path parameters (resourceGroupName, virtualNetworkName…) are request URL parts, not properties.
        foreach (var key in arm.PathKeys.Where(k => k.EndsWith("Name", StringComparison.Ordinal)))
            outputs.Remove(key);
        var name = id[(id.LastIndexOf('/') + 1)..];
        outputs["id"] = id;
        outputs["name"] = name;
        outputs["type"] = arm.ArmType;
        outputs["provisioningState"] = "Succeeded";
        outputs["etag"] = $"W/\"{SandboxJson.DeterministicGuid("etag", id, SandboxJson.ToCompact(inputs))}\"";

        switch (arm.Token)
        {
            case "azure-native:storage:StorageAccount":
                outputs["primaryEndpoints"] = new JsonObject
                {
                    ["blob"] = $"https://{name}.blob.core.windows.net/",
                    ["dfs"] = $"https://{name}.dfs.core.windows.net/",
                    ["file"] = $"https://{name}.file.core.windows.net/",
                    ["queue"] = $"https://{name}.queue.core.windows.net/",
                    ["table"] = $"https://{name}.table.core.windows.net/",
                    ["web"] = $"https://{name}.z1.web.core.windows.net/",
                };
                var location = Text(inputs, "location");
                if (location is not null) outputs["primaryLocation"] = location;
                outputs["statusOfPrimary"] = "available";
                var sku = inputs["sku"]?["name"] is JsonValue s && s.TryGetValue<string>(out var skuName) ? skuName : "";
                if ((sku.Contains("GRS", StringComparison.Ordinal) || sku.Contains("GZRS", StringComparison.Ordinal)) && location is not null && AzureRegion.Find(location)?.Pair is { } pair)
                {
                    outputs["secondaryLocation"] = pair;
                    outputs["statusOfSecondary"] = "available";
                }
                break;
            case "azure-native:storage:ObjectReplicationPolicy":
                // On the destination account Azure turns policy id "default" and empty rule ids into GUIDs; the
                // source account's policy must then carry those (object-replication-overview, "Specify the policy and rule IDs").
                var policyId = Text(inputs, "objectReplicationPolicyId") is { Length: > 0 } given && given != "default"
                    ? given : SandboxJson.DeterministicGuid("object-replication-policy", id).ToString();
                outputs["policyId"] = policyId;
                if (outputs["rules"] is JsonArray rules)
                    foreach (var rule in rules.OfType<JsonObject>())
                        if (Text(rule, "ruleId") is not { Length: > 0 })
                            rule["ruleId"] = SandboxJson.DeterministicGuid("object-replication-rule", id, Text(rule, "sourceContainer") ?? "").ToString();
                break;
            case "azure-native:network:PublicIPAddress":
                var h = SandboxJson.HashBytes("pip:" + id);
                outputs["ipAddress"] = string.Create(CultureInfo.InvariantCulture, $"20.{40 + h[0] % 40}.{h[1]}.{1 + h[2] % 254}");
                break;
            case "azure-native:network:AzureFirewall":
                AssignPrivateAddress(outputs, "privateIPAddress", byId);
                break;
            case "azure-native:dnsresolver:InboundEndpoint":
                AssignPrivateAddress(outputs, "privateIpAddress", byId);
                break;
            case "azure-native:operationalinsights:Workspace":
                outputs["customerId"] = SandboxJson.DeterministicGuid("customerId", id).ToString();
                break;
            case "azure-native:keyvault:Vault":
                var properties = outputs["properties"] as JsonObject ?? [];
                properties["vaultUri"] = $"https://{name}.vault.azure.net/";
                properties["provisioningState"] = "Succeeded";
                outputs["properties"] = properties;
                break;
            case "azure-native:keyvault:Key":
                var vault = Text(inputs, "vaultName") ?? "vault";
                var keyUri = $"https://{vault}.vault.azure.net/keys/{name}";
                outputs["keyUri"] = keyUri;
                outputs["keyUriWithVersion"] = $"{keyUri}/{SandboxJson.DeterministicGuid("key-version", id, SandboxJson.ToCompact(inputs)):N}";
                break;
            case "azure-native:managedidentity:UserAssignedIdentity":
                outputs["principalId"] = SandboxJson.DeterministicGuid("principalId", id).ToString();
                outputs["clientId"] = SandboxJson.DeterministicGuid("clientId", id).ToString();
                if (provider.Tenant is not null) outputs["tenantId"] = provider.Tenant;
                break;
            case "azure-native:apimanagement:ApiManagementService":
                outputs["gatewayUrl"] = $"https://{name}.azure-api.net";
                if (outputs["identity"] is JsonObject apimIdentity && Text(apimIdentity, "type") is { } apimType && apimType.Contains("SystemAssigned", StringComparison.Ordinal))
                {
                    apimIdentity["principalId"] = SandboxJson.DeterministicGuid("principalId", id).ToString();
                    if (provider.Tenant is not null) apimIdentity["tenantId"] = provider.Tenant;
                }
                break;
            case "azure-native:recoveryservices:Vault":
            case "azure-native:dataprotection:BackupVault":
                if (outputs["identity"] is JsonObject identity && Text(identity, "type") is { } type && type.Contains("SystemAssigned", StringComparison.Ordinal))
                {
                    identity["principalId"] = SandboxJson.DeterministicGuid("principalId", id).ToString();
                    if (provider.Tenant is not null) identity["tenantId"] = provider.Tenant;
                }
                break;
        }
        return outputs;
    }

    /// <summary>
    /// The first address Azure hands out in the subnet of <c>ipConfigurations[0]</c>: the network
    /// address + 4 (Azure reserves the first four), as a firewall or resolver endpoint gets it.
    /// </summary>
    private static void AssignPrivateAddress(JsonObject outputs, string property, Func<string, StateRecord?> byId)
    {
        if (outputs["ipConfigurations"] is not JsonArray { Count: > 0 } configs || configs[0] is not JsonObject first) return;
        if (Text(first, property) is not null) return; // static address given
        if (first["subnet"]?["id"] is not JsonValue v || !v.TryGetValue<string>(out var subnetId)) return;
        if (byId(subnetId)?.Inputs is not { } subnet || Text(subnet, "addressPrefix") is not { } prefix) return;
        first[property] = NthAddress(prefix, 4);
    }

    /// <summary>
    /// An API Management service's network settings and the subnet they name, as Azure holds it when the PUT
    /// arrives (<paramref name="byId"/>: live Azure), for <see cref="AzureConstraints.RefusalsOfApimNetwork"/>.
    /// </summary>
    internal static ApimNetworkFacts ApimNetwork(JsonObject inputs, Func<string, StateRecord?> byId)
    {
        var subnetId = inputs["virtualNetworkConfiguration"] is JsonObject configuration ? Text(configuration, "subnetResourceId") : null;
        SubnetFacts? subnet = null;
        if (subnetId is not null && byId(subnetId)?.Inputs is { } held)
        {
            var prefix = Text(held, "addressPrefix")
                ?? (held["addressPrefixes"] is JsonArray { Count: > 0 } prefixes && prefixes[0] is JsonValue first && first.TryGetValue<string>(out var p) ? p : null);
            var slash = prefix?.IndexOf('/', StringComparison.Ordinal) ?? -1;
            int? length = slash > 0 && int.TryParse(prefix![(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : null;
            var delegations = held["delegations"] is JsonArray list
                ? list.OfType<JsonObject>().Select(d => Text(d, "serviceName")).OfType<string>().ToList()
                : [];
            var nsg = held["networkSecurityGroup"] is JsonObject associated && Text(associated, "id") is { Length: > 0 };
            subnet = new SubnetFacts(length, delegations, nsg);
        }
        return new ApimNetworkFacts(inputs["sku"] is JsonObject sku ? Text(sku, "name") : null, Text(inputs, "virtualNetworkType"), subnetId, subnet);
    }

    internal static string? NthAddress(string cidr, int n)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(cidr[..slash], out var address)) return null;
        var bytes = address.GetAddressBytes();
        if (bytes.Length != 4) return null;
        var value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) + (uint)n;
        return string.Create(CultureInfo.InvariantCulture, $"{value >> 24}.{(value >> 16) & 0xFF}.{(value >> 8) & 0xFF}.{value & 0xFF}");
    }

    internal static string? Text(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
