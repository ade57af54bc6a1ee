using System.Text;
using System.Text.Json;
using Oic.Infra.Estate.Input;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;

namespace Oic.Infra.Policies.Inputs;

/// <summary>
/// Deployed and planned state as Pulumi writes it: a <c>pulumi stack export</c> checkpoint
/// (version 3) and a <c>pulumi preview --json</c> digest (each step's <c>newState</c>). Each
/// resource's properties are its outputs, falling back to its inputs for what outputs lack.
/// Secrets (<c>{"4dabf18193072939515e22adb298388d": …}</c>), masked values (<c>[secret]</c>) and
/// preview unknowns are carried as unknown values, never as text.
/// </summary>
public static partial class StateDocuments
{
    public const string SecretSignature = JsonValues.SecretSignature;
    public const string UnknownSentinel = JsonValues.UnknownSentinel;

    public static ResourceSet FromStackExport(string path, string displayPath) => ReadStackExportFile(path, displayPath).Set;

    /// <summary>Reads a stack export file (version 3) a window at a time; see <see cref="ReadStackExport(string, string, Func{string, ExportedResource?}?)"/>.</summary>
    /// <param name="windowBytes">The first size of the window the file is read through (tests use a few bytes).</param>
    /// <param name="digests">As for <see cref="ReadStackExport(string, string, Func{string, ExportedResource?}?, bool)"/>.</param>
    public static (ResourceSet Set, IReadOnlyList<ExportedResource> Resources) ReadStackExportFile(string path, string displayPath,
        Func<string, ExportedResource?>? baseline = null, int windowBytes = Utf8Window.DefaultSize, bool digests = false) =>
        FromFile(path, displayPath, "stack export", windowBytes, json => ReadStackExport(json, displayPath, baseline, digests));

    /// <summary>
    /// One resource of a stack export, with its recorded <c>inputs</c> and <c>outputs</c> kept apart (drift compares them
    /// separately) and, when asked for, the digest of its bytes as the export wrote them.
    /// </summary>
    public sealed record ExportedResource(PolicyResource Resource, PropertyValue.Map? Inputs, PropertyValue.Map? Outputs, ResourceDigest? Digest = null);

