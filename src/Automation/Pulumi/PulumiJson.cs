using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Oic.Infra.Automation.Engines;

namespace Oic.Infra.Automation.Pulumi;

/// <summary>
/// Pulumi's JSON vocabulary (apitype <c>OpType</c>, <c>PreviewDigest</c>) mapped onto the engine abstraction.
/// </summary>
internal static partial class PulumiJson
{
    /// <summary>
    /// The engine op for a logical Pulumi step, or null for steps that are not changes of their own:
    /// the halves of a replacement (<c>create-replacement</c>, <c>delete-replaced</c>, <c>import-replacement</c>),
    /// reads of external resources, refresh steps and pending-replace bookkeeping. Pulumi's own summary counts only
    /// logical steps, and its display hides reads, so these are left out of counts and step lists alike.
    /// </summary>
    public static StepOp? LogicalOp(string? op) => op switch
    {
        "same" => StepOp.Same,
        "create" or "import" => StepOp.Create,
        "update" => StepOp.Update,
        "replace" => StepOp.Replace,
        "delete" => StepOp.Delete,
        _ => null,
    };

    /// <summary>The physical halves of a replacement, reported as part of the resource's <see cref="StepOp.Replace"/>.</summary>
    public static bool IsReplacementPart(string? op) => op is "create-replacement" or "delete-replaced" or "import-replacement";

    /// <summary>Counts per op from a <c>changeSummary</c> / <c>resourceChanges</c> object (<c>{"create":3,"same":1}</c>).</summary>
    public static ChangeSummary ChangeSummaryOf(JsonElement changes)
    {
        var counts = new Dictionary<StepOp, int>();
        if (changes.ValueKind != JsonValueKind.Object) return new ChangeSummary(counts);
        foreach (var property in changes.EnumerateObject())
        {
            if (LogicalOp(property.Name) is not { } op || property.Value.ValueKind != JsonValueKind.Number) continue;
            if (!property.Value.TryGetInt32(out var n)) continue;
            counts[op] = counts.GetValueOrDefault(op) + n;
        }
        return new ChangeSummary(counts);
    }

    public static ChangeSummary ChangeSummaryOf(JsonObject changes)
    {
        var counts = new Dictionary<StepOp, int>();
        foreach (var (name, value) in changes)
        {
            if (LogicalOp(name) is not { } op || value is not JsonValue number || !number.TryGetValue<int>(out var n)) continue;
            counts[op] = counts.GetValueOrDefault(op) + n;
        }
        return new ChangeSummary(counts);
    }

    /// <summary>The type token of a URN (<c>urn:pulumi:prod::proj::parent$type::name</c> → <c>type</c>).</summary>
    public static string TypeFromUrn(string urn)
    {
        var parts = urn.Split("::");
        if (parts.Length < 4) return "";
        var qualified = parts[2];
        var dollar = qualified.LastIndexOf('$');
        return dollar < 0 ? qualified : qualified[(dollar + 1)..];
    }

    /// <summary>A diagnostic message without ANSI escapes, Pulumi colour tags (<c>&lt;{%reset%}&gt;</c>) or trailing newlines.</summary>
    public static string CleanMessage(string? message) =>
        message is null ? "" : ColourTags().Replace(AnsiEscapes().Replace(message, ""), "").TrimEnd();

    public static IReadOnlyList<string> Strings(JsonElement element, string property)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var array)
            || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }
        return [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
    }

    public static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array
            ? [.. array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()]
            : [];

    public static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    /// <summary>
    /// Reads the single <c>PreviewDigest</c> document that <c>pulumi preview --json</c> and
    /// <c>pulumi refresh --preview-only --json</c> print. Returns null when stdout holds no digest (empty, <c>{}</c>,
    /// or not JSON — a failed run may print any of these).
    /// </summary>
    public static PreviewDigest? ParseDigest(string stdout)
    {
        var start = stdout.IndexOf('{', StringComparison.Ordinal);
        if (start < 0) return null;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(stdout.AsSpan(start).ToString(), documentOptions: new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException)
        {
            return null;
        }
        if (root is not JsonObject digest) return null;
        var steps = new List<DigestStep>();
        if (digest["steps"] is JsonArray stepArray)
        {
            foreach (var node in stepArray.OfType<JsonObject>())
            {
                var urn = String(node["urn"]) ?? "";
                var newState = node["newState"] as JsonObject;
                var oldState = node["oldState"] as JsonObject;
                var type = String(newState?["type"]) ?? String(oldState?["type"]) ?? TypeFromUrn(urn);
                steps.Add(new DigestStep(
                    String(node["op"]) ?? "", urn, type, Strings(node["diffReasons"]), Strings(node["replaceReasons"]), newState));
            }
        }
        var diagnostics = new List<DigestDiagnostic>();
        if (digest["diagnostics"] is JsonArray diagnosticArray)
        {
            foreach (var node in diagnosticArray.OfType<JsonObject>())
            {
                var message = CleanMessage(String(node["message"]));
                if (message.Length == 0) continue;
                diagnostics.Add(new DigestDiagnostic(String(node["urn"]), String(node["severity"]) ?? "info", message));
            }
        }
        var summary = digest["changeSummary"] is JsonObject changes ? ChangeSummaryOf(changes) : null;
        if (steps.Count == 0 && summary is null && diagnostics.Count == 0) return null;
        return new PreviewDigest(steps, summary, diagnostics);
    }

    [GeneratedRegex(@"\x1B(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")]
    private static partial Regex AnsiEscapes();

    [GeneratedRegex(@"<\{%[^%]*%\}>")]
    private static partial Regex ColourTags();
}

/// <summary>One entry of a digest's <c>steps</c>: op as Pulumi spells it, and the refreshed/planned state.</summary>
internal sealed record DigestStep(
    string Op,
    string Urn,
    string Type,
    IReadOnlyList<string> DiffReasons,
    IReadOnlyList<string> ReplaceReasons,
    JsonObject? NewState);

internal sealed record DigestDiagnostic(string? Urn, string Severity, string Message);

internal sealed record PreviewDigest(
    IReadOnlyList<DigestStep> Steps,
    ChangeSummary? ChangeSummary,
    IReadOnlyList<DigestDiagnostic> Diagnostics)
{
    /// <summary>The logical steps as engine steps (sames included, replacement halves and reads left out).</summary>
    public IReadOnlyList<ResourceStep> ResourceSteps =>
    [
        .. Steps
            .Where(s => PulumiJson.LogicalOp(s.Op) is not null)
            .Select(s => new ResourceStep(PulumiJson.LogicalOp(s.Op)!.Value, s.Urn, s.Type, s.DiffReasons)
            {
                ReplaceReasons = s.ReplaceReasons,
            }),
    ];

    /// <summary>The digest's <c>changeSummary</c>, or counts of its logical steps when it has none.</summary>
    public ChangeSummary Summary =>
        ChangeSummary ?? new ChangeSummary(ResourceSteps.GroupBy(s => s.Op).ToDictionary(g => g.Key, g => g.Count()));

    public IEnumerable<string> ErrorMessages =>
        Diagnostics.Where(d => d.Severity is "error" or "info#err").Select(d => d.Message);
}
