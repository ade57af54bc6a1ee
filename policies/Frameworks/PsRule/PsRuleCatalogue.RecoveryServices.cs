namespace Oic.Infra.Policies.Frameworks.PsRule;

public static partial class PsRuleCatalogue
{
    private const string RecoveryVaultType = "azure-native:recoveryservices:Vault";

    /// <summary>
    /// PSRule for Azure's rules on the backup types we declare: <c>Azure.RSV.Rule.ps1</c> / <c>.yaml</c>,
    /// <c>Azure.BV.Rule.yaml</c> (docs/research/issue-16-coverage.md §1h).
    /// </summary>
    internal static readonly IReadOnlyList<PsRuleCheck> RecoveryServices =
    [
        new("Azure.RSV.StorageType", RecoveryVaultType, PsRuleAnswer.Rule, "rsv-geo-crr"),
        new("Azure.RSV.Immutable", RecoveryVaultType, PsRuleAnswer.Rule, "rsv-immutability"),
        new("Azure.RSV.ReplicationAlert", RecoveryVaultType, PsRuleAnswer.NotApplicable,
            "Site Recovery replication alerts; the estate uses no Site Recovery (DR restores backups cross-region and rebuilds from code)."),
        new("Azure.BV.Immutable", "azure-native:dataprotection:BackupVault", PsRuleAnswer.Rule, "rsv-immutability"),
    ];
}
