using System.Text.Json;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;

namespace Oic.Infra.Policies.Inputs;

/// <summary>
/// JSON → property data in one forward pass over the UTF-8 bytes (<see cref="Utf8JsonReader"/>),
/// for documents of 100,000 resources: no document tree, no UTF-16 copy of the text. Strings that
/// repeat across resources (keys, SKUs, locations, tag values) are kept once; objects become maps
/// with their keys sorted as <see cref="PropertyValue.Map.Of"/> sorts them. What a value means is
/// the same as before: null is absent (a null list item is unknown), the preview's unknown
/// sentinel and <c>[secret]</c> are unknown, and an object carrying Pulumi's secret signature is a
/// secret whose value is never read.
/// </summary>
internal sealed class JsonValues
{
    public const string SecretSignature = "4dabf18193072939515e22adb298388d";
    public const string UnknownSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    /// <summary>Longer strings (ARM ids, descriptions) are rarely repeated and are not looked up.</summary>
    private const int InternedLength = 96;

    private static readonly PropertyValue.Bool True = new(true);
    private static readonly PropertyValue.Bool False = new(false);

    private readonly Dictionary<string, PropertyValue.Str> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PropertyValue.Str>.AlternateLookup<ReadOnlySpan<char>> _stringsBySpan;
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _namesBySpan;
    private readonly char[] _chars = new char[InternedLength];
    private readonly string _displayPath;

    public JsonValues(string displayPath)
    {
        _displayPath = displayPath;
        _stringsBySpan = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        _namesBySpan = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Reader options shared by every state document: depth bounded as the document tree was (256), no comments.</summary>
    public static readonly JsonReaderOptions Options = new() { MaxDepth = 256 };

    /// <summary>The value the reader is on (its first token already read); null means absent.</summary>
    public PropertyValue? Read(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => String(ref reader),
        JsonTokenType.Number => new PropertyValue.Num(Number(ref reader)),
        JsonTokenType.True => True,
        JsonTokenType.False => False,
        JsonTokenType.StartArray => List(ref reader),
        JsonTokenType.StartObject => Object(ref reader),
        _ => null,
    };

    /// <summary>An object as a map; null when it is a secret (never a map of its ciphertext).</summary>
    public PropertyValue.Map? Map(ref Utf8JsonReader reader) => Object(ref reader) as PropertyValue.Map;

    /// <summary>The text of a string token, with short ones shared.</summary>
    public string Text(ref Utf8JsonReader reader) => Intern(ref reader, _namesBySpan, _names, s => s);

    public double Number(ref Utf8JsonReader reader) =>
        reader.TryGetDouble(out var d) ? d
            : throw new PolicyInputException(_displayPath, $"holds a number out of range ({System.Text.Encoding.UTF8.GetString(reader.ValueSpan)}) at byte {reader.TokenStartIndex}");

    private PropertyValue String(ref Utf8JsonReader reader)
    {
        var value = Intern(ref reader, _stringsBySpan, _strings, s => new PropertyValue.Str(s));
        return value.Value is UnknownSentinel or "[secret]" ? PropertyValue.Unknown.Instance : value;
    }

    private T Intern<T>(ref Utf8JsonReader reader, Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> bySpan, Dictionary<string, T> all, Func<string, T> make)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length <= InternedLength)
        {
            var written = reader.CopyString(_chars);
            var span = _chars.AsSpan(0, written);
            if (bySpan.TryGetValue(span, out var known)) return known;
            var text = span.ToString();
            var made = make(text);
            all[text] = made;
            return made;
        }
        return make(reader.GetString()!);
    }

    private PropertyValue.List List(ref Utf8JsonReader reader)
    {
        var items = new List<PropertyValue>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            items.Add(Read(ref reader) ?? PropertyValue.Unknown.Instance);
        return new PropertyValue.List(items.ToArray());
    }

    private PropertyValue Object(ref Utf8JsonReader reader)
    {
        var entries = new List<KeyValuePair<string, PropertyValue>>();
        var secret = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = Text(ref reader);
            reader.Read();
            if (secret || name == SecretSignature)
            {
                // Secrets stay unknown even when the export carries plaintext (--show-secrets): no
                // rule needs a secret's value, and no report may ever print one.
                secret = true;
                reader.Skip();
                continue;
            }
            if (Read(ref reader) is { } value) entries.Add(KeyValuePair.Create(name, value));
        }
        return secret ? new PropertyValue.Secret(PropertyValue.Unknown.Instance) : Sorted(entries);
    }

    /// <summary>A map with its keys in ordinal order, stable for repeated keys, as <see cref="PropertyValue.Map.Of"/> makes it.</summary>
    public static PropertyValue.Map Sorted(List<KeyValuePair<string, PropertyValue>> entries)
    {
        for (var i = 1; i < entries.Count; i++)
            if (string.CompareOrdinal(entries[i - 1].Key, entries[i].Key) > 0)
                return PropertyValue.Map.Of(entries);
        return new PropertyValue.Map(entries.ToArray());
    }
}
