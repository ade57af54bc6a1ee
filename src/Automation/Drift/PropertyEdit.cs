using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Drift;

/// <summary>A property tree with one value put back: what a resource would be without one difference.</summary>
internal static class PropertyEdit
{
    /// <summary>
    /// <paramref name="root"/> with the value at <paramref name="path"/> replaced by
    /// <paramref name="value"/>, or removed when it is null; maps missing on the way are created
    /// and an index past the end of a list appends.
    /// </summary>
    public static PropertyValue.Map With(PropertyValue.Map root, IReadOnlyList<Segment> path, PropertyValue? value) =>
        Set(root, path, 0, value) as PropertyValue.Map ?? new PropertyValue.Map([]);

    private static PropertyValue? Set(PropertyValue? node, IReadOnlyList<Segment> path, int at, PropertyValue? value)
    {
        if (at == path.Count) return value;
        var segment = path[at];
        if (segment.Key is { } key)
        {
            var map = node as PropertyValue.Map ?? new PropertyValue.Map([]);
            var child = Set(map[key], path, at + 1, value);
            var entries = map.Entries.Where(e => e.Key != key).ToList();
            if (child is not null) entries.Add(KeyValuePair.Create(key, child));
            return PropertyValue.Map.Of(entries);
        }
        var items = (node as PropertyValue.List)?.Items.ToList() ?? [];
        var index = segment.Index;
        var item = Set(index < items.Count ? items[index] : null, path, at + 1, value);
        if (index < items.Count)
        {
            if (item is null) items.RemoveAt(index);
            else items[index] = item;
        }
        else if (item is not null) items.Add(item);
        return new PropertyValue.List(items);
    }
}
