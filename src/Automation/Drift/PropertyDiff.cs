using System.Globalization;
using System.Text;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Drift;

/// <summary>One step of a property path: a map key or a list index.</summary>
internal readonly record struct Segment(string? Key, int Index)
{
    public static Segment Of(string key) => new(key, -1);

    public static Segment At(int index) => new(null, index);
}

/// <summary>A difference between two property trees, before filtering and classification.</summary>
internal sealed record RawDifference(IReadOnlyList<Segment> Segments, PropertyValue? Recorded, PropertyValue? Other)
{
    public string Path => PropertyDiff.PathOf(Segments);
}

/// <summary>
/// Compares two property trees leaf by leaf. A value that is secret or unknown on either side is
/// never a difference. Maps are compared key by key (a map missing on one side counts as empty,
/// so each of its entries is its own difference; a missing list is the same as an empty one);
/// lists of named objects (security rules, subnets) are matched by name, whatever order Azure
/// returns them in; other lists of objects of the same length item by item; any other list as a whole.
/// </summary>
internal static class PropertyDiff
{
    public static List<RawDifference> Compare(PropertyValue.Map? recorded, PropertyValue.Map? other)
    {
        var into = new List<RawDifference>();
        Walk(recorded, other, [], into);
        return into;
    }

    /// <summary><paramref name="path"/> is the way down to here, extended and restored as the walk goes (copied only into a difference).</summary>
    private static void Walk(PropertyValue? a, PropertyValue? b, List<Segment> path, List<RawDifference> into)
    {
        if (ReferenceEquals(a, b)) return; // the same value (shared strings, a resource unchanged between reads)
        if (a is null && b is null) return;
        if (IsHidden(a) || IsHidden(b)) return;
        switch (a, b)
        {
            case (PropertyValue.Map or null, PropertyValue.Map or null):
                WalkMaps(Sorted(a as PropertyValue.Map), Sorted(b as PropertyValue.Map), path, into);
                return;
            case (PropertyValue.List la, PropertyValue.List lb):
                WalkLists(la, lb, path, into);
                return;
        }
        if (a is null || b is null)
        {
            // Azure leaves an empty list out or writes [] depending on the API version: the same.
            if ((a ?? b) is not PropertyValue.List { Items.Count: 0 }) into.Add(new RawDifference([.. path], a, b));
            return;
        }
        if (ContainsHidden(a) || ContainsHidden(b)) return;
        if (!Same(a, b)) into.Add(new RawDifference([.. path], a, b));
    }

