using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Drift;

/// <summary>
/// The compiled program's property values with every reference replaced by what it stands for in
/// the recorded state: <c>${hub-uan-vgw.id}</c> (and <c>${x.id}/suffix</c>) by the id of the
/// resource <see cref="ResourceSet.Resolve"/> finds, <c>${rg.name}</c> by that resource's recorded
/// output. A reference to a resource not in state yet, to a config value (a secret key), or to an
/// output the state does not hold becomes unknown — and unknown values are never differences.
/// </summary>
internal sealed class DesiredValues(ResourceSet recorded)
{
    private readonly Dictionary<string, PolicyResource> _byName = recorded.Resources
        .GroupBy(r => r.Name, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public PropertyValue.Map Resolve(PropertyValue.Map properties) => (PropertyValue.Map)Resolve((PropertyValue)properties);

    /// <summary>The value itself when nothing in it needs resolving (most of a program): only what changes is copied.</summary>
    private PropertyValue Resolve(PropertyValue value)
    {
        switch (value)
        {
            case PropertyValue.Map m:
                KeyValuePair<string, PropertyValue>[]? entries = null;
                for (var i = 0; i < m.Entries.Count; i++)
                {
                    var (key, item) = m.Entries[i];
                    var resolved = Resolve(item);
                    if (entries is null && ReferenceEquals(resolved, item)) continue;
                    entries ??= [.. m.Entries];
                    entries[i] = KeyValuePair.Create(key, resolved);
                }
                return entries is null ? m : new PropertyValue.Map(entries);
            case PropertyValue.List l:
                PropertyValue[]? items = null;
                for (var i = 0; i < l.Items.Count; i++)
                {
                    var resolved = Resolve(l.Items[i]);
                    if (items is null && ReferenceEquals(resolved, l.Items[i])) continue;
                    items ??= [.. l.Items];
                    items[i] = resolved;
                }
                return items is null ? l : new PropertyValue.List(items);
            case PropertyValue.Secret:
                return new PropertyValue.Secret(PropertyValue.Unknown.Instance);
            case PropertyValue.Ref or PropertyValue.Interpolation:
                return ById(value) ?? Evaluate(value);
            default:
                return value;
        }
    }

    /// <summary>The id of the recorded resource an id reference names, with what follows it.</summary>
    private PropertyValue.Str? ById(PropertyValue value)
    {
        var (resource, suffix) = recorded.Resolve(new Lookup(value, true, ""));
        return resource?.Id is { } id ? new PropertyValue.Str(id + suffix) : null;
    }

    private PropertyValue Evaluate(PropertyValue value)
    {
        switch (value)
        {
            case PropertyValue.Ref { Target: { Resource: { } target, Path: var path } }:
                if (!_byName.TryGetValue(target.LogicalName, out var resource)) return PropertyValue.Unknown.Instance;
                if (path == "id") return resource.Id is { } id ? new PropertyValue.Str(id) : PropertyValue.Unknown.Instance;
                var output = resource.Get(path);
                return output.HasValue ? output.Value! : PropertyValue.Unknown.Instance;
            case PropertyValue.Interpolation { Parts: var parts }:
                var text = new System.Text.StringBuilder();
                foreach (var part in parts)
                {
                    var resolved = part is PropertyValue.Ref or PropertyValue.Interpolation ? Evaluate(part) : part;
                    if (ValueText.Scalar(resolved) is not { } piece) return PropertyValue.Unknown.Instance;
                    text.Append(piece);
                }
                return new PropertyValue.Str(text.ToString());
            default:
                return PropertyValue.Unknown.Instance; // a config value: the program's own input, secret or not
        }
    }
}
