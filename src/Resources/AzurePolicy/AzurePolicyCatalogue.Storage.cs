namespace Oic.Infra.Resources.AzurePolicy;

public static partial class AzurePolicyCatalogue
{
    private static readonly string StorageSource = Definitions("Storage");

    /// <summary>
    /// Storage accounts. Our storage rules are mandatory, so each is assigned with <c>Deny</c> where the definition
    /// takes it (Audit/Deny/Disabled), else with the audit effect it offers. Left out: the soft-delete definition
    /// (9fbd64e3…, DeployIfNotExists only, needs a managed identity), the blob diagnostic setting (b4fe1a3b…,
    /// needs one workspace per subscription while prod and prod-dr each have their own), customer-managed keys
    /// (6fac406b…, audits every account where our rule asks it of strictly confidential stores only).
    /// </summary>
    internal static readonly IReadOnlyList<BuiltInPolicy> Storage =
    [
        new("storage-https-only", "st-https-only", Definition("404c3081-a854-4457-ae30-26a93ef643f9"), "Secure transfer to storage accounts should be enabled",
            StorageSource + "Storage_AuditForHTTPSEnabled_Audit.json", PolicyEffect.Deny),
        new("storage-min-tls12", "st-min-tls12", Definition("fe83a0eb-a853-422d-aac2-1bffd182c5d0"), "Storage accounts should have the specified minimum TLS version",
            StorageSource + "StorageAccountMinimumTLSVersion_Audit.json", PolicyEffect.Deny)
        {
            Parameters = new Dictionary<string, object>(StringComparer.Ordinal) { ["minimumTlsVersion"] = "TLS1_2" },
        },
        new("storage-no-anonymous-blob", "st-no-public-blob", Definition("4fa4b6c0-31ca-4c0d-b10d-24b96f62a751"), "Storage account public access should be disallowed",
            StorageSource + "ASC_Storage_DisallowPublicBlobAccess_Audit.json", PolicyEffect.Deny),
        new("storage-public-network-disabled", "st-no-public-network", Definition("b2982f36-99f2-4db5-8eff-283140c09693"), "Storage accounts should disable public network access",
            StorageSource + "StoragePublicNetworkAccess_AuditDeny.json", PolicyEffect.Deny),
        new("storage-network-default-deny", "st-network-deny", Definition("34c877ad-507e-4c82-993e-3452a6e0ad3c"), "Storage accounts should restrict network access",
            StorageSource + "Storage_NetworkAcls_Audit.json", PolicyEffect.Deny),
        new("storage-trusted-services", "st-trusted-services", Definition("c9d007d0-c057-4772-b18c-01e546713bcd"), "Storage accounts should allow access from trusted Microsoft services",
            StorageSource + "StorageAccess_TrustedMicrosoftServices_Audit.json", PolicyEffect.Deny)
        {
            Note = "narrower: flags only a bypass that is set and lacks AzureServices",
        },
        new("storage-no-shared-key", "st-no-shared-key", Definition("8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54"), "Storage accounts should prevent shared key access",
            StorageSource + "StorageAccountAllowSharedKeyAccess_Audit.json", PolicyEffect.Deny),
        new("storage-infra-encryption", "st-infra-encryption", Definition("4733ea7b-a883-42fe-8cac-97454c2a9e4a"), "Storage accounts should have infrastructure encryption",
            StorageSource + "StorageAccountInfrastructureEncryptionEnabled_Audit.json", PolicyEffect.Deny),
        new("storage-versioning", "st-versioning", Definition("c36a325b-ae04-4863-ad4f-19c6678f8e08"), "Configure your Storage account to enable blob versioning",
            StorageSource + "StorageAccountEnableBlobVersion_Audit.json", PolicyEffect.Deny),
        new("storage-private-endpoint", "st-private-link", Definition("6edd7eda-6dd8-40f7-810d-67160c639cd9"), "Storage accounts should use private link",
            StorageSource + "StorageAccountPrivateEndpointEnabled_Audit.json", PolicyEffect.AuditIfNotExists)
        {
            Note = "broader: any approved private endpoint, not only the blob sub-resource",
        },
        new("storage-no-cross-tenant-repl", "st-no-cross-tenant", Definition("92a89a79-6c52-4a7e-a03f-61306fc49312"), "Storage accounts should prevent cross tenant object replication",
            StorageSource + "StorageAccountAllowCrossTenantReplication_Audit.json", PolicyEffect.Deny),
        new("dr-geo-redundant-storage", "st-geo-redundant", Definition("bf045164-79ba-4215-8f95-f8048dc1780b"), "Geo-redundant storage should be enabled for Storage Accounts",
            StorageSource + "GeoRedundant_StorageAccounts_Audit.json", PolicyEffect.Audit)
        {
            Note = "broader: every account, where our rule exempts stores recovered by object replication",
        },
    ];
}
