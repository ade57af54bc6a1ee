using System.Globalization;
using Oic.Infra.Policies.Engine;

namespace Oic.Infra.Policies.Rules;

/// <summary>
/// The value checks most rules are made of. Each reads one property and says pass, fail (naming
/// the property, what it is and what it must be) or unknown (the value is not known yet).
/// </summary>
public static class Check
{
    public static Outcome Is(PolicyResource resource, string path, bool expected)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var v = resource.Get(path);
        if (v.IsUnknown) return Unknown(path);
        if (v.Bool is { } b) return Outcome.When(b == expected, $"{path} is {Lower(b)}; must be {Lower(expected)}");
        return Outcome.Fail(v.IsMissing ? $"{path} is not set; must be {Lower(expected)}" : $"{path} is '{v.Text}'; must be {Lower(expected)}");
    }

    /// <summary>
    /// Like <see cref="Is(PolicyResource, string, bool)"/>, but an unset property is judged by the value
    /// Azure applies when it is left out (ADR 0011): the caller cites the documented default at the rule.
    /// </summary>
    public static Outcome IsOrDefault(PolicyResource resource, string path, bool expected, bool azureDefault)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.Get(path) is { IsMissing: false }) return Is(resource, path, expected);
        return Outcome.When(azureDefault == expected, $"{path} is not set and Azure's default is {Lower(azureDefault)}; must be {Lower(expected)}");
    }

    /// <summary>The property is one of <paramref name="allowed"/> (compared case-insensitively, as ARM does).</summary>
    public static Outcome OneOf(PolicyResource resource, string path, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var v = resource.Get(path);
        if (v.IsUnknown) return Unknown(path);
        if (v.Text is { } text && allowed.Contains(text, StringComparer.OrdinalIgnoreCase)) return Outcome.Pass;
        var expected = allowed.Length == 1 ? allowed[0] : $"one of {string.Join(", ", allowed)}";
        return Outcome.Fail(v.IsMissing ? $"{path} is not set; must be {expected}" : $"{path} is '{v.Text}'; must be {expected}");
    }

    public static Outcome AtLeast(PolicyResource resource, string path, double minimum)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var v = resource.Get(path);
        if (v.IsUnknown) return Unknown(path);
        if (v.Number is { } n) return Outcome.When(n >= minimum, $"{path} is {Num(n)}; must be at least {Num(minimum)}");
        return Outcome.Fail(v.IsMissing ? $"{path} is not set; must be at least {Num(minimum)}" : $"{path} is '{v.Text}'; must be a number of at least {Num(minimum)}");
    }

    public static Outcome Present(PolicyResource resource, string path, string what)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var v = resource.Get(path);
        // A reference or a pending output is set; only its value is pending, and presence is what is asked.
        if (v.IsUnknown) return Outcome.Pass;
        return Outcome.When(!v.IsMissing, $"{path} is not set; {what}");
    }

    public static Outcome Unknown(string path) =>
        Outcome.Unknown($"{path} is not known until deployment");

    /// <summary>The tag value of a resource, if it has tags.</summary>
    public static string? Tag(PolicyResource resource, string tag) => resource?.Get("tags").Get(tag).Text;

    private static string Lower(bool b) => b ? "true" : "false";

    private static string Num(double n) => n.ToString("0.##", CultureInfo.InvariantCulture);
}
