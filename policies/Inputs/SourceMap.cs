using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;

namespace Oic.Infra.Policies.Inputs;

/// <summary>
/// Where each resource of a stack is declared in C#, derived from the compiled program of the same
/// stack (<see cref="GraphInput"/>): URN → <c>stacks/Components/HubNetwork.cs:42</c>. A
/// <c>pulumi preview</c> digest or a stack export lives outside the repository (<c>out/preview.json</c>
/// in CI); with the map, a finding on one of its resources points at the file a reviewer changes.
/// A resource the program does not declare (Pulumi's default provider, one recorded by an older
/// program) keeps no declaration.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourcePosition> _byUrn = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string Name), SourcePosition> _byName = [];

    /// <param name="compiled">The stack's compiled program, its declaration sites repository-relative.</param>
    public SourceMap(ResourceSet compiled)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        foreach (var r in compiled.Resources)
        {
            if (r.DeclaredAt is not { } at) continue;
            _byUrn.TryAdd(r.Urn, at);
            // A URN differs from the program's when Pulumi records another parent chain (an alias,
            // a resource moved between parents); type and logical name still identify it, since a
            // Pulumi YAML program names each resource once.
            _byName.TryAdd((r.Type, r.Name), at);
        }
    }

    /// <summary>The declaring line of a resource, or null when the program does not declare it.</summary>
    public SourcePosition? Locate(PolicyResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return _byUrn.GetValueOrDefault(resource.Urn) ?? _byName.GetValueOrDefault((resource.Type, resource.Name));
    }

    /// <summary>The same resources, each with the C# line that declares it (a known declaration is kept).</summary>
    public ResourceSet Apply(ResourceSet resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return new ResourceSet(resources.Stack, resources.Project,
            resources.Resources.Select(r => r.DeclaredAt is null ? r with { DeclaredAt = Locate(r) } : r), resources.Source);
    }
}
