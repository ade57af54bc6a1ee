using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Reports;

namespace Oic.Infra.Automation.Tests.Reports;

[TestFixture]
public sealed class PreviewCommentTests
{
    private static ResourceStep Step(StepOp op, string name, string type = "azure-native:storage:StorageAccount", params string[] diffs) =>
        new(op, $"urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup${type}::{name}", type, diffs);

    private static PreviewResult Preview(params ResourceStep[] steps) =>
        new(steps, new ChangeSummary(steps.GroupBy(s => s.Op).ToDictionary(g => g.Key, g => g.Count())));

    [Test]
    public void Comment_starts_with_the_stack_marker_and_counts_every_kind_of_change()
    {
        var text = PreviewComment.Render("prod", Preview(
            Step(StepOp.Create, "hub-uan-bas", "azure-native:network:BastionHost"),
            Step(StepOp.Update, "hub-uan-vnet", "azure-native:network:VirtualNetwork", "tags"),
            Step(StepOp.Same, "hub-uan-rg", "azure-native:resources:ResourceGroup")), policy: null);

        Assert.That(text, Does.StartWith("<!-- oic-gs-infra:preview:prod -->\n"));
        Assert.That(text, Does.Contain("1 to create, 1 to update"));
        Assert.That(text, Does.Contain("| unchanged | 1 |"));
        Assert.That(text, Does.Contain("| update | `hub-uan-vnet` | azure-native:network:VirtualNetwork | tags |"));
        Assert.That(text, Does.Not.Contain("**Replaced**"));
    }

    [Test]
    public void Replaced_resources_are_called_out_with_their_reasons()
    {
        var replace = Step(StepOp.Replace, "documents-uan-st-conf") with { ReplaceReasons = ["encryption.requireInfrastructureEncryption"] };

        var text = PreviewComment.Render("prod", Preview(replace), policy: null);

        Assert.That(text, Does.Contain("**Replaced**"));
        Assert.That(text, Does.Contain("- `documents-uan-st-conf` (azure-native:storage:StorageAccount): `encryption.requireInfrastructureEncryption`"));
    }

    [Test]
    public void A_long_preview_is_cut_at_a_row_to_fit_and_points_at_the_artifact()
    {
        var steps = Enumerable.Range(0, 3000).Select(i => Step(StepOp.Create, $"connectivity-uan-cn-office{i:D4}", "azure-native:network:VirtualNetworkGatewayConnection")).ToArray();

        var text = PreviewComment.Render("prod", Preview(steps), policy: null, maxLength: 20_000);

        Assert.That(text.Length, Is.LessThanOrEqualTo(20_000));
        Assert.That(text, Does.Contain("more change(s) left out").And.Contain("artifacts"));
        Assert.That(text, Does.Contain("3000 to create"), "the counts stay whole even when rows are cut");
        Assert.That(text.TrimEnd(), Does.EndWith("</details>"));
    }
}
