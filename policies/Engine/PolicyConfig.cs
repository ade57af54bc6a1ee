using System.Text.Json;
using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Errors;
using Oic.Infra.Estate.Input;

namespace Oic.Infra.Policies.Engine;

/// <summary>Invalid policy input (config, waivers, state documents): the CLI prints each problem and exits 2.</summary>
public sealed class PolicyInputException : InfraException
{
    public PolicyInputException(string location, string message) : this([$"{location}: {message}"]) { }

    public PolicyInputException(IReadOnlyList<string> problems) : base(ErrorKind.InvalidInput, string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Each problem as <c>file:line:col: message</c>.</summary>
    public IReadOnlyList<string> Problems { get; }

    public override IReadOnlyList<string> Lines => ProblemLines(Problems);

    /// <summary>The text of an input file (<see cref="InputFile"/>: regular, bounded, UTF-8); anything else is invalid input.</summary>
    public static string ReadText(string path, string displayPath, string what, long limit = InputFile.SmallLimit)
    {
        try
        {
            return InputFile.ReadText(path, displayPath, what, limit);
        }
        catch (InputFileException e)
        {
            throw new PolicyInputException([e.Message]);
        }
    }
}

/// <summary>
/// Enforcement overrides in Pulumi's policy-pack-config shape:
/// <c>{"all":"mandatory","storage-https-only":{"enforcementLevel":"advisory"}}</c>. Keys are
/// <c>all</c>, a pack name, or a rule id; values a level or an object with <c>enforcementLevel</c>.
/// The most specific key wins: rule, then pack, then <c>all</c>, then the pack's default.
/// </summary>
public sealed class PolicyConfig
{
    private readonly Dictionary<string, Enforcement> _levels;

    private PolicyConfig(Dictionary<string, Enforcement> levels) => _levels = levels;

    public static readonly PolicyConfig Default = new(new Dictionary<string, Enforcement>(StringComparer.Ordinal));

    public Enforcement LevelOf(PolicyPack pack, Rule rule, Enforcement packDefault)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(rule);
        if (_levels.TryGetValue(rule.Id, out var r)) return r;
        if (_levels.TryGetValue(pack.Name, out var p)) return p;
        if (_levels.TryGetValue("all", out var a)) return a;
        return packDefault;
    }

    public static PolicyConfig Load(string path, string displayPath, IReadOnlyCollection<string> knownKeys)
    {
        ArgumentNullException.ThrowIfNull(knownKeys);
        var text = PolicyInputException.ReadText(path, displayPath, "policy config file");
        var levels = new Dictionary<string, Enforcement>(StringComparer.Ordinal);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new PolicyInputException($"{displayPath}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}", $"is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new PolicyInputException(displayPath, "must be a JSON object such as {\"all\":\"mandatory\"}");
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                var where = $"{displayPath}:{LineOf(text, property.Name)}";
                if (property.Name != "all" && !knownKeys.Contains(property.Name))
                {
                    var hint = Suggestions.Closest(property.Name, knownKeys);
                    throw new PolicyInputException(where, $"'{property.Name}' is neither 'all', a pack name nor a rule id" + (hint is null ? "" : $"; did you mean '{hint}'?"));
                }
                var levelText = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Object when property.Value.TryGetProperty("enforcementLevel", out var l) && l.ValueKind == JsonValueKind.String => l.GetString(),
                    _ => null,
                };
                levels[property.Name] = EnforcementNames.Parse(levelText)
                    ?? throw new PolicyInputException(where, $"'{property.Name}' must be \"mandatory\", \"advisory\" or \"disabled\" (or {{\"enforcementLevel\": …}})");
            }
        }
        return new PolicyConfig(levels);
    }

    private static int LineOf(string text, string key)
    {
        var at = text.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        return at < 0 ? 1 : text[..at].Count(c => c == '\n') + 1;
    }

}
