using Oic.Infra.Automation.Engines;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>The files of one stack under the state directory.</summary>
internal sealed record SandboxPaths(string StateDir, string Stack)
{
    public string Checkpoint => Path.Combine(StateDir, "stacks", Stack + ".json");
    public string Live => Path.Combine(StateDir, "live", Stack + ".json");
    public string Journal => Path.Combine(StateDir, "journal", Stack + ".jsonl");
    public string Lock => Path.Combine(StateDir, "locks", Stack + ".lock");

    public static SandboxPaths For(string stateDir, string stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        if (Estate.Config.StackName.Problem(stack) is { } problem) throw new EngineInputException(problem);
        return new SandboxPaths(stateDir, stack);
    }

    /// <summary>
    /// Removes what a killed atomic write left behind (<c>.STACK.json.PID.TID.tmp</c> beside the
    /// checkpoint and the live file). Called under the stack's lock, when no other process can be
    /// writing this stack's files.
    /// </summary>
    public void RemoveStaleTemporaries()
    {
        foreach (var file in new[] { Checkpoint, Live })
        {
            var dir = Path.GetDirectoryName(file)!;
            if (!Directory.Exists(dir)) continue;
            foreach (var temp in Directory.EnumerateFiles(dir, $".{Path.GetFileName(file)}.*.tmp")) File.Delete(temp);
        }
    }

    public IReadOnlyList<StateRecord> ReadState() =>
        File.Exists(Checkpoint) ? Sandbox.Checkpoint.Read(Checkpoint, Checkpoint) : [];
}

/// <summary>The recorded state during an apply: the root stack, current records by URN, old copies awaiting deletion.</summary>
internal sealed class StateBook
{
    private readonly Dictionary<string, StateRecord> _current = new(StringComparer.Ordinal);
    private readonly List<StateRecord> _doomed = [];
    private readonly IReadOnlyDictionary<string, int> _rank;

    public StateBook(IEnumerable<StateRecord> records, IReadOnlyDictionary<string, int> rank)
    {
        _rank = rank;
        foreach (var r in records)
        {
            if (r.IsStack) Root = r;
            else if (r.Delete) _doomed.Add(r);
            else _current[r.Urn] = r;
        }
    }

    public StateRecord? Root { get; set; }

    public void Put(StateRecord record) => _current[record.Urn] = record;

    /// <summary>A replacement was created beside the old resource (create-before-delete): the old copy is kept, marked for deletion.</summary>
    public void Supersede(StateRecord old)
    {
        if (_current.TryGetValue(old.Urn, out var existing) && SameId(existing.Id, old.Id))
        {
            _current.Remove(old.Urn);
            _doomed.Add(existing.With(delete: true));
        }
    }

    public void Remove(StateRecord old)
    {
        if (_current.TryGetValue(old.Urn, out var existing) && SameId(existing.Id, old.Id)) _current.Remove(old.Urn);
        else _doomed.RemoveAll(r => r.Urn == old.Urn && SameId(r.Id, old.Id));
    }

    public int Count => _current.Count + _doomed.Count;

    /// <summary>Root first, then by rank (the program's order), an old copy right after its replacement.</summary>
    public IEnumerable<StateRecord> Ordered()
    {
        if (Root is not null) yield return Root;
        foreach (var r in _current.Values.Concat(_doomed)
                     .OrderBy(r => _rank.TryGetValue(r.Urn, out var i) ? i : int.MaxValue)
                     .ThenBy(r => r.Urn, StringComparer.Ordinal)
                     .ThenBy(r => r.Delete)
                     .ThenBy(r => r.Id, StringComparer.Ordinal))
            yield return r;
    }

