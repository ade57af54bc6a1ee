using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Estate.Tests.Support;

/// <summary>
/// Builds <c>PULUMI_CONFIG</c> and <c>PULUMI_CONFIG_SECRET_KEYS</c> from a stack file the way the
/// Pulumi engine hands config to a YAML compiler: a JSON object of namespaced keys to strings;
/// structured values JSON-encoded inside the string (Go's encoding: compact, object keys sorted,
/// untagged plain scalars typed as YAML 1.1/Go decode them); secure values decrypted (here, to a
/// made-up plaintext); every secret key listed in a JSON array.
/// </summary>
internal static partial class PulumiEnvironment
{
    private static readonly JsonWriterOptions Compact = new()
    {
        Indented = false,
        // Go's encoding/json writes non-ASCII text as UTF-8, not \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Outer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static (string ConfigJson, string SecretKeysJson) FromStackFile(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var config = (YamlMappingNode)root.Children[new YamlScalarNode("config")];

        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var secretKeys = new List<string>();
        foreach (var (keyNode, value) in config.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            if (value is YamlMappingNode m && m.Children.Count == 1 && m.Children.ContainsKey(new YamlScalarNode("secure")))
            {
                values[key] = $"decrypted-{key}";
                secretKeys.Add(key);
            }
            else if (value is YamlScalarNode scalar)
            {
                values[key] = scalar.Value ?? "";
            }
            else
            {
                values[key] = Encode(value);
            }
        }
        return (JsonSerializer.Serialize(values, Outer), JsonSerializer.Serialize(secretKeys, Outer));
    }

    /// <summary>One structured config value, as the engine JSON-encodes it into the string.</summary>
    public static string Encode(YamlNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
            Write(writer, node);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject();
                foreach (var (k, v) in map.Children.OrderBy(c => ((YamlScalarNode)c.Key).Value, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(((YamlScalarNode)k).Value!);
                    Write(writer, v);
                }
                writer.WriteEndObject();
                break;
            case YamlSequenceNode seq:
                writer.WriteStartArray();
                foreach (var item in seq.Children) Write(writer, item);
                writer.WriteEndArray();
                break;
            case YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is null or "" or "~" or "null":
                writer.WriteNullValue();
                break;
            case YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is "true" or "false":
                writer.WriteBooleanValue(s.Value == "true");
                break;
            case YamlScalarNode { Style: ScalarStyle.Plain } s when IntegerRegex().IsMatch(s.Value!):
                writer.WriteNumberValue(long.Parse(s.Value!, CultureInfo.InvariantCulture));
                break;
            case YamlScalarNode s:
                writer.WriteStringValue(s.Value);
                break;
            default:
                throw new NotSupportedException(node.GetType().Name);
        }
    }

    [GeneratedRegex("^-?[0-9]+$")]
    private static partial Regex IntegerRegex();
}
