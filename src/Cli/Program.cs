using System.CommandLine;
using System.Text;
using Oic.Infra.Estate.Errors;
using Oic.Infra.Toolkit;

namespace Oic.Infra.Cli;

public static class Cli
{
    public static int Main(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var verbose = new Option<bool>("--verbose") { Description = "On a tool failure, print the full stack trace.", Recursive = true };
        var root = new RootCommand(
            "infra — the OIC General Secretariat's estate as code: compile the C# stacks into Pulumi YAML programs, hold them to the policy packs, deploy them (sandbox or Pulumi), prove who reaches what (reach), watch drift, rehearse disaster recovery, and draw the estate (graph) and its status (report) for people.\n" +
            "Exit codes: 0 success, 1 tool failure, 2 invalid input, 3 drift, 4 security-relevant drift, 5 mandatory policy violated.")
        {
            CompileCommand.Create(),
            PolicyCommand.Create(),
            EngineCommands.Engine,
            EngineCommands.StateDir,
            verbose,
        };
        foreach (var command in EngineCommands.Create()) root.Subcommands.Add(command);
        root.Subcommands.Add(DrCommands.Create());
        root.Subcommands.Add(GraphCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(CostCommand.Create());
        root.Subcommands.Add(ReachCommand.Create());
        root.Subcommands.Add(PartnerCommand.Create());
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"infra: {error.Message}");
            Console.Error.WriteLine("Run 'infra --help' for usage.");
            return ExitCodes.InvalidInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        // The one place where errors become exit codes: a typed error by its kind, anything else is exit 1.
        catch (InfraException e)
        {
            if (e is PolicyGateException gate)
                Console.Error.Write(Policies.Reports.PolicyReports.Text(gate.Report, color: !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null));
            foreach (var line in e.Lines) Console.Error.WriteLine(line);
            return ExitCodes.Of(e.Kind);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(ExitCodes.ToolFailed, Estate.Input.InputFile.Plain(e));
        }
        catch (Exception e)
        {
            // Anything else is a bug: one line, exit 1; the stack trace only when asked for.
            if (parse.GetValue(verbose)) Console.Error.WriteLine(e);
            return Fail(ExitCodes.ToolFailed, $"internal error ({e.GetType().Name}: {Estate.Input.InputFile.Plain(e)}); run with --verbose for the stack trace and report it");
        }
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"infra: {message}");
        return code;
    }

    /// <summary>A path as messages show it: relative to the current folder when below it.</summary>
    public static string Display(string path) => Toolkit.DisplayPath.Of(path);

    /// <summary>
    /// A stack export or preview a verb judges must list resources: an empty one judges nothing, and
    /// reporting it as compliant (or unreachable) would hide a truncated or mistaken document.
    /// </summary>
    public static Policies.Engine.ResourceSet Judgeable(Policies.Engine.ResourceSet resources, string path, string document) =>
        resources.Resources.Count > 0 ? resources
            : throw new UsageException($"{Display(path)}: lists no resources (an empty, truncated or mistaken {document}); nothing was judged");
}
