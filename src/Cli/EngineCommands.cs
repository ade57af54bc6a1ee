using System.CommandLine;
using Oic.Infra.Automation.Drift;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Pulumi;
using Oic.Infra.Automation.Reports;
using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Estate.Config;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Resources;
using Oic.Infra.Toolkit;

namespace Oic.Infra.Cli;

/// <summary>
/// <c>infra preview | up | destroy | refresh | drift | tamper | state export</c>: the estate through
/// an engine — the embedded sandbox (the default) or the real Pulumi CLI.
/// </summary>
public static class EngineCommands
{
    public static readonly Option<string> Engine = new("--engine")
    {
        Description = "sandbox (embedded simulation of the Azure control plane, the default) or pulumi (the real CLI).",
        DefaultValueFactory = _ => "sandbox",
        Recursive = true,
    };

    public static readonly Option<DirectoryInfo?> StateDir = new("--state-dir")
    {
        Description = "Where the sandbox keeps state, live resources, journals and locks (default: .infra/ in the repository).",
        Recursive = true,
    };

    static EngineCommands() => Engine.AcceptOnlyFromAmong("sandbox", "pulumi");

    public static IEnumerable<Command> Create() => [Preview(), Up(), Destroy(), Refresh(), Drift(), Tamper(), State()];

