using Oic.Infra.Estate.Errors;

namespace Oic.Infra.Estate.Config;

/// <summary>Where a config value came from: a stack file position, or a PULUMI_CONFIG entry.</summary>
public sealed record SourceLocation(string Source, int Line, int Column)
{
    public override string ToString() => Line > 0 ? $"{Source}:{Line}:{Column}" : Source;
}

/// <summary>One problem with the estate configuration, reported as <c>file:line:col: path message</c>.</summary>
public sealed record Diagnostic(SourceLocation Location, string Path, string Message)
{
    public override string ToString() =>
        Path.Length == 0 ? $"{Location}: {Message}" : $"{Location}: {Path} {Message}";
}

/// <summary>The configuration is invalid; every problem found is listed, in file order.</summary>
public sealed class EstateConfigException : InfraException
{
    public EstateConfigException(IReadOnlyList<Diagnostic> diagnostics)
        : base(ErrorKind.InvalidInput, string.Join(Environment.NewLine, diagnostics))
    {
        Diagnostics = diagnostics;
    }

    public EstateConfigException(Diagnostic diagnostic) : this([diagnostic]) { }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public override IReadOnlyList<string> Lines => ProblemLines(Diagnostics.Select(d => d.ToString()));
}
