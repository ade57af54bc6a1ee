namespace Oic.Infra.Policies.Frameworks.PsRule;

public static partial class PsRuleCatalogue
{
    /// <summary>PSRule for Azure's rules on the Monitor types we declare.</summary>
    internal static readonly IReadOnlyList<PsRuleCheck> Monitor = [];
}
