using System.Globalization;
using Oic.Infra.Estate.Config;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Estate.Input;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Oic.Infra.Policies.Waivers;

/// <summary>The waivers of a repository, validated when loaded; applies them to results.</summary>
public sealed class WaiverSet
{
    public const int MaxDaysAhead = 180;
    public const int MinJustification = 20;

    /// <summary>The finding an expired waiver adds beside the violation it no longer covers.</summary>
    public static readonly StackRule WaiverExpired = new("waiver-expired",
        "Waivers are renewed or removed when they expire",
        "An expired waiver no longer covers its violation; the violation is reported again until it is fixed or a new waiver is approved.",
        Severity.Medium, [], _ => []);

    private WaiverSet(IReadOnlyList<Waiver> waivers)
    {
        Waivers = waivers;
        for (var i = 0; i < waivers.Count; i++)
        {
            var w = waivers[i];
            if (w.Resource.AsSpan().IndexOfAny('*', '?') >= 0)
            {
                if (!_globs.TryGetValue(w.RuleId, out var globs)) _globs[w.RuleId] = globs = [];
                globs.Add((i, w));
            }
            else
            {
                var key = (w.RuleId, w.Resource);
                if (!_exact.TryGetValue(key, out var list)) _exact[key] = list = [];
                list.Add((i, w));
            }
        }
    }

    /// <summary>Waivers naming one URN, by rule and URN: a violation finds them without a scan.</summary>
    private readonly Dictionary<(string Rule, string Urn), List<(int Order, Waiver Waiver)>> _exact = [];

    /// <summary>Waivers with a URN glob, by rule, matched in file order.</summary>
    private readonly Dictionary<string, List<(int Order, Waiver Waiver)>> _globs = new(StringComparer.Ordinal);

    /// <summary>The waivers covering a result, in the order of the file.</summary>
    private List<Waiver> Covering(PolicyResult result)
    {
        var exact = _exact.GetValueOrDefault((result.Rule.Id, result.Resource.Urn));
        var globs = (_globs.GetValueOrDefault(result.Rule.Id) ?? []).Where(g => g.Waiver.Covers(result.Rule.Id, result.Resource.Urn));
        return (exact is null ? globs : exact.Concat(globs).OrderBy(w => w.Order)).Select(w => w.Waiver).ToList();
    }

    public IReadOnlyList<Waiver> Waivers { get; }

    public static readonly WaiverSet None = new([]);

    private static readonly string[] Keys = ["ruleId", "resource", "category", "justification", "approvedBy", "ticket", "expiresOn"];

    /// <summary>
    /// Reads and validates a waiver file in one pass over its YAML events (no node tree: a file of
    /// 20,000 waivers costs the waivers, issue 11), every problem reported at once with its line
    /// and column. The whole file is read before any problem is reported, so a YAML error anywhere
    /// is what a broken file reports, as when the file was read into a tree first.
    /// </summary>
    public static WaiverSet Load(string path, string displayPath, IReadOnlyCollection<string> ruleIds, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(ruleIds);
        var text = PolicyInputException.ReadText(path, displayPath, "waiver file", InputFile.WaiverLimit);
        var known = new HashSet<string>(ruleIds, StringComparer.Ordinal);
        var problems = new List<string>();
        var waivers = new List<Waiver>();
        string? fatal = null;
        try
        {
            var events = new WaiverEvents(StrictYaml.Events(text, displayPath), displayPath);
            events.Next(); // stream start
            if (events.Next() is DocumentStart)
            {
                events.Next();
                if (events.Current is not MappingStart)
                {
                    fatal = $"{displayPath}:1:1: must be a mapping with a 'waivers:' list";
                    events.Skip();
                }
                else
                {
                    var found = false;
                    events.Next();
                    var keys = new HashSet<string>(StringComparer.Ordinal);
                    while (events.Current is not MappingEnd)
                    {
                        var key = events.Key(keys);
                        if (key != "waivers" || found)
                        {
                            events.Skip();
                            continue;
                        }
                        found = true;
                        if (events.Current is Scalar { Value: null or "" })
                            events.Skip();
                        else if (events.Current is not SequenceStart)
                        {
                            fatal = $"{events.At()}: 'waivers' must be a list";
                            events.Skip();
                        }
                        else
                        {
                            events.Next();
                            for (var i = 0; events.Current is not SequenceEnd; i++)
                                if (ReadEntry(events, i, known, today, problems) is { } waiver) waivers.Add(waiver);
                            events.Next();
                        }
                    }
                    if (!found) fatal = $"{displayPath}:1:1: must be a mapping with a 'waivers:' list";
                    events.Next();
                }
            }
            while (events.Next() is not null) { } // the rest of the stream, checked
            if (events.Duplicate is { } duplicate) fatal = duplicate;
        }
        catch (YamlInputException e)
        {
            throw new PolicyInputException([e.Message]);
        }
        if (fatal is not null) throw new PolicyInputException([fatal]);
        if (problems.Count > 0) throw new PolicyInputException(problems);
        return new WaiverSet(waivers);
    }

