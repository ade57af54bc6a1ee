using System.Text.Json.Nodes;
using Oic.Infra.Automation.Dr;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Automation.Tests.Sandbox;

namespace Oic.Infra.Automation.Tests.Dr;

/// <summary><c>./infra dr rebuild --tier-order</c>: one targeted up per wave ends where one up of everything ends.</summary>
[TestFixture]
public sealed class DrTierOrderTests
{
    [Test]
    public async Task A_tier_ordered_rebuild_ends_with_the_same_checkpoint_resources_as_a_one_shot_rebuild()
    {
        var (_, graph) = DrStacks.Load("prod-dr");
        var plan = DrStacks.Plan();
        var options = new OperationOptions { Stack = "prod-dr", Parallel = 10 };
        using var oneShotDir = new StateDir();
        using var tieredDir = new StateDir();
        var tierTargets = new List<IReadOnlyList<string>>();
        var tieredEngine = new RecordingEngine(tieredDir.Engine(), tierTargets);

        var oneShot = await DrRebuild.RunAsync(plan, graph, oneShotDir.Engine(), options, Oic.Infra.Policies.Packs.PolicySettings.Strict(DateOnly.FromDateTime(DateTime.UtcNow)), null);
        var tiered = await DrRebuild.RunAsync(plan, graph, tieredEngine, options, Oic.Infra.Policies.Packs.PolicySettings.Strict(DateOnly.FromDateTime(DateTime.UtcNow)), null, simulatedStart: null, clock: null, tierOrdered: true);

        var declared = graph.Resources.Select(graph.UrnOf).ToHashSet(StringComparer.Ordinal);
        var providers = graph.Resources.OfType<Oic.Infra.Resources.ProviderResource>().Select(graph.UrnOf).ToList();
        var expected = plan.Waves.Select(w => w.Resources.Where(declared.Contains).ToList()).Where(t => t.Count > 0)
            .Select(t => t.Concat(providers.Except(t, StringComparer.Ordinal)).ToList()).ToList();
        Assert.That(tierTargets, Is.EqualTo(expected),
            "one up per wave, in order, targeting its resources (not its data steps) and the explicit providers they need");
        Assert.That(Resources(await tieredDir.Engine().ExportStackAsync("prod-dr")),
            Is.EqualTo(Resources(await oneShotDir.Engine().ExportStackAsync("prod-dr"))));
        Assert.That(tiered.Up.Summary[StepOp.Create], Is.EqualTo(oneShot.Up.Summary[StepOp.Create]));
        Assert.That(tiered.Up.Steps.Select(s => s.Op), Has.None.AnyOf(StepOp.Update, StepOp.Replace, StepOp.Delete));
        Assert.That(tiered.Up.ElapsedMinutes, Is.GreaterThanOrEqualTo(oneShot.Up.ElapsedMinutes - 1e-9), "waves wait for each other");
        Assert.That((tiered.Policy.Mandatory, tiered.Policy.Advisory), Is.EqualTo((oneShot.Policy.Mandatory, oneShot.Policy.Advisory)));
        Assert.That(tiered.TierFinishedMinute.Keys.Order(), Is.EqualTo(new[] { "0", "1", "2" }));
        Assert.That(tiered.TierFinishedMinute["0"], Is.LessThanOrEqualTo(tiered.TierFinishedMinute["1"]));

        // Everything exists now: a second tier-ordered rebuild skips every wave.
        tierTargets.Clear();
        var again = await DrRebuild.RunAsync(plan, graph, tieredEngine, options, Oic.Infra.Policies.Packs.PolicySettings.Strict(DateOnly.FromDateTime(DateTime.UtcNow)), null, simulatedStart: null, clock: null, tierOrdered: true);
        Assert.That(tierTargets, Is.Empty);
        Assert.That(again.Up.Steps, Is.Empty);
    }

    /// <summary>The checkpoint's resources, each as its JSON text (URN, inputs, outputs, metadata).</summary>
    private static List<string> Resources(string? json) =>
        ((JsonArray)JsonNode.Parse(json!)!["deployment"]!["resources"]!).Select(r => r!.ToJsonString()).ToList();

    /// <summary>The sandbox, noting the targets of every up.</summary>
    private sealed class RecordingEngine(SandboxEngine inner, List<IReadOnlyList<string>> targets) : IEngine
    {
        public Task<PreviewResult> PreviewAsync(Oic.Infra.Resources.ResourceGraph program, OperationOptions options, CancellationToken cancellationToken = default) =>
            inner.PreviewAsync(program, options, cancellationToken);

        public Task<UpResult> UpAsync(Oic.Infra.Resources.ResourceGraph program, OperationOptions options, CancellationToken cancellationToken = default)
        {
            targets.Add(options.Targets);
            return inner.UpAsync(program, options, cancellationToken);
        }

        public Task<UpResult> DestroyAsync(OperationOptions options, CancellationToken cancellationToken = default) => inner.DestroyAsync(options, cancellationToken);

        public Task<RefreshResult> RefreshPreviewAsync(OperationOptions options, CancellationToken cancellationToken = default) =>
            inner.RefreshPreviewAsync(options, cancellationToken);

        public Task<string?> ExportStackAsync(string stack, CancellationToken cancellationToken = default) => inner.ExportStackAsync(stack, cancellationToken);
    }
}
