namespace Oic.Infra.Policies.Frameworks.PsRule;

public static partial class PsRuleCatalogue
{
    private const string StorageAccountType = "azure-native:storage:StorageAccount";

    /// <summary>
    /// PSRule for Azure's rules on the Storage types we declare: <c>Azure.Storage.Rule.ps1</c> /
    /// <c>.yaml</c> and <c>docs/en/rules/Azure.Storage.*.md</c> (docs/research/issue-16-coverage.md §1e).
    /// </summary>
    internal static readonly IReadOnlyList<PsRuleCheck> Storage =
    [
        new("Azure.Storage.UseReplication", StorageAccountType, PsRuleAnswer.ByDesign,
            "Geo-redundancy is required where the classification asks for it (dr-geo-redundant-storage: confidential and strictly confidential stores). Internal and public stores and the flow-log account stay zone-redundant: losing them with the region is accepted per classification (ADR 0007)."),
        new("Azure.Storage.SoftDelete", StorageAccountType, PsRuleAnswer.Rule, "storage-blob-soft-delete"),
        new("Azure.Storage.ContainerSoftDelete", StorageAccountType, PsRuleAnswer.Rule, "storage-container-soft-delete"),
        new("Azure.Storage.BlobAccessType", "azure-native:storage:BlobContainer", PsRuleAnswer.Rule, "storage-container-private"),
        new("Azure.Storage.BlobPublicAccess", StorageAccountType, PsRuleAnswer.Rule, "storage-no-anonymous-blob"),
        new("Azure.Storage.Firewall", StorageAccountType, PsRuleAnswer.Rule, "storage-network-default-deny"),
        new("Azure.Storage.MinTLS", StorageAccountType, PsRuleAnswer.Rule, "storage-min-tls12"),
        new("Azure.Storage.SecureTransfer", StorageAccountType, PsRuleAnswer.Rule, "storage-https-only"),
        new("Azure.Storage.LocalAuth", StorageAccountType, PsRuleAnswer.Rule, "storage-no-shared-key"),
        new("Azure.Storage.FileShareSoftDelete", StorageAccountType, PsRuleAnswer.NotApplicable,
            "Applies to kind FileStorage only; the estate keeps documents in blob storage and declares no file shares."),
        new("Azure.Storage.DefenderCloud", StorageAccountType, PsRuleAnswer.ByDesign,
            "Per-account Defender settings; Defender for Storage is on for the whole subscription (security:Pricing StorageAccounts, judged by the Defender rules). PSRule runs it only when AZURE_STORAGE_DEFENDER_PER_ACCOUNT is set."),
        new("Azure.Storage.Defender.MalwareScan", StorageAccountType, PsRuleAnswer.ByDesign,
            "Per-account malware-scanning override; the stacks set malware scanning on the subscription plan (security:Pricing StorageAccounts, sub-plan DefenderForStorageV2), which every account inherits."),
        new("Azure.Storage.Defender.DataScan", StorageAccountType, PsRuleAnswer.ByDesign,
            "Per-account sensitive-data-discovery override; set on the subscription plan as for malware scanning."),
    ];
}
