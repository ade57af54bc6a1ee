using System.Globalization;
using Oic.Infra.Estate.Azure;
using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Storage;

/// <summary>Storage accounts and blob services (CIS Azure Foundations v3.0 section 4).</summary>
public static class StorageRules
{
    public static readonly ResourceRule HttpsOnly = new("storage-https-only",
        "Storage accounts accept HTTPS only",
        "Documents in transit over plain HTTP can be read and altered on the way; secure transfer refuses it.",
        Severity.High, ["CIS-3.0:4.1", "MCSB:DP-3"], [StorageAccount],
        (r, _) => Check.Is(r, "enableHttpsTrafficOnly", true))
    {
        Reads = PropertyPaths.On(StorageAccount, "enableHttpsTrafficOnly"),
    };

    public static readonly ResourceRule MinimumTls12 = new("storage-min-tls12",
        "Storage accounts refuse TLS older than 1.2",
        "TLS 1.0 and 1.1 have known weaknesses and are retired across Azure.",
        Severity.High, ["CIS-3.0:4.15", "MCSB:DP-3"], [StorageAccount],
        (r, _) => Check.OneOf(r, "minimumTlsVersion", "TLS1_2", "TLS1_3"))
    {
        Reads = PropertyPaths.On(StorageAccount, "minimumTlsVersion"),
    };

    public static readonly ResourceRule NoAnonymousBlob = new("storage-no-anonymous-blob",
        "Storage accounts forbid anonymous blob access",
        "Anonymous access exposes documents to anyone with the URL, with no identity in the logs.",
        Severity.High, ["CIS-3.0:4.17", "MCSB:NS-2"], [StorageAccount],
        (r, _) => Check.Is(r, "allowBlobPublicAccess", false))
    {
        Reads = PropertyPaths.On(StorageAccount, "allowBlobPublicAccess"),
    };

    public static readonly ResourceRule ContainerPrivate = new("storage-container-private",
        "Blob containers are private",
        "A container with public access serves its blobs to anonymous readers even when the account allows it by mistake.",
        Severity.High, ["CIS-3.0:4.17", "MCSB:NS-2"], [BlobContainer],
        (r, _) => r.Get("publicAccess") is { IsMissing: true } ? Outcome.Pass : Check.OneOf(r, "publicAccess", "None"))
    {
        Reads = PropertyPaths.On(BlobContainer, "publicAccess"),
    };

    public static readonly ResourceRule PublicNetworkDisabled = new("storage-public-network-disabled",
        "Storage accounts are not reachable from public networks",
        "Document stores are reached through private endpoints only; a public endpoint is attack surface even behind keys.",
        Severity.High, ["CIS-3.0:4.6", "MCSB:NS-2"], [StorageAccount],
        (r, _) => Check.OneOf(r, "publicNetworkAccess", "Disabled"))
    {
        Reads = PropertyPaths.On(StorageAccount, "publicNetworkAccess"),
    };

    public static readonly ResourceRule NetworkDefaultDeny = new("storage-network-default-deny",
        "Storage account firewalls deny by default",
        "With the default action Allow, every network can reach the account once public access is turned back on.",
        Severity.High, ["CIS-3.0:4.7", "MCSB:NS-2"], [StorageAccount],
        (r, _) => Check.OneOf(r, "networkRuleSet.defaultAction", "Deny"))
    {
        Reads = PropertyPaths.On(StorageAccount, "networkRuleSet.defaultAction"),
    };

    public static readonly ResourceRule TrustedServices = new("storage-trusted-services",
        "Storage account firewalls let trusted Azure services through",
        "Backup, monitoring and Key Vault-based encryption reach the account as trusted services; without the bypass they break or get opened wider.",
        Severity.Low, ["CIS-3.0:4.8", "MCSB:NS-2"], [StorageAccount],
        (r, _) =>
        {
            var bypass = r.Get("networkRuleSet.bypass");
            if (bypass.IsUnknown) return Check.Unknown("networkRuleSet.bypass");
            return Outcome.When(bypass.Text?.Split(',').Any(b => b.Trim().Equals("AzureServices", StringComparison.OrdinalIgnoreCase)) == true,
                $"networkRuleSet.bypass is '{bypass.Text ?? "not set"}'; must include AzureServices");
        })
    {
        Reads = PropertyPaths.On(StorageAccount, "networkRuleSet.bypass"),
    };

    public static readonly ResourceRule NoSharedKey = new("storage-no-shared-key",
        "Storage accounts refuse shared-key authorization",
        "Account keys grant full access with no identity; Entra ID authorization makes every access attributable and revocable.",
        Severity.High, ["MCSB:IM-1"], [StorageAccount],
        (r, _) => Check.Is(r, "allowSharedKeyAccess", false))
    {
        Reads = PropertyPaths.On(StorageAccount, "allowSharedKeyAccess"),
    };

    public static readonly ResourceRule OAuthDefault = new("storage-oauth-default",
        "Storage accounts default to Entra ID authorization in the portal",
        "Without it the portal falls back to account keys, which shared-key-off accounts then refuse.",
        Severity.Low, ["MCSB:IM-1"], [StorageAccount],
        (r, _) => Check.Is(r, "defaultToOAuthAuthentication", true))
    {
        Reads = PropertyPaths.On(StorageAccount, "defaultToOAuthAuthentication"),
    };

