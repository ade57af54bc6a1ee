using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oic.Infra.Automation.Pulumi;

/// <summary>
/// The live view of a stack as a <c>stack export</c> document (version 3): the recorded export with what a refresh
/// preview found applied to it — a drifted resource (<c>update</c> step) takes the refreshed <c>inputs</c> and
/// <c>outputs</c> of the step's <c>newState</c>, a resource deleted out of band (<c>delete</c> step) is removed.
/// </summary>
/// <remarks>
/// Pulumi masks secret values in its JSON output as <c>"[secret]"</c>, so where the refreshed state says
/// <c>[secret]</c> the recorded value (an encrypted secret envelope) is kept: the live view never contains a
/// plaintext secret and a masked secret never reads as drift.
/// </remarks>
internal static class LiveExport
{
    private const string MaskedSecret = "[secret]";

    private static readonly string[] StateKeys = ["inputs", "outputs"];

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Apply(string recordedExport, PreviewDigest refresh)
    {
        var changed = refresh.Steps.Where(s => s.Op is "update" or "delete").ToList();
        if (changed.Count == 0) return recordedExport;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(recordedExport, documentOptions: new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException)
        {
            return recordedExport;
        }
        if (root?["deployment"]?["resources"] is not JsonArray resources) return recordedExport;

        foreach (var step in changed)
        {
            // A resource pending deletion after a replacement shares its URN; the live one is the one not marked delete.
            var current = resources.OfType<JsonObject>()
                .FirstOrDefault(r => PulumiJson.String(r["urn"]) == step.Urn && !IsPendingDelete(r));
            if (current is null) continue;
            if (step.Op == "delete")
            {
                resources.Remove(current);
                continue;
            }
            if (step.NewState is null) continue;
            foreach (var key in StateKeys)
            {
                if (step.NewState[key] is not JsonObject live) continue;
                current[key] = Unmask(live.DeepClone(), current[key]);
            }
        }
        return root.ToJsonString(Indented) + "\n";
    }

    private static bool IsPendingDelete(JsonObject resource) =>
        resource["delete"] is JsonValue value && value.TryGetValue<bool>(out var pending) && pending;

    /// <summary>Replaces masked secrets in <paramref name="live"/> (a detached copy) by the recorded values at the same path.</summary>
    private static JsonNode? Unmask(JsonNode? live, JsonNode? recorded)
    {
        switch (live)
        {
            case JsonValue value when value.TryGetValue<string>(out var s) && s == MaskedSecret:
                return recorded is null ? live : recorded.DeepClone();
            case JsonObject obj when recorded is JsonObject recordedObject:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[name];
                    var unmasked = Unmask(child, recordedObject[name]);
                    if (!ReferenceEquals(unmasked, child)) obj[name] = unmasked;
                }
                return obj;
            case JsonArray array when recorded is JsonArray recordedArray:
                for (var i = 0; i < Math.Min(array.Count, recordedArray.Count); i++)
                {
                    var child = array[i];
                    var unmasked = Unmask(child, recordedArray[i]);
                    if (!ReferenceEquals(unmasked, child)) array[i] = unmasked;
                }
                return array;
            default:
                return live;
        }
    }
}
