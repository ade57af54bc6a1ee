using System.Text.RegularExpressions;
using Oic.Infra.Automation.Engines;

namespace Oic.Infra.Automation.Pulumi;

/// <summary>The outcome of one run of the CLI.</summary>
internal sealed record PulumiRun(string CommandLine, int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Turns a failed run into the exception the CLI maps to its exit code, reading stderr the way Pulumi's
/// LocalWorkspace does (<c>CommandException.CreateFromResult</c>) and the exit codes of CLIs from v3.226.1.
/// </summary>
internal static partial class PulumiErrors
{
    public const int ExitAuthentication = 3;
    public const int ExitPolicy = 5;
    public const int ExitStackNotFound = 6;
    public const int ExitNoChangesExpected = 7;
    public const int ExitInternal = 255;

    public static bool IsStackNotFound(PulumiRun run) =>
        StackNotFound().IsMatch(run.StandardError) || run.ExitCode == ExitStackNotFound;

    public static bool IsStackAlreadyExists(PulumiRun run) => StackAlreadyExists().IsMatch(run.StandardError);

    public static bool IsLocked(PulumiRun run) =>
        run.StandardError.Contains("[409] Conflict: Another update is currently in progress.", StringComparison.Ordinal)
        || run.StandardError.Contains("the stack is currently locked by", StringComparison.Ordinal);

    public static bool IsNotLoggedIn(PulumiRun run) =>
        NotLoggedIn().IsMatch(run.StandardError) || run.ExitCode == ExitAuthentication;

    /// <summary>What older CLIs print (with exit 255) when <c>--expect-no-changes</c> is violated.</summary>
    public static bool SaysChangesWereNotExpected(PulumiRun run) => ChangesNotExpected().IsMatch(run.StandardError);

    public static Exception For(
        PulumiRun run,
        string? stack,
        IReadOnlyList<PulumiPolicyViolation>? violations = null,
        IEnumerable<string>? reasons = null)
    {
        var stderr = Excerpt(run.StandardError);
        violations ??= [];
        if (run.ExitCode == ExitPolicy || violations.Any(v => v.EnforcementLevel == "mandatory"))
        {
            var mandatory = violations.Where(v => v.EnforcementLevel == "mandatory").ToList();
            var listed = mandatory.Count == 0
                ? Detail(stderr, reasons)
                : string.Join("\n", mandatory.Select(v => $"  {v.PolicyPack}/{v.PolicyName}: {v.Message}" + (v.Urn is null ? "" : $" ({v.Urn})")));
            return new PulumiPolicyViolationException(
                $"a mandatory policy stopped `{run.CommandLine}` (exit {run.ExitCode}):\n{listed}",
                run.CommandLine, run.ExitCode, run.StandardError, violations);
        }
        var name = stack is null ? "the stack" : $"stack '{stack}'";
        if (IsStackNotFound(run))
        {
            return new EngineInputException(
                $"{name} does not exist in the Pulumi backend ({FirstError(stderr)}); create it with `pulumi stack init {stack ?? "NAME"}` "
                + "or deploy it first with `infra up --engine pulumi`");
        }
        if (IsLocked(run))
        {
            return new EngineInputException(
                $"{name} is locked: another update is in progress. Wait for it to finish; if it was interrupted, "
                + $"`pulumi cancel` releases the lock. Pulumi says:\n{Indent(stderr)}");
        }
        if (IsNotLoggedIn(run))
        {
            return new EngineInputException(
                "the Pulumi CLI is not logged in to a state backend: run `pulumi login` (or set PULUMI_BACKEND_URL, "
                + $"or PULUMI_ACCESS_TOKEN for Pulumi Cloud) and try again ({FirstError(stderr)})");
        }
        return new PulumiCommandException(
            $"`{run.CommandLine}` failed with exit code {run.ExitCode}:\n{Detail(stderr, reasons)}",
            run.CommandLine, run.ExitCode, run.StandardError);
    }

    /// <summary>The readable part of stderr: no colour escapes, no blank lines, at most 40 lines.</summary>
    public static string Excerpt(string stderr)
    {
        var lines = PulumiJson.CleanMessage(stderr).Split('\n')
            .Select(l => l.TrimEnd('\r', ' '))
            .Where(l => l.Length > 0)
            .ToList();
        if (lines.Count > 40) lines = [.. lines.Take(40), $"… ({lines.Count - 40} more lines)"];
        return string.Join("\n", lines);
    }

    private static string Detail(string stderr, IEnumerable<string>? reasons)
    {
        var parts = new List<string>();
        foreach (var reason in reasons ?? [])
        {
            if (!stderr.Contains(reason, StringComparison.Ordinal) && !parts.Contains(reason)) parts.Add(reason);
        }
        if (stderr.Length > 0) parts.Add(stderr);
        return parts.Count == 0 ? "  (no error output)" : Indent(string.Join("\n", parts));
    }

    private static string FirstError(string stderr)
    {
        var line = stderr.Split('\n').FirstOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal))
            ?? stderr.Split('\n').FirstOrDefault() ?? "";
        return line.Length == 0 ? "no error output" : "pulumi: " + line.Trim();
    }

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(l => "  " + l));

    [GeneratedRegex("no stack named.*found")]
    private static partial Regex StackNotFound();

    [GeneratedRegex("stack.*already exists")]
    private static partial Regex StackAlreadyExists();

    [GeneratedRegex("PULUMI_ACCESS_TOKEN must be set|not logged in|Unauthorized", RegexOptions.IgnoreCase)]
    private static partial Regex NotLoggedIn();

    [GeneratedRegex("changes were expected", RegexOptions.IgnoreCase)]
    private static partial Regex ChangesNotExpected();
}
