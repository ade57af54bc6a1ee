namespace Oic.Infra.Automation.Dr;

/// <summary>How the rebuild's operations are ordered.</summary>
public enum DrScheduling
{
    /// <summary>List scheduling: continuity tier first, then the longest remaining path (critical-path-first).</summary>
    TierCriticalPath,

    /// <summary>A plain dependency-ordered FIFO, as an unprioritised <c>pulumi up</c> walks the graph.</summary>
    Fifo,
}

public sealed record DrPlanOptions
{
    /// <summary>How many resource operations may run at once (<c>--parallel</c>).</summary>
    public int Parallel { get; init; } = 10;

    public DrScheduling Scheduling { get; init; } = DrScheduling.TierCriticalPath;

    /// <summary>The source stack's name when no source state is given (for the report).</summary>
    public string? SourceStack { get; init; }

    /// <summary>The source stack's region; default: the location of the source state's resource groups, else the target estate's primary region.</summary>
    public string? SourceRegion { get; init; }

    /// <summary>A customer-managed (unplanned) storage failover: "typically takes about an hour" (reference/azure-dr.md §3).</summary>
    public double StorageFailoverMinutes { get; init; } = 60;

    /// <summary>
    /// The URNs of the DR stack's pilot light (its program in <c>deployment.phase: standby</c>): what stands in the
    /// DR region before a disaster. Without the DR stack's state the plan takes these as standing and schedules the
    /// rest; with a state, the state decides and a pilot-light resource missing from it is a finding. Null: nothing
    /// is taken as standing.
    /// </summary>
    public IReadOnlySet<string>? Standby { get; init; }
}

public enum DrStepKind
{
    /// <summary>A resource of the target program created by the engine.</summary>
    Create,

    /// <summary>Customer-managed failover of a geo-redundant document store into the DR region.</summary>
    StorageFailover,

    /// <summary>An office's standby connection to the DR hub made active.</summary>
    Cutover,
}

/// <summary>One scheduled step: a resource to create, a data step or an office cutover.</summary>
public sealed record DrStep(
    string Urn,
    string Type,
    DrStepKind Kind,
    int Tier,
    double StartMinute,
    double EndMinute,
    IReadOnlyList<string> DependsOn)
{
    /// <summary>Data steps run on Azure's side (one call, then polling) and take no engine slot.</summary>
    public bool UsesSlot => Kind is DrStepKind.Create or DrStepKind.Cutover;

    public double Minutes => EndMinute - StartMinute;
}

public sealed record DrWave(int Wave, int Tier, IReadOnlyList<string> Resources, double StartMinute, double EndMinute);

public sealed record DrCriticalPath(double Minutes, IReadOnlyList<string> Resources);

public sealed record DrTierEstimate(
    int Tier,
    string Name,
    IReadOnlyList<string> Services,
    int RtoTargetMinutes,
    double EstimatedMinutes)
{
    public bool MeetsTarget => EstimatedMinutes <= RtoTargetMinutes;
}

/// <summary>
/// The physical limit of a rebuild: no schedule beats the longest dependency chain, the ARM and
/// Microsoft.Network write limits, or the engine work spread over every parallel slot.
/// </summary>
public sealed record DrLowerBound(double CriticalPathMinutes, double ThrottleMinutes, double ParallelMinutes)
{
    public double Minutes => Math.Max(CriticalPathMinutes, Math.Max(ThrottleMinutes, ParallelMinutes));
}

/// <summary>The rebuild of a source stack's estate into its DR stack, simulated on the sandbox's durations and limits.</summary>
public sealed record DrPlan
{
    public required string Source { get; init; }
    public required string Target { get; init; }
    public required string SourceRegion { get; init; }
    public required string TargetRegion { get; init; }
    public required int Parallel { get; init; }
    public required DrScheduling Scheduling { get; init; }

    /// <summary>Target resources already in the DR region (pilot light): nothing to do.</summary>
    public required IReadOnlyList<string> Existing { get; init; }

    /// <summary>Every step in start order.</summary>
    public required IReadOnlyList<DrStep> Steps { get; init; }

    public required IReadOnlyList<DrWave> Waves { get; init; }
    public required DrCriticalPath CriticalPath { get; init; }
    public required double EstimatedRtoMinutes { get; init; }
    public required IReadOnlyList<DrTierEstimate> Tiers { get; init; }
    public required DrLowerBound LowerBound { get; init; }

    /// <summary>ARM write calls the rebuild makes, and how many of them go to Microsoft.Network.</summary>
    public required int Writes { get; init; }

    public required int NetworkWrites { get; init; }

    /// <summary>
    /// What the plan found wrong with the DR posture, e.g. a pilot-light service (config
    /// <c>continuity.tiers[].strategies</c>) whose resources are missing from the target state.
    /// </summary>
    public IReadOnlyList<string> Findings { get; init; } = [];

    /// <summary>How each classification's documents come back in the DR region, and the RPO the mechanism gives (ADR 0007).</summary>
    public IReadOnlyList<DrDocumentRecovery> Documents { get; init; } = [];

    /// <summary>The Azure constraints (<c>AzureConstraints</c>) the plan respects, each with its Microsoft source and how it is respected.</summary>
    public IReadOnlyList<DrConstraintCheck> Constraints { get; init; } = [];

    public IEnumerable<DrStep> Creates => Steps.Where(s => s.Kind == DrStepKind.Create);
}
