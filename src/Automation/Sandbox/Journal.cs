using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

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

    /// <summary>The operations a journal records as started but neither completed nor failed, in the order they started.</summary>
    public static IReadOnlyList<JournalEntry> Unfinished(string path)
    {
        var open = new List<JournalEntry>();
        foreach (var text in File.ReadAllLines(path))
        {
            JsonObject? line;
            try
            {
                line = SandboxJson.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
                continue; // the last line of a journal cut off mid-write
            }
            if (line?["op"] is null || line["event"] is not JsonValue e) continue;
            var entry = new JsonEntryReader(line).Entry(e.GetValue<string>());
            if (entry.Event == JournalEntry.Intent) open.Add(entry);
            else open.RemoveAll(o => o.Key == entry.Key);
        }
        return open;
    }

    private readonly record struct JsonEntryReader(JsonObject Line)
    {
        public JournalEntry Entry(string @event) => new(@event, Text("op"), Text("urn"), Text("id"));

        private string Text(string key) => Line[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
    }
}