    private static Command Preview()
    {
        var stack = CommonOptions.Stack();
        var parallel = CommonOptions.Parallel();
        var format = CommonOptions.Format("text", "json", "markdown");
        var fromPreview = new Option<FileInfo?>("--from-preview")
        {
            Description = "Render this saved `pulumi preview --json --show-sames` digest instead of running a preview (CI's pull-request comment).",
        };
        var target = CommonOptions.Target();
        var diff = new Option<bool>("--diff") { Description = "Show each property that changes, as `pulumi preview --diff` does." };
        var command = new Command("preview", "Show what `up` would change; changes nothing. --format markdown gives the pull-request comment.")
        {
            stack, parallel, format, fromPreview, target, diff,
        };
        command.SetAction(async (p, ct) =>
        {
            var name = CommonOptions.StackOf(p, stack);
            PreviewResult result;
            PolicyReport policy;
            var progress = new Progress(p.GetValue(format)!);
            if (p.GetValue(fromPreview) is { } file)
            {
                var display = Cli.Display(file.FullName);
                result = PreviewDigestFile.Read(file.FullName, display);
                policy = PolicyGate.Check(StateDocuments.FromPreview(file.FullName, display), Compilation.FindRoot(Environment.CurrentDirectory), null, null);
            }
            else
            {
                var context = Context.For(p, name, []);
                result = await context.Engine.PreviewAsync(context.Program, context.Options(p.GetValue(parallel), progress.OnEvent, p.GetValue(target)), ct).ConfigureAwait(false);
                policy = PolicyGate.CheckGraph(context.Program, context.Workspace.Root);
            }
            if (p.GetValue(format) == "markdown")
                Console.Out.Write(PreviewComment.Render(name, result, policy));
            else
                progress.Plan(result, name, p.GetValue(diff));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Up()
    {
        var stack = CommonOptions.Stack();
        var parallel = CommonOptions.Parallel();
        var format = CommonOptions.Format("text", "json");
        var inject = new Option<string[]>("--inject") { Description = "Sandbox faults: crash-after=N, transient=RATE, region-outage=LOCATION, seed=N (repeatable or comma-separated)." };
        var target = CommonOptions.Target();
        var yes = CommonOptions.Yes();
        var command = new Command("up", "Deploy: create, update, replace and delete until Azure matches the program (drift included).") { stack, parallel, format, inject, target, yes };
        command.SetAction(async (p, ct) =>
        {
            var name = CommonOptions.StackOf(p, stack);
            var context = Context.For(p, name, p.GetValue(inject) ?? []);
            CommonOptions.Confirm(p.GetValue(yes), "update", name);
            var progress = new Progress(p.GetValue(format)!);
            var result = await context.Engine.UpAsync(context.Program, context.Options(p.GetValue(parallel), progress.OnEvent, p.GetValue(target)), ct).ConfigureAwait(false);
            progress.Done("up", result, context.Stack);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Destroy()
    {
        var stack = CommonOptions.Stack();
        var parallel = CommonOptions.Parallel();
        var format = CommonOptions.Format("text", "json");
        var yes = CommonOptions.Yes();
        var command = new Command("destroy", "Delete every resource of the stack (protected resources are refused).") { stack, parallel, format, yes };
        command.SetAction(async (p, ct) =>
        {
            var name = CommonOptions.StackOf(p, stack);
            CommonOptions.Confirm(p.GetValue(yes), "destroy", name);
            var context = Context.For(p, name, [], compile: false);
            var progress = new Progress(p.GetValue(format)!);
            var result = await context.Engine.DestroyAsync(context.Options(p.GetValue(parallel), progress.OnEvent), ct).ConfigureAwait(false);
            progress.Done("destroy", result, context.Stack);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Refresh()
    {
        var stack = CommonOptions.Stack();
        var format = CommonOptions.Format("text", "json");
        var parallel = CommonOptions.Parallel();
        var command = new Command("refresh", "Read what Azure has and say what a refresh would change in the state (preview only: nothing is written).") { stack, format, parallel };
        command.SetAction(async (p, ct) =>
        {
            var context = Context.For(p, CommonOptions.StackOf(p, stack), [], compile: false);
            var result = await context.Engine.RefreshPreviewAsync(context.Options(p.GetValue(parallel), null), ct).ConfigureAwait(false);
            Progress.Summary("refresh (preview)", result.Summary, p.GetValue(format)!, context.Stack);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Drift()
    {
        var stack = CommonOptions.Stack();
        var format = CommonOptions.Format("text", "json", "markdown", "html");
        var parallel = CommonOptions.Parallel();
        var command = new Command("drift", "Compare the program with the state, and the state with Azure; exit 3 on drift, 4 on security-relevant drift.") { stack, format, parallel };
        command.SetAction(async (p, ct) =>
        {
            var name = CommonOptions.StackOf(p, stack);
            var report = await MeasureDriftAsync(p, name, p.GetValue(parallel), ct).ConfigureAwait(false)
                ?? throw new EngineInputException($"stack '{name}' has no state yet: run `./infra up --stack {name}` first");
            Console.Out.Write(p.GetValue(format) switch
            {
                "json" => DriftReports.Json(report),
                "markdown" => DriftReports.Markdown(report),
                "html" => Automation.Reports.Html.PolicyDriftHtml.Drift(report),
                _ => DriftReports.Text(report, Progress.Color),
            });
            return report.ExitCode;
        });
        return command;
    }

    /// <summary>Program vs state and state vs Azure for a stack; null when the engine has no state of it.</summary>
    internal static Task<DriftReport?> MeasureDriftAsync(ParseResult p, string name, int parallel, CancellationToken ct)
    {
        var workspace = OpenWorkspace(p);
        return workspace.MeasureDriftAsync(workspace.OpenEngine(EngineOf(p)), name, parallel, ct);
    }

    private static Command Tamper()
    {
        var stack = CommonOptions.Stack();
        var urn = new Option<string>("--urn") { Description = "The live resource to change (its URN).", Required = true };
        var set = new Option<string[]>("--set") { Description = "PATH=VALUE (VALUE is JSON when it parses as JSON), repeatable." };
        var delete = new Option<bool>("--delete") { Description = "Delete the live resource." };
        var add = new Option<string[]>("--add") { Description = "TYPE NAME: create an unmanaged resource beside it.", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
        var command = new Command("tamper", "Change the sandbox's live resources behind the state's back, as a person in the portal would.") { stack, urn, set, delete, add };
        command.SetAction(p =>
        {
            if (p.GetValue(Engine) != "sandbox")
                throw new UsageException("tamper works on the sandbox only; on Azure, use the portal");
            var changes = new List<TamperChange>();
            changes.AddRange((p.GetValue(set) ?? []).Select(TamperChange.ParseAssignment));
            if (p.GetValue(delete)) changes.Add(TamperChange.Delete());
            if (p.GetValue(add) is [var type, var name]) changes.Add(TamperChange.Add(type, name));
            if (changes.Count == 0) throw new UsageException("tamper needs --set PATH=VALUE, --delete or --add TYPE NAME");
            SandboxEngine.Tamper(Workspace.StateDirectoryOf(Compilation.FindRoot(Environment.CurrentDirectory), p.GetValue(StateDir)?.FullName), CommonOptions.StackOf(p, stack), p.GetValue(urn)!, changes,
                warning => Console.Error.WriteLine($"warning: {warning}"));
            Console.Error.WriteLine($"tampered with {p.GetValue(urn)} ({changes.Count} change(s)); `./infra drift --stack {p.GetValue(stack)}` will see it");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command State()
    {
        var stack = CommonOptions.Stack();
        var export = new Command("export", "Print the stack's checkpoint, as `pulumi stack export` does (version 3).") { stack };
        export.SetAction(async (p, ct) =>
        {
            var context = Context.For(p, CommonOptions.StackOf(p, stack), [], compile: false);
            var json = await context.Engine.ExportStackAsync(context.Stack, ct).ConfigureAwait(false)
                ?? throw new EngineInputException($"stack '{context.Stack}' has no state yet");
            Console.Out.Write(json.EndsWith('\n') ? json : json + "\n");
            return ExitCodes.Success;
        });
        return new Command("state", "The engine's recorded state.") { export };
    }

    /// <summary>The repository around the current folder, with the state directory of <c>--state-dir</c>.</summary>
    internal static Workspace OpenWorkspace(ParseResult p) => Workspace.Open(Environment.CurrentDirectory, p.GetValue(StateDir)?.FullName);

    internal static EngineKind EngineOf(ParseResult p) => p.GetValue(Engine) == "pulumi" ? EngineKind.Pulumi : EngineKind.Sandbox;

    /// <summary>The stack, its compiled program (after the policy gate when it is deployed) and the engine chosen.</summary>
    private sealed record Context(string Stack, ResourceGraph Program, IEngine Engine, Workspace Workspace)
    {
        public OperationOptions Options(int parallel, Action<EngineEvent>? onEvent, string[]? targets = null) =>
            new() { Stack = Stack, Parallel = parallel, OnEvent = onEvent, Targets = targets ?? [] };

        public static Context For(ParseResult p, string stack, string[] injects, bool compile = true)
        {
            var workspace = OpenWorkspace(p);
            // The same gate as `infra compile`: nothing non-compliant reaches any engine.
            var graph = compile ? workspace.Compile(stack) : workspace.Declare(stack);
            return new Context(stack, graph, workspace.OpenEngine(EngineOf(p), SandboxFaults.Parse(injects)), workspace);
        }
    }
}
