namespace Oic.Infra.Resources;

/// <summary>Where in the C# stacks a resource was declared; policies report it as the physical location.</summary>
public sealed record SourcePosition(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>
/// A resource of the program: its azure-native type token, its logical name (the key of the YAML
/// program and the last part of its URN), typed arguments and options. Creating one registers it
/// in the <see cref="ResourceGraph"/> being built.
/// </summary>
public abstract class Resource
{
    protected Resource(string type, string name, ResourceArgs args, ResourceOptions? options, SourcePosition declaredAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(args);
        Type = type;
        LogicalName = name;
        Args = args;
        Options = options ?? new ResourceOptions();
        DeclaredAt = declaredAt;
        ResourceGraph.Current.Add(this);
    }

    public string Type { get; }
    public string LogicalName { get; }
    public ResourceArgs Args { get; }
    public ResourceOptions Options { get; }
    public SourcePosition DeclaredAt { get; }

    public Output<string> Id => GetOutput<string>("id");

    /// <summary>An output of this resource, by its azure-native name.</summary>
    public Output<T> GetOutput<T>(string name) => new(Reference.ToOutput(this, name));

    /// <summary>The argument values as plain data, with keys sorted.</summary>
    public PropertyValue.Map Inputs => Args.ToValue();

    /// <summary>The resource's <c>${name}</c> handle, used by <c>dependsOn</c>, <c>parent</c> and <c>provider</c>.</summary>
    public Reference Self => Reference.ToOutput(this, "");

    public override string ToString() => $"{Type}::{LogicalName}";
}

public abstract class CustomResource(string type, string name, ResourceArgs args, ResourceOptions? options, SourcePosition declaredAt)
    : Resource(type, name, args, options, declaredAt);

public abstract class ProviderResource(string type, string name, ResourceArgs args, ResourceOptions? options, SourcePosition declaredAt)
    : Resource(type, name, args, options, declaredAt);

/// <summary>Pulumi resource options, as the YAML program's <c>options:</c> block carries them.</summary>
public sealed record ResourceOptions
{
    public Resource? Parent { get; init; }
    public ProviderResource? Provider { get; init; }
    public IReadOnlyList<Resource> DependsOn { get; init; } = [];
    public bool Protect { get; init; }
    public IReadOnlyList<string> IgnoreChanges { get; init; } = [];
    public IReadOnlyList<string> ReplaceOnChanges { get; init; } = [];
    public IReadOnlyList<string> AdditionalSecretOutputs { get; init; } = [];
    public bool DeleteBeforeReplace { get; init; }
    public bool RetainOnDelete { get; init; }
    public CustomTimeouts? CustomTimeouts { get; init; }

    /// <summary>The provider plugin version; set on explicit provider resources.</summary>
    public string? Version { get; init; }
}

/// <summary>Durations as Pulumi parses them (<c>"75m"</c>).</summary>
public sealed record CustomTimeouts(string? Create = null, string? Update = null, string? Delete = null);
