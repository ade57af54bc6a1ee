using System.CommandLine;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Reports;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Toolkit;

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
            var workspace = EngineCommands.OpenWorkspace(p);
            var name = CommonOptions.StackOf(p, stack);
            var stackFile = workspace.StackFile(name);
            var (estate, graph) = workspace.Load(name);
            var settings = workspace.PolicySettings(name);
            var today = settings.Today;
            var policy = settings.Run(Oic.Infra.Policies.Inputs.GraphInput.From(graph, workspace.Root));
            var stateDir = workspace.StateDirectory;
            var evidence = Path.Combine(stateDir, "evidence");
            var waiverFile = PolicyGate.WaiverFile(workspace.Root);
            var waivers = settings.Waivers?.Waivers ?? [];
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
