namespace Oic.Infra.Policies.Frameworks.AzurePolicy;

public static partial class AzurePolicyCatalogue
{
    internal static readonly IReadOnlyList<BuiltInPolicy> General = [];
}
