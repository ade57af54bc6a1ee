using System.Reflection;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Packs;

namespace Oic.Infra.Policies.Tests;

/// <summary>
/// A rule is found without grep (issue 14): it is a public static field of a class in
/// <c>policies/Rules/&lt;Service&gt;[/&lt;Family&gt;]/&lt;Class&gt;.cs</c>, the namespace is the folder and the class
/// the file. So a rule id leads to its file through the catalogue (<c>Catalogue.cs</c> names the class and
/// field), and the folder names the Azure service it judges.
/// </summary>
[TestFixture]
public sealed class RuleLocationTests
{
    private const string RulesNamespace = "Oic.Infra.Policies.Rules";

    public static IEnumerable<string> RuleIds => RuleFixtureTests.RuleIds;

    [TestCaseSource(nameof(RuleIds))]
    public void A_rule_lives_in_the_file_its_namespace_and_class_name(string ruleId)
    {
        var declaring = Declarations().Where(d => d.Rule.Id == ruleId).Select(d => d.Class).Distinct().ToList();

        Assert.That(declaring, Has.Count.EqualTo(1), $"{ruleId} must be declared once, as a static field of a rule class");
        var file = FileOf(declaring[0]);
        Assert.That(file, Does.Exist, $"{ruleId} is declared in {declaring[0].FullName}: its file must be {Path.GetRelativePath(SourceTree.Root, file)}");
        Assert.That(File.ReadAllText(file), Does.Contain($"\"{ruleId}\""), $"{Path.GetRelativePath(SourceTree.Root, file)} must hold the rule's id");
    }

    [Test]
    public void Every_rule_class_sits_in_a_service_folder_below_policies_rules()
    {
        var classes = Declarations().Select(d => d.Class).Distinct();

        Assert.That(classes.Where(c => c.Namespace is null || !c.Namespace.StartsWith(RulesNamespace + ".", StringComparison.Ordinal)).Select(c => c.FullName),
            Is.Empty, "a rule class belongs to policies/Rules/<Service>/, never to policies/Rules itself or a pack");
    }

    /// <summary>Where a rule class must be: the namespace below <c>Oic.Infra.Policies.Rules</c> as folders, the class as file.</summary>
    private static string FileOf(Type type)
    {
        var below = type.Namespace!.Length > RulesNamespace.Length ? type.Namespace[(RulesNamespace.Length + 1)..] : type.Namespace;
        return Path.Combine([SourceTree.Root, "policies", "Rules", .. below.Split('.'), type.Name + ".cs"]);
    }

    /// <summary>Every catalogue rule with the class whose static field holds it.</summary>
    private static IEnumerable<(Rule Rule, Type Class)> Declarations()
    {
        var catalogue = Catalogue.Rules.ToHashSet();
        return typeof(Catalogue).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Where(f => typeof(Rule).IsAssignableFrom(f.FieldType))
                .Select(f => (Rule: f.GetValue(null) as Rule, Class: t)))
            .Where(d => d.Rule is not null && catalogue.Contains(d.Rule))
            .Select(d => (d.Rule!, d.Class));
    }
}
