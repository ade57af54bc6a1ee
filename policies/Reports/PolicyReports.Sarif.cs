using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Oic.Infra.Policies.Engine;

namespace Oic.Infra.Policies.Reports;

public static partial class PolicyReports
{
    public const string SarifToolName = "oic-gs-infra policy";

    /// <summary>
    /// SARIF 2.1.0 for GitHub code scanning: one run, every rule of every pack, and one result per
    /// violation that is not waived (GitHub ignores <c>suppressions</c>, so a waived result would show
    /// as an open alert). Unknowns and rule errors are not results. Each result is located at the C#
    /// line that declared the resource, else at the line of the input document where its URN
    /// first appears, and carries its URN as a logical location.
    /// </summary>
    public static string Sarif(PolicyReport report, SarifOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.RepositoryRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Category);

        var open = Ordered(report.Violations.Where(r => !r.Waived));
        var (rules, packsOf) = SarifRules(report, open);
        var ruleIndex = rules.Select((rule, i) => (rule.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var locator = new SarifLocator(options);
        var occurrences = new Dictionary<(string, string), int>();

        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();

            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", SarifToolName);
            if (options.InformationUri is { } info) w.WriteString("informationUri", info.AbsoluteUri);
            w.WriteString("semanticVersion", options.ToolVersion);
            w.WriteStartArray("rules");
            foreach (var rule in rules) WriteSarifRule(w, rule, packsOf[rule.Id]);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject("automationDetails");
            w.WriteString("id", options.Category.TrimEnd('/') + "/");
            w.WriteEndObject();

            w.WriteStartArray("results");
            foreach (var r in open)
            {
                var key = (r.Rule.Id, r.Resource.Urn);
                var occurrence = occurrences[key] = occurrences.GetValueOrDefault(key) + 1;
                var (uri, line) = locator.Locate(r.Resource);

                w.WriteStartObject();
                w.WriteString("ruleId", r.Rule.Id);
                w.WriteNumber("ruleIndex", ruleIndex[r.Rule.Id]);
                w.WriteString("level", SarifLevel(r.Rule.Severity));
                w.WriteStartObject("message");
                w.WriteString("text", $"{r.Resource.Name} ({r.Resource.Type}): {MessageOf(r)} [{r.Enforcement.Name()}, {r.Pack}]");
                w.WriteEndObject();

                w.WriteStartArray("locations");
                w.WriteStartObject();
                w.WriteStartObject("physicalLocation");
                w.WriteStartObject("artifactLocation");
                w.WriteString("uri", uri);
                w.WriteString("uriBaseId", "%SRCROOT%");
                w.WriteEndObject();
                w.WriteStartObject("region");
                w.WriteNumber("startLine", line);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartArray("logicalLocations");
                w.WriteStartObject();
                w.WriteString("name", r.Resource.Name);
                w.WriteString("fullyQualifiedName", r.Resource.Urn);
                w.WriteString("kind", "resource");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();

                w.WriteStartObject("partialFingerprints");
                w.WriteString("primaryLocationLineHash", Fingerprint(r.Rule.Id, r.Resource.Urn, occurrence));
                w.WriteEndObject();

                w.WriteStartObject("properties");
                w.WriteString("enforcement", r.Enforcement.Name());
                w.WriteString("pack", r.Pack);
                w.WriteString("severity", r.Rule.Severity.Name());
                w.WriteString("resourceType", r.Resource.Type);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// The rules of the report's packs in pack order, then any rule a result names that no pack
    /// holds (<c>waiver-expired</c>), each once with the packs it ran in.
    /// </summary>
    private static (List<Rule> Rules, Dictionary<string, List<string>> PacksOf) SarifRules(PolicyReport report, IEnumerable<PolicyResult> results)
    {
        var rules = new List<Rule>();
        var packsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(Rule rule, string pack)
        {
            if (!packsOf.TryGetValue(rule.Id, out var packs))
            {
                rules.Add(rule);
                packsOf[rule.Id] = packs = [];
            }
            if (!packs.Contains(pack, StringComparer.Ordinal)) packs.Add(pack);
        }
        foreach (var pack in report.Packs)
            foreach (var (rule, _) in pack.Rules)
                Add(rule, pack.Name);
        foreach (var r in results) Add(r.Rule, r.Pack);
        return (rules, packsOf);
    }

    private static void WriteSarifRule(Utf8JsonWriter w, Rule rule, IReadOnlyList<string> packs)
    {
        var title = rule.Title.TrimEnd('.');
        var controls = rule.Controls.Count == 0 ? "" : $" Controls: {string.Join(", ", rule.Controls)}.";
        w.WriteStartObject();
        w.WriteString("id", rule.Id);
        w.WriteString("name", PascalCase(rule.Id));
        w.WriteStartObject("shortDescription");
        w.WriteString("text", rule.Title);
        w.WriteEndObject();
        w.WriteStartObject("fullDescription");
        w.WriteString("text", rule.Why.TrimEnd() + controls);
        w.WriteEndObject();
        w.WriteStartObject("help");
        w.WriteString("text", $"To comply: {title}.{controls}");
        w.WriteString("markdown", $"**To comply:** {title}.\n\n{rule.Why.TrimEnd()}" +
            (rule.Controls.Count == 0 ? "" : $"\n\nControls: {string.Join(", ", rule.Controls.Select(c => $"`{c}`"))}"));
        w.WriteEndObject();
        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", SarifLevel(rule.Severity));
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteStartArray("tags");
        // GitHub keeps at most 20 tags.
        foreach (var tag in packs.Prepend("security").Concat(rule.Controls).Distinct(StringComparer.Ordinal).Take(20))
            w.WriteStringValue(tag);
        w.WriteEndArray();
        // A string: GitHub rejects a numeric security-severity.
        w.WriteString("security-severity", SecuritySeverity(rule.Severity));
        w.WriteString("precision", "very-high");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string SarifLevel(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    private static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "10.0",
        Severity.High => "8.9",
        Severity.Medium => "6.9",
        _ => "3.9",
    };

    private static readonly char[] IdSeparators = ['-', '_', '.'];

    private static string PascalCase(string id) =>
        string.Concat(id.Split(IdSeparators, StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>
    /// Stable across runs and across edits that move the declaring line: rule id and URN, plus the
    /// occurrence of that pair (an expired waiver of two rules adds two <c>waiver-expired</c> results).
    /// </summary>
    private static string Fingerprint(string ruleId, string urn, int occurrence)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{ruleId}\n{urn}"));
        return $"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}:{occurrence}";
    }

    /// <summary>Turns a resource into a repository-relative file and a 1-based line.</summary>
    private sealed class SarifLocator
    {
        /// <summary>Where nothing better is known: the Pulumi project file at the repository root.</summary>
        private const string Fallback = "Pulumi.yaml";

        private readonly string _root;
        private readonly string? _inputUri;
        private readonly string? _inputText;
        private readonly int[] _lineStarts = [];

        public SarifLocator(SarifOptions options)
        {
            _root = Path.GetFullPath(options.RepositoryRoot);
            if (options.InputDocument is not { Length: > 0 } input) return;
            var full = Path.GetFullPath(input);
            _inputUri = RepoRelative(full) ?? Path.GetFileName(full);
            _inputText = File.Exists(full) ? File.ReadAllText(full) : null;
            if (_inputText is null) return;
            var starts = new List<int> { 0 };
            for (var i = 0; i < _inputText.Length; i++)
                if (_inputText[i] == '\n') starts.Add(i + 1);
            _lineStarts = [.. starts];
        }

        public (string Uri, int Line) Locate(PolicyResource resource)
        {
            if (resource.DeclaredAt is { } at && RepoRelative(at.File) is { } file)
                return (file, Math.Max(1, at.Line));
            if (_inputUri is not null)
                return (_inputUri, LineOf(resource.Urn));
            return (Fallback, 1);
        }

        /// <summary>
        /// A path relative to the repository root with forward slashes and URI escaping, or null when
        /// it lies outside. A relative path is taken as repository-relative already; <c>/_/</c> is
        /// where deterministic CI builds map the source root in <c>[CallerFilePath]</c>.
        /// </summary>
        private string? RepoRelative(string path)
        {
            var slashed = path.Replace('\\', '/');
            string relative;
            if (slashed.StartsWith("/_/", StringComparison.Ordinal))
                relative = slashed[3..];
            else if (!Path.IsPathRooted(path))
                relative = slashed;
            else
                relative = Path.GetRelativePath(_root, Path.GetFullPath(path)).Replace('\\', '/');
            while (relative.StartsWith("./", StringComparison.Ordinal)) relative = relative[2..];
            if (relative.Length == 0 || relative == "." || relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
                return null;
            return string.Join('/', relative.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
        }

        /// <summary>The line of the resource's own <c>"urn": "…"</c> entry, else of the URN's first mention, else 1.</summary>
        private int LineOf(string urn)
        {
            if (_inputText is null) return 1;
            string[] needles = [.. new[] { urn, JsonEncodedText.Encode(urn).ToString() }.Distinct(StringComparer.Ordinal).Select(u => $"\"{u}\"")];
            var at = needles.Select(OwnEntry).FirstOrDefault(i => i >= 0, -1);
            if (at < 0) at = needles.Append(urn).Select(n => _inputText.IndexOf(n, StringComparison.Ordinal)).FirstOrDefault(i => i >= 0, -1);
            if (at < 0) return 1;
            var line = Array.BinarySearch(_lineStarts, at);
            return (line >= 0 ? line : ~line - 1) + 1;
        }

        private int OwnEntry(string needle)
        {
            for (var i = _inputText!.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = _inputText.IndexOf(needle, i + 1, StringComparison.Ordinal))
                if (IsUrnKey(i)) return i;
            return -1;
        }

        /// <summary>True when the text before <paramref name="valueAt"/> is <c>"urn"</c> and a colon.</summary>
        private bool IsUrnKey(int valueAt)
        {
            var i = valueAt - 1;
            while (i >= 0 && char.IsWhiteSpace(_inputText![i])) i--;
            if (i < 0 || _inputText![i] != ':') return false;
            i--;
            while (i >= 0 && char.IsWhiteSpace(_inputText[i])) i--;
            return i >= 4 && string.CompareOrdinal(_inputText, i - 4, "\"urn\"", 0, 5) == 0;
        }
    }
}
