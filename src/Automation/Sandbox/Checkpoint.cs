using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Estate.Input;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>An operation in flight when a checkpoint was written (Pulumi's <c>pending_operations</c>).</summary>
internal sealed record PendingOperation(StateRecord Resource, string Type);

/// <summary>
/// A <c>pulumi stack export</c> document, version 3: the sandbox's state of a stack, and (same
/// shape) its simulated live Azure resources.
/// </summary>
internal static class Checkpoint
{
    /// <summary>Where a resource object starts in the document: version → deployment → resources.</summary>
    public const int ResourceIndent = 12;

    /// <summary>The manifest's <c>version</c>: what wrote the file. Never a Pulumi CLI version — this is not Pulumi.</summary>
    public const string WriterVersion = "oic-gs-infra-sandbox/1";

    public static IReadOnlyList<StateRecord> Read(string path, string displayPath) =>
        Parse(InputFile.ReadText(path, displayPath, "checkpoint", InputFile.StateLimit), displayPath);

    /// <summary>The resources of a checkpoint's text; anything damaged is <see cref="EngineInputException"/> naming the file.</summary>
    public static IReadOnlyList<StateRecord> Parse(string text, string displayPath)
    {
        JsonNode? root;
        try
        {
            root = SandboxJson.Parse(text);
        }
        catch (JsonException e)
        {
            throw new EngineInputException($"{displayPath}:{(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message}); restore it from a backup or remove it");
        }
        if (root is not JsonObject doc || doc["version"] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || SandboxJson.Number(v) != 3)
            throw new EngineInputException($"{displayPath}: not a version 3 stack export");
        if (doc["deployment"] is not JsonObject deployment)
            throw new EngineInputException($"{displayPath}: has no \"deployment\" object; restore it from a backup or remove it");
        var resources = new List<StateRecord>();
        if (deployment.ContainsKey("resources") && deployment["resources"] is not JsonArray)
            throw new EngineInputException($"{displayPath}: \"deployment.resources\" is not a list; the checkpoint is damaged — restore it from a backup");
        if (deployment["resources"] is JsonArray list)
            foreach (var item in list)
            {
                if (item is not JsonObject r) throw new EngineInputException($"{displayPath}: a resource is not a JSON object");
                try
                {
                    resources.Add(StateRecord.Read(r, displayPath));
                }
                catch (FormatException e)
                {
                    throw new EngineInputException(e.Message);
                }
            }
        return resources;
    }

    public static byte[] Write(IEnumerable<StateRecord> resources, IEnumerable<PendingOperation> pending, DateTimeOffset time)
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer, resources, pending, time);
        return buffer.ToArray();
    }

    /// <summary>Streams the document: cached resource fragments are copied, never re-serialised.</summary>
    public static void WriteTo(Stream output, IEnumerable<StateRecord> resources, IEnumerable<PendingOperation> pending, DateTimeOffset time)
    {
        void Raw(string text) => output.Write(Encoding.UTF8.GetBytes(text));

        Raw("{\n    \"version\": 3,\n    \"deployment\": {\n        \"manifest\": ");
        output.Write(SandboxJson.Reindent(SandboxJson.Fragment(w =>
        {
            w.WriteStartObject();
            w.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("magic", Magic);
            w.WriteString("version", WriterVersion);
            w.WriteEndObject();
        }), 8));
        Raw(",\n        \"secrets_providers\": ");
        output.Write(SecretsProvider);
        Raw(",\n        \"resources\": [");
        var first = true;
        foreach (var r in resources)
        {
            output.Write(first ? ResourceSeparatorFirst : ResourceSeparator);
            output.Write(r.EmbeddedJson);
            first = false;
        }
        Raw(first ? "]" : "\n        ]");
        var ops = pending.ToList();
        if (ops.Count > 0)
        {
            Raw(",\n        \"pending_operations\": [");
            for (var i = 0; i < ops.Count; i++)
            {
                output.Write(i == 0 ? ResourceSeparatorFirst : ResourceSeparator);
                var op = ops[i];
                output.Write(SandboxJson.Reindent(SandboxJson.Fragment(w =>
                {
                    w.WriteStartObject();
                    w.WritePropertyName("resource");
                    op.Resource.Write(w);
                    w.WriteString("type", op.Type);
                    w.WriteEndObject();
                }), ResourceIndent));
            }
            Raw("\n        ]");
        }
        Raw("\n    }\n}\n");
    }

    private static readonly string Magic = Convert.ToHexStringLower(SandboxJson.HashBytes(WriterVersion));
    private static readonly byte[] ResourceSeparatorFirst = Encoding.UTF8.GetBytes("\n            ");
    private static readonly byte[] ResourceSeparator = Encoding.UTF8.GetBytes(",\n            ");

    private static readonly byte[] SecretsProvider = SandboxJson.Reindent(SandboxJson.Fragment(w =>
    {
        w.WriteStartObject();
        w.WriteString("type", "sandbox");
        w.WriteStartObject("state");
        w.WriteString("note", "ciphertexts are keyed hashes naming each secret's origin; the sandbox never holds secret values");
        w.WriteEndObject();
        w.WriteEndObject();
    }), 8);
}
