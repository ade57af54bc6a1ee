using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>A token bucket on the virtual clock (milliseconds): a call takes a token; tokens come back at a steady rate.</summary>
internal sealed class TokenBucket(int capacity, int refillPerSecond)
{
    private double _tokens = capacity;
    private long _at;

    public bool TryTake(long now, out long retryAt)
    {
        _tokens = Math.Min(capacity, _tokens + (now - _at) * refillPerSecond / 1000.0);
        _at = now;
        if (_tokens >= 1)
        {
            _tokens -= 1;
            retryAt = now;
            return true;
        }
        // ARM's Retry-After is in whole seconds.
        var seconds = Math.Max(1, (long)Math.Ceiling((1 - _tokens) / refillPerSecond));
        retryAt = now + seconds * 1000;
        return false;
    }
}

/// <summary>At most <c>limit</c> calls in any window of <c>windowMs</c> milliseconds.</summary>
internal sealed class SlidingWindow(int limit, long windowMs)
{
    private readonly Queue<long> _calls = new();

    public bool TryTake(long now, out long retryAt)
    {
        while (_calls.Count > 0 && _calls.Peek() <= now - windowMs) _calls.Dequeue();
        if (_calls.Count < limit)
        {
            _calls.Enqueue(now);
            retryAt = now;
            return true;
        }
        retryAt = _calls.Peek() + windowMs;
        return false;
    }
}

/// <summary>The throttling state of one apply: buckets per subscription, the network window, busy virtual networks.</summary>
internal sealed class ArmThrottle
{
    private readonly Dictionary<string, TokenBucket> _writes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TokenBucket> _deletes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SlidingWindow> _network = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _busy = new(StringComparer.OrdinalIgnoreCase);

    public TokenBucket Bucket(string subscription, ArmCallKind kind)
    {
        var buckets = kind == ArmCallKind.Write ? _writes : _deletes;
        if (!buckets.TryGetValue(subscription, out var bucket))
            buckets[subscription] = bucket = kind == ArmCallKind.Write
                ? new TokenBucket(ArmLimits.WriteBucket, ArmLimits.WriteRefillPerSecond)
                : new TokenBucket(ArmLimits.DeleteBucket, ArmLimits.DeleteRefillPerSecond);
        return bucket;
    }

    public SlidingWindow Network(string subscription)
    {
        if (!_network.TryGetValue(subscription, out var window))
            _network[subscription] = window = new SlidingWindow(ArmLimits.NetworkWritesPerWindow, ArmLimits.NetworkWindowSeconds * 1000L);
        return window;
    }

    /// <summary>Marks a virtual network busy for one operation; false (and who holds it) when another operation has it.</summary>
    public bool TryOccupy(string vnet, string urn, out string holder)
    {
        if (_busy.TryGetValue(vnet, out holder!)) return false;
        _busy[vnet] = urn;
        holder = urn;
        return true;
    }

    public void Release(string vnet) => _busy.Remove(vnet);

    /// <summary>
    /// The virtual network an operation writes to, when the network RP serialises it: a VNet's own
    /// writes and those of its subnets and peerings (they conflict with <c>RetryableErrorDueToAnotherOperation</c>).
    /// </summary>
    public static string? SerialisedOn(string type, string? id)
    {
        if (id is null) return null;
        return type switch
        {
            "azure-native:network:VirtualNetwork" => id,
            "azure-native:network:Subnet" => Before(id, "/subnets/"),
            "azure-native:network:VirtualNetworkPeering" => Before(id, "/virtualNetworkPeerings/"),
            _ => null,
        };
    }

    private static string? Before(string id, string marker)
    {
        var at = id.LastIndexOf(marker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : id[..at];
    }
}
