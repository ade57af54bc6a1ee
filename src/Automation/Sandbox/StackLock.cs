using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Estate.Input;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>
/// The lock of one stack: one apply, destroy or tamper at a time (ADR 0009). Two files under
/// <c>locks/</c>:
/// <list type="bullet">
/// <item><c>.STACK.mutex</c>, empty and never deleted, held open with an exclusive OS lock
/// (<c>flock(LOCK_EX|LOCK_NB)</c> on Unix, a share-none handle on Windows) for the whole run. The
/// kernel lets one process hold it and drops it when that process dies, however it dies, so two
/// processes can never both hold the stack.</item>
/// <item><c>STACK.lock</c>, the holder's record (pid, host, user, since), written atomically by the
/// mutex holder and removed when it finishes. A record found by the next mutex holder was left by
/// a run that died: it is taken over with a warning — a takeover that is atomic because only the
/// one process holding the mutex can make it.</item>
/// </list>
/// A record naming a live process on this host, or any process on another host (a shared state
/// folder where OS locks may not reach), is never taken over.
/// </summary>
internal sealed class StackLock : IDisposable
{
    /// <summary>
    /// Test hook for the racing-operators test: when set to a path, the holder waits (at most a
    /// minute) after taking the lock until that file exists, so a second process provably races
    /// against a held lock instead of one that was already released.
    /// </summary>
    public const string HoldUntilVariable = "INFRA_LOCK_HOLD_UNTIL";

    private readonly FileStream _mutex;
    private readonly string _recordPath;
    private readonly string _record;

    private StackLock(FileStream mutex, string recordPath, string record)
    {
        _mutex = mutex;
        _recordPath = recordPath;
        _record = record;
    }

    public static StackLock Acquire(string path, string stack, DateTimeOffset now, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(warn);
        if (FileLockingDisabled)
            throw new EngineInputException("file locking is turned off in this process (DOTNET_SYSTEM_IO_DISABLEFILELOCKING / System.IO.DisableFileLocking), so the sandbox cannot lock a stack; unset it");
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var mutexPath = Path.Combine(dir, $".{stack}.mutex");

        var mutex = TryHold(mutexPath);
        if (mutex is null) throw Refusal(stack, full, WaitForLiveHolder(full));

        try
        {
            string? takenOver = null;
            if (File.Exists(full))
            {
                var old = Holder.Read(full);
                if (old is null || old.Host != Environment.MachineName || (old.Pid is { } p && IsAlive(p)))
                    throw Refusal(stack, full, old);
                takenOver = $"stack '{stack}' was locked by pid {old.Pid} (user {old.User}) since {old.Since}, which is no longer running; taking over its lock {full}";
            }
            var record = SandboxJson.ToIndented(new JsonObject
            {
                ["pid"] = Environment.ProcessId,
                ["host"] = Environment.MachineName,
                ["user"] = Environment.UserName,
                ["since"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            }) + "\n";
            AtomicFile.Write(full, System.Text.Encoding.UTF8.GetBytes(record));
            if (takenOver is not null) warn(takenOver);
            WaitForTestRelease();
            return new StackLock(mutex, full, record);
        }
        catch
        {
            mutex.Dispose();
            throw;
        }
    }

    private static bool FileLockingDisabled =>
        (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var off) && off)
        || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true" or "True" or "TRUE";

    private static FileStream? TryHold(string mutexPath)
    {
        try
        {
            // FileShare.None is .NET's exclusive OS lock: flock(LOCK_EX | LOCK_NB) on Unix (SafeFileHandle.Unix.cs, Init).
            return new FileStream(mutexPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(mutexPath))
        {
            return null;
        }
    }

    /// <summary>
    /// The holder of a busy mutex. A process that has just taken over a stale lock writes its own
    /// record a moment after taking the mutex, so a record naming a dead process is read again
    /// briefly before it is reported.
    /// </summary>
    private static Holder? WaitForLiveHolder(string recordPath)
    {
        Holder? holder = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            holder = Holder.Read(recordPath);
            if (holder is { Pid: { } pid } && (holder.Host != Environment.MachineName || IsAlive(pid))) return holder;
            Thread.Sleep(20);
        }
        return holder;
    }

    private static EngineInputException Refusal(string stack, string recordPath, Holder? holder) => new(holder is { Pid: not null }
        ? $"stack '{stack}' is locked by pid {holder.Pid} on host {holder.Host} (user {holder.User}) since {holder.Since}; if that run is gone, remove {recordPath}"
        : $"stack '{stack}' is locked ({recordPath} is missing or cannot be read while another process holds the stack); if no apply is running, remove {recordPath}");

    private static void WaitForTestRelease()
    {
        if (Environment.GetEnvironmentVariable(HoldUntilVariable) is not { Length: > 0 } release) return;
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(release) && deadline.Elapsed < TimeSpan.FromMinutes(1)) Thread.Sleep(10);
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

    /// <summary>Removes the record (it is ours: only the mutex holder writes it), then lets go of the mutex.</summary>
    public void Dispose()
    {
        try
        {
            if (File.Exists(_recordPath) && File.ReadAllText(_recordPath) == _record) File.Delete(_recordPath);
        }
        finally
        {
            _mutex.Dispose();
        }
    }

    private sealed record Holder(int? Pid, string Host, string User, string Since)
    {
        public static Holder? Read(string path)
        {
            try
            {
                if (SandboxJson.Parse(InputFile.ReadText(path, path, "lock record", 64 * 1024)) is not JsonObject o) return null;
                return new Holder(
                    o["pid"] is JsonValue p && p.TryGetValue<int>(out var pid) ? pid : null,
                    Text(o, "host"), Text(o, "user"), Text(o, "since"));
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or InputFileException)
            {
                return null;
            }
        }

        private static string Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "?";
    }
}
