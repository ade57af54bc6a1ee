using Oic.Infra.Policies.Engine;

namespace Oic.Infra.Policies.Rules.Network;

/// <summary>
/// <see cref="Check"/>'s value checks for a value inside a list entry (<c>ipsecPolicies[0].dhGroup</c>,
/// an inline subnet), where there is a lookup rather than a resource. Same wording, same unknown rule.
/// </summary>
public static class ItemCheck
{
    /// <summary>The value is one of <paramref name="allowed"/>, case-insensitively.</summary>
    public static Outcome OneOf(Lookup value, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (value.IsUnknown) return Check.Unknown(value.Path);
        if (value.Text is { } text && allowed.Contains(text, StringComparer.OrdinalIgnoreCase)) return Outcome.Pass;
        var expected = allowed.Length == 1 ? allowed[0] : $"one of {string.Join(", ", allowed)}";
        return Outcome.Fail(value.IsMissing ? $"{value.Path} is not set; must be {expected}" : $"{value.Path} is '{value.Text}'; must be {expected}");
    }

    /// <summary>An <c>…id</c> reference is set (see <see cref="Topology.IsSet"/>); <paramref name="why"/> follows "is not set; ".</summary>
    public static Outcome IdSet(Lookup container, string why)
    {
        return Topology.IsSet(container) switch
        {
            true => Outcome.Pass,
            false => Outcome.Fail($"{container.Path}.id is not set; {why}"),
            null => Check.Unknown(container.Path),
        };
    }

    /// <summary>The same outcome with <paramref name="prefix"/> in front of each finding.</summary>
    public static Outcome Prefixed(Outcome outcome, string prefix)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return prefix.Length == 0 || outcome.Findings.Count == 0
            ? outcome
            : outcome with { Findings = outcome.Findings.Select(f => prefix + f).ToList() };
    }

    /// <summary>Passes when any candidate passes; else unknown when one is unknown; else fails with every finding.</summary>
    public static Outcome Any(IReadOnlyList<Outcome> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Any(c => c.Kind == OutcomeKind.Pass)) return Outcome.Pass;
        if (candidates.FirstOrDefault(c => c.Kind == OutcomeKind.Unknown) is { } unknown) return unknown;
        return Outcome.All([.. candidates]);
    }
}
