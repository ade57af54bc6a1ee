using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Cli.Tests;

/// <summary>
/// The environment Pulumi's YAML language host gives a compiler, built from a stack file the way
/// Pulumi builds it: every config value a string, structured values JSON-encoded inside it,
/// secure values decrypted, and the secret keys listed in PULUMI_CONFIG_SECRET_KEYS.
/// </summary>
internal static class PulumiCompilerEnvironment
{
    public static Dictionary<string, string> For(string stack, string stackFile, Func<string, string> decrypt)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(stackFile)));
        var config = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["config"];
        var values = new JsonObject();
        var secrets = new JsonArray();
        foreach (var (k, v) in config.Children)
        {
            var key = ((YamlScalarNode)k).Value!;
            if (v is YamlMappingNode m && m.Children.ContainsKey(new YamlScalarNode("secure")))
            {
                values[key] = decrypt(key);
                secrets.Add(key);
            }
            else if (v is YamlScalarNode s)
                values[key] = s.Value;
            else
                values[key] = ToJson(v)!.ToJsonString();
        }
        return new Dictionary<string, string>
        {
            ["PULUMI_STACK"] = stack,
            ["PULUMI_PROJECT"] = "oic-gs-infra",
            ["PULUMI_ORGANIZATION"] = "organization",
            ["PULUMI_ROOT_DIRECTORY"] = Repo.Root,
            ["PULUMI_CONFIG"] = values.ToJsonString(),
            ["PULUMI_CONFIG_SECRET_KEYS"] = secrets.ToJsonString(),
        };
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } p when long.TryParse(p.Value, out var n) => JsonValue.Create(n),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } p when p.Value is "true" or "false" => JsonValue.Create(p.Value == "true"),
        YamlScalarNode p => JsonValue.Create(p.Value),
        _ => throw new JsonException("unexpected YAML node"),
    };
}
