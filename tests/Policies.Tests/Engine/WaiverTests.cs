using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Rules.Storage;
using Oic.Infra.Policies.Rules.KeyVault;
using Oic.Infra.Policies.Rules.Network.Nsg;
using Oic.Infra.Policies.Rules.Network.Vnet;
using Oic.Infra.Policies.Rules.Network.Watcher;
using Oic.Infra.Policies.Rules.Network.PublicIp;
using Oic.Infra.Policies.Waivers;
using static Oic.Infra.Policies.Tests.Engine.EngineSamples;

namespace Oic.Infra.Policies.Tests.Engine;

/// <summary>
/// <c>policies/waivers.yaml</c>: a current waiver marks its violations waived; an expired one brings
/// them back with a <c>waiver-expired</c> finding beside each; malformed files are refused with every
/// problem at its <c>file:line:col</c>. <c>today</c> is always passed, so the tests do not age.
/// </summary>
[TestFixture]
public sealed class WaiverTests
{
    private const string Display = "policies/waivers.yaml";
    private ScratchDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new ScratchDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private static readonly PolicyPack Baseline = PolicyPack.Of("security-baseline", "storage", Enforcement.Mandatory,
        StorageRules.PublicNetworkDisabled, StorageRules.HttpsOnly);

    private static readonly string[] RuleIds = [.. Catalogue.Rules.Select(r => r.Id)];

    /// <summary>Public-facing accounts: reachable from public networks (the publications site), HTTPS only.</summary>
    private static PolicyResource PublicAccount(string name, bool https = true)
    {
        var account = Account(name, Bool(https));
        return account with
        {
            Properties = Props([.. account.Properties.Entries.Select(e => (e.Key, e.Key == "publicNetworkAccess" ? Str("Enabled") : e.Value))]),
        };
    }

    private static ResourceSet Publications() => Set(
        PublicAccount("documents-uan-st-pub"),
        PublicAccount("documents-weu-st-pub"),
        PublicAccount("archive-uan-st-pub", https: false));

    private static string PublicationsWaiver(string expiresOn, string resource = "urn:pulumi:prod::oic-gs-infra::*::documents-*-st-pub") => $"""
        waivers:
          - ruleId: storage-public-network-disabled
            resource: "{resource}"
            category: mitigated
            justification: Publications are public by design; the CDN in front enforces TLS 1.2 and WAF rules.
            approvedBy: CISO, OIC General Secretariat
            ticket: ICT-2026-0412
            expiresOn: {expiresOn}
        """;

    private WaiverSet Load(string yaml, DateOnly? today = null) =>
        WaiverSet.Load(_dir.Write("waivers.yaml", yaml), Display, RuleIds, today ?? Today);

    private PolicyInputException LoadFails(string yaml, DateOnly? today = null) =>
        Assert.Throws<PolicyInputException>(() => Load(yaml, today))!;

    private static PolicyResult Result(PolicyReport report, string ruleId, string resource) =>
        report.Results.Single(r => r.Rule.Id == ruleId && r.Resource.Name == resource);

    // ---- applying waivers -------------------------------------------------------------------

    [Test]
    public void A_current_waiver_marks_the_violation_waived_and_it_no_longer_counts_as_mandatory()
    {
        var report = Evaluator.Run(Set(PublicAccount("documents-uan-st-pub")), [Baseline], waivers: Load(PublicationsWaiver("2026-03-31")), today: Today);

        var waived = Result(report, "storage-public-network-disabled", "documents-uan-st-pub");
        Assert.Multiple(() =>
        {
            Assert.That(waived.IsViolation, Is.True, "a waived violation is still a violation, reported as waived");
            Assert.That(waived.Waived, Is.True);
            Assert.That(waived.Waiver!.Ticket, Is.EqualTo("ICT-2026-0412"));
            Assert.That(waived.Waiver.Category, Is.EqualTo(WaiverCategory.Mitigated));
            Assert.That(waived.Waiver.Location, Is.EqualTo($"{Display}:2:5"));
            Assert.That((report.Mandatory, report.Advisory, report.WaivedCount), Is.EqualTo((0, 0, 1)));
            Assert.That(report.Blocks, Is.False);
        });
    }

