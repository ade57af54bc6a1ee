using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>
/// Canonical JSON for the sandbox's files: object keys sorted (as Go's encoding/json writes
/// Pulumi's maps), numbers as their shortest round-trip form, four-space indentation as
/// <c>pulumi stack export</c> prints. Two equal values always give the same bytes.
/// </summary>
internal static class SandboxJson
{
    /// <summary>Pulumi's secret signature key and value (<c>sig.Key</c>, <c>sig.Secret</c>).</summary>
    public const string SecretSigKey = "4dabf18193072939515e22adb298388d";
    public const string SecretSigValue = "1b47061264138c4ac30d75fd1eb44270";

    /// <summary>Pulumi's marker for a value not known yet (preview outputs).</summary>
    public const string UnknownSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions Compact = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonNode? Parse(string text) =>
        JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });

    public static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a) Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValue v:
                WriteValue(writer, v);
                break;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonValue v)
    {
        switch (v.GetValueKind())
        {
            case JsonValueKind.String: writer.WriteStringValue(v.GetValue<string>()); break;
            case JsonValueKind.Number: writer.WriteNumberValue(Number(v)); break;
            case JsonValueKind.True: writer.WriteBooleanValue(true); break;
            case JsonValueKind.False: writer.WriteBooleanValue(false); break;
            default: writer.WriteNullValue(); break;
        }
    }

    public static double Number(JsonValue v) =>
        v.TryGetValue<double>(out var d) ? d
        : v.TryGetValue<JsonElement>(out var e) ? e.GetDouble()
        : Convert.ToDouble(v.GetValue<object>(), CultureInfo.InvariantCulture);

    /// <summary>The value as compact canonical JSON (what hashes and journal lines are made of).</summary>
    public static string ToCompact(JsonNode? node) => Encoding.UTF8.GetString(ToBytes(node, indented: false));

    public static string ToIndented(JsonNode? node) => Encoding.UTF8.GetString(ToBytes(node, indented: true));

    public static byte[] ToBytes(JsonNode? node, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact)) Write(writer, node);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes with the document's formatting into a fragment (for callers assembling a document).</summary>
    public static byte[] Fragment(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Indented)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Indents every line but the first of an indented fragment by <paramref name="spaces"/> (JSON strings hold no raw newlines).</summary>
    public static byte[] Reindent(byte[] fragment, int spaces)
    {
        var pad = new string(' ', spaces);
        return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(fragment).Replace("\n", "\n" + pad, StringComparison.Ordinal));
    }

    public static bool DeepEqual(JsonNode? a, JsonNode? b)
    {
        switch (a, b)
        {
            case (null, null): return true;
            case (null, _) or (_, null): return false;
            case (JsonObject x, JsonObject y):
                if (x.Count != y.Count) return false;
                foreach (var (key, value) in x)
                    if (!y.TryGetPropertyValue(key, out var other) || !DeepEqual(value, other)) return false;
                return true;
            case (JsonArray x, JsonArray y):
                if (x.Count != y.Count) return false;
                for (var i = 0; i < x.Count; i++)
                    if (!DeepEqual(x[i], y[i])) return false;
                return true;
            case (JsonValue x, JsonValue y):
                var kind = x.GetValueKind();
                if (kind != y.GetValueKind()) return false;
                return kind switch
                {
                    JsonValueKind.String => x.GetValue<string>() == y.GetValue<string>(),
                    JsonValueKind.Number => Number(x).Equals(Number(y)),
                    _ => true,
                };
            default: return false;
        }
    }

    public static bool IsSecret(JsonNode? node) => node is JsonObject o && o.ContainsKey(SecretSigKey);

    /// <summary>
    /// A Pulumi secret object. The sandbox holds no secret values and no keys: the ciphertext is a
    /// keyed hash of where the secret came from (a config key, or a literal's canonical form), so
    /// equal secrets compare equal between runs and nothing can be decrypted from the file.
    /// </summary>
    public static JsonObject Secret(string origin) => new()
    {
        [SecretSigKey] = SecretSigValue,
        ["ciphertext"] = "sandbox:v1:" + Hash(origin)[..32],
    };

    public static string Hash(string text)
    {
        var bytes = HMACSHA256.HashData("oic-gs-infra sandbox secrets"u8, Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>A name-based GUID (SHA-256 of the parts, version and variant bits set), stable across runs and machines.</summary>
    public static Guid DeterministicGuid(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public static byte[] HashBytes(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
