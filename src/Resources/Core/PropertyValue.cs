using System.Globalization;

namespace Oic.Infra.Resources;

/// <summary>
/// The plain data every resource property becomes once the C# stack has run: what the synthesizer
/// writes into the YAML program and what policies read. Maps keep their keys sorted so that two
/// runs over the same estate always produce the same tree.
/// </summary>
public abstract record PropertyValue
{
    public sealed record Str(string Value) : PropertyValue;

    public sealed record Num(double Value) : PropertyValue
    {
        public string Text => Value.ToString("R", CultureInfo.InvariantCulture);
    }

    public sealed record Bool(bool Value) : PropertyValue;

    public sealed record List(IReadOnlyList<PropertyValue> Items) : PropertyValue
    {
        public bool Equals(List? other) => other is not null && Items.SequenceEqual(other.Items);
        public override int GetHashCode() => Items.Count;
    }

    public sealed record Map(IReadOnlyList<KeyValuePair<string, PropertyValue>> Entries) : PropertyValue
    {
        public static Map Of(IEnumerable<KeyValuePair<string, PropertyValue>> entries) =>
            new(entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList());

        public PropertyValue? this[string key]
        {
            get
            {
                var entries = Entries;
                for (var i = 0; i < entries.Count; i++)
                    if (string.Equals(entries[i].Key, key, StringComparison.Ordinal)) return entries[i].Value;
                return null;
            }
        }

        public bool Equals(Map? other) => other is not null && Entries.SequenceEqual(other.Entries);
        public override int GetHashCode() => Entries.Count;
    }

    /// <summary>An output of another resource, or a config value of the program: <c>${name.path}</c>.</summary>
    public sealed record Ref(Reference Target) : PropertyValue;

    /// <summary>A string built from literals and references: <c>"${a.name}-suffix"</c>.</summary>
    public sealed record Interpolation(IReadOnlyList<PropertyValue> Parts) : PropertyValue
    {
        public bool Equals(Interpolation? other) => other is not null && Parts.SequenceEqual(other.Parts);
        public override int GetHashCode() => Parts.Count;
    }

    /// <summary>A value Pulumi must treat as secret (<c>fn::secret</c>).</summary>
    public sealed record Secret(PropertyValue Inner) : PropertyValue;

    /// <summary>A value not known yet (an output during preview), or a secret whose plaintext we do not hold.</summary>
    public sealed record Unknown : PropertyValue
    {
        public static readonly Unknown Instance = new();
    }

    /// <summary>Every reference inside this value, depth first.</summary>
    public IEnumerable<Reference> References()
    {
        switch (this)
        {
            case Ref r:
                yield return r.Target;
                break;
            case List l:
                foreach (var item in l.Items)
                    foreach (var inner in item.References()) yield return inner;
                break;
            case Map m:
                foreach (var entry in m.Entries)
                    foreach (var inner in entry.Value.References()) yield return inner;
                break;
            case Interpolation i:
                foreach (var part in i.Parts)
                    foreach (var inner in part.References()) yield return inner;
                break;
            case Secret s:
                foreach (var inner in s.Inner.References()) yield return inner;
                break;
        }
    }

    public static PropertyValue FromObject(object value) => value switch
    {
        PropertyValue p => p,
        IInput i => i.ToValue(),
        string s => new Str(s),
        bool b => new Bool(b),
        int n => new Num(n),
        long n => new Num(n),
        double d => new Num(d),
        ResourceArgs a => a.ToValue(),
        _ => throw new ArgumentException($"{value.GetType().Name} cannot be a resource property value", nameof(value)),
    };
}
