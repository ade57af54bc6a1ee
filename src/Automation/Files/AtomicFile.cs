using System.Globalization;
using System.Text;

namespace Oic.Infra.Automation;

/// <summary>
/// Writes a file completely or not at all: a temporary file beside it (<c>.NAME.PID.TID.tmp</c>),
/// flushed to disk, then renamed over it. The one atomic write of the repository: sandbox state,
/// locks, DR evidence and <c>compile --out</c> all go through it.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, string content) => Write(path, new UTF8Encoding(false).GetBytes(content));

    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var copy = content.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        RemoveStale(dir, Path.GetFileName(path));
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Temporary files a killed write left beside <paramref name="name"/>: those whose process is gone.</summary>
    private static void RemoveStale(string dir, string name)
    {
        foreach (var temp in Directory.EnumerateFiles(dir, $".{name}.*.tmp"))
        {
            var pid = Path.GetFileName(temp)[(name.Length + 2)..^4].Split('.')[0];
            if (int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id != Environment.ProcessId && !Running(id))
                File.Delete(temp);
        }
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
