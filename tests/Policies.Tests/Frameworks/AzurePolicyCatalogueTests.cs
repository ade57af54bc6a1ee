using System.Text.RegularExpressions;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Tests.Support;
using Oic.Infra.Resources.AzurePolicy;

namespace Oic.Infra.Policies.Tests.Frameworks;

/// <summary>
/// The catalogue of built-in Azure Policy definitions (docs/adr/0020): every entry names a rule of the packs, a
/// well-formed built-in id read at the pinned azure-policy commit, an effect its rule's enforcement allows, and a
/// unique assignment key; and the stack-level findings of the assignment and budget rules on a primary stack.
/// </summary>
[TestFixture]
public sealed partial class AzurePolicyCatalogueTests
{
    [GeneratedRegex("^/providers/Microsoft\\.Authorization/(policyDefinitions|policySetDefinitions)/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex BuiltInId();

    private static Enforcement LevelOf(string ruleId) =>
        Catalogue.All.SelectMany(p => p.Rules).Single(r => r.Rule.Id == ruleId).Level;

    [Test]
    public void Every_entry_names_a_rule_of_the_packs_a_builtin_id_and_its_source_at_the_pinned_commit()
    {
        var rules = Catalogue.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Multiple(() =>
        {
            foreach (var entry in AzurePolicyCatalogue.All)
            {
                Assert.That(rules, Does.Contain(entry.RuleId), entry.Key);
                Assert.That(entry.DefinitionId, Does.Match(BuiltInId()), entry.Key);
                Assert.That(entry.Source, Does.StartWith($"Azure/azure-policy@{AzurePolicyCatalogue.Commit} built-in-policies/").And.EndWith(".json"), entry.Key);
            }
        });
    }

    [Test]
    public void Keys_are_unique_and_definitions_repeat_only_with_other_parameters()
    {
        Assert.That(AzurePolicyCatalogue.All.Select(e => e.Key), Is.Unique);
        var repeated = AzurePolicyCatalogue.All.GroupBy(e => e.DefinitionId).Where(g => g.Count() > 1);
        foreach (var group in repeated)
            Assert.That(group.Select(e => string.Join(";", e.Parameters.Select(p => $"{p.Key}={p.Value}"))), Is.Unique, group.Key);
    }

    [Test]
    public void An_advisory_rule_is_never_assigned_as_deny_and_a_mandatory_one_audits_only_where_the_definition_cannot_deny()
    {
        Assert.Multiple(() =>
        {
            foreach (var entry in AzurePolicyCatalogue.All)
            {
                if (LevelOf(entry.RuleId) != Enforcement.Mandatory)
                    Assert.That(entry.Effect, Is.Not.EqualTo(PolicyEffect.Deny), $"{entry.Key}: {entry.RuleId} is not mandatory");
                if (entry.FixedDeny)
                    Assert.That((entry.Effect, entry.EffectParameter, entry.EnforcementMode), Is.EqualTo((PolicyEffect.Audit, (string?)null, "DoNotEnforce")),
                        $"{entry.Key}: a fixed-deny definition takes no effect parameter, so a rule's audit runs as DoNotEnforce");
            }
        });
    }

    [Test]
    public void The_mcsb_initiative_is_assigned_in_audit_mode()
    {
        var mcsb = AzurePolicyCatalogue.All.Single(e => e.DefinitionId.EndsWith("1f3afdf9-d0c9-4c3d-847f-89da613e70a8", StringComparison.Ordinal));
        Assert.That((mcsb.IsInitiative, mcsb.Effect, mcsb.EffectParameter, mcsb.EnforcementMode),
            Is.EqualTo((true, PolicyEffect.Audit, (string?)null, "Default")));
    }

    [TestCase("azure-policy-assigned", "built-in definition(s) of the catalogue are not assigned")]
    [TestCase("budget-present", "no azure-native:consumption:Budget")]
    public void A_primary_stack_without_the_guardrail_fails_on_the_stack(string ruleId, string finding)
    {
        const string yaml = """
            resources:
              - name: rg-primary
                type: azure-native:resources:ResourceGroup
                properties:
                  resourceGroupName: rg-oicgs-prod-monitoring-uan
                  location: uaenorth
                  tags: {estate-role: primary, estate-primary-region: uaenorth, estate-dr-region: uaecentral}
            """;
        var temp = Path.Combine(Path.GetTempPath(), $"guardrail-{Guid.NewGuid():N}.json");
        File.WriteAllText(temp, RuleFixture.ToStackExport(yaml, "primary"));
        try
        {
            var set = StateDocuments.FromStackExport(temp, "primary.json");
            var failures = Catalogue.Rules.Single(r => r.Id == ruleId).Evaluate(set).Where(o => o.Outcome.Kind == OutcomeKind.Fail).ToList();
            Assert.That(failures, Has.Count.EqualTo(1));
            Assert.That(failures[0].Resource, Is.SameAs(set.Root));
            Assert.That(failures[0].Outcome.Findings[0], Does.Contain(finding));
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