    [Test]
    public void A_waiver_expiring_today_still_covers_today()
    {
        var report = Evaluator.Run(Set(PublicAccount("documents-uan-st-pub")), [Baseline], waivers: Load(PublicationsWaiver("2026-01-15")), today: Today);

        Assert.Multiple(() =>
        {
            Assert.That(Result(report, "storage-public-network-disabled", "documents-uan-st-pub").Waived, Is.True);
            Assert.That(report.Results.Any(r => r.Rule.Id == "waiver-expired"), Is.False);
        });
    }

    [Test]
    public void An_expired_waiver_brings_the_violation_back_and_adds_waiver_expired_on_the_same_resource()
    {
        var set = Set(PublicAccount("documents-uan-st-pub"));
        var report = Evaluator.Run(set, [Baseline], waivers: Load(PublicationsWaiver("2026-01-14")), today: Today);

        var violation = Result(report, "storage-public-network-disabled", "documents-uan-st-pub");
        var expired = report.Results.Single(r => r.Rule.Id == "waiver-expired");
        Assert.Multiple(() =>
        {
            Assert.That(violation.Waived, Is.False);
            Assert.That(violation.Enforcement, Is.EqualTo(Enforcement.Mandatory));
            Assert.That(report.Mandatory, Is.EqualTo(1));
            Assert.That(report.Blocks, Is.True);

            Assert.That(expired.Resource, Is.SameAs(violation.Resource));
            Assert.That(expired.Outcome.Kind, Is.EqualTo(OutcomeKind.Fail));
            Assert.That(expired.Pack, Is.EqualTo("security-baseline"));
            Assert.That(expired.Enforcement, Is.EqualTo(Enforcement.Advisory));
            Assert.That(expired.Message, Is.EqualTo(
                $"the waiver of storage-public-network-disabled at {Display}:2:5 (ticket ICT-2026-0412) expired on 2026-01-14"));
            Assert.That(report.Advisory, Is.EqualTo(1), "the waiver-expired finding itself");
        });
    }

    [Test]
    public void A_current_waiver_wins_over_an_expired_one_for_the_same_resource()
    {
        var yaml = PublicationsWaiver("2026-01-01") + "\n" + PublicationsWaiver("2026-06-30").Replace("waivers:\n", "", StringComparison.Ordinal)
            .Replace("ICT-2026-0412", "ICT-2026-0533", StringComparison.Ordinal);

        var report = Evaluator.Run(Set(PublicAccount("documents-uan-st-pub")), [Baseline], waivers: Load(yaml), today: Today);

        Assert.Multiple(() =>
        {
            Assert.That(Result(report, "storage-public-network-disabled", "documents-uan-st-pub").Waiver?.Ticket, Is.EqualTo("ICT-2026-0533"));
            Assert.That(report.Results.Any(r => r.Rule.Id == "waiver-expired"), Is.False);
        });
    }

    [Test]
    public void A_urn_glob_covers_every_matching_resource_through_its_parent_type_chain_and_no_other()
    {
        var report = Evaluator.Run(Publications(), [Baseline], waivers: Load(PublicationsWaiver("2026-03-31")), today: Today);

        Assert.Multiple(() =>
        {
            Assert.That(Result(report, "storage-public-network-disabled", "documents-uan-st-pub").Waived, Is.True);
            Assert.That(Result(report, "storage-public-network-disabled", "documents-weu-st-pub").Waived, Is.True);
            Assert.That(Result(report, "storage-public-network-disabled", "archive-uan-st-pub").Waived, Is.False, "documents-* does not match archive-");
            Assert.That(Result(report, "storage-https-only", "archive-uan-st-pub").Waived, Is.False, "a waiver covers one rule only");
            Assert.That((report.Mandatory, report.WaivedCount), Is.EqualTo((2, 2)));
        });
    }

