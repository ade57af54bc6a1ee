namespace Oic.Infra.Resources;

/// <summary>
/// What a <c>${...}</c> expression in the YAML program points at: an output of a resource
/// (<see cref="Resource"/> set) or a value from the program's <c>config:</c> block.
/// </summary>
public sealed record Reference
{
    private Reference(Resource? resource, string? configKey, string path)
    {
        Resource = resource;
        ConfigKey = configKey;
        Path = path;
    }

    public Resource? Resource { get; }
    public string? ConfigKey { get; }

    /// <summary>Property path below the target, e.g. <c>primaryEndpoints.blob</c>; empty for the target itself.</summary>
    public string Path { get; }

    public static Reference ToOutput(Resource resource, string path) => new(resource, null, path);

    public static Reference ToConfig(string key) => new(null, key, "");

    public string Expression
    {
        get
        {
            var root = Resource?.LogicalName ?? ConfigKey!;
            return Path.Length == 0 ? $"${{{root}}}" : $"${{{root}.{Path}}}";
        }
    }

    public override string ToString() => Expression;
}
