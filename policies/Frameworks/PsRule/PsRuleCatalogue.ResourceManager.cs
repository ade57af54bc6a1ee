namespace Oic.Infra.Policies.Frameworks.PsRule;

public static partial class PsRuleCatalogue
{
    /// <summary>
    /// PSRule for Azure's rules on resource groups and on every resource (<see cref="AnyType"/>):
    /// <c>Azure.Resource.Rule.ps1</c>, <c>Azure.Group.*</c> (docs/research/issue-16-coverage.md §1a).
    /// </summary>
    internal static readonly IReadOnlyList<PsRuleCheck> ResourceManager =
    [
        new("Azure.Group.RequiredTags", "azure-native:resources:ResourceGroup", PsRuleAnswer.Rule, "tags-required, dr-continuity-tier"),
        new("Azure.Resource.UseTags", AnyType, PsRuleAnswer.Rule, "tags-required"),
        new("Azure.Resource.RequiredTags", AnyType, PsRuleAnswer.Rule, "tags-required"),
        new("Azure.Resource.AllowedRegions", AnyType, PsRuleAnswer.ByDesign,
            "Every resource's location is the stack's region (StackContext.Location), chosen and validated in the estate configuration (ADR 0008); the DR rules judge the regions themselves (dr-region-paired, dr-region-access-restricted). The primary stack also assigns Azure Policy's built-in Allowed locations (e56962a6…, Deny, the estate's regions), so Azure refuses any other location; azure-policy-assigned checks that assignment and that its list holds the estate's regions, not each resource's location, hence no Rule row."),
    ];
}
