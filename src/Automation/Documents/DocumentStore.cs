using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Oic.Infra.Automation.Documents;

/// <summary>
/// The document data plane of a primary/DR pair of storage accounts, through the real Azure Storage SDK:
/// seed documents with metadata and content hashes, replicate primary → DR as object replication does
/// (asynchronously, with a lag), corrupt documents as ransomware would, restore corrupted DR documents from
/// their earlier versions, and verify every inventoried document in DR.
/// <para>
/// Versions: Azurite does not implement blob versioning, so every overwrite made through this store (and
/// every replicated overwrite in DR) first takes a blob snapshot, which plays the previous version.
/// Time: write times are stamped from <see cref="TimeProvider"/> (metadata <c>written</c>), so a drill on a
/// virtual clock gets replication lag and RPO in simulated time; the server's Last-Modified is the fallback.
/// </para>
/// </summary>
public sealed class DocumentStore
{
    /// <summary>Metadata keys (Azure metadata names must be C# identifiers).</summary>
    public static class Keys
    {
        public const string Classification = "classification";
        public const string Title = "title";
        public const string Created = "created";
        public const string Written = "written";
        public const string Version = "version";
        public const string Sha256 = "sha256";
        public const string RestoredFrom = "restoredfrom";
    }

    private const int Parallelism = 8;

    private readonly BlobServiceClient _primary;
    private readonly BlobServiceClient _dr;
    private readonly TimeProvider _clock;
    private readonly int _seed;
    private readonly ConcurrentDictionary<(string Container, string Name), DocumentRecord> _inventory = new();
    private int _next;

    /// <summary>A store over two accounts given as clients (any credential: shared key, SAS, Entra ID).</summary>
    public DocumentStore(BlobServiceClient primary, BlobServiceClient dr, IReadOnlyList<DocumentContainer>? containers = null,
        TimeProvider? clock = null, int seed = 2024)
    {
        _primary = primary;
        _dr = dr;
        Containers = containers ?? DocumentContainer.Reference;
        if (Containers.Count == 0) throw new ArgumentException("at least one document container is needed", nameof(containers));
        _clock = clock ?? TimeProvider.System;
        _seed = seed;
    }

    /// <summary>A store over real Azure accounts through Entra ID (<see cref="DefaultAzureCredential"/> unless a credential is given).</summary>
    public DocumentStore(Uri primaryBlobEndpoint, Uri drBlobEndpoint, TokenCredential? credential = null,
        IReadOnlyList<DocumentContainer>? containers = null, TimeProvider? clock = null, int seed = 2024)
        : this(new BlobServiceClient(primaryBlobEndpoint, credential ?? new DefaultAzureCredential()),
            new BlobServiceClient(drBlobEndpoint, credential ?? new DefaultAzureCredential()), containers, clock, seed)
    {
    }

    /// <summary>A store over the <c>primary</c> and <c>dr</c> accounts of a running Azurite.</summary>
    public static DocumentStore ForAzurite(AzuriteServer server, IReadOnlyList<DocumentContainer>? containers = null,
        TimeProvider? clock = null, int seed = 2024) =>
        new(server.Client(AzuriteServer.PrimaryAccount), server.Client(AzuriteServer.DrAccount), containers, clock, seed);

    public IReadOnlyList<DocumentContainer> Containers { get; }

    /// <summary>Every document this store wrote, latest version each: what DR is verified against.</summary>
    public IReadOnlyList<DocumentRecord> Inventory =>
        [.. _inventory.Values.OrderBy(r => r.Container.BlobContainerName, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)];

