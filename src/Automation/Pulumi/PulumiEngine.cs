using System.ComponentModel;
using System.Globalization;
using System.Text;
using CliWrap;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Pulumi;

/// <summary>
/// Deploys through the real <c>pulumi</c> CLI, driven the way Pulumi's Automation API <c>LocalWorkspace</c> drives it:
/// <c>pulumi version</c> once (v3.1.0 or later, unless <c>PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK</c> is set), then
/// <c>pulumi &lt;command&gt; [flags] --stack S --non-interactive</c> in the project directory with CliWrap.
/// </summary>
/// <remarks>
/// <para>Pulumi runs the program itself: <c>Pulumi.yaml</c> names <c>./infra compile</c> as the YAML runtime's compiler,
/// which prints the same program the <see cref="ResourceGraph"/> passed in describes. That graph is therefore not
/// sent anywhere.</para>
/// <para>Command lines (the <c>--stack S --non-interactive</c> suffix omitted):
/// <list type="bullet">
/// <item><c>stack select --stack S</c>, and on "no stack named … found" <c>stack init S [--secrets-provider P]</c>, once per stack, before preview and up;</item>
/// <item><c>preview --json --show-sames</c> → one <c>PreviewDigest</c> document;</item>
/// <item><c>up --yes --skip-preview --refresh [--target URN]… --parallel N --json</c> and <c>destroy --yes --skip-preview --parallel N --json</c> → JSONL engine events, streamed;</item>
/// <item><c>refresh --preview-only --expect-no-changes --json</c> (never <c>--yes</c>) → a <c>PreviewDigest</c>; exit 7 (255 with
/// "no changes were expected" before v3.226.1) is drift, not failure; then <c>stack export</c> for the recorded state;</item>
/// <item><c>stack export</c> (never <c>--show-secrets</c>).</item>
/// </list></para>
/// <para>Errors: stack not found, stack locked / concurrent update and not logged in are <see cref="EngineInputException"/>s
/// (exit 2); a policy failure is a <see cref="PulumiPolicyViolationException"/> (exit 5); any other failure a
/// <see cref="PulumiCommandException"/> (exit 1). Environment values are passed to the CLI and never echoed.</para>
/// </remarks>
public sealed class PulumiEngine : IEngine
{
    /// <summary>Set (to anything) in the environment to skip the CLI version check, as in Pulumi's Automation API.</summary>
    public const string SkipVersionCheckVariable = "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK";

    /// <summary>Makes <c>preview --json</c> print JSONL instead of the digest; always removed for the commands that parse a digest.</summary>
    private const string StreamingPreviewVariable = "PULUMI_ENABLE_STREAMING_JSON_PREVIEW";

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task> _selectedStacks = new(StringComparer.Ordinal);
    private Task<PulumiVersion?>? _version;

    /// <param name="workingDirectory">The project directory: the repository root, with <c>Pulumi.yaml</c>.</param>
    /// <param name="pulumiPath">The CLI: a path, or a name looked up on <c>PATH</c>.</param>
    /// <param name="environmentVariables">Added to (or overriding) the inherited environment of every command.</param>
    /// <param name="pulumiHome">Sets <c>PULUMI_HOME</c> when given.</param>
    public PulumiEngine(
        string workingDirectory,
        string pulumiPath = "pulumi",
        IReadOnlyDictionary<string, string>? environmentVariables = null,
        string? pulumiHome = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workingDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(pulumiPath);
        WorkingDirectory = Path.GetFullPath(workingDirectory);
        PulumiPath = pulumiPath;
        PulumiHome = pulumiHome;
        _environment = environmentVariables ?? new Dictionary<string, string>();
        if (!File.Exists(Path.Combine(WorkingDirectory, "Pulumi.yaml")) && !File.Exists(Path.Combine(WorkingDirectory, "Pulumi.yml")))
        {
            throw new EngineInputException($"{WorkingDirectory} is not a Pulumi project: it has no Pulumi.yaml");
        }
    }

    public string WorkingDirectory { get; }

    public string PulumiPath { get; }

    public string? PulumiHome { get; }

    /// <summary>
    /// How long a cancelled command may take to stop after it was sent SIGINT (Pulumi then finishes the resource
    /// operations in flight and saves the state) before it is killed.
    /// </summary>
    public TimeSpan CancellationGracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The CLI's version once the first command has run (null if it could not be read and the check was skipped).</summary>
    public PulumiVersion? CliVersion { get; private set; }

