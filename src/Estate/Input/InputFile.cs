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

    /// <summary>The bytes of a regular file, at most <paramref name="limit"/> of them (refused when larger).</summary>
    private static ArraySegment<byte> ReadBytes(string path, string display, string what, long limit)
    {
        ArgumentNullException.ThrowIfNull(path);
        var most = limit;
        limit = Math.Min(limit, Array.MaxLength - 1); // one array holds the file
        using var stream = OpenRegular(path, display, what);
        try
        {
            // A regular file says its size: read it into one buffer of that size (no doubling copies);
            // a file that grows while read is still cut off at the limit.
            var buffer = new byte[Math.Min(stream.Length, limit) + 1]; // one more: a file that grew is noticed
            var length = 0;
            int read;
            while ((read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                if (length > limit) throw TooLarge(display, what, most);
                if (length == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(limit + 1, buffer.Length * 2L));
            }
            return new ArraySegment<byte>(buffer, 0, length);
        }
        catch (IOException e)
        {
            throw new InputFileException($"{display}: cannot be read ({Plain(e)})");
        }
    }

    /// <summary>A regular file opened for reading (see <see cref="Utf8Window"/>); the same refusals as every reader here.</summary>
    public static FileStream OpenRegular(string path, string display, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        CheckKind(path, display, what);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
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

    internal static InputFileException TooLarge(string display, string what, long limit) =>
        new($"{display}: is larger than {Size(limit)}, the most this tool reads for a {what}");

    /// <summary>Refuses bytes that are not UTF-8, naming the first invalid byte and its offset in the file (<paramref name="offset"/>: where the bytes start).</summary>
    internal static void CheckUtf8(ReadOnlySpan<byte> bytes, long offset, string display)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return;
        _ = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var valid, out _, replaceInvalidSequences: false);
        throw new InputFileException($"{display}: is not UTF-8 (invalid byte 0x{bytes[valid]:X2} at offset {offset + valid}); save it as UTF-8");
    }

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
