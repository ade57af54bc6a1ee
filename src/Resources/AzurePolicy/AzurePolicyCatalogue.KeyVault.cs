namespace Oic.Infra.Resources.AzurePolicy;

public static partial class AzurePolicyCatalogue
{
    private static readonly string KeyVaultSource = Definitions("Key Vault");

    /// <summary>
    /// Key Vault. Left out: key expiry (152b15f7…, Deny in the data plane would refuse the estate's own CMK key,
    /// which expires through its rotation policy, an alternative our rule accepts and the definition does not),
    /// key rotation (d8cf8476…, needs a maximum-days parameter our rule does not have).
    /// </summary>
    internal static readonly IReadOnlyList<BuiltInPolicy> KeyVault =
    [
        new("kv-purge-protection", "kv-purge-protection", Definition("0b60c0b2-2dc2-4e1c-b5c9-abbed971de53"), "Key vaults should have deletion protection enabled",
            KeyVaultSource + "Recoverable_Audit.json", PolicyEffect.Deny),
        new("kv-soft-delete-retention", "kv-soft-delete", Definition("1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d"), "Key vaults should have soft delete enabled",
            KeyVaultSource + "SoftDeleteMustBeEnabled_Audit.json", PolicyEffect.Deny)
        {
            Note = "narrower: soft delete on, retention not checked",
        },
        new("kv-no-public-network", "kv-no-public-network", Definition("405c5871-3e91-4644-8a63-58e19d68ff5b"), "Azure Key Vault should disable public network access",
            KeyVaultSource + "PublicNetworkAccess_Audit.json", PolicyEffect.Deny),
        // The rule reads `audit_effect` (Audit/Disabled); the `effect` parameter is declared but unused.
        new("kv-private-endpoint", "kv-private-link", Definition("a6abeaec-4d90-4a02-805f-6b26c4d3fbe9"), "Azure Key Vaults should use private link",
            KeyVaultSource + "Should_Use_PrivateEndpoint_Audit.json", PolicyEffect.Audit)
        {
            EffectParameter = "audit_effect",
        },
        new("kv-rbac-mode", "kv-rbac", Definition("12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5"), "Azure Key Vault should use RBAC permission model",
            KeyVaultSource + "Should_Use_RBAC.json", PolicyEffect.Deny),
        new("kv-diagnostics", "kv-resource-logs", Definition("cf820ca0-f99e-4f3e-84fb-66e913812d21"), "Resource logs in Key Vault should be enabled",
            KeyVaultSource + "AuditDiagnosticLog_Audit.json", PolicyEffect.AuditIfNotExists)
        {
            Note = "checks a diagnostic setting's log retention, not its destination",
        },
        new("kv-secret-expiry", "kv-secret-expiry", Definition("98728c90-32c7-4049-8429-847dc0f4fe37"), "Key Vault secrets should have an expiration date",
            KeyVaultSource + "Secrets_ExpirationSet.json", PolicyEffect.Deny),
        new("kv-premium-hsm-keys", "kv-hsm-keys", Definition("587c79fe-dd04-4a5e-9d0b-f89598c7261b"), "Keys should be backed by a hardware security module (HSM)",
            KeyVaultSource + "Keys_HSMBacked.json", PolicyEffect.Deny),
    ];
}
