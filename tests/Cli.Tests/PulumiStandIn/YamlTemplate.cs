using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Cli.Tests.PulumiStandIn;

/// <summary>
/// A compiler's stdout read the way pulumi-yaml's <c>LoadYAMLBytes</c> reads it (<c>pkg/pulumiyaml/run.go</c>,
/// the records of <c>pkg/pulumiyaml/ast/template.go</c>): the template must be an object; its known
/// fields are matched case-insensitively (unknown top-level keys are ignored, <c>noMatchWarning=false</c>);
/// inside resources, their options and config entries an unknown field is a diagnostic, as is a
/// value of the wrong kind (<c>exprFieldTypeMismatchError</c>). This stand-in treats every diagnostic,
/// warnings included, as a failure: our compiler must print a program Pulumi reads silently.
/// </summary>
internal sealed partial class YamlTemplate
{
    private static readonly string[] ResourceFields = ["type", "name", "defaultProvider", "properties", "options", "get"];
    private static readonly string[] OptionFields =
    [
        "additionalSecretOutputs", "aliases", "customTimeouts", "deleteBeforeReplace", "dependsOn", "ignoreChanges", "import",
        "parent", "protect", "provider", "providers", "version", "pluginDownloadURL", "replaceOnChanges", "retainOnDelete",
        "replaceWith", "deletedWith", "hideDiffs", "replacementTrigger", "envVarMappings",
    ];
    private static readonly string[] ConfigFields = ["type", "name", "secret", "default", "value", "items"];

    private YamlTemplate(string? name, IReadOnlyDictionary<string, (string? Type, bool Secret)> config, IReadOnlyList<(string Key, string Type, string? Version, YamlNode Body)> resources)
    {
        Name = name;
        Config = config;
        Resources = resources;
    }

    public string? Name { get; }
    public IReadOnlyDictionary<string, (string? Type, bool Secret)> Config { get; }
    public IReadOnlyList<(string Key, string Type, string? Version, YamlNode Body)> Resources { get; }

    public static (YamlTemplate? Template, IReadOnlyList<string> Errors) Parse(string filename, string text)
    {
        var errors = new List<string>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            return (null, [$"{filename}:{e.Start.Line}:{e.Start.Column}: {e.Message}"]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            return (null, [$"{filename}: template must be an object"]);
        string? name = null;
        var config = new SortedDictionary<string, (string?, bool)>(StringComparer.Ordinal);
        var resources = new List<(string, string, string?, YamlNode)>();
        foreach (var (k, v) in root.Children)
        {
            var key = ((YamlScalarNode)k).Value ?? "";
            switch (key.ToLowerInvariant())
            {
                case "name":
                    name = String(v, "name", errors);
                    break;
                case "config":
                    foreach (var (ck, cv) in Object(v, "config", errors))
                    {
                        var entry = Object(cv, ck, errors);
                        Known(entry, ConfigFields, $"config.{ck}", errors);
                        var secret = entry.FirstOrDefault(e => e.Key == "secret").Value is { } s && Boolean(s, $"config.{ck}.secret", errors);
                        var type = entry.FirstOrDefault(e => e.Key == "type").Value is { } t ? String(t, $"config.{ck}.type", errors) : null;
                        config[ck] = (type, secret);
                    }
                    break;
                case "resources":
                    foreach (var (rk, rv) in Object(v, "resources", errors))
                    {
                        var body = Object(rv, rk, errors);
                        Known(body, ResourceFields, rk, errors);
                        var type = body.FirstOrDefault(e => e.Key == "type").Value is { } t ? String(t, $"{rk}.type", errors) : null;
                        if (type is null) { errors.Add($"Resource declared without a 'type': \"{rk}\""); continue; }
                        string? version = null;
                        if (body.FirstOrDefault(e => e.Key == "options").Value is { } o)
                        {
                            var options = Object(o, $"{rk}.options", errors);
                            Known(options, OptionFields, $"{rk}.options", errors);
                            if (options.FirstOrDefault(e => e.Key == "version").Value is { } ver) version = String(ver, $"{rk}.options.version", errors);
                        }
                        resources.Add((rk, type, version, rv));
                    }
                    break;
            }
        }
        return (new YamlTemplate(name, config, resources), errors);
    }

    /// <summary>
    /// <c>GetReferencedPackages</c> (<c>pkg/pulumiyaml/packages.go</c>): walking resources in the runner's
    /// order (<c>topologicallySortedResources</c>, <c>pkg/pulumiyaml/sort.go</c>: depth first, dependencies
    /// before dependents, declaration order otherwise), the first resource of a package fixes its version
    /// (its <c>options.version</c>, or none); <c>pulumi:providers:X</c> belongs to package X; the built-in
    /// <c>pulumi</c> package is skipped; the result is sorted by name.
    /// </summary>
    public IReadOnlyList<(string Name, string Version)> ReferencedPackages()
    {
        var byKey = Resources.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var order = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string key)
        {
            if (!visited.Add(key)) return;
            foreach (var dep in References(byKey[key].Body).Where(byKey.ContainsKey)) Visit(dep);
            order.Add(key);
        }
        foreach (var r in Resources) Visit(r.Key);
        var packages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in order)
        {
            var parts = byKey[key].Type.Split(':');
            var package = parts is ["pulumi", "providers", var p] ? p : parts[0];
            if (package != "pulumi") packages.TryAdd(package, byKey[key].Version ?? "");
        }
        return packages.Select(p => (p.Key, p.Value)).ToList();
    }

    private static IEnumerable<string> References(YamlNode node) => node switch
    {
        YamlScalarNode { Value: { } v } => Reference().Matches(v).Select(m => m.Groups[1].Value),
        YamlMappingNode m => m.Children.SelectMany(c => References(c.Value)),
        YamlSequenceNode s => s.Children.SelectMany(References),
        _ => [],
    };

    [GeneratedRegex(@"\$\{([^.\[}]+)")]
    private static partial Regex Reference();

    private static List<KeyValuePair<string, YamlNode>> Object(YamlNode node, string what, List<string> errors)
    {
        if (node is YamlMappingNode m) return m.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", c.Value)).ToList();
        errors.Add($"{what} must be an object");
        return [];
    }

    private static void Known(List<KeyValuePair<string, YamlNode>> fields, string[] known, string what, List<string> errors)
    {
        foreach (var (k, _) in fields)
            if (!known.Contains(k, StringComparer.Ordinal))
                errors.Add(known.Contains(k, StringComparer.OrdinalIgnoreCase)
                    ? $"{what}: '{k}' looks like a miscapitalization" : $"Object '{what}' has no field named '{k}'");
    }

    private static string? String(YamlNode node, string what, List<string> errors)
    {
        if (node is YamlScalarNode s && (s.Style != ScalarStyle.Plain || GoYaml.Resolve(s.Value ?? "") == GoYaml.Kind.String)) return s.Value;
        errors.Add($"{what} must be a string");
        return null;
    }

    private static bool Boolean(YamlNode node, string what, List<string> errors)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain } s && GoYaml.Resolve(s.Value ?? "") == GoYaml.Kind.Bool)
            return s.Value!.Equals("true", StringComparison.OrdinalIgnoreCase);
        errors.Add($"{what} must be a boolean value");
        return false;
    }
}
