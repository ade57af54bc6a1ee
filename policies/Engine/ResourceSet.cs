using Oic.Infra.Resources;

namespace Oic.Infra.Policies.Engine;

/// <summary>
/// The resources of one stack as policies see them, with lookups by type, URN and ARM id, and a
/// way to tell whether a property value points at a given resource — a <c>${res.id}</c> reference
/// in the compiled graph, the ARM id string in deployed state.
/// </summary>
public sealed class ResourceSet
{
    private readonly Dictionary<string, List<PolicyResource>> _byType;
    private readonly Dictionary<string, PolicyResource> _byUrn;
    private readonly Dictionary<string, PolicyResource> _byName;
    private readonly Dictionary<string, PolicyResource> _byId;

    public ResourceSet(string stack, string project, IEnumerable<PolicyResource> resources, string source)
    {
        Stack = stack;
        Project = project;
        Source = source;
        Resources = resources.ToList();
        _byType = Resources.GroupBy(r => r.Type, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        _byUrn = new(StringComparer.Ordinal);
        _byName = new(StringComparer.Ordinal);
        _byId = new(StringComparer.OrdinalIgnoreCase); // ARM ids are case-insensitive
        foreach (var r in Resources)
        {
            _byUrn.TryAdd(r.Urn, r);
            _byName.TryAdd(r.Name, r);
            if (r.Id is { Length: > 0 } id) _byId.TryAdd(id, r);
        }
        Root = new PolicyResource($"urn:pulumi:{stack}::{project}::pulumi:pulumi:Stack::{project}-{stack}",
            "pulumi:pulumi:Stack", $"{project}-{stack}", new PropertyValue.Map([]));
    }

    /// <summary>A copy of <paramref name="from"/>'s indexes with one resource put in another's place (same URN, type, name and id).</summary>
    private ResourceSet(ResourceSet from, PolicyResource resource, PolicyResource replacement)
    {
        (Stack, Project, Source, Root) = (from.Stack, from.Project, from.Source, from.Root);
        Resources = [.. from.Resources.Select(r => ReferenceEquals(r, resource) ? replacement : r)];
        _byType = new(from._byType, StringComparer.Ordinal)
        {
            [resource.Type] = [.. from._byType[resource.Type].Select(r => ReferenceEquals(r, resource) ? replacement : r)],
        };
        _byUrn = Replaced(from._byUrn, resource.Urn, resource, replacement, StringComparer.Ordinal);
        _byName = Replaced(from._byName, resource.Name, resource, replacement, StringComparer.Ordinal);
        _byId = Replaced(from._byId, resource.Id, resource, replacement, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A copy of an index in which the entry of <paramref name="key"/>, when it is <paramref name="resource"/>, is the replacement.</summary>
    private static Dictionary<string, PolicyResource> Replaced(Dictionary<string, PolicyResource> index, string? key, PolicyResource resource,
        PolicyResource replacement, StringComparer comparer)
    {
        var copy = new Dictionary<string, PolicyResource>(index, comparer);
        if (key is { Length: > 0 } && index.TryGetValue(key, out var found) && ReferenceEquals(found, resource)) copy[key] = replacement;
        return copy;
    }

    /// <summary>
    /// This set with <paramref name="resource"/> as <paramref name="replacement"/> has it (a property
    /// put back, to see whether a rule's verdict changes with it): a copy of the indexes, not a rebuild.
    /// </summary>
    public ResourceSet With(PolicyResource resource, PolicyResource replacement)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(replacement);
        var same = resource.Urn == replacement.Urn && resource.Type == replacement.Type && resource.Name == replacement.Name &&
                   resource.Id == replacement.Id && _byType.ContainsKey(resource.Type);
        return same
            ? new ResourceSet(this, resource, replacement)
            : new ResourceSet(Stack, Project, Resources.Select(r => ReferenceEquals(r, resource) ? replacement : r), Source);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<object>> _memo = new(StringComparer.Ordinal);

    /// <summary>
    /// An index built once per resource set and shared by every rule that asks for it (endpoints by
    /// target, diagnostic settings by resource…), so that stack rules stay linear in the set's size.
    /// Rules run side by side: the first to ask builds it, the others wait for it (never built twice),
    /// and what it holds must only be read after, or be safe to fill from several threads.
    /// </summary>
    public T Memo<T>(string key, Func<ResourceSet, T> build) where T : class
    {
        ArgumentNullException.ThrowIfNull(build);
        return (T)_memo.GetOrAdd(key, _ => new Lazy<object>(() => build(this))).Value;
    }

    public string Stack { get; }
    public string Project { get; }

    /// <summary>Where the resources came from: <c>compiled stack prod</c>, a file path…</summary>
    public string Source { get; }

    public IReadOnlyList<PolicyResource> Resources { get; }

    /// <summary>The stack itself, where stack-wide findings with no better resource are reported.</summary>
    public PolicyResource Root { get; }

    public IReadOnlyList<PolicyResource> OfType(string type) =>
        _byType.TryGetValue(type, out var list) ? list : [];

    public PolicyResource? ByUrn(string urn) => _byUrn.GetValueOrDefault(urn);

    /// <summary>
    /// The resource of this stack that <paramref name="value"/> identifies, and what follows its id:
    /// a <c>${res.id}</c> reference (compiled graph), an interpolation <c>${res.id}/blobServices/default</c>,
    /// or an ARM id string (deployed state), matched case-insensitively as ARM does.
    /// </summary>
    public (PolicyResource? Resource, string Suffix) Resolve(Lookup value)
    {
        switch (value.Value)
        {
            case PropertyValue.Ref { Target: { Resource: { } r, Path: "id" } }:
                return (_byName.GetValueOrDefault(r.LogicalName), "");
            case PropertyValue.Interpolation { Parts: var parts }
                when parts.Count > 0 && parts[0] is PropertyValue.Ref { Target: { Resource: { } r, Path: "id" } } &&
                     parts.Skip(1).All(p => p is PropertyValue.Str):
                return (_byName.GetValueOrDefault(r.LogicalName), string.Concat(parts.Skip(1).Cast<PropertyValue.Str>().Select(p => p.Value)));
        }
        if (value.Text is not { Length: > 0 } text) return (null, "");
        var trimmed = text.TrimEnd('/');
        for (var cut = trimmed.Length; cut > 0; cut = trimmed.LastIndexOf('/', cut - 1))
        {
            if (_byId.TryGetValue(trimmed[..cut], out var found)) return (found, trimmed[cut..]);
            if (cut == 0) break;
        }
        return (null, "");
    }

    /// <summary>True when <paramref name="value"/> is exactly <paramref name="target"/>'s id.</summary>
    public bool PointsAt(Lookup value, PolicyResource target) => Resolve(value) is ({ } r, "") && r == target;
}
