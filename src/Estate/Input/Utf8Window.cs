using System.Buffers;

namespace Oic.Infra.Estate.Input;

/// <summary>
/// A regular file's bytes read a window at a time, for parsers of documents too large to hold whole
/// (a stack export of 100,000 resources is 280 MB): the parser reads what the window holds, says how
/// much it used (<see cref="Consume"/>) and asks for <see cref="More"/>. The checks are
/// <see cref="InputFile"/>'s: a regular file only, at most a limit of bytes, strict UTF-8 (a UTF-8
/// byte-order mark dropped, UTF-16 and invalid bytes refused with their offset), plain-word errors.
/// The window is a buffer lent by <see cref="ArrayPool{T}.Shared"/>, cleared when given back (a
/// document may hold secrets in plaintext).
/// </summary>
public sealed class Utf8Window : IDisposable
{
    /// <summary>The window's first size: 1 MiB (it grows when one token is longer).</summary>
    public const int DefaultSize = 1 << 20;

    private readonly Stream? _stream;
    private readonly string _display;
    private readonly string _what;
    private readonly long _limit;
    private byte[] _buffer;
    private readonly bool _pooled;
    private int _start;
    private int _end;
    private int _checked;
    private long _offset;
    private long _total;
    private int _size;

    private Utf8Window(Stream? stream, byte[] buffer, int end, bool pooled, string display, string what, long limit)
    {
        (_stream, _buffer, _end, _pooled, _display, _what, _limit) = (stream, buffer, end, pooled, display, what, limit);
        IsFinal = stream is null;
        _checked = end;
    }

    /// <summary>Bytes already in memory (a document an engine printed): one window, final, not checked again.</summary>
    public static Utf8Window Of(byte[] utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        return new Utf8Window(null, utf8, utf8.Length, pooled: false, "", "", utf8.Length);
    }

    /// <summary>Opens <paramref name="path"/> (named <paramref name="display"/> in messages) and reads its first window.</summary>
    /// <param name="size">The window's first size (tests read through windows of a few bytes).</param>
    public static Utf8Window Open(string path, string display, string what, long limit, int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 4);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var window = new Utf8Window(InputFile.OpenRegular(path, display, what), buffer, 0, pooled: true, display, what, limit) { _size = size };
        try
        {
            // Enough bytes to see a byte-order mark.
            while (window._end < 3 && !window.IsFinal) window.Fill();
            var head = window._buffer.AsSpan(0, window._end);
            if (head is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..]) throw new InputFileException($"{display}: is UTF-16; save it as UTF-8");
            if (head is [0xEF, 0xBB, 0xBF, ..]) window._start = 3;
            return window;
        }
        catch
        {
            window.Dispose();
            throw;
        }
    }

    /// <summary>The bytes not consumed yet, up to the last whole character read (the rest of a cut one comes with <see cref="More"/>).</summary>
    public ReadOnlySpan<byte> Unread => _buffer.AsSpan(_start, _checked - _start);

    /// <summary>The file's end is in the window: no more will come.</summary>
    public bool IsFinal { get; private set; }

    /// <summary>The parser is done with the first <paramref name="count"/> unread bytes.</summary>
    public void Consume(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _checked - _start);
        _start += count;
    }

    /// <summary>
    /// Reads more of the file behind the unread bytes (the window slides, and grows when the unread bytes
    /// fill it: a token longer than the window). False when the window was already final.
    /// </summary>
    public bool More()
    {
        if (IsFinal) return false;
        if (_start > 0)
        {
            var unread = _end - _start;
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
            Array.Clear(_buffer, unread, _end - unread);
            (_offset, _checked, _start, _end) = (_offset + _start, _checked - _start, 0, unread);
        }
        if (_end == _size)
        {
            _size *= 2;
            if (_size > _buffer.Length)
            {
                var grown = ArrayPool<byte>.Shared.Rent(_size);
                Buffer.BlockCopy(_buffer, 0, grown, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
                _buffer = grown;
            }
        }
        Fill();
        return true;
    }

    private void Fill()
    {
        int read;
        try
        {
            read = _stream!.Read(_buffer, _end, _size - _end);
        }
        catch (IOException e)
        {
            throw new InputFileException($"{_display}: cannot be read ({InputFile.Plain(e)})");
        }
        _total += read;
        if (_total > _limit) throw InputFile.TooLarge(_display, _what, _limit);
        _end += read;
        IsFinal = read == 0;
        // A character cut by the window's end is checked when the rest of it has come.
        var upTo = IsFinal ? _end : _end - CutCharacter();
        InputFile.CheckUtf8(_buffer.AsSpan(_checked, upTo - _checked), _offset + _checked, _display);
        _checked = upTo;
    }

    /// <summary>How many bytes at the window's end begin a character whose other bytes have not been read (0–3).</summary>
    private int CutCharacter()
    {
        for (var back = 1; back <= Math.Min(3, _end - _checked); back++)
        {
            var b = _buffer[_end - back];
            if ((b & 0xC0) == 0x80) continue; // a continuation byte: look further back for its lead
            var length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return length > back ? back : 0;
        }
        return 0;
    }

    public void Dispose()
    {
        _stream?.Dispose();
        if (!_pooled) return;
        Array.Clear(_buffer, 0, _end);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _end = _start = 0;
    }
}
