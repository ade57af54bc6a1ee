using System.Text.Json;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Drift;

/// <summary>
/// A <c>pulumi stack export</c> (version 3) as drift needs it: the resources as policies see them
/// (outputs, falling back to inputs — exactly what <see cref="StateDocuments.FromStackExport"/>
/// gives) and, apart, each resource's recorded <c>inputs</c> and <c>outputs</c>, which the
/// comparisons need separately. Secrets are unknown values here too: a secret object becomes
/// <see cref="PropertyValue.Secret"/> of <see cref="PropertyValue.Unknown"/> whatever it carries
/// (its <c>plaintext</c> is never read), and <c>[secret]</c> and the preview sentinel are unknown.
/// </summary>
public sealed class StackExport
{
    private readonly Dictionary<string, PropertyValue.Map> _inputs;
    private readonly Dictionary<string, PropertyValue.Map> _outputs;

    private StackExport(ResourceSet resources, Dictionary<string, PropertyValue.Map> inputs, Dictionary<string, PropertyValue.Map> outputs, bool raw)
    {
        Resources = resources;
        _inputs = inputs;
        _outputs = outputs;
        HasRawDocuments = raw;
    }

    public ResourceSet Resources { get; }

    /// <summary>False for <see cref="FromResourceSet"/>: inputs and outputs are then the same merged properties.</summary>
    internal bool HasRawDocuments { get; }

    /// <summary>The recorded <c>inputs</c> of a resource; null when the export has none for it.</summary>
    public PropertyValue.Map? InputsOf(string urn) => _inputs.GetValueOrDefault(urn);

    /// <summary>The recorded <c>outputs</c> of a resource (what Azure returned); null when the export has none for it.</summary>
    public PropertyValue.Map? OutputsOf(string urn) => _outputs.GetValueOrDefault(urn);

    /// <summary>
    /// A resource set without the raw documents (a preview digest, a set built in code): its
    /// properties stand for both inputs and outputs, and which outputs the program set is then
    /// read from the program itself.
    /// </summary>
    public static StackExport FromResourceSet(ResourceSet resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var properties = new Dictionary<string, PropertyValue.Map>(StringComparer.Ordinal);
        foreach (var r in resources.Resources) properties.TryAdd(r.Urn, r.Properties);
        return new StackExport(resources, properties, properties, raw: false);
    }

    /// <summary>Reads an export file; a missing or malformed file is <see cref="PolicyInputException"/> (exit 2).</summary>
    public static StackExport Load(string path, string displayPath)
    {
        var text = PolicyInputException.ReadText(path, displayPath, "stack export");
        return Parse(text, displayPath);
    }

    /// <summary>Reads an export from its text (what <c>pulumi stack export</c> or an engine printed).</summary>
    public static StackExport Parse(string json, string displayPath)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new PolicyInputException($"{displayPath}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}", $"is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version))
                throw new PolicyInputException(displayPath, "is not a `pulumi stack export` document (no \"version\")");
            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != 3)
                throw new PolicyInputException(displayPath, $"has checkpoint version {version.GetRawText()}; only version 3 (a number, as current Pulumi writes it) is supported");
            if (!root.TryGetProperty("deployment", out var deployment) || deployment.ValueKind != JsonValueKind.Object)
                throw new PolicyInputException(displayPath, "has no \"deployment\" object");

            var resources = new List<PolicyResource>();
            var inputs = new Dictionary<string, PropertyValue.Map>(StringComparer.Ordinal);
            var outputs = new Dictionary<string, PropertyValue.Map>(StringComparer.Ordinal);
            if (deployment.TryGetProperty("resources", out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var r in list.EnumerateArray())
                {
                    if (r.ValueKind != JsonValueKind.Object) throw new PolicyInputException(displayPath, "a resource is not a JSON object");
                    if (r.TryGetProperty("delete", out var del) && del.ValueKind == JsonValueKind.True) continue; // pending deletion
                    var urn = r.TryGetProperty("urn", out var u) && u.ValueKind == JsonValueKind.String
                        ? u.GetString()!
                        : throw new PolicyInputException(displayPath, "a resource has no \"urn\"");
                    var parts = urn.Split("::");
                    if (!urn.StartsWith("urn:pulumi:", StringComparison.Ordinal) || parts.Length < 4)
                        throw new PolicyInputException(displayPath, $"'{urn}' is not a Pulumi URN (urn:pulumi:STACK::PROJECT::TYPE::NAME)");
                    var type = r.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : parts[^2].Split('$')[^1];
                    var input = Object(r, "inputs");
                    var output = Object(r, "outputs");
                    if (type == "pulumi:pulumi:Stack") continue;
                    if (input is not null) inputs.TryAdd(urn, input);
                    if (output is not null) outputs.TryAdd(urn, output);
                    var merged = new Dictionary<string, PropertyValue>(StringComparer.Ordinal);
                    foreach (var (key, value) in output?.Entries ?? []) merged[key] = value;
                    foreach (var (key, value) in input?.Entries ?? []) merged.TryAdd(key, value);
                    var id = r.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
                    var parent = r.TryGetProperty("parent", out var pa) && pa.ValueKind == JsonValueKind.String ? pa.GetString() : null;
                    resources.Add(new PolicyResource(urn, type, urn[(urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..],
                        PropertyValue.Map.Of(merged), string.IsNullOrEmpty(id) ? null : id, parent));
                }
            var stack = resources.Select(r => r.Urn.Split("::")[0]["urn:pulumi:".Length..]).FirstOrDefault() ?? "unknown";
            var project = resources.Select(r => r.Urn.Split("::")[1]).FirstOrDefault() ?? "unknown";
            return new StackExport(new ResourceSet(stack, project, resources, displayPath), inputs, outputs, raw: true);
        }
    }

    private static PropertyValue.Map? Object(JsonElement resource, string name) =>
        resource.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Object ? Convert(e) as PropertyValue.Map : null;

    /// <summary>JSON → plain property data as <see cref="StateDocuments"/> reads it; null means absent.</summary>
    private static PropertyValue? Convert(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() is StateDocuments.UnknownSentinel or "[secret]" ? PropertyValue.Unknown.Instance : new PropertyValue.Str(e.GetString()!),
        JsonValueKind.Number => new PropertyValue.Num(e.GetDouble()),
        JsonValueKind.True => new PropertyValue.Bool(true),
        JsonValueKind.False => new PropertyValue.Bool(false),
        JsonValueKind.Array => new PropertyValue.List(e.EnumerateArray().Select(Convert).Select(v => v ?? PropertyValue.Unknown.Instance).ToList()),
        // The secret's ciphertext or plaintext is never read: drift must not be able to print it.
        JsonValueKind.Object when e.TryGetProperty(StateDocuments.SecretSignature, out _) => new PropertyValue.Secret(PropertyValue.Unknown.Instance),
        JsonValueKind.Object => PropertyValue.Map.Of(e.EnumerateObject()
            .Select(p => (p.Name, Value: Convert(p.Value)))
            .Where(p => p.Value is not null)
            .Select(p => KeyValuePair.Create(p.Name, p.Value!))),
        _ => null,
    };
}
