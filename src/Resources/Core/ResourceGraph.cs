using QuikGraph;
using QuikGraph.Algorithms;

namespace Oic.Infra.Resources;

/// <summary>
/// Every resource a stack declared, in declaration order, with the dependency edges implied by
/// references, <c>dependsOn</c>, <c>parent</c> and <c>provider</c>. Build one with
/// <see cref="Build"/>: resources created inside the callback register here.
/// </summary>
public sealed class ResourceGraph
{
    private static readonly AsyncLocal<ResourceGraph?> Ambient = new();
    private readonly List<Resource> _resources = [];
    private readonly Dictionary<string, Resource> _byName = new(StringComparer.Ordinal);

    private ResourceGraph(string stack, string project)
    {
        Stack = stack;
        Project = project;
    }

    public string Stack { get; }
    public string Project { get; }
    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>The secret config keys the program reads (declared in its <c>config:</c> block).</summary>
    public SortedSet<string> SecretConfigKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Stack outputs by name.</summary>
    public SortedDictionary<string, IInput> Outputs { get; } = new(StringComparer.Ordinal);

    internal static ResourceGraph Current =>
        Ambient.Value ?? throw new InvalidOperationException(
            "resources can only be created inside ResourceGraph.Build(...)");

    public static ResourceGraph Build(string stack, string project, Action<ResourceGraph> declare)
    {
        ArgumentNullException.ThrowIfNull(declare);
        var graph = new ResourceGraph(stack, project);
        var previous = Ambient.Value;
        Ambient.Value = graph;
        try
        {
            declare(graph);
        }
        finally
        {
            Ambient.Value = previous;
        }
        graph.CheckReferences();
        return graph;
    }

    internal void Add(Resource resource)
    {
        if (!_byName.TryAdd(resource.LogicalName, resource))
        {
            var first = _byName[resource.LogicalName];
            throw new DuplicateResourceException(
                $"two resources are named '{resource.LogicalName}': {first.Type} declared at {first.DeclaredAt} " +
                $"and {resource.Type} declared at {resource.DeclaredAt}");
        }
        _resources.Add(resource);
    }

    public Resource? Find(string logicalName) => _byName.GetValueOrDefault(logicalName);

    /// <summary>
    /// The same program without the resources <paramref name="drop"/> selects and everything that depends on them
    /// (transitively, through references, <c>dependsOn</c> and parents), and without the outputs that refer to any
    /// of them: a program that deploys on its own. Secret config keys stay declared.
    /// </summary>
    public ResourceGraph Without(Func<Resource, bool> drop)
    {
        ArgumentNullException.ThrowIfNull(drop);
        var dropped = new HashSet<Resource>(ReferenceEqualityComparer.Instance);
        foreach (var r in TopologicalOrder())
            if (drop(r) || DependenciesOf(r).Any(dropped.Contains)) dropped.Add(r);
        var kept = new ResourceGraph(Stack, Project);
        foreach (var r in _resources.Where(r => !dropped.Contains(r))) kept.Add(r);
        foreach (var key in SecretConfigKeys) kept.SecretConfigKeys.Add(key);
        foreach (var (name, output) in Outputs)
            if (!output.ToValue().References().Any(x => x.Resource is { } target && dropped.Contains(target)))
                kept.Outputs[name] = output;
        return kept;
    }

    /// <summary>
    /// The resource's Pulumi URN: <c>urn:pulumi:STACK::PROJECT::PARENT-TYPES$TYPE::NAME</c>, the
    /// parent chain joined with <c>$</c> and the root stack left out, as the engine builds it.
    /// </summary>
    public string UrnOf(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var types = new List<string> { resource.Type };
        for (var p = resource.Options.Parent; p is not null; p = p.Options.Parent) types.Insert(0, p.Type);
        return $"urn:pulumi:{Stack}::{Project}::{string.Join('$', types)}::{resource.LogicalName}";
    }

    /// <summary>The resources <paramref name="resource"/> depends on, without duplicates, in name order.</summary>
    public static IReadOnlyList<Resource> DependenciesOf(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var deps = new SortedDictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var reference in resource.Inputs.References())
            if (reference.Resource is { } r) deps[r.LogicalName] = r;
        foreach (var d in resource.Options.DependsOn) deps[d.LogicalName] = d;
        if (resource.Options.Parent is { } p) deps[p.LogicalName] = p;
        if (resource.Options.Provider is { } prov) deps[prov.LogicalName] = prov;
        deps.Remove(resource.LogicalName);
        return deps.Values.ToList();
    }

    /// <summary>Resources ordered so that each comes after everything it depends on; the same graph always gives the same order.</summary>
    public IReadOnlyList<Resource> TopologicalOrder()
    {
        var graph = new AdjacencyGraph<string, Edge<string>>();
        foreach (var r in _resources.OrderBy(r => r.LogicalName, StringComparer.Ordinal))
            graph.AddVertex(r.LogicalName);
        foreach (var r in _resources)
            foreach (var dep in DependenciesOf(r))
                graph.AddEdge(new Edge<string>(dep.LogicalName, r.LogicalName));
        try
        {
            return graph.TopologicalSort().Select(n => _byName[n]).ToList();
        }
        catch (NonAcyclicGraphException)
        {
            throw new InvalidOperationException("the resource graph has a dependency cycle");
        }
    }

    private void CheckReferences()
    {
        foreach (var (name, output) in Outputs)
            foreach (var reference in output.ToValue().References())
                if (reference.Resource is { } target && !ReferenceEquals(Find(target.LogicalName), target))
                    throw new InvalidOperationException(
                        $"stack output '{name}' refers to {target.LogicalName}, which belongs to another program");
        foreach (var resource in _resources)
            foreach (var dep in DependenciesOf(resource))
                if (!ReferenceEquals(Find(dep.LogicalName), dep))
                    throw new InvalidOperationException(
                        $"{resource.LogicalName} (declared at {resource.DeclaredAt}) refers to " +
                        $"{dep.LogicalName}, which belongs to another program");
    }
}

public sealed class DuplicateResourceException(string message) : Exception(message);