    /// <summary>Runs <c>pulumi version</c> (once per engine) and enforces the minimum version.</summary>
    public Task<PulumiVersion?> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_version is null || _version.IsFaulted || _version.IsCanceled) _version = CheckVersionAsync(cancellationToken);
            return _version;
        }
    }

    public async Task<PreviewResult> PreviewAsync(ResourceGraph program, OperationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await SelectOrCreateStackAsync(options.Stack, cancellationToken).ConfigureAwait(false);
        var run = await RunAsync(["preview", "--json", "--show-sames", .. TargetArgs(options)], options.Stack, null, digestOutput: true, cancellationToken)
            .ConfigureAwait(false);
        var digest = PulumiJson.ParseDigest(run.StandardOutput);
        if (run.ExitCode != 0) throw PulumiErrors.For(run, options.Stack, reasons: digest?.ErrorMessages);
        if (digest is null) throw NoOutput(run, "a preview digest");
        Report(digest, options.OnEvent);
        return new PreviewResult(digest.ResourceSteps, digest.Summary);
    }

    public async Task<UpResult> UpAsync(ResourceGraph program, OperationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await SelectOrCreateStackAsync(options.Stack, cancellationToken).ConfigureAwait(false);
        // --refresh reads Azure first, so up also puts back what drifted (as the sandbox's up does).
        return await StreamAsync(["up", "--yes", "--skip-preview", "--refresh", .. TargetArgs(options), .. ParallelArgs(options), .. ConfigArgs(options), "--json"], options, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<UpResult> DestroyAsync(OperationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        return await StreamAsync(["destroy", "--yes", "--skip-preview", .. ParallelArgs(options), "--json"], options, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<RefreshResult> RefreshPreviewAsync(OperationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var version = await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        if (version is not null && version < PulumiVersion.RefreshPreviewOnly)
        {
            throw new EngineInputException(
                $"the Pulumi CLI is {version}; reading live state without writing it (`pulumi refresh --preview-only`) "
                + $"needs {PulumiVersion.RefreshPreviewOnly} or later: upgrade the CLI");
        }
        // Never with --yes: --preview-only and --yes cannot be used together, and --yes would write the state.
        var run = await RunAsync(["refresh", "--preview-only", "--expect-no-changes", "--json"], options.Stack, null, digestOutput: true, cancellationToken)
            .ConfigureAwait(false);
        var digest = PulumiJson.ParseDigest(run.StandardOutput);
        var drift = run.ExitCode == PulumiErrors.ExitNoChangesExpected
            || (run.ExitCode == PulumiErrors.ExitInternal && (version is null || version < PulumiVersion.ExitCodes)
                && PulumiErrors.SaysChangesWereNotExpected(run));
        if (run.ExitCode != 0 && !drift) throw PulumiErrors.For(run, options.Stack, reasons: digest?.ErrorMessages);
        if (digest is null) throw NoOutput(run, "a refresh preview digest");
        Report(digest, options.OnEvent);
        var recorded = await ExportStackAsync(options.Stack, cancellationToken).ConfigureAwait(false)
            ?? throw new EngineInputException($"stack '{options.Stack}' has no state to compare with");
        return new RefreshResult(digest.Summary, LiveExport.Apply(recorded, digest));
    }

    public async Task<string?> ExportStackAsync(string stack, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stack);
        await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var run = await RunAsync(["stack", "export"], stack, null, digestOutput: false, cancellationToken).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            if (PulumiErrors.IsStackNotFound(run)) return null;
            throw PulumiErrors.For(run, stack);
        }
        return string.IsNullOrWhiteSpace(run.StandardOutput) ? null : run.StandardOutput;
    }

    /// <summary><c>--target URN</c> for each target (Pulumi changes only those resources).</summary>
    private static string[] TargetArgs(OperationOptions options) =>
        [.. options.Targets.SelectMany(urn => new[] { "--target", urn })];

    /// <summary>
    /// <c>--config-path --config KEY=VALUE</c>: <c>pulumi up</c> sets the value for this update and saves it to the stack
    /// file (pulumi up CLI reference, https://www.pulumi.com/docs/iac/cli/commands/pulumi_up/, option <c>-c, --config</c>);
    /// <c>--config-path</c> reads the key as a path into a structured value. That flag was read in pulumi/pulumi's
    /// <c>preview.go</c>; that <c>up</c> declares it the same way was not confirmed here.
    /// </summary>
    private static string[] ConfigArgs(OperationOptions options) =>
        options.ConfigPaths.Count == 0 ? [] : ["--config-path", .. options.ConfigPaths.SelectMany(c => new[] { "--config", c })];

    private static string[] ParallelArgs(OperationOptions options) =>
        options.Parallel > 0 ? ["--parallel", options.Parallel.ToString(CultureInfo.InvariantCulture)] : [];

    private async Task<UpResult> StreamAsync(string[] args, OperationOptions options, CancellationToken cancellationToken)
    {
        var events = new EngineEventStream(options.OnEvent);
        var started = DateTimeOffset.UtcNow;
        var run = await RunAsync(args, options.Stack, events.OnLine, digestOutput: false, cancellationToken).ConfigureAwait(false);
        events.Complete();
        if (run.ExitCode != 0)
        {
            throw PulumiErrors.For(run, options.Stack, events.PolicyViolations, [.. events.Errors, .. events.UnparsedLines]);
        }
        if (events.Summary is not { } summary)
        {
            var seen = events.EventCount == 0 ? "nor any other engine event" : $"after {events.EventCount} other engine events";
            throw new PulumiCommandException(
                $"`{run.CommandLine}` exited 0 but printed no summary event ({seen}), so what it changed is unknown",
                run.CommandLine, run.ExitCode, run.StandardError);
        }
        var elapsed = summary.DurationSeconds > 0 ? summary.DurationSeconds : (DateTimeOffset.UtcNow - started).TotalSeconds;
        // Pulumi does not report ARM retries (the azure-native provider retries internally), so there are none to count.
        return new UpResult(events.Steps, summary.Changes, elapsed / 60.0, Retries: 0);
    }

    private static void Report(PreviewDigest digest, Action<EngineEvent>? onEvent)
    {
        if (onEvent is null) return;
        foreach (var diagnostic in digest.Diagnostics)
        {
            onEvent(new EngineEvent.Diagnostic(0, diagnostic.Severity, diagnostic.Message, diagnostic.Urn is { Length: > 0 } urn ? urn : null));
        }
    }

    private static PulumiCommandException NoOutput(PulumiRun run, string what) =>
        new($"`{run.CommandLine}` exited {run.ExitCode} without printing {what}"
            + (run.StandardError.Length > 0 ? ":\n" + PulumiErrors.Excerpt(run.StandardError) : ""),
            run.CommandLine, run.ExitCode, run.StandardError);

    /// <summary><c>stack select --stack S</c>; when the stack does not exist, <c>stack init S</c>. Once per stack.</summary>
    private Task SelectOrCreateStackAsync(string stack, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stack);
        lock (_gate)
        {
            if (!_selectedStacks.TryGetValue(stack, out var selection) || selection.IsFaulted || selection.IsCanceled)
            {
                selection = SelectOrCreateAsync(stack, cancellationToken);
                _selectedStacks[stack] = selection;
            }
            return selection;
        }
    }

    private async Task SelectOrCreateAsync(string stack, CancellationToken cancellationToken)
    {
        await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var select = await SelectAsync(stack, cancellationToken).ConfigureAwait(false);
        if (select.ExitCode == 0) return;
        if (!PulumiErrors.IsStackNotFound(select)) throw PulumiErrors.For(select, stack);
        var secretsProvider = StackSettingsFile.SecretsProvider(WorkingDirectory, stack);
        string[] init = secretsProvider is null
            ? ["stack", "init", stack]
            : ["stack", "init", stack, "--secrets-provider", secretsProvider];
        var created = await RunAsync(init, null, null, digestOutput: false, cancellationToken).ConfigureAwait(false);
        if (created.ExitCode == 0) return;
        // Someone else created it in the meantime: select it.
        if (!PulumiErrors.IsStackAlreadyExists(created)) throw PulumiErrors.For(created, stack);
        select = await SelectAsync(stack, cancellationToken).ConfigureAwait(false);
        if (select.ExitCode != 0) throw PulumiErrors.For(select, stack);
    }

    private Task<PulumiRun> SelectAsync(string stack, CancellationToken cancellationToken) =>
        RunAsync(["stack", "select", "--stack", stack], null, null, digestOutput: false, cancellationToken);

    private async Task<PulumiVersion?> CheckVersionAsync(CancellationToken cancellationToken)
    {
        // As LocalWorkspace: plain `pulumi version`, without --non-interactive.
        var run = await ExecuteAsync(["version"], null, false, cancellationToken).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            throw new PulumiCommandException(
                $"`{run.CommandLine}` failed with exit code {run.ExitCode}: {PulumiErrors.Excerpt(run.StandardError)}",
                run.CommandLine, run.ExitCode, run.StandardError);
        }
        var printed = run.StandardOutput.Trim();
        var parsed = PulumiVersion.TryParse(printed, out var version) ? version : null;
        var skip = _environment.ContainsKey(SkipVersionCheckVariable)
            || Environment.GetEnvironmentVariable(SkipVersionCheckVariable) is not null;
        CliVersion = parsed;
        if (skip) return parsed;
        if (parsed is null)
        {
            throw new EngineInputException(
                $"cannot read the Pulumi CLI's version from `{run.CommandLine}` (it printed '{Shorten(printed)}'); "
                + $"set {SkipVersionCheckVariable}=true to skip the check");
        }
        if (parsed.Major > PulumiVersion.Minimum.Major)
        {
            throw new EngineInputException(
                $"the Pulumi CLI is {parsed}, a major version this tool does not know (it drives v{PulumiVersion.Minimum.Major}); "
                + $"install a v{PulumiVersion.Minimum.Major} CLI or set {SkipVersionCheckVariable}=true");
        }
        if (parsed < PulumiVersion.Minimum)
        {
            throw new EngineInputException(
                $"the Pulumi CLI is {parsed}; this tool needs {PulumiVersion.Minimum} or later: upgrade it "
                + $"(https://www.pulumi.com/docs/install/) or set {SkipVersionCheckVariable}=true");
        }
        return parsed;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    /// <summary>Runs <c>pulumi &lt;args&gt; [--stack S] --non-interactive</c>.</summary>
    private Task<PulumiRun> RunAsync(
        IReadOnlyList<string> args, string? stack, Action<string>? onOutputLine, bool digestOutput, CancellationToken cancellationToken)
    {
        List<string> full = [.. args];
        if (stack is not null) full.AddRange(["--stack", stack]);
        full.Add("--non-interactive");
        return ExecuteAsync(full, onOutputLine, digestOutput, cancellationToken);
    }

    private async Task<PulumiRun> ExecuteAsync(
        IReadOnlyList<string> args, Action<string>? onOutputLine, bool digestOutput, CancellationToken cancellationToken)
    {
        var commandLine = CommandLine(args);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var command = Cli.Wrap(PulumiPath)
            .WithArguments(args, escape: true)
            .WithWorkingDirectory(WorkingDirectory)
            .WithEnvironmentVariables(ProcessEnvironment(digestOutput))
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(onOutputLine is null ? PipeTarget.ToStringBuilder(stdout) : PipeTarget.ToDelegate(onOutputLine))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .WithValidation(CommandResultValidation.None);

        // Cancellation: SIGINT first, so Pulumi finishes the operations in flight and saves the state; kill after the grace period.
        using var forceful = new CancellationTokenSource();
        using var escalate = cancellationToken.Register(() => forceful.CancelAfter(CancellationGracePeriod));
        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(forceful.Token, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Win32Exception || (e is InvalidOperationException && e.InnerException is Win32Exception))
        {
            throw new EngineInputException(
                $"cannot run the Pulumi CLI '{PulumiPath}' ({e.InnerException?.Message ?? e.Message}): install it "
                + "(https://www.pulumi.com/docs/install/) or give its path");
        }
        return new PulumiRun(commandLine, result.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private Dictionary<string, string?> ProcessEnvironment(bool digestOutput)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in _environment) env[name] = value;
        if (PulumiHome is not null) env["PULUMI_HOME"] = PulumiHome;
        // As LocalWorkspace: a CLI given by path finds the plugins bundled next to it first.
        if (Path.IsPathRooted(PulumiPath) && Path.GetDirectoryName(PulumiPath) is { Length: > 0 } directory)
        {
            var path = _environment.TryGetValue("PATH", out var own) ? own : Environment.GetEnvironmentVariable("PATH");
            env["PATH"] = string.IsNullOrEmpty(path) ? directory : directory + Path.PathSeparator + path;
        }
        if (digestOutput) env[StreamingPreviewVariable] = null;
        return env;
    }

    private string CommandLine(IEnumerable<string> args) =>
        string.Join(' ', new[] { PulumiPath }.Concat(args).Select(a => a.Length > 0 && !a.Any(char.IsWhiteSpace) && !a.Contains('\'', StringComparison.Ordinal) ? a : $"'{a.Replace("'", "'\\''", StringComparison.Ordinal)}'"));
}
