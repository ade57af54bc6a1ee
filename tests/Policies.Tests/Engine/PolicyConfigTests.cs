using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Rules.Storage;
using Oic.Infra.Policies.Rules.KeyVault;
using Oic.Infra.Policies.Rules.Network.Nsg;
using Oic.Infra.Policies.Rules.Network.Vnet;
using Oic.Infra.Policies.Rules.Network.Watcher;
using Oic.Infra.Policies.Rules.Network.PublicIp;
using static Oic.Infra.Policies.Tests.Engine.EngineSamples;

namespace Oic.Infra.Policies.Tests.Engine;

/// <summary>
/// Enforcement overrides in Pulumi's policy-pack-config shape: the most specific key wins (rule id,
/// then pack name, then <c>all</c>, then the pack's default); <c>disabled</c> removes the rule.
/// </summary>
[TestFixture]
public sealed class PolicyConfigTests
{
    private const string Display = "policies/config/prod.json";
    private ScratchDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new ScratchDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private PolicyConfig Load(string json) => PolicyConfig.Load(_dir.Write("prod.json", json), Display, Catalogue.ConfigKeys);

    private PolicyInputException LoadFails(string json) =>
        Assert.Throws<PolicyInputException>(() => Load(json))!;

    private static Enforcement LevelOf(PolicyConfig config, PolicyPack pack, string ruleId)
    {
        var (rule, level) = pack.Rules.Single(r => r.Rule.Id == ruleId);
        return config.LevelOf(pack, rule, level);
    }

