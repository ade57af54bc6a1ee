using System.CommandLine;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Reports;
using Oic.Infra.Policies.Rules.Network.Reach;
using Oic.Infra.Toolkit;

namespace Oic.Infra.Cli;

/// <summary><c>infra reach</c>: who reaches what, computed from the compiled program (or a stack export) alone.</summary>
public static class ReachCommand
{
    public static Command Create()
    {
        var stack = CommonOptions.Stack();
        var state = new Option<FileInfo?>("--state") { Description = "Compute on deployed state instead: a `pulumi stack export` document (version 3)." };
        var from = new Option<string?>("--from") { Description = "Only this source: a name (partner:sesric, office:nyc, internet, subnet:VNET/SUBNET) or a kind (partner, office, subnet…)." };
        var to = new Option<string?>("--to") { Description = "Only this destination: a name (store:confidential, endpoint:NAME, management:NAME, subnet:…) or a kind (store, endpoint, subnet, partner…)." };
        var format = CommonOptions.Format("text", "json", "markdown");
        var command = new Command("reach",
            "Who reaches what: every site (headquarters, offices, partners), the internet and every subnet against every subnet, private endpoint, document store (by data-classification tag), management plane (Bastion) and site — on which protocols and ports, and for every yes the path that allows it (route, peering, NSG rule, firewall rule at each hop). Computed from the compiled program alone, as the policies see it; a yes may be wider than Azure's answer, never narrower (docs/adr/0017-reachability-from-the-program.md). Text and Markdown list the pairs that reach; JSON lists every pair.")
        {
            stack, state, from, to, format,
        };
        command.SetAction(p =>
        {
            var stateFile = p.GetValue(state);
            // PULUMI_STACK is a default, not a choice: only a --stack written beside --state conflicts.
            if (stateFile is not null && p.GetResult(stack) is { Implicit: false })
                throw new UsageException("reach takes --stack NAME or --state FILE, not both");
            ResourceSet resources;
            if (stateFile is not null)
            {
                resources = Cli.Judgeable(StateDocuments.FromStackExport(stateFile.FullName, Cli.Display(stateFile.FullName)), stateFile.FullName, "stack export");
            }
            else
            {
                var workspace = Workspace.Open(Environment.CurrentDirectory);
                var name = p.GetValue(stack) ?? throw new UsageException("--stack NAME or --state FILE is required (or set PULUMI_STACK)");
                resources = GraphInput.From(workspace.Declare(name), workspace.Root);
            }
            var matrix = Reachability.Compute(resources);
            var (source, destination) = (p.GetValue(from), p.GetValue(to));
            if (source is not null && !matrix.Sources.Any(s => ReachReports.Matches(s, source)))
                throw new UsageException($"--from {source}: no such source; valid: {string.Join(", ", ReachReports.Selectors(matrix.Sources))}");
            if (destination is not null && !matrix.Destinations.Any(d => ReachReports.Matches(d, destination)))
                throw new UsageException($"--to {destination}: no such destination; valid: {string.Join(", ", ReachReports.Selectors(matrix.Destinations))}");
            var selected = ReachReports.Select(matrix, source, destination);
            Console.Out.Write(p.GetValue(format) switch
            {
                "json" => ReachReports.Json(selected),
                "markdown" => ReachReports.Markdown(selected),
                _ => ReachReports.Text(selected),
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
