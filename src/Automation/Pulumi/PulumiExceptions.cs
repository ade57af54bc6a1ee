using Oic.Infra.Estate.Errors;

namespace Oic.Infra.Automation.Pulumi;

/// <summary>
/// The <c>pulumi</c> CLI failed in a way that is not the user's input (exit 1 at our CLI): a resource operation failed,
/// the program could not be compiled, the CLI crashed or printed something we could not read. Carries the command
/// line (arguments only: never environment values), the exit code and the CLI's standard error.
/// </summary>
public class PulumiCommandException : InfraException
{
    public PulumiCommandException(string message, string commandLine, int exitCode, string standardError)
        : this(ErrorKind.ToolFailed, message, commandLine, exitCode, standardError)
    {
    }

    protected PulumiCommandException(ErrorKind kind, string message, string commandLine, int exitCode, string standardError)
        : base(kind, message)
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    public PulumiCommandException(string message, string commandLine, int exitCode, string standardError, Exception innerException)
        : base(ErrorKind.ToolFailed, message, innerException)
    {
        CommandLine = commandLine;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>The command as run, e.g. <c>pulumi up --yes --skip-preview --json --stack prod --non-interactive</c>.</summary>
    public string CommandLine { get; }

    public int ExitCode { get; }

    public string StandardError { get; }
}

/// <summary>One policy violation reported by Pulumi (a <c>policyEvent</c> of the engine event stream).</summary>
public sealed record PulumiPolicyViolation(
    string PolicyPack,
    string PolicyName,
    string EnforcementLevel,
    string Message,
    string? Urn);

/// <summary>
/// A mandatory policy stopped the operation (Pulumi's exit code 5, or a mandatory <c>policyEvent</c> followed by a
/// failure on CLIs older than v3.226.1): exit 5 at our CLI. <see cref="Violations"/> lists what the event stream
/// reported; it is empty for <c>preview</c>, whose JSON digest does not carry policy events.
/// </summary>
public sealed class PulumiPolicyViolationException : PulumiCommandException
{
    public PulumiPolicyViolationException(
        string message, string commandLine, int exitCode, string standardError, IReadOnlyList<PulumiPolicyViolation> violations)
        : base(ErrorKind.PolicyViolated, message, commandLine, exitCode, standardError)
    {
        Violations = violations;
    }

    public IReadOnlyList<PulumiPolicyViolation> Violations { get; }
}