    /// <summary>Both maps' keys in ordinal order, each compared with the other side's value (absent on one side is null).</summary>
    private static void WalkMaps(IReadOnlyList<KeyValuePair<string, PropertyValue>> a, IReadOnlyList<KeyValuePair<string, PropertyValue>> b,
        List<Segment> path, List<RawDifference> into)
    {
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            var order = i == a.Count ? 1 : j == b.Count ? -1 : string.CompareOrdinal(a[i].Key, b[j].Key);
            var key = order <= 0 ? a[i].Key : b[j].Key;
            // A key repeated within a map (not written by Pulumi or Azure) reads as its first value, as the indexer does.
            var left = order <= 0 ? a[i].Value : null;
            var right = order >= 0 ? b[j].Value : null;
            path.Add(Segment.Of(key));
            Walk(left, right, path, into);
            path.RemoveAt(path.Count - 1);
            if (order <= 0) do i++; while (i < a.Count && a[i].Key == key);
            if (order >= 0) do j++; while (j < b.Count && b[j].Key == key);
        }
    }

    private static IReadOnlyList<KeyValuePair<string, PropertyValue>> Sorted(PropertyValue.Map? map)
    {
        if (map is null) return [];
        var entries = map.Entries;
        for (var i = 1; i < entries.Count; i++)
            if (string.CompareOrdinal(entries[i - 1].Key, entries[i].Key) > 0)
                return [.. entries.OrderBy(e => e.Key, StringComparer.Ordinal)];
        return entries;
    }

    private static void WalkLists(PropertyValue.List a, PropertyValue.List b, List<Segment> path, List<RawDifference> into)
    {
        if (Named(a) is { } byNameA && Named(b) is { } byNameB)
        {
            for (var i = 0; i < a.Items.Count; i++)
            {
                var name = NameOf(a.Items[i])!;
                if (byNameB.TryGetValue(name, out var j)) WalkAt(a.Items[i], b.Items[j], j, path, into);
                else into.Add(new RawDifference([.. path, Segment.At(i)], a.Items[i], null));
            }
            for (var j = 0; j < b.Items.Count; j++)
                if (!byNameA.ContainsKey(NameOf(b.Items[j])!))
                    into.Add(new RawDifference([.. path, Segment.At(j)], null, b.Items[j]));
            return;
        }
        if (a.Items.Count == b.Items.Count && a.Items.Concat(b.Items).All(i => i is PropertyValue.Map))
        {
            for (var i = 0; i < a.Items.Count; i++) WalkAt(a.Items[i], b.Items[i], i, path, into);
            return;
        }
        if (ContainsHidden(a) || ContainsHidden(b)) return;
        if (!Same(a, b)) into.Add(new RawDifference([.. path], a, b));
    }

    private static void WalkAt(PropertyValue a, PropertyValue b, int index, List<Segment> path, List<RawDifference> into)
    {
        path.Add(Segment.At(index));
        Walk(a, b, path, into);
        path.RemoveAt(path.Count - 1);
    }

    /// <summary>Item index by name (ARM names are case-insensitive) when every item is an object with a distinct name; else null.</summary>
    private static Dictionary<string, int>? Named(PropertyValue.List list)
    {
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Items.Count; i++)
            if (NameOf(list.Items[i]) is not { Length: > 0 } name || !names.TryAdd(name, i)) return null;
        return names;
    }

    private static string? NameOf(PropertyValue item) => item is PropertyValue.Map m && m["name"] is PropertyValue.Str s ? s.Value : null;

    public static bool IsHidden(PropertyValue? value) => value is PropertyValue.Secret or PropertyValue.Unknown;

    public static bool ContainsHidden(PropertyValue value) => value switch
    {
        PropertyValue.Secret or PropertyValue.Unknown or PropertyValue.Ref or PropertyValue.Interpolation => true,
        PropertyValue.Map m => m.Entries.Any(e => ContainsHidden(e.Value)),
        PropertyValue.List l => l.Items.Any(ContainsHidden),
        _ => false,
    };

    /// <summary>
    /// Equal as Azure means it: scalars by their text (<c>"443"</c> is <c>443</c>), ARM ids
    /// case-insensitively, objects and lists structurally.
    /// </summary>
    public static bool Same(PropertyValue a, PropertyValue b)
    {
        switch (a, b)
        {
            case (PropertyValue.Map ma, PropertyValue.Map mb):
                return ma.Entries.Count == mb.Entries.Count &&
                       ma.Entries.All(e => mb[e.Key] is { } other && Same(e.Value, other));
            case (PropertyValue.List la, PropertyValue.List lb):
                return la.Items.Count == lb.Items.Count && la.Items.Zip(lb.Items).All(p => Same(p.First, p.Second));
            // The same kind needs no text (the common case, read as fast as it can be).
            case (PropertyValue.Num na, PropertyValue.Num nb) when na.Value.Equals(nb.Value):
            case (PropertyValue.Bool ba, PropertyValue.Bool bb) when ba.Value == bb.Value:
            case (PropertyValue.Str sa, PropertyValue.Str sb) when string.Equals(sa.Value, sb.Value, StringComparison.Ordinal):
                return true;
        }
        if (ValueText.Scalar(a) is not { } x || ValueText.Scalar(b) is not { } y) return a.Equals(b);
        return string.Equals(x, y, StringComparison.Ordinal) ||
               (IsArmId(x) && IsArmId(y) && string.Equals(x.TrimEnd('/'), y.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsArmId(string text) =>
        text.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase) || text.StartsWith("/providers/", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>networkRuleSet.defaultAction</c>, <c>securityRules[2]</c>; a key that is not a plain name is quoted: <c>tags["hidden-link:/x"]</c>.</summary>
    public static string PathOf(IReadOnlyList<Segment> segments)
    {
        var text = new StringBuilder();
        foreach (var s in segments)
        {
            if (s.Key is null) text.Append(CultureInfo.InvariantCulture, $"[{s.Index}]");
            else if (s.Key.Length > 0 && s.Key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                text.Append(text.Length == 0 ? "" : ".").Append(s.Key);
            else text.Append("[\"").Append(s.Key.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
        }
        return text.ToString();
    }
}
