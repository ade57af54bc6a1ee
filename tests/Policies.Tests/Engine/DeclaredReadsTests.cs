using Oic.Infra.Estate.Config;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Tests.Support;
using Oic.Infra.Stacks;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Tests.Engine;

/// <summary>
/// Every rule declares the property paths it reads (<see cref="Rule.Reads"/>); drift derives its
/// security-relevant paths from them. Each rule runs on its own fixture and on every reference stack
/// with every read observed: a read no declaration covers fails, naming the rule, type and path.
/// </summary>
[TestFixture]
public sealed class DeclaredReadsTests
{
    public static IEnumerable<string> RuleIds => RuleFixtureTests.RuleIds;

    [TestCaseSource(nameof(RuleIds))]
    public void Rule_reads_only_the_paths_it_declares(string ruleId)
    {
        var rule = Catalogue.Rules.Single(r => r.Id == ruleId);

        var undeclared = Undeclared(rule, Inputs(ruleId));

        Assert.That(undeclared, Is.Empty, $"{ruleId} reads paths it does not declare in its Reads");
    }

    [Test]
    public void A_rule_reading_an_undeclared_path_is_caught()
    {
        var planted = new ResourceRule("planted", "t", "w", Severity.Low, [], [StorageAccount],
            (r, _) => Rules.Check.Is(r, "allowSharedKeyAccess", false))
        {
            Reads = PropertyPaths.On(StorageAccount, "enableHttpsTrafficOnly"),
        };

        var undeclared = Undeclared(planted, [RuleFixture.Load("storage-no-shared-key")]);

        Assert.That(undeclared, Does.Contain($"{StorageAccount} allowSharedKeyAccess"));
    }

    [Test]
    public void A_declared_path_covers_what_is_below_it_and_no_sibling()
    {
        var paths = PropertyPaths.On(VirtualNetwork, "subnets[].networkSecurityGroup").And(PropertyPaths.AnyType, "tags.data-classification");

        Assert.Multiple(() =>
        {
            Assert.That(paths.Covers(VirtualNetwork, "subnets[2].networkSecurityGroup.id"), Is.True);
            Assert.That(paths.Covers(VirtualNetwork, "subnets[2].routeTable"), Is.False);
            Assert.That(paths.Covers(VirtualNetwork, "subnets[2].networkSecurityGroupX"), Is.False);
            Assert.That(paths.Covers(StorageAccount, "tags.data-classification"), Is.True);
            Assert.That(paths.Covers(StorageAccount, "tags"), Is.False);
        });
    }

    /// <summary>The reads of <paramref name="rule"/> over <paramref name="inputs"/> that its declaration does not cover.</summary>
    internal static IReadOnlyList<string> Undeclared(Rule rule, IEnumerable<ResourceSet> inputs) =>
        [.. Observed(rule, inputs).Where(r => !rule.Reads.Covers(r.Type, r.Path)).Select(r => $"{r.Type} {r.Path}").Order(StringComparer.Ordinal)];

    /// <summary>
    /// What a rule reads: the leaves of its reads. Reading <c>tags</c> only to read <c>tags.network-role</c>
    /// below it is a step on the way, not a read of every tag; a read nothing was read below is a leaf.
    /// </summary>
    internal static IReadOnlyList<(string Type, string Path)> Observed(Rule rule, IEnumerable<ResourceSet> inputs)
    {
        var reads = new HashSet<(string Type, string Path)>();
        using (PathReads.Observe((type, path) => reads.Add((type, PropertyPaths.Normalize(path)))))
            foreach (var set in inputs)
                _ = rule.Evaluate(set).ToList();
        return [.. reads.Where(r => !reads.Any(o => o.Type == r.Type && o.Path != r.Path && PropertyPaths.IsAtOrBelow(r.Path, o.Path)))];
    }

    /// <summary>The rule's fixture and every reference stack's compiled program, each a fresh set (no memo shared between rules).</summary>
    internal static IEnumerable<ResourceSet> Inputs(string ruleId)
    {
        if (Directory.Exists(RuleFixture.Dir(ruleId))) yield return RuleFixture.Load(ruleId);
        var root = Root();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "stacks"), "Pulumi.*.yaml").Order(StringComparer.Ordinal))
        {
            var stack = StackConfig.StackNameFromFile(file);
            var estate = EstateLoader.Load(StackConfig.FromStackFile(file, Path.GetFileName(file), stack));
            yield return GraphInput.From(EstateProgram.Declare(estate), root);
        }
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "stacks")))
                return dir.FullName;
        throw new InvalidOperationException("no repository root above the test directory");
    }
}
