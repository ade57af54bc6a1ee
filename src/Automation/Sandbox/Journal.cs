using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Estate.Input;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>One line of an apply's journal: an operation about to start, finished, or failed.</summary>
internal sealed record JournalEntry(string Event, string Op, string Urn, string Id)
{
    public const string Intent = "intent";
    public const string Done = "done";
    public const string Failed = "failed";

    public bool IsDelete => Op is "delete" or "delete-replaced";
    public string Key => $"{Op}\u001f{Urn}\u001f{Id}";
}

/// <summary>
/// The write-ahead journal of an apply (<c>journal/STACK.jsonl</c>): an intent line before each
/// operation, a completion line after it (and after the checkpoint that records it), each batch
/// flushed to disk. A journal left behind means an apply did not finish; the next one reconciles
/// the operations it started but did not complete against live Azure, then carries on.
/// </summary>
internal sealed class Journal : IDisposable
{
    private readonly FileStream _stream;
    private readonly StringBuilder _pending = new();

    private Journal(FileStream stream) => _stream = stream;

    /// <summary>Starts a fresh journal (what an earlier one held has been reconciled into the checkpoint).</summary>
    public static Journal Start(string path, string operation, string stack, DateTimeOffset time)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var journal = new Journal(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read));
        journal.Line(new JsonObject
        {
            ["event"] = "begin",
            ["operation"] = operation,
            ["stack"] = stack,
            ["pid"] = Environment.ProcessId,
            ["time"] = time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        });
        journal.Flush();
        return journal;
    }

    public void Record(string @event, string op, StateRecord resource, double minute, string? error = null)
    {
        var line = new JsonObject
        {
            ["event"] = @event,
            ["op"] = op,
            ["urn"] = resource.Urn,
            ["id"] = resource.Id ?? "",
            ["minute"] = Math.Round(minute, 3),
        };
        if (error is not null) line["error"] = error;
        Line(line);
    }

    private void Line(JsonObject line) => _pending.Append(SandboxJson.ToCompact(line)).Append('\n');

    /// <summary>Writes what was recorded since the last flush and forces it to disk.</summary>
    public void Flush()
    {
        if (_pending.Length == 0) return;
        _stream.Write(Encoding.UTF8.GetBytes(_pending.ToString()));
        _pending.Clear();
        _stream.Flush(flushToDisk: true);
    }

    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }

    /// <summary>
    /// The operations a journal records as started but neither completed nor failed, in the order
    /// they started. Only the last line may be cut off (a crash mid-write); any other damage — a
    /// line that is not JSON, a field of the wrong type — is invalid input naming the line.
    /// </summary>
    public static IReadOnlyList<JournalEntry> Unfinished(string path)
    {
        var open = new List<JournalEntry>();
        var lines = InputFile.ReadText(path, path, "journal", InputFile.StateLimit).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            if (lines[n].Length == 0) continue;
            JsonNode? parsed;
            try
            {
                parsed = SandboxJson.Parse(lines[n]);
            }
            catch (JsonException) when (n == lines.Length - 1)
            {
                continue; // the last line of a journal cut off mid-write
            }
            catch (JsonException e)
            {
                throw Damaged(path, n, $"is not JSON ({e.Message})");
            }
            if (parsed is not JsonObject line) throw Damaged(path, n, "is not a JSON object");
            if (line["event"] is not JsonValue ev || !ev.TryGetValue<string>(out var @event)) throw Damaged(path, n, "has no \"event\" string");
            if (@event == "begin") continue;
            var entry = new JournalEntry(@event, Text(path, n, line, "op"), Text(path, n, line, "urn"), Text(path, n, line, "id"));
            if (entry.Event == JournalEntry.Intent) open.Add(entry);
            else open.RemoveAll(o => o.Key == entry.Key);
        }
        return open;
    }

    private static string Text(string path, int n, JsonObject line, string key) => line[key] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw Damaged(path, n, $"has no \"{key}\" string"),
    };

    private static EngineInputException Damaged(string path, int n, string what) =>
        new($"{path}:{n + 1}: the journal line {what}; the journal is damaged — restore it or remove it to give up resuming");
}
