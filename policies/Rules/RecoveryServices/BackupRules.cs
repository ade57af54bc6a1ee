using System.Globalization;
using Oic.Infra.Estate.Azure;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.RecoveryServices;

/// <summary>Recovery Services vaults, backup policies and what they protect (MCSB backup and recovery).</summary>
public static class BackupRules
{
    private const string VirtualMachine = "azure-native:compute:VirtualMachine";

    public static readonly StackRule VaultProtectsItems = new("backup-vault-protects",
        "Every backup vault protects at least one item under a backup policy of its own",
        "A vault with no backup policy or no protected item holds no restore point: it is paid for and reported as the estate's backup, yet nothing could be restored from it.",
        Severity.High, ["MCSB:BR-1", "MCSB:BR-2"],
        set => set.OfType(BackupVault).Select(v => (v, Protects(set, v, BackupPolicy, BackupInstance, "properties.policyInfo.policyId")))
            .Concat(set.OfType(RecoveryServicesVault).Select(v => (v, Protects(set, v, ProtectionPolicy, ProtectedItem, "properties.policyId")))))
    {
        Reads = PropertyPaths.On(BackupVault, "vaultName").And(RecoveryServicesVault, "vaultName").And(BackupPolicy, "vaultName")
            .And(BackupInstance, "vaultName", "properties.policyInfo.policyId").And(ProtectionPolicy, "vaultName")
            .And(ProtectedItem, "vaultName", "properties.policyId"),
    };

    /// <summary>
    /// The vault has a policy (<paramref name="policyType"/> whose <c>vaultName</c> names it) and an item
    /// (<paramref name="itemType"/> in the vault) whose <paramref name="policyPath"/> is one of those policies.
    /// </summary>
    private static Outcome Protects(ResourceSet set, PolicyResource vault, string policyType, string itemType, string policyPath)
    {
        var (policies, policiesPending) = InVault(set, vault, policyType);
        var (items, itemsPending) = InVault(set, vault, itemType);
        var pending = policiesPending || itemsPending;
        if (policies.Count > 0 && items.Any(i => policies.Any(p => set.PointsAt(i.Get(policyPath), p)))) return Outcome.Pass;
        if (items.Any(i => i.Get(policyPath).IsUnknown && set.Resolve(i.Get(policyPath)).Resource is null)) pending = true;
        if (pending) return Outcome.Unknown($"a vaultName or {policyPath} in the vault is not known until deployment");
        if (policies.Count == 0) return Outcome.Fail($"no {policyType} has vaultName naming it: the vault has no backup policy, so it takes no backup");
        if (items.Count == 0) return Outcome.Fail($"no {itemType} is in it: the vault protects nothing, though it has {policies.Count} backup polic{(policies.Count == 1 ? "y" : "ies")}");
        return Outcome.Fail($"its {itemType} resources name no policy of this vault in {policyPath}, so none of them is backed up by it");
    }

    /// <summary>
    /// The resources of <paramref name="type"/> whose <c>vaultName</c> names the vault (a reference to
    /// its name, or its name as ARM compares it), in the set's order; and whether any resource of the
    /// type has a vaultName not known until deployment. Indexed once per set and type.
    /// </summary>
    private static (List<PolicyResource> InVault, bool Pending) InVault(ResourceSet set, PolicyResource vault, string type)
    {
        var index = set.Memo($"backup/by-vault/{type}", s =>
        {
            var byRef = new Dictionary<string, List<(int, PolicyResource)>>(StringComparer.Ordinal);
            var byText = new Dictionary<string, List<(int, PolicyResource)>>(StringComparer.OrdinalIgnoreCase);
            var unknown = false;
            var resources = s.OfType(type);
            for (var i = 0; i < resources.Count; i++)
            {
                var r = resources[i];
                var name = r.Get("vaultName");
                Dictionary<string, List<(int, PolicyResource)>>? into = null;
                string? key = null;
                if (name.Value is PropertyValue.Ref { Target: { Resource: { } target, Path: "name" } }) (into, key) = (byRef, target.LogicalName);
                else if (name.IsUnknown) unknown = true;
                else if (name.Text is { Length: > 0 } text) (into, key) = (byText, text);
                if (into is null || key is null) continue;
                if (!into.TryGetValue(key, out var list)) into[key] = list = [];
                list.Add((i, r));
            }
            return new VaultIndex(byRef, byText, unknown);
        });
        var found = new List<(int Index, PolicyResource Resource)>();
        if (index.ByRef.TryGetValue(vault.Name, out var referenced)) found.AddRange(referenced);
        if (vault.Get("vaultName").Text is { } vaultName && index.ByText.TryGetValue(vaultName, out var named)) found.AddRange(named);
        return ([.. found.OrderBy(f => f.Index).Select(f => f.Resource)], index.Unknown);
    }

