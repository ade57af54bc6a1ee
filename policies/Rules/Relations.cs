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
        var index = set.Memo("relations/private-endpoints", EndpointIndex.Build);
        if (index.Groups.TryGetValue(target, out var groups) && groups.Contains(groupId)) return Outcome.Pass;
        // An endpoint whose target is not known yet (a preview) may well be this one.
        return index.Pending
            ? Outcome.Unknown("a private endpoint's target is not known until deployment")
            : Outcome.Fail($"no private endpoint connects to it with group '{groupId}'");
    }

    /// <summary>
    /// A diagnostic setting on <paramref name="target"/> (or on its child <paramref name="suffix"/>,
    /// such as <c>/blobServices/default</c>) that sends all logs, or the audit group, to a workspace.
    /// </summary>
    public static Outcome HasDiagnostics(ResourceSet set, PolicyResource target, string suffix = "")
    {
        ArgumentNullException.ThrowIfNull(set);
        var index = set.Memo("relations/diagnostic-settings", DiagnosticsIndex.Build);
        var problems = new List<string>();
        // Deployed state may declare the child too (a BlobServiceProperties whose id is the
        // account's id + /blobServices/default), so the setting resolves to the child: look it up by id.
        var settings = (index.Settings.GetValueOrDefault((target, suffix.ToUpperInvariant())) ?? [])
            .Concat(target.Id is { Length: > 0 } id ? index.ByUri.GetValueOrDefault((id.TrimEnd('/') + suffix).ToUpperInvariant()) ?? [] : [])
            .Distinct();
        foreach (var setting in settings)
            {
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
        return index.Pending
            ? Outcome.Unknown("a diagnostic setting's target is not known until deployment")
            : Outcome.Fail($"no diagnostic setting sends its{(suffix.Length > 0 ? $" {suffix.TrimStart('/')}" : "")} logs to Log Analytics");
    }

    private sealed record EndpointIndex(Dictionary<PolicyResource, HashSet<string>> Groups, bool Pending)
    {
        public static EndpointIndex Build(ResourceSet set)
        {
            var groups = new Dictionary<PolicyResource, HashSet<string>>();
            var pending = false;
            foreach (var endpoint in set.OfType(PrivateEndpoint))
                foreach (var connection in endpoint.Get("privateLinkServiceConnections").Items
                             .Concat(endpoint.Get("manualPrivateLinkServiceConnections").Items))
                {
                    var serviceId = connection.Get("privateLinkServiceId");
                    var (resource, suffix) = set.Resolve(serviceId);
                    pending |= serviceId.IsUnknown && resource is null;
                    if (resource is null || suffix.Length > 0) continue;
                    if (!groups.TryGetValue(resource, out var ids)) groups[resource] = ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    ids.UnionWith(connection.Get("groupIds").Texts);
                }
            return new EndpointIndex(groups, pending);
        }
    }

    private sealed record DiagnosticsIndex(
        Dictionary<(PolicyResource, string), List<PolicyResource>> Settings,
        Dictionary<string, List<PolicyResource>> ByUri,
        bool Pending)
    {
        public static DiagnosticsIndex Build(ResourceSet set)
        {
            var settings = new Dictionary<(PolicyResource, string), List<PolicyResource>>();
            var byUri = new Dictionary<string, List<PolicyResource>>(StringComparer.Ordinal);
            var pending = false;
            foreach (var setting in set.OfType(DiagnosticSetting))
            {
                var uri = setting.Get("resourceUri");
                if (uri.Text is { Length: > 0 } text)
                {
                    var key = text.TrimEnd('/').ToUpperInvariant();
                    if (!byUri.TryGetValue(key, out var same)) byUri[key] = same = [];
                    same.Add(setting);
                }
                var (resource, suffix) = set.Resolve(uri);
                pending |= uri.IsUnknown && resource is null;
                if (resource is null) continue;
                var target = (resource, suffix.ToUpperInvariant());
                if (!settings.TryGetValue(target, out var list)) settings[target] = list = [];
                list.Add(setting);
            }
            return new DiagnosticsIndex(settings, byUri, pending);
        }
    }
}
