namespace Oic.Infra.Automation.Drift;

/// <summary>Which two views of a stack a difference is between.</summary>
public enum Comparison
{
    /// <summary>The compiled program against the recorded state: what the next <c>up</c> would change.</summary>
    DesiredVsState,

    /// <summary>The recorded state against what Azure has: what a refresh would change.</summary>
    StateVsLive,
}

/// <summary>How much a difference matters; one class per difference, the first that applies in this order.</summary>
public enum DriftClass
{
    /// <summary>A policy passes on the recorded (or desired) resource and fails on the other side, the property is one a policy reads, or a security resource was deleted or access-widening one added.</summary>
    SecurityRelevant,

    /// <summary>A resource in state that Azure no longer has.</summary>
    DeletedOutOfBand,

    /// <summary>A resource Azure has that the state does not know.</summary>
    UnmanagedAddition,

    /// <summary>Only a tag changed.</summary>
    TagsOnly,

    /// <summary>Any other property, or a resource the next <c>up</c> creates or deletes.</summary>
    Configuration,
}

/// <summary>
/// One difference. <paramref name="Path"/> is an azure-native property path
/// (<c>networkRuleSet.defaultAction</c>, <c>securityRules[2]</c>), empty when the whole resource is
/// missing on one side. <paramref name="Recorded"/> is the state's value; <paramref name="Live"/>
/// is Azure's value (<see cref="Comparison.StateVsLive"/>) or the program's
/// (<see cref="Comparison.DesiredVsState"/>). Null means absent; objects and lists are compact
/// JSON. Secret values never appear: a secret is unknown, and unknown values are never differences.
/// </summary>
public sealed record Difference(
    Comparison Kind,
    string Urn,
    string Type,
    string Path,
    string? Recorded,
    string? Live,
    DriftClass Class,
    IReadOnlyList<string> Policies)
{
    /// <summary>The whole resource is on one side only.</summary>
    public bool IsResourceLevel => Path.Length == 0;
}

/// <summary>Where the three views came from, for the report's header.</summary>
public sealed record DriftSources(string Desired, string Recorded, string Live);

/// <summary>Every difference found for one stack, ordered by comparison then URN, and the exit code they give.</summary>
public sealed record DriftReport(string Stack, IReadOnlyList<Difference> Differences)
{
    /// <summary>No difference (DESIGN §4: success).</summary>
    public const int NoDriftExitCode = 0;

    /// <summary>Drift, none of it security-relevant.</summary>
    public const int DriftExitCode = 3;

    /// <summary>At least one security-relevant difference.</summary>
    public const int SecurityRelevantExitCode = 4;

    public DriftSources Sources { get; init; } = new("", "", "");

    public int SecurityRelevant => Differences.Count(d => d.Class == DriftClass.SecurityRelevant);

    public int Count(DriftClass driftClass) => Differences.Count(d => d.Class == driftClass);

    public int Count(Comparison comparison) => Differences.Count(d => d.Kind == comparison);

    public bool HasDrift => Differences.Count > 0;

    public int ExitCode => SecurityRelevant > 0 ? SecurityRelevantExitCode : HasDrift ? DriftExitCode : NoDriftExitCode;
}
