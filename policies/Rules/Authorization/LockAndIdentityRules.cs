using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.ResourceManager;
using Oic.Infra.Resources;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Authorization;

/// <summary>Management locks on critical resource groups and managed identities on the resources that call other services.</summary>
public static class LockAndIdentityRules
{
    public static readonly ResourceRule ManagedIdentity = new("iam-managed-identity",
        "Backup vaults, and storage accounts with customer-managed keys, use a managed identity",
        "A managed identity lets the service reach Key Vault and other resources without a stored password or key that could leak or expire.",
        Severity.Medium, ["MCSB:IM-3"], [RecoveryServicesVault, StorageAccount],
        (r, _) =>
        {
            if (r.Type == StorageAccount)
            {
                var keySource = r.Get("encryption.keySource");
                if (keySource.IsUnknown) return Check.Unknown("encryption.keySource");
                if (!string.Equals(keySource.Text, "Microsoft.Keyvault", StringComparison.OrdinalIgnoreCase)) return Outcome.NotApplicable;
                return HasManagedIdentity(r, "a storage account encrypting with a Key Vault key needs an identity to reach the vault");
            }
            return HasManagedIdentity(r, "must be SystemAssigned or UserAssigned");
        })
    {
        Reads = PropertyPaths.On(RecoveryServicesVault, "identity.type")
            .And(StorageAccount, "encryption.keySource", "identity.type"),
    };

    public static readonly StackRule CriticalLock = new("rg-critical-lock",
        "Critical resource groups have a CanNotDelete lock",
        "A delete lock stops one mistaken command or compromised account from removing the hub, the vaults or the logs the estate depends on.",
        Severity.Medium, ["CIS-3.0:10.1"],
        set => set.OfType(ResourceGroup)
            .Select(group => (group, Critical: TaggingRules.TagOf(group, "critical")))
            .Where(g => g.Critical.IsUnknown || g.Critical.Bool == true)
            .Select(g => (g.group, g.Critical.IsUnknown ? Check.Unknown("tags.critical") : Locked(set, g.group))))
    {
        Reads = PropertyPaths.On(ManagementLock, "level", "resourceGroupName")
            .And(ResourceGroup, "resourceGroupName", "tags.Critical", "tags.critical"),
    };

    /// <summary><c>identity.type</c> names a system- or user-assigned identity (either or both).</summary>
    internal static Outcome HasManagedIdentity(PolicyResource resource, string why)
    {
        var type = resource.Get("identity.type");
        if (type.IsUnknown) return Check.Unknown("identity.type");
        var kinds = (type.Text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (kinds.Any(k => k.Equals("SystemAssigned", StringComparison.OrdinalIgnoreCase) || k.Equals("UserAssigned", StringComparison.OrdinalIgnoreCase)))
            return Outcome.Pass;
        return Outcome.Fail(type.IsMissing
            ? resource.Get("identity").IsMissing ? $"identity is not set; {why}" : $"identity.type is not set; {why}"
            : $"identity.type is '{type.Text}'; {why}");
    }

    private static Outcome Locked(ResourceSet set, PolicyResource group)
    {
        var groupName = group.Get("resourceGroupName") is { Text: { } n } ? n : group.Get("name").Text;
        Outcome? pending = null;
        var wrongLevel = new List<string>();
        foreach (var @lock in LocksNaming(set, group.Name, groupName))
        {
            var target = @lock.Get("resourceGroupName");
            bool? covers = target switch
            {
                { Value: PropertyValue.Ref { Target.Resource: { } referenced } } => referenced.LogicalName == group.Name,
                { IsUnknown: true } => null,
                { Text: { } text } => groupName is not null && text.Equals(groupName, StringComparison.OrdinalIgnoreCase),
                _ => false,
            };
            if (covers == false) continue;
            var level = @lock.Get("level");
            if (level.IsUnknown) pending ??= Check.Unknown($"{@lock.Name} level");
            else if (string.Equals(level.Text, "CanNotDelete", StringComparison.OrdinalIgnoreCase))
            {
                if (covers == true) return Outcome.Pass;
                pending ??= Check.Unknown($"{@lock.Name} resourceGroupName");
            }
            else if (covers == true) wrongLevel.Add($"lock {@lock.Name} has level '{level.Text ?? "not set"}'");
        }
        if (pending is not null) return pending;
        return Outcome.Fail(wrongLevel.Count > 0
            ? $"tagged critical but has no CanNotDelete lock ({string.Join("; ", wrongLevel)})"
            : "tagged critical but has no CanNotDelete management lock");
    }

    /// <summary>
    /// The locks that may cover a group, in declaration order: those referring to it, naming it, or
    /// naming a group not known yet; indexed once per set so that each group does not scan every lock.
    /// </summary>
    private static IEnumerable<PolicyResource> LocksNaming(ResourceSet set, string logicalName, string? groupName)
    {
        var (byReference, byName, unknown) = set.Memo("rg-critical-lock:locks", s =>
        {
            var references = new Dictionary<string, List<(int, PolicyResource)>>(StringComparer.Ordinal);
            var names = new Dictionary<string, List<(int, PolicyResource)>>(StringComparer.OrdinalIgnoreCase);
            var pending = new List<(int, PolicyResource)>();
            var locks = s.OfType(ManagementLock);
            for (var i = 0; i < locks.Count; i++)
            {
                var target = locks[i].Get("resourceGroupName");
                var (index, key) = target switch
                {
                    { Value: PropertyValue.Ref { Target.Resource: { } referenced } } => (references, referenced.LogicalName),
                    { IsUnknown: true } => (null, null),
                    { Text: { } text } => (names, text),
                    _ => ((Dictionary<string, List<(int, PolicyResource)>>?)null, (string?)""),
                };
                if (key is null) pending.Add((i, locks[i]));
                else if (index is not null)
                {
                    if (!index.TryGetValue(key, out var list)) index[key] = list = [];
                    list.Add((i, locks[i]));
                }
            }
            return new Tuple<Dictionary<string, List<(int, PolicyResource)>>, Dictionary<string, List<(int, PolicyResource)>>, List<(int, PolicyResource)>>(references, names, pending);
        });
        return byReference.GetValueOrDefault(logicalName, [])
            .Concat(groupName is null ? [] : byName.GetValueOrDefault(groupName, []))
            .Concat(unknown)
            .OrderBy(l => l.Item1)
            .Select(l => l.Item2);
    }
}
