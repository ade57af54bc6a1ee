using System.CommandLine;
using Oic.Infra.Automation.Cost;
using Oic.Infra.Estate.Model;
using Oic.Infra.Stacks;
using Oic.Infra.Toolkit;

namespace Oic.Infra.Cli;

/// <summary><c>infra cost</c>: the monthly cost of a stack's program from the priced table of the SKUs it uses.</summary>
public static class CostCommand
{
    public static Command Create()
    {
        var stack = CommonOptions.Stack();
        var format = CommonOptions.Format("text", "json", "markdown");
        var command = new Command("cost", "Estimate a stack's monthly cost from the priced, dated and sourced table of the SKUs it uses (src/Resources/Azure/AzurePrices.cs): fixed charges per type and SKU, usage-based and unpriced resources listed apart, never counted as zero. A DR stack shows its pilot light and the estate after `dr rebuild`.")
        {
            stack, format,
        };
        command.SetAction(p =>
        {
            var (estate, whole) = Workspace.Open(Environment.CurrentDirectory).LoadWhole(CommonOptions.StackOf(p, stack));
            var estimates = estate.Deployment.Role == StackRole.Dr
                ? new[] { CostEstimate.Of(PilotLight.Standby(whole), "standby (pilot light)"), CostEstimate.Of(whole, "after rebuild") }
                : [CostEstimate.Of(whole, "active")];
            Console.Out.Write(p.GetValue(format) switch
            {
                "json" => CostReports.Json(estimates),
                "markdown" => CostReports.Markdown(estimates),
                _ => CostReports.Text(estimates),
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
