using System.Globalization;
using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.SecurityBaseline;

/// <summary>Recovery Services vaults, backup policies and what they protect (MCSB backup and recovery).</summary>
public static class BackupRules
{
    private const string VirtualMachine = "azure-native:compute:VirtualMachine";

    public static readonly ResourceRule VaultPrivate = new("rsv-private",
        "Recovery Services vaults are not reachable from public networks",
        "The vault holds every backup of the estate; reached through private endpoints only, it cannot be attacked from the internet even with stolen credentials.",
        Severity.Medium, ["MCSB:NS-2"], [RecoveryServicesVault],
        (r, _) => Check.OneOf(r, "properties.publicNetworkAccess", "Disabled"));

    public static readonly ResourceRule PolicyRetention = new("backup-policy-retention",
        "Backup policies keep daily points 30 days, and weekly and monthly points 12 weeks and 12 months",
        "Ransomware and silent corruption are often found weeks later; restore points must reach back further than the damage.",
        Severity.Medium, ["MCSB:BR-1"], [ProtectionPolicy],
        (r, _) => Retention(r));

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
        set => set.OfType(VirtualMachine).Select(vm => (vm, IsProtected(set, vm))));

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

    public static IReadOnlyList<Rule> All => [VaultPrivate, PolicyRetention, VmBackedUp];
}
