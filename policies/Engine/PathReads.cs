using System.Text.RegularExpressions;

namespace Oic.Infra.Policies.Engine;

/// <summary>
/// The property paths a rule reads, declared beside it (<see cref="Rule.Reads"/>): per azure-native type
/// (or <see cref="AnyType"/>), a dotted path with <c>[]</c> for any list index. A declared path covers
/// everything below it. Drift's security-relevant paths are derived from these declarations, and a test
/// observes every read of every rule on its fixtures and the reference stacks (<see cref="Observe"/>),
/// failing on a read no declaration covers.
/// </summary>
public sealed partial record PropertyPaths(IReadOnlyList<(string Type, string Path)> Items)
{
    /// <summary>Stands for every resource type (a tag the rules read on whatever carries it).</summary>
    public const string AnyType = "*";

    public static readonly PropertyPaths None = new([]);

    public static PropertyPaths On(string type, params string[] paths) => new([.. paths.Select(p => (type, p))]);

    public PropertyPaths And(string type, params string[] paths) => new([.. Items, .. paths.Select(p => (type, p))]);

    /// <summary>True when a read of <paramref name="path"/> on a <paramref name="type"/> resource is at or below a declared path.</summary>
    public bool Covers(string type, string path)
    {
        var normalized = Normalize(path);
        return Items.Any(i => (i.Type == AnyType || i.Type == type) && IsAtOrBelow(i.Path, normalized));
    }

    /// <summary>
    /// True when a change at <paramref name="path"/> of a <paramref name="type"/> resource can change what
    /// this declaration reads: the path is at, below or above a declared path (replacing the whole
    /// <c>properties</c> object replaces <c>properties.enablePurgeProtection</c>).
    /// </summary>
    public bool Touches(string type, string path)
    {
        var normalized = Normalize(path);
        return normalized.Length > 0 &&
               Items.Any(i => (i.Type == AnyType || i.Type == type) && (IsAtOrBelow(i.Path, normalized) || IsAtOrBelow(normalized, i.Path)));
    }

    /// <summary><c>a.b[3].c</c> → <c>a.b[].c</c>: list indices do not matter to a declaration.</summary>
    public static string Normalize(string path) => AnyIndex().Replace(path ?? "", "[]");

    /// <summary>Compared ignoring case: ARM property and tag names are case-insensitive.</summary>
    public static bool IsAtOrBelow(string outer, string inner) =>
        inner.Length >= outer.Length && inner.StartsWith(outer, StringComparison.OrdinalIgnoreCase) &&
        (inner.Length == outer.Length || inner[outer.Length] is '.' or '[');

    [GeneratedRegex(@"\[\d+\]", RegexOptions.CultureInvariant)]
    private static partial Regex AnyIndex();
}

/// <summary>Reports each property read below a resource to an observer on the same thread; none is set in production.</summary>
public static class PathReads
{
    [ThreadStatic]
    private static Action<string, string>? t_observer;

    /// <summary>Calls <paramref name="observer"/> with (type, path) for every read on this thread until disposed.</summary>
    public static IDisposable Observe(Action<string, string> observer)
    {
        var previous = t_observer;
        t_observer = observer;
        return new Restore(previous);
    }

    internal static void Record(string? type, string path)
    {
        if (type is not null && path.Length > 0) t_observer?.Invoke(type, path);
    }

    private sealed class Restore(Action<string, string>? previous) : IDisposable
    {
        public void Dispose() => t_observer = previous;
    }
}
