using Oic.Infra.Policies.Waivers;

namespace Oic.Infra.Policies.Tests.Engine;

[TestFixture]
public sealed class GlobTests
{
    private const string Urn = "urn:pulumi:prod::oic-gs-infra::azure-native:storage:StorageAccount::documents-uan-st-conf";

    [TestCase("*", true)]
    [TestCase(Urn, true)]
    [TestCase("urn:pulumi:prod::*::documents-*", true)]
    [TestCase("*st-con?", true)]
    [TestCase("*st-con", false)]
    [TestCase("urn:pulumi:dev::*", false)]
    [TestCase("*storage*StorageAccount*conf", true)]
    [TestCase("*.*", false)]
    [TestCase("", false)]
    public void Waiver_resource_globs_match_star_and_question_mark_and_nothing_else(string pattern, bool matches) =>
        Assert.That(Glob.Matches(pattern, Urn), Is.EqualTo(matches));

    [Test]
    public void A_pathological_glob_is_answered_without_blowing_up()
    {
        var text = new string('a', 5000);
        Assert.That(Glob.Matches(string.Concat(Enumerable.Repeat("*a", 60)) + "b", text), Is.False);
    }
}
