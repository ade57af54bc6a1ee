namespace Oic.Infra.Cli;

/// <summary>Writes a file completely or not at all: a temporary file beside it, then a rename.</summary>
public static class AtomicFile
{
    public static void Write(string path, string content)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        RemoveStale(dir, Path.GetFileName(path));
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temp, content);
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
            var pid = Path.GetFileName(temp)[(name.Length + 2)..^4];
            if (int.TryParse(pid, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && !Running(id))
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