    [TestCase("urn:pulumi:prod::oic-gs-infra::*::documents-uan-st-pub", true)]
    [TestCase("urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:storage:StorageAccount::documents-uan-st-pub", true)]
    [TestCase("urn:pulumi:prod::oic-gs-infra::azure-native:storage:StorageAccount::documents-uan-st-pub", false)]
    [TestCase("urn:pulumi:prod-dr::oic-gs-infra::*::documents-uan-st-pub", false)]
    [TestCase("urn:pulumi:*::oic-gs-infra::*::documents-uan-st-pub", true)]
    [TestCase("*documents-uan-st-pu?", true)]
    [TestCase("urn:pulumi:prod::oic-gs-infra::*::documents-uan-st", false)]
    [TestCase("urn:pulumi:prod::oic-gs-infra::*::documents-uan-st-pub*", true)]
    public void Resource_globs_match_whole_urns_with_star_and_question_mark(string glob, bool covers)
    {
        var waiver = Load(PublicationsWaiver("2026-03-31", glob)).Waivers.Single();

        Assert.That(waiver.Covers("storage-public-network-disabled", AccountUrn("documents-uan-st-pub")), Is.EqualTo(covers));
    }

    [Test]
    public void Passing_unknown_and_error_results_are_left_alone()
    {
        var yaml = PublicationsWaiver("2026-03-31", "*").Replace("storage-public-network-disabled", "storage-https-only", StringComparison.Ordinal);
        var set = Set(Account("documents-uan-st", Bool(true)), Account("intake-uan-st", Unknown));

        var report = Evaluator.Run(set, [Baseline], waivers: Load(yaml), today: Today);

        Assert.Multiple(() =>
        {
            Assert.That(report.Results.Where(r => r.Rule.Id == "storage-https-only").Select(r => r.Waived), Has.All.False);
            Assert.That(report.WaivedCount, Is.Zero);
        });
    }

    [Test]
    public void An_expired_waiver_on_a_fixed_resource_adds_nothing()
    {
        var report = Evaluator.Run(Set(Account("documents-uan-st-pub", Bool(true))), [Baseline], waivers: Load(PublicationsWaiver("2025-12-31")), today: Today);

        Assert.That(report.Results.Any(r => r.Rule.Id == "waiver-expired"), Is.False,
            "once the account is closed to public networks there is no violation for the stale waiver to leave uncovered");
    }

    // ---- loading ------------------------------------------------------------------------------

    [Test]
    public void A_valid_file_loads_every_field()
    {
        var waiver = Load(PublicationsWaiver("2026-03-31")).Waivers.Single();

        Assert.That(waiver, Is.EqualTo(new Waiver("storage-public-network-disabled", "urn:pulumi:prod::oic-gs-infra::*::documents-*-st-pub",
            WaiverCategory.Mitigated, "Publications are public by design; the CDN in front enforces TLS 1.2 and WAF rules.",
            "CISO, OIC General Secretariat", "ICT-2026-0412", new DateOnly(2026, 3, 31), $"{Display}:2:5")).Using<Waiver>(SameWaiver));
    }

    private static bool SameWaiver(Waiver a, Waiver b) =>
        (a.RuleId, a.Resource, a.Category, a.Justification, a.ApprovedBy, a.Ticket, a.ExpiresOn, a.Location) ==
        (b.RuleId, b.Resource, b.Category, b.Justification, b.ApprovedBy, b.Ticket, b.ExpiresOn, b.Location);

    [TestCase("waivers: []\n")]
    [TestCase("waivers:\n")]
    [TestCase("")]
    [TestCase("# Accepted policy violations, under code review.\nwaivers: []\n")]
    public void An_empty_waiver_list_loads_as_none(string yaml)
    {
        Assert.That(Load(yaml).Waivers, Is.Empty);
    }

