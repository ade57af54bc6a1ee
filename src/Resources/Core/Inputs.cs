using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Oic.Infra.Resources;

/// <summary>Anything that can stand in a resource property: a literal, an output, a list or a map of them.</summary>
public interface IInput
{
    PropertyValue ToValue();
}

/// <summary>A property value: a literal of <typeparamref name="T"/>, an <see cref="Output{T}"/>, or a secret.</summary>
public sealed class Input<T> : IInput
{
    private readonly PropertyValue _value;

    internal Input(PropertyValue value) => _value = value;

    public PropertyValue ToValue() => _value;

    [return: NotNullIfNotNull(nameof(value))]
    public static implicit operator Input<T>?(T? value) =>
        value is null ? null : new(PropertyValue.FromObject(value));

    public static implicit operator Input<T>(Output<T> output) => new(output.ToValue());

    public static implicit operator Input<T>(Secret<T> secret) => new(secret.ToValue());

    public override string ToString() => _value.ToString();
}

/// <summary>A list property. Collection-initializer friendly: <c>AddressPrefixes = { "10.40.0.0/23" }</c>.</summary>
public sealed class InputList<T> : IInput, IEnumerable<Input<T>>
{
    private readonly List<Input<T>> _items = [];
    private readonly PropertyValue? _whole;

    public InputList() { }

    private InputList(PropertyValue whole) => _whole = whole;

    public void Add(Input<T> item) => _items.Add(item);

    public void AddRange(IEnumerable<Input<T>> items) => _items.AddRange(items);

    public PropertyValue ToValue() =>
        _whole ?? new PropertyValue.List(_items.Select(i => i.ToValue()).ToList());

    [return: NotNullIfNotNull(nameof(values))]
    public static implicit operator InputList<T>?(T[]? values)
    {
        if (values is null) return null;
        var list = new InputList<T>();
        foreach (var v in values) list.Add(v ?? throw new ArgumentException("lists cannot hold null", nameof(values)));
        return list;
    }

    public static implicit operator InputList<T>(Input<T>[] values)
    {
        var list = new InputList<T>();
        list.AddRange(values);
        return list;
    }

    public static implicit operator InputList<T>(List<T> values) => values.ToArray();

    public static implicit operator InputList<T>(Output<T[]> output) => new(output.ToValue());

    public IEnumerator<Input<T>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A string-keyed map property (tags, and the few free-form objects azure-native has).</summary>
public sealed class InputMap<T> : IInput, IEnumerable<KeyValuePair<string, Input<T>>>
{
    private readonly SortedDictionary<string, Input<T>> _entries = new(StringComparer.Ordinal);

    public void Add(string key, Input<T> value) => _entries.Add(key, value);

    public Input<T> this[string key]
    {
        get => _entries[key];
        set => _entries[key] = value;
    }

    public PropertyValue ToValue() =>
        new PropertyValue.Map(_entries.Select(e => KeyValuePair.Create(e.Key, e.Value.ToValue())).ToList());

    public static implicit operator InputMap<T>(Dictionary<string, T> values)
    {
        var map = new InputMap<T>();
        foreach (var (k, v) in values) map[k] = v!;
        return map;
    }

    public IEnumerator<KeyValuePair<string, Input<T>>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Typed arguments of a resource or of a nested azure-native input type. Subclasses list their
/// properties under the exact azure-native names; only the ones set reach the program.
/// </summary>
public abstract class ResourceArgs
{
    protected abstract IEnumerable<KeyValuePair<string, IInput?>> Properties();

    public PropertyValue.Map ToValue() =>
        PropertyValue.Map.Of(Properties()
            .Where(p => p.Value is not null)
            .Select(p => KeyValuePair.Create(p.Key, p.Value!.ToValue())));
}
