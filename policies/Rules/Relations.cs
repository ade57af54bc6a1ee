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
    /// such as <c>/blobServices/default</c>) that sends the logs <paramref name="required"/> names to a
    /// workspace: every one of its categories, named or through a category group that holds them all.
    /// Several settings may share the work; a setting with no workspace sends nothing there.
    /// </summary>
    public static Outcome HasDiagnostics(ResourceSet set, PolicyResource target, RequiredLogs required, string suffix = "")
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(required);
        var index = set.Memo("relations/diagnostic-settings", DiagnosticsIndex.Build);
        var problems = new List<string>();
        // Deployed state may declare the child too (a BlobServiceProperties whose id is the
        // account's id + /blobServices/default), so the setting resolves to the child: look it up by id.
        var settings = (index.Settings.GetValueOrDefault((target, suffix.ToUpperInvariant())) ?? [])
            .Concat(target.Id is { Length: > 0 } id ? index.ByUri.GetValueOrDefault((id.TrimEnd('/') + suffix).ToUpperInvariant()) ?? [] : [])
            .Distinct()
            .ToList();
        var sent = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var anyLog = false;
        foreach (var setting in settings)
        {
            if (setting.Get("workspaceId").IsMissing)
            {
                problems.Add($"its diagnostic setting {setting.Name} has no workspaceId");
                continue;
            }
            var enabled = setting.Get("logs").Items.Where(l => l.Get("enabled").Bool == true).ToList();
            var named = new List<string>();
            foreach (var log in enabled)
            {
                if (log.Get("categoryGroup").Text is { } group && required.Groups.Contains(group, StringComparer.OrdinalIgnoreCase))
                {
                    sent.UnionWith(required.Categories);
                    anyLog = true;
                }
                else if (log.Get("category").Text is { } category)
                {
                    sent.Add(category);
                    named.Add(category);
                    anyLog = true;
                }
            }
            if (required.Categories.Count == 0 ? anyLog : required.Categories.All(sent.Contains))
                return Outcome.Pass; // the settings so far send everything asked, whatever order they come in
            problems.Add(enabled.Count == 0
                ? $"its diagnostic setting {setting.Name} enables no log category"
                : $"its diagnostic setting {setting.Name} sends {(named.Count == 0 ? "no required category" : string.Join(", ", named))}");
        }
        if (settings.Count > 0 && required.Categories.Count > 0 && problems.Count > 0)
        {
            var missing = required.Categories.Where(c => !sent.Contains(c)).ToList();
            problems.Add($"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not sent to a workspace; enable {required.Describe()} ({required.Source})");
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

/// <summary>
/// The resource log categories a type must send (<see cref="Categories"/>; empty: any log at all),
/// the category groups that hold every one of them, and where that list comes from.
/// </summary>
public sealed record RequiredLogs(IReadOnlyList<string> Categories, IReadOnlyList<string> Groups, string Source)
{
    /// <summary>Any resource log: a named category, or the <c>audit</c> or <c>allLogs</c> group.</summary>
    public static RequiredLogs Any { get; } = new([], ["allLogs", "audit"], "any resource log category");

    /// <summary>How to satisfy it, for a failure message.</summary>
    public string Describe() =>
        (Categories.Count == 1 ? $"category {Categories[0]}" : $"categories {string.Join(", ", Categories)}") +
        (Groups.Count == 0 ? "" : $", or categoryGroup {string.Join(" or ", Groups)}");
}
