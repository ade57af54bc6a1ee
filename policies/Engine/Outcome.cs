namespace Oic.Infra.Policies.Engine;

public enum OutcomeKind { Pass, Fail, NotApplicable, Unknown, Error }

/// <summary>
/// What one rule says about one resource. <see cref="OutcomeKind.Unknown"/> (a value that is not
/// known yet) is reported and never counted as a violation; <see cref="OutcomeKind.Error"/> (the
/// rule threw) is reported and never counted as a pass.
/// </summary>
public sealed record Outcome(OutcomeKind Kind, IReadOnlyList<string> Findings)
{
    public static readonly Outcome Pass = new(OutcomeKind.Pass, []);
    public static readonly Outcome NotApplicable = new(OutcomeKind.NotApplicable, []);

    public static Outcome Fail(params string[] findings) => new(OutcomeKind.Fail, findings);

    public static Outcome Unknown(string why) => new(OutcomeKind.Unknown, [why]);

    public static Outcome Error(string why) => new(OutcomeKind.Error, [why]);

    /// <summary>Combines the checks of one rule: any failure fails; else any unknown is unknown; else pass.</summary>
    public static Outcome All(params Outcome[] outcomes)
    {
        var failures = outcomes.Where(o => o.Kind == OutcomeKind.Fail).SelectMany(o => o.Findings).ToArray();
        if (failures.Length > 0) return Fail(failures);
        var unknown = outcomes.FirstOrDefault(o => o.Kind == OutcomeKind.Unknown);
        if (unknown is not null) return unknown;
        return outcomes.All(o => o.Kind == OutcomeKind.NotApplicable) && outcomes.Length > 0 ? NotApplicable : Pass;
    }

    public static Outcome When(bool ok, string finding) => ok ? Pass : Fail(finding);
}
