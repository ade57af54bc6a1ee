using System.Globalization;
using System.Net;
using System.Net.Sockets;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Estate.Config;

/// <summary>
/// Collects every problem found while binding the estate config, and remembers where each
/// config path was written so that later, cross-field checks can point at the right line.
/// </summary>
public sealed class ConfigErrors
{
    private readonly List<Diagnostic> _errors = [];
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);

    public IReadOnlyList<Diagnostic> All => _errors;

    public bool Any => _errors.Count > 0;

    public void Add(SourceLocation at, string path, string message) =>
        _errors.Add(new Diagnostic(at, path, message));

    /// <summary>Reports at the line where <paramref name="path"/> (or its closest parent) was written.</summary>
    public void At(string path, string message) => Add(LocationOf(path), path, message);

    public SourceLocation LocationOf(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
            if (_locations.TryGetValue(p, out var location)) return location;
        return new SourceLocation("(config)", 0, 0);
    }

    internal void Remember(string path, SourceLocation location) => _locations.TryAdd(path, location);

    public void ThrowIfAny()
    {
        if (_errors.Count > 0) throw ToException();
    }

    /// <summary>Every problem recorded, in file order.</summary>
    public EstateConfigException ToException()
    {
        var ordered = _errors
            .OrderBy(e => e.Location.Source, StringComparer.Ordinal)
            .ThenBy(e => e.Location.Line).ThenBy(e => e.Location.Column)
            .Distinct()
            .ToList();
        return new EstateConfigException(ordered);
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}