    [Test]
    public void The_committed_waiver_file_loads()
    {
        var file = Path.Combine(SourceTree.Root, "policies", "waivers.yaml");

        Assert.DoesNotThrow(() => WaiverSet.Load(file, Display, RuleIds, Today));
    }

    [TestCase(180, true)]
    [TestCase(181, false)]
    public void ExpiresOn_may_be_at_most_180_days_ahead(int days, bool accepted)
    {
        var expires = Today.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        if (accepted)
            Assert.That(Load(PublicationsWaiver(expires)).Waivers.Single().ExpiresOn, Is.EqualTo(Today.AddDays(days)));
        else
            Assert.That(LoadFails(PublicationsWaiver(expires)).Problems.Single(), Is.EqualTo(
                $"{Display}:8:16: waivers[0].expiresOn {expires} is more than 180 days ahead (latest allowed today: 2026-07-14)"));
    }

    [Test]
    public void A_missing_field_is_reported_at_the_entry()
    {
        var yaml = PublicationsWaiver("2026-03-31").Replace("    ticket: ICT-2026-0412\n", "", StringComparison.Ordinal);

        Assert.That(LoadFails(yaml).Problems.Single(), Is.EqualTo($"{Display}:2:5: waivers[0] is missing 'ticket'"));
    }

    [Test]
    public void An_empty_field_counts_as_missing()
    {
        var yaml = PublicationsWaiver("2026-03-31").Replace("approvedBy: CISO, OIC General Secretariat", "approvedBy: \"\"", StringComparison.Ordinal);

        Assert.That(LoadFails(yaml).Problems.Single(), Is.EqualTo($"{Display}:2:5: waivers[0] is missing 'approvedBy'"));
    }

    [Test]
    public void A_justification_under_20_characters_is_refused_at_its_value()
    {
        var yaml = PublicationsWaiver("2026-03-31").Replace(
            "Publications are public by design; the CDN in front enforces TLS 1.2 and WAF rules.", "CDN in front.", StringComparison.Ordinal);

        Assert.That(LoadFails(yaml).Problems.Single(), Is.EqualTo(
            $"{Display}:5:20: waivers[0].justification must say why in at least 20 characters (has 13)"));
    }

    [Test]
    public void A_category_other_than_waiver_or_mitigated_is_refused()
    {
        var yaml = PublicationsWaiver("2026-03-31").Replace("category: mitigated", "category: exception", StringComparison.Ordinal);

        Assert.That(LoadFails(yaml).Problems.Single(), Is.EqualTo(
            $"{Display}:4:15: waivers[0].category 'exception' must be 'waiver' or 'mitigated'"));
    }

    [Test]
    public void An_unknown_rule_id_is_refused_with_the_closest_rule()
    {
        var yaml = PublicationsWaiver("2026-03-31").Replace("ruleId: storage-public-network-disabled", "ruleId: storage-public-networks-disabled", StringComparison.Ordinal);

        Assert.That(LoadFails(yaml).Problems.Single(), Is.EqualTo(
            $"{Display}:2:13: waivers[0].ruleId 'storage-public-networks-disabled' is not a rule; did you mean 'storage-public-network-disabled'?"));
    }

    [Test]
    public void An_unknown_key_is_refused_with_the_closest_key()
    {
        var yaml = PublicationsWaiver("2026-03-31") + "\n    approvedOn: 2026-01-12\n";

        Assert.That(LoadFails(yaml).Problems.Single(), Is.EqualTo(
            $"{Display}:9:5: waivers[0].approvedOn is not a known key; did you mean 'approvedBy'?"));
    }

    [Test]
    public void A_date_in_another_format_is_refused()
    {
        Assert.That(LoadFails(PublicationsWaiver("31/03/2026")).Problems.Single(), Is.EqualTo(
            $"{Display}:8:16: waivers[0].expiresOn '31/03/2026' must be a date such as 2027-03-31"));
    }

