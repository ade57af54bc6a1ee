namespace Oic.Infra.Resources;

/// <summary>
/// A value known only once a resource exists (its id, endpoints…) or a config value of the program.
/// It becomes a <c>${...}</c> expression in the YAML program and an implicit dependency.
/// </summary>
public sealed class Output<T> : IInput
{
    internal Output(Reference reference) => Reference = reference;

    public Reference Reference { get; }

    public PropertyValue ToValue() => new PropertyValue.Ref(Reference);

    /// <summary>A property below this output, e.g. <c>account.PrimaryEndpoints.Get&lt;string&gt;("blob")</c>.</summary>
    public Output<TOut> Get<TOut>(string path)
    {
        var joined = Reference.Path.Length == 0 || path.StartsWith('[') ? Reference.Path + path : $"{Reference.Path}.{path}";
        return Reference.Resource is { } r
            ? new Output<TOut>(Reference.ToOutput(r, joined))
            : throw new InvalidOperationException("config values have no properties");
    }

    public override string ToString() => Reference.Expression;
}

/// <summary>Builders for values that are not a single output.</summary>
public static class Output
{
    /// <summary>An interpolated string: <c>Output.Format($"{vnet.Id}/subnets/x")</c>.</summary>
    public static Input<string> Format(FormattableString format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var parts = new List<PropertyValue>();
        var text = format.Format;
        var args = format.GetArguments();
        var literal = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{') { literal.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < text.Length && text[i + 1] == '}') { literal.Append('}'); i++; continue; }
            if (c != '{') { literal.Append(c); continue; }
            var end = text.IndexOf('}', i);
            var index = int.Parse(text.AsSpan(i + 1, end - i - 1), System.Globalization.CultureInfo.InvariantCulture);
            if (literal.Length > 0) { parts.Add(new PropertyValue.Str(literal.ToString())); literal.Clear(); }
            parts.Add(args[index] switch
            {
                IInput input => input.ToValue(),
                var other => new PropertyValue.Str(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            });
            i = end;
        }
        if (literal.Length > 0) parts.Add(new PropertyValue.Str(literal.ToString()));
        return new Input<string>(parts is [PropertyValue.Str only] ? only : new PropertyValue.Interpolation(parts));
    }

    /// <summary>A value of the program's <c>config:</c> block, declared there by the synthesizer.</summary>
    public static Output<T> Config<T>(string key) => new(Reference.ToConfig(key));
}

/// <summary>A value to be wrapped in <c>fn::secret</c> or a secret config reference.</summary>
public sealed class Secret<T>(IInput inner) : IInput
{
    public PropertyValue ToValue() =>
        inner.ToValue() is PropertyValue.Ref { Target.ConfigKey: not null } configRef
            ? configRef // a secret config value stays secret through the config block
            : new PropertyValue.Secret(inner.ToValue());
}