    /// <summary>
    /// Reads the text of a <c>pulumi stack export</c> (version 3), in one pass. The whole text is read as
    /// JSON before anything about its shape is reported, so a truncated file is "not valid JSON" at its
    /// line and column, as it always was.
    /// </summary>
    /// <param name="baseline">
    /// Another export of the same stack already read (drift reads the state, then Azure's side and the
    /// program): a resource whose inputs or outputs are exactly the baseline's (same keys, order and
    /// values) shares the baseline's, and one with both and the same id and parent is the baseline's
    /// resource. Two exports of a stack are mostly the same: this holds one copy, not two, and a
    /// comparison of shared values stops at once. A resource whose bytes have the baseline's digest is
    /// the baseline's resource without being read at all.
    /// </param>
    /// <param name="digests">
    /// Keep each resource's <see cref="ResourceDigest"/> (drift's state, so that Azure's side read against it
    /// can skip what did not change); always kept when there is a baseline.
    /// </param>
    public static (ResourceSet Set, IReadOnlyList<ExportedResource> Resources) ReadStackExport(string json, string displayPath,
        Func<string, ExportedResource?>? baseline = null, bool digests = false)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var bytes = Utf8Window.Of(Encoding.UTF8.GetBytes(json));
        return ReadStackExport(new JsonStream(bytes), displayPath, baseline, digests);
    }

    private static (ResourceSet Set, IReadOnlyList<ExportedResource> Resources) ReadStackExport(JsonStream json, string displayPath,
        Func<string, ExportedResource?>? baseline, bool digests)
    {
        var values = new JsonValues(displayPath);
        var reader = json.Reader();
        var resources = new List<ExportedResource>();
        string? rootProblem = null, resourceProblem = null, versionText = null, resourcesKind = null;
        int? version = null;
        var deploymentIsObject = false;
        try
        {
            json.Read(ref reader);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                rootProblem = "is not a `pulumi stack export` document (no \"version\")";
                json.Skip(ref reader);
            }
            else
                while (json.Read(ref reader) && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString();
                    json.Read(ref reader);
                    switch (name)
                    {
                        case "version":
                            json.Whole(ref reader);
                            var start = (int)reader.TokenStartIndex;
                            version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v) ? v : -1;
                            JsonValues.SkipWhole(ref reader);
                            versionText = Encoding.UTF8.GetString(json.Window[start..(int)reader.BytesConsumed]);
                            break;
                        case "deployment" when reader.TokenType == JsonTokenType.StartObject:
                            deploymentIsObject = true;
                            while (json.Read(ref reader) && reader.TokenType != JsonTokenType.EndObject)
                            {
                                var field = reader.GetString();
                                json.Read(ref reader);
                                if (field != "resources") json.Skip(ref reader);
                                else if (reader.TokenType != JsonTokenType.StartArray)
                                {
                                    resourcesKind = KindOf(reader.TokenType);
                                    json.Skip(ref reader);
                                }
                                else
                                {
                                    using var batches = new StateBatches(displayPath, baseline, digests || baseline is not null);
                                    while (json.Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
                                    {
                                        if (json.TakeObject(ref reader, out var rest)) batches.Add(rest);
                                        else
                                        {
                                            json.Whole(ref reader);
                                            batches.Add(ReadState(ref reader, values, baseline));
                                        }
                                    }
                                    foreach (var state in batches.Finish())
                                    {
                                        if (resourceProblem is not null || state is null || state.Delete) continue; // a pending deletion is not the estate
                                        resourceProblem = state.Problem ?? (state.Object ? null : "a resource is not a JSON object");
                                        if (resourceProblem is null)
                                            resources.Add(new ExportedResource(state.Resource!, state.Inputs, state.Outputs, state.Digest));
                                    }
                                }
                            }
                            break;
                        default:
                            json.Skip(ref reader);
                            break;
                    }
                }
            while (json.Read(ref reader)) { } // anything after the document is invalid JSON, reported by the reader
        }
        catch (JsonException e)
        {
            throw NotJson(displayPath, e);
        }
        if (rootProblem is not null || versionText is null)
            throw new PolicyInputException(displayPath, rootProblem ?? "is not a `pulumi stack export` document (no \"version\")");
        if (version != 3)
            throw new PolicyInputException(displayPath, $"has checkpoint version {versionText}; only version 3 (a number, as current Pulumi writes it) is supported");
        if (!deploymentIsObject)
            throw new PolicyInputException(displayPath, "has no \"deployment\" object");
        if (resourcesKind is not null)
            throw new PolicyInputException(displayPath, $"has \"deployment.resources\" that is not a list (it is {resourcesKind}); the export is damaged or truncated");
        if (resourceProblem is not null) throw new PolicyInputException(displayPath, resourceProblem);
        var kept = resources.Where(r => r.Resource.Type != "pulumi:pulumi:Stack").ToList();
        return (Build(kept.Select(r => r.Resource).ToList(), displayPath), kept);
    }

    /// <param name="windowBytes">As for <see cref="ReadStackExportFile"/>.</param>
    public static ResourceSet FromPreview(string path, string displayPath, int windowBytes = Utf8Window.DefaultSize) =>
        FromFile(path, displayPath, "preview", windowBytes, json => ReadPreview(json, displayPath));

    private static ResourceSet ReadPreview(JsonStream json, string displayPath)
    {
        var values = new JsonValues(displayPath);
        var reader = json.Reader();
        var resources = new List<PolicyResource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? stepProblem = null;
        var isObject = false;
        var hasSteps = false;
        var anySame = false;
        double? same = null;
        try
        {
            json.Read(ref reader);
            if (reader.TokenType != JsonTokenType.StartObject) json.Skip(ref reader);
            else
            {
                isObject = true;
                while (json.Read(ref reader) && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString();
                    json.Read(ref reader);
                    if (name == "changeSummary" && reader.TokenType == JsonTokenType.StartObject)
                        while (json.Read(ref reader) && reader.TokenType != JsonTokenType.EndObject)
                        {
                            var field = reader.GetString();
                            json.Read(ref reader);
                            if (field == "same" && reader.TokenType == JsonTokenType.Number) same = values.Number(ref reader);
                            else json.Skip(ref reader);
                        }
                    else if (name == "steps" && reader.TokenType == JsonTokenType.StartArray)
                    {
                        hasSteps = true;
                        while (json.Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
                        {
                            json.Whole(ref reader);
                            var step = ReadStep(ref reader, values);
                            anySame |= step.Op == "same";
                            if (stepProblem is not null) continue;
                            if (!step.Object)
                            {
                                stepProblem = "a step is not a JSON object";
                                continue;
                            }
                            if (step.Op is "delete" or "delete-replaced" or "discard" or "discard-replaced" or "remove-pending-replace" or "read-discard") continue;
                            if (step.NewState is not { Object: true } state) continue;
                            stepProblem = state.Problem;
                            // With --show-replacement-steps a replaced resource has both a replace and a
                            // create-replacement step with the same new state: judge it once.
                            if (stepProblem is null && seen.Add(state.Resource!.Urn)) resources.Add(state.Resource);
                        }
                    }
                    else json.Skip(ref reader);
                }
            }
            while (json.Read(ref reader)) { }
        }
        catch (JsonException e)
        {
            throw NotJson(displayPath, e);
        }
        if (!isObject || !hasSteps)
            throw new PolicyInputException(displayPath, "is not a `pulumi preview --json` document (no \"steps\" list)");
        // Without --show-sames Pulumi leaves unchanged resources out of the digest, and stack rules
        // (a private endpoint, a diagnostic setting that did not change) would see a partial estate.
        if (same > 0 && !anySame)
            throw new PolicyInputException(displayPath,
                $"leaves out the {same} unchanged resources its changeSummary counts: run `pulumi preview --json --show-sames` so that the whole estate is checked");
        if (stepProblem is not null) throw new PolicyInputException(displayPath, stepProblem);
        return Build(resources, displayPath);
    }

    private static ResourceSet Build(List<PolicyResource> resources, string source)
    {
        var stack = resources.Select(r => r.Urn.Split("::")[0]).FirstOrDefault(s => s.StartsWith("urn:pulumi:", StringComparison.Ordinal))?["urn:pulumi:".Length..] ?? "unknown";
        var project = resources.Select(r => r.Urn.Split("::")).FirstOrDefault(p => p.Length > 1)?[1] ?? "unknown";
        return new ResourceSet(stack, project, resources.Where(r => r.Type != "pulumi:pulumi:Stack"), source);
    }

    /// <summary>One resource state as Pulumi writes it (a checkpoint resource, a preview step's <c>newState</c>), read field by field.</summary>
    private sealed record State(bool Object, bool Delete, PolicyResource? Resource, PropertyValue.Map? Inputs, PropertyValue.Map? Outputs, string? Problem,
        ResourceDigest? Digest = null);

    private sealed record Step(bool Object, string? Op, State? NewState);

    private static Step ReadStep(ref Utf8JsonReader reader, JsonValues values)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            JsonValues.SkipWhole(ref reader);
            return new Step(false, null, null);
        }
        string? op = null;
        State? state = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "op" && reader.TokenType == JsonTokenType.String) op = values.Text(ref reader);
            else if (name == "newState") state = ReadState(ref reader, values);
            else JsonValues.SkipWhole(ref reader);
        }
        return new Step(true, op, state);
    }

    private static State? ReadState(ref Utf8JsonReader reader, JsonValues values, Func<string, ExportedResource?>? baseline = null)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            JsonValues.SkipWhole(ref reader);
            return new State(false, false, null, null, null, null);
        }
        string? urn = null, type = null, id = null, parent = null;
        var delete = false;
        ExportedResource? before = null;
        var looked = false;
        // The baseline's resource of this URN (Pulumi writes "urn" first; before it is read there is none).
        ExportedResource? Before()
        {
            if (!looked && urn is not null)
            {
                looked = true;
                before = baseline?.Invoke(urn);
            }
            return before;
        }

        PropertyValue.Map? inputs = null, outputs = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            var isString = reader.TokenType == JsonTokenType.String;
            switch (name)
            {
                case "urn" when isString: urn = reader.GetString(); break;
                case "type" when isString: type = values.Text(ref reader); break;
                case "id" when isString: id = reader.GetString(); break;
                case "parent" when isString: parent = values.Text(ref reader); break;
                case "delete": delete = reader.TokenType == JsonTokenType.True; break;
                // Each is read alike to what it most likely repeats: the baseline's, else the other one of the pair.
                case "inputs" when reader.TokenType == JsonTokenType.StartObject:
                    inputs = values.Map(ref reader, Before()?.Inputs ?? (Before() is null ? outputs : null));
                    break;
                case "outputs" when reader.TokenType == JsonTokenType.StartObject:
                    outputs = values.Map(ref reader, Before()?.Outputs ?? (Before() is null ? inputs : null));
                    break;
                default: JsonValues.SkipWhole(ref reader); break;
            }
        }
        if (urn is null) return new State(true, delete, null, null, null, "a resource has no \"urn\"");
        var parts = urn.Split("::");
        if (!urn.StartsWith("urn:pulumi:", StringComparison.Ordinal) || parts.Length < 4)
            return new State(true, delete, null, null, null, $"'{urn}' is not a Pulumi URN (urn:pulumi:STACK::PROJECT::TYPE::NAME)");
        type ??= parts[^2].Split('$')[^1];
        id = string.IsNullOrEmpty(id) ? null : id;
        if (Before() is { } was && ReferenceEquals(inputs, was.Inputs) && ReferenceEquals(outputs, was.Outputs) &&
            was.Resource.Type == type && was.Resource.Id == id && was.Resource.ParentUrn == parent)
            return new State(true, delete, was.Resource, inputs, outputs, null);
        var resource = new PolicyResource(urn, type, urn[(urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..],
            Merged(outputs, inputs), id, parent);
        return new State(true, delete, resource, inputs, outputs, null);
    }

    /// <summary>A resource's properties: its outputs, and its inputs for what the outputs lack (both sorted; one linear merge).</summary>
    private static PropertyValue.Map Merged(PropertyValue.Map? outputs, PropertyValue.Map? inputs)
    {
        if (inputs is null || inputs.Entries.Count == 0) return outputs ?? new PropertyValue.Map([]);
        if (outputs is null || outputs.Entries.Count == 0) return inputs;
        var (o, i) = (outputs.Entries, inputs.Entries);
        var merged = new List<KeyValuePair<string, PropertyValue>>(o.Count + i.Count);
        int a = 0, b = 0;
        while (a < o.Count || b < i.Count)
        {
            var order = a == o.Count ? 1 : b == i.Count ? -1 : string.CompareOrdinal(o[a].Key, i[b].Key);
            if (order <= 0)
            {
                merged.Add(o[a]);
                if (order == 0) b++;
                a++;
            }
            else merged.Add(i[b++]);
        }
        return new PropertyValue.Map(merged.ToArray());
    }

    private static string KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => "null",
    };

    private static PolicyInputException NotJson(string displayPath, JsonException e) =>
        new($"{displayPath}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}", $"is not valid JSON: {e.Message}");

    /// <summary>A state document read from its file a window at a time (see <see cref="JsonStream"/>).</summary>
    private static T FromFile<T>(string path, string displayPath, string what, int windowBytes, Func<JsonStream, T> read)
    {
        try
        {
            using var bytes = Utf8Window.Open(path, displayPath, what, InputFile.StateLimit, windowBytes);
            return read(new JsonStream(bytes));
        }
        catch (InputFileException e)
        {
            throw new PolicyInputException([e.Message]);
        }
    }
}
