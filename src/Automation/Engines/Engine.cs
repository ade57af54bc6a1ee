using Oic.Infra.Estate.Errors;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Engines;

/// <summary>What an engine does to a resource, in Pulumi's own vocabulary (apitype OpType).</summary>
public enum StepOp { Same, Create, Update, Replace, Delete }

/// <summary>One planned or applied step; minutes are simulated on the sandbox, real on Pulumi.</summary>
public sealed record ResourceStep(StepOp Op, string Urn, string Type, IReadOnlyList<string> Diffs)
{
    public IReadOnlyList<string> ReplaceReasons { get; init; } = [];
}

/// <summary>Something that happened during an operation, as it happens (for progress displays and logs).</summary>
public abstract record EngineEvent(double Minute)
{
    /// <summary>A step starts (Pulumi's resourcePreEvent).</summary>
    public sealed record StepStarted(double Minute, ResourceStep Step) : EngineEvent(Minute);

    /// <summary>A step finished (Pulumi's resOutputsEvent).</summary>
    public sealed record StepDone(double Minute, ResourceStep Step) : EngineEvent(Minute);

    /// <summary>A step failed for good (Pulumi's resOpFailedEvent).</summary>
    public sealed record StepFailed(double Minute, ResourceStep Step, string Error) : EngineEvent(Minute);

    /// <summary>An ARM call was throttled (429) or failed transiently and will be retried.</summary>
    public sealed record Retried(double Minute, string Urn, string Reason, int Attempt) : EngineEvent(Minute);

    /// <summary>A line of diagnostic text (Pulumi's diagnosticEvent).</summary>
    public sealed record Diagnostic(double Minute, string Severity, string Message, string? Urn = null) : EngineEvent(Minute);
}

/// <summary>Counts per op, as Pulumi's summary event gives them (<c>{"create":3,"same":1}</c>).</summary>
public sealed record ChangeSummary(IReadOnlyDictionary<StepOp, int> Counts)
{
    public int this[StepOp op] => Counts.TryGetValue(op, out var n) ? n : 0;
    public bool HasChanges => Counts.Any(c => c.Key != StepOp.Same && c.Value > 0);
}

public sealed record OperationOptions
{
    public required string Stack { get; init; }

    /// <summary>How many resource operations may run at once (Pulumi's <c>--parallel</c>); default 10.</summary>
    public int Parallel { get; init; } = 10;

    /// <summary>
    /// Pulumi's repeated <c>--target URN</c>: only these resources are changed (created, updated, replaced or
    /// deleted); everything else stays as it is. Empty (the default): everything.
    /// </summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>
    /// Config paths to set for this update and keep in the stack file (<c>key.path=value</c>): the real CLI gets
    /// <c>--config-path --config …</c> (<c>pulumi up</c> flags, pulumi/pulumi <c>pkg/cmd/pulumi/up.go</c>: "Config to use during
    /// the update and save to the stack config file"). A DR rebuild sets <c>oic-gs-infra:deployment.phase=active</c> so
    /// the compiler declares the whole program; the sandbox is handed that program directly and ignores this.
    /// </summary>
    public IReadOnlyList<string> ConfigPaths { get; init; } = [];

    public Action<EngineEvent>? OnEvent { get; init; }
}

public sealed record PreviewResult(IReadOnlyList<ResourceStep> Steps, ChangeSummary Summary);

public sealed record UpResult(IReadOnlyList<ResourceStep> Steps, ChangeSummary Summary, double ElapsedMinutes, int Retries);

/// <summary>What a refresh would change in the recorded state: live values that differ from it.</summary>
public sealed record RefreshResult(ChangeSummary Summary, string LiveExportJson);

/// <summary>
/// Deploys compiled programs. Two implementations: the embedded sandbox (default; a simulation
/// of the Azure control plane with a virtual clock) and the real Pulumi CLI.
/// </summary>
public interface IEngine
{
    /// <summary>What <see cref="UpAsync"/> would do, changing nothing.</summary>
    Task<PreviewResult> PreviewAsync(ResourceGraph program, OperationOptions options, CancellationToken cancellationToken = default);

    Task<UpResult> UpAsync(ResourceGraph program, OperationOptions options, CancellationToken cancellationToken = default);

    Task<UpResult> DestroyAsync(OperationOptions options, CancellationToken cancellationToken = default);

    /// <summary>Reads live state without writing anything (a refresh preview) and returns it as a stack export.</summary>
    Task<RefreshResult> RefreshPreviewAsync(OperationOptions options, CancellationToken cancellationToken = default);

    /// <summary>The recorded state as <c>pulumi stack export</c> prints it (version 3), or null when the stack has none.</summary>
    Task<string?> ExportStackAsync(string stack, CancellationToken cancellationToken = default);
}

/// <summary>Invalid use of an engine (unknown stack, stack locked, not logged in): exit 2 with this message.</summary>
public sealed class EngineInputException(string message) : InfraException(ErrorKind.InvalidInput, message);
