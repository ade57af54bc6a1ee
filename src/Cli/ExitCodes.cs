using Oic.Infra.Estate.Errors;

namespace Oic.Infra.Cli;

/// <summary>The exit codes of every verb (DESIGN §4); scripts and CI depend on them.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int ToolFailed = 1;
    public const int InvalidInput = 2;
    public const int Drift = 3;
    public const int SecurityDrift = 4;
    public const int PolicyViolated = 5;

    /// <summary>The one mapping of a typed error's kind to its exit code.</summary>
    public static int Of(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidInput => InvalidInput,
        ErrorKind.PolicyViolated => PolicyViolated,
        ErrorKind.ToolFailed => ToolFailed,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "an error kind without an exit code"),
    };

    /// <summary>A policy check's outcome: 5 when a mandatory rule is violated, 1 when a rule failed to evaluate, else 0.</summary>
    public static int Of(Policies.Engine.PolicyReport report) =>
        report.Blocks ? PolicyViolated : report.Errors.Any() ? ToolFailed : Success;
}

/// <summary>The command line asks for something the verb cannot do (a wrong combination of options): exit 2.</summary>
public sealed class UsageException(string message) : InfraException(ErrorKind.InvalidInput, message);
