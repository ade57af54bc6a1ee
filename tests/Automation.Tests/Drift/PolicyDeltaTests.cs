using System.Text.Json.Nodes;
using Oic.Infra.Automation.Drift;
using Oic.Infra.Policies.Engine;
using static Oic.Infra.Automation.Tests.Drift.DriftEstate;

namespace Oic.Infra.Automation.Tests.Drift;

/// <summary>
/// Drift runs only the rules a difference can change the verdict of: a rule that reads nothing that
/// differs judges both sides alike (its declared reads are held to every read it makes by
/// DeclaredReadsTests), so running it could not name it on any difference.
/// </summary>
[TestFixture]
public sealed class PolicyDeltaTests
{
    private const string StorageAccount = "azure-native:storage:StorageAccount";

    /// <summary>A storage rule that counts the sets it judges.</summary>
    private sealed class Counted(string id, string path, string failing)
    {
        public int Runs;

        public StackRule Rule => new(id, id, "a test rule", Severity.High, ["MCSB:DP-3"], set =>
        {
            Interlocked.Increment(ref Runs);
            return set.OfType(StorageAccount).Select(r =>
            {
                var value = r.Get(path);
                var text = value.Bool is { } b ? (b ? "true" : "false") : value.Text;
                return (r, text == failing ? Outcome.Fail($"{path} is {failing}") : Outcome.Pass);
            });
        })
        { Reads = PropertyPaths.On(StorageAccount, path) };
    }

    private static (DriftReport Report, Counted Anonymous, Counted Tls) Drift(Action<JsonObject> edit)
    {
        var anonymous = new Counted("test-anonymous-blob", "allowBlobPublicAccess", "true");
        var tls = new Counted("test-tls", "minimumTlsVersion", "TLS1_0");
        var options = new DriftOptions { Packs = [PolicyPack.Of("test", "test rules", Enforcement.Mandatory, anonymous.Rule, tls.Rule)] };
        var recorded = Recorded();
        var report = DriftDetector.Compare(Desired(), recorded, StackExport.Parse(LiveJson(edit), "live", baseline: recorded), options);
        return (report, anonymous, tls);
    }

    [Test]
    public void A_property_difference_runs_only_the_rules_that_read_it()
    {
        var (report, anonymous, tls) = Drift(live => Outputs(live, "documents-uan-st-pub")["allowBlobPublicAccess"] = true);

        Assert.That(report.Differences.Single().Policies, Is.EqualTo(new[] { "test-anonymous-blob" }));
        Assert.That(anonymous.Runs, Is.GreaterThanOrEqualTo(2), "both sides are judged");
        Assert.That(tls.Runs, Is.Zero);
    }

    [Test]
    public void Another_property_runs_the_other_rule_alone()
    {
        var (report, anonymous, tls) = Drift(live => Outputs(live, "documents-uan-st-pub")["minimumTlsVersion"] = "TLS1_0");

        Assert.That(report.Differences.Single().Policies, Is.EqualTo(new[] { "test-tls" }));
        Assert.That((anonymous.Runs, tls.Runs > 0), Is.EqualTo((0, true)));
    }

    [Test]
    public void A_resource_that_went_runs_every_rule()
    {
        var (_, anonymous, tls) = Drift(live => ResourceList(live).Remove(Resource(live, "identity-uan-kv")));

        Assert.That((anonymous.Runs > 0, tls.Runs > 0), Is.EqualTo((true, true)));
    }

    [Test]
    public void Touched_matches_a_path_at_below_or_above_a_declared_read_and_ignores_case_and_indices()
    {
        var rule = new Counted("r", "networkRuleSet.defaultAction", "x").Rule;
        string[] Touched(string type, string path) =>
        [
            .. PolicyDelta.Touched([rule], [new PendingDifference
            {
                Kind = Comparison.StateVsLive, Urn = "urn", Type = type, Path = path, Presence = Presence.Both, Recorded = "a", Other = "b",
            }]),
        ];

        Assert.Multiple(() =>
        {
            Assert.That(Touched(StorageAccount, "networkRuleSet.defaultAction"), Is.EqualTo(new[] { "r" }));
            Assert.That(Touched(StorageAccount, "networkRuleSet"), Is.EqualTo(new[] { "r" }), "above");
            Assert.That(Touched(StorageAccount, "NetworkRuleSet.DefaultAction"), Is.EqualTo(new[] { "r" }), "ARM names ignore case");
            Assert.That(Touched(StorageAccount, "networkRuleSet.ipRules[3].value"), Is.Empty, "a sibling");
            Assert.That(Touched(StorageAccount, "networkRuleSetX"), Is.Empty, "a prefix is not a parent");
            Assert.That(Touched("azure-native:keyvault:Vault", "networkRuleSet.defaultAction"), Is.Empty, "another type");
        });
    }
}
