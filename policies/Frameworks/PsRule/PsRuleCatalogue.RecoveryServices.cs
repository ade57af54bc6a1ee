namespace Oic.Infra.Policies.Frameworks.PsRule;

public static partial class PsRuleCatalogue
{
    /// <summary>
    /// PSRule for Azure's rules on the backup types we declare: <c>Azure.BV.Rule.yaml</c>. The stacks declare
    /// no Recovery Services vault since the Backup vault replaced it (ADR 0013), so <c>Azure.RSV.*</c> has no row;
    /// rsv-geo-crr and rsv-immutability still judge one wherever it appears.
    /// </summary>
    internal static readonly IReadOnlyList<PsRuleCheck> RecoveryServices =
    [
        new("Azure.BV.Immutable", "azure-native:dataprotection:BackupVault", PsRuleAnswer.Rule, "rsv-immutability"),
    ];
}
