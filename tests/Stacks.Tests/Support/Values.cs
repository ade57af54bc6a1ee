using System.Globalization;
using System.Text;
using Oic.Infra.Resources;

namespace Oic.Infra.Stacks.Tests.Support;

/// <summary>Reading <see cref="PropertyValue"/> trees in assertions.</summary>
internal static class Values
{
    /// <summary>The value at a dotted path below a map (<c>sku.name</c>), or null when any step is missing.</summary>
    public static PropertyValue? At(this PropertyValue.Map map, string path)
    {
        PropertyValue? current = map;
        foreach (var step in path.Split('.'))
            current = current is PropertyValue.Map m ? m[step] : null;
        return current;
    }

    /// <summary>The literal string at <paramref name="path"/>, or null when it is absent or not a literal.</summary>
    public static string? Str(this PropertyValue.Map map, string path) =>
        map.At(path) is PropertyValue.Str s ? s.Value : null;

    /// <summary>The resource a <c>${name...}</c> reference at <paramref name="path"/> points at, or null.</summary>
    public static Resource? RefTarget(this PropertyValue.Map map, string path) =>
        map.At(path) is PropertyValue.Ref r ? r.Target.Resource : null;

    public static IReadOnlyList<string> Strings(this PropertyValue.Map map, string path) =>
        map.At(path) is PropertyValue.List l
            ? [.. l.Items.Select(i => i is PropertyValue.Str s ? s.Value : throw new AssertionException($"{path} holds {i}, not a literal string"))]
            : [];

    /// <summary>
    /// A deterministic text for a value in which a reference is its <c>${...}</c> expression, so
    /// that values from two separately declared graphs can be compared.
    /// </summary>
    public static string Canonical(PropertyValue? value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    private static void Write(StringBuilder text, PropertyValue? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case PropertyValue.Str s:
                text.Append('"').Append(s.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case PropertyValue.Num n:
                text.Append(n.Text);
                break;
            case PropertyValue.Bool b:
                text.Append(b.Value ? "true" : "false");
                break;
            case PropertyValue.Ref r:
                text.Append("ref(").Append(r.Target.Expression).Append(')');
                break;
            case PropertyValue.Interpolation i:
                text.Append("interpolate(");
                foreach (var part in i.Parts) Write(text, part);
                text.Append(')');
                break;
            case PropertyValue.Secret secret:
                text.Append("secret(");
                Write(text, secret.Inner);
                text.Append(')');
                break;
            case PropertyValue.List l:
                text.Append('[');
                for (var k = 0; k < l.Items.Count; k++)
                {
                    if (k > 0) text.Append(',');
                    Write(text, l.Items[k]);
                }
                text.Append(']');
                break;
            case PropertyValue.Map m:
                text.Append('{');
                var first = true;
                foreach (var (key, v) in m.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    if (!first) text.Append(',');
                    first = false;
                    text.Append(key).Append(':');
                    Write(text, v);
                }
                text.Append('}');
                break;
            default:
                text.Append(value.GetType().Name).Append('(').Append(value.ToString()).Append(')');
                break;
        }
    }

    /// <summary>The options of a resource as comparable text (handles by logical name).</summary>
    public static string Canonical(ResourceOptions o) => string.Join(";",
        $"parent={o.Parent?.LogicalName}",
        $"provider={o.Provider?.LogicalName}",
        $"dependsOn={string.Join(",", o.DependsOn.Select(d => d.LogicalName).Order(StringComparer.Ordinal))}",
        $"protect={o.Protect}",
        $"ignoreChanges={string.Join(",", o.IgnoreChanges)}",
        $"replaceOnChanges={string.Join(",", o.ReplaceOnChanges)}",
        $"additionalSecretOutputs={string.Join(",", o.AdditionalSecretOutputs)}",
        $"deleteBeforeReplace={o.DeleteBeforeReplace}",
        $"retainOnDelete={o.RetainOnDelete}",
        $"customTimeouts={o.CustomTimeouts}",
        $"version={o.Version}");

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
