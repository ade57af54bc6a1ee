using System.Text;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Oic.Infra.Stacks.Tests.Support;

/// <summary>How Pulumi (and a person's editor) will read a compiled program.</summary>
internal static class PulumiYaml
{
    /// <summary>A deserializer that types plain scalars (<c>22</c> → int, <c>true</c> → bool, <c>~</c> → null).</summary>
    private static readonly IDeserializer Typed = new DeserializerBuilder()
        .WithAttemptingUnquotedStringTypeDeserialization()
        .Build();

    public static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        Assert.That(stream.Documents, Has.Count.EqualTo(1), "one YAML document");
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>The document as plain .NET objects, scalars typed as YamlDotNet reads unquoted ones.</summary>
    public static Dictionary<object, object?> Typedly(string yaml) =>
        Typed.Deserialize<Dictionary<object, object?>>(yaml);

    public static YamlNode Node(this YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? node
            : throw new AssertionException($"no key '{key}' in mapping with keys [{string.Join(", ", map.Children.Keys)}]");

    public static YamlMappingNode Map(this YamlMappingNode map, string key) => (YamlMappingNode)map.Node(key);

    public static YamlScalarNode Scalar(this YamlMappingNode map, string key) => (YamlScalarNode)map.Node(key);

    public static IReadOnlyList<string> Keys(this YamlMappingNode map) =>
        [.. map.Children.Keys.Select(k => ((YamlScalarNode)k).Value!)];

    /// <summary>
    /// What Pulumi YAML makes of a string value: it interpolates every string, reading <c>$$</c>
    /// as a literal <c>$</c> and <c>${...}</c> as a reference (pulumi-yaml ast/interpolation.go).
    /// Returns literal text with each reference written as <c>⟨expression⟩</c>.
    /// </summary>
    public static string Interpolated(string value)
    {
        var text = new StringBuilder();
        var i = 0;
        while (i < value.Length)
        {
            if (string.CompareOrdinal(value, i, "$$", 0, 2) == 0)
            {
                text.Append('$');
                i += 2;
            }
            else if (string.CompareOrdinal(value, i, "${", 0, 2) == 0)
            {
                var end = value.IndexOf('}', i);
                Assert.That(end, Is.GreaterThan(i), $"unterminated ${{ in '{value}'");
                text.Append('⟨').Append(value, i + 2, end - i - 2).Append('⟩');
                i = end + 1;
            }
            else
            {
                text.Append(value[i]);
                i++;
            }
        }
        return text.ToString();
    }
}
