namespace Oic.Infra.Resources.AzurePolicy;

public static partial class AzurePolicyCatalogue
{
    private static readonly string BackupSource = Definitions("Backup");

    /// <summary>Recovery Services vaults (all three definitions are in preview).</summary>
    internal static readonly IReadOnlyList<BuiltInPolicy> RecoveryServices =
    [
        new("rsv-private", "rsv-no-public-network", Definition("9ebbbba3-4d65-4da9-bb67-b22cfaaff090"), "[Preview]: Azure Recovery Services vaults should disable public network access",
            BackupSource + "RecoveryServices_PublicNetworkAccess_AuditDeny.json", PolicyEffect.Deny)
        {
            Note = "preview definition",
        },
        new("rsv-soft-delete", "rsv-soft-delete", Definition("31b8092a-36b8-434b-9af7-5ec844364148"), "[Preview]: Soft delete must be enabled for Recovery Services Vaults.",
            BackupSource + "AzBackupRecoveryServicesVault_SoftDelete_Audit.json", PolicyEffect.Audit)
        {
            // false: Enabled passes as well as AlwaysOn, as in our rule.
            Parameters = new Dictionary<string, object>(StringComparer.Ordinal) { ["checkAlwaysOnSoftDeleteOnly"] = false },
            Note = "preview definition",
        },
        new("rsv-immutability", "rsv-immutability", Definition("d6f6f560-14b7-49a4-9fc8-d2c3a9807868"), "[Preview]: Immutability must be enabled for Recovery Services vaults",
            BackupSource + "RecoveryServices_Immutability_Audit.json", PolicyEffect.Audit)
        {
            // false: Unlocked passes as well as Locked, as in our rule.
            Parameters = new Dictionary<string, object>(StringComparer.Ordinal) { ["checkLockedImmutabilityOnly"] = false },
            Note = "preview definition",
        },
    ];
}
