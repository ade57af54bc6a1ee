using Oic.Infra.Resources;

namespace Oic.Infra.Policies.Engine;

/// <summary>
/// One resource as a policy sees it, whatever it came from (the compiled graph, a stack export, a
/// preview): its URN, type, logical name, properties as plain data, its ARM id when deployed, and
/// the C# line that declared it when it came from the compiled graph.
/// </summary>
public sealed record PolicyResource(
    string Urn,
    string Type,
    string Name,
    PropertyValue.Map Properties,
    string? Id = null,
    string? ParentUrn = null,
    SourcePosition? DeclaredAt = null)
{
    /// <summary>The value at a dotted path (<c>networkRuleSet.defaultAction</c>, <c>ipsecPolicies[0].dhGroup</c>).</summary>
    public Lookup Get(string path) => Lookup.At(Properties, path, owner: Type);

    public override string ToString() => Urn;
}
