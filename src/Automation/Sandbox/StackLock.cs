using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>
/// The lock of one stack (<c>locks/STACK.lock</c>, created exclusively, holding who took it):
/// one apply or destroy at a time. A lock left by a process that is gone from this host is stale
/// and is taken over, with a warning.
/// </summary>
internal sealed class StackLock : IDisposable
{
    private readonly string _path;
    private readonly string _content;

    private StackLock(string path, string content)
    {
        _path = path;
        _content = content;
    }

    public static StackLock Acquire(string path, string stack, DateTimeOffset now, Action<string> warn)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var content = SandboxJson.ToIndented(new JsonObject
        {
            ["pid"] = Environment.ProcessId,
            ["host"] = Environment.MachineName,
            ["user"] = Environment.UserName,
            ["since"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        }) + "\n";
        if (TryCreate(path, content)) return new StackLock(path, content);

        var holder = Holder.Read(path);
        if (holder is { Pid: { } pid } && holder.Host == Environment.MachineName && !IsAlive(pid))
        {
            warn($"stack '{stack}' was locked by pid {pid} (user {holder.User}) since {holder.Since}, which is no longer running; taking over its lock {path}");
            File.Delete(path);
            if (TryCreate(path, content)) return new StackLock(path, content);
            holder = Holder.Read(path);
        }
        throw new EngineInputException(holder is { Pid: not null }
            ? $"stack '{stack}' is locked by pid {holder.Pid} on host {holder.Host} (user {holder.User}) since {holder.Since}; if that run is gone, remove {path}"
            : $"stack '{stack}' is locked ({path} exists but cannot be read); if no apply is running, remove {path}");
    }

    private static bool TryCreate(string path, string content)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            stream.Write(Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Removes the lock if it is still this one (a lock taken over by someone else is theirs).</summary>
    public void Dispose()
    {
        try
        {
            if (File.Exists(_path) && File.ReadAllText(_path) == _content) File.Delete(_path);
        }
        catch (IOException)
        {
            // Another process is replacing it; it is not ours to remove any more.
        }
    }

    private sealed record Holder(int? Pid, string Host, string User, string Since)
    {
        public static Holder? Read(string path)
        {
            try
            {
                if (SandboxJson.Parse(File.ReadAllText(path)) is not JsonObject o) return null;
                return new Holder(
                    o["pid"] is JsonValue p && p.TryGetValue<int>(out var pid) ? pid : null,
                    Text(o, "host"), Text(o, "user"), Text(o, "since"));
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static string Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "?";
    }
}