    private sealed record VaultIndex(Dictionary<string, List<(int, PolicyResource)>> ByRef, Dictionary<string, List<(int, PolicyResource)>> ByText, bool Unknown);

    public static readonly ResourceRule VaultPrivate = new("rsv-private",
        "Recovery Services vaults are not reachable from public networks",
        "The vault holds every backup of the estate; reached through private endpoints only, it cannot be attacked from the internet even with stolen credentials.",
        Severity.Medium, ["MCSB:NS-2"], [RecoveryServicesVault],
        (r, _) => Check.OneOf(r, "properties.publicNetworkAccess", "Disabled"))
    {
        Reads = PropertyPaths.On(RecoveryServicesVault, "properties.publicNetworkAccess"),
    };

    public static readonly ResourceRule PolicyRetention = new("backup-policy-retention",
        "Backup policies keep daily points 30 days, and weekly and monthly points 12 weeks and 12 months",
        "Ransomware and silent corruption are often found weeks later; restore points must reach back further than the damage.",
        Severity.Medium, ["MCSB:BR-1"], [ProtectionPolicy],
        (r, _) => Retention(r))
    {
        Reads = PropertyPaths.On(ProtectionPolicy, "properties.retentionPolicy.dailySchedule.retentionDuration.count", "properties.retentionPolicy.dailySchedule.retentionDuration.durationType", "properties.retentionPolicy.monthlySchedule.retentionDuration.count", "properties.retentionPolicy.monthlySchedule.retentionDuration.durationType", "properties.retentionPolicy.retentionPolicyType", "properties.retentionPolicy.weeklySchedule.retentionDuration.count", "properties.retentionPolicy.weeklySchedule.retentionDuration.durationType"),
    };

    /// <summary>The minimum each schedule of a long-term retention policy must keep, in days.</summary>
    private static readonly (string Schedule, string Unit, double Count)[] Minimums =
    [
        ("dailySchedule", "Days", 30),
        ("weeklySchedule", "Weeks", 12),
        ("monthlySchedule", "Months", 12),
    ];

    private static Outcome Retention(PolicyResource policy)
    {
        const string path = "properties.retentionPolicy";
        var retention = policy.Get(path);
        if (retention.IsUnknown) return Check.Unknown(path);
        if (retention.IsMissing) return Outcome.Fail($"{path} is not set; daily restore points must be kept at least 30 days");
        // SimpleRetentionPolicy (file shares, some workloads): one duration for every point.
        if (string.Equals(retention.Get("retentionPolicyType").Text, "SimpleRetentionPolicy", StringComparison.OrdinalIgnoreCase))
            return AtLeast(retention.Get("retentionDuration"), $"{path}.retentionDuration", "Days", 30);
        var outcomes = new List<Outcome>();
        foreach (var (schedule, unit, count) in Minimums)
        {
            var s = retention.Get(schedule);
            if (s.IsUnknown) { outcomes.Add(Check.Unknown($"{path}.{schedule}")); continue; }
            if (s.IsMissing)
            {
                if (schedule == "dailySchedule") outcomes.Add(Outcome.Fail($"{path}.dailySchedule is not set; daily restore points must be kept at least 30 days"));
                continue; // weekly and monthly points are optional; when present they must reach far enough
            }
            outcomes.Add(AtLeast(s.Get("retentionDuration"), $"{path}.{schedule}.retentionDuration", unit, count));
        }
        return Outcome.All([.. outcomes]);
    }

