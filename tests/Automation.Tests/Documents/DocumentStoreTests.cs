using System.Diagnostics;
using System.Net.Sockets;
using Oic.Infra.Automation.Documents;
using Oic.Infra.Automation.Engines;

namespace Oic.Infra.Automation.Tests.Documents;

/// <summary>A clock the tests move by hand (the drill's virtual clock plays this part).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>The document data plane against a real Azurite, started once for the fixture.</summary>
[TestFixture]
[NonParallelizable]
public sealed class DocumentStoreTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private AzuriteServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAzurite() => _server = await AzuriteServer.StartAsync();

    [OneTimeTearDown]
    public void StopAzurite() => _server?.Dispose();

    private (DocumentStore Store, ManualClock Clock) NewStore(string test)
    {
        var clock = new ManualClock(Start);
        DocumentContainer[] containers = [new("internal", $"{test}-correspondence"), new("confidential", $"{test}-council-records")];
        return (DocumentStore.ForAzurite(_server, containers, clock), clock);
    }

    [Test]
    public async Task Seeded_documents_replicate_and_verify_intact()
    {
        var (store, clock) = NewStore("intact");
        var seeded = await store.SeedAsync(40);
        Assert.That(seeded, Has.Count.EqualTo(40));
        Assert.That(seeded.Select(d => d.Container.Name).Distinct().Count(), Is.EqualTo(2));

        clock.Advance(TimeSpan.FromMinutes(30));
        var replication = await store.ReplicateAsync(TimeSpan.FromMinutes(15));
        Assert.That((replication.Replicated, replication.Pending, replication.OldestPendingAge), Is.EqualTo((40, 0, TimeSpan.Zero)));

        var again = await store.ReplicateAsync(TimeSpan.FromMinutes(15));
        Assert.That((again.Replicated, again.UpToDate), Is.EqualTo((0, 40)), "a second pass copies nothing");

        var report = await store.VerifyAsync();
        Assert.That(report.Counts, Is.EqualTo(new DataCounts(40, 40, 0, 0)));
        Assert.That(report.DataLossWindow, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task Corrupted_documents_replicate_and_are_restored_from_earlier_versions()
    {
        var (store, clock) = NewStore("ransom");
        await store.SeedAsync(40);
        clock.Advance(TimeSpan.FromMinutes(30));
        await store.ReplicateAsync(TimeSpan.FromMinutes(15));

        clock.Advance(TimeSpan.FromMinutes(10));
        var hit = (await store.CorruptAsync(3)).Hit;
        Assert.That(hit, Has.Count.EqualTo(3).And.Unique);
        clock.Advance(TimeSpan.FromMinutes(30));
        var replication = await store.ReplicateAsync(TimeSpan.FromMinutes(15));
        Assert.That(replication.Replicated, Is.EqualTo(3), "the corruption replicates, as it would");

        var before = await store.VerifyAsync();
        Assert.That(before.Lost, Is.EqualTo(3));
        Assert.That(before.LostDocuments.Select(d => $"{d.Container}/{d.Name}"), Is.EquivalentTo(hit));
        Assert.That(before.LostDocuments.Select(d => d.Reason), Has.All.Contains("SHA-256"));

        var restore = await store.RestoreAsync();
        Assert.That((restore.Checked, restore.Restored, restore.Unrecoverable.Count), Is.EqualTo((40, 3, 0)));

        var after = await store.VerifyAsync();
        Assert.That(after.Counts, Is.EqualTo(new DataCounts(40, 37, 3, 0)));
        Assert.That(after.ByClassification.Sum(c => c.Restored), Is.EqualTo(3));
        Assert.That(after.ByClassification.Select(c => c.Seeded), Is.EqualTo(new[] { 20, 20 }));
        Assert.That(after.ByClassification, Has.All.Matches<ClassificationCounts>(c => c.Intact + c.Restored + c.Lost == c.Seeded && c.Lost == 0));

        var second = await store.RestoreAsync();
        Assert.That(second.Restored, Is.Zero, "restore is idempotent");
    }

    [Test]
    public async Task Documents_in_a_WORM_container_resist_the_attack_and_the_rest_are_hit()
    {
        var clock = new ManualClock(Start);
        DocumentContainer[] containers = [new("internal", "worm-correspondence"), new("confidential", "worm-council-records", Worm: true)];
        var store = DocumentStore.ForAzurite(_server, containers, clock);
        await store.SeedAsync(20);

        var attack = await store.CorruptAsync(20);

        Assert.That(attack.Hit, Has.Count.EqualTo(10).And.All.StartWith("internal-"));
        Assert.That(attack.Blocked, Has.Count.EqualTo(10).And.All.StartWith("confidential-"));
        var report = await store.VerifyAsync();
        Assert.That(report.ByClassification.Single(c => c.Classification == "confidential").Lost, Is.EqualTo(10), "not yet replicated: absent from DR, not overwritten");
    }

    [Test]
    public async Task A_document_written_after_the_lag_cutoff_is_lost_with_its_age()
    {
        var (store, clock) = NewStore("rpo");
        await store.SeedAsync(10);
        clock.Advance(TimeSpan.FromMinutes(30));
        var late = await store.WriteAsync(store.Containers[0], "2025/late-memo.txt", "Late memo", clock.GetUtcNow(), "written just before the outage"u8.ToArray());
        clock.Advance(TimeSpan.FromMinutes(7));

        var replication = await store.ReplicateAsync(TimeSpan.FromMinutes(15));
        Assert.That((replication.Replicated, replication.Pending), Is.EqualTo((10, 1)));
        Assert.That(replication.OldestPendingAge, Is.EqualTo(TimeSpan.FromMinutes(7)));
        Assert.That(replication.Cutoff, Is.EqualTo(clock.GetUtcNow() - TimeSpan.FromMinutes(15)));

        var report = await store.VerifyAsync();
        Assert.That(report.Counts, Is.EqualTo(new DataCounts(11, 10, 0, 1)));
        var lost = report.LostDocuments.Single();
        Assert.That((lost.Name, lost.Written, lost.Age), Is.EqualTo((late.Name, late.Written, TimeSpan.FromMinutes(7))));
        Assert.That(report.DataLossWindow, Is.EqualTo(TimeSpan.FromMinutes(7)));
    }

    [Test]
    public async Task A_document_corrupted_before_its_first_replication_has_no_good_version_in_DR()
    {
        var (store, clock) = NewStore("nogood");
        await store.SeedAsync(5);
        var hit = (await store.CorruptAsync(1)).Hit;
        clock.Advance(TimeSpan.FromMinutes(30));
        await store.ReplicateAsync(TimeSpan.FromMinutes(15));

        var restore = await store.RestoreAsync();
        Assert.That(restore.Unrecoverable, Is.EqualTo(hit));
        var report = await store.VerifyAsync();
        Assert.That(report.Counts, Is.EqualTo(new DataCounts(5, 4, 0, 1)));
    }

    [Test]
    public async Task Updated_documents_replicate_their_new_version()
    {
        var (store, clock) = NewStore("version");
        var first = (await store.SeedAsync(3))[0];
        clock.Advance(TimeSpan.FromMinutes(30));
        await store.ReplicateAsync(TimeSpan.FromMinutes(15));

        await store.WriteAsync(first.Container, first.Name, first.Title, first.Created, "revised text"u8.ToArray());
        var stale = await store.VerifyAsync();
        Assert.That(stale.LostDocuments.Single().Name, Is.EqualTo(first.Name), "DR still holds version 1");

        clock.Advance(TimeSpan.FromMinutes(30));
        await store.ReplicateAsync(TimeSpan.FromMinutes(15));
        var report = await store.VerifyAsync();
        Assert.That(report.Counts, Is.EqualTo(new DataCounts(3, 3, 0, 0)));
        Assert.That(store.Inventory.Single(d => d.Name == first.Name).Version, Is.EqualTo(2));
    }

    [Test]
    public async Task Seeded_content_is_deterministic_for_a_seed()
    {
        var (one, _) = NewStore("det-a");
        var (two, _) = NewStore("det-b");
        var a = await one.SeedAsync(6);
        var b = await two.SeedAsync(6);
        Assert.That(a.Select(d => (d.Name, d.Sha256, d.Title)), Is.EqualTo(b.Select(d => (d.Name, d.Sha256, d.Title))));
        Assert.That(a.Select(d => d.Sha256).Distinct().Count(), Is.EqualTo(6));
    }
}

[TestFixture]
public sealed class AzuriteServerTests
{
    [Test]
    public void Missing_install_is_a_clear_input_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-azurite", "azurite-blob");
        var error = Assert.ThrowsAsync<EngineInputException>(() => AzuriteServer.StartAsync(missing));
        Assert.That(error!.Message, Does.Contain("Azurite is not installed").And.Contain("run scripts/install-tools.sh").And.Contain(missing));
    }

    [Test]
    public async Task Dispose_stops_the_server()
    {
        var server = await AzuriteServer.StartAsync();
        var port = server.Port;
        var pid = server.ProcessId;
        Assert.That(server.BlobEndpoint(AzuriteServer.DrAccount).ToString(), Is.EqualTo($"http://127.0.0.1:{port}/dr"));
        server.Dispose();

        Assert.That(() => Process.GetProcessById(pid).HasExited, Throws.ArgumentException.Or.True);
        using var client = new TcpClient();
        Assert.That(() => client.Connect("127.0.0.1", port), Throws.InstanceOf<SocketException>());
    }
}
