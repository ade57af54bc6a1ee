namespace Oic.Infra.Resources.AzurePolicy;

public static partial class AzurePolicyCatalogue
{
    /// <summary>
    /// The estate-wide assignments: the Microsoft cloud security benchmark initiative in audit mode (every member
    /// keeps its default effect, each of which is Audit, AuditIfNotExists or Disabled in this version, 57.56.0),
    /// allowed locations (the estate's two regions; <c>global</c> is exempt in the definition itself), and the
    /// tags our tagging rule requires. The definitions with a fixed <c>deny</c> (the tag ones) cannot be set to
    /// audit through a parameter, so they run with <c>enforcementMode: DoNotEnforce</c> (docs/adr/0020).
    /// </summary>
    internal static readonly IReadOnlyList<BuiltInPolicy> General =
    [
        new("azure-policy-assigned", "mcsb", SetDefinition("1f3afdf9-d0c9-4c3d-847f-89da613e70a8"), "Microsoft cloud security benchmark",
            $"Azure/azure-policy@{Commit} built-in-policies/policySetDefinitions/Security Center/AzureSecurityCenter.json", PolicyEffect.Audit)
        {
            EffectParameter = null,
        },
        new("azure-policy-assigned", "allowed-locations", Definition("e56962a6-4747-49cd-b67b-bf8b01975c4c"), "Allowed locations",
            Definitions("General") + "AllowedLocations_Deny.json", PolicyEffect.Deny)
        {
            StackParameters = new Dictionary<string, StackValue>(StringComparer.Ordinal) { ["listOfAllowedLocations"] = StackValue.Locations },
        },
        new("tags-required", "tag-owner", Definition("871b6d14-10aa-478d-b590-94f262ecfa99"), "Require a tag on resources",
            Definitions("Tags") + "RequireTag_Deny.json", PolicyEffect.Audit)
        {
            EffectParameter = null,
            FixedDeny = true,
            Parameters = new Dictionary<string, object>(StringComparer.Ordinal) { ["tagName"] = "owner" },
            Note = "presence of the tag only",
        },
        new("tags-required", "tag-cost-center", Definition("871b6d14-10aa-478d-b590-94f262ecfa99"), "Require a tag on resources",
            Definitions("Tags") + "RequireTag_Deny.json", PolicyEffect.Audit)
        {
            EffectParameter = null,
            FixedDeny = true,
            Parameters = new Dictionary<string, object>(StringComparer.Ordinal) { ["tagName"] = "cost-center" },
            Note = "presence of the tag only",
        },
        new("tags-required", "tag-classification", Definition("871b6d14-10aa-478d-b590-94f262ecfa99"), "Require a tag on resources",
            Definitions("Tags") + "RequireTag_Deny.json", PolicyEffect.Audit)
        {
            EffectParameter = null,
            FixedDeny = true,
            Parameters = new Dictionary<string, object>(StringComparer.Ordinal) { ["tagName"] = "data-classification" },
            Note = "presence only: no built-in checks a value against a set (Require a tag and its value takes one value)",
        },
    ];
}
