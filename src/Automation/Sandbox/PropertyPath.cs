using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>One step of a property path: an object key, a list index, or <c>*</c> (any key or index).</summary>
internal readonly record struct PathSegment(string? Key, int Index)
{
    public bool IsWildcard => Key == "*" && Index == -2;
    public bool IsIndex => Key is null;

    public static PathSegment Wildcard => new("*", -2);
    public static PathSegment Of(string key) => new(key, -1);
    public static PathSegment At(int index) => new(null, index);
}

/// <summary>
/// Pulumi property paths, as <c>ignoreChanges</c>, <c>replaceOnChanges</c> and detailed diffs
/// write them: <c>encryption.requireInfrastructureEncryption</c>, <c>securityRules[2].priority</c>,
/// <c>tags["cost.center"]</c>, <c>ipConfigurations[*].subnet</c>.
/// </summary>
internal static class PropertyPath
{
    public static IReadOnlyList<PathSegment> Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = new List<PathSegment>();
        var i = 0;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '.')
            {
                if (segments.Count == 0 || i + 1 >= path.Length) throw Bad(path, "a '.' must separate two names");
                i++;
                continue;
            }
            if (c == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0) throw Bad(path, "'[' without ']'");
                var inner = path[(i + 1)..end];
                if (inner.StartsWith('"'))
                {
                    // A quoted key may itself hold ']' — find the closing quote first.
                    var close = FindClosingQuote(path, i + 2);
                    if (close < 0 || close + 1 >= path.Length || path[close + 1] != ']') throw Bad(path, "unterminated quoted key");
                    segments.Add(PathSegment.Of(path[(i + 2)..close].Replace("\\\"", "\"", StringComparison.Ordinal)));
                    i = close + 2;
                    continue;
                }
                if (inner == "*") segments.Add(PathSegment.Wildcard);
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index)) segments.Add(PathSegment.At(index));
                else throw Bad(path, $"'[{inner}]' is neither an index, '*' nor a quoted key");
                i = end + 1;
                continue;
            }
            var stop = i;
            while (stop < path.Length && path[stop] != '.' && path[stop] != '[') stop++;
            var key = path[i..stop];
            segments.Add(key == "*" ? PathSegment.Wildcard : PathSegment.Of(key));
            i = stop;
        }
        if (segments.Count == 0) throw Bad(path, "the path is empty");
        return segments;
    }

    private static int FindClosingQuote(string path, int from)
    {
        for (var j = from; j < path.Length; j++)
        {
            if (path[j] == '\\') { j++; continue; }
            if (path[j] == '"') return j;
        }
        return -1;
    }

    private static FormatException Bad(string path, string why) => new($"'{path}' is not a property path: {why}");

    public static string Format(IEnumerable<PathSegment> segments)
    {
        var text = new StringBuilder();
        foreach (var s in segments)
        {
            if (s.IsWildcard) text.Append("[*]");
            else if (s.IsIndex) text.Append('[').Append(s.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            else AppendKey(text, s.Key!);
        }
        return text.ToString();
    }

    public static string Append(string prefix, string key)
    {
        var text = new StringBuilder(prefix);
        AppendKey(text, key);
        return text.ToString();
    }

    public static string Append(string prefix, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}[{index}]");

    private static void AppendKey(StringBuilder text, string key)
    {
        if (key.Length == 0 || key.AsSpan().IndexOfAny(".[]\"*") >= 0)
            text.Append("[\"").Append(key.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
        else
        {
            if (text.Length > 0) text.Append('.');
            text.Append(key);
        }
    }

    public static JsonNode? Get(JsonNode? root, IReadOnlyList<PathSegment> path)
    {
        var node = root;
        foreach (var s in path)
        {
            node = (node, s) switch
            {
                (JsonObject o, { IsIndex: false }) => o.TryGetPropertyValue(s.Key!, out var v) ? v : null,
                (JsonArray a, { IsIndex: true }) => s.Index >= 0 && s.Index < a.Count ? a[s.Index] : null,
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    public static bool Exists(JsonNode? root, IReadOnlyList<PathSegment> path)
    {
        if (path.Count == 0) return root is not null;
        var parent = path.Count == 1 ? root : Get(root, path.Take(path.Count - 1).ToList());
        var last = path[^1];
        return (parent, last) switch
        {
            (JsonObject o, { IsIndex: false }) => o.ContainsKey(last.Key!),
            (JsonArray a, { IsIndex: true }) => last.Index >= 0 && last.Index < a.Count,
            _ => false,
        };
    }

    /// <summary>Sets a value, creating objects on the way; false when the path runs through a non-object or past a list's end.</summary>
    public static bool Set(JsonObject root, IReadOnlyList<PathSegment> path, JsonNode? value)
    {
        JsonNode node = root;
        for (var i = 0; i < path.Count - 1; i++)
        {
            var s = path[i];
            if (s.IsWildcard) return false;
            if (node is JsonObject o && !s.IsIndex)
            {
                if (!o.TryGetPropertyValue(s.Key!, out var next) || next is null)
                {
                    next = path[i + 1].IsIndex ? new JsonArray() : new JsonObject();
                    o[s.Key!] = next;
                }
                node = next;
            }
            else if (node is JsonArray a && s.IsIndex && s.Index >= 0 && s.Index < a.Count && a[s.Index] is { } item) node = item;
            else return false;
        }
        var last = path[^1];
        switch (node)
        {
            case JsonObject o when !last.IsIndex && !last.IsWildcard:
                o[last.Key!] = value;
                return true;
            case JsonArray a when last.IsIndex && last.Index >= 0 && last.Index <= a.Count:
                if (last.Index == a.Count) a.Add(value);
                else a[last.Index] = value;
                return true;
            default:
                return false;
        }
    }

    public static bool Remove(JsonObject root, IReadOnlyList<PathSegment> path)
    {
        var parent = path.Count == 1 ? root : Get(root, path.Take(path.Count - 1).ToList());
        var last = path[^1];
        switch (parent)
        {
            case JsonObject o when !last.IsIndex: return o.Remove(last.Key!);
            case JsonArray a when last.IsIndex && last.Index >= 0 && last.Index < a.Count:
                a.RemoveAt(last.Index);
                return true;
            default: return false;
        }
    }

    /// <summary>The concrete paths a pattern (with <c>*</c>) matches in either of two values.</summary>
    public static IEnumerable<IReadOnlyList<PathSegment>> Expand(IReadOnlyList<PathSegment> pattern, JsonNode? a, JsonNode? b)
    {
        var results = new List<IReadOnlyList<PathSegment>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Walk(int i, List<PathSegment> prefix, JsonNode? x, JsonNode? y)
        {
            if (i == pattern.Count)
            {
                if (seen.Add(Format(prefix))) results.Add(prefix.ToList());
                return;
            }
            var s = pattern[i];
            if (!s.IsWildcard)
            {
                prefix.Add(s);
                Walk(i + 1, prefix, Get(x, [s]), Get(y, [s]));
                prefix.RemoveAt(prefix.Count - 1);
                return;
            }
            foreach (var child in Children(x).Concat(Children(y)))
            {
                prefix.Add(child);
                Walk(i + 1, prefix, Get(x, [child]), Get(y, [child]));
                prefix.RemoveAt(prefix.Count - 1);
            }
        }
        Walk(0, [], a, b);
        return results;
    }

    private static IEnumerable<PathSegment> Children(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(p => PathSegment.Of(p.Key)),
        JsonArray a => Enumerable.Range(0, a.Count).Select(PathSegment.At),
        _ => [],
    };

    /// <summary>True when <paramref name="pattern"/> (with <c>*</c>) equals or is an ancestor of <paramref name="path"/>.</summary>
    public static bool Covers(IReadOnlyList<PathSegment> pattern, IReadOnlyList<PathSegment> path)
    {
        if (pattern.Count > path.Count) return false;
        for (var i = 0; i < pattern.Count; i++)
        {
            var p = pattern[i];
            if (p.IsWildcard) continue;
            if (p != path[i]) return false;
        }
        return true;
    }

    /// <summary>The paths at which two values differ, as Pulumi's detailed diff names them (leaves and added/removed items).</summary>
    public static List<string> Diff(JsonNode? before, JsonNode? after)
    {
        var paths = new List<string>();
        Diff(before, after, "", paths);
        return paths;
    }

    private static void Diff(JsonNode? a, JsonNode? b, string at, List<string> paths)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y) when !SandboxJson.IsSecret(x) && !SandboxJson.IsSecret(y):
                foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    var hasX = x.TryGetPropertyValue(key, out var vx);
                    var hasY = y.TryGetPropertyValue(key, out var vy);
                    var path = Append(at, key);
                    if (hasX != hasY) paths.Add(path);
                    else Diff(vx, vy, path, paths);
                }
                break;
            case (JsonArray x, JsonArray y):
                for (var i = 0; i < Math.Max(x.Count, y.Count); i++)
                {
                    var path = Append(at, i);
                    if (i >= x.Count || i >= y.Count) paths.Add(path);
                    else Diff(x[i], y[i], path, paths);
                }
                break;
            default:
                if (!SandboxJson.DeepEqual(a, b)) paths.Add(at);
                break;
        }
    }
}
