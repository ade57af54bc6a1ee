using System.Globalization;
using System.Text;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Resources;

namespace Oic.Infra.Policies.Tests.Inputs;

/// <summary>
/// What the readers make of the recorded prod documents (every resource, with a digest of all its properties) and
/// what the packs find in them (every result, with its outcome and findings), pinned as a snapshot
/// (<c>Snapshots/readings.txt</c>) taken before the readers and the engine were made to scale (issue
/// 11): a faster reader or index that changes one value or one finding shows up here.
/// <c>UPDATE_GOLDEN=1</c> rewrites it.
/// </summary>
[TestFixture]
public sealed class ReadingsSnapshotTests
{
    private static readonly DateOnly Today = new(2026, 12, 5);

    private static string SnapshotPath => Path.Combine(SourceTree.TestProject, "Snapshots", "readings.txt");

    private static readonly (string File, bool Preview)[] Documents =
    [
        ("prod-stack-export.json", false),
        ("prod-stack-export-show-secrets.json", false),
        ("prod-preview.json", true),
        ("prod-preview-replacement-steps.json", true),
        // The sandbox's export of the reference estate scaled to 600 resources by bench/ (copies in
        // their own resource groups and address space, violations planted), gzipped.
        ("prod-scaled-600.json.gz", false),
    ];

    private static string Readings()
    {
        var text = new StringBuilder();
        foreach (var (file, preview) in Documents)
        {
            var path = Unzipped(SourceTree.InputData(file));
            ResourceSet set;
            try
            {
                set = preview ? StateDocuments.FromPreview(path, file) : StateDocuments.FromStackExport(path, file);
            }
            finally
            {
                if (path.StartsWith(Path.GetTempPath(), StringComparison.Ordinal)) File.Delete(path);
            }
            text.Append(CultureInfo.InvariantCulture, $"== {file}: stack {set.Stack}, project {set.Project}, {set.Resources.Count} resources\n");
            foreach (var r in set.Resources)
            {
                var reading = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{r.Type} | {r.Name} | {r.Id} | {r.ParentUrn} | ");
                Render(reading, r.Properties);
                // A digest keeps the snapshot small; a changed value shows as the resource whose digest moved.
                var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(reading.ToString())))[..16];
                text.Append(CultureInfo.InvariantCulture, $"{r.Urn} {digest}\n");
            }
            var report = Evaluator.Run(set, Catalogue.All, today: Today);
            text.Append(CultureInfo.InvariantCulture, $"-- findings: mandatory {report.Mandatory}, advisory {report.Advisory}\n");
            foreach (var result in report.Results.Where(r => r.Outcome.Kind is not (OutcomeKind.Pass or OutcomeKind.NotApplicable)))
                text.Append(CultureInfo.InvariantCulture,
                    $"{result.Rule.Id} | {result.Pack} | {result.Enforcement} | {result.Resource.Urn} | {result.Outcome.Kind} | {string.Join(" / ", result.Outcome.Findings)}\n");
            foreach (var rule in report.Results.GroupBy(r => (r.Rule.Id, r.Pack, r.Outcome.Kind)).Where(g => g.Key.Kind is OutcomeKind.Pass or OutcomeKind.NotApplicable))
                text.Append(CultureInfo.InvariantCulture, $"{rule.Key.Id} | {rule.Key.Pack} | {rule.Key.Kind} on {rule.Count()} resources\n");
        }
        return text.ToString();
    }

    private static string Unzipped(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) return path;
        var plain = Path.Combine(Path.GetTempPath(), $"readings-{Guid.NewGuid():N}-{Path.GetFileNameWithoutExtension(path)}");
        using (var zipped = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress))
        using (var target = File.Create(plain))
            zipped.CopyTo(target);
        return plain;
    }

    private static void Render(StringBuilder text, PropertyValue value)
    {
        switch (value)
        {
            case PropertyValue.Str s: text.Append('"').Append(s.Value).Append('"'); break;
            case PropertyValue.Num n: text.Append(n.Text); break;
            case PropertyValue.Bool b: text.Append(b.Value ? "true" : "false"); break;
            case PropertyValue.Unknown: text.Append("<unknown>"); break;
            case PropertyValue.Secret s:
                text.Append("<secret ");
                Render(text, s.Inner);
                text.Append('>');
                break;
            case PropertyValue.List l:
                text.Append('[');
                for (var i = 0; i < l.Items.Count; i++)
                {
                    if (i > 0) text.Append(", ");
                    Render(text, l.Items[i]);
                }
                text.Append(']');
                break;
            case PropertyValue.Map m:
                text.Append('{');
                for (var i = 0; i < m.Entries.Count; i++)
                {
                    if (i > 0) text.Append(", ");
                    text.Append(m.Entries[i].Key).Append(": ");
                    Render(text, m.Entries[i].Value);
                }
                text.Append('}');
                break;
            default: text.Append('<').Append(value.GetType().Name).Append('>'); break;
        }
    }

    [Test]
    public void Readers_and_packs_give_the_recorded_readings_of_the_prod_documents()
    {
        var readings = Readings();
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(SnapshotPath)!);
            File.WriteAllText(SnapshotPath, readings);
        }
        Assert.That(File.Exists(SnapshotPath), Is.True, $"snapshot missing: run the tests once with UPDATE_GOLDEN=1 and review {SnapshotPath}");
        Assert.That(readings, Is.EqualTo(File.ReadAllText(SnapshotPath).ReplaceLineEndings("\n")),
            "a reader or the engine changed what it reads or finds: if intended, rerun with UPDATE_GOLDEN=1 and commit Snapshots/readings.txt");
    }
}
