using System.CommandLine;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Reports.Topology;
using Oic.Infra.Estate.Model;
using Oic.Infra.Toolkit;

namespace Oic.Infra.Cli;

/// <summary><c>infra graph</c>: the estate's network topology, drawn from the compiled resource graphs.</summary>
public static class GraphCommand
{
    public static Command Create()
    {
        var stack = CommonOptions.Stack();
        var dr = new Option<string?>("--dr")
        {
            Description = "The DR stack drawn beside it (default: <stack>-dr when that stack file exists and the stack is primary); 'none' draws one region.",
        };
        var format = CommonOptions.Format("svg", "mermaid", "dot");
        format.DefaultValueFactory = _ => "svg";
        var command = new Command("graph", "Draw the estate's topology from the compiled program: regions, hubs, spokes and address spaces, firewall, gateways, every site with its tunnels, the link between regions, private endpoints; colours by data classification and continuity tier. SVG (our own layout), Mermaid (pull requests) or DOT.")
        {
            stack, dr, format,
        };
        command.SetAction(p =>
        {
            var workspace = Workspace.Open(Environment.CurrentDirectory);
            var name = CommonOptions.StackOf(p, stack);
            var (estate, graph) = workspace.Load(name);
            var graphs = new List<Oic.Infra.Resources.ResourceGraph> { graph };
            var twin = p.GetValue(dr);
            if (twin is null && estate.Deployment.Role == StackRole.Primary && workspace.KnownStacks.Contains($"{name}-dr"))
                twin = $"{name}-dr";
            if (twin is not null && twin != "none")
            {
                var (drEstate, drGraph) = workspace.Load(twin);
                if (drEstate.Deployment.Role != StackRole.Dr || drEstate.Deployment.Environment != estate.Deployment.Environment)
                    throw new EngineInputException($"--dr {twin}: stack '{twin}' is not the DR stack of '{name}' (its role is {drEstate.Deployment.Role.ToString().ToLowerInvariant()}, environment {drEstate.Deployment.Environment})");
                graphs.Add(drGraph);
            }
            var topology = EstateTopology.From(graphs);
            var title = $"OIC General Secretariat estate — {string.Join(" + ", graphs.Select(g => g.Stack))}";
            Console.Out.Write(p.GetValue(format) switch
            {
                "mermaid" => TopologyText.Mermaid(topology),
                "dot" => TopologyText.Dot(topology),
                _ => TopologySvg.Render(topology, title),
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
