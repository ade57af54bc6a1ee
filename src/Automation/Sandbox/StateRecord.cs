using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>
/// One resource of a checkpoint, as Pulumi's <c>ResourceV3</c> (apitype) holds it. Immutable once
/// built: its canonical JSON is cached, so rewriting a checkpoint after every operation costs a copy.
/// </summary>
internal sealed class StateRecord
{
    public const string StackType = "pulumi:pulumi:Stack";
    public const string ProviderTypePrefix = "pulumi:providers:";

    private byte[]? _json;
    private byte[]? _embedded;

    public required string Urn { get; init; }
    public bool Custom { get; init; } = true;

    /// <summary>A resource replaced create-before-delete whose old copy still awaits deletion.</summary>
    public bool Delete { get; init; }

    public string? Id { get; init; }
    public required string Type { get; init; }
    public JsonObject? Inputs { get; init; }
    public JsonObject? Outputs { get; init; }
    public string? Parent { get; init; }
    public bool Protect { get; init; }
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    /// <summary><c>providerURN::providerID</c>.</summary>
    public string? Provider { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> PropertyDependencies { get; init; } =
        new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    public IReadOnlyList<string> AdditionalSecretOutputs { get; init; } = [];
    public JsonObject? CustomTimeouts { get; init; }
    public bool RetainOnDelete { get; init; }
    public IReadOnlyList<string> IgnoreChanges { get; init; } = [];
    public IReadOnlyList<string> ReplaceOnChanges { get; init; } = [];

    public bool IsStack => Type == StackType;
    public bool IsProvider => Type.StartsWith(ProviderTypePrefix, StringComparison.Ordinal);

    /// <summary>An Azure resource (it has an ARM id and lives in the simulated control plane).</summary>
    public bool IsArm => Custom && !IsProvider && !IsStack;

    public string Name => Urn[(Urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..];

    /// <summary>The URN of the provider this resource is managed by (the reference without its id).</summary>
    public string? ProviderUrn => Provider is null ? null : Provider[..Provider.LastIndexOf("::", StringComparison.Ordinal)];

    public StateRecord With(JsonObject? inputs = null, JsonObject? outputs = null, bool? delete = null) => new()
    {
        Urn = Urn,
        Custom = Custom,
        Delete = delete ?? Delete,
        Id = Id,
        Type = Type,
        Inputs = inputs ?? Inputs,
        Outputs = outputs ?? Outputs,
        Parent = Parent,
        Protect = Protect,
        Dependencies = Dependencies,
        Provider = Provider,
        PropertyDependencies = PropertyDependencies,
        AdditionalSecretOutputs = AdditionalSecretOutputs,
        CustomTimeouts = CustomTimeouts,
        RetainOnDelete = RetainOnDelete,
        IgnoreChanges = IgnoreChanges,
        ReplaceOnChanges = ReplaceOnChanges,
    };

    /// <summary>This record's data (inputs, outputs, id) under another record's options (parent, dependencies, protect…).</summary>
    public StateRecord WithMetadataOf(StateRecord program) => new()
    {
        Urn = Urn,
        Custom = Custom,
        Delete = Delete,
        Id = Id,
        Type = Type,
        Inputs = Inputs,
        Outputs = Outputs,
        Parent = program.Parent,
        Protect = program.Protect,
        Dependencies = program.Dependencies,
        Provider = program.Provider,
        PropertyDependencies = program.PropertyDependencies,
        AdditionalSecretOutputs = program.AdditionalSecretOutputs,
        CustomTimeouts = program.CustomTimeouts,
        RetainOnDelete = program.RetainOnDelete,
        IgnoreChanges = program.IgnoreChanges,
        ReplaceOnChanges = program.ReplaceOnChanges,
    };

    /// <summary>The record as indented canonical JSON, fields in ResourceV3 order, empty ones left out as Go's <c>omitempty</c> does.</summary>
    public byte[] Json => _json ??= SandboxJson.Fragment(Write);

    /// <summary><see cref="Json"/> indented for its place in a checkpoint's <c>deployment.resources</c> list.</summary>
    public byte[] EmbeddedJson => _embedded ??= SandboxJson.Reindent(Json, Checkpoint.ResourceIndent);

    public bool SameAs(StateRecord other) => Json.AsSpan().SequenceEqual(other.Json);

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("urn", Urn);
        w.WriteBoolean("custom", Custom);
        if (Delete) w.WriteBoolean("delete", true);
        if (!string.IsNullOrEmpty(Id)) w.WriteString("id", Id);
        w.WriteString("type", Type);
        if (Inputs is not null)
        {
            w.WritePropertyName("inputs");
            SandboxJson.Write(w, Inputs);
        }
        if (Outputs is not null)
        {
            w.WritePropertyName("outputs");
            SandboxJson.Write(w, Outputs);
        }
        if (Parent is not null) w.WriteString("parent", Parent);
        if (Protect) w.WriteBoolean("protect", true);
        WriteList(w, "dependencies", Dependencies);
        if (Provider is not null) w.WriteString("provider", Provider);
        if (PropertyDependencies.Count > 0)
        {
            w.WriteStartObject("propertyDependencies");
            foreach (var (key, urns) in PropertyDependencies.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteStartArray(key);
                foreach (var u in urns) w.WriteStringValue(u);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        WriteList(w, "additionalSecretOutputs", AdditionalSecretOutputs);
        if (CustomTimeouts is not null)
        {
            w.WritePropertyName("customTimeouts");
            SandboxJson.Write(w, CustomTimeouts);
        }
        if (RetainOnDelete) w.WriteBoolean("retainOnDelete", true);
        WriteList(w, "ignoreChanges", IgnoreChanges);
        WriteList(w, "replaceOnChanges", ReplaceOnChanges);
        w.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter w, string name, IReadOnlyList<string> items)
    {
        if (items.Count == 0) return;
        w.WriteStartArray(name);
        foreach (var item in items) w.WriteStringValue(item);
        w.WriteEndArray();
    }

    /// <summary>
    /// A resource object of a checkpoint. Every field Pulumi's <c>ResourceV3</c> types is checked:
    /// a field of the wrong type is a damaged checkpoint (<see cref="FormatException"/> naming the
    /// resource and the field), never a crash and never silently dropped.
    /// </summary>
    public static StateRecord Read(JsonObject r, string source)
    {
        ArgumentNullException.ThrowIfNull(r);
        var which = r["urn"] is JsonValue u && u.GetValueKind() == JsonValueKind.String ? $"resource {u.GetValue<string>()}" : "a resource";
        FormatException Wrong(string key, string expected) => new($"{source}: {which}: \"{key}\" is not {expected}");
        bool IsString(JsonNode? n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.String;
        string Str(string key) => IsString(r[key]) ? r[key]!.GetValue<string>() : throw Wrong(key, "a string");
        string? OptStr(string key) => r[key] is null ? null : Str(key);
        bool Bool(string key) => r[key] switch
        {
            null => false,
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValueKind() == JsonValueKind.True,
            _ => throw Wrong(key, "true or false"),
        };
        IReadOnlyList<string> Strings(JsonNode? node, string key) => node switch
        {
            null => [],
            JsonArray a when a.All(IsString) => a.Select(i => i!.GetValue<string>()).Where(s => s.Length > 0).ToList(),
            _ => throw Wrong(key, "a list of strings"),
        };
        JsonObject? Obj(string key) => r[key] switch
        {
            null => null,
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => throw Wrong(key, "an object"),
        };

        var urn = Str("urn");
        if (!urn.StartsWith("urn:pulumi:", StringComparison.Ordinal) || urn.Split("::").Length < 4)
            throw Wrong("urn", "a Pulumi URN (urn:pulumi:STACK::PROJECT::TYPE::NAME)");
        var provider = OptStr("provider");
        if (provider is not null && !provider.Contains("::", StringComparison.Ordinal))
            throw Wrong("provider", "a provider reference (PROVIDER-URN::ID)");
        var propertyDependencies = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        switch (r["propertyDependencies"])
        {
            case null:
                break;
            case JsonObject pd:
                foreach (var (key, value) in pd) propertyDependencies[key] = Strings(value, "propertyDependencies." + key);
                break;
            default:
                throw Wrong("propertyDependencies", "an object");
        }

        return new StateRecord
        {
            Urn = urn,
            Custom = Bool("custom"),
            Delete = Bool("delete"),
            Id = OptStr("id"),
            Type = Str("type"),
            Inputs = Obj("inputs"),
            Outputs = Obj("outputs"),
            Parent = OptStr("parent"),
            Protect = Bool("protect"),
            Dependencies = Strings(r["dependencies"], "dependencies"),
            Provider = provider,
            PropertyDependencies = propertyDependencies,
            AdditionalSecretOutputs = Strings(r["additionalSecretOutputs"], "additionalSecretOutputs"),
            CustomTimeouts = Obj("customTimeouts"),
            RetainOnDelete = Bool("retainOnDelete"),
            IgnoreChanges = Strings(r["ignoreChanges"], "ignoreChanges"),
            ReplaceOnChanges = Strings(r["replaceOnChanges"], "replaceOnChanges"),
        };
    }
}
