using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;

namespace Oic.Infra.Policies.Inputs;

/// <summary>The compiled resource graph of a stack, in-process: the check that runs before deployment.</summary>
public static class GraphInput
{
    /// <param name="repositoryRoot">When given, declaration sites are made relative to it (<c>stacks/Components/HubNetwork.cs:42</c>).</param>
    public static ResourceSet From(ResourceGraph graph, string? repositoryRoot = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var resources = graph.Resources.Select(r => new PolicyResource(
            graph.UrnOf(r), r.Type, r.LogicalName, r.Inputs,
            Id: null,
            ParentUrn: r.Options.Parent is { } p ? graph.UrnOf(p) : null,
            DeclaredAt: Relative(r.DeclaredAt, repositoryRoot)));
        return new ResourceSet(graph.Stack, graph.Project, resources, $"compiled stack {graph.Stack}");
    }

    private static SourcePosition Relative(SourcePosition at, string? root)
    {
        if (root is null || !Path.IsPathRooted(at.File)) return at;
        var relative = Path.GetRelativePath(root, at.File);
        return relative.StartsWith("..", StringComparison.Ordinal) ? at : at with { File = relative.Replace('\\', '/') };
    }
}
