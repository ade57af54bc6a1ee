namespace Oic.Infra.Policies.Frameworks.PsRule;

public static partial class PsRuleCatalogue
{
    private const string VaultType = "azure-native:keyvault:Vault";

    /// <summary>
    /// PSRule for Azure's rules on the Key Vault types we declare: <c>Azure.KeyVault.Rule.ps1</c> /
    /// <c>.yaml</c> (docs/research/issue-16-coverage.md §1f).
    /// </summary>
    internal static readonly IReadOnlyList<PsRuleCheck> KeyVault =
    [
        new("Azure.KeyVault.SoftDelete", VaultType, PsRuleAnswer.Rule, "kv-soft-delete-retention"),
        new("Azure.KeyVault.PurgeProtect", VaultType, PsRuleAnswer.Rule, "kv-purge-protection"),
        new("Azure.KeyVault.RBAC", VaultType, PsRuleAnswer.Rule, "kv-rbac-mode"),
        new("Azure.KeyVault.Firewall", VaultType, PsRuleAnswer.Rule, "kv-no-public-network"),
        new("Azure.KeyVault.AccessPolicy", VaultType, PsRuleAnswer.Rule, "kv-rbac-mode"),
        new("Azure.KeyVault.Logs", VaultType, PsRuleAnswer.Rule, "kv-diagnostics"),
        new("Azure.KeyVault.AutoRotationPolicy", "azure-native:keyvault:Key", PsRuleAnswer.Rule, "kv-key-rotation"),
    ];
}