    [Test]
    public void Rule_id_beats_pack_name_beats_all_beats_the_pack_default()
    {
        var config = Load("""
            {
              "all": "advisory",
              "dr-readiness": "mandatory",
              "dr-region-paired": "disabled"
            }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(LevelOf(config, Catalogue.DrReadiness, "dr-region-paired"), Is.EqualTo(Enforcement.Disabled), "rule id");
            Assert.That(LevelOf(config, Catalogue.DrReadiness, "dr-region-access-restricted"), Is.EqualTo(Enforcement.Mandatory),
                "pack name over the rule's advisory default in the pack");
            Assert.That(LevelOf(config, Catalogue.SecurityBaseline, "storage-https-only"), Is.EqualTo(Enforcement.Advisory), "all");
        });
    }

    [Test]
    public void Without_a_matching_key_each_rule_runs_at_its_level_in_the_pack()
    {
        var config = Load("""{ "identity": "advisory" }""");

        Assert.Multiple(() =>
        {
            Assert.That(LevelOf(config, Catalogue.SecurityBaseline, "storage-https-only"), Is.EqualTo(Enforcement.Mandatory));
            Assert.That(LevelOf(config, Catalogue.DrReadiness, "dr-region-paired"), Is.EqualTo(Enforcement.Advisory));
            Assert.That(LevelOf(PolicyConfig.Default, Catalogue.DrReadiness, "dr-region-paired"), Is.EqualTo(Enforcement.Advisory));
            Assert.That(LevelOf(PolicyConfig.Default, Catalogue.DrReadiness, "dr-pilot-light"), Is.EqualTo(Enforcement.Mandatory));
        });
    }

    [TestCase("\"advisory\"", Enforcement.Advisory)]
    [TestCase("{ \"enforcementLevel\": \"advisory\" }", Enforcement.Advisory)]
    [TestCase("\"disabled\"", Enforcement.Disabled)]
    [TestCase("{ \"enforcementLevel\": \"disabled\" }", Enforcement.Disabled)]
    [TestCase("\"mandatory\"", Enforcement.Mandatory)]
    [TestCase("{ \"enforcementLevel\": \"mandatory\", \"maxRetentionDays\": 730 }", Enforcement.Mandatory)]
    public void String_and_object_forms_set_the_same_level(string value, Enforcement expected)
    {
        var config = Load($$"""{ "all": "advisory", "law-retention": {{value}} }""");

        Assert.That(LevelOf(config, Catalogue.SecurityBaseline, "law-retention"), Is.EqualTo(expected));
    }

    [Test]
    public void The_committed_dev_config_relaxes_four_rules_and_leaves_the_rest()
    {
        var config = PolicyConfig.Load(Path.Combine(SourceTree.Root, "policies", "config", "dev.json"), "policies/config/dev.json", Catalogue.ConfigKeys);

        var advisory = Catalogue.All
            .SelectMany(p => p.Rules.Select(r => (Pack: p, r.Rule, r.Level)))
            .Where(x => x.Pack.Name == Catalogue.SecurityBaseline.Name && config.LevelOf(x.Pack, x.Rule, x.Level) == Enforcement.Advisory)
            .Select(x => x.Rule.Id);
        Assert.That(advisory, Is.EquivalentTo(new[] { "hub-ddos", "fw-threat-intel-deny", "fw-idps-deny", "law-retention" }));
    }

    [Test]
    public void A_disabled_rule_has_no_results_at_all_while_the_rest_of_its_pack_runs()
    {
        var set = Set(Account("documents-uan-st", Bool(false)));
        var config = Load("""{ "storage-https-only": { "enforcementLevel": "disabled" } }""");

        var enabled = Evaluator.Run(set, [Catalogue.SecurityBaseline], today: Today);
        var disabled = Evaluator.Run(set, [Catalogue.SecurityBaseline], config, today: Today);

        Assert.Multiple(() =>
        {
            Assert.That(enabled.Results.Where(r => r.Rule.Id == "storage-https-only").Select(r => r.Outcome.Kind), Is.EqualTo(new[] { OutcomeKind.Fail }));
            Assert.That(disabled.Results.Where(r => r.Rule.Id == "storage-https-only"), Is.Empty);
            Assert.That(disabled.Results.Count, Is.EqualTo(enabled.Results.Count - 1));
            Assert.That(disabled.Results.Any(r => r.Rule.Id == "storage-min-tls12"), Is.True);
        });
    }

    [Test]
    public void A_disabled_pack_can_keep_one_rule_on_by_naming_it()
    {
        var set = Set(Account("documents-uan-st", Bool(false)), Vault("documents-uan-kv"));
        var config = Load("""
            {
              "security-baseline": "disabled",
              "storage-https-only": "mandatory"
            }
            """);

        var report = Evaluator.Run(set, [Catalogue.SecurityBaseline, Catalogue.DrReadiness], config, today: Today);

        Assert.Multiple(() =>
        {
            Assert.That(report.Results.Where(r => r.Pack == "security-baseline").Select(r => r.Rule.Id).Distinct(), Is.EqualTo(new[] { "storage-https-only" }));
            Assert.That(report.Results.Any(r => r.Pack == "dr-readiness"), Is.True);
            Assert.That(report.Mandatory, Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public void An_advisory_override_turns_a_blocking_violation_into_a_warning()
    {
        var set = Set(Account("documents-uan-st", Bool(false)));
        var pack = PolicyPack.Of("security-baseline", "test", Enforcement.Mandatory, StorageRules.HttpsOnly);

        var strict = Evaluator.Run(set, [pack], today: Today);
        var relaxed = Evaluator.Run(set, [pack], Load("""{ "security-baseline": "advisory" }"""), today: Today);

        Assert.Multiple(() =>
        {
            Assert.That((strict.Mandatory, strict.Advisory, strict.Blocks), Is.EqualTo((1, 0, true)));
            Assert.That((relaxed.Mandatory, relaxed.Advisory, relaxed.Blocks), Is.EqualTo((0, 1, false)));
            Assert.That(relaxed.Results.Single().Enforcement, Is.EqualTo(Enforcement.Advisory));
        });
    }

    [Test]
    public void Comments_and_trailing_commas_are_accepted()
    {
        var config = Load("""
            {
              // DR region not built yet in this subscription
              "dr-offices-prewired": "advisory",
            }
            """);

        Assert.That(LevelOf(config, Catalogue.DrReadiness, "dr-offices-prewired"), Is.EqualTo(Enforcement.Advisory));
    }

    [Test]
    public void Invalid_JSON_is_reported_at_its_file_line_and_column()
    {
        var error = LoadFails("""
            {
              "all": "mandatory",
              "hub-ddos": "advisory"
              "law-retention": "advisory"
            }
            """);

        Assert.That(error.Problems, Has.Count.EqualTo(1));
        Assert.That(error.Problems[0], Does.StartWith($"{Display}:4:3: is not valid JSON"));
    }

    [Test]
    public void An_unknown_key_is_refused_with_its_line_and_the_closest_rule_id()
    {
        var error = LoadFails("""
            {
              "all": "mandatory",
              "storage-https-onyl": "advisory"
            }
            """);

        Assert.That(error.Problems.Single(), Is.EqualTo(
            $"{Display}:3: 'storage-https-onyl' is neither 'all', a pack name nor a rule id; did you mean 'storage-https-only'?"));
    }

    [Test]
    public void A_misspelt_pack_name_suggests_the_pack()
    {
        var error = LoadFails("""{ "network-segmentaton": "advisory" }""");

        Assert.That(error.Problems.Single(), Does.EndWith("did you mean 'network-segmentation'?"));
    }

    [Test]
    public void An_unknown_key_with_nothing_close_gets_no_suggestion()
    {
        var error = LoadFails("""{ "azure-cis-benchmark-v2": "advisory" }""");

        Assert.That(error.Problems.Single(), Does.Not.Contain("did you mean"));
    }

    [TestCase("\"warn\"")]
    [TestCase("\"Mandatory\"")]
    [TestCase("true")]
    [TestCase("{ \"level\": \"advisory\" }")]
    [TestCase("{ \"enforcementLevel\": \"remediate\" }")]
    public void A_value_that_is_not_a_level_is_refused(string value)
    {
        var error = LoadFails($$"""
            {
              "kv-purge-protection": {{value}}
            }
            """);

        Assert.That(error.Problems.Single(), Does.StartWith($"{Display}:2: 'kv-purge-protection' must be \"mandatory\", \"advisory\" or \"disabled\""));
    }

    [Test]
    public void A_document_that_is_not_an_object_is_refused()
    {
        var error = LoadFails("""["storage-https-only"]""");

        Assert.That(error.Problems.Single(), Does.StartWith($"{Display}: must be a JSON object"));
    }

    [Test]
    public void A_missing_file_is_an_input_error_not_a_crash()
    {
        var error = Assert.Throws<PolicyInputException>(() =>
            PolicyConfig.Load(Path.Combine(_dir.Path, "nope.json"), "policies/config/nope.json", Catalogue.ConfigKeys));

        Assert.That(error!.Problems.Single(), Is.EqualTo("policies/config/nope.json: policy config file not found"));
    }

    [Test]
    public void A_dr_rule_keeps_its_advisory_pack_level_when_only_another_pack_is_overridden()
    {
        var config = Load("""{ "security-baseline": "advisory" }""");

        Assert.That(LevelOf(config, Catalogue.DrReadiness, "dr-region-access-restricted"), Is.EqualTo(Enforcement.Advisory));
    }
}
