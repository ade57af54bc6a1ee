using System.CommandLine;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Reports;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Waivers;

namespace Oic.Infra.Cli;

/// <summary><c>infra report</c>: the implementation status report, built from what the other verbs produce.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var stack = CommonOptions.Stack();
        var parallel = CommonOptions.Parallel();
        var format = CommonOptions.Format("markdown", "html");
        format.DefaultValueFactory = _ => "markdown";
        var command = new Command("report", "The implementation status report (CFM resolution 1/49-IT item 5): coverage, policy posture by pack and framework, the last drill's RTO/RPO against targets, open drift, waivers about to expire — dated, each figure with its source.")
        {
            stack, format, parallel,
        };
        command.SetAction(async (p, ct) =>
        {
            var root = Compilation.FindRoot(Environment.CurrentDirectory)
                ?? throw new EngineInputException("no Pulumi.yaml with a stacks/ folder here or above; run from the repository");
            var name = CommonOptions.StackOf(p, stack);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var stackFile = Compilation.StackFile(root, name);
            var (estate, graph) = Compilation.Load(Compilation.ReadStack(root, name));
            var policy = PolicyGate.CheckGraph(graph, root);
            var stateDir = p.GetValue(EngineCommands.StateDir)?.FullName ?? Path.Combine(root, ".infra");
            var evidence = Path.Combine(stateDir, "evidence");
            var waiverFile = Path.Combine(root, "policies", "waivers.yaml");
            var waivers = File.Exists(waiverFile)
                ? WaiverSet.Load(waiverFile, Cli.Display(waiverFile), [.. Catalogue.Rules.Select(r => r.Id)], today).Waivers
                : [];
            var drift = await EngineCommands.MeasureDriftAsync(p, name, p.GetValue(parallel), ct).ConfigureAwait(false);
            var data = new StatusReportData
            {
                Stack = name,
                Date = today,
                Estate = estate,
                EstateSource = $"{Cli.Display(stackFile)}, compiled",
                Policy = policy,
                PolicySource = $"./infra policy check --stack {name} (policies/config, {Cli.Display(waiverFile)})",
                LastDrill = DrillEvidence.Latest(evidence, name),
                DrillSource = $"{Cli.Display(evidence)} (./infra dr drill)",
                Drift = drift,
                DriftSource = $"./infra drift --stack {name} --engine {p.GetValue(EngineCommands.Engine)} (state in {Cli.Display(stateDir)})",
                Waivers = waivers,
                WaiverSource = Cli.Display(waiverFile),
            };
            Console.Out.Write(p.GetValue(format) == "html" ? StatusReport.Html(data) : StatusReport.Markdown(data));
            return ExitCodes.Success;
        });
        return command;
    }
}
