using System.Text;
using System.Text.RegularExpressions;
using Oic.Infra.Resources;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Oic.Infra.Synth;

/// <summary>
/// Writes a <see cref="ResourceGraph"/> as a Pulumi YAML program (the <c>Main.yaml</c> that
/// Pulumi's YAML runtime reads from our compiler's stdout). Byte-stable: resources, properties,
/// options and outputs are written in a fixed order, with no timestamps or source paths.
/// Secret config values are declared in the program's own <c>config:</c> block and referenced,
/// never written as literals.
/// </summary>
public static partial class YamlProgramWriter
{
    public static string Write(ResourceGraph graph, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var text = new StringWriter(new StringBuilder(256 * 1024)) { NewLine = "\n" };
        text.Write(Comment($"Pulumi YAML program for stack '{graph.Stack}', compiled from the C# stacks by `infra compile`. Do not edit."));
        var emitter = new Emitter(text, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, indentSequences: true));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        emitter.Emit(new MappingStart());

        Key(emitter, "name");
        Scalar(emitter, graph.Project);
        if (description is not null)
        {
            Key(emitter, "description");
            Scalar(emitter, description);
        }

        if (graph.SecretConfigKeys.Count > 0)
        {
            Key(emitter, "config");
            emitter.Emit(new MappingStart());
            foreach (var key in graph.SecretConfigKeys)
            {
                Key(emitter, key);
                emitter.Emit(new MappingStart());
                Key(emitter, "type");
                Scalar(emitter, "string");
                Key(emitter, "secret");
                Plain(emitter, "true");
                emitter.Emit(new MappingEnd());
            }
            emitter.Emit(new MappingEnd());
        }

        Key(emitter, "resources");
        emitter.Emit(new MappingStart());
        foreach (var resource in graph.Resources.OrderBy(r => r.LogicalName, StringComparer.Ordinal))
            WriteResource(emitter, resource);
        emitter.Emit(new MappingEnd());

