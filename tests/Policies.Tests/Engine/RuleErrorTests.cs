using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules;
using static Oic.Infra.Policies.Tests.Engine.EngineSamples;

namespace Oic.Infra.Policies.Tests.Engine;

/// <summary>A rule that throws is reported as an error on what it was judging: never a pass, never silently dropped.</summary>
[TestFixture]
public sealed class RuleErrorTests
{
    /// <summary>Reads the SKU tier the way an early draft of a rule did: throws on accounts without a tier.</summary>
    private static readonly ResourceRule SkuTierRule = new("test-sku-tier",
        "Storage accounts declare their SKU tier",
        "Exercises a rule that throws on some resources and not on others.",
        Severity.Medium, ["MCSB:AM-2"], [StorageType],
        (r, _) => r.Get("sku.tier").Text!.Length > 0 ? Outcome.Pass : Outcome.Fail("sku.tier is empty"));

    private static readonly StackRule ThrowingStackRule = new("test-stack-lookup",
        "Every account has a partner in the DR region",
        "Exercises a stack rule that throws part way through.",
        Severity.High, ["MCSB:BR-1"],
        set => set.OfType(StorageType).Select(a => (a, a.Name == "records-uan-st"
            ? throw new KeyNotFoundException("no DR partner registered for records-uan-st")
            : Outcome.Pass)));

    private static ResourceSet Accounts()
    {
        var tiered = Account("documents-uan-st", Bool(true));
        tiered = tiered with { Properties = Props([.. tiered.Properties.Entries.Select(e => (e.Key, e.Key == "sku" ? Props(("name", Str("Standard_GZRS")), ("tier", Str("Standard"))) : e.Value))]) };
        return Set(tiered, Account("records-uan-st", Bool(true)));
    }

    [Test]
    public void A_resource_rule_that_throws_is_an_error_on_that_resource_and_the_others_are_still_judged()
    {
        var report = Evaluator.Run(Accounts(), [PolicyPack.Of("baseline", "test", Enforcement.Mandatory, SkuTierRule)], today: Today);

        var byName = report.Results.ToDictionary(r => r.Resource.Name);
        Assert.Multiple(() =>
        {
            Assert.That(byName["documents-uan-st"].Outcome.Kind, Is.EqualTo(OutcomeKind.Pass));
            Assert.That(byName["records-uan-st"].Outcome.Kind, Is.EqualTo(OutcomeKind.Error));
            Assert.That(byName["records-uan-st"].Outcome.Findings.Single(), Does.Contain("NullReferenceException"));
            Assert.That(report.Errors.Select(e => e.Resource.Name), Is.EqualTo(new[] { "records-uan-st" }));
        });
    }

    [Test]
    public void A_rule_error_is_not_a_violation_and_not_a_pass()
    {
        var report = Evaluator.Run(Accounts(), [PolicyPack.Of("baseline", "test", Enforcement.Mandatory, SkuTierRule)], today: Today);

        var error = report.Errors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.IsViolation, Is.False);
            Assert.That(report.Violations, Is.Empty);
            Assert.That(report.Mandatory, Is.Zero);
            Assert.That(report.Blocks, Is.False, "errors are reported apart (exit 1), not as blocking violations");
            Assert.That(report.Results.Count(r => r.Outcome.Kind == OutcomeKind.Pass), Is.EqualTo(1), "only the account the rule could judge passes");
        });
    }

    [Test]
    public void A_stack_rule_that_throws_is_one_error_on_the_stack_and_drops_the_passes_it_had_yielded()
    {
        var set = Accounts();
        var report = Evaluator.Run(set, [PolicyPack.Of("dr", "test", Enforcement.Mandatory, ThrowingStackRule)], today: Today);

        var only = report.Results.Single();
        Assert.Multiple(() =>
        {
            Assert.That(only.Outcome.Kind, Is.EqualTo(OutcomeKind.Error));
            Assert.That(only.Resource, Is.SameAs(set.Root));
            Assert.That(only.Resource.Urn, Is.EqualTo("urn:pulumi:prod::oic-gs-infra::pulumi:pulumi:Stack::oic-gs-infra-prod"));
            Assert.That(only.Outcome.Findings.Single(), Does.Contain("KeyNotFoundException").And.Contain("no DR partner registered for records-uan-st"));
            Assert.That(report.Errors.Single(), Is.SameAs(only));
            Assert.That(report.Results.Any(r => r.Outcome.Kind == OutcomeKind.Pass), Is.False,
                "documents-uan-st was yielded as a pass before the throw; a half-run rule proves nothing");
        });
    }

    [Test]
    public void A_rule_that_throws_at_advisory_level_is_still_an_error()
    {
        var report = Evaluator.Run(Accounts(), [PolicyPack.Of("hygiene", "test", Enforcement.Advisory, SkuTierRule)], today: Today);

        Assert.Multiple(() =>
        {
            Assert.That(report.Errors.Count(), Is.EqualTo(1));
            Assert.That(report.Advisory, Is.Zero);
        });
    }

    [Test]
    public void No_catalogue_rule_throws_on_an_empty_stack()
    {
        var report = Evaluator.Run(Set(), Packs.Catalogue.All, today: Today);

        Assert.That(report.Errors.Select(e => $"{e.Rule.Id}: {e.Message}"), Is.Empty);
    }
}
