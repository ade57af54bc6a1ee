using System.CommandLine;
using Oic.Infra.Automation.Dr;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Estate.Config;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;

namespace Oic.Infra.Cli;

/// <summary><c>infra dr plan</c>: how the estate is rebuilt in the DR region, wave by wave, and how long it takes.</summary>
public static class DrCommands
{
    public static Command Create()
    {
        var stack = new Option<string>("--stack", "-s") { Description = "The source (primary) stack, e.g. prod.", Required = true };
        var to = new Option<string>("--to") { Description = "The DR stack to rebuild into, e.g. prod-dr.", Required = true };
        var parallel = new Option<int>("--parallel", "-p") { Description = "Operations at once (default 10).", DefaultValueFactory = _ => 10 };
        var format = new Option<string>("--format", "-f") { Description = "Output: text, json or markdown (a runbook with a timeline).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "markdown");
        var plan = new Command("plan", "Plan the rebuild of the source stack's estate in its DR stack: existing pilot light, what to create, data steps, office cutover, waves by tier, estimated RTO per tier.")
        {
            stack, to, parallel, format,
        };
        plan.SetAction(p =>
        {
            var root = Compilation.FindRoot(Environment.CurrentDirectory)
                ?? throw new EngineInputException("no Pulumi.yaml with a stacks/ folder here or above; run from the repository");
            var source = p.GetValue(stack)!;
            var target = p.GetValue(to)!;
            var (targetEstate, targetProgram) = Compilation.Load(Compilation.ReadStack(root, target));
            var stateDir = p.GetValue(EngineCommands.StateDir)?.FullName ?? Path.Combine(root, ".infra");
            var sourceState = Recorded(stateDir, source)
                ?? GraphInput.From(Compilation.Declare(Compilation.ReadStack(root, source)), root);
            var result = DrPlanner.Plan(targetProgram, sourceState, Recorded(stateDir, target), targetEstate,
                new DrPlanOptions { Parallel = p.GetValue(parallel), SourceStack = source });
            Console.Out.Write(p.GetValue(format) switch
            {
                "json" => DrPlanReports.Json(result),
                "markdown" => DrPlanReports.Markdown(result),
                _ => DrPlanReports.Text(result),
            });
            return ExitCodes.Success;
        });
        return new Command("dr", "Disaster recovery: plan the rebuild into the DR region.") { plan };
    }

    /// <summary>The sandbox's recorded state of a stack, if it has one.</summary>
    private static ResourceSet? Recorded(string stateDir, string stack)
    {
        var json = new SandboxEngine(stateDir, SandboxOptions.Default).ExportStackAsync(stack).GetAwaiter().GetResult();
        return json is null ? null : StateDocuments.ReadStackExport(json, $"state of {stack}").Set;
    }
}
