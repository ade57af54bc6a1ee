using System.Globalization;
using Oic.Infra.Resources;

namespace Oic.Infra.Policies.Engine;

/// <summary>
/// The result of reading a property: absent, not known yet (a preview output, a reference to a
/// resource not created yet, a secret we cannot read), or a value. Rules must treat the unknown
/// case as unknown — never as a pass, never as a failure. <paramref name="Owner"/> is the type of the
/// resource the value was read from: every read below a resource is reported to <see cref="PathReads"/>.
/// </summary>
public readonly record struct Lookup(PropertyValue? Value, bool IsUnknown, string Path, string? Owner = null)
{
    public bool IsMissing => Value is null && !IsUnknown;
    public bool HasValue => Value is not null && !IsUnknown;

    /// <summary>The reference when the value is another resource's output (compiled graph).</summary>
    public Reference? Reference => (Value as PropertyValue.Ref)?.Target;

    public string? Text => Value switch
    {
        PropertyValue.Str s => s.Value,
        PropertyValue.Num n => n.Text,
        PropertyValue.Bool b => b.Value ? "true" : "false",
        _ => null,
    };

    public bool? Bool => Value switch
    {
        PropertyValue.Bool b => b.Value,
        PropertyValue.Str { Value: var s } when bool.TryParse(s, out var parsed) => parsed,
        _ => null,
    };

    public double? Number => Value switch
    {
        PropertyValue.Num n => n.Value,
        PropertyValue.Str { Value: var s } when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public IReadOnlyList<Lookup> Items
    {
        get
        {
            var (path, owner) = (Path, Owner);
            return Value is PropertyValue.List l ? l.Items.Select((item, i) => Of(item, $"{path}[{i}]", owner)).ToList() : [];
        }
    }

    public Lookup Get(string path)
    {
        if (Value is PropertyValue.Map m) return At(m, path, Path, Owner);
        PathReads.Record(Owner, Join(Path, path));
        return IsUnknown ? this with { Path = Join(Path, path) } : new(null, false, Join(Path, path), Owner);
    }

    /// <summary>Texts of a list of strings (or of a single string), skipping unknown items.</summary>
    public IReadOnlyList<string> Texts
    {
        get
        {
            var path = Path;
            return Value switch
            {
                PropertyValue.List l => l.Items.Select(i => Of(i, path).Text).OfType<string>().ToList(),
                PropertyValue.Str s => [s.Value],
                _ => [],
            };
        }
    }

    /// <summary>True when any item of the list, or the list itself, is not known yet.</summary>
    public bool AnyUnknown
    {
        get
        {
            var path = Path;
            return IsUnknown || (Value is PropertyValue.List l && l.Items.Any(i => Of(i, path).IsUnknown));
        }
    }

    public static Lookup At(PropertyValue.Map root, string path, string prefix = "", string? owner = null)
    {
        PathReads.Record(owner, Join(prefix, path));
        PropertyValue? current = root;
        var walked = prefix;
        foreach (var segment in Segments(path))
        {
            walked = segment is int i ? $"{walked}[{i}]" : Join(walked, (string)segment);
            if (current is PropertyValue.Secret) return new Lookup(null, true, Join(prefix, path), owner);
            current = Unwrap(current);
            if (current is PropertyValue.Unknown or PropertyValue.Ref or PropertyValue.Interpolation)
                return new Lookup(null, true, Join(prefix, path), owner);
            current = (current, segment) switch
            {
                (PropertyValue.Map m, string key) => m[key],
                (PropertyValue.List l, int index) => index < l.Items.Count ? l.Items[index] : null,
                _ => null,
            };
            if (current is null) return new Lookup(null, false, Join(prefix, path), owner);
        }
        return Of(current!, Join(prefix, path), owner);
    }

    private static Lookup Of(PropertyValue value, string path, string? owner = null)
    {
        // A secret is never read: no rule needs its value and no report may print it.
        if (value is PropertyValue.Secret) return new Lookup(null, true, path, owner);
        var unwrapped = Unwrap(value);
        return unwrapped is PropertyValue.Unknown or PropertyValue.Ref or PropertyValue.Interpolation
            ? new Lookup(unwrapped is PropertyValue.Unknown ? null : unwrapped, true, path, owner)
            : new Lookup(unwrapped, false, path, owner);
    }

    private static PropertyValue? Unwrap(PropertyValue? value)
    {
        while (value is PropertyValue.Secret s) value = s.Inner;
        return value;
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a}.{b}";

    private static IEnumerable<object> Segments(string path)
    {
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            yield return bracket < 0 ? part : part[..bracket];
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                yield return int.Parse(part.AsSpan(bracket + 1, close - bracket - 1), CultureInfo.InvariantCulture);
                bracket = part.IndexOf('[', close);
            }
        }
    }
}
