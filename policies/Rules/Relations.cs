using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules;

/// <summary>Checks that span resources: endpoints, diagnostic settings, associations.</summary>
public static class Relations
{
    /// <summary>A private endpoint whose connection targets <paramref name="target"/> with <paramref name="groupId"/>.</summary>
    public static Outcome HasPrivateEndpoint(ResourceSet set, PolicyResource target, string groupId)
    {
        ArgumentNullException.ThrowIfNull(set);
        var pending = false;
        foreach (var endpoint in set.OfType(PrivateEndpoint))
            foreach (var connection in endpoint.Get("privateLinkServiceConnections").Items
                         .Concat(endpoint.Get("manualPrivateLinkServiceConnections").Items))
            {
                var serviceId = connection.Get("privateLinkServiceId");
                if (set.PointsAt(serviceId, target) && connection.Get("groupIds").Texts.Contains(groupId, StringComparer.OrdinalIgnoreCase))
                    return Outcome.Pass;
                // An endpoint whose target is not known yet (a preview) may well be this one.
                pending |= serviceId.IsUnknown && set.Resolve(serviceId).Resource is null;
            }
        return pending
            ? Outcome.Unknown($"a private endpoint's target is not known until deployment")
            : Outcome.Fail($"no private endpoint connects to it with group '{groupId}'");
    }

    /// <summary>
    /// A diagnostic setting on <paramref name="target"/> (or on its child <paramref name="suffix"/>,
    /// such as <c>/blobServices/default</c>) that sends all logs, or the audit group, to a workspace.
    /// </summary>
    public static Outcome HasDiagnostics(ResourceSet set, PolicyResource target, string suffix = "")
    {
        ArgumentNullException.ThrowIfNull(set);
        var problems = new List<string>();
        var pending = false;
        foreach (var setting in set.OfType(DiagnosticSetting))
        {
            var uri = setting.Get("resourceUri");
            var (resource, rest) = set.Resolve(uri);
            pending |= uri.IsUnknown && resource is null;
            if (resource != target || !string.Equals(rest, suffix, StringComparison.OrdinalIgnoreCase)) continue;
            if (setting.Get("workspaceId").IsMissing)
            {
                problems.Add($"its diagnostic setting {setting.Name} has no workspaceId");
                continue;
            }
            var logs = setting.Get("logs").Items;
            if (logs.Any(l => l.Get("enabled").Bool == true &&
                              (l.Get("categoryGroup").Text is { } g && (g.Equals("allLogs", StringComparison.OrdinalIgnoreCase) || g.Equals("audit", StringComparison.OrdinalIgnoreCase)) ||
                               l.Get("category").Text is not null)))
                return Outcome.Pass; // one good setting is enough, whatever order they come in
            problems.Add($"its diagnostic setting {setting.Name} enables no log category");
        }
        if (problems.Count > 0) return Outcome.Fail([.. problems]);
        return pending
            ? Outcome.Unknown("a diagnostic setting's target is not known until deployment")
            : Outcome.Fail($"no diagnostic setting sends its{(suffix.Length > 0 ? $" {suffix.TrimStart('/')}" : "")} logs to Log Analytics");
    }
}
