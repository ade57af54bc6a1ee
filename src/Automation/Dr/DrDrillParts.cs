using Oic.Infra.Automation.Documents;
using Oic.Infra.Estate.Model;

namespace Oic.Infra.Automation.Dr;

/// <summary>One classification in the drill's JSON: what was seeded, what DR gives back, and by which mechanism.</summary>
/// <param name="Mechanism">How the documents reached the DR region (<c>geo-failover</c>, <c>object-replication</c>).</param>
/// <param name="RestoredBy">What brought back the documents the attack had overwritten (empty when none were).</param>
public sealed record DrDrillDocuments(string Classification, string Mechanism, int Seeded, int Intact, int Restored, int Lost, string RestoredBy)
{
    internal static IReadOnlyList<DrDrillDocuments> From(DrPlan plan, VerificationReport verification) =>
        [.. verification.ByClassification.Select(c =>
        {
            var mechanism = plan.Documents.FirstOrDefault(d => d.Classification == c.Classification)?.Mechanism ?? "unplanned";
            return new DrDrillDocuments(c.Classification, mechanism, c.Seeded, c.Intact, c.Restored, c.Lost,
                c.Restored == 0 ? "" : "the last good blob version in the DR copy (versioning)");
        })];
}

/// <summary>A storage failover the drill ran on the sandbox: planned or forced, accepted or refused (with the refusing constraints).</summary>
public sealed record DrDrillFailover(string Classification, string Account, bool Forced, bool Accepted, string Outcome, IReadOnlyList<string> Constraints);

/// <summary>Where a piece of the DR stack's bootstrap lives (<c>deployment.bootstrap</c>) and whether the outage leaves it reachable.</summary>
public sealed record DrBootstrapCheck(string What, string Url, string? Location, bool Reachable)
{
    /// <summary>The DR stack's state backend and secrets provider against the region that went down (undeclared counts as unreachable).</summary>
    public static IReadOnlyList<DrBootstrapCheck> For(EstateModel estate, string outageRegion)
    {
        ArgumentNullException.ThrowIfNull(estate);
        var bootstrap = estate.Deployment.Bootstrap;
        DrBootstrapCheck Check(string what, BootstrapEndpoint? e) => e is null
            ? new(what, "(not declared in deployment.bootstrap)", null, false)
            : new(what, e.Url, e.Location, !e.Location.Equals(outageRegion, StringComparison.OrdinalIgnoreCase));
        return [Check("state backend", bootstrap?.StateBackend), Check("secrets provider", bootstrap?.SecretsProvider)];
    }
}