        if (graph.Outputs.Count > 0)
        {
            Key(emitter, "outputs");
            emitter.Emit(new MappingStart());
            foreach (var (name, value) in graph.Outputs)
            {
                Key(emitter, name);
                Value(emitter, value.ToValue());
            }
            emitter.Emit(new MappingEnd());
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    /// <summary>
    /// The program printed for package discovery, when Pulumi's YAML host runs the compiler with no
    /// stack (pulumi-yaml <c>pkg/server/server.go</c>: <c>GetRequiredPackages</c> and
    /// <c>GetProgramDependencies</c> call <c>loadTemplate(compiler, dir, nil)</c>). The host only
    /// reads which packages the resources name and at which version (<c>pkg/pulumiyaml/packages.go</c>,
    /// <c>GetReferencedPackages</c>: the package of each resource type, the version from its
    /// <c>options.version</c>), then runs the compiler again with the stack for the real program. So
    /// each package gets one provider resource pinned to its version, and nothing reads config.
    /// </summary>
    public static string WriteDiscovery(string project, string description, IReadOnlyList<(string Name, string Version)> packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var text = new StringWriter(new StringBuilder(1024)) { NewLine = "\n" };
        text.Write($"# Pulumi YAML program for package discovery (no stack given): the packages every stack of {project} deploys with. `infra compile --stack NAME` prints a stack's program.\n");
        var emitter = new Emitter(text, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, indentSequences: true));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        emitter.Emit(new MappingStart());
        Key(emitter, "name");
        Scalar(emitter, project);
        Key(emitter, "description");
        Scalar(emitter, description);
        Key(emitter, "resources");
        emitter.Emit(new MappingStart());
        foreach (var (name, version) in packages.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            Key(emitter, $"{name}-provider");
            emitter.Emit(new MappingStart());
            Key(emitter, "type");
            Scalar(emitter, $"pulumi:providers:{name}");
            Key(emitter, "options");
            emitter.Emit(new MappingStart());
            Key(emitter, "version");
            Scalar(emitter, version);
            emitter.Emit(new MappingEnd());
            emitter.Emit(new MappingEnd());
        }
        emitter.Emit(new MappingEnd());
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void WriteResource(Emitter emitter, Resource resource)
    {
        Key(emitter, resource.LogicalName);
        emitter.Emit(new MappingStart());
        Key(emitter, "type");
        Scalar(emitter, resource.Type);
        var inputs = resource.Inputs;
        if (inputs.Entries.Count > 0)
        {
            Key(emitter, "properties");
            Value(emitter, inputs);
        }
        var options = Options(resource.Options);
        if (options.Count > 0)
        {
            Key(emitter, "options");
            emitter.Emit(new MappingStart());
            foreach (var (key, value) in options)
            {
                Key(emitter, key);
                Value(emitter, value);
            }
            emitter.Emit(new MappingEnd());
        }
        emitter.Emit(new MappingEnd());
    }

    /// <summary>The <c>options:</c> block, in the order Pulumi's documentation lists them.</summary>
    private static List<(string, PropertyValue)> Options(ResourceOptions o)
    {
        static PropertyValue Handle(Resource r) => new PropertyValue.Ref(r.Self);
        static PropertyValue Strings(IEnumerable<string> items) =>
            new PropertyValue.List(items.Select(i => (PropertyValue)new PropertyValue.Str(i)).ToList());

        var list = new List<(string, PropertyValue)>();
        if (o.Parent is not null) list.Add(("parent", Handle(o.Parent)));
        if (o.Provider is not null) list.Add(("provider", Handle(o.Provider)));
        if (o.DependsOn.Count > 0)
            list.Add(("dependsOn", new PropertyValue.List(o.DependsOn
                .OrderBy(d => d.LogicalName, StringComparer.Ordinal).Select(Handle).ToList())));
        if (o.Protect) list.Add(("protect", new PropertyValue.Bool(true)));
        if (o.IgnoreChanges.Count > 0) list.Add(("ignoreChanges", Strings(o.IgnoreChanges)));
        if (o.ReplaceOnChanges.Count > 0) list.Add(("replaceOnChanges", Strings(o.ReplaceOnChanges)));
        if (o.AdditionalSecretOutputs.Count > 0) list.Add(("additionalSecretOutputs", Strings(o.AdditionalSecretOutputs)));
        if (o.DeleteBeforeReplace) list.Add(("deleteBeforeReplace", new PropertyValue.Bool(true)));
        if (o.RetainOnDelete) list.Add(("retainOnDelete", new PropertyValue.Bool(true)));
        if (o.CustomTimeouts is { } t)
        {
            var entries = new List<KeyValuePair<string, PropertyValue>>();
            if (t.Create is not null) entries.Add(new("create", new PropertyValue.Str(t.Create)));
            if (t.Delete is not null) entries.Add(new("delete", new PropertyValue.Str(t.Delete)));
            if (t.Update is not null) entries.Add(new("update", new PropertyValue.Str(t.Update)));
            list.Add(("customTimeouts", new PropertyValue.Map(entries)));
        }
        if (o.Version is not null) list.Add(("version", new PropertyValue.Str(o.Version)));
        return list;
    }

    private static void Value(Emitter emitter, PropertyValue value)
    {
        switch (value)
        {
            case PropertyValue.Str s:
                Scalar(emitter, Literal(s.Value));
                break;
            case PropertyValue.Num n:
                Plain(emitter, n.Text);
                break;
            case PropertyValue.Bool b:
                Plain(emitter, b.Value ? "true" : "false");
                break;
            case PropertyValue.Ref r:
                Scalar(emitter, r.Target.Expression);
                break;
            case PropertyValue.Interpolation i:
                Scalar(emitter, string.Concat(i.Parts.Select(p => p switch
                {
                    PropertyValue.Str s => Literal(s.Value),
                    PropertyValue.Ref r => r.Target.Expression,
                    PropertyValue.Num n => n.Text,
                    _ => throw new InvalidOperationException($"{p.GetType().Name} cannot be part of an interpolated string"),
                })));
                break;
            case PropertyValue.Secret secret:
                emitter.Emit(new MappingStart());
                Key(emitter, "fn::secret");
                Value(emitter, secret.Inner);
                emitter.Emit(new MappingEnd());
                break;
            case PropertyValue.List l:
                emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
                foreach (var item in l.Items) Value(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case PropertyValue.Map m:
                emitter.Emit(new MappingStart());
                foreach (var (k, v) in m.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    Scalar(emitter, PropertyKey(k));
                    Value(emitter, v);
                }
                emitter.Emit(new MappingEnd());
                break;
            default:
                throw new InvalidOperationException($"cannot write {value.GetType().Name}");
        }
    }

    /// <summary>
    /// A key of the program's own structure (<c>resources</c>, a logical name, <c>type</c>, an option,
    /// a config or output name): Pulumi YAML reads these as plain names, never as expressions, so
    /// they must not hold anything an expression would (ADR 0009).
    /// </summary>
    private static void Key(Emitter emitter, string key)
    {
        if (key.Contains('$', StringComparison.Ordinal) || key.Any(char.IsControl))
            throw new InvalidOperationException($"'{key}' cannot be a name in a Pulumi YAML program (no '$' or control characters)");
        Scalar(emitter, key);
    }

    /// <summary>
    /// The one escaping path for text in the program (ADR 0009). Pulumi YAML parses every string
    /// value <em>and every key of a property object</em> as an expression (pulumi-yaml
    /// <c>pkg/pulumiyaml/ast/expr.go</c>, <c>ParseExpr</c>: an <c>ObjectNode</c>'s keys go through
    /// <c>ParseExpr</c> too) and reads <c>$$</c> as a literal <c>$</c>, so every <c>$</c> of literal
    /// text is doubled; only references are written as <c>${…}</c>.
    /// </summary>
    public static string Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("$", "$$", StringComparison.Ordinal);
    }

    /// <summary>
    /// A key of a property object, escaped as literal text. A key starting with <c>fn::</c> would make
    /// its object a function call (pulumi-yaml <c>tryParseFunction</c>) and has no escape, so it is refused.
    /// </summary>
    private static string PropertyKey(string key)
    {
        if (key.StartsWith("fn::", StringComparison.Ordinal))
            throw new InvalidOperationException($"the property key '{key}' would be read by Pulumi YAML as a function call");
        return Literal(key);
    }

    /// <summary>A comment line: control characters (a newline would end the comment and start program text) are written as \uXXXX.</summary>
    private static string Comment(string text) =>
        "# " + string.Concat(text.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' ? $"\\u{(int)c:X4}" : c.ToString())) + "\n";

    private static void Plain(Emitter emitter, string text) =>
        emitter.Emit(new Scalar(null, null, text, ScalarStyle.Plain, true, false));

    /// <summary>A string, quoted whenever YAML would otherwise read it as a number, boolean or null.</summary>
    private static void Scalar(Emitter emitter, string text)
    {
        var style = NeedsQuotes(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, text, style, true, style != ScalarStyle.Plain));
    }

    private static bool NeedsQuotes(string text) =>
        text.Length == 0 || NonStringScalar().IsMatch(text) || YamlOneOneScalar().IsMatch(text) || text.Trim() != text;

    // What a YAML 1.1 reader takes for a number or a date: base-60 integers and floats ('05:00' is 300) and
    // timestamps ('2026-01-01', '2026-01-01 22:00'; go-yaml v3 also resolves the full forms to !!timestamp).
    [GeneratedRegex(@"^(?:[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}.*)?)$")]
    private static partial Regex YamlOneOneScalar();

    // YAML 1.1 and 1.2 core-schema booleans, nulls and numbers, and every integer form go-yaml v3
    // (Pulumi's YAML reader) accepts through strconv.ParseInt(s, 0, 64): 0x, 0o, 0b prefixes in
    // either case, signs and '_' separators. A person's editor may follow YAML 1.1; all stay strings.
    [GeneratedRegex(@"^(?:[yY]|[nN]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?0[xX][0-9a-fA-F_]+|[-+]?0[oO][0-7_]+|[-+]?0[bB][01_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")]
    private static partial Regex NonStringScalar();
}