/// <summary>
/// A position in the config tree being bound to the estate model. Readers return null after
/// recording an error, so one pass reports every problem in the file, not just the first.
/// </summary>
public readonly record struct ConfigNode(ConfigErrors Errors, YamlNode? Yaml, string Path, string Source, SourceLocation Location)
{
    public bool IsMissing => Yaml is null || Yaml is YamlScalarNode { Value: null or "" or "~" or "null" } s && s.Style == YamlDotNet.Core.ScalarStyle.Plain;

    public static ConfigNode Root(ConfigErrors errors, ConfigEntry entry, string path)
    {
        var node = new ConfigNode(errors, entry.Value, path, entry.Source,
            entry.Location.Line > 0 ? entry.Location : StackConfig.Locate(entry.Source, entry.Value));
        errors.Remember(path, node.Location);
        return node;
    }

    public static ConfigNode Absent(ConfigErrors errors, string path, SourceLocation at) =>
        new(errors, null, path, at.Source, at);

    public void Error(string message) => Errors.Add(Location, Path, message);

    /// <summary>A field of this mapping; a missing required field is reported at the mapping.</summary>
    public ConfigNode Field(string key, bool required = true)
    {
        var path = Path.Length == 0 ? key : $"{Path}.{key}";
        if (Yaml is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value))
        {
            var child = new ConfigNode(Errors, value, path, Source, StackConfig.Locate(Source, value));
            Errors.Remember(path, child.Location);
            if (required && child.IsMissing) child.Error("is empty; give it a value or remove the key");
            return child;
        }
        // A near-miss spelling of the key is already reported (with a suggestion) by IsMapping.
        if (required && Yaml is YamlMappingNode m &&
            !m.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value is { } other && Suggestions.Closest(other, [key]) is not null))
            Errors.Add(Location, Path, $"is missing the required key '{key}'");
        return Absent(Errors, path, Location);
    }

    /// <summary>Refuses keys other than <paramref name="allowed"/>, suggesting the closest one.</summary>
    public bool IsMapping(params string[] allowed)
    {
        if (IsMissing) return false;
        if (Yaml is not YamlMappingNode map)
        {
            Error("must be a mapping");
            return false;
        }
        foreach (var (k, _) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } key })
            {
                Errors.Add(StackConfig.Locate(Source, k), Path, "has a key that is not a plain name");
                continue;
            }
            if (allowed.Contains(key, StringComparer.Ordinal)) continue;
            var hint = Suggestions.Closest(key, allowed);
            var where = StackConfig.Locate(Source, k);
            var path = Path.Length == 0 ? key : $"{Path}.{key}";
            Errors.Add(where, path, hint is null
                ? $"is not a known key (expected one of: {string.Join(", ", allowed)})"
                : $"is not a known key; did you mean '{hint}'?");
        }
        return true;
    }

    public IReadOnlyList<ConfigNode> Items()
    {
        if (IsMissing) return [];
        if (Yaml is not YamlSequenceNode seq)
        {
            Error("must be a list");
            return [];
        }
        var items = new List<ConfigNode>(seq.Children.Count);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var item = seq.Children[i];
            var path = $"{Path}[{i}]";
            var node = new ConfigNode(Errors, item, path, Source, StackConfig.Locate(Source, item));
            Errors.Remember(path, node.Location);
            if (node.IsMissing) node.Error("is an empty list item ('- ~' or a bare '-'); remove it or give it a value");
            items.Add(node);
        }
        return items;
    }

    public IReadOnlyList<(string Key, ConfigNode Value)> Entries()
    {
        if (IsMissing) return [];
        if (Yaml is not YamlMappingNode map)
        {
            Error("must be a mapping");
            return [];
        }
        var entries = new List<(string, ConfigNode)>();
        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } key })
            {
                Errors.Add(StackConfig.Locate(Source, k), Path, "has a key that is not a plain name");
                continue;
            }
            var path = $"{Path}.{key}";
            var node = new ConfigNode(Errors, v, path, Source, StackConfig.Locate(Source, v));
            Errors.Remember(path, node.Location);
            entries.Add((key, node));
        }
        return entries;
    }

    public string? Text()
    {
        if (IsMissing) return null;
        if (Yaml is YamlScalarNode s) return s.Value;
        Error("must be a single value");
        return null;
    }

    public string? Name(int maxLength = 64)
    {
        var s = Text();
        if (s is null) return null;
        if (s.Trim().Length == 0 || s.Length > maxLength)
        {
            Error($"'{s}' must be 1–{maxLength} characters");
            return null;
        }
        return s;
    }

    /// <summary>A short identifier used in resource names: lowercase letters, digits, hyphens.</summary>
    public string? Slug(int maxLength = 12)
    {
        var s = Text();
        if (s is null) return null;
        if (s.Length == 0 || s.Length > maxLength || !char.IsAsciiLetterLower(s[0]) ||
            !s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || s.EndsWith('-'))
        {
            Error($"'{s}' must be 1–{maxLength} lowercase letters, digits or hyphens, starting with a letter");
            return null;
        }
        return s;
    }

    public string? OneOf(params string[] allowed)
    {
        var s = Text();
        if (s is null) return null;
        var match = allowed.FirstOrDefault(a => string.Equals(a, s, StringComparison.Ordinal));
        if (match is not null) return match;
        var hint = Suggestions.Closest(s, allowed);
        Error(hint is null
            ? $"'{s}' is not one of: {string.Join(", ", allowed)}"
            : $"'{s}' is not allowed; did you mean '{hint}'? (one of: {string.Join(", ", allowed)})");
        return null;
    }

    public int? Number(int min, int max)
    {
        var s = Text();
        if (s is null) return null;
        if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ||
            s.StartsWith('+') || (s.Length > 1 && s[0] == '0') || s.StartsWith("-0", StringComparison.Ordinal))
        {
            // Leading zeros and '+' read differently across YAML parsers (010 is octal to some).
            Error($"'{s}' must be a whole number written plainly, such as 10");
            return null;
        }
        if (n < min || n > max)
        {
            Error($"{n} must be between {min} and {max}");
            return null;
        }
        return n;
    }

    public bool? Bool()
    {
        var s = Text();
        if (s is null) return null;
        if (s is "true" or "True") return true;
        if (s is "false" or "False") return false;
        Error($"'{s}' must be true or false");
        return null;
    }

    public Guid? Uuid()
    {
        var s = Text();
        if (s is null) return null;
        if (System.Guid.TryParseExact(s, "D", out var g)) return g;
        Error($"'{s}' must be a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301 (an Entra object id)");
        return null;
    }

    public IPNetwork2? Cidr()
    {
        var s = Text();
        if (s is null) return null;
        if (!s.Contains('/', StringComparison.Ordinal) || !IPNetwork2.TryParse(s, out var net) ||
            net.AddressFamily != AddressFamily.InterNetwork)
        {
            Error($"'{s}' must be an IPv4 prefix in CIDR form, such as 10.40.0.0/16");
            return null;
        }
        if (net.ToString() != s)
        {
            Error($"'{s}' is not a network address; did you mean {net}?");
            return null;
        }
        return net;
    }

    public IPAddress? Ip()
    {
        var s = Text();
        if (s is null) return null;
        if (IPAddress.TryParse(s, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork &&
            s.Count(c => c == '.') == 3)
            return ip;
        Error($"'{s}' must be an IPv4 address such as 203.0.113.10");
        return null;
    }
}
