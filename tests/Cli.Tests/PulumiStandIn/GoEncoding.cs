using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Oic.Infra.Cli.Tests.PulumiStandIn;

/// <summary>
/// How gopkg.in/yaml.v3 types a plain scalar when it decodes into <c>any</c> (its <c>resolve</c>, the
/// YAML 1.2 core schema): null, bool, int, float, or string. Quoted scalars are always strings.
/// </summary>
internal static partial class GoYaml
{
    public enum Kind { Null, Bool, Int, Float, String }

    public static Kind Resolve(string plain) => plain switch
    {
        "" or "~" or "null" or "Null" or "NULL" => Kind.Null,
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => Kind.Bool,
        _ when Int().IsMatch(plain) => Kind.Int,
        _ when Float().IsMatch(plain) => Kind.Float,
        _ => Kind.String,
    };

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")]
    private static partial Regex Int();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex Float();
}

/// <summary>
/// Go's <c>encoding/json</c> <c>Marshal</c>, which Pulumi uses for <c>PULUMI_CONFIG</c> and for structured
/// config values: map keys sorted, no whitespace, <c>&lt; &gt; &amp; U+2028 U+2029</c> escaped as
/// <c>\u00XX</c>, other non-ASCII text left as UTF-8.
/// </summary>
internal static class GoJson
{
    public static string Marshal(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(d.ToString("R", CultureInfo.InvariantCulture)); break;
            case string s: String(sb, s); break;
            case IEnumerable<KeyValuePair<string, string>> map: Object(sb, map.Select(kv => KeyValuePair.Create(kv.Key, (object?)kv.Value))); break;
            case IEnumerable<KeyValuePair<string, object?>> map: Object(sb, map); break;
            case IEnumerable<object?> list:
                sb.Append('[');
                var first = true;
                foreach (var item in list)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    Write(sb, item);
                }
                sb.Append(']');
                break;
            default: throw new ArgumentException($"no JSON form for {value.GetType()}");
        }
    }

    private static void Object(StringBuilder sb, IEnumerable<KeyValuePair<string, object?>> map)
    {
        sb.Append('{');
        var first = true;
        foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!first) sb.Append(',');
            first = false;
            String(sb, k);
            sb.Append(':');
            Write(sb, v);
        }
        sb.Append('}');
    }

    private static void String(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
