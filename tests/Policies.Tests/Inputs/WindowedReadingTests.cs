using System.Text;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;

namespace Oic.Infra.Policies.Tests.Inputs;

/// <summary>
/// State documents are read a window at a time (a 100,000-resource export is never held whole). Through
/// windows of a few bytes — every token cut somewhere, every resource across many windows, windows
/// grown for long strings — a document reads exactly as through one window that holds it all, and a
/// damaged one is refused with exactly the same message (line and column, byte offset).
/// </summary>
[TestFixture]
public sealed class WindowedReadingTests
{
    private static readonly int[] Windows = [4, 5, 13, 64, 97, 211, 509, 1000];

    private static readonly (string File, bool Preview)[] Documents =
    [
        ("prod-stack-export.json", false),
        ("prod-stack-export-show-secrets.json", false),
        ("prod-preview.json", true),
        ("prod-preview-replacement-steps.json", true),
    ];

    private static ResourceSet Read(string path, bool preview, int window) => preview
        ? StateDocuments.FromPreview(path, "doc.json", window)
        : StateDocuments.ReadStackExportFile(path, "doc.json", windowBytes: window).Set;

    /// <summary>The export with characters of two, three and four bytes in its strings (the Organisation's name in Arabic, a 🌐), so that windows cut characters.</summary>
    private static string Multibyte(ScratchDirectory dir) => dir.Write("multibyte.json",
        File.ReadAllText(SourceTree.InputData("prod-stack-export.json")).Replace("records-management", "إدارة-السجلات-é-🌐", StringComparison.Ordinal).Replace("prod", "بُرود", StringComparison.Ordinal).Replace("uaenorth", "الإمارات-🌐", StringComparison.Ordinal));

    [Test]
    public void Every_document_reads_the_same_through_small_windows()
    {
        using var dir = new ScratchDirectory();
        Assert.Multiple(() =>
        {
            foreach (var (file, preview) in Documents.Append(("multibyte", false)))
            {
                var path = file == "multibyte" ? Multibyte(dir) : SourceTree.InputData(file);
                if (file == "multibyte") Assert.That(File.ReadAllBytes(path).Count(b => b > 0x7F), Is.GreaterThan(1000), "characters of more than one byte");
                var whole = Read(path, preview, 1 << 24);
                foreach (var window in Windows)
                {
                    var read = Read(path, preview, window);
                    Assert.That(read.Resources.Select(r => (r.Urn, r.Type, r.Name, r.Id, r.ParentUrn)),
                        Is.EqualTo(whole.Resources.Select(r => (r.Urn, r.Type, r.Name, r.Id, r.ParentUrn))), $"{file}, window {window}");
                    Assert.That(read.Resources.Select(r => r.Properties), Is.EqualTo(whole.Resources.Select(r => r.Properties)), $"{file}, window {window}");
                }
            }
        });
    }

    /// <summary>Damage at a spread of places: cut short, a byte that is not UTF-8, a character cut in two, a byte-order mark.</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> Damaged(byte[] good)
    {
        for (var i = 1; i <= 6; i++)
        {
            var at = good.Length * i / 7;
            yield return ($"cut at {at}", good[..at]);
            // Inside a string value: the next quote after the point.
            var quote = Array.IndexOf(good, (byte)'"', at) + 1;
            yield return ($"0xFF at {quote}", [.. good[..quote], 0xFF, .. good[quote..]]);
            yield return ($"half of é at {quote}", [.. good[..quote], 0xC3, .. good[quote..]]);
            yield return ($"é then cut at {quote}", [.. good[..quote], 0xC3, 0xA9]);
        }
        yield return ("UTF-8 BOM", [0xEF, 0xBB, 0xBF, .. good]);
        yield return ("UTF-16 BOM", [0xFF, 0xFE, .. good]);
        yield return ("empty", []);
        yield return ("a second document", [.. good, .. "{}"u8.ToArray()]);
    }

    [Test]
    public void A_damaged_document_is_refused_with_the_same_message_through_any_window()
    {
        using var dir = new ScratchDirectory();
        Assert.Multiple(() =>
        {
            foreach (var (file, preview) in Documents.Take(3).Append(("multibyte", false)))
            {
                var good = File.ReadAllBytes(file == "multibyte" ? Multibyte(dir) : SourceTree.InputData(file));
                foreach (var (name, bytes) in Damaged(good))
                {
                    var path = Path.Combine(dir.Path, "doc.json");
                    File.WriteAllBytes(path, bytes);
                    var whole = Outcome(() => Read(path, preview, 1 << 24));
                    foreach (var window in Windows)
                        Assert.That(Outcome(() => Read(path, preview, window)), Is.EqualTo(whole), $"{file}, {name}, window {window}");
                }
            }
        });
    }

    [Test]
    public void A_byte_that_is_not_utf8_is_named_with_its_offset_in_the_file()
    {
        using var dir = new ScratchDirectory();
        var good = File.ReadAllBytes(SourceTree.InputData("prod-stack-export.json"));
        var at = Array.IndexOf(good, (byte)'"', good.Length / 2) + 1;
        var path = Path.Combine(dir.Path, "doc.json");
        File.WriteAllBytes(path, [.. good[..at], 0xFE, .. good[at..]]);

        var error = Assert.Throws<PolicyInputException>(() => Read(path, false, 13))!;

        Assert.That(error.Problems.Single(), Is.EqualTo($"doc.json: is not UTF-8 (invalid byte 0xFE at offset {at}); save it as UTF-8"));
    }

    private static string Outcome(Func<ResourceSet> read)
    {
        try
        {
            var set = read();
            return $"read {set.Resources.Count} resources";
        }
        catch (PolicyInputException e)
        {
            return string.Join(" | ", e.Problems);
        }
    }
}
