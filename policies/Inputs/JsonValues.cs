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

    /// <summary>
    /// Slots of the caches of recent strings. A cache of fixed size, not a table of every string: the
    /// strings that repeat (keys, SKUs, locations, tag values) stay in it, and the many that appear once
    /// (names, addresses of 100,000 resources) neither grow it nor cost an insertion each.
    /// </summary>
    private const int CacheSlots = 1 << 14;

    private static readonly PropertyValue.Bool True = new(true);
    private static readonly PropertyValue.Bool False = new(false);

    private readonly PropertyValue.Str?[] _strings = new PropertyValue.Str?[CacheSlots];
    private readonly string?[] _names = new string?[CacheSlots];
    private readonly char[] _chars = new char[InternedLength];
    private readonly string _displayPath;

    public JsonValues(string displayPath)
    {
        _displayPath = displayPath;
    }

    /// <summary>Reader options shared by every state document: depth bounded as the document tree was (256), no comments.</summary>
    public static readonly JsonReaderOptions Options = new() { MaxDepth = 256 };

    /// <summary>The value the reader is on (its first token already read); null means absent.</summary>
    public PropertyValue? Read(ref Utf8JsonReader reader) => Read(ref reader, null);

    /// <summary>
    /// The value the reader is on; where it is exactly <paramref name="like"/> (or a part of it is the
    /// same part of <paramref name="like"/>: same keys in the same order, same strings, numbers and
    /// flags), that part is <paramref name="like"/>'s own object, so a value read twice is held once
    /// (a resource's outputs repeat its inputs; Azure's side of a stack repeats its state). Nothing
    /// else about the value changes.
    /// </summary>
    private PropertyValue? Read(ref Utf8JsonReader reader, PropertyValue? like) => reader.TokenType switch
    {
        JsonTokenType.String => String(ref reader, like),
        JsonTokenType.Number => like is PropertyValue.Num n && reader.TryGetDouble(out var d) && d.Equals(n.Value) ? n : new PropertyValue.Num(Number(ref reader)),
        JsonTokenType.True => True,
        JsonTokenType.False => False,
        JsonTokenType.StartArray => List(ref reader, like as PropertyValue.List),
        JsonTokenType.StartObject => Object(ref reader, like as PropertyValue.Map),
        _ => null,
    };

    /// <summary>An object as a map; null when it is a secret (never a map of its ciphertext).</summary>
    public PropertyValue.Map? Map(ref Utf8JsonReader reader, PropertyValue.Map? like = null) => Object(ref reader, like) as PropertyValue.Map;

    /// <summary>The text of a string token, with short ones shared.</summary>
    public string Text(ref Utf8JsonReader reader)
    {
        if (!Short(ref reader, out var span)) return reader.GetString()!;
        var slot = Slot(span);
        if (_names[slot] is { } known && span.SequenceEqual(known)) return known;
        return _names[slot] = span.ToString();
    }

    // TryGetDouble reads 1e999 as infinity; no Azure or Pulumi value is infinite, so it is damage.
    public double Number(ref Utf8JsonReader reader) =>
        reader.TryGetDouble(out var d) && double.IsFinite(d) ? d
            : throw new PolicyInputException(_displayPath, $"holds a number out of range ({System.Text.Encoding.UTF8.GetString(reader.ValueSpan)})");

    private PropertyValue String(ref Utf8JsonReader reader, PropertyValue? like)
    {
        if (like is PropertyValue.Str same && reader.ValueTextEquals(same.Value)) return same;
        PropertyValue.Str value;
        if (!Short(ref reader, out var span)) value = new PropertyValue.Str(reader.GetString()!);
        else
        {
            var slot = Slot(span);
            value = _strings[slot] is { } known && span.SequenceEqual(known.Value) ? known : (_strings[slot] = new PropertyValue.Str(span.ToString()));
        }
        return value.Value is UnknownSentinel or "[secret]" ? PropertyValue.Unknown.Instance : value;
    }

    /// <summary>The text of a string token short enough to look up, in a buffer valid until the next; false when longer.</summary>
    private bool Short(ref Utf8JsonReader reader, out ReadOnlySpan<char> text)
    {
        var fits = (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) <= InternedLength;
        text = fits ? _chars.AsSpan(0, reader.CopyString(_chars)) : default;
        return fits;
    }

    private static int Slot(ReadOnlySpan<char> text) => string.GetHashCode(text) & (CacheSlots - 1);

    private PropertyValue.List List(ref Utf8JsonReader reader, PropertyValue.List? like)
    {
        var items = RentItems();
        var same = like is not null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var was = same && items.Count < like!.Items.Count ? like.Items[items.Count] : null;
            var item = Read(ref reader, was) ?? PropertyValue.Unknown.Instance;
            same &= ReferenceEquals(item, was);
            items.Add(item);
        }
        var list = same && items.Count == like!.Items.Count ? like : new PropertyValue.List(items.ToArray());
        Return(items);
        return list;
    }

    private PropertyValue Object(ref Utf8JsonReader reader, PropertyValue.Map? like)
    {
        var entries = RentEntries();
        var secret = false;
        var same = like is not null;
        var cursor = 0; // like's entries are sorted, and so are Pulumi's keys: the matching entry is found by walking forward
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = Text(ref reader);
            reader.Read();
            if (secret || name == SecretSignature)
            {
                // Secrets stay unknown even when the export carries plaintext (--show-secrets): no
                // rule needs a secret's value, and no report may ever print one.
                secret = true;
                SkipWhole(ref reader);
                continue;
            }
            PropertyValue? was = null;
            if (like is not null)
            {
                var known = like.Entries;
                while (cursor < known.Count && string.CompareOrdinal(known[cursor].Key, name) < 0) cursor++;
                if (cursor < known.Count && known[cursor].Key == name) was = known[cursor].Value;
                else was = like[name];
            }
            if (Read(ref reader, was) is { } value)
            {
                same &= ReferenceEquals(value, was) && entries.Count < like!.Entries.Count && like.Entries[entries.Count].Key == name;
                entries.Add(KeyValuePair.Create(name, value));
            }
            else same = false;
        }
        PropertyValue result = secret ? new PropertyValue.Secret(PropertyValue.Unknown.Instance)
            : same && entries.Count == like!.Entries.Count ? like
            : Sorted(entries);
        Return(entries);
        return result;
    }

    // Lists reused from one object or array to the next (one per depth in use): building a map or list
    // then costs one array of its exact size.
    private readonly Stack<List<KeyValuePair<string, PropertyValue>>> _entryLists = new();
    private readonly Stack<List<PropertyValue>> _itemLists = new();

    private List<KeyValuePair<string, PropertyValue>> RentEntries() => _entryLists.TryPop(out var list) ? list : new();

    private void Return(List<KeyValuePair<string, PropertyValue>> list)
    {
        list.Clear();
        _entryLists.Push(list);
    }

    private List<PropertyValue> RentItems() => _itemLists.TryPop(out var list) ? list : new();

    private void Return(List<PropertyValue> list)
    {
        list.Clear();
        _itemLists.Push(list);
    }

    /// <summary>Past a value of a value in the window whole (<see cref="JsonStream.Whole"/>), which a reader of a partial window cannot <c>Skip</c>.</summary>
    public static void SkipWhole(ref Utf8JsonReader reader)
    {
        if (!reader.TrySkip()) throw new JsonException("the value ends after the bytes read", null, null, reader.BytesConsumed);
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
