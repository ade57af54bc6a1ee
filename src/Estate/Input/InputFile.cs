using System.Runtime.InteropServices;
using System.Text;
using Oic.Infra.Estate.Errors;

namespace Oic.Infra.Estate.Input;

/// <summary>
/// An input file that cannot be used as one: missing, a directory, a FIFO or device, unreadable,
/// too large, or not UTF-8. The message names the file and says why in plain words; the CLI
/// prints it and exits 2.
/// </summary>
public sealed class InputFileException(string message) : InfraException(ErrorKind.InvalidInput, message);

/// <summary>
/// The one way every reader of user-supplied files (stack files, checkpoints, journals, stack
/// exports, previews, waivers, policy config) gets their text (ADR 0009): a regular file only —
/// never a directory, FIFO (which would block), <c>/dev/zero</c> (which never ends) or socket —
/// read up to a limit, decoded as strict UTF-8 (a UTF-8 byte-order mark is allowed and dropped;
/// UTF-16 and invalid bytes are refused with their offset).
/// </summary>
public static partial class InputFile
{
    public const long MiB = 1024 * 1024;

    /// <summary>Stack files, policy config and other hand-written files.</summary>
    public const long SmallLimit = 8 * MiB;

    /// <summary>Waiver files: tens of thousands of waivers fit.</summary>
    public const long WaiverLimit = 64 * MiB;

    /// <summary>Stack exports, previews, checkpoints and journals of estates of 100,000 resources and more.</summary>
    public const long StateLimit = 2048 * MiB;

    /// <summary>The whole text of <paramref name="path"/>, named <paramref name="display"/> in messages; <paramref name="what"/> names the kind of file.</summary>
    public static string ReadText(string path, string display, string what, long limit)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = ReadBytes(path, display, what, limit);
        return Decode(bytes.Array!, bytes.Count, display);
    }

    /// <summary>A reader of a file's UTF-8 bytes, lent for the call only.</summary>
    public delegate T Utf8Reader<out T>(ReadOnlySpan<byte> utf8);

    /// <summary>
    /// The UTF-8 bytes of a regular file without its byte-order mark, checked as <see cref="Decode"/>
    /// checks them, for readers that parse bytes (state documents of hundreds of megabytes are never
    /// turned into a UTF-16 string). The bytes are lent to <paramref name="read"/> for the call only: they
    /// sit in a buffer of <see cref="System.Buffers.ArrayPool{T}.Shared"/>, cleared and given back after it,
    /// so that drift's documents reuse one buffer instead of each growing the heap by its size.
    /// </summary>
    public static T ReadUtf8<T>(string path, string display, string what, long limit, Utf8Reader<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var bytes = ReadBytes(path, display, what, limit, pooled: true);
        try
        {
            var span = bytes.AsSpan();
            var start = span is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
            if (span is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] || !System.Text.Unicode.Utf8.IsValid(span[start..]))
                Decode(bytes.Array!, bytes.Count, display); // throws, naming the first invalid byte
            return read(span[start..]);
        }
        finally
        {
            Array.Clear(bytes.Array!, 0, bytes.Count); // a document may hold secrets in plaintext (--show-secrets)
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes.Array!);
        }
    }

    /// <summary>
    /// The bytes of a regular file, at most <paramref name="limit"/> of them (refused when larger); in a
    /// buffer of the pool when <paramref name="pooled"/> (the caller gives it back).
    /// </summary>
    private static ArraySegment<byte> ReadBytes(string path, string display, string what, long limit, bool pooled = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        var most = limit;
        limit = Math.Min(limit, Array.MaxLength - 1); // one array holds the file
        CheckKind(path, display, what);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            // A regular file says its size: read it into one buffer of that size (no doubling copies);
            // a file that grows while read is still cut off at the limit.
            var capacity = (int)(Math.Min(stream.Length, limit) + 1); // one more: a file that grew is noticed
            var buffer = Buffer(capacity, pooled); // a pooled buffer may be longer: no more than capacity is read into it
            var length = 0;
            int read;
            while ((read = stream.Read(buffer, length, capacity - length)) > 0)
            {
                length += read;
                if (length > limit)
                    throw new InputFileException($"{display}: is larger than {Size(most)}, the most this tool reads for a {what}");
                if (length == capacity)
                {
                    capacity = (int)Math.Min(limit + 1, capacity * 2L);
                    var grown = Buffer(capacity, pooled);
                    Array.Copy(buffer, grown, length);
                    if (pooled) System.Buffers.ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
                    buffer = grown;
                }
            }
            return new ArraySegment<byte>(buffer, 0, length);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputFileException($"{display}: {what} not found");
        }
        catch (UnauthorizedAccessException)
        {
            throw new InputFileException($"{display}: cannot be read (permission denied)");
        }
        catch (IOException e)
        {
            throw new InputFileException($"{display}: cannot be read ({Plain(e)})");
        }
    }

    private static byte[] Buffer(int length, bool pooled) =>
        pooled ? System.Buffers.ArrayPool<byte>.Shared.Rent(length) : new byte[length];

    /// <summary>Strict UTF-8: a BOM is dropped; UTF-16 and invalid byte sequences are refused.</summary>
    private static string Decode(byte[] bytes, int length, string display)
    {
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
            throw new InputFileException($"{display}: is UTF-16; save it as UTF-8");
        var start = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        try
        {
            return Strict.GetString(bytes, start, length - start);
        }
        catch (DecoderFallbackException e)
        {
            throw new InputFileException($"{display}: is not UTF-8 (invalid byte 0x{e.BytesUnknown?.FirstOrDefault():X2} at offset {start + e.Index}); save it as UTF-8");
        }
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static void CheckKind(string path, string display, string what)
    {
        if (Directory.Exists(path)) throw new InputFileException($"{display}: is a directory, not a {what}");
        if (!OperatingSystem.IsWindows() && FileType(path) is { } type && type != RegularFile)
            throw new InputFileException($"{display}: is not a regular file ({TypeName(type)}); give the path of a {what}");
    }

    /// <summary>An I/O error's message without .NET's resource-key fallbacks (which read like <c>IO_FileExists_Name</c>).</summary>
    public static string Plain(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var message = e.Message;
        return message.Contains('_', StringComparison.Ordinal) && !message.Contains(' ', StringComparison.Ordinal)
            ? e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal) + " error"
            : message;
    }

    private static string Size(long bytes) => bytes >= MiB ? $"{bytes / MiB} MiB" : $"{bytes} bytes";

    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    private static string TypeName(int type) => type switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "not a plain file",
    };

    /// <summary>
    /// The file type bits of <c>stat(2)</c>, through the runtime's own native shim
    /// (<c>SystemNative_Stat</c>, whose <c>FileStatus</c> starts with <c>int Flags; int Mode</c>):
    /// .NET itself does not say whether a path is a FIFO or a device. Null when it cannot tell.
    /// </summary>
    private static int? FileType(string path)
    {
        var status = new byte[256];
        try
        {
            return NativeStat(path, status) == 0 ? BitConverter.ToInt32(status, 4) & TypeMask : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeStat(string path, [Out] byte[] status);
}
