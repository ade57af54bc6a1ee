using System.Text;
using System.Text.RegularExpressions;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Waivers;

namespace Oic.Infra.Policies.Tests;

/// <summary>
/// The catalogue pinned as a snapshot (<c>Snapshots/pack-manifest.txt</c>, one line per rule:
/// pack, level, rule id, severity, in catalogue order), so adding, moving, re-levelling or
/// re-grading a rule shows up in review as a one-line diff. <c>UPDATE_GOLDEN=1</c> rewrites it.
/// </summary>
[TestFixture]
public sealed partial class PackManifestTests
{
    private static string SnapshotPath => Path.Combine(SourceTree.TestProject, "Snapshots", "pack-manifest.txt");

    public static string Manifest()
    {
        var text = new StringBuilder();
        foreach (var pack in Catalogue.All)
            foreach (var (rule, level) in pack.Rules)
                text.Append(pack.Name).Append('\t').Append(level.ToConfigName()).Append('\t')
                    .Append(rule.Id).Append('\t').Append(rule.Severity.ToConfigName()).Append('\n');
        return text.ToString();
    }

    [Test]
    public void Catalogue_matches_the_committed_pack_manifest_snapshot()
    {
        var manifest = Manifest();
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(SnapshotPath)!);
            File.WriteAllText(SnapshotPath, manifest);
        }
        Assert.That(File.Exists(SnapshotPath), Is.True, $"snapshot missing: run the tests once with UPDATE_GOLDEN=1 and review {SnapshotPath}");
        Assert.That(manifest, Is.EqualTo(File.ReadAllText(SnapshotPath).ReplaceLineEndings("\n")),
            "the policy catalogue changed: if intended, rerun with UPDATE_GOLDEN=1 and commit Snapshots/pack-manifest.txt");
    }

    [Test]
    public void Snapshot_lines_have_four_tab_separated_fields_with_known_levels_and_severities()
    {
        var lines = Manifest().TrimEnd('\n').Split('\n');
        Assert.That(lines, Has.Length.EqualTo(Catalogue.Rules.Count()));
        Assert.That(lines, Has.All.Matches(@"^[a-z-]+\t(mandatory|advisory)\t[a-z0-9-]+\t(low|medium|high|critical)$"));
        Assert.That(lines, Does.Contain("dr-readiness\tadvisory\tdr-region-paired\t" + Catalogue.Rules.Single(r => r.Id == "dr-region-paired").Severity.ToConfigName()),
            "packs may run single rules below their default level");
    }

    [Test]
    public void Every_rule_id_is_unique_across_all_packs()
    {
        var duplicates = Catalogue.All
            .SelectMany(p => p.Rules.Select(r => (Pack: p.Name, r.Rule.Id)))
            .GroupBy(r => r.Id, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} in {string.Join(", ", g.Select(r => r.Pack))}");
        Assert.That(duplicates, Is.Empty, "a rule in two packs would report each violation twice");
    }

    [Test]
    public void No_catalogue_rule_or_pack_takes_a_name_the_engine_reserves()
    {
        Assert.That(Catalogue.ConfigKeys, Does.Not.Contain("all"), "'all' is the policy config's catch-all key");
        Assert.That(Catalogue.ConfigKeys, Does.Not.Contain(WaiverSet.WaiverExpired.Id));
        Assert.That(Catalogue.All.Select(p => p.Name), Is.Unique);
    }

    [Test]
    public void Security_baseline_has_at_least_45_rules()
    {
        Assert.That(Catalogue.SecurityBaseline.Rules, Has.Count.GreaterThanOrEqualTo(45));
    }

    [Test]
    public void Every_rule_says_what_compliant_looks_like_why_and_which_control_it_evidences()
    {
        var incomplete = Catalogue.Rules
            .Where(r => string.IsNullOrWhiteSpace(r.Title) || string.IsNullOrWhiteSpace(r.Why) || r.Controls.Count == 0 ||
                        r.Controls.Any(string.IsNullOrWhiteSpace))
            .Select(r => r.Id);
        Assert.That(incomplete, Is.Empty);
    }

    [Test]
    public void Rule_ids_and_pack_names_are_lowercase_kebab()
    {
        var ids = Catalogue.Rules.Select(r => r.Id).Concat(Catalogue.All.Select(p => p.Name));
        Assert.That(ids.Where(id => !Kebab().IsMatch(id)), Is.Empty);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Kebab();
}