    public static bool SameId(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The simulated Azure control plane of one stack (<c>live/STACK.json</c>, the same shape as a
/// checkpoint): every ARM resource that exists, by id — including ones changed, deleted or added
/// out of band by <see cref="SandboxEngine.Tamper(string, string, string, TamperChange)"/>.
/// </summary>
internal sealed class LiveBook
{
    private readonly Dictionary<string, StateRecord> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];

    public bool Dirty { get; private set; }

    public static LiveBook Load(string path)
    {
        var live = new LiveBook();
        if (File.Exists(path))
            foreach (var r in Checkpoint.Read(path, path).Where(r => r.Id is not null))
                live.Add(r);
        live.Dirty = false;
        return live;
    }

    private void Add(StateRecord r)
    {
        if (!_byId.ContainsKey(r.Id!)) _order.Add(r.Id!);
        _byId[r.Id!] = r;
    }

    public IEnumerable<StateRecord> All => _order.Select(id => _byId[id]);

    public StateRecord? ById(string? id) => id is not null && _byId.TryGetValue(id, out var r) ? r : null;

    /// <summary>The live resource recorded under a URN (the newest, while a replacement and its old copy both exist).</summary>
    public StateRecord? ByUrn(string urn) => All.LastOrDefault(r => r.Urn == urn);

    public void Put(StateRecord record)
    {
        Add(record);
        Dirty = true;
    }

    public void Remove(string id)
    {
        if (_byId.Remove(id))
        {
            _order.RemoveAll(i => string.Equals(i, id, StringComparison.OrdinalIgnoreCase));
            Dirty = true;
        }
    }

    /// <summary>Writes the live file: resources in the state's order (by <paramref name="rank"/>), out-of-band ones after, by id.</summary>
    public void Save(string path, IReadOnlyDictionary<string, int> rank, DateTimeOffset time)
    {
        var ordered = All
            .OrderBy(r => rank.TryGetValue(r.Urn, out var i) ? i : int.MaxValue)
            .ThenBy(r => r.Urn, StringComparer.Ordinal)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        AtomicFile.Write(path, stream => Checkpoint.WriteTo(stream, ordered, [], time));
        Dirty = false;
    }
}

/// <summary>Bringing recorded state in line with live Azure: after an interrupted apply, and for a refresh.</summary>
internal static class Reconciliation
{
    /// <summary>
    /// The operations an interrupted apply started but did not record as complete: a write that
    /// reached Azure is adopted into the state (live has it); a delete that reached Azure removes
    /// the record; anything else is left for the plan to do again. Never creates a second copy.
    /// </summary>
    public static (List<StateRecord> State, int Adopted, int Redone) Resume(IReadOnlyList<StateRecord> state, LiveBook live, IReadOnlyList<JournalEntry> unfinished)
    {
        var list = state.ToList();
        int adopted = 0, redone = 0;
        foreach (var entry in unfinished)
        {
            var inLive = live.ById(entry.Id);
            if (entry.IsDelete)
            {
                if (inLive is null && entry.Id.Length > 0)
                {
                    list.RemoveAll(r => r.Urn == entry.Urn && StateBook.SameId(r.Id, entry.Id));
                    adopted++;
                }
                else redone++;
                continue;
            }
            if (inLive is null || inLive.Urn != entry.Urn)
            {
                redone++;
                continue;
            }
            var at = list.FindIndex(r => r.Urn == entry.Urn && !r.Delete);
            if (at >= 0 && !StateBook.SameId(list[at].Id, entry.Id))
            {
                list[at] = list[at].With(delete: true); // the replacement exists: its old copy awaits deletion
                list.Add(inLive);
            }
            else if (at >= 0) list[at] = inLive;
            else list.Add(inLive);
            adopted++;
        }
        return (list, adopted, redone);
    }

    /// <summary>Recorded ARM resources as live has them (inputs and outputs), those gone from live dropped; options kept.</summary>
    public static List<StateRecord> Refresh(IReadOnlyList<StateRecord> state, LiveBook live) =>
        state.Where(r => !r.IsArm || live.ById(r.Id) is not null)
            .Select(r => r.IsArm && live.ById(r.Id) is { } l ? r.With(inputs: l.Inputs, outputs: l.Outputs) : r)
            .ToList();
}
