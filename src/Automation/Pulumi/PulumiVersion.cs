using System.Globalization;
using System.Text.RegularExpressions;

namespace Oic.Infra.Automation.Pulumi;

/// <summary>
/// A Pulumi CLI version as <c>pulumi version</c> prints it (<c>v3.209.0</c>, <c>v3.210.0-alpha.1733+g1a2b3c4</c>).
/// Ordered by semantic-versioning precedence: a pre-release sorts before its release; build metadata is ignored.
/// </summary>
public sealed partial record PulumiVersion(int Major, int Minor, int Patch, string? PreRelease = null) : IComparable<PulumiVersion>
{
    /// <summary>The oldest CLI the engine drives, as Pulumi's LocalWorkspace requires.</summary>
    public static readonly PulumiVersion Minimum = new(3, 1, 0);

    /// <summary>From this release on the CLI's exit codes carry meaning (3 auth, 5 policy, 6 stack not found, 7 changes).</summary>
    public static readonly PulumiVersion ExitCodes = new(3, 226, 1);

    /// <summary>The first release with <c>pulumi refresh --preview-only</c>.</summary>
    public static readonly PulumiVersion RefreshPreviewOnly = new(3, 105, 0);

    public static bool TryParse(string? text, out PulumiVersion version)
    {
        version = null!;
        if (text is null) return false;
        var match = VersionPattern().Match(text.Trim());
        if (!match.Success) return false;
        if (!int.TryParse(match.Groups["major"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(match.Groups["minor"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !int.TryParse(match.Groups["patch"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return false;
        }
        var pre = match.Groups["pre"].Success ? match.Groups["pre"].Value : null;
        version = new PulumiVersion(major, minor, patch, pre);
        return true;
    }

    public int CompareTo(PulumiVersion? other)
    {
        if (other is null) return 1;
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        return (PreRelease, other.PreRelease) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            var (a, b) => ComparePreRelease(a, b),
        };
    }

    public static bool operator <(PulumiVersion left, PulumiVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(PulumiVersion left, PulumiVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(PulumiVersion left, PulumiVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(PulumiVersion left, PulumiVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"v{Major}.{Minor}.{Patch}") + (PreRelease is null ? "" : "-" + PreRelease);

    private static int ComparePreRelease(string a, string b)
    {
        var left = a.Split('.');
        var right = b.Split('.');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var leftNumeric = long.TryParse(left[i], NumberStyles.None, CultureInfo.InvariantCulture, out var l);
            var rightNumeric = long.TryParse(right[i], NumberStyles.None, CultureInfo.InvariantCulture, out var r);
            var c = (leftNumeric, rightNumeric) switch
            {
                (true, true) => l.CompareTo(r),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(left[i], right[i]),
            };
            if (c != 0) return c;
        }
        return left.Length.CompareTo(right.Length);
    }

    [GeneratedRegex(@"^v?(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+)(?:-(?<pre>[0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex VersionPattern();
}
