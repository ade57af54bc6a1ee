namespace Oic.Infra.Policies.Frameworks.PsRule;

/// <summary>How this project answers one PSRule for Azure rule on a type its stacks declare.</summary>
public enum PsRuleAnswer
{
    /// <summary>One or more of our rules ask the same question; <see cref="PsRuleCheck.Detail"/> names their ids, comma-separated.</summary>
    Rule,

    /// <summary>The check is about something our estate does not use; the detail says why.</summary>
    NotApplicable,

    /// <summary>We decided against it; the detail gives the reason (and the ADR when there is one).</summary>
    ByDesign,

    /// <summary>It can be judged only on live Azure data that no program or export carries; the detail says which.</summary>
    NeedsLiveData,
}

/// <summary>
/// One rule of PSRule for Azure (<c>Azure/PSRule.Rules.Azure</c>, its <c>docs/en/rules/&lt;Name&gt;.md</c>)
/// that reads a resource type our stacks declare (<paramref name="Type"/>, an azure-native token),
/// and our answer to it. The rows live by Azure service in <c>PsRuleCatalogue.&lt;Service&gt;.cs</c>;
/// <c>docs/policies.md</c> is generated from them.
/// </summary>
public sealed record PsRuleCheck(string Name, string Type, PsRuleAnswer Answer, string Detail);

/// <summary>
/// Every PSRule for Azure rule (naming conventions set aside) on a type we declare, by service. Each
/// service's file is kept by whoever changes that service's rules.
/// </summary>
public static partial class PsRuleCatalogue
{
    /// <summary>The type of a row about every resource, whatever its type (<c>Azure.Resource.UseTags</c>).</summary>
    public const string AnyType = "*";

    public static IReadOnlyList<PsRuleCheck> All =>
        [.. Network, .. Storage, .. KeyVault, .. Authorization, .. Monitor, .. RecoveryServices, .. ResourceManager, .. Security, .. ApiManagement];

    /// <summary>Our rule ids a <see cref="PsRuleAnswer.Rule"/> row names (its comma-separated detail); none for other answers.</summary>
    public static IReadOnlyList<string> RuleIds(PsRuleCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.Answer == PsRuleAnswer.Rule
            ? [.. check.Detail.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
            : [];
    }

    /// <summary>The PSRule for Azure rules that one of our rules answers, in catalogue order.</summary>
    public static IReadOnlyList<string> NamesFor(string ruleId) =>
        [.. All.Where(c => RuleIds(c).Contains(ruleId, StringComparer.Ordinal)).Select(c => c.Name).Distinct(StringComparer.Ordinal)];
}