    /// <summary>A retention duration (<c>count</c> of <c>durationType</c>) reaches at least <paramref name="minimum"/> <paramref name="unit"/>.</summary>
    private static Outcome AtLeast(Lookup duration, string path, string unit, double minimum)
    {
        var count = duration.Get("count");
        var type = duration.Get("durationType");
        if (count.IsUnknown || type.IsUnknown) return Check.Unknown($"{path}.count");
        if (count.Number is not { } n) return Outcome.Fail($"{path}.count is not set; must be at least {minimum} {unit.ToLowerInvariant()}");
        var given = type.Text ?? unit; // the schedule implies its unit when durationType is left out
        var days = n * DaysPer(given);
        var needed = minimum * DaysPer(unit);
        return Outcome.When(days >= needed,
            $"{path} is {n.ToString("0.##", CultureInfo.InvariantCulture)} {given.ToLowerInvariant()}; must be at least {minimum} {unit.ToLowerInvariant()}");
    }

    private static double DaysPer(string unit) => unit.ToUpperInvariant() switch
    {
        "WEEKS" => 7,
        "MONTHS" => 30,
        "YEARS" => 365,
        _ => 1,
    };

    public static readonly StackRule VmBackedUp = new("vm-backed-up",
        "Every virtual machine is protected by Azure Backup",
        "A VM with no protected item has no restore point; losing its disk loses the server.",
        Severity.High, ["MCSB:BR-1", "MCSB:BR-2"],
        set => set.OfType(VirtualMachine).Select(vm => (vm, IsProtected(set, vm))))
    {
        Reads = PropertyPaths.On(ProtectedItem, "properties.protectionState", "properties.sourceResourceId"),
    };

    private static Outcome IsProtected(ResourceSet set, PolicyResource vm)
    {
        var pending = false;
        foreach (var item in set.OfType(ProtectedItem))
        {
            var source = item.Get("properties.sourceResourceId");
            if (set.PointsAt(source, vm))
            {
                var state = item.Get("properties.protectionState");
                if (state.IsUnknown) return Check.Unknown("properties.protectionState");
                return Outcome.When(!string.Equals(state.Text, "ProtectionStopped", StringComparison.OrdinalIgnoreCase),
                    $"its protected item {item.Name} has protectionState ProtectionStopped; no new restore points are taken");
            }
            if (source.IsUnknown && set.Resolve(source).Resource is null) pending = true;
        }
        return pending
            ? Outcome.Unknown("a protected item's properties.sourceResourceId is not known until deployment")
            : Outcome.Fail("no azure-native:recoveryservices:ProtectedItem has properties.sourceResourceId pointing at it");
    }

    public static readonly ResourceRule VaultGeoRestore = new("rsv-geo-crr",
        "Recovery Services vaults are geo-redundant with cross-region restore enabled",
        "Backups kept only in the primary region are lost with it; cross-region restore lets them be restored in the paired region before Microsoft declares a failover.",
        Severity.High, ["MCSB:BR-1", "MCSB:BR-2"], [RecoveryServicesVault],
        (r, _) => Outcome.All(
            Check.OneOf(r, "properties.redundancySettings.standardTierStorageRedundancy", "GeoRedundant"),
            Check.OneOf(r, "properties.redundancySettings.crossRegionRestore", "Enabled")))
    {
        Reads = PropertyPaths.On(RecoveryServicesVault, "properties.redundancySettings.crossRegionRestore", "properties.redundancySettings.standardTierStorageRedundancy"),
    };

    public static readonly ResourceRule VaultSoftDelete = new("rsv-soft-delete",
        "Recovery Services vaults keep deleted backups (soft delete Enabled or AlwaysON)",
        "An attacker with access to the vault deletes the backups before encrypting the servers; soft delete keeps them recoverable for 14 days or more.",
        Severity.High, ["MCSB:BR-2"], [RecoveryServicesVault],
        (r, _) => Check.OneOf(r, "properties.securitySettings.softDeleteSettings.softDeleteState", "Enabled", "AlwaysON"))
    {
        Reads = PropertyPaths.On(RecoveryServicesVault, "properties.securitySettings.softDeleteSettings.softDeleteState"),
    };

    // Both vault kinds, as PSRule for Azure's Azure.RSV.Immutable and Azure.BV.Immutable ask (state Unlocked
    // or Locked). Left out, immutability is Disabled (Microsoft Learn, "Immutable vault for Azure Backup":
    // it is enabled on an existing or new vault by choice), so an unset state fails.
    public static readonly ResourceRule VaultImmutability = new("rsv-immutability",
        "Recovery Services and Backup vaults are immutable (Locked; Unlocked while bootstrapping)",
        "Immutability stops anyone, including an administrator, from shortening retention or deleting restore points before they expire.",
        Severity.High, ["MCSB:BR-2"], [RecoveryServicesVault, BackupVault],
        (r, _) => Check.OneOf(r, "properties.securitySettings.immutabilitySettings.state", "Locked", "Unlocked"))
    {
        Reads = PropertyPaths.On(RecoveryServicesVault, "properties.securitySettings.immutabilitySettings.state")
            .And(BackupVault, "properties.securitySettings.immutabilitySettings.state"),
    };
}
