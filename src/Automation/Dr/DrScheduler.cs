using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Dr;

/// <summary>One node of the rebuild graph.</summary>
internal sealed class DrTask
{
    public required int Index { get; init; }
    public required string Urn { get; init; }
    public required string Type { get; init; }
    public required DrStepKind Kind { get; init; }
    public required long DurationMs { get; init; }

    /// <summary>Already in the DR region: done at minute 0, no call.</summary>
    public bool Existing { get; init; }

    public bool UsesSlot => !Existing && Kind is DrStepKind.Create or DrStepKind.Cutover;
    public bool Network { get; init; }

    /// <summary>The virtual network the network RP serialises this operation on.</summary>
    public string? Vnet { get; init; }

    public int Tier { get; set; }
    public List<int> Preds { get; } = [];
    public List<int> Succs { get; } = [];

    /// <summary>Longest path from this task's start to the end of the rebuild (its own duration included).</summary>
    public long Remaining { get; set; }
}

/// <summary>Start and end of every task on the virtual clock (milliseconds).</summary>
internal sealed record DrSchedule(long[] Start, long[] End)
{
    public long Makespan => End.Length == 0 ? 0 : End.Max();
}

/// <summary>
/// A list scheduler on the sandbox's virtual clock: whenever a slot is free, the ready operation
/// with the best priority starts, subject to <c>--parallel</c>, the ARM write bucket (200, 10/s),
/// Microsoft.Network's 1,000 writes per 5 minutes and the network RP's one operation per VNet.
/// Data steps make one ARM call and then run on Azure's side, taking no slot.
/// </summary>
internal static class DrScheduler
{
    public static void ComputeRemaining(IReadOnlyList<DrTask> tasks, IReadOnlyList<int> topo)
    {
        for (var i = topo.Count - 1; i >= 0; i--)
        {
            var t = tasks[topo[i]];
            long best = 0;
            foreach (var s in t.Succs) best = Math.Max(best, tasks[s].Remaining);
            t.Remaining = best + (t.Existing ? 0 : t.DurationMs);
        }
    }

    public static DrSchedule Run(IReadOnlyList<DrTask> tasks, int parallel, DrScheduling scheduling)
    {
        if (parallel < 1) throw new ArgumentOutOfRangeException(nameof(parallel), "parallel must be at least 1");
        var n = tasks.Count;
        var start = new long[n];
        var end = new long[n];
        var waiting = new int[n];
        var readyAt = new long[n];
        var done = 0;
        var running = new PriorityQueue<int, long>();
        var slotsUsed = 0;
        var busyVnets = new HashSet<string>(StringComparer.Ordinal);
        var writes = new Bucket(ArmLimits.WriteBucket, ArmLimits.WriteRefillPerSecond);
        var network = new Window(ArmLimits.NetworkWritesPerWindow, ArmLimits.NetworkWindowSeconds * 1000L);

        Comparison<int> order = scheduling == DrScheduling.Fifo
            ? (a, b) => readyAt[a] != readyAt[b] ? readyAt[a].CompareTo(readyAt[b]) : a.CompareTo(b)
            : (a, b) =>
            {
                var ta = tasks[a];
                var tb = tasks[b];
                if (ta.Tier != tb.Tier) return ta.Tier.CompareTo(tb.Tier);
                if (ta.Remaining != tb.Remaining) return tb.Remaining.CompareTo(ta.Remaining);
                return a.CompareTo(b);
            };
        var ready = new SortedSet<int>(Comparer<int>.Create(order));

        long now = 0;
        void Finish(int i)
        {
            done++;
            foreach (var s in tasks[i].Succs)
                if (--waiting[s] == 0)
                {
                    readyAt[s] = Math.Max(now, end[i]);
                    ready.Add(s);
                }
        }

        for (var i = 0; i < n; i++)
        {
            waiting[i] = tasks[i].Preds.Count;
        }
        for (var i = 0; i < n; i++)
            if (waiting[i] == 0) ready.Add(i);

        var guard = 0L;
        while (done < n)
        {
            if (++guard > 50_000_000) throw new InvalidOperationException("the DR scheduler made no progress");
            long wake = long.MaxValue;
            var started = new List<int>();
            var armBlocked = false;
            foreach (var i in ready)
            {
                var t = tasks[i];
                if (t.Existing)
                {
                    started.Add(i);
                    continue;
                }
                if (armBlocked) continue;
                if (t.UsesSlot && slotsUsed >= parallel) continue;
                if (t.Vnet is not null && busyVnets.Contains(t.Vnet)) continue;
                if (t.Network && !network.Available(now, out var netRetry))
                {
                    wake = Math.Min(wake, netRetry);
                    continue;
                }
                if (!writes.Available(now, out var armRetry))
                {
                    wake = Math.Min(wake, armRetry);
                    armBlocked = true;
                    continue;
                }
                writes.Take(now);
                if (t.Network) network.Take(now);
                if (t.UsesSlot) slotsUsed++;
                if (t.Vnet is not null) busyVnets.Add(t.Vnet);
                started.Add(i);
            }
            foreach (var i in started)
            {
                ready.Remove(i);
                start[i] = now;
                if (tasks[i].Existing)
                {
                    end[i] = now;
                    Finish(i);
                }
                else
                {
                    end[i] = now + tasks[i].DurationMs;
                    running.Enqueue(i, end[i]);
                }
            }
            if (started.Any(i => tasks[i].Existing)) continue; // newly ready work at the same instant

            var next = running.TryPeek(out _, out var nextEnd) ? nextEnd : long.MaxValue;
            next = Math.Min(next, wake);
            if (next == long.MaxValue)
            {
                if (done < n) throw new InvalidOperationException("the DR rebuild graph has a cycle");
                break;
            }
            now = Math.Max(now, next);
            while (running.TryPeek(out var i, out var e) && e <= now)
            {
                running.Dequeue();
                var t = tasks[i];
                if (t.UsesSlot) slotsUsed--;
                if (t.Vnet is not null) busyVnets.Remove(t.Vnet);
                Finish(i);
            }
        }
        return new DrSchedule(start, end);
    }

    /// <summary>The ARM write token bucket on the virtual clock.</summary>
    private sealed class Bucket(int capacity, int refillPerSecond)
    {
        private double _tokens = capacity;
        private long _at;

        private void Refill(long now)
        {
            _tokens = Math.Min(capacity, _tokens + (now - _at) * refillPerSecond / 1000.0);
            _at = now;
        }

        public bool Available(long now, out long retryAt)
        {
            Refill(now);
            if (_tokens >= 1) { retryAt = now; return true; }
            retryAt = now + (long)Math.Ceiling((1 - _tokens) * 1000 / refillPerSecond);
            return false;
        }

        public void Take(long now)
        {
            Refill(now);
            _tokens -= 1;
        }
    }

    /// <summary>At most <c>limit</c> calls in any window.</summary>
    private sealed class Window(int limit, long windowMs)
    {
        private readonly Queue<long> _calls = new();

        public bool Available(long now, out long retryAt)
        {
            while (_calls.Count > 0 && _calls.Peek() <= now - windowMs) _calls.Dequeue();
            if (_calls.Count < limit) { retryAt = now; return true; }
            retryAt = _calls.Peek() + windowMs;
            return false;
        }

        public void Take(long now) => _calls.Enqueue(now);
    }
}
