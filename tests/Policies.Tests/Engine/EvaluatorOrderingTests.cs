using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Reports;
using Oic.Infra.Resources;
using static Oic.Infra.Policies.Tests.Engine.EngineSamples;

namespace Oic.Infra.Policies.Tests.Engine;

/// <summary>
/// Results come out in one order whatever order the resources were declared or the packs given in:
/// rule id, then URN, then pack (ordinal), so reports and SARIF diffs are stable between runs.
/// </summary>
[TestFixture]
public sealed class EvaluatorOrderingTests
{
    private static PolicyResource[] Estate() =>
    [
        Account("documents-uan-st", Bool(false)),
        Account("Archive-uan-st", Bool(true)),
        Account("records-uan-st", Unknown),
        Account("intake-uan-st", Bool(true)),
        Vault("documents-uan-kv"),
        Vault("records-uan-kv"),
        new PolicyResource($"urn:pulumi:prod::oic-gs-infra::{GroupType}::documents-uan-rg", GroupType, "documents-uan-rg",
            Props(("location", Str("uaenorth")), ("resourceGroupName", Str("rg-oicgs-prod-documents-uan")))),
    ];

    private static PolicyReport Run(IEnumerable<PolicyResource> resources, IReadOnlyList<PolicyPack> packs) =>
        Evaluator.Run(new ResourceSet(Stack, Project, resources, "compiled stack prod"), packs, today: Today);

    private static string[] Keys(PolicyReport report) =>
        [.. report.Results.Select(r => $"{r.Rule.Id}|{r.Resource.Urn}|{r.Pack}|{r.Outcome.Kind}")];

    [Test]
    public void Results_are_ordered_by_rule_id_then_urn_then_pack_ordinally()
    {
        var report = Run(Estate(), Catalogue.All);

        var expected = report.Results
            .OrderBy(r => r.Rule.Id, StringComparer.Ordinal)
            .ThenBy(r => r.Resource.Urn, StringComparer.Ordinal)
            .ThenBy(r => r.Pack, StringComparer.Ordinal)
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(report.Results, Is.EqualTo(expected));
            Assert.That(report.Results.Count, Is.GreaterThan(Estate().Length), "the estate is judged by many rules");
        });
    }

    [Test]
    public void Uppercase_urns_sort_before_lowercase_as_ordinal_comparison_does()
    {
        var https = Run(Estate(), Catalogue.All).Results.Where(r => r.Rule.Id == "storage-https-only").Select(r => r.Resource.Name);

        Assert.That(https, Is.EqualTo(new[] { "Archive-uan-st", "documents-uan-st", "intake-uan-st", "records-uan-st" }));
    }

    [TestCase(1)]
    [TestCase(20260115)]
    [TestCase(424242)]
    public void Shuffling_resources_and_packs_gives_the_same_results_in_the_same_order(int seed)
    {
        var random = new Random(seed);
        var reference = Run(Estate(), Catalogue.All);

        var shuffledResources = Estate().OrderBy(_ => random.Next()).ToList();
        var shuffledPacks = Catalogue.All.OrderBy(_ => random.Next()).ToList();
        var shuffled = Run(shuffledResources, shuffledPacks);

        Assert.That(Keys(shuffled), Is.EqualTo(Keys(reference)));
    }

    [Test]
    public void The_same_estate_renders_the_same_json_report_twice()
    {
        var first = PolicyReports.Json(Run(Estate(), Catalogue.All));
        var second = PolicyReports.Json(Run(Estate().Reverse(), Catalogue.All.Reverse().ToList()));

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void A_stack_rule_judging_the_same_resource_twice_keeps_its_own_order_for_ties()
    {
        var twice = new StackRule("test-twice", "Judges twice", "Exercises ties in the ordering.", Severity.Low, ["MCSB:AM-2"],
            set => set.OfType(StorageType).SelectMany(a => new[] { (a, Outcome.Fail("first finding")), (a, Outcome.Fail("second finding")) }));

        var report = Evaluator.Run(Set(Account("documents-uan-st", Bool(true))), [PolicyPack.Of("p", "test", Enforcement.Advisory, twice)], today: Today);

        Assert.That(report.Results.Select(r => r.Message), Is.EqualTo(new[] { "first finding", "second finding" }));
    }
}
