using System.Text.Json;
using Oic.Infra.Estate.Input;

namespace Oic.Infra.Policies.Inputs;

/// <summary>
/// A JSON document read through a window of its bytes (<see cref="Utf8Window"/>): a reader over what
/// the window holds that, when it runs out, is made again over more of the file with the state it had
/// (line and column included). The readers of state documents step through the document's outer
/// structure with <see cref="Read"/> and <see cref="Skip"/>, and make sure a resource or step is in the
/// window whole (<see cref="Whole"/>) before reading it as property data; so a document of hundreds of
/// megabytes is never held at once.
/// </summary>
internal sealed class JsonStream(Utf8Window bytes)
{
    private JsonReaderState _state = new(JsonValues.Options);

    /// <summary>The bytes the current reader reads (to copy a token's raw text).</summary>
    public ReadOnlySpan<byte> Window => bytes.Unread;

    public Utf8JsonReader Reader() => new(bytes.Unread, bytes.IsFinal, _state);

    /// <summary>The next token, reading more of the file when the window ends inside it; false at the document's end.</summary>
    public bool Read(ref Utf8JsonReader reader)
    {
        while (!reader.Read())
            if (!More(ref reader)) return false;
        return true;
    }

    /// <summary>Past the value the reader is on, however long.</summary>
    public void Skip(ref Utf8JsonReader reader)
    {
        while (!reader.TrySkip())
            if (!More(ref reader)) break; // a final window: TrySkip has thrown on a value that does not end
    }

    /// <summary>
    /// The object or array the reader is on is in the window whole, so that a reader of property data can
    /// read it token by token (in a final window a value that does not end is left to that reader to report).
    /// </summary>
    public void Whole(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        while (true)
        {
            var probe = reader;
            if (probe.TrySkip() || !More(ref reader)) return;
        }
    }

    /// <summary>
    /// The object the reader is on, whole: <paramref name="rest"/> is its bytes after the opening brace (the
    /// brace itself may have left the window), and the reader is moved past it. False, with the reader
    /// unmoved, when it is on anything but an object (read it in place).
    /// </summary>
    public bool TakeObject(ref Utf8JsonReader reader, out ReadOnlySpan<byte> rest)
    {
        rest = default;
        if (reader.TokenType != JsonTokenType.StartObject) return false;
        while (true)
        {
            var probe = reader;
            if (probe.TrySkip())
            {
                rest = Window[(int)reader.BytesConsumed..(int)probe.BytesConsumed];
                reader = probe;
                return true;
            }
            if (!More(ref reader)) return false; // a final window: TrySkip has thrown on an object that does not end
        }
    }

    private bool More(ref Utf8JsonReader reader)
    {
        if (bytes.IsFinal) return false;
        bytes.Consume((int)reader.BytesConsumed);
        _state = reader.CurrentState;
        bytes.More();
        reader = Reader();
        return true;
    }
}