    /// <summary>One entry of the list (the reader on its first event, left after its last); null when it has a problem.</summary>
    private static Waiver? ReadEntry(WaiverEvents events, int i, HashSet<string> ruleIds, DateOnly today, List<string> problems)
    {
        var where = events.At();
        if (events.Current is not MappingStart)
        {
            problems.Add($"{where}: waivers[{i}] must be a mapping");
            events.Skip();
            return null;
        }
        var fields = new Dictionary<string, (string? Value, string At)>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        events.Next();
        while (events.Current is not MappingEnd)
        {
            var keyAt = events.At();
            var key = events.Key(keys);
            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                var hint = Suggestions.Closest(key, Keys);
                problems.Add($"{keyAt}: waivers[{i}].{key} is not a known key" + (hint is null ? "" : $"; did you mean '{hint}'?"));
            }
            var valueAt = events.At();
            var value = events.Current is Scalar { Value: { Length: > 0 } s } ? s.Trim() : null;
            events.Skip();
            fields.TryAdd(key, (value, valueAt));
        }
        events.Next();

        string? Field(string key)
        {
            if (fields.TryGetValue(key, out var f) && f.Value is not null) return f.Value;
            problems.Add($"{where}: waivers[{i}] is missing '{key}'");
            return null;
        }
        string At(string key) => fields[key].At;
        var ruleId = Field("ruleId");
        var resource = Field("resource");
        var category = Field("category");
        var justification = Field("justification");
        var approvedBy = Field("approvedBy");
        var ticket = Field("ticket");
        var expires = Field("expiresOn");
        if (ruleId is not null && !ruleIds.Contains(ruleId))
        {
            var hint = Suggestions.Closest(ruleId, ruleIds);
            problems.Add($"{At("ruleId")}: waivers[{i}].ruleId '{ruleId}' is not a rule" + (hint is null ? "" : $"; did you mean '{hint}'?"));
        }
        WaiverCategory? cat = category switch { "waiver" => WaiverCategory.Waiver, "mitigated" => WaiverCategory.Mitigated, _ => null };
        if (category is not null && cat is null)
            problems.Add($"{At("category")}: waivers[{i}].category '{category}' must be 'waiver' or 'mitigated'");
        if (justification is not null && justification.Length < MinJustification)
            problems.Add($"{At("justification")}: waivers[{i}].justification must say why in at least {MinJustification} characters (has {justification.Length})");
        DateOnly? expiresOn = null;
        if (expires is not null)
        {
            if (!DateOnly.TryParseExact(expires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                problems.Add($"{At("expiresOn")}: waivers[{i}].expiresOn '{expires}' must be a date such as 2027-03-31");
            else if (d > today.AddDays(MaxDaysAhead))
                problems.Add($"{At("expiresOn")}: waivers[{i}].expiresOn {expires} is more than {MaxDaysAhead} days ahead (latest allowed today: {today.AddDays(MaxDaysAhead):yyyy-MM-dd})");
            else
                expiresOn = d;
        }
        return ruleId is not null && resource is not null && cat is not null && justification is not null &&
               approvedBy is not null && ticket is not null && expiresOn is not null
            ? new Waiver(ruleId, resource, cat.Value, justification, approvedBy, ticket, expiresOn.Value, where)
            : null;
    }

    /// <summary>
    /// The checked YAML events of a waiver file, with what the reader needs: where the current
    /// event starts, a mapping key, and skipping a whole node. A key given twice in one mapping is
    /// what YamlDotNet's node tree refused (<c>Duplicate key K</c>), kept to be reported once the
    /// whole file has been read.
    /// </summary>
    private sealed class WaiverEvents(IParser parser, string displayPath)
    {
        public ParsingEvent? Current { get; private set; }

        public string? Duplicate { get; private set; }

        public ParsingEvent? Next() => Current = parser.MoveNext() ? parser.Current : null;

        public string At() => $"{displayPath}:{Current!.Start.Line}:{Current.Start.Column}";

        /// <summary>The key the reader is on (a non-scalar key reads as empty), leaving it on the value.</summary>
        public string Key(HashSet<string> seen)
        {
            if (Current is Scalar { Value: var key })
            {
                if (!seen.Add(key)) Duplicate ??= $"{At()}: is not valid YAML: Duplicate key {key}";
                Next();
                return key;
            }
            Skip();
            return "";
        }

        /// <summary>Skips the node the reader is on (nested mappings checked for repeated keys too), leaving it on the next event.</summary>
        public void Skip()
        {
            switch (Current)
            {
                case MappingStart:
                    var keys = new HashSet<string>(StringComparer.Ordinal);
                    Next();
                    while (Current is not MappingEnd and not null)
                    {
                        Key(keys);
                        Skip();
                    }
                    Next();
                    break;
                case SequenceStart:
                    Next();
                    while (Current is not SequenceEnd and not null) Skip();
                    Next();
                    break;
                default:
                    Next();
                    break;
            }
        }
    }
    /// <summary>
    /// Marks violations a current waiver covers as waived. A violation whose only waiver has expired
    /// stays a violation, and gets a <c>waiver-expired</c> finding beside it.
    /// </summary>
    public List<PolicyResult> Apply(IEnumerable<PolicyResult> results, DateOnly today)
    {
        var applied = new List<PolicyResult>();
        foreach (var result in results)
        {
            if (!result.IsViolation)
            {
                applied.Add(result);
                continue;
            }
            var covering = Covering(result);
            var current = covering.FirstOrDefault(w => !w.IsExpired(today));
            if (current is not null)
            {
                applied.Add(result with { Waiver = current });
                continue;
            }
            applied.Add(result);
            foreach (var expired in covering)
                applied.Add(new PolicyResult(WaiverExpired, result.Pack, Enforcement.Advisory, result.Resource,
                    Outcome.Fail($"the waiver of {result.Rule.Id} at {expired.Location} (ticket {expired.Ticket}) expired on {expired.ExpiresOn:yyyy-MM-dd}")));
        }
        return applied;
    }
}
