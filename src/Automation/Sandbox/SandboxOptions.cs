using System.Globalization;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Estate.Errors;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>How the sandbox engine behaves beyond what every engine takes (<see cref="OperationOptions"/>).</summary>
public sealed record SandboxOptions
{
    public static readonly SandboxOptions Default = new();

    public SandboxFaults Faults { get; init; } = SandboxFaults.None;

    /// <summary>
    /// What an injected crash does, given a one-line description. Default: write it to stderr and
    /// end the process with exit code 137 (as if killed), after everything has been flushed. Tests
    /// pass one that throws <see cref="SimulatedCrashException"/>. If it returns, the apply goes on.
    /// </summary>
    public Action<string>? Crash { get; init; }

    /// <summary>
    /// Read live state before planning, as <c>pulumi preview/up --refresh</c> does: resources
    /// changed or deleted out of band are then put back to what the program declares.
    /// </summary>
    public bool Refresh { get; init; }

    /// <summary>The wall clock, for the checkpoint's manifest time and lock timestamps (never for simulated time).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>
/// Faults to inject into an apply (<c>--inject crash-after=N,transient=0.05,region-outage=uaenorth,seed=7</c>).
/// Random faults come from a generator seeded with <see cref="Seed"/>: the same run fails the same way every time.
/// </summary>
public sealed record SandboxFaults
{
    public static readonly SandboxFaults None = new();

    /// <summary>Crash right after this many operations have completed (and been recorded).</summary>
    public int? CrashAfter { get; init; }

    /// <summary>The share of ARM calls that fail with 429 or 503 and are retried (0 to 1).</summary>
    public double TransientRate { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>ARM locations (<c>uaenorth</c>) where every operation fails.</summary>
    public IReadOnlySet<string> RegionOutages { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public bool Any => CrashAfter is not null || TransientRate > 0 || RegionOutages.Count > 0;

    /// <summary>Reads <c>--inject</c> values: <c>crash-after=N</c>, <c>transient=RATE</c>, <c>region-outage=LOCATION</c>, <c>seed=N</c>, comma-separated or repeated.</summary>
    public static SandboxFaults Parse(IEnumerable<string> injects)
    {
        ArgumentNullException.ThrowIfNull(injects);
        var faults = None;
        var outages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in injects.SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = eq < 0 ? (item, "") : (item[..eq], item[(eq + 1)..]);
            switch (key)
            {
                case "crash-after" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    faults = faults with { CrashAfter = n };
                    break;
                case "transient" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and < 1:
                    faults = faults with { TransientRate = rate };
                    break;
                case "seed" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed):
                    faults = faults with { Seed = seed };
                    break;
                case "region-outage" when value.Length > 0:
                    outages.Add(value);
                    break;
                default:
                    throw new EngineInputException(
                        $"--inject '{item}' is not a fault; use crash-after=N (N ≥ 1), transient=RATE (0 ≤ RATE < 1), region-outage=LOCATION or seed=N");
            }
        }
        return faults with { RegionOutages = outages };
    }
}

/// <summary>Thrown by a test's crash action to stand for the process dying.</summary>
public sealed class SimulatedCrashException(string message) : Exception(message);

/// <summary>
/// An apply or destroy stopped on a failed operation (a region outage, transient faults beyond
/// the retry budget). The state holds everything that completed; <see cref="Partial"/> says what that was.
/// </summary>
public sealed class SandboxOperationFailedException(string message, UpResult partial) : InfraException(ErrorKind.ToolFailed, message)
{
    public UpResult Partial { get; } = partial;

    public override IReadOnlyList<string> Lines => [$"infra: {Message} (the state keeps what completed; the next `up` carries on)"];
}

/// <summary>Whether an ARM call was a write (PUT) or a delete; each has its own token bucket.</summary>
public enum ArmCallKind { Write, Delete }

/// <summary>
/// One ARM request the sandbox made, at a simulated millisecond: accepted, or turned away by the
/// resource provider (Microsoft.Network's own limit, a VNet busy with another operation) or by an
/// injected fault. Every call here took a token from the subscription bucket.
/// </summary>
public sealed record ArmCall(long AtMilliseconds, string Urn, ArmCallKind Kind, string Namespace, string Subscription, string Outcome)
{
    public const string Accepted = "accepted";
    public const string Throttled = "throttled";
    public const string Conflict = "conflict";
    public const string Injected = "injected";
}

/// <summary>What the last apply or destroy did below the level of steps: ARM calls, retries, a resumption.</summary>
public sealed record SandboxRunStats(
    IReadOnlyList<ArmCall> Calls,
    int Retries,
    IReadOnlyDictionary<string, int> RetriesByReason,
    double ElapsedMinutes,
    int Operations,
    bool Resumed,
    int Adopted,
    int Redone);
