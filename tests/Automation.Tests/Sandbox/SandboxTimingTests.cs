using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Resources;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Tests.Sandbox;

/// <summary>The virtual clock: typical Azure durations, --parallel, and ARM's throttling limits.</summary>
[TestFixture]
public sealed class SandboxTimingTests
{
    [Test]
    public async Task Prod_takes_as_long_as_its_vpn_gateway_path_and_parallelism_shortens_it()
    {
        var gateway = new List<double>();
        async Task<UpResult> Up(int parallel)
        {
            using var dir = new StateDir();
            return await dir.Engine().UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod", parallel, e =>
            {
                if (e is EngineEvent.StepStarted { Step.Type: "azure-native:network:VirtualNetworkGateway" } s) gateway.Add(-s.Minute);
                if (e is EngineEvent.StepDone { Step.Type: "azure-native:network:VirtualNetworkGateway" } d) gateway[^1] += d.Minute;
            }));
        }
        var ten = await Up(10);
        var one = await Up(1);
        var unbounded = await Up(int.MaxValue);
        TestContext.Out.WriteLine($"prod makespan: --parallel 1 {one.ElapsedMinutes:0.0} min, 10 {ten.ElapsedMinutes:0.0} min, unbounded {unbounded.ElapsedMinutes:0.0} min");

        Assert.That(gateway, Is.All.EqualTo(45).Within(1e-9), "the gateway takes its 45 minutes");
        Assert.That(ten.ElapsedMinutes, Is.GreaterThanOrEqualTo(45).And.LessThan(45 * 1.5), "the gateway dominates");
        Assert.That(unbounded.ElapsedMinutes, Is.GreaterThanOrEqualTo(45).And.LessThanOrEqualTo(ten.ElapsedMinutes));
        Assert.That(one.ElapsedMinutes, Is.GreaterThan(2 * ten.ElapsedMinutes));
        var sum = RealStacks.Graph("prod").Resources.Sum(r => Durations.Of(r.Type).Create);
        Assert.That(one.ElapsedMinutes, Is.EqualTo(sum).Within(0.01), "one at a time, the durations add up");
    }

    [Test]
    public async Task Writes_to_one_virtual_network_never_overlap()
    {
        using var dir = new StateDir();
        var engine = dir.Engine();
        await engine.UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod", int.MaxValue));
        var calls = engine.LastRun!.Calls.Where(c => c.Outcome == ArmCall.Accepted).ToDictionary(c => c.Urn);
        var program = RealStacks.Graph("prod");
        var byVnet = program.Resources
            .Where(r => r.Type is "azure-native:network:Subnet" or "azure-native:network:VirtualNetworkPeering")
            // The DR hub's half of the hub-to-hub peering names its VNet, which another stack declares.
            .GroupBy(r => r.Inputs["virtualNetworkName"] switch
            {
                PropertyValue.Ref reference => reference.Target.Resource!.LogicalName,
                PropertyValue.Str name => name.Value,
                var other => throw new AssertionException($"{r}: virtualNetworkName is {other}"),
            });
        Assert.That(engine.LastRun.RetriesByReason.GetValueOrDefault("another-operation"), Is.Positive,
            "unbounded, the peerings of the hub collide and are retried");
        foreach (var vnet in byVnet)
        {
            var intervals = vnet.Select(r => (Start: calls[program.UrnOf(r)].AtMilliseconds,
                    End: calls[program.UrnOf(r)].AtMilliseconds + (long)Math.Round(Durations.Of(r.Type).Create * 60_000)))
                .OrderBy(i => i.Start).ToList();
            for (var i = 1; i < intervals.Count; i++)
                Assert.That(intervals[i].Start, Is.GreaterThanOrEqualTo(intervals[i - 1].End), $"children of {vnet.Key} overlap");
        }
    }

    [Test]
    public async Task An_estate_of_500_offices_stays_within_arm_limits_with_retries_counted()
    {
        var program = RealStacks.WithOffices(500);
        using var dir = new StateDir();
        var engine = dir.Engine();
        var result = await engine.UpAsync(program, RealStacks.Options("prod", int.MaxValue));
        var stats = engine.LastRun!;
        TestContext.Out.WriteLine($"500 offices: {program.Resources.Count} resources, {result.ElapsedMinutes:0.0} simulated minutes, {result.Retries} retries " +
            $"({string.Join(", ", stats.RetriesByReason.Select(r => $"{r.Key} {r.Value}"))}), {stats.Calls.Count} ARM calls");

        Assert.That(result.Summary[StepOp.Create], Is.EqualTo(program.Resources.Count + 1));
        Assert.That(result.Retries, Is.EqualTo(stats.RetriesByReason.Values.Sum()));
        Assert.That(stats.RetriesByReason["subscription-writes"], Is.Positive, "a thousand writes at once empty the bucket");

        var writes = stats.Calls.Where(c => c.Kind == ArmCallKind.Write).Select(c => c.AtMilliseconds).Order().ToList();
        Assert.That(writes.GroupBy(ms => ms / 1000).Max(g => g.Count()), Is.LessThanOrEqualTo(ArmLimits.WriteBucket), "no simulated second exceeds the bucket");
        // Token-bucket conformance: any interval [a, b] holds at most bucket + refill × (b − a) calls.
        var excess = double.MinValue;
        for (var i = 0; i < writes.Count; i++)
            for (var j = i; j < writes.Count && writes[j] - writes[i] <= 120_000; j++)
                excess = Math.Max(excess, j - i + 1 - (ArmLimits.WriteBucket + ArmLimits.WriteRefillPerSecond * (writes[j] - writes[i]) / 1000.0));
        Assert.That(excess, Is.LessThanOrEqualTo(1e-9), "calls beyond what the bucket allows in some interval");
        var network = stats.Calls.Where(c => c.Namespace == "Microsoft.Network" && c.Outcome != ArmCall.Throttled).Select(c => c.AtMilliseconds).Order().ToList();
        var busiest = 0;
        for (int i = 0, j = 0; j < network.Count; j++)
        {
            while (network[j] - network[i] >= ArmLimits.NetworkWindowSeconds * 1000L) i++;
            busiest = Math.Max(busiest, j - i + 1);
        }
        Assert.That(busiest, Is.LessThanOrEqualTo(ArmLimits.NetworkWritesPerWindow), "Microsoft.Network writes in any 5 minutes");
    }

    [Test]
    public void The_network_limit_holds_back_the_thousand_and_first_write_until_the_window_moves()
    {
        var window = new SlidingWindow(ArmLimits.NetworkWritesPerWindow, ArmLimits.NetworkWindowSeconds * 1000L);
        for (var i = 0; i < ArmLimits.NetworkWritesPerWindow; i++)
            Assert.That(window.TryTake(i * 10, out _), Is.True);
        Assert.That(window.TryTake(20_000, out var retryAt), Is.False);
        Assert.That(retryAt, Is.EqualTo(300_000));
        Assert.That(window.TryTake(retryAt, out _), Is.True);
    }

    [Test]
    public void The_subscription_bucket_gives_200_calls_at_once_then_ten_a_second()
    {
        var bucket = new TokenBucket(ArmLimits.WriteBucket, ArmLimits.WriteRefillPerSecond);
        for (var i = 0; i < ArmLimits.WriteBucket; i++) Assert.That(bucket.TryTake(0, out _), Is.True);
        Assert.That(bucket.TryTake(0, out var retryAt), Is.False);
        Assert.That(retryAt, Is.EqualTo(1000), "Retry-After is in whole seconds");
        var granted = Enumerable.Range(0, 100).Count(_ => bucket.TryTake(1000, out long _));
        Assert.That(granted, Is.EqualTo(10));
    }
}
