namespace Oic.Infra.Estate.Errors;

/// <summary>
/// What kind of failure a typed error is. The CLI maps each kind to one exit code in one place
/// (<c>src/Cli/Program.cs</c>); nothing below it knows exit codes.
/// </summary>
public enum ErrorKind
{
    /// <summary>The tool could not finish (an engine or a Pulumi command failed): exit 1.</summary>
    ToolFailed,

    /// <summary>The user's input cannot be used (arguments, stack files, state documents, waivers): exit 2.</summary>
    InvalidInput,

    /// <summary>A mandatory policy stopped the operation: exit 5.</summary>
    PolicyViolated,
}

/// <summary>
/// The base of every error this project throws on purpose, carrying its <see cref="Kind"/> and the
/// lines the CLI prints for it. An exception that does not derive from it is a defect: the CLI prints
/// one line and exits 1 (the stack trace only with <c>--verbose</c>).
/// </summary>
public abstract class InfraException : Exception
{
    protected InfraException(ErrorKind kind, string message) : base(message)
    {
        Kind = kind;
    }

    protected InfraException(ErrorKind kind, string message, Exception innerException) : base(message, innerException)
    {
        Kind = kind;
    }

    public ErrorKind Kind { get; }

    /// <summary>What the CLI prints on standard error, one entry a line; by default <c>infra: MESSAGE</c>.</summary>
    public virtual IReadOnlyList<string> Lines => [$"infra: {Message}"];

    /// <summary>Every problem, <c>error: PROBLEM</c> a line, then how many and that nothing was written.</summary>
    protected static IReadOnlyList<string> ProblemLines(IEnumerable<string> problems)
    {
        var lines = problems.Select(p => $"error: {p}").ToList();
        lines.Add($"{lines.Count} error(s); nothing was written.");
        return lines;
    }
}
