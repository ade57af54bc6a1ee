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
public static class StateDocuments
{
    public const string SecretSignature = "4dabf18193072939515e22adb298388d";
    public const string UnknownSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    public static ResourceSet FromStackExport(string path, string displayPath) =>
        ReadStackExport(PolicyInputException.ReadText(path, displayPath, "stack export", InputFile.StateLimit), displayPath).Set;

    /// <summary>One resource of a stack export, with its recorded <c>inputs</c> and <c>outputs</c> kept apart (drift compares them separately).</summary>
    public sealed record ExportedResource(PolicyResource Resource, PropertyValue.Map? Inputs, PropertyValue.Map? Outputs);

    /// <summary>Reads the text of a <c>pulumi stack export</c> (version 3).</summary>
    public static (ResourceSet Set, IReadOnlyList<ExportedResource> Resources) ReadStackExport(string json, string displayPath)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = ParseText(json, displayPath);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version))
            throw new PolicyInputException(displayPath, "is not a `pulumi stack export` document (no \"version\")");
        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != 3)
            throw new PolicyInputException(displayPath, $"has checkpoint version {version.GetRawText()}; only version 3 (a number, as current Pulumi writes it) is supported");
        if (!root.TryGetProperty("deployment", out var deployment) || deployment.ValueKind != JsonValueKind.Object)
            throw new PolicyInputException(displayPath, "has no \"deployment\" object");
        var resources = new List<ExportedResource>();
        var hasList = deployment.TryGetProperty("resources", out var list);
        if (hasList && list.ValueKind != JsonValueKind.Array)
            throw new PolicyInputException(displayPath, $"has \"deployment.resources\" that is not a list (it is {list.ValueKind.ToString().ToLowerInvariant()}); the export is damaged or truncated");
        if (hasList)
            foreach (var r in list.EnumerateArray())
            {
                if (r.ValueKind != JsonValueKind.Object) throw new PolicyInputException(displayPath, "a resource is not a JSON object");
                if (r.TryGetProperty("delete", out var del) && del.ValueKind == JsonValueKind.True) continue; // pending deletion
                resources.Add(new ExportedResource(ToResource(r, displayPath), Object(r, "inputs"), Object(r, "outputs")));
            }
        var kept = resources.Where(r => r.Resource.Type != "pulumi:pulumi:Stack").ToList();
        return (Build(kept.Select(r => r.Resource).ToList(), displayPath), kept);
    }

    private static PropertyValue.Map? Object(JsonElement resource, string name) =>
        resource.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Object ? Convert(e) as PropertyValue.Map : null;

    public static ResourceSet FromPreview(string path, string displayPath)
    {
        using var doc = Parse(path, displayPath);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("steps", out var steps) || steps.ValueKind != JsonValueKind.Array)
            throw new PolicyInputException(displayPath, "is not a `pulumi preview --json` document (no \"steps\" list)");
        // Without --show-sames Pulumi leaves unchanged resources out of the digest, and stack rules
        // (a private endpoint, a diagnostic setting that did not change) would see a partial estate.
        if (root.TryGetProperty("changeSummary", out var summary) && summary.ValueKind == JsonValueKind.Object &&
            summary.TryGetProperty("same", out var same) && same.ValueKind == JsonValueKind.Number && same.GetDouble() > 0 &&
            !steps.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("op", out var op) && op.ValueKind == JsonValueKind.String && op.GetString() == "same"))
            throw new PolicyInputException(displayPath,
                $"leaves out the {same.GetDouble()} unchanged resources its changeSummary counts: run `pulumi preview --json --show-sames` so that the whole estate is checked");
        var resources = new List<PolicyResource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps.EnumerateArray())
        {
            if (step.ValueKind != JsonValueKind.Object) throw new PolicyInputException(displayPath, "a step is not a JSON object");
            var op = step.TryGetProperty("op", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            if (op is "delete" or "delete-replaced" or "discard" or "discard-replaced" or "remove-pending-replace" or "read-discard") continue;
            if (!step.TryGetProperty("newState", out var state) || state.ValueKind != JsonValueKind.Object) continue;
            // With --show-replacement-steps a replaced resource has both a replace and a
            // create-replacement step with the same new state: judge it once.
            var resource = ToResource(state, displayPath);
            if (seen.Add(resource.Urn)) resources.Add(resource);
        }
        return Build(resources, displayPath);
    }

    private static ResourceSet Build(List<PolicyResource> resources, string source)
    {
        var stack = resources.Select(r => r.Urn.Split("::")[0]).FirstOrDefault(s => s.StartsWith("urn:pulumi:", StringComparison.Ordinal))?["urn:pulumi:".Length..] ?? "unknown";
        var project = resources.Select(r => r.Urn.Split("::")).FirstOrDefault(p => p.Length > 1)?[1] ?? "unknown";
        return new ResourceSet(stack, project, resources.Where(r => r.Type != "pulumi:pulumi:Stack"), source);
    }

    private static PolicyResource ToResource(JsonElement r, string source)
    {
        var urn = r.TryGetProperty("urn", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : throw new PolicyInputException(source, "a resource has no \"urn\"");
        var parts = urn.Split("::");
        if (!urn.StartsWith("urn:pulumi:", StringComparison.Ordinal) || parts.Length < 4)
            throw new PolicyInputException(source, $"'{urn}' is not a Pulumi URN (urn:pulumi:STACK::PROJECT::TYPE::NAME)");
        var type = r.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : parts[^2].Split('$')[^1];
        var entries = new Dictionary<string, PropertyValue>(StringComparer.Ordinal);
        if (r.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Object)
            foreach (var p in outputs.EnumerateObject())
                if (Convert(p.Value) is { } v) entries[p.Name] = v;
        if (r.TryGetProperty("inputs", out var inputs) && inputs.ValueKind == JsonValueKind.Object)
            foreach (var p in inputs.EnumerateObject())
                if (!entries.ContainsKey(p.Name) && Convert(p.Value) is { } v) entries[p.Name] = v;
        var id = r.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        var parent = r.TryGetProperty("parent", out var pa) && pa.ValueKind == JsonValueKind.String ? pa.GetString() : null;
        return new PolicyResource(urn, type, urn[(urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..],
            PropertyValue.Map.Of(entries), string.IsNullOrEmpty(id) ? null : id, parent);
    }

    /// <summary>JSON → plain property data; null means absent.</summary>
    internal static PropertyValue? Convert(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() is UnknownSentinel or "[secret]" ? PropertyValue.Unknown.Instance : new PropertyValue.Str(e.GetString()!),
        JsonValueKind.Number => new PropertyValue.Num(e.GetDouble()),
        JsonValueKind.True => new PropertyValue.Bool(true),
        JsonValueKind.False => new PropertyValue.Bool(false),
        JsonValueKind.Array => new PropertyValue.List(e.EnumerateArray().Select(Convert).Select(v => v ?? PropertyValue.Unknown.Instance).ToList()),
        // Secrets stay unknown even when the export carries plaintext (--show-secrets): no rule
        // needs a secret's value, and no report may ever print one.
        JsonValueKind.Object when e.TryGetProperty(SecretSignature, out _) => new PropertyValue.Secret(PropertyValue.Unknown.Instance),
        JsonValueKind.Object => PropertyValue.Map.Of(e.EnumerateObject()
            .Select(p => (p.Name, Value: Convert(p.Value)))
            .Where(p => p.Value is not null)
            .Select(p => KeyValuePair.Create(p.Name, p.Value!))),
        _ => null,
    };

    private static JsonDocument ParseText(string json, string displayPath)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new PolicyInputException($"{displayPath}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}", $"is not valid JSON: {e.Message}");
        }
    }

    private static JsonDocument Parse(string path, string displayPath)
    {
        return ParseText(PolicyInputException.ReadText(path, displayPath, "preview", InputFile.StateLimit), displayPath);
    }
}
