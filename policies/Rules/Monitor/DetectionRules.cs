using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Monitor;

/// <summary>
/// What is done with the logs once they are in Log Analytics: analysed by Microsoft Sentinel, and reached from
/// the estate's networks only through an Azure Monitor private link scope (docs/adr/0016).
/// </summary>
public static class DetectionRules
{
    public static readonly ResourceRule SentinelOnboarded = new("sentinel-onboarded",
        "Microsoft Sentinel is onboarded on every Log Analytics workspace",
        "Logs nobody correlates find nothing: Sentinel turns the firewall, Key Vault, storage and sign-in logs in the workspace into incidents, and its analytics run only on a workspace it is onboarded on.",
        Severity.Medium, ["MCSB:LT-5", "MCSB:LT-1"], [Workspace],
        (workspace, set) =>
        {
            var states = set.OfType(SentinelOnboardingState);
            if (states.Any(s => Names(s.Get("workspaceName"), workspace, "workspaceName") == true || OnWorkspace(s, workspace)))
                return Outcome.Pass;
            return states.Any(s => s.Get("workspaceName").IsUnknown)
                ? Outcome.Unknown("a Sentinel onboarding state's workspaceName is not known until deployment")
                : Outcome.Fail("no azure-native:securityinsights:SentinelOnboardingState onboards Microsoft Sentinel on this workspace");
        })
    {
        Reads = PropertyPaths.On(SentinelOnboardingState, "workspaceName").And(Workspace, "name", "workspaceName"),
    };

    public static readonly ResourceRule WorkspacePrivateLinkScope = new("monitor-private-link-scope",
        "Every Log Analytics workspace is in an Azure Monitor private link scope that has a private endpoint and allows private access only",
        "Without a private link scope, agents and analysts in the estate's networks reach the workspace over public endpoints, and the same endpoints let a compromised machine send data to any other tenant's workspace; PrivateOnly access closes both.",
        Severity.Medium, ["MCSB:NS-2", "MCSB:LT-5"], [Workspace],
        (workspace, set) =>
        {
            var scoped = set.OfType(PrivateLinkScopedResource).Where(s => set.PointsAt(s.Get("linkedResourceId"), workspace)).ToList();
            if (scoped.Count == 0)
                return set.OfType(PrivateLinkScopedResource).Any(s => s.Get("linkedResourceId").IsUnknown)
                    ? Outcome.Unknown("a private link scoped resource's linkedResourceId is not known until deployment")
                    : Outcome.Fail("no azure-native:monitor:PrivateLinkScopedResource links this workspace into an Azure Monitor private link scope");
            var outcomes = new List<Outcome>();
            foreach (var link in scoped)
            {
                var scope = set.OfType(PrivateLinkScope).FirstOrDefault(p => Names(link.Get("scopeName"), p, "scopeName") == true || OnScope(link, p));
                if (scope is null)
                {
                    outcomes.Add(link.Get("scopeName").IsUnknown ? Check.Unknown("scopeName")
                        : Outcome.Fail($"its scoped resource {link.Name} names scope '{link.Get("scopeName").Text}', which the stack does not declare"));
                    continue;
                }
                outcomes.Add(Outcome.All(
                    Relations.HasPrivateEndpoint(set, scope, "azuremonitor"),
                    Check.OneOf(scope, "accessModeSettings.ingestionAccessMode", "PrivateOnly"),
                    Check.OneOf(scope, "accessModeSettings.queryAccessMode", "PrivateOnly")));
            }
            // One scope that does all of it is enough.
            return outcomes.FirstOrDefault(o => o.Kind == OutcomeKind.Pass)
                ?? outcomes.FirstOrDefault(o => o.Kind == OutcomeKind.Unknown)
                ?? Outcome.All([.. outcomes]);
        })
    {
        Reads = PropertyPaths.On(PrivateLinkScopedResource, "linkedResourceId", "scopeName")
            .And(PrivateLinkScope, "accessModeSettings.ingestionAccessMode", "accessModeSettings.queryAccessMode", "name", "scopeName")
            .And(PrivateEndpoint, "manualPrivateLinkServiceConnections", "manualPrivateLinkServiceConnections[].groupIds", "manualPrivateLinkServiceConnections[].privateLinkServiceId",
                "privateLinkServiceConnections[].groupIds", "privateLinkServiceConnections[].privateLinkServiceId"),
    };

    /// <summary>
    /// Whether a name property points at <paramref name="target"/>: a <c>${res.name}</c> reference (compiled graph),
    /// or the same text as the target's own name input or <c>name</c> output (deployed state); null when not known yet.
    /// </summary>
    private static bool? Names(Lookup name, PolicyResource target, string nameInput)
    {
        if (name.Reference is { Resource: { } referenced }) return string.Equals(referenced.LogicalName, target.Name, StringComparison.Ordinal);
        if (name.IsUnknown) return null;
        if (name.Text is not { Length: > 0 } text) return false;
        return new[] { target.Get(nameInput).Text, target.Get("name").Text }
            .Any(n => n is not null && string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>In deployed state an onboarding state's id is the workspace's id followed by its extension path.</summary>
    private static bool OnWorkspace(PolicyResource state, PolicyResource workspace) =>
        state.Id is { Length: > 0 } id && workspace.Id is { Length: > 0 } ws &&
        id.StartsWith(ws.TrimEnd('/') + "/providers/Microsoft.SecurityInsights/", StringComparison.OrdinalIgnoreCase);

    /// <summary>In deployed state a scoped resource's id is its scope's id followed by <c>/scopedResources/…</c>.</summary>
    private static bool OnScope(PolicyResource link, PolicyResource scope) =>
        link.Id is { Length: > 0 } id && scope.Id is { Length: > 0 } sid &&
        id.StartsWith(sid.TrimEnd('/') + "/scopedResources/", StringComparison.OrdinalIgnoreCase);
}
