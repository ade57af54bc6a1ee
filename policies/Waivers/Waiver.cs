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
    public bool Covers(string ruleId, string urn) => RuleId == ruleId && Glob.Matches(Resource, urn);

    public bool IsExpired(DateOnly today) => ExpiresOn < today;
}

/// <summary>
/// URN globs: <c>*</c> any run of characters, <c>?</c> one character, everything else literal.
/// Matched in place (greedy star with one backtrack point: linear memory, O(pattern × text) time
/// at worst) — a compiled regex per waiver cost close to a megabyte each (issue 11: 20,000
/// waivers took 17 GB).
/// </summary>
public static class Glob
{
    public static bool Matches(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]) && pattern[p] != '*')
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
