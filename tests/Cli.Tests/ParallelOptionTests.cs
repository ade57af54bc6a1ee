namespace Oic.Infra.Cli.Tests;

/// <summary>
/// <c>--parallel N</c> is one option (<c>CommonOptions.Parallel</c>): every verb that takes it refuses
/// a bad N at parse time, before anything is read or changed, with the same message and exit 2.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ParallelOptionTests
{
    public static readonly string[] Verbs =
    [
        "preview --stack dev",
        "up --stack dev --yes",
        "destroy --stack dev --yes",
        "refresh --stack dev",
        "drift --stack dev",
        "report --stack dev",
        "dr plan --stack prod --to prod-dr",
        "dr rebuild --stack prod --to prod-dr",
        "dr drill --stack prod --to prod-dr",
    ];

    [TestCaseSource(nameof(Verbs))]
    public void Parallel_zero_is_refused_the_same_way(string verb)
    {
        var stateDir = Path.Combine(Path.GetTempPath(), $"parallel-{Guid.NewGuid():N}");

        var result = Repo.Infra([.. verb.Split(' '), "--parallel", "0", "--state-dir", stateDir]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.Contain("infra: --parallel must be a whole number of at least 1"), result.ToString());
            Assert.That(Directory.Exists(stateDir), Is.False, "nothing may be written before the input is refused");
        });
    }

    [Test]
    public void Every_verb_with_parallel_is_in_the_list()
    {
        var uses = Directory.EnumerateFiles(Path.Combine(Repo.Root, "src", "Cli"), "*.cs")
            .Sum(f => File.ReadAllText(f).Split("CommonOptions.Parallel()").Length - 1);

        Assert.That(uses, Is.EqualTo(Verbs.Length), "a verb took --parallel: add it to Verbs");
    }
}
