using System.Text.RegularExpressions;

namespace Oic.Infra.Policies.Waivers;

public enum WaiverCategory { Waiver, Mitigated }

/// <summary>
/// An accepted violation, under code review in <c>policies/waivers.yaml</c>: which rule, which
/// resources (URN glob), why, who approved it, the ticket, and when it ends (at most 180 days ahead).
/// </summary>
public sealed record Waiver(
    string RuleId,
    string Resource,
    WaiverCategory Category,
    string Justification,
    string ApprovedBy,
    string Ticket,
    DateOnly ExpiresOn,
    string Location)
{
    private readonly Regex _pattern = new("^" + Regex.Escape(Resource).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    public bool Covers(string ruleId, string urn) => RuleId == ruleId && _pattern.IsMatch(urn);

    public bool IsExpired(DateOnly today) => ExpiresOn < today;
}
