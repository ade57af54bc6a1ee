using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Policies.Tests.Support;

/// <summary>
/// A rule fixture (<c>Fixtures/&lt;rule-id&gt;/resources.yaml</c>: resources named <c>pass…</c>,
/// <c>fail…</c>, <c>unknown…</c> or anything else for supporting resources) turned into a real
/// <c>pulumi stack export</c> version 3 document and read back through <see cref="StateDocuments"/>,
/// as deployed state would be. <c>${name}</c> in a string stands for that resource's ARM id;
/// the preview unknown sentinel and secret objects may be written as they appear in Pulumi's JSON.
/// </summary>
public static partial class RuleFixture
{
    public const string Subscription = "00000000-0000-0000-0000-000000000000";

    public static string Dir(string ruleId) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", ruleId);

    public static ResourceSet Load(string ruleId)
    {
        var file = Path.Combine(Dir(ruleId), "resources.yaml");
        var json = ToStackExport(File.ReadAllText(file), "fixture");
        var temp = Path.Combine(Path.GetTempPath(), $"fixture-{ruleId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(temp, json);
        try
        {
            return StateDocuments.FromStackExport(temp, $"Fixtures/{ruleId}/resources.yaml");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public static string ToStackExport(string yamlText, string stack)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(yamlText));
        var list = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["resources"];
        var entries = list.Children.Cast<YamlMappingNode>().ToList();
        var ids = entries.ToDictionary(
            e => e["name"].ToString(),
            e => e.Children.TryGetValue(new YamlScalarNode("id"), out var id) ? id.ToString() : DefaultId(e["type"].ToString(), e["name"].ToString()));

        var resources = new JsonArray
        {
            new JsonObject
            {
                ["urn"] = $"urn:pulumi:{stack}::oic-gs-infra::pulumi:pulumi:Stack::oic-gs-infra-{stack}",
                ["custom"] = false,
                ["type"] = "pulumi:pulumi:Stack",
            },
        };
        foreach (var e in entries)
        {
            var name = e["name"].ToString();
            var type = e["type"].ToString();
            var props = e.Children.TryGetValue(new YamlScalarNode("properties"), out var p) ? ToJson(p, ids) : new JsonObject();
            var outputs = props!.DeepClone().AsObject();
            outputs["id"] = ids[name];
            resources.Add(new JsonObject
            {
                ["urn"] = $"urn:pulumi:{stack}::oic-gs-infra::{type}::{name}",
                ["custom"] = true,
                ["id"] = ids[name],
                ["type"] = type,
                ["inputs"] = props,
                ["outputs"] = outputs,
                ["parent"] = $"urn:pulumi:{stack}::oic-gs-infra::pulumi:pulumi:Stack::oic-gs-infra-{stack}",
                ["provider"] = $"urn:pulumi:{stack}::oic-gs-infra::pulumi:providers:azure-native::default_3_28_0::7e3f9c1a-0d2b-4c6e-9a8f-1b2c3d4e5f60",
            });
        }
        var doc = new JsonObject
        {
            ["version"] = 3,
            ["deployment"] = new JsonObject
            {
                ["manifest"] = new JsonObject { ["time"] = "2026-11-30T10:00:00Z", ["magic"] = "fixture", ["version"] = "v3.209.0" },
                ["secrets_providers"] = new JsonObject { ["type"] = "passphrase", ["state"] = new JsonObject { ["salt"] = "v1:fixture" } },
                ["resources"] = resources,
            },
        };
        return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string DefaultId(string type, string name) =>
        $"/subscriptions/{Subscription}/resourceGroups/rg-fixture/providers/Fixture.{type.Split(':')[1]}/{type.Split(':')[2]}/{name}";

    private static JsonNode? ToJson(YamlNode node, IReadOnlyDictionary<string, string> ids) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(c => KeyValuePair.Create(c.Key.ToString(), ToJson(c.Value, ids)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(c => ToJson(c, ids)).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } b => JsonValue.Create(b.Value == "true"),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "null" or "~" } => null,
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } n when double.TryParse(n.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode s => JsonValue.Create(Reference().Replace(s.Value ?? "", m => ids.TryGetValue(m.Groups[1].Value, out var id) ? id : m.Value)),
        _ => throw new InvalidOperationException("unexpected YAML node"),
    };

    [GeneratedRegex(@"\$\{([A-Za-z0-9_.-]+)\}")]
    private static partial Regex Reference();
}
