using System.Text.Json;
using Oic.Infra.Estate.Input;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Estate.Config;

/// <summary>One namespaced config value (<c>oic-gs-infra:offices</c>) with where it was written.</summary>
public sealed record ConfigEntry(string Key, YamlNode Value, SourceLocation Location, bool IsSecret, string Source);

/// <summary>
/// The config of one stack, read either from its stack file (<c>stacks/Pulumi.prod.yaml</c>) or,
/// when Pulumi runs our compiler, from the <c>PULUMI_CONFIG</c> environment variable. Both give
/// the same entries, so both compile to the same program.
/// </summary>
public sealed class StackConfig
{
    private StackConfig(string stack, string source, IReadOnlyDictionary<string, ConfigEntry> entries)
    {
        if (StackName.Problem(stack) is { } problem)
            throw new EstateConfigException(new Diagnostic(new SourceLocation(source, 0, 0), "", problem));
        Stack = stack;
        Source = source;
        Entries = entries;
    }

    public string Stack { get; }

    /// <summary>How to name the origin in messages: a relative file path, or <c>PULUMI_CONFIG</c>.</summary>
    public string Source { get; }

    public IReadOnlyDictionary<string, ConfigEntry> Entries { get; }

    /// <summary>Reads <c>Pulumi.&lt;stack&gt;.yaml</c>; <paramref name="displayPath"/> is how messages name it.</summary>
    public static StackConfig FromStackFile(string path, string displayPath, string? stack = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        stack ??= StackNameFromFile(path);
        if (StackName.Problem(stack) is { } problem)
            throw new EstateConfigException(new Diagnostic(new SourceLocation(StackName.Printable(displayPath), 0, 0), "", problem));
        string text;
        try
        {
            text = InputFile.ReadText(path, displayPath, $"stack file (stack '{stack}')", InputFile.SmallLimit);
        }
        catch (InputFileException e)
        {
            throw new EstateConfigException(new Diagnostic(new SourceLocation(displayPath, 0, 0), "",
                e.Message[(displayPath.Length + 2)..]));
        }
        return FromStackFileText(text, displayPath, stack);
    }

    public static StackConfig FromStackFileText(string text, string displayPath, string stack)
    {
        var root = ParseYaml(text, displayPath);
        var entries = new Dictionary<string, ConfigEntry>(StringComparer.Ordinal);
        if (root is null)
            return new StackConfig(stack, displayPath, entries);
        if (root is not YamlMappingNode top)
            throw Error(displayPath, root, "a stack file must be a mapping with a 'config:' key");
        foreach (var (keyNode, value) in top.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
                throw Error(displayPath, keyNode, "has a key that is not a plain name; a stack file is a mapping with a 'config:' key");
            if (key != "config") continue; // secretsprovider, encryptionsalt… belong to Pulumi
            if (value is YamlScalarNode { Value: null or "" }) continue;
            if (value is not YamlMappingNode config)
                throw Error(displayPath, value, "'config:' must be a mapping of namespaced keys");
            foreach (var (k, v) in config.Children)
            {
                if (k is not YamlScalarNode { Value: { } name })
                    throw Error(displayPath, k, "config keys must be plain names such as 'oic-gs-infra:offices'");
                var secret = v is YamlMappingNode m && m.Children.Count == 1 &&
                             m.Children.ContainsKey(new YamlScalarNode("secure"));
                entries[name] = new ConfigEntry(name, v, Locate(displayPath, k), secret, displayPath);
            }
        }
        return new StackConfig(stack, displayPath, entries);
    }

    /// <summary>
    /// The config as the Pulumi YAML language host passes it to a compiler's run call
    /// (pulumi-yaml <c>pkg/server/server.go</c>, <c>Run</c>): <c>PULUMI_CONFIG</c> is a JSON object of
    /// namespaced keys to strings, structured values JSON-encoded inside the string, secrets already
    /// decrypted, and no word on which keys are secret. Pulumi read those values from the stack file,
    /// so the stack file (<paramref name="stackFile"/>, null when there is none) says which ones it
    /// stores as <c>secure:</c>; a key it does not hold (an ESC environment, <c>--config-file</c>) is
    /// not known to be plaintext, and the program declares every secret it reads as
    /// <c>secret: true</c> anyway.
    /// </summary>
    public static StackConfig FromPulumiEnvironment(string stack, string configJson, StackConfig? stackFile)
    {
        var entries = new Dictionary<string, ConfigEntry>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(configJson);
            foreach (var property in doc.RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                var source = $"PULUMI_CONFIG[{property.Name}]";
                var raw = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString() ?? ""
                    : property.Value.GetRawText();
                var stored = stackFile?.Entries.GetValueOrDefault(property.Name);
                var storedSecure = stored is { IsSecret: true };
                var secret = stored is null || storedSecure;
                // Pulumi JSON-encodes structured values inside the string; anything else, and every
                // secure value (a pre-shared key may well start with '['), is a plain string.
                YamlNode node = !storedSecure && IsJsonStructure(raw)
                    ? ParseYaml(raw, source) ?? new YamlScalarNode(raw)
                    : new YamlScalarNode(raw);
                entries[property.Name] = new ConfigEntry(property.Name, node, new SourceLocation(source, 0, 0), secret, source);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new EstateConfigException(new Diagnostic(new SourceLocation("PULUMI_CONFIG", 0, 0), "",
                $"is not a JSON object of config values: {e.Message}"));
        }
        return new StackConfig(stack, "PULUMI_CONFIG", entries) { FromPulumiRun = true };
    }

    /// <summary>
    /// True when Pulumi's run call supplied the config: every value the program reads must then be
    /// present, because Pulumi deploys what this compile prints. A stack file may leave secrets out
    /// (the bootstrap sets them with <c>pulumi config set --secret</c>): the program only refers to them.
    /// </summary>
    public bool FromPulumiRun { get; private init; }

    private static bool IsJsonStructure(string raw)
    {
        var trimmed = raw.TrimStart();
        if (!trimmed.StartsWith('{') && !trimmed.StartsWith('[')) return false;
        try
        {
            using var doc = JsonDocument.Parse(raw);
            return doc.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static string StackNameFromFile(string path)
    {
        var file = System.IO.Path.GetFileName(path);
        foreach (var ext in new[] { ".yaml", ".yml", ".json" })
            if (file.StartsWith("Pulumi.", StringComparison.Ordinal) && file.EndsWith(ext, StringComparison.Ordinal))
                return file["Pulumi.".Length..^ext.Length];
        return System.IO.Path.GetFileNameWithoutExtension(file);
    }

    internal static SourceLocation Locate(string source, YamlNode node) =>
        node.Start.Line > 0 && !source.StartsWith("PULUMI_CONFIG", StringComparison.Ordinal)
            ? new SourceLocation(source, (int)node.Start.Line, (int)node.Start.Column)
            : new SourceLocation(source, 0, 0);

    private static YamlNode? ParseYaml(string text, string source)
    {
        try
        {
            return StrictYaml.Load(text, source);
        }
        catch (YamlInputException e)
        {
            throw new EstateConfigException(new Diagnostic(new SourceLocation(source, e.Line, e.Column), "", e.Reason));
        }
    }

    private static EstateConfigException Error(string source, YamlNode node, string message) =>
        new(new Diagnostic(Locate(source, node), "", message));
}
