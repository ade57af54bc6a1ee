using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.Authorization;
using Oic.Infra.Policies.Rules.ResourceManager;
using Oic.Infra.Resources;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Storage;

/// <summary>Documents by classification: labels, WORM records, customer-managed keys, replication.</summary>
public static class DataProtectionRules
{
    public static readonly ResourceRule ClassificationTag = new("dp-classification-tag",
        "Document stores and containers carry a valid data classification",
        "The classification decides which protections a store needs (customer-managed keys, retention, who may read); an unlabelled store gets none of them by design.",
        Severity.Medium, ["MCSB:DP-1"], [StorageAccount, BlobContainer],
        (r, set) => r.Type == StorageAccount ? TaggingRules.HasClassificationTag(r) : ContainerClassification(r, set))
    {
        Reads = PropertyPaths.On(BlobContainer, "accountName", "metadata.classification", "resourceGroupName")
            .And(StorageAccount, "accountName", "name", "resourceGroupName", "tags.data-classification"),
    };

    public static readonly ResourceRule RecordsWorm = new("dp-records-worm",
        "Records containers are write-once (immutability policy or version-level WORM)",
        "Official records must not be altered or deleted before their retention ends, not even by an administrator; an immutability policy enforces that in storage itself.",
        Severity.High, ["MCSB:BR-2"], [BlobContainer],
        (r, set) =>
        {
            var records = r.Get("metadata.records");
            if (records.IsUnknown) return Check.Unknown("metadata.records");
            if (records.Bool != true) return Outcome.NotApplicable;
            var worm = r.Get("immutableStorageWithVersioning.enabled");
            if (worm.Bool == true && !worm.IsUnknown) return Outcome.Pass;
            Outcome? pending = worm.IsUnknown ? Check.Unknown("immutableStorageWithVersioning.enabled") : null;
            var tooShort = new List<string>();
            foreach (var policy in set.OfType(BlobContainerImmutabilityPolicy))
            {
                var covers = Covers(set, policy, r);
                if (covers == false) continue;
                var days = policy.Get("immutabilityPeriodSinceCreationInDays");
                if (days.IsUnknown) pending ??= Check.Unknown($"{policy.Name} immutabilityPeriodSinceCreationInDays");
                else if (days.Number >= 1)
                {
                    if (covers == true) return Outcome.Pass;
                    pending ??= Check.Unknown($"{policy.Name} accountName/containerName");
                }
                else if (covers == true) tooShort.Add($"immutability policy {policy.Name} keeps blobs for {days.Text ?? "no"} days");
            }
            if (pending is not null) return pending;
            return Outcome.Fail(tooShort.Count > 0
                ? $"a records container whose WORM protection is ineffective ({string.Join("; ", tooShort)}); at least 1 day is required"
                : "a records container with no immutability policy and version-level immutability off");
        })
    {
        Reads = PropertyPaths.On(BlobContainer, "accountName", "containerName", "immutableStorageWithVersioning.enabled", "metadata.records")
            .And(BlobContainerImmutabilityPolicy, "accountName", "containerName", "immutabilityPeriodSinceCreationInDays"),
    };

    public static readonly ResourceRule CustomerManagedKeys = new("storage-cmk",
        "Strictly confidential document stores encrypt with a customer-managed key",
        "For strictly confidential documents the OIC, not Microsoft, must hold the key: revoking it in Key Vault makes the data unreadable.",
        Severity.Medium, ["CIS-3.0:4.11", "MCSB:DP-5"], [StorageAccount],
        (r, _) =>
        {
            var classification = TaggingRules.TagOf(r, "data-classification");
            if (classification.IsUnknown) return Check.Unknown("tags.data-classification");
            if (!string.Equals(classification.Text?.Trim(), "strictly-confidential", StringComparison.OrdinalIgnoreCase)) return Outcome.NotApplicable;
            return Outcome.All(
                Check.OneOf(r, "encryption.keySource", "Microsoft.Keyvault"),
                IsSet(r, "encryption.keyVaultProperties.keyName", "the Key Vault key must be named"),
                IsSet(r, "encryption.keyVaultProperties.keyVaultUri", "the Key Vault must be named"),
                LockAndIdentityRules.HasManagedIdentity(r, "the account needs an identity to reach its key"));
        })
    {
        Reads = PropertyPaths.On(StorageAccount, "encryption.keySource", "encryption.keyVaultProperties.keyName", "encryption.keyVaultProperties.keyVaultUri", "identity.type", "tags.Data-Classification", "tags.data-classification"),
    };

