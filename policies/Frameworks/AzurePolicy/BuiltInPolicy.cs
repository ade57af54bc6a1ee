namespace Oic.Infra.Policies.Frameworks.AzurePolicy;

/// <summary>
/// A built-in Azure Policy definition with the same intent as one of our rules: the stacks assign it,
/// so the baseline our packs hold before deployment is held by Azure after it.
/// <paramref name="DefinitionId"/> is the built-in's full id
/// (<c>/providers/Microsoft.Authorization/policyDefinitions/&lt;guid&gt;</c>); <paramref name="Source"/>
/// where it was confirmed (the <c>Azure/azure-policy</c> file or the Learn page).
/// </summary>
public sealed record BuiltInPolicy(string RuleId, string DefinitionId, string DisplayName, string Source);

/// <summary>Our rules that Azure Policy can enforce too, by service; one file a service.</summary>
public static partial class AzurePolicyCatalogue
{
    public static IReadOnlyList<BuiltInPolicy> All => [.. General, .. Security];
}