    /// <summary>Creates the blob containers on both sides (idempotent).</summary>
    public async Task EnsureContainersAsync(CancellationToken cancellationToken = default)
    {
        foreach (var container in Containers)
        {
            await _primary.GetBlobContainerClient(container.BlobContainerName).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await _dr.GetBlobContainerClient(container.BlobContainerName).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The store's containers that already exist on either side (<c>side/name</c>).</summary>
    public async Task<IReadOnlyList<string>> ExistingContainersAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<string>();
        foreach (var container in Containers)
        {
            if ((await _primary.GetBlobContainerClient(container.BlobContainerName).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
                list.Add($"primary/{container.BlobContainerName}");
            if ((await _dr.GetBlobContainerClient(container.BlobContainerName).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
                list.Add($"dr/{container.BlobContainerName}");
        }
        return list;
    }

    /// <summary>Deletes the blob containers on both sides (a drill's clean-up).</summary>
    public async Task DeleteContainersAsync(CancellationToken cancellationToken = default)
    {
        foreach (var container in Containers)
        {
            await _primary.GetBlobContainerClient(container.BlobContainerName).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await _dr.GetBlobContainerClient(container.BlobContainerName).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        _inventory.Clear();
    }

    /// <summary>
    /// Writes <paramref name="count"/> new documents to the primary side, spread over the containers, with
    /// content deterministic from the store's seed and the document's number.
    /// </summary>
    public async Task<IReadOnlyList<DocumentRecord>> SeedAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        await EnsureContainersAsync(cancellationToken).ConfigureAwait(false);
        var first = Interlocked.Add(ref _next, count) - count;
        var written = new ConcurrentBag<DocumentRecord>();
        await Parallel.ForEachAsync(Enumerable.Range(first, count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (number, ct) =>
            {
                var container = Containers[number % Containers.Count];
                var document = DocumentText.Generate(_seed, number, container, _clock.GetUtcNow());
                written.Add(await WriteAsync(container, document.Name, document.Title, document.Created, document.Content, ct).ConfigureAwait(false));
            }).ConfigureAwait(false);
        return [.. written.OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Writes one document to the primary side (a new version, the previous one kept as a snapshot, when it
    /// exists) and records it in the inventory.
    /// </summary>
    public async Task<DocumentRecord> WriteAsync(DocumentContainer container, string name, string title, DateTimeOffset created,
        byte[] content, CancellationToken cancellationToken = default)
    {
        if (!Ascii.IsValid(title)) throw new ArgumentException($"blob metadata must be ASCII: title '{title}'", nameof(title));
        var key = (container.BlobContainerName, name);
        var version = _inventory.TryGetValue(key, out var previous) ? previous.Version + 1 : 1;
        var record = new DocumentRecord(container, name, title, created, _clock.GetUtcNow(), version, Hex(SHA256.HashData(content)), content.Length);
        var metadata = new Dictionary<string, string>
        {
            [Keys.Classification] = container.Classification,
            [Keys.Title] = title,
            [Keys.Created] = Stamp(created),
            [Keys.Written] = Stamp(record.Written),
            [Keys.Version] = version.ToString(CultureInfo.InvariantCulture),
            [Keys.Sha256] = record.Sha256,
        };
        var blob = _primary.GetBlobContainerClient(container.BlobContainerName).GetBlobClient(name);
        await OverwriteAsync(blob, content, metadata, "text/plain; charset=utf-8", cancellationToken).ConfigureAwait(false);
        _inventory[key] = record;
        return record;
    }

    /// <summary>
    /// One pass of object replication primary → DR: every primary blob last written at or before
    /// now − <paramref name="lag"/> is copied to DR when DR does not hold that write yet (corruption included,
    /// as the real service would); later writes stay pending. DR keeps the overwritten blob as a snapshot.
    /// </summary>
    public async Task<ReplicationReport> ReplicateAsync(TimeSpan lag, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lag, TimeSpan.Zero);
        var now = _clock.GetUtcNow();
        var cutoff = now - lag;
        int replicated = 0, upToDate = 0, pending = 0;
        var oldestPending = TimeSpan.Zero;
        var gate = new object();
        foreach (var container in Containers)
        {
            var source = _primary.GetBlobContainerClient(container.BlobContainerName);
            var target = _dr.GetBlobContainerClient(container.BlobContainerName);
            await target.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var existing = new Dictionary<string, BlobItem>(StringComparer.Ordinal);
            await foreach (var item in target.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, null, cancellationToken).ConfigureAwait(false))
                existing[item.Name] = item;

            var items = new List<BlobItem>();
            await foreach (var item in source.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, null, cancellationToken).ConfigureAwait(false))
                items.Add(item);

            await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (item, ct) =>
                {
                    var written = WrittenAt(item);
                    if (written > cutoff)
                    {
                        lock (gate)
                        {
                            pending++;
                            if (now - written > oldestPending) oldestPending = now - written;
                        }
                        return;
                    }
                    if (existing.TryGetValue(item.Name, out var copy) && SameWrite(item, copy))
                    {
                        Interlocked.Increment(ref upToDate);
                        return;
                    }
                    var download = (await source.GetBlobClient(item.Name).DownloadContentAsync(ct).ConfigureAwait(false)).Value;
                    await OverwriteAsync(target.GetBlobClient(item.Name), download.Content.ToArray(),
                        download.Details.Metadata, download.Details.ContentType, ct).ConfigureAwait(false);
                    Interlocked.Increment(ref replicated);
                }).ConfigureAwait(false);
        }
        return new ReplicationReport(replicated, upToDate, pending, lag, cutoff, oldestPending);
    }

    /// <summary>
    /// A ransomware simulation on the primary side: overwrites <paramref name="count"/> inventoried documents
    /// (chosen deterministically from the seed) with encrypted-looking garbage, keeping their metadata (the
    /// attacker re-uploads in place). Documents in WORM containers resist: Azure refuses the overwrite. Returns the
    /// blob paths (<c>container/name</c>) that were hit and those the immutability policy protected.
    /// </summary>
    public async Task<CorruptionReport> CorruptAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var candidates = Inventory;
        if (count > candidates.Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"only {candidates.Count} documents to corrupt, {count} asked");
        var random = new Random(_seed ^ 0x5EED);
        var victims = candidates.OrderBy(_ => random.Next()).Take(count).ToList();
        var hit = new List<string>();
        var blocked = new List<string>();
        foreach (var victim in victims)
        {
            // Azure answers 409 (BlobImmutableDueToPolicy) to an overwrite in a container under a WORM policy.
            if (victim.Container.Worm)
            {
                blocked.Add($"{victim.Container.BlobContainerName}/{victim.Name}");
                continue;
            }
            var blob = _primary.GetBlobContainerClient(victim.Container.BlobContainerName).GetBlobClient(victim.Name);
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            var metadata = new Dictionary<string, string>(properties.Metadata) { [Keys.Written] = Stamp(_clock.GetUtcNow()) };
            var garbage = new byte[Math.Max(64, victim.Length)];
            random.NextBytes(garbage);
            Encoding.ASCII.GetBytes("LOCKED-BY-RANSOMWARE\n").CopyTo(garbage, 0);
            await OverwriteAsync(blob, garbage, metadata, "application/octet-stream", cancellationToken).ConfigureAwait(false);
            hit.Add($"{victim.Container.BlobContainerName}/{victim.Name}");
        }
        return new CorruptionReport(hit, blocked);
    }

    /// <summary>
    /// On the DR side: every blob whose content no longer hashes to its recorded SHA-256 (the inventory's, or
    /// its metadata's for a blob this store did not write) is restored from its newest snapshot that does;
    /// the bad content is kept as a snapshot (evidence). A blob with no good snapshot is unrecoverable.
    /// </summary>
    public async Task<RestoreReport> RestoreAsync(CancellationToken cancellationToken = default)
    {
        int checkedCount = 0, restored = 0;
        var unrecoverable = new ConcurrentBag<string>();
        foreach (var container in Containers)
        {
            var target = _dr.GetBlobContainerClient(container.BlobContainerName);
            if (!(await target.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value) continue;
            var items = new List<BlobItem>();
            await foreach (var item in target.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, null, cancellationToken).ConfigureAwait(false))
                items.Add(item);

            await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (item, ct) =>
                {
                    Interlocked.Increment(ref checkedCount);
                    var blob = target.GetBlobClient(item.Name);
                    var current = (await blob.DownloadContentAsync(ct).ConfigureAwait(false)).Value;
                    var expected = _inventory.TryGetValue((container.BlobContainerName, item.Name), out var record) ? record.Sha256 : null;
                    if (Hex(SHA256.HashData(current.Content.ToMemory().Span)) == (expected ?? Meta(current.Details.Metadata, Keys.Sha256)))
                        return;

                    var snapshots = new List<string>();
                    await foreach (var s in target.GetBlobsAsync(BlobTraits.None, BlobStates.Snapshots, item.Name, ct).ConfigureAwait(false))
                    {
                        if (s.Name == item.Name && !string.IsNullOrEmpty(s.Snapshot)) snapshots.Add(s.Snapshot);
                    }
                    foreach (var snapshot in snapshots.OrderByDescending(s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture)))
                    {
                        var old = (await blob.WithSnapshot(snapshot).DownloadContentAsync(ct).ConfigureAwait(false)).Value;
                        var hash = Hex(SHA256.HashData(old.Content.ToMemory().Span));
                        if (hash != (expected ?? Meta(old.Details.Metadata, Keys.Sha256))) continue;
                        var metadata = new Dictionary<string, string>(old.Details.Metadata) { [Keys.RestoredFrom] = snapshot };
                        await OverwriteAsync(blob, old.Content.ToArray(), metadata, old.Details.ContentType, ct).ConfigureAwait(false);
                        Interlocked.Increment(ref restored);
                        return;
                    }
                    unrecoverable.Add($"{container.BlobContainerName}/{item.Name}");
                }).ConfigureAwait(false);
        }
        return new RestoreReport(checkedCount, restored, [.. unrecoverable.Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Checks every inventoried document in DR: present, SHA-256 of the content equal to the inventory's and to
    /// the blob's metadata, Content-MD5 (where set) equal to the content's, metadata (classification, title,
    /// created, version) equal to the inventory's. Intact ones restored by <see cref="RestoreAsync"/> count as
    /// restored; missing or bad ones as lost, with their age. <paramref name="inventory"/> defaults to <see cref="Inventory"/>.
    /// </summary>
    public async Task<VerificationReport> VerifyAsync(IReadOnlyList<DocumentRecord>? inventory = null, CancellationToken cancellationToken = default)
    {
        var records = inventory ?? Inventory;
        var now = _clock.GetUtcNow();
        int intact = 0, restored = 0;
        var lost = new ConcurrentBag<LostDocument>();
        var restoredSet = new ConcurrentDictionary<(string Container, string Name), byte>();
        await Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (record, ct) =>
            {
                var blob = _dr.GetBlobContainerClient(record.Container.BlobContainerName).GetBlobClient(record.Name);
                void Lose(string reason) =>
                    lost.Add(new LostDocument(record.Container.BlobContainerName, record.Name, record.Written, now - record.Written, reason));
                BlobDownloadResult download;
                try
                {
                    download = (await blob.DownloadContentAsync(ct).ConfigureAwait(false)).Value;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    Lose("not in DR (written after the replication cutoff)");
                    return;
                }
                var problem = Check(record, download);
                if (problem is not null)
                {
                    Lose(problem);
                    return;
                }
                if (download.Details.Metadata.ContainsKey(Keys.RestoredFrom))
                {
                    Interlocked.Increment(ref restored);
                    restoredSet.TryAdd((record.Container.BlobContainerName, record.Name), 0);
                }
                else Interlocked.Increment(ref intact);
            }).ConfigureAwait(false);
        var lostSet = lost.Select(l => (l.Container, l.Name)).ToHashSet();
        var byClassification = Containers.Select(c => c.Classification).Distinct(StringComparer.Ordinal)
            .Select(classification =>
            {
                var mine = records.Where(r => r.Container.Classification == classification).Select(r => (r.Container.BlobContainerName, r.Name)).ToList();
                var lostHere = mine.Count(lostSet.Contains);
                var restoredHere = mine.Count(restoredSet.ContainsKey);
                return new ClassificationCounts(classification, mine.Count, mine.Count - lostHere - restoredHere, restoredHere, lostHere);
            })
            .ToList();
        return new VerificationReport(records.Count, intact, restored,
            [.. lost.OrderBy(l => l.Container, StringComparer.Ordinal).ThenBy(l => l.Name, StringComparer.Ordinal)])
        {
            ByClassification = byClassification,
        };
    }

    // Content-MD5 is the storage protocol's transport-integrity header, not a security control: SHA-256 is.
#pragma warning disable CA5351
    private static byte[] ContentMd5(ReadOnlySpan<byte> content) => MD5.HashData(content);
#pragma warning restore CA5351

    private static string? Check(DocumentRecord record, BlobDownloadResult download)
    {
        var content = download.Content.ToMemory().Span;
        var metadata = download.Details.Metadata;
        var sha = Hex(SHA256.HashData(content));
        if (sha != record.Sha256) return $"content SHA-256 {sha[..12]}… is not the recorded {record.Sha256[..12]}…";
        if (Meta(metadata, Keys.Sha256) != record.Sha256) return "metadata sha256 differs from the recorded hash";
        var md5 = download.Details.ContentHash;
        if (md5 is { Length: > 0 } && !md5.AsSpan().SequenceEqual(ContentMd5(content))) return "Content-MD5 does not match the content";
        if (Meta(metadata, Keys.Classification) != record.Container.Classification) return "metadata classification differs";
        if (Meta(metadata, Keys.Title) != record.Title) return "metadata title differs";
        if (Meta(metadata, Keys.Created) != Stamp(record.Created)) return "metadata created differs";
        var version = Meta(metadata, Keys.Version);
        if (version != record.Version.ToString(CultureInfo.InvariantCulture))
            return $"DR holds version {version ?? "?"}, the inventory version {record.Version}";
        return null;
    }

    /// <summary>Uploads content over a blob, first snapshotting the blob when it exists (the emulated previous version).</summary>
    private static async Task OverwriteAsync(BlobClient blob, byte[] content, IDictionary<string, string> metadata, string? contentType,
        CancellationToken cancellationToken)
    {
        try
        {
            await blob.CreateSnapshotAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // new blob: nothing to keep
        }
        var options = new BlobUploadOptions
        {
            Metadata = metadata,
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, ContentHash = ContentMd5(content) },
        };
        await blob.UploadAsync(new BinaryData(content), options, cancellationToken).ConfigureAwait(false);
    }

    private static bool SameWrite(BlobItem source, BlobItem copy) =>
        Meta(source.Metadata, Keys.Written) == Meta(copy.Metadata, Keys.Written)
        && source.Properties.ContentHash.AsSpan().SequenceEqual(copy.Properties.ContentHash);

    private static DateTimeOffset WrittenAt(BlobItem item) =>
        Meta(item.Metadata, Keys.Written) is { } stamp
        && DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var written)
            ? written
            : item.Properties.LastModified ?? DateTimeOffset.MinValue;

    private static string? Meta(IDictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var value) ? value : null;

    internal static string Stamp(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);
}
