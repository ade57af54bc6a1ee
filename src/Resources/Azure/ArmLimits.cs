namespace Oic.Infra.Resources.Azure;

/// <summary>
/// Azure Resource Manager's request limits (<see cref="AzureSource.ThrottlingLimits"/>): token
/// buckets per subscription and region for writes and deletes, Microsoft.Network's own limit, and
/// the network resource provider's refusal of a second concurrent operation on one virtual network.
/// The sandbox enforces them and the DR planner schedules under them.
/// </summary>
public static class ArmLimits
{
    /// <summary>Where the bucket and provider limits are stated.</summary>
    public static AzureSource Source => AzureSource.ThrottlingLimits;

    /// <summary>Where the concurrent-operation conflict on one virtual network is described.</summary>
    public static AzureSource AnotherOperationSource => AzureSource.NetworkAnotherOperation;

    public const int WriteBucket = 200;
    public const int WriteRefillPerSecond = 10;
    public const int DeleteBucket = 200;
    public const int DeleteRefillPerSecond = 10;

    /// <summary>Microsoft.Network: 1,000 write or delete operations per 5 minutes (per subscription).</summary>
    public const int NetworkWritesPerWindow = 1000;
    public const int NetworkWindowSeconds = 300;

    /// <summary>The Retry-After the network RP gives with <c>RetryableErrorDueToAnotherOperation</c> (observed, not documented).</summary>
    public const int AnotherOperationRetrySeconds = 10;

    /// <summary>Retries of one call that failed transiently, before the operation fails for good (the sandbox's client policy, not an Azure limit).</summary>
    public const int MaxTransientAttempts = 10;
}