    public static readonly ResourceRule NoCrossTenantReplication = new("storage-no-cross-tenant-repl",
        "Storage accounts refuse replication to other tenants",
        "Object replication to an account in another Entra tenant copies documents outside the OIC's control without any access check of ours.",
        Severity.Medium, ["CIS-3.0:4.16"], [StorageAccount],
        // Unset is false: "The default interpretation is false for new accounts to follow best security
        // practices by default" (azure-native 3.28.0 storage/storageAccount.d.ts, API 2024-01-01).
        (r, _) => Check.IsOrDefault(r, "allowCrossTenantReplication", false, azureDefault: false))
    {
        Reads = PropertyPaths.On(StorageAccount, "allowCrossTenantReplication"),
    };

    /// <summary>
    /// A container's <c>metadata.classification</c> is valid and no more sensitive than its
    /// account's tag: a strictly confidential container in an internal account would escape the
    /// protections the account's classification selects.
    /// </summary>
    private static Outcome ContainerClassification(PolicyResource container, ResourceSet set)
    {
        var value = container.Get("metadata.classification");
        if (value.IsUnknown) return Check.Unknown("metadata.classification");
        var rank = TaggingRules.ClassificationRank(value.Text);
        if (rank < 0)
            return Outcome.Fail(value.IsMissing
                ? $"metadata.classification is not set; must be one of {string.Join(", ", TaggingRules.Classifications)}"
                : $"metadata.classification is '{value.Text}'; must be one of {string.Join(", ", TaggingRules.Classifications)}");
        if (StorageChildren.AccountOf(set, container) is not { } account) return Outcome.Pass;
        var accountTag = TaggingRules.TagOf(account, "data-classification");
        if (accountTag.IsUnknown) return Check.Unknown($"{account.Name} tags.data-classification");
        var accountRank = TaggingRules.ClassificationRank(accountTag.Text);
        return Outcome.When(accountRank < 0 || rank <= accountRank,
            $"metadata.classification is '{value.Text}' but its account {account.Name} is tagged '{accountTag.Text}'; a container may not be more sensitive than its account");
    }

    /// <summary>
    /// Whether an immutability policy is for <paramref name="container"/>: true, false, or null
    /// when a name it gives is not known yet. In the compiled graph the policy names the container
    /// by reference (<c>${container.name}</c>); in state both carry plain names, compared as ARM does.
    /// </summary>
    private static bool? Covers(ResourceSet set, PolicyResource policy, PolicyResource container)
    {
        var containerName = policy.Get("containerName");
        if (containerName.Value is PropertyValue.Ref { Target.Resource: { } byRef } &&
            set.OfType(BlobContainer).Any(c => c.Name == byRef.LogicalName))
            return byRef.LogicalName == container.Name;
        var sameContainer = SameName(set, containerName, container.Get("containerName"), BlobContainer, "containerName");
        var sameAccount = SameName(set, policy.Get("accountName"), container.Get("accountName"), StorageAccount, "accountName");
        return sameContainer == false || sameAccount == false ? false : sameContainer == true && sameAccount == true ? true : null;
    }

    /// <summary>
    /// Whether two name values name the same thing: the same referenced resource, equal texts
    /// (case-insensitively), or a reference whose resource carries that name. Null when unknown.
    /// </summary>
    private static bool? SameName(ResourceSet set, Lookup a, Lookup b, string type, string nameProperty)
    {
        var (refA, textA) = Name(set, a, type, nameProperty);
        var (refB, textB) = Name(set, b, type, nameProperty);
        if (refA is not null && refB is not null) return refA == refB;
        if (textA is not null && textB is not null) return textA.Equals(textB, StringComparison.OrdinalIgnoreCase);
        return null;
    }

    /// <summary>A name value as the resource it refers to (if any) and its text (if known).</summary>
    private static (string? Resource, string? Text) Name(ResourceSet set, Lookup value, string type, string nameProperty)
    {
        if (value.Value is PropertyValue.Ref { Target.Resource: { } referenced })
        {
            var resource = set.OfType(type).FirstOrDefault(r => r.Name == referenced.LogicalName);
            return (referenced.LogicalName, resource is null ? null : StorageChildren.NameOf(resource, nameProperty));
        }
        return (null, value.IsUnknown ? null : value.Text);
    }

    /// <summary>The property holds a value or a reference to one; unknown while not known yet.</summary>
    private static Outcome IsSet(PolicyResource resource, string path, string why)
    {
        var v = resource.Get(path);
        if (v.Value is not null && !(v.Text is { } text && string.IsNullOrWhiteSpace(text))) return Outcome.Pass;
        if (v.IsUnknown) return Check.Unknown(path);
        return Outcome.Fail(v.IsMissing ? $"{path} is not set; {why}" : $"{path} is empty; {why}");
    }
}
