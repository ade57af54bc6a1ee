namespace Oic.Infra.Resources.AzurePolicy;

/// <summary>What an assignment of a built-in definition does to a resource that does not comply.</summary>
public enum PolicyEffect
{
    /// <summary>Refuses the request (the definition's <c>Deny</c>, or a definition whose effect is fixed to deny).</summary>
    Deny,

    /// <summary>Records the resource as non-compliant (<c>Audit</c>; for a fixed-deny definition, assigned with <c>enforcementMode: DoNotEnforce</c>).</summary>
    Audit,

    /// <summary>Records non-compliance when a related resource is missing (<c>AuditIfNotExists</c>).</summary>
    AuditIfNotExists,
}

/// <summary>A parameter whose value is the stack's, not a constant of the catalogue.</summary>
public enum StackValue
{
    /// <summary>The estate's Azure regions (primary and DR location), as a list.</summary>
    Locations,
}

/// <summary>
/// A built-in Azure Policy definition (or initiative) with the same intent as one of our rules: the primary stack
/// of each subscription assigns it (<c>stacks/Components/Guardrails.cs</c>), so that the baseline our packs hold
/// before deployment is held by Azure after it (docs/adr/0020).
/// </summary>
/// <param name="RuleId">Our rule with the same intent (<c>azure-policy-assigned</c> for the estate-wide assignments no other rule has).</param>
/// <param name="Key">Short, unique slug for the assignment's name (<c>pa-{prefix}-{environment}-{key}</c>).</param>
/// <param name="DefinitionId">The built-in's full id (<c>/providers/Microsoft.Authorization/policyDefinitions/&lt;guid&gt;</c> or <c>…/policySetDefinitions/&lt;guid&gt;</c>).</param>
/// <param name="DisplayName">The definition's display name, as in its file.</param>
/// <param name="Source">Where the id (the file's <c>name</c>), its effects and parameters were read: <c>Azure/azure-policy@commit path</c>.</param>
/// <param name="Effect">The effect the assignment has: <see cref="PolicyEffect.Deny"/> for a mandatory rule where the definition allows it, else the audit effect it offers.</param>
public sealed record BuiltInPolicy(string RuleId, string Key, string DefinitionId, string DisplayName, string Source, PolicyEffect Effect)
{
    /// <summary>
    /// The definition's parameter that takes the effect (<c>effect</c> for most; <c>audit_effect</c> for one Key Vault
    /// definition); null when the effect is fixed in the definition (<see cref="FixedDeny"/>) or an initiative's
    /// members keep their own defaults.
    /// </summary>
    public string? EffectParameter { get; init; } = "effect";

    /// <summary>
    /// The definition's effect is the literal <c>deny</c>, with no parameter (the tag and NIC definitions). Assigned
    /// as <see cref="PolicyEffect.Audit"/> it runs with <c>enforcementMode: DoNotEnforce</c>: evaluated and reported,
    /// never refused (Learn: governance/policy/concepts/assignment-structure, "Enforcement mode").
    /// </summary>
    public bool FixedDeny { get; init; }

    /// <summary>Parameters with constant values (<c>string</c>, <c>bool</c> or <c>string[]</c>).</summary>
    public IReadOnlyDictionary<string, object> Parameters { get; init; } = new Dictionary<string, object>(StringComparer.Ordinal);

    /// <summary>Parameters whose value is the stack's (<see cref="StackValue"/>).</summary>
    public IReadOnlyDictionary<string, StackValue> StackParameters { get; init; } = new Dictionary<string, StackValue>(StringComparer.Ordinal);

    /// <summary>Where intent differs from the rule's (broader, narrower): said in <c>policy coverage</c> and the ADR.</summary>
    public string? Note { get; init; }

    /// <summary>An initiative (policy set) rather than a single definition.</summary>
    public bool IsInitiative => DefinitionId.Contains("/policySetDefinitions/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The definition's GUID (the last segment of its id).</summary>
    public string DefinitionGuid => DefinitionId[(DefinitionId.LastIndexOf('/') + 1)..];

    /// <summary>The assignment's <c>enforcementMode</c>.</summary>
    public string EnforcementMode => FixedDeny && Effect != PolicyEffect.Deny ? "DoNotEnforce" : "Default";

    /// <summary>How the effect is written in the assignment's parameter (the definition's allowed value).</summary>
    public string EffectValue => Effect.ToString();

    /// <summary>"Deny", "Audit", "AuditIfNotExists", "Audit (DoNotEnforce)" or "members' defaults (audit)": for reports.</summary>
    public string EffectLabel => IsInitiative ? "Audit (members' defaults)"
        : FixedDeny && Effect != PolicyEffect.Deny ? "Audit (DoNotEnforce)" : Effect.ToString();
}

/// <summary>Our rules that Azure Policy can enforce too, by service; one file a service.</summary>
public static partial class AzurePolicyCatalogue
{
    /// <summary>The commit of <c>Azure/azure-policy</c> every id was read at (Built-in Policy Release 3.2026.0417.1).</summary>
    public const string Commit = "f4a50bacae07ddb096943c597669bcae494a6e29";

    private static string Definitions(string folder) => $"Azure/azure-policy@{Commit} built-in-policies/policyDefinitions/{folder}/";

    private static string Definition(string guid) => $"/providers/Microsoft.Authorization/policyDefinitions/{guid}";

    private static string SetDefinition(string guid) => $"/providers/Microsoft.Authorization/policySetDefinitions/{guid}";

    public static IReadOnlyList<BuiltInPolicy> All => [.. General, .. Storage, .. KeyVault, .. Network, .. Monitor, .. RecoveryServices, .. Security];

    /// <summary>The entries for one of our rules (none when Azure Policy has no built-in of the same intent).</summary>
    public static IReadOnlyList<BuiltInPolicy> ForRule(string ruleId) => [.. All.Where(p => string.Equals(p.RuleId, ruleId, StringComparison.Ordinal))];
}
