using Oic.Infra.Resources;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Stacks;

/// <summary>A resource type a DR stack leaves out of its pilot light: the rebuild creates it, for the reason given.</summary>
/// <param name="Token">The azure-native type token.</param>
/// <param name="Why">Why waiting for the rebuild is the better trade (cost while standing against minutes to create).</param>
public sealed record Deferral(string Token, string Why)
{
    /// <summary>How long Azure takes to create one (the facts table the planner and the sandbox use).</summary>
    public double CreateMinutes => AzureResourceTypes.DurationsOf(Token).Create;
}

/// <summary>
/// The DR stack's pilot light (docs/adr/0014): what stands in the DR region before a disaster and what
/// <c>dr rebuild</c> creates. Everything the program declares stands, except the types below and whatever
/// depends on them (their diagnostic settings, for example): those are billed by the hour whether or not
/// anything runs, and are created in minutes, well inside the tier-0 RTO. The VPN gateway, which takes 45
/// minutes or more and whose addresses the offices are pre-wired to, stands; so do the stores the records
/// replicate into, the Key Vault, identities, DNS zones, routes and the vault.
/// </summary>
public static class PilotLight
{
    public static readonly IReadOnlyList<Deferral> Deferred =
    [
        new("azure-native:network:AzureFirewall",
            "the largest fixed charge of the hub (Premium: USD 1.75 an hour, src/Resources/Azure/AzurePrices.cs) for a region that carries no traffic before the disaster; " +
            "created in minutes, its routes already name the address it will hold, its policy and rules stand"),
        new("azure-native:network:BastionHost",
            "administrative access only, needed once the rebuilt estate runs; billed by the hour while idle; about 10 minutes to create"),
        new("azure-native:dnsresolver:InboundEndpoint",
            "billed per endpoint and month (USD 180) while nothing in the region resolves names; about a minute to create, and the spokes already name its address"),
        new("azure-native:dnsresolver:OutboundEndpoint",
            "billed per endpoint and month (USD 180); forwarding to on-premises DNS matters only once workloads run; about a minute to create"),
    ];

    private static readonly HashSet<string> DeferredTokens = Deferred.Select(d => d.Token).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether the type waits for the rebuild.</summary>
    public static bool IsDeferred(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return DeferredTokens.Contains(resource.Type);
    }

    /// <summary>
    /// The pilot light of a DR stack's whole program: without the deferred types and whatever depends on them.
    /// Services whose config strategy is <c>rebuild</c> (monitoring) still stand: the resources that do stand
    /// must send their logs somewhere (policies <c>dr-pilot-light</c>, <c>kv-diagnostics</c>, <c>diag-settings-present</c>),
    /// and an empty workspace is billed only per GB ingested.
    /// </summary>
    public static ResourceGraph Standby(ResourceGraph active)
    {
        ArgumentNullException.ThrowIfNull(active);
        return active.Without(IsDeferred);
    }
}
