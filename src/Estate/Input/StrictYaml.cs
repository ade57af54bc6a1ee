using Oic.Infra.Estate.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Estate.Input;

/// <summary>A YAML input that is not of the plain shape config files have, with where it went wrong.</summary>
public sealed class YamlInputException(string source, long line, long column, string message)
    : InfraException(ErrorKind.InvalidInput, line > 0 ? $"{source}:{line}:{column}: {message}" : $"{source}: {message}")
{
    public string File { get; } = source;
    public int Line { get; } = (int)line;
    public int Column { get; } = (int)column;
    public string Reason { get; } = message;
}

/// <summary>
/// Reads the YAML files people write (stack files, waivers) as the plain data they are: exactly
/// one document, nesting at most <see cref="MaxDepth"/> deep, no anchors or aliases (a handful of
/// aliases can expand to billions of nodes), and no explicit tags other than <c>!!str</c>
/// (<c>!!binary</c>, <c>!!python/…</c> and the like have no meaning in these files). Everything is
/// checked on the event stream before a node tree is built, so hostile input costs no more than
/// its size.
/// </summary>
public static class StrictYaml
{
    public const int MaxDepth = 64;

    private const string StrTag = "tag:yaml.org,2002:str";

    /// <summary>The root node of the single document, or null when the text holds none.</summary>
    public static YamlNode? Load(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        Check(text, source);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new YamlInputException(source, e.Start.Line, e.Start.Column, $"is not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    private static void Check(string text, string source)
    {
        var parser = Events(text, source);
        while (parser.MoveNext()) { }
    }

    /// <summary>
    /// The events of <paramref name="text"/> for a reader that needs no node tree (waivers by the
    /// ten thousand), held to the same rules as <see cref="Load"/> as they are read: anything that
    /// breaks them, or is not YAML, throws <see cref="YamlInputException"/> at its position.
    /// </summary>
    public static IParser Events(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new CheckedParser(new Parser(new StringReader(text)), source);
    }

    private sealed class CheckedParser(IParser inner, string source) : IParser
    {
        private int _depth;
        private int _documents;
        private Mark _last = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            try
            {
                if (!inner.MoveNext()) return false;
            }
            catch (YamlException error)
            {
                throw new YamlInputException(source, error.Start.Line, error.Start.Column, $"is not valid YAML: {error.InnerException?.Message ?? error.Message}");
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet reports some malformed flow collections (an unclosed '[') this way, with no position.
                throw new YamlInputException(source, _last.Line, _last.Column,
                    "is not valid YAML: a flow collection ('[…]' or '{…}') is not closed where it should be");
            }
            if (inner.Current is not { } e) return true;
            _last = e.Start;
            switch (e)
            {
                case DocumentStart when ++_documents > 1:
                    throw new YamlInputException(source, e.Start.Line, e.Start.Column,
                        "starts a second YAML document ('---'); this file holds exactly one");
                case AnchorAlias:
                    throw new YamlInputException(source, e.Start.Line, e.Start.Column,
                        "uses a YAML alias (*name); anchors and aliases are not supported here — write the value out");
                case NodeEvent { Anchor.IsEmpty: false }:
                    throw new YamlInputException(source, e.Start.Line, e.Start.Column,
                        "uses a YAML anchor (&name); anchors and aliases are not supported here — write the value out");
                case NodeEvent { Tag.IsEmpty: false } n when n.Tag.Value != StrTag && n.Tag.Value != "!":
                    throw new YamlInputException(source, e.Start.Line, e.Start.Column,
                        $"uses the YAML tag '{Short(n.Tag.Value)}', which has no meaning here; remove it");
                case MappingStart or SequenceStart when ++_depth > MaxDepth:
                    throw new YamlInputException(source, e.Start.Line, e.Start.Column,
                        $"nests more than {MaxDepth} levels deep");
                case MappingEnd or SequenceEnd:
                    _depth--;
                    break;
            }
            return true;
        }
    }

    private static string Short(string tag) =>
        tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;
}
