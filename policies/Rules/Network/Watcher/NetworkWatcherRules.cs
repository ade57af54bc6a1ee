using System.Globalization;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.Network;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Network.Watcher;

/// <summary>Network Watcher and flow logs (CIS Azure Foundations v3.0 section 6.1.5, MCSB LT-4): a watcher per region, flow logs on every VNet kept long enough.</summary>
public static class NetworkWatcherRules
{
    public static readonly StackRule FlowLogEnabled = new("flowlog-enabled",
        "Every virtual network has a flow log with traffic analytics",
        "Without flow logs nobody can say afterwards which machine talked to which, or spot a compromised host calling out; VNet flow logs replace the retired NSG flow logs.",
        Severity.Medium, ["CIS-3.0:6.1.5", "MCSB:LT-4"],
        set => set.OfType(VirtualNetwork).Select(vnet => (vnet, FlowLogged(set, vnet))))
    {
        Reads = PropertyPaths.On(FlowLog, "enabled", "flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.enabled", "flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.workspaceResourceId", "targetResourceId"),
    };

    /// <summary>
    /// Azure defaults (ADR 0011): an unset <c>retentionPolicy</c> keeps nothing (REST <i>Flow Logs — Create
    /// Or Update</i>, RetentionPolicyParameters: <c>days</c> default 0, <c>enabled</c> default false; not
    /// re-read for this change), so unset fails. <c>flowlog-enabled</c>'s <c>enabled</c> has no documented
    /// default and fails unset.
    /// </summary>
    public static readonly ResourceRule FlowLogRetention = new("flowlog-retention",
        "Flow logs are kept for at least 90 days",
        "Intrusions are often found weeks after they start; the traffic record has to reach back that far.",
        Severity.Medium, ["CIS-3.0:7.5", "MCSB:LT-6"], [FlowLog],
        (r, _) => Outcome.All(Check.Is(r, "retentionPolicy.enabled", true), RetentionDays(r)))
    {
        Reads = PropertyPaths.On(FlowLog, "retentionPolicy.days", "retentionPolicy.enabled"),
    };

    public static readonly StackRule NetworkWatcherRegions = new("network-watcher-regions",
        "A Network Watcher is declared in every region with a virtual network",
        "Flow logs, connection troubleshooting and packet capture during an incident all need the region's Network Watcher; declared in code it is ours, not one Azure made on the side.",
        Severity.Low, ["CIS-3.0:7.6", "MCSB:IR-4"],
        set => set.OfType(VirtualNetwork).Select(vnet => (vnet, WatcherFor(set, vnet))))
    {
        Reads = PropertyPaths.On(NetworkWatcher, "location")
            .And(ResourceGroup, "location")
            .And(VirtualNetwork, "location", "resourceGroupName"),
    };

    private static Outcome FlowLogged(ResourceSet set, PolicyResource vnet)
    {
        var index = set.Memo("network/flow-logs", FlowLogIndex.Build);
        var logs = index.ByTarget[vnet].ToList();
        if (logs.Count == 0)
        {
            var pending = index.Pending;
            return pending is not null
                ? Outcome.Unknown($"flow log {pending.Name}: targetResourceId is not known until deployment")
                : Outcome.Fail("no flow log targets this virtual network; add a VNet flow log (NSG flow logs are retired) with traffic analytics to Log Analytics");
        }
        return ItemCheck.Any(logs.Select(log => ItemCheck.Prefixed(Outcome.All(
                Check.Is(log, "enabled", true),
                Check.Is(log, "flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.enabled", true),
                Check.Present(log, "flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.workspaceResourceId",
                    "traffic analytics must send to the Log Analytics workspace")),
            $"flow log {log.Name}: ")).ToList());
    }

    /// <summary>Flow logs by the resource they target, and the first whose target is not known yet.</summary>
    private sealed record FlowLogIndex(ILookup<PolicyResource, PolicyResource> ByTarget, PolicyResource? Pending)
    {
        public static FlowLogIndex Build(ResourceSet set)
        {
            var resolved = set.OfType(FlowLog).Select(f => (Log: f, Target: f.Get("targetResourceId"))).ToList();
            var byTarget = resolved
                .Select(x => (x.Log, Resolved: set.Resolve(x.Target)))
                .Where(x => x.Resolved is ({ }, ""))
                .ToLookup(x => x.Resolved.Resource!, x => x.Log);
            var pending = resolved.FirstOrDefault(x => x.Target.IsUnknown && set.Resolve(x.Target).Resource is null).Log;
            return new FlowLogIndex(byTarget, pending);
        }
    }

    private static Outcome RetentionDays(PolicyResource flowLog)
    {
        var days = flowLog.Get("retentionPolicy.days");
        if (days.IsUnknown) return Check.Unknown("retentionPolicy.days");
        if (days.Number is not { } n) return Outcome.Fail("retentionPolicy.days is not set; must be at least 90 (or 0 to keep forever)");
        return Outcome.When(n == 0 || n >= 90, $"retentionPolicy.days is {n.ToString(CultureInfo.InvariantCulture)}; must be at least 90 (or 0 to keep forever)");
    }

    /// <summary>Azure writes regions as <c>uaenorth</c> or <c>UAE North</c>.</summary>
    private static string Region(string location) =>
        location.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    private static Outcome WatcherFor(ResourceSet set, PolicyResource vnet)
    {
        var location = vnet.Get("location");
        if (location.IsUnknown) return Check.Unknown("location");
        var region = location.Text;
        if (region is null)
        {
            // A VNet without a location takes its resource group's.
            var group = set.OfType(ResourceGroup).FirstOrDefault(g => Topology.Names(vnet.Get("resourceGroupName"), g, set) == true);
            region = group?.Get("location").Text;
            if (region is null) return Outcome.Unknown("location is not set and its resource group's location is not known");
        }
        var watchers = set.OfType(NetworkWatcher);
        if (watchers.Any(w => w.Get("location").Text is { } l && Region(l) == Region(region))) return Outcome.Pass;
        if (watchers.FirstOrDefault(w => w.Get("location").IsUnknown) is { } pending)
            return Outcome.Unknown($"network watcher {pending.Name}: location is not known until deployment");
        return Outcome.Fail($"no Network Watcher is declared in {Region(region)}; declare one per region the estate uses");
    }
}
