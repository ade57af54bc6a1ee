using System.Globalization;
using Oic.Infra.Automation.Documents;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources.Azure;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;
using DocumentStore = Oic.Infra.Automation.Documents.DocumentStore;
using DocumentContainer = Oic.Infra.Automation.Documents.DocumentContainer;
using Oic.Infra.Policies.Packs;

namespace Oic.Infra.Automation.Dr;

/// <summary>The drill's virtual clock: simulated time that the drill moves on by hand (documents are stamped from it).</summary>
public sealed class DrillClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "the clock does not go back");
        lock (_gate) _now += by;
    }
}

/// <summary>What <c>./infra dr drill</c> takes.</summary>
public sealed record DrDrillOptions
{
    /// <summary>The source (primary) stack, e.g. <c>prod</c>.</summary>
    public required string SourceStack { get; init; }

    /// <summary>The DR stack's compiled program (e.g. <c>prod-dr</c>).</summary>
    public required ResourceGraph Target { get; init; }

    /// <summary>
    /// The DR stack's pilot light (its program in <c>deployment.phase: standby</c>). When given, the drill deploys it
    /// in the DR region before the disaster, as <c>pulumi up</c> of the DR stack would, and the rebuild creates the rest.
    /// </summary>
    public ResourceGraph? TargetStandby { get; init; }

    /// <summary>The DR stack's estate: continuity tiers (RTO/RPO/MTPD targets) and document stores.</summary>
    public required EstateModel TargetEstate { get; init; }

    public required DrPlan Plan { get; init; }

    /// <summary>The policy settings (config and waivers) the rebuilt estate is judged with: the same as the DR stack's pre-deployment gate.</summary>
    public required PolicySettings Policy { get; init; }

    /// <summary>Where drills keep their state (<c>.infra/drills</c>); the drill uses a fresh <c>&lt;utc&gt;-&lt;stack&gt;/state</c> below it.</summary>
    public string DrillsRoot { get; init; } = Path.Combine(".infra", "drills");

    /// <summary>The sandbox state directory of the drill; default <c>&lt;DrillsRoot&gt;/&lt;utc&gt;-&lt;source&gt;/state</c>. Must not exist or be empty.</summary>
    public string? StateDirectory { get; init; }

    public int Documents { get; init; } = 120;

    /// <summary>Ransomware: documents overwritten in the primary before the outage (the corruption replicates).</summary>
    public int CorruptBlobs { get; init; }

    public TimeSpan ReplicationLag { get; init; } = TimeSpan.FromMinutes(5);

    public int Parallel { get; init; } = 10;

    public string EvidenceRoot { get; init; } = Path.Combine(".infra", "evidence");

    /// <summary>The simulated clock the drill drives; default one starting at the wall clock's now.</summary>
    public DrillClock? Clock { get; init; }

    /// <summary>The Azurite executable (tests); default <see cref="AzuriteServer.ResolveExecutable"/>.</summary>
    public string? AzuriteExecutable { get; init; }

    /// <summary>The region that goes down (<c>--inject region-outage=…</c>); default the plan's source region.</summary>
    public string? OutageRegion { get; init; }

    public Action<string>? Log { get; init; }

    /// <summary>Seed of the documents' content and of the corrupted documents' choice.</summary>
    public int Seed { get; init; } = 2024;

    /// <summary>
    /// The source stack's program. When given, the drill deploys it on the sandbox before the disaster, so the
    /// plan's storage failovers run against it and the sandbox refuses what Azure refuses.
    /// </summary>
    public ResourceGraph? Source { get; init; }

    /// <summary>
    /// Classifications whose source account the drill fails over although the plan does not (<c>--inject
    /// force-failover=confidential</c>): a rehearsal of the operator who tries anyway. Azure refuses a failover of
    /// an account holding WORM records, so such a drill fails (exit 3) naming the constraint and its source.
    /// </summary>
    public IReadOnlyList<string> ForceFailover { get; init; } = [];

    /// <summary>
    /// Real Azure blob endpoints (primary and DR accounts) reached through Entra ID (<c>DefaultAzureCredential</c>:
    /// az login, workload identity in CI). When set, the drill does not start Azurite; it refuses containers that
    /// already exist (it only works on containers it creates) and deletes its containers when it ends. Null: Azurite.
    /// </summary>
    public (Uri Primary, Uri Dr)? StorageEndpoints { get; init; }
}

