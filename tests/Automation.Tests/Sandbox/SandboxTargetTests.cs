using Oic.Infra.Automation.Engines;

namespace Oic.Infra.Automation.Tests.Sandbox;

/// <summary>Pulumi's <c>--target</c> on the sandbox: only the targeted resources change.</summary>
[TestFixture]
public sealed class SandboxTargetTests
{
    private const string ResourceGroup = "azure-native:resources:ResourceGroup";

    [Test]
    public async Task A_targeted_up_creates_only_the_targets_and_an_untargeted_up_creates_the_rest()
    {
        using var dir = new StateDir();
        var program = RealStacks.Graph("dev");
        var groups = program.Resources.Where(r => r.Type == ResourceGroup).Select(program.UrnOf).ToList();
        var providers = program.Resources.Where(r => r.Type.StartsWith("pulumi:providers:", StringComparison.Ordinal)).Select(program.UrnOf).ToList();
        Assert.That(groups, Is.Not.Empty);

        var targeted = await dir.Engine().UpAsync(program, RealStacks.Options("dev") with { Targets = groups });

        var created = targeted.Steps.Where(s => s.Op == StepOp.Create && s.Type != "pulumi:pulumi:Stack").Select(s => s.Urn).ToList();
        Assert.That(created.Where(u => !providers.Contains(u)), Is.EquivalentTo(groups), "exactly the resource groups (and the provider they need)");
        Assert.That(targeted.Steps.Select(s => s.Op), Has.None.AnyOf(StepOp.Update, StepOp.Replace, StepOp.Delete));
        var recorded = Export.Resources((await dir.Engine().ExportStackAsync("dev"))!)
            .Select(r => r!["urn"]!.GetValue<string>())
            .Where(u => !u.Contains("::pulumi:", StringComparison.Ordinal))
            .ToList();
        Assert.That(recorded, Is.EquivalentTo(groups));

        var rest = await dir.Engine().UpAsync(program, RealStacks.Options("dev"));

        var createdAfter = rest.Steps.Where(s => s.Op == StepOp.Create).Select(s => s.Urn).ToList();
        Assert.That(createdAfter, Is.EquivalentTo(program.Resources.Select(program.UrnOf).Except(created)));
        Assert.That(createdAfter, Has.None.AnyOf(groups.ToArray()));
        Assert.That(rest.Summary[StepOp.Same], Is.EqualTo(created.Count + 1), "the groups, their provider and the stack");
        Assert.That(rest.Steps.Select(s => s.Op), Has.None.AnyOf(StepOp.Update, StepOp.Replace, StepOp.Delete));
    }
}
