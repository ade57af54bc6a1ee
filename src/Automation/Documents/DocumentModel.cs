namespace Oic.Infra.Automation.Documents;

/// <summary>
/// One blob container of the estate's document stores (<c>oic-gs-infra:documentStores</c>): a classification
/// (one storage account per classification in Azure) and a container name. On a single pair of accounts
/// (Azurite, or one real account per region) the blob container is named <c>{classification}-{name}</c>.
/// </summary>
/// <param name="Worm">The container keeps records under a WORM (time-based immutability) policy: overwrites are refused.</param>
public sealed record DocumentContainer(string Classification, string Name, bool Worm = false)
{
    public string BlobContainerName => $"{Classification}-{Name}";

    /// <summary>The containers of the reference prod estate.</summary>
    public static IReadOnlyList<DocumentContainer> Reference { get; } =
    [
        new("internal", "correspondence"),
        new("confidential", "council-records"),
    ];
}

/// <summary>What the store wrote for one document: the inventory a restore is verified against.</summary>
public sealed record DocumentRecord(
    DocumentContainer Container,
    string Name,
    string Title,
    DateTimeOffset Created,
    DateTimeOffset Written,
    int Version,
    string Sha256,
    long Length);

/// <summary>What one <see cref="DocumentStore.ReplicateAsync"/> pass did.</summary>
/// <param name="Replicated">Blobs copied to DR in this pass (new or changed, corruption included).</param>
/// <param name="UpToDate">Blobs already identical in DR.</param>
/// <param name="Pending">Blobs written after the cutoff: not yet in DR.</param>
/// <param name="Lag">The configured replication lag.</param>
/// <param name="Cutoff">Writes at or before this instant were replicated.</param>
/// <param name="OldestPendingAge">How far DR is behind: the age of the oldest write not yet replicated (zero when none).</param>
public sealed record ReplicationReport(int Replicated, int UpToDate, int Pending, TimeSpan Lag, DateTimeOffset Cutoff, TimeSpan OldestPendingAge);

/// <summary>What <see cref="DocumentStore.RestoreAsync"/> did on the DR side.</summary>
public sealed record RestoreReport(int Checked, int Restored, IReadOnlyList<string> Unrecoverable);

/// <summary>One document of the inventory that DR cannot give back intact.</summary>
/// <param name="Age">Now minus the document's last write: its contribution to the RPO.</param>
public sealed record LostDocument(string Container, string Name, DateTimeOffset Written, TimeSpan Age, string Reason);

/// <summary>The data part of a drill's JSON: <c>{"blobs","verifiedIntact","restored","lost"}</c>.</summary>
public sealed record DataCounts(int Blobs, int VerifiedIntact, int Restored, int Lost);

/// <summary>What a ransomware pass did: documents overwritten, and documents their WORM policy protected.</summary>
public sealed record CorruptionReport(IReadOnlyList<string> Hit, IReadOnlyList<string> Blocked);

/// <summary>One classification's share of a verification: what was seeded, and what DR gives back.</summary>
public sealed record ClassificationCounts(string Classification, int Seeded, int Intact, int Restored, int Lost);

/// <summary>The outcome of <see cref="DocumentStore.VerifyAsync"/>: every inventoried document checked in DR.</summary>
public sealed record VerificationReport(
    int Blobs,
    int VerifiedIntact,
    int Restored,
    IReadOnlyList<LostDocument> LostDocuments)
{
    /// <summary>The counts per classification, in the order of the store's containers.</summary>
    public IReadOnlyList<ClassificationCounts> ByClassification { get; init; } = [];

    public int Lost => LostDocuments.Count;

    public DataCounts Counts => new(Blobs, VerifiedIntact, Restored, Lost);

    /// <summary>The data-loss window: the age of the oldest lost write (zero when nothing is lost).</summary>
    public TimeSpan DataLossWindow => LostDocuments.Count == 0 ? TimeSpan.Zero : LostDocuments.Max(d => d.Age);
}