    public static readonly ResourceRule InfrastructureEncryption = new("storage-infra-encryption",
        "Storage accounts encrypt twice (infrastructure encryption)",
        "A second layer of encryption with a separate key protects against a flaw in one algorithm or key; it can only be set when the account is created.",
        Severity.Medium, ["CIS-3.0:4.2", "MCSB:DP-4"], [StorageAccount],
        (r, _) => Check.Is(r, "encryption.requireInfrastructureEncryption", true))
    {
        Reads = PropertyPaths.On(StorageAccount, "encryption.requireInfrastructureEncryption"),
    };

    public static readonly ResourceRule BlobSoftDelete = new("storage-blob-soft-delete",
        "Deleted blobs are kept for at least 7 days",
        "Soft delete turns an accidental or malicious deletion into a recoverable event.",
        Severity.Medium, ["CIS-3.0:4.10", "MCSB:BR-2"], [BlobServiceProperties],
        (r, _) => Outcome.All(Check.Is(r, "deleteRetentionPolicy.enabled", true), Check.AtLeast(r, "deleteRetentionPolicy.days", 7)))
    {
        Reads = PropertyPaths.On(BlobServiceProperties, "deleteRetentionPolicy.days", "deleteRetentionPolicy.enabled"),
    };

    public static readonly ResourceRule ContainerSoftDelete = new("storage-container-soft-delete",
        "Deleted containers are kept for at least 7 days",
        "Deleting a container deletes every document in it; container soft delete makes that recoverable.",
        Severity.Medium, ["CIS-3.0:4.10", "MCSB:BR-2"], [BlobServiceProperties],
        (r, _) => Outcome.All(Check.Is(r, "containerDeleteRetentionPolicy.enabled", true), Check.AtLeast(r, "containerDeleteRetentionPolicy.days", 7)))
    {
        Reads = PropertyPaths.On(BlobServiceProperties, "containerDeleteRetentionPolicy.days", "containerDeleteRetentionPolicy.enabled"),
    };

    public static readonly ResourceRule Versioning = new("storage-versioning",
        "Blob versioning is on",
        "Every overwrite keeps the previous version, so ransomware that rewrites documents can be rolled back.",
        Severity.Medium, ["MCSB:BR-1"], [BlobServiceProperties],
        (r, _) => Check.Is(r, "isVersioningEnabled", true))
    {
        Reads = PropertyPaths.On(BlobServiceProperties, "isVersioningEnabled"),
    };

    public static readonly StackRule PrivateEndpoint = new("storage-private-endpoint",
        "Storage accounts have a private endpoint for blobs",
        "With public network access off, a private endpoint is the only way in; without one the store is unusable or gets reopened.",
        Severity.Medium, ["CIS-3.0:4.9", "MCSB:NS-2"],
        set => set.OfType(StorageAccount).Select(account => (account, Relations.HasPrivateEndpoint(set, account, "blob"))))
    {
        Reads = PropertyPaths.On(AzureTypes.PrivateEndpoint, "manualPrivateLinkServiceConnections[].groupIds", "manualPrivateLinkServiceConnections[].privateLinkServiceId", "privateLinkServiceConnections[].groupIds", "privateLinkServiceConnections[].privateLinkServiceId"),
    };

    public static readonly StackRule Logging = new("storage-logging",
        "Blob reads, writes and deletes are logged to Log Analytics",
        "Without blob logs nobody can tell who read or removed a document.",
        Severity.Medium, ["CIS-3.0:4.13", "MCSB:LT-3"],
        set => set.OfType(StorageAccount).Select(account => (account, Relations.HasDiagnostics(set, account, "/blobServices/default"))))
    {
        Reads = PropertyPaths.On(DiagnosticSetting, "logs[].category", "logs[].categoryGroup", "logs[].enabled", "resourceUri", "workspaceId"),
    };

    private const string ClassificationTag = "data-classification";

    public static readonly ResourceRule GeoRedundantStorage = new("dr-geo-redundant-storage",
        "Confidential and strictly confidential storage accounts replicate to the paired region (GRS, RA-GRS, GZRS or RA-GZRS)",
        "Locally or zone-redundant storage is lost with the region; a geo-redundant copy lets the documents be recovered in the DR region.",
        Severity.High, ["MCSB:BR-1"], [StorageAccount],
        (r, _) =>
        {
            var classification = r.Get("tags").Get(ClassificationTag);
            var geo = Check.OneOf(r, "sku.name", "Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS");
            if (classification.IsUnknown) return geo.Kind == OutcomeKind.Pass ? geo : Check.Unknown($"tags.{ClassificationTag}");
            return IsConfidential(classification.Text) ? geo : Outcome.NotApplicable;
        })
    {
        Reads = PropertyPaths.On(StorageAccount, "sku.name", "tags.data-classification"),
    };

    private static bool IsConfidential(string? classification) =>
        classification is not null &&
        (classification.Equals("confidential", StringComparison.OrdinalIgnoreCase) ||
         classification.Equals("strictly-confidential", StringComparison.OrdinalIgnoreCase));
}
