using System.Globalization;
using System.Text.Json;
using Oic.Infra.Resources;

namespace Oic.Infra.Bench;

/// <summary>
/// A `pulumi stack export` (version 3) of roughly <c>n</c> resources, made by deploying the
/// reference estate's graph in copies on paper: every resource gets an ARM id, references become
/// the referenced copy's id or name, as real state would hold them.
/// </summary>
public static class SyntheticState
{
    public static void Write(ResourceGraph graph, int resources, string path)
    {
        var copies = Math.Max(1, (int)Math.Ceiling(resources / (double)graph.Resources.Count));
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteNumber("version", 3);
        json.WriteStartObject("deployment");
        json.WriteStartObject("manifest");
        json.WriteString("time", "2026-11-30T10:00:00Z");
        json.WriteString("magic", "synthetic");
        json.WriteString("version", "v3.209.0");
        json.WriteEndObject();
        json.WriteStartArray("resources");
        var written = 0;
        for (var c = 0; c < copies && written < resources; c++)
        {
            var suffix = string.Create(CultureInfo.InvariantCulture, $"-c{c:D3}");
            foreach (var r in graph.Resources)
            {
                if (written++ >= resources) break;
                var id = Id(graph, r, suffix);
                json.WriteStartObject();
                json.WriteString("urn", graph.UrnOf(r) + suffix);
                json.WriteBoolean("custom", true);
                json.WriteString("id", id);
                json.WriteString("type", r.Type);
                json.WritePropertyName("inputs");
                Value(json, graph, r.Inputs, suffix);
                json.WritePropertyName("outputs");
                json.WriteStartObject();
                foreach (var (k, v) in r.Inputs.Entries)
                {
                    json.WritePropertyName(k);
                    Value(json, graph, v, suffix);
                }
                json.WriteString("id", id);
                json.WriteString("provisioningState", "Succeeded");
                json.WriteEndObject();
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Id(ResourceGraph graph, Resource r, string suffix)
    {
        var token = r.Type.Split(':');
        return $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-synthetic{suffix}/providers/Synthetic.{token[^2]}/{token[^1]}/{r.LogicalName}{suffix}";
    }

    private static void Value(Utf8JsonWriter json, ResourceGraph graph, PropertyValue value, string suffix)
    {
        switch (value)
        {
            case PropertyValue.Str s: json.WriteStringValue(s.Value); break;
            case PropertyValue.Num n: json.WriteNumberValue(n.Value); break;
            case PropertyValue.Bool b: json.WriteBooleanValue(b.Value); break;
            case PropertyValue.List l:
                json.WriteStartArray();
                foreach (var i in l.Items) Value(json, graph, i, suffix);
                json.WriteEndArray();
                break;
            case PropertyValue.Map m:
                json.WriteStartObject();
                foreach (var (k, v) in m.Entries)
                {
                    json.WritePropertyName(k);
                    Value(json, graph, v, suffix);
                }
                json.WriteEndObject();
                break;
            case PropertyValue.Ref { Target: var t }:
                json.WriteStringValue(t.Resource is { } target
                    ? t.Path == "id" ? Id(graph, target, suffix) : $"{target.LogicalName}{suffix}"
                    : "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
                break;
            case PropertyValue.Interpolation i:
                json.WriteStringValue(string.Concat(i.Parts.Select(p => p switch
                {
                    PropertyValue.Str s => s.Value,
                    PropertyValue.Ref { Target: { Resource: { } target, Path: "id" } } => Id(graph, target, suffix),
                    _ => "x",
                })));
                break;
            case PropertyValue.Secret:
                json.WriteStartObject();
                json.WriteString("4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270");
                json.WriteString("ciphertext", "v1:c3ludGhldGlj");
                json.WriteEndObject();
                break;
            default: json.WriteNullValue(); break;
        }
    }
}