    [Test]
    public void Every_problem_in_a_file_is_reported_at_once_each_at_its_line_and_column()
    {
        var error = LoadFails("""
            waivers:
              - ruleId: storage-https-onyl
                resource: "urn:pulumi:prod::oic-gs-infra::*::intake-uan-st"
                category: exception
                justification: Legacy uploader.
                approvedBy: Head of ICT, OIC General Secretariat
                ticket: ICT-2026-0077
                expiresOn: 2026-12-31
              - ruleId: kv-purge-protection
                resource: "urn:pulumi:prod::oic-gs-infra::*::records-uan-kv"
                category: waiver
                justification: The vault is rebuilt from the migration scripts until the cut-over on 28 February.
                approvedBy: CISO, OIC General Secretariat
                expires: 2026-02-28
              - storage-https-only
            """);

        Assert.That(error.Problems, Is.EquivalentTo(new[]
        {
            $"{Display}:2:13: waivers[0].ruleId 'storage-https-onyl' is not a rule; did you mean 'storage-https-only'?",
            $"{Display}:4:15: waivers[0].category 'exception' must be 'waiver' or 'mitigated'",
            $"{Display}:5:20: waivers[0].justification must say why in at least 20 characters (has 16)",
            $"{Display}:8:16: waivers[0].expiresOn 2026-12-31 is more than 180 days ahead (latest allowed today: 2026-07-14)",
            $"{Display}:14:5: waivers[1].expires is not a known key; did you mean 'expiresOn'?",
            $"{Display}:9:5: waivers[1] is missing 'ticket'",
            $"{Display}:9:5: waivers[1] is missing 'expiresOn'",
            $"{Display}:15:5: waivers[2] must be a mapping",
        }));
        Assert.That(error.Message, Does.Contain("storage-https-onyl").And.Contain("waivers[2]"), "the message lists every problem");
    }

    [Test]
    public void Invalid_YAML_is_reported_at_its_line_and_column()
    {
        var error = LoadFails("""
            waivers:
              - ruleId: storage-https-only
                resource: "urn:pulumi:prod::oic-gs-infra::*::intake-uan-st
                category: waiver
            """);

        Assert.That(error.Problems.Single(), Does.StartWith($"{Display}:3:15: is not valid YAML: "), "at the opening quote");
    }

    [Test]
    public void Badly_indented_YAML_is_reported_at_the_offending_line()
    {
        var error = LoadFails("""
            waivers:
              - ruleId: storage-https-only
                 resource: "urn:pulumi:prod::oic-gs-infra::*::intake-uan-st"
            """);

        Assert.That(error.Problems.Single(), Does.StartWith($"{Display}:3:14: is not valid YAML: "));
    }

    [Test]
    public void A_key_given_twice_in_one_entry_is_an_input_error_at_its_line()
    {
        var yaml = PublicationsWaiver("2026-03-31") + "\n    ticket: ICT-2026-0533\n";

        var error = LoadFails(yaml);

        Assert.That(error.Problems.Single(), Is.EqualTo($"{Display}:9:5: is not valid YAML: Duplicate key ticket"));
    }

    [Test]
    public void A_file_without_a_waivers_list_is_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LoadFails("waiver:\n  - ruleId: storage-https-only\n").Problems.Single(), Is.EqualTo($"{Display}:1:1: must be a mapping with a 'waivers:' list"));
            Assert.That(LoadFails("waivers: storage-https-only\n").Problems.Single(), Is.EqualTo($"{Display}:1:10: 'waivers' must be a list"));
        });
    }

    [Test]
    public void A_missing_file_is_an_input_error()
    {
        var error = Assert.Throws<PolicyInputException>(() => WaiverSet.Load(Path.Combine(_dir.Path, "absent.yaml"), Display, RuleIds, Today));

        Assert.That(error!.Problems.Single(), Is.EqualTo($"{Display}: waiver file not found"));
    }
}