/// <summary>One tier's targets and what the drill measured.</summary>
public sealed record DrDrillTier(
    int Tier,
    string Name,
    IReadOnlyList<string> Services,
    int RtoTargetMinutes,
    int RpoTargetMinutes,
    int MtpdMinutes,
    double EstimatedMinutes,
    double MeasuredMinutes)
{
    /// <summary>In the drill's JSON, <c>meetsTarget</c> is about the measured time: measured ≤ RTO target.</summary>
    public bool MeetsTarget => MeasuredMinutes <= RtoTargetMinutes;

    public bool WithinMtpd => MeasuredMinutes <= MtpdMinutes;

    public bool HasDocuments => Services.Contains("documents", StringComparer.Ordinal);
}

/// <summary>What a drill did and measured.</summary>
public sealed record DrDrillResult
{
    /// <summary>
    /// The drill's exit code. 0: every tier met its RTO, the documents met their RPO and nothing was lost, no
    /// mandatory policy violation. 5 (<c>PolicyViolated</c>): a mandatory policy fails on the rebuilt estate
    /// (takes precedence, as for <c>dr rebuild</c>). 3: the drill ran but the plan does not meet its targets
    /// (a tier missed its RTO, the documents missed their RPO, or documents were lost) — the same code as
    /// "drift found": the run worked and found the estate short of what it should be. Input errors (Azurite not
    /// installed, not a DR stack…) are exceptions (<see cref="EngineInputException"/>, exit 2).
    /// </summary>
    public const int MissedTargets = 3;

    public const int PolicyViolated = 5;

    public required string Source { get; init; }
    public required string Target { get; init; }
    public required string OutageRegion { get; init; }
    public required DateTimeOffset OutageAt { get; init; }
    public required int CorruptBlobs { get; init; }
    public required IReadOnlyList<string> Corrupted { get; init; }
    public required TimeSpan ReplicationLag { get; init; }
    public required double RtoMinutes { get; init; }
    public required double RpoMinutes { get; init; }
    public required IReadOnlyList<DrDrillTier> Tiers { get; init; }
    public required VerificationReport Verification { get; init; }
    public required RestoreReport Restore { get; init; }
    public required IReadOnlyList<ReplicationReport> Replications { get; init; }
    public required DrRebuildResult Rebuild { get; init; }
    public required string StateDirectory { get; init; }
    public required string Evidence { get; init; }

    /// <summary>Per classification: documents seeded, intact, restored and lost in the DR region, and the mechanism that brought them back.</summary>
    public IReadOnlyList<DrDrillDocuments> Documents { get; init; } = [];

    /// <summary>Documents the attack could not overwrite: their container's WORM policy refused it.</summary>
    public IReadOnlyList<string> ProtectedByWorm { get; init; } = [];

    /// <summary>The storage failovers the drill ran on the sandbox (planned and forced), accepted or refused.</summary>
    public IReadOnlyList<DrDrillFailover> Failovers { get; init; } = [];

    /// <summary>Where the DR stack's state backend and secrets provider live, and whether the outage left them reachable.</summary>
    public IReadOnlyList<DrBootstrapCheck> Bootstrap { get; init; } = [];

    /// <summary>The Azure constraints the plan respected (from the plan), each with its Microsoft source.</summary>
    public IReadOnlyList<DrConstraintCheck> Constraints { get; init; } = [];

    public PolicyReport Policy => Rebuild.Policy;

    public DataCounts Data => Verification.Counts;

    /// <summary>The documents tier's RPO target (the tightest of the tiers naming documents), null when no tier does.</summary>
    public int? DocumentsRpoTargetMinutes =>
        Tiers.Where(t => t.HasDocuments).Select(t => (int?)t.RpoTargetMinutes).DefaultIfEmpty(null).Min();

    public bool MeetsRpo => DocumentsRpoTargetMinutes is not { } target || RpoMinutes <= target;

    /// <summary>A tier's measured RPO: only a tier that holds documents has data the drill can lose, so only its RPO is measured.</summary>
    public double? RpoOf(DrDrillTier tier) => tier?.HasDocuments == true ? RpoMinutes : null;

