using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Tests.Support;

namespace Oic.Infra.Policies.Tests;

/// <summary>
/// checkov-style: one fixture folder per rule; the rule must fail exactly the resources named
/// <c>fail…</c>, pass exactly those named <c>pass…</c>, report <c>unknown…</c> as unknown, and
/// never throw. Every fixture has at least one pass and one fail.
/// </summary>
[TestFixture]
public sealed class RuleFixtureTests
{
    public static IEnumerable<string> RuleIds => Catalogue.Rules.Select(r => r.Id).Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(RuleIds))]
    public void Rule_fails_exactly_its_fail_fixtures_and_passes_its_pass_fixtures(string ruleId)
    {
        var rule = Catalogue.Rules.Single(r => r.Id == ruleId);
        Assert.That(Directory.Exists(RuleFixture.Dir(ruleId)), Is.True, $"missing fixture folder Fixtures/{ruleId}/resources.yaml");
        var set = RuleFixture.Load(ruleId);

        var outcomes = rule.Evaluate(set)
            .Where(o => o.Outcome.Kind != OutcomeKind.NotApplicable)
            .ToList();

        var errors = outcomes.Where(o => o.Outcome.Kind == OutcomeKind.Error).Select(o => $"{o.Resource.Name}: {o.Outcome.Findings[0]}");
        Assert.That(errors, Is.Empty, "a rule must never throw");
        string[] Named(OutcomeKind kind) => [.. outcomes.Where(o => o.Outcome.Kind == kind).Select(o => o.Resource.Name).Order(StringComparer.Ordinal)];
        string[] Expected(string prefix) => [.. set.Resources.Select(r => r.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

        Assert.Multiple(() =>
        {
            Assert.That(Named(OutcomeKind.Fail), Is.EqualTo(Expected("fail")), "fail set");
            Assert.That(Named(OutcomeKind.Pass), Is.EqualTo(Expected("pass")), "pass set");
            Assert.That(Named(OutcomeKind.Unknown), Is.EqualTo(Expected("unknown")), "unknown set");
            Assert.That(Expected("pass"), Is.Not.Empty, "a fixture needs at least one passing resource");
            Assert.That(Expected("fail"), Is.Not.Empty, "a fixture needs at least one failing resource");
        });
        foreach (var failure in outcomes.Where(o => o.Outcome.Kind == OutcomeKind.Fail))
            Assert.That(failure.Outcome.Findings, Is.Not.Empty.And.All.Not.Empty, $"{failure.Resource.Name} failed without saying why");
    }
}
