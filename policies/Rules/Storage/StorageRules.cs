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
        // Unset is true: "The default value is true since API version 2019-04-01" (azure-native 3.28.0
        // storage/storageAccount.d.ts, API 2024-01-01; Microsoft Learn, "Require secure transfer to ensure
        // secure connections": enabled by default for new accounts). PSRule's Azure.Storage.SecureTransfer agrees.
        (r, _) => Check.IsOrDefault(r, "enableHttpsTrafficOnly", true, azureDefault: true))
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
        // Unset is false: "The default interpretation is false for this property" (azure-native 3.28.0
        // storage/storageAccount.d.ts, API 2024-01-01).
        (r, _) => Check.IsOrDefault(r, "allowBlobPublicAccess", false, azureDefault: false))
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
            // Unset is AzureServices: azure-native 3.28.0 fills bypass ?? "AzureServices"
            // (types/input.js, storage.networkRuleSetArgsProvideDefaults, from the provider schema).
            if (bypass.IsMissing) return Outcome.Pass;
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

    // The three rules below judge the blob service settings (blobServices/default). A storage account
    // declared without them gets Azure's defaults, which are off (ADR 0011), so such an account fails:
    // - blob soft delete: Microsoft Learn, "Enable soft delete for blobs" (storage/blobs/soft-delete-blob-enable):
    //   on by default only for accounts created in the portal, "not enabled" for accounts created with
    //   PowerShell or Azure CLI, which call the same Resource Manager API as Pulumi; CIS v3.0.0 4.10's
    //   default value says the same. PSRule's Azure.Storage.SoftDelete fails an account with no blobServices.
    // - container soft delete: Microsoft Learn, "Enable and manage soft delete for containers"
    //   (storage/blobs/soft-delete-container-enable), and CIS v3.0.0 4.10 as above; Azure.Storage.ContainerSoftDelete.
    // - versioning: Microsoft Learn, "Blob versioning" (storage/blobs/versioning-overview): opt-in ("you can
    //   enable"); the built-in policy StorageAccountEnableBlobVersion_Modify.json exists to turn it on.
    //   Learn states no Resource Manager default in so many words; "off" is read from the opt-in wording.

    public static readonly StackRule BlobSoftDelete = new("storage-blob-soft-delete",
        "Deleted blobs are kept for at least 7 days",
        "Soft delete turns an accidental or malicious deletion into a recoverable event.",
        Severity.Medium, ["CIS-3.0:4.10", "MCSB:BR-2"],
        set => StorageChildren.JudgeBlobService(set,
            r => Outcome.All(Check.Is(r, "deleteRetentionPolicy.enabled", true), Check.AtLeast(r, "deleteRetentionPolicy.days", 7)),
            "blob soft delete is off (Microsoft Learn, Enable soft delete for blobs); deleteRetentionPolicy must be enabled for at least 7 days"))
    {
        Reads = PropertyPaths.On(BlobServiceProperties, "accountName", "deleteRetentionPolicy.days", "deleteRetentionPolicy.enabled", "resourceGroupName")
            .And(StorageAccount, "accountName", "name", "resourceGroupName"),
    };

    public static readonly StackRule ContainerSoftDelete = new("storage-container-soft-delete",
        "Deleted containers are kept for at least 7 days",
        "Deleting a container deletes every document in it; container soft delete makes that recoverable.",
        Severity.Medium, ["CIS-3.0:4.10", "MCSB:BR-2"],
        set => StorageChildren.JudgeBlobService(set,
            r => Outcome.All(Check.Is(r, "containerDeleteRetentionPolicy.enabled", true), Check.AtLeast(r, "containerDeleteRetentionPolicy.days", 7)),
            "container soft delete is off (Microsoft Learn, Enable and manage soft delete for containers); containerDeleteRetentionPolicy must be enabled for at least 7 days"))
    {
        Reads = PropertyPaths.On(BlobServiceProperties, "accountName", "containerDeleteRetentionPolicy.days", "containerDeleteRetentionPolicy.enabled", "resourceGroupName")
            .And(StorageAccount, "accountName", "name", "resourceGroupName"),
    };

    public static readonly StackRule Versioning = new("storage-versioning",
        "Blob versioning is on",
        "Every overwrite keeps the previous version, so ransomware that rewrites documents can be rolled back.",
        Severity.Medium, ["MCSB:BR-1"],
        set => StorageChildren.JudgeBlobService(set,
            r => Check.Is(r, "isVersioningEnabled", true),
            "blob versioning is off (Microsoft Learn, Blob versioning: it is opt-in); isVersioningEnabled must be true"))
    {
        Reads = PropertyPaths.On(BlobServiceProperties, "accountName", "isVersioningEnabled", "resourceGroupName")
            .And(StorageAccount, "accountName", "name", "resourceGroupName"),
    };

    public static readonly StackRule PrivateEndpoint = new("storage-private-endpoint",
        "Storage accounts have a private endpoint for blobs",
        "With public network access off, a private endpoint is the only way in; without one the store is unusable or gets reopened.",
        Severity.Medium, ["CIS-3.0:4.9", "MCSB:NS-2"],
        set => set.OfType(StorageAccount).Select(account => (account, Relations.HasPrivateEndpoint(set, account, "blob"))))
    {
        Reads = PropertyPaths.On(AzureTypes.PrivateEndpoint, "manualPrivateLinkServiceConnections[].groupIds", "manualPrivateLinkServiceConnections[].privateLinkServiceId", "privateLinkServiceConnections[].groupIds", "privateLinkServiceConnections[].privateLinkServiceId"),
    };

    /// <summary>
    /// What a blob service must send: its three categories, <c>StorageRead</c>, <c>StorageWrite</c> and
    /// <c>StorageDelete</c> (table StorageBlobLogs; Microsoft Learn, "Supported logs for
    /// Microsoft.Storage/storageAccounts/blobServices"), which are also the three CIS v3.0.0 4.13 names.
    /// Only <c>allLogs</c> stands for them: whether the <c>audit</c> group holds StorageRead was not confirmed.
    /// </summary>
    internal static readonly RequiredLogs BlobAccessLogs = new(["StorageRead", "StorageWrite", "StorageDelete"], ["allLogs"],
        "Microsoft Learn, Supported logs for Microsoft.Storage/storageAccounts/blobServices");

    public static readonly StackRule Logging = new("storage-logging",
        "Blob reads, writes and deletes are logged to Log Analytics",
        "Without blob logs nobody can tell who read or removed a document.",
        Severity.Medium, ["CIS-3.0:4.13", "MCSB:LT-3"],
        set => set.OfType(StorageAccount).Select(account => (account, Relations.HasDiagnostics(set, account, BlobAccessLogs, "/blobServices/default"))))
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
