using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Drift;

/// <summary>
/// A property value as a report shows it: scalars as their text, objects and lists as compact JSON
/// with sorted keys and without outputs-only noise. A secret is written <c>[secret]</c> and an
/// unknown value <c>[unknown]</c>; there is no way for a secret's content to get here.
/// </summary>
internal static class ValueText
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string? Of(PropertyValue? value) => value switch
    {
        null => null,
        PropertyValue.Str s => s.Value,
        PropertyValue.Num n => n.Text,
        PropertyValue.Bool b => b.Value ? "true" : "false",
        PropertyValue.Secret => "[secret]",
        PropertyValue.Unknown => "[unknown]",
        PropertyValue.Ref r => r.Target.Expression,
        PropertyValue.Interpolation i => string.Concat(i.Parts.Select(Of)),
        _ => Json(value),
    };

    /// <summary>The canonical text of a scalar (what makes <c>"443"</c> and <c>443</c> the same port); null for anything else.</summary>
    public static string? Scalar(PropertyValue value) => value switch
    {
        PropertyValue.Str s => s.Value,
        PropertyValue.Num n => n.Text,
        PropertyValue.Bool b => b.Value ? "true" : "false",
        _ => null,
    };

    private static string Json(PropertyValue value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
            Write(writer, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, PropertyValue value)
    {
        switch (value)
        {
            case PropertyValue.Map m:
                w.WriteStartObject();
                foreach (var (key, item) in m.Entries.Where(e => !Noise.IsAlways(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(key);
                    Write(w, item);
                }
                w.WriteEndObject();
                break;
            case PropertyValue.List l:
                w.WriteStartArray();
                foreach (var item in l.Items) Write(w, item);
                w.WriteEndArray();
                break;
            case PropertyValue.Num n:
                w.WriteRawValue(n.Text);
                break;
            case PropertyValue.Bool b:
                w.WriteBooleanValue(b.Value);
                break;
            default:
                w.WriteStringValue(Of(value));
                break;
        }
    }
}
