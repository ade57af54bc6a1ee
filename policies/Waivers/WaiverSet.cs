using System.Globalization;
using Oic.Infra.Estate.Config;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Estate.Input;
using YamlDotNet.RepresentationModel;

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
            if (w.Resource.AsSpan().IndexOfAny('*', '?') >= 0) _globs.Add((i, w));
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

    /// <summary>Waivers with a URN glob, matched in file order.</summary>
    private readonly List<(int Order, Waiver Waiver)> _globs = [];

    /// <summary>The waivers covering a result, in the order of the file.</summary>
    private List<Waiver> Covering(PolicyResult result)
    {
        var exact = _exact.GetValueOrDefault((result.Rule.Id, result.Resource.Urn));
        var globs = _globs.Where(g => g.Waiver.Covers(result.Rule.Id, result.Resource.Urn));
        return (exact is null ? globs : exact.Concat(globs).OrderBy(w => w.Order)).Select(w => w.Waiver).ToList();
    }

    public IReadOnlyList<Waiver> Waivers { get; }

    public static readonly WaiverSet None = new([]);

    private static readonly string[] Keys = ["ruleId", "resource", "category", "justification", "approvedBy", "ticket", "expiresOn"];

    public static WaiverSet Load(string path, string displayPath, IReadOnlyCollection<string> ruleIds, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(ruleIds);
        var text = PolicyInputException.ReadText(path, displayPath, "waiver file", InputFile.WaiverLimit);
        YamlNode? document;
        try
        {
            document = StrictYaml.Load(text, displayPath);
        }
        catch (YamlInputException e)
        {
            throw new PolicyInputException([e.Message]);
        }
        if (document is null) return None;
        var problems = new List<string>();
        string At(YamlNode n) => $"{displayPath}:{n.Start.Line}:{n.Start.Column}";

        if (document is not YamlMappingNode root ||
            !root.Children.TryGetValue(new YamlScalarNode("waivers"), out var listNode))
            throw new PolicyInputException($"{displayPath}:1:1", "must be a mapping with a 'waivers:' list");
        if (listNode is YamlScalarNode { Value: null or "" }) return None;
        if (listNode is not YamlSequenceNode list)
            throw new PolicyInputException(At(listNode), "'waivers' must be a list");

        var waivers = new List<Waiver>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (list.Children[i] is not YamlMappingNode entry)
            {
                problems.Add($"{At(list.Children[i])}: waivers[{i}] must be a mapping");
                continue;
            }
            string? Field(string key)
            {
                if (entry.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode { Value: { Length: > 0 } s })
                    return s.Trim();
                problems.Add($"{At(entry)}: waivers[{i}] is missing '{key}'");
                return null;
            }
            foreach (var (k, _) in entry.Children)
            {
                var key = (k as YamlScalarNode)?.Value ?? "";
                if (!Keys.Contains(key, StringComparer.Ordinal))
                {
                    var hint = Suggestions.Closest(key, Keys);
                    problems.Add($"{At(k)}: waivers[{i}].{key} is not a known key" + (hint is null ? "" : $"; did you mean '{hint}'?"));
                }
            }
            var ruleId = Field("ruleId");
            var resource = Field("resource");
            var category = Field("category");
            var justification = Field("justification");
            var approvedBy = Field("approvedBy");
            var ticket = Field("ticket");
            var expires = Field("expiresOn");
            var where = At(entry);
            if (ruleId is not null && !ruleIds.Contains(ruleId))
            {
                var hint = Suggestions.Closest(ruleId, ruleIds);
                problems.Add($"{At(entry[new YamlScalarNode("ruleId")])}: waivers[{i}].ruleId '{ruleId}' is not a rule" + (hint is null ? "" : $"; did you mean '{hint}'?"));
            }
            WaiverCategory? cat = category switch { "waiver" => WaiverCategory.Waiver, "mitigated" => WaiverCategory.Mitigated, null => null, _ => null };
            if (category is not null && cat is null)
                problems.Add($"{At(entry[new YamlScalarNode("category")])}: waivers[{i}].category '{category}' must be 'waiver' or 'mitigated'");
            if (justification is not null && justification.Length < MinJustification)
                problems.Add($"{At(entry[new YamlScalarNode("justification")])}: waivers[{i}].justification must say why in at least {MinJustification} characters (has {justification.Length})");
            DateOnly? expiresOn = null;
            if (expires is not null)
            {
                if (!DateOnly.TryParseExact(expires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    problems.Add($"{At(entry[new YamlScalarNode("expiresOn")])}: waivers[{i}].expiresOn '{expires}' must be a date such as 2027-03-31");
                else if (d > today.AddDays(MaxDaysAhead))
                    problems.Add($"{At(entry[new YamlScalarNode("expiresOn")])}: waivers[{i}].expiresOn {expires} is more than {MaxDaysAhead} days ahead (latest allowed today: {today.AddDays(MaxDaysAhead):yyyy-MM-dd})");
                else
                    expiresOn = d;
            }
            if (ruleId is not null && resource is not null && cat is not null && justification is not null &&
                approvedBy is not null && ticket is not null && expiresOn is not null)
                waivers.Add(new Waiver(ruleId, resource, cat.Value, justification, approvedBy, ticket, expiresOn.Value, where));
        }
        if (problems.Count > 0) throw new PolicyInputException(problems);
        return new WaiverSet(waivers);
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
