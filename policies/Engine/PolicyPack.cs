namespace Oic.Infra.Policies.Engine;

public enum Enforcement { Disabled, Advisory, Mandatory }

/// <summary>A named set of rules, each run at a default enforcement level (overridable by config).</summary>
public sealed record PolicyPack(string Name, string Version, string Description, IReadOnlyList<(Rule Rule, Enforcement Level)> Rules)
{
    public static PolicyPack Of(string name, string description, Enforcement level, params Rule[] rules) =>
        new(name, "1.0.0", description, rules.Select(r => (r, level)).ToList());

    /// <summary>The same pack with one rule at another default level.</summary>
    public PolicyPack With(string ruleId, Enforcement level) =>
        Rules.Any(r => r.Rule.Id == ruleId)
            ? this with { Rules = Rules.Select(r => r.Rule.Id == ruleId ? (r.Rule, level) : r).ToList() }
            : throw new ArgumentException($"pack {Name} has no rule {ruleId}", nameof(ruleId));
}

public static class EnforcementNames
{
    public static string ToConfigName(this Enforcement e) => e switch
    {
        Enforcement.Mandatory => "mandatory",
        Enforcement.Advisory => "advisory",
        Enforcement.Disabled => "disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    public static Enforcement? Parse(string? text) => text switch
    {
        "mandatory" => Enforcement.Mandatory,
        "advisory" => Enforcement.Advisory,
        "disabled" => Enforcement.Disabled,
        _ => null,
    };

    public static string ToConfigName(this Severity s) => s.ToString().ToLowerInvariant();
}
