using Oic.Infra.Automation.Engines;
using Oic.Infra.Estate.Model;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Dr;

/// <summary>How one classification's documents come back in the DR region, and the data loss that mechanism really allows.</summary>
/// <param name="Mechanism"><c>geo-failover</c> or <c>object-replication</c> (ADR 0007).</param>
/// <param name="SourceAccount">The primary region's account.</param>
/// <param name="DrAccount">Where the documents are read after the disaster: the failed-over account itself, or the DR stack's replica.</param>
/// <param name="Rpo">What the mechanism promises about data loss, in Microsoft's words.</param>
public sealed record DrDocumentRecovery(
    string Classification,
    string Mechanism,
    string SourceAccount,
    string DrAccount,
    IReadOnlyList<string> Containers,
    bool Records,
    string Rpo);

/// <summary>A constraint of <see cref="AzureConstraints"/> the plan had to respect, and how it did.</summary>
public sealed record DrConstraintCheck(string Id, string Rule, string Source, string Respected);

/// <summary>
/// Chooses, per document store, the data step of the rebuild and checks it against what Azure
/// allows: a store set to fail over must be an account Azure will fail over (geo-redundant, no
/// WORM policy, no object replication) into the DR region (its platform pair); a store set to
/// replicate must have its replication declared by the DR stack. Anything else refuses the plan.
/// </summary>
internal static class DrDocuments
{
    private const string ImmutabilityType = "azure-native:storage:BlobContainerImmutabilityPolicy";
    private const string ContainerType = "azure-native:storage:BlobContainer";
    private const string ReplicationType = "azure-native:storage:ObjectReplicationPolicy";

    public static (List<DrDocumentRecovery> Recoveries, List<DrConstraintCheck> Checks) Decide(
        ResourceGraph target, ResourceSet? sourceState, EstateModel estate, string sourceRegion)
    {
        var recoveries = new List<DrDocumentRecovery>();
        var refusals = new List<(DocumentStore Store, string Account, AzureConstraint Constraint)>();
        var respected = new Dictionary<string, (AzureConstraint Constraint, List<string> How)>(StringComparer.Ordinal);
        void Respect(AzureConstraint c, string how)
        {
            if (!respected.TryGetValue(c.Id, out var entry)) respected[c.Id] = entry = (c, []);
            entry.How.Add(how);
        }

        var primaryNames = new EstateNames(estate, estate.Regions.Primary);
        var drNames = new EstateNames(estate, estate.Regions.Dr);
        var drRegion = estate.Regions.Dr.Location;
        foreach (var store in estate.DocumentStores)
        {
            var classification = store.Classification.ToConfigName();
            var sourceName = primaryNames.StorageAccount(store.Classification);
            var facts = Facts(store, sourceName, target, sourceState, estate);
            var containers = store.Containers.Select(c => EstateNames.BlobContainer(c.Name)).ToList();
            if (store.Recovery == DocumentRecovery.GeoFailover)
            {
                var refused = AzureConstraints.RefusalsOfFailover(facts);
                foreach (var c in refused) refusals.Add((store, sourceName, c));
                var pair = Estate.Azure.AzureRegion.Find(facts.Location ?? sourceRegion)?.Pair;
                if (refused.Count == 0 && !string.Equals(pair, drRegion, StringComparison.OrdinalIgnoreCase))
                    refusals.Add((store, sourceName, AzureConstraints.FailoverOnlyToPair));
                if (refusals.Any(r => r.Store == store)) continue;
                Respect(AzureConstraints.FailoverNeedsGeoRedundancy, $"{classification}: {sourceName} is {facts.Sku}");
                Respect(AzureConstraints.FailoverRefusedWithWorm, $"{classification}: no WORM policy in {sourceName}");
                Respect(AzureConstraints.FailoverRefusedWithObjectReplication, $"{classification}: {sourceName} is in no object replication policy");
                Respect(AzureConstraints.FailoverOnlyToPair, $"{classification}: {sourceName} fails over to {drRegion}, the pair of {facts.Location ?? sourceRegion}");
                Respect(AzureConstraints.FailoverLeavesLrs, $"{classification}: the plan's follow-up re-enables geo-redundancy on {sourceName}");
                Respect(AzureConstraints.FailoverMovesEndpoints, $"{classification}: the DR stack holds a private endpoint to {sourceName} in the DR hub");
                recoveries.Add(new DrDocumentRecovery(classification, DocumentRecovery.GeoFailover.ToConfigName(), sourceName, sourceName, containers,
                    store.HoldsRecords, "up to the account's Last Sync Time: Azure Storage typically replicates within 15 minutes, with no SLA"));
            }
            else
            {
                var drName = drNames.StorageAccount(store.Classification);
                if (!ReplicatesInto(sourceState, sourceName, drName))
                {
                    refusals.Add((store, sourceName, AzureConstraints.ObjectReplicationIsAsynchronous));
                    continue;
                }
                if (store.HoldsRecords) Respect(AzureConstraints.FailoverRefusedWithWorm, $"{classification}: records in {sourceName} are replicated, never failed over");
                Respect(AzureConstraints.FailoverRefusedWithObjectReplication, $"{classification}: {sourceName} replicates to {drName}; neither is failed over");
                Respect(AzureConstraints.ObjectReplicationIsAsynchronous, $"{classification}: RPO is the replication lag the drill measures");
                recoveries.Add(new DrDocumentRecovery(classification, DocumentRecovery.ObjectReplication.ToConfigName(), sourceName, drName, containers,
                    store.HoldsRecords, "the object replication lag: asynchronous, no SLA (latency depends on blob size)"));
            }
        }

        if (refusals.Count > 0)
        {
            var lines = refusals.Select(r => r.Constraint == AzureConstraints.ObjectReplicationIsAsynchronous
                ? $"{r.Store.ConfigPath} ({r.Store.Classification.ToConfigName()}) recovers by object replication, but the source replicates nothing from {r.Account} into the DR account (no object replication policy in its state or program)"
                : $"{r.Store.ConfigPath} ({r.Store.Classification.ToConfigName()}) recovers by geo-failover of {r.Account}, which Azure refuses: {r.Constraint.Describe()}");
            // Exit 2: the configuration asks for a plan Azure would refuse; no plan is produced.
            throw new EngineInputException(
                "no DR plan: it would need operations Azure refuses or data the DR region does not have:\n  " + string.Join("\n  ", lines) +
                "\n  (set documentStores[].recovery: object-replication for stores that hold records or cannot fail over into the DR region; see docs/adr/0007)");
        }
        var checks = respected.Values
            .OrderBy(e => e.Constraint.Id, StringComparer.Ordinal)
            .Select(e => new DrConstraintCheck(e.Constraint.Id, e.Constraint.Rule, e.Constraint.Source.ToString(), string.Join("; ", e.How)))
            .ToList();
        return (recoveries, checks);
    }