    /// <summary>Whether a tier met its RPO target; null for a tier holding no data.</summary>
    public bool? MeetsRpoOf(DrDrillTier tier) => RpoOf(tier) is { } rpo ? rpo <= tier.RpoTargetMinutes : null;

    public bool MeetsTargets => Tiers.All(t => t.MeetsTarget) && MeetsRpo && Data.Lost == 0 &&
                                Failovers.All(f => f.Accepted) && Bootstrap.All(b => b.Reachable);

    public int ExitCode => Policy.Blocks ? PolicyViolated : MeetsTargets ? 0 : MissedTargets;

    /// <summary>What is short, one line each (empty when the drill passed).</summary>
    public IReadOnlyList<string> Findings
    {
        get
        {
            var list = new List<string>();
            foreach (var t in Tiers.Where(t => !t.MeetsTarget))
                list.Add(Inv($"tier {t.Tier} ({t.Name}) missed its RTO: restored in {DrDrillReports.M(t.MeasuredMinutes)} min, target {t.RtoTargetMinutes} min{(t.WithinMtpd ? "" : Inv($", beyond its MTPD of {t.MtpdMinutes} min"))}"));
            if (!MeetsRpo)
                list.Add(Inv($"documents missed their RPO: {DrDrillReports.M(RpoMinutes)} min of data at risk, target {DocumentsRpoTargetMinutes} min"));
            foreach (var f in Failovers.Where(f => !f.Accepted))
                list.Add($"failover of {f.Account} ({f.Classification}{(f.Forced ? ", forced" : "")}) refused by Azure: {f.Outcome}");
            foreach (var b in Bootstrap.Where(b => !b.Reachable))
                list.Add($"the DR stack's {b.What} ({b.Url}) is in {b.Location ?? "an undeclared region"}, {(b.Location is null ? "so nothing shows it survives the outage" : "which the outage took")}: " +
                         "`pulumi up` of the DR stack could neither read its state nor decrypt its secrets (see docs/operations.md, DR bootstrap)");
            foreach (var d in Verification.LostDocuments)
                list.Add(Inv($"document lost: {d.Container}/{d.Name} (written {d.Written.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}): {d.Reason}"));
            foreach (var v in Policy.Violations.Where(v => !v.Waived && v.Enforcement == Enforcement.Mandatory))
                list.Add($"mandatory policy {v.Rule.Id} fails on {v.Resource.Urn}: {v.Message}");
            return list;
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

public static class DrDrill
{
    /// <summary>Simulated time between seeding and the first replication pass.</summary>
    public static readonly TimeSpan SeedToReplication = TimeSpan.FromMinutes(30);

    /// <summary>Simulated time between the last replication pass and the attack.</summary>
    public static readonly TimeSpan ReplicationToAttack = TimeSpan.FromMinutes(10);

    public static async Task<DrDrillResult> RunAsync(DrDrillOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Documents < 1) throw new EngineInputException($"--documents must be at least 1 (it is {options.Documents})");
        if (options.CorruptBlobs < 0 || options.CorruptBlobs > options.Documents)
            throw new EngineInputException($"corrupt-blobs must be between 0 and the number of documents ({options.Documents}); it is {options.CorruptBlobs}");
        if (options.ReplicationLag < TimeSpan.Zero) throw new EngineInputException("the replication lag cannot be negative");
        if (options.Parallel < 1) throw new EngineInputException($"--parallel must be at least 1 (it is {options.Parallel})");
        var containers = Containers(options.TargetEstate);
        if (containers.Count == 0) throw new EngineInputException($"stack '{options.Target.Stack}' declares no document stores; there is nothing to drill");
        var missing = options.Plan.Tiers.Select(t => t.Tier).Where(t => options.TargetEstate.ContinuityTiers.All(c => c.Tier != t)).ToList();
        if (options.TargetEstate.ContinuityTiers.Count == 0 || missing.Count > 0)
            throw new EngineInputException($"stack '{options.Target.Stack}' has no continuity targets for tier(s) {string.Join(", ", missing)}: set continuity.tiers in its stack file");

        var clock = options.Clock ?? new DrillClock(TimeProvider.System.GetUtcNow());
        var started = clock.GetUtcNow();
        var stamp = started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string stateDir, removable;
        if (options.StateDirectory is { } given)
        {
            stateDir = removable = Path.GetFullPath(given);
        }
        else
        {
            removable = Path.GetFullPath(Path.Combine(options.DrillsRoot, $"{stamp}-{options.SourceStack}"));
            stateDir = Path.Combine(removable, "state");
        }
        if (Directory.Exists(stateDir) && Directory.EnumerateFileSystemEntries(stateDir).Any())
            throw new EngineInputException($"the drill state directory {stateDir} is not empty; a drill starts from a fresh one");
        var createdRemovable = !Directory.Exists(removable);

        var log = options.Log ?? (_ => { });
        string? evidence = null;
        try
        {
            await using var azurite = options.StorageEndpoints is null
                ? await AzuriteServer.StartAsync(options.AzuriteExecutable, cancellationToken: cancellationToken).ConfigureAwait(false)
                : null;
            DocumentStore store;
            if (azurite is not null)
            {
                log(Inv($"Azurite on 127.0.0.1:{azurite.Port} (pid {azurite.ProcessId})"));
                store = DocumentStore.ForAzurite(azurite, containers, clock, options.Seed);
            }
            else
            {
                var (primary, dr) = options.StorageEndpoints!.Value;
                log(Inv($"Azure storage: primary {primary}, DR {dr} (DefaultAzureCredential)"));
                store = new DocumentStore(primary, dr, credential: null, containers, clock, options.Seed);
                var existing = await store.ExistingContainersAsync(cancellationToken).ConfigureAwait(false);
                if (existing.Count > 0)
                    throw new EngineInputException($"the drill's container(s) {string.Join(", ", existing)} already exist in the storage accounts; a drill seeds, corrupts and deletes its containers, so it only runs on accounts without them");
            }
            // On real storage the drill's containers are its clean-up (on Azurite they go with the process).
            await using var cleanup = azurite is null ? new ContainerCleanup(store, log) : null;
            await store.EnsureContainersAsync(cancellationToken).ConfigureAwait(false);

            // Before the disaster: the source estate stands (on the sandbox), documents are written and replicated.
            Directory.CreateDirectory(stateDir);
            // The DR stack's pilot light first: the primary's object replication writes into its accounts (ADR 0007).
            if (options.TargetStandby is { } standby)
            {
                var before = new SandboxEngine(stateDir, new SandboxOptions { Clock = clock });
                var deployed = await before.UpAsync(standby, new OperationOptions { Stack = options.Target.Stack, Parallel = options.Parallel }, cancellationToken).ConfigureAwait(false);
                log(Inv($"before the disaster: the pilot light of {options.Target.Stack} deployed on the sandbox ({deployed.Steps.Count} step(s))"));
            }
            if (options.Source is { } source)
            {
                var before = new SandboxEngine(stateDir, new SandboxOptions { Clock = clock });
                var deployed = await before.UpAsync(source, new OperationOptions { Stack = options.SourceStack, Parallel = options.Parallel }, cancellationToken).ConfigureAwait(false);
                log(Inv($"before the disaster: {options.SourceStack} deployed on the sandbox ({deployed.Steps.Count} step(s))"));
            }
            await store.SeedAsync(options.Documents, cancellationToken).ConfigureAwait(false);
            log(Inv($"seeded {options.Documents} document(s) into {containers.Count} container(s)"));
            clock.Advance(SeedToReplication);
            var replications = new List<ReplicationReport> { await store.ReplicateAsync(options.ReplicationLag, cancellationToken).ConfigureAwait(false) };
            log(Inv($"replicated {replications[0].Replicated} document(s) to DR (lag {options.ReplicationLag.TotalMinutes:0.#} min)"));

            IReadOnlyList<string> corrupted = [];
            IReadOnlyList<string> protectedByWorm = [];
            if (options.CorruptBlobs > 0)
            {
                clock.Advance(ReplicationToAttack);
                var attack = await store.CorruptAsync(options.CorruptBlobs, cancellationToken).ConfigureAwait(false);
                (corrupted, protectedByWorm) = (attack.Hit, attack.Blocked);
                log(Inv($"ransomware: {corrupted.Count} document(s) overwritten in the primary, {protectedByWorm.Count} refused by their WORM policy"));
                clock.Advance(options.ReplicationLag + TimeSpan.FromMinutes(1));
                var again = await store.ReplicateAsync(options.ReplicationLag, cancellationToken).ConfigureAwait(false);
                replications.Add(again);
                log(Inv($"replicated {again.Replicated} document(s) to DR: the corruption replicates, as it would"));
            }

            // Minute 0: the primary region is gone; everything after is measured from here.
            var outageAt = clock.GetUtcNow();
            var region = options.OutageRegion ?? options.Plan.SourceRegion;
            log(Inv($"outage of {region} at {outageAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (minute 0)"));

            var bootstrap = DrBootstrapCheck.For(options.TargetEstate, region);
            foreach (var b in bootstrap)
                log($"{b.What} of {options.Target.Stack}: {b.Url} in {b.Location ?? "(region not declared)"}: {(b.Reachable ? "reachable" : "UNREACHABLE")}");

            // The whole rebuild runs with the region down: anything of the DR stack placed there fails.
            var outage = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { region };
            var engine = new SandboxEngine(stateDir, new SandboxOptions { Clock = clock, Faults = SandboxFaults.None with { RegionOutages = outage } });
            var failovers = Failovers(options, engine, log);
            var rebuild = await DrRebuild.RunAsync(options.Plan, options.Target, engine,
                new OperationOptions { Stack = options.Target.Stack, Parallel = options.Parallel }, options.Policy, log, outageAt, clock, cancellationToken).ConfigureAwait(false);

            // The data as of the outage: verified against the inventory at minute 0, so a lost write's age is its data-loss window.
            var restore = await store.RestoreAsync(cancellationToken).ConfigureAwait(false);
            var verification = await store.VerifyAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            log(Inv($"documents: {verification.Blobs} checked, {verification.VerifiedIntact} intact, {verification.Restored} restored, {verification.Lost} lost"));

            var tiers = MeasureTiers(options.Plan, options.TargetEstate, rebuild);
            var rto = tiers.Count == 0 ? 0 : tiers.Max(t => t.MeasuredMinutes);
            var rpo = verification.Lost > 0 ? verification.DataLossWindow.TotalMinutes : options.ReplicationLag.TotalMinutes;
            clock.Advance(TimeSpan.FromMinutes(rto));

            var folder = DrEvidence.PathFor(options.EvidenceRoot, options.SourceStack, started);
            var result = new DrDrillResult
            {
                Source = options.SourceStack,
                Target = options.Target.Stack,
                OutageRegion = region,
                OutageAt = outageAt,
                CorruptBlobs = options.CorruptBlobs,
                Corrupted = corrupted,
                ReplicationLag = options.ReplicationLag,
                RtoMinutes = rto,
                RpoMinutes = rpo,
                Tiers = tiers,
                Verification = verification,
                Restore = restore,
                Replications = replications,
                Rebuild = rebuild,
                StateDirectory = stateDir,
                Evidence = folder,
                Documents = DrDrillDocuments.From(options.Plan, verification),
                ProtectedByWorm = protectedByWorm,
                Failovers = failovers,
                Bootstrap = bootstrap,
                Constraints = options.Plan.Constraints,
            };
            evidence = folder;
            DrEvidence.Write(folder, options.Plan, rebuild.StepLog, DrDrillReports.VerificationJson(result), DrDrillReports.Json(result),
                DrDrillReports.Markdown(result, options.Plan));
            log(Inv($"drill done: RTO {DrDrillReports.M(rto)} min, RPO {DrDrillReports.M(rpo)} min, exit {result.ExitCode}; evidence in {folder}"));
            return result;
        }
        catch
        {
            // Azurite is stopped by the using above (its data was in memory); the sandbox state goes too.
            if (createdRemovable || removable == stateDir) TryDelete(removable);
            else TryDelete(stateDir);
            if (evidence is not null) TryDelete(evidence);
            throw;
        }
    }

    /// <summary>The blob containers of an estate's document stores: one per store container, named <c>{classification}-{name}</c>.</summary>
    public static IReadOnlyList<DocumentContainer> Containers(EstateModel estate)
    {
        ArgumentNullException.ThrowIfNull(estate);
        return estate.DocumentStores
            .SelectMany(s => s.Containers.Select(c => new DocumentContainer(s.Classification.ToConfigName(), c.Name, Worm: c.RecordsRetentionDays is not null)))
            .ToList();
    }

    /// <summary>
    /// The plan's storage failovers, then the forced ones, run on the sandbox's copy of the source stack (when the
    /// drill deployed it): Azure's refusal becomes a refused failover, which fails the drill.
    /// </summary>
    private static List<DrDrillFailover> Failovers(DrDrillOptions options, SandboxEngine engine, Action<string> log)
    {
        var list = new List<DrDrillFailover>();
        var planned = options.Plan.Documents.Where(d => d.Mechanism == DocumentRecovery.GeoFailover.ToConfigName())
            .Select(d => (d.Classification, d.SourceAccount, Forced: false));
        var names = new EstateNames(options.TargetEstate, options.TargetEstate.Regions.Primary);
        var forced = options.ForceFailover.Select(c =>
        {
            var store = options.TargetEstate.DocumentStores.FirstOrDefault(s => s.Classification.ToConfigName() == c)
                ?? throw new EngineInputException($"force-failover={c}: the estate has no document store of that classification (known: {string.Join(", ", options.TargetEstate.DocumentStores.Select(s => s.Classification.ToConfigName()))})");
            return (Classification: c, SourceAccount: names.StorageAccount(store.Classification), Forced: true);
        });
        foreach (var (classification, account, isForced) in planned.Concat(forced))
        {
            if (options.Source is null)
            {
                log($"failover of {account} ({classification}) not rehearsed: the drill was given no source program to deploy");
                continue;
            }
            try
            {
                var done = engine.FailoverStorageAccount(options.SourceStack, account);
                var outcome = $"failed over from {done.FromLocation} to {done.ToLocation}; {done.SkuBefore} -> {done.SkuAfter} ({string.Join("; ", done.Effects.Select(e => e.Id))})";
                log($"failover of {account} ({classification}): {outcome}");
                list.Add(new DrDrillFailover(classification, account, isForced, true, outcome, []));
            }
            catch (AzureRefusedException e)
            {
                log($"failover of {account} ({classification}) REFUSED: {e.Message}");
                list.Add(new DrDrillFailover(classification, account, isForced, false,
                    string.Join("; ", e.Constraints.Select(c => c.Describe())), [.. e.Constraints.Select(c => c.Id)]));
            }
        }
        return list;
    }

    /// <summary>
    /// Per tier: targets from the estate, estimate from the plan, measured = the rebuild's last finished step of
    /// the tier; the documents' tier also waits for the data restore (the plan's storage failover, when longer).
    /// </summary>
    public static IReadOnlyList<DrDrillTier> MeasureTiers(DrPlan plan, EstateModel estate, DrRebuildResult rebuild)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(rebuild);
        var failover = plan.Steps.Where(s => s.Kind == DrStepKind.StorageFailover).Select(s => s.EndMinute).DefaultIfEmpty(0).Max();
        var list = new List<DrDrillTier>();
        foreach (var t in estate.ContinuityTiers.OrderBy(t => t.Tier))
        {
            var estimate = plan.Tiers.FirstOrDefault(p => p.Tier == t.Tier);
            var services = t.Services.Select(ServiceName).ToList();
            var measured = rebuild.TierFinishedMinute.GetValueOrDefault(t.Tier.ToString(CultureInfo.InvariantCulture));
            if (t.Services.Contains(ContinuityService.Documents)) measured = Math.Max(measured, failover);
            list.Add(new DrDrillTier(t.Tier, t.Name, services, t.RtoMinutes, t.RpoMinutes, t.MtpdMinutes, estimate?.EstimatedMinutes ?? 0, measured));
        }
        return list;
    }

    private static string ServiceName(ContinuityService s) => s.ToString().ToLowerInvariant();

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: the original failure is what matters
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Deletes the drill's containers from real storage when the drill ends (success or failure).</summary>
    private sealed class ContainerCleanup(DocumentStore store, Action<string> log) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await store.DeleteContainersAsync(CancellationToken.None).ConfigureAwait(false);
                log("deleted the drill's containers");
            }
            catch (Azure.RequestFailedException e)
            {
                log($"could not delete the drill's containers: {e.Message}");
            }
            catch (Azure.Identity.AuthenticationFailedException e)
            {
                log($"could not delete the drill's containers: {e.Message}");
            }
        }
    }
}