    /// <summary>
    /// The failover facts of a source account: from the source's state when it has the account, else from the
    /// estate (records mean WORM; the SKU the stack gives a store in a paired region). Object replication is
    /// declared by the DR stack, so the target program counts too.
    /// </summary>
    private static StorageAccountFacts Facts(DocumentStore store, string name, ResourceGraph target, ResourceSet? sourceState, EstateModel estate)
    {
        var replicated = ReplicatesFrom(target, name) ||
            (sourceState?.OfType(ReplicationType).Any(p => NamesAccount(sourceState, p.Get("accountName"), name) || NamesAccount(sourceState, p.Get("sourceAccount"), name)) ?? false);
        var account = sourceState?.OfType(AzureConstraints.StorageAccountToken).FirstOrDefault(a => Is(a.Get("accountName").Text, name));
        if (account is null)
        {
            var primary = estate.Regions.Primary.Azure;
            var sku = primary.Pair is null ? "Standard_ZRS" : primary.HasZones ? "Standard_GZRS" : "Standard_GRS";
            var records = store.Containers.Where(c => c.RecordsRetentionDays is not null).Select(c => EstateNames.BlobContainer(c.Name)).ToList();
            return new StorageAccountFacts(name, sku, primary.Location, records, replicated);
        }
        var worm = sourceState!.OfType(ImmutabilityType)
            .Where(p => NamesAccount(sourceState, p.Get("accountName"), name))
            .Select(p => p.Get("containerName").Text ?? p.Name)
            .Concat(sourceState.OfType(ContainerType)
                .Where(c => NamesAccount(sourceState, c.Get("accountName"), name) && c.Get("immutableStorageWithVersioning.enabled").Bool == true)
                .Select(c => c.Get("containerName").Text ?? c.Name))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (account.Get("immutableStorageWithVersioning.enabled").Bool == true) worm.Insert(0, $"{name} (account-level immutability)");
        return new StorageAccountFacts(name, account.Get("sku.name").Text, account.Get("location").Text ?? estate.Regions.Primary.Location, worm, replicated);
    }

    private static bool ReplicatesFrom(ResourceGraph target, string source) =>
        target.Resources.Any(r => r.Type == ReplicationType && Text(r, "sourceAccount")?.EndsWith("/" + source, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>
    /// The source (the primary stack, which owns both halves of the policy) replicates its account into the DR
    /// account: a policy on the DR account from the source account, and its source half on the source account.
    /// From the source's state or program.
    /// </summary>
    private static bool ReplicatesInto(ResourceSet? sourceState, string source, string destination)
    {
        if (sourceState is null) return false;
        var policies = sourceState.OfType(ReplicationType);
        bool Names(Lookup value, string account) => NamesAccount(sourceState, value, account);
        return policies.Any(p => Names(p.Get("accountName"), destination) && Names(p.Get("sourceAccount"), source) && Names(p.Get("destinationAccount"), destination)) &&
               policies.Any(p => Names(p.Get("accountName"), source) && Names(p.Get("destinationAccount"), destination));
    }

    /// <summary>
    /// Whether a value names the storage account: a program refers to it (<c>${account.id}</c>,
    /// <c>${account.name}</c>); a state holds its id or name as text.
    /// </summary>
    private static bool NamesAccount(ResourceSet set, Lookup value, string account) => value.Text is { } text
        ? Is(text, account) || text.EndsWith("/" + account, StringComparison.OrdinalIgnoreCase)
        : value.Value is PropertyValue.Ref { Target.Resource: { } referenced } &&
          set.OfType(AzureConstraints.StorageAccountToken).Any(a => a.Name == referenced.LogicalName && Is(a.Get("accountName").Text, account));

    private static string? Text(Resource r, string key) => r.Inputs[key] is PropertyValue.Str s ? s.Value : null;

    private static bool Is(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
