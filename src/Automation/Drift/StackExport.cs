using System.Text.Json;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Drift;

/// <summary>
/// A <c>pulumi stack export</c> (version 3) as drift needs it: the resources as policies see them
/// (outputs, falling back to inputs — exactly what <see cref="StateDocuments.FromStackExport"/>
/// gives) and, apart, each resource's recorded <c>inputs</c> and <c>outputs</c>, which the
/// comparisons need separately. Secrets are unknown values here too: a secret object becomes
/// <see cref="PropertyValue.Secret"/> of <see cref="PropertyValue.Unknown"/> whatever it carries
/// (its <c>plaintext</c> is never read), and <c>[secret]</c> and the preview sentinel are unknown.
/// </summary>
public sealed class StackExport
{
    private readonly Dictionary<string, StateDocuments.ExportedResource> _exported;

    private StackExport(ResourceSet resources, Dictionary<string, StateDocuments.ExportedResource> exported, bool raw)
    {
        Resources = resources;
        _exported = exported;
        HasRawDocuments = raw;
    }

    public ResourceSet Resources { get; }

    /// <summary>False for <see cref="FromResourceSet"/>: inputs and outputs are then the same merged properties.</summary>
    internal bool HasRawDocuments { get; }

    /// <summary>The recorded <c>inputs</c> of a resource; null when the export has none for it.</summary>
    public PropertyValue.Map? InputsOf(string urn) => _exported.GetValueOrDefault(urn)?.Inputs;

    /// <summary>The recorded <c>outputs</c> of a resource (what Azure returned); null when the export has none for it.</summary>
    public PropertyValue.Map? OutputsOf(string urn) => _exported.GetValueOrDefault(urn)?.Outputs;

    /// <summary>
    /// A resource set without the raw documents (a preview digest, a set built in code): its
    /// properties stand for both inputs and outputs, and which outputs the program set is then
    /// read from the program itself.
    /// </summary>
    public static StackExport FromResourceSet(ResourceSet resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var properties = new Dictionary<string, StateDocuments.ExportedResource>(StringComparer.Ordinal);
        foreach (var r in resources.Resources) properties.TryAdd(r.Urn, new(r, r.Properties, r.Properties));
        return new StackExport(resources, properties, raw: false);
    }

    /// <summary>Reads an export file as its bytes; a missing or malformed file is <see cref="PolicyInputException"/> (exit 2).</summary>
    /// <param name="baseline">An export of the same stack already read, whose unchanged resources this one shares (drift's state, when reading Azure's side).</param>
    public static StackExport Load(string path, string displayPath, StackExport? baseline = null)
    {
        var (set, resources) = StateDocuments.ReadStackExportFile(path, displayPath, baseline is null ? null : baseline.Exported, digests: true);
        return From(set, resources);
    }

    /// <summary>Reads an export from its text (what <c>pulumi stack export</c> or an engine printed).</summary>
    /// <param name="baseline">As for <see cref="Load"/>.</param>
    public static StackExport Parse(string json, string displayPath, StackExport? baseline = null)
    {
        var (set, resources) = StateDocuments.ReadStackExport(json, displayPath, baseline is null ? null : baseline.Exported, digests: true);
        return From(set, resources);
    }

    private static StackExport From(ResourceSet set, IReadOnlyList<StateDocuments.ExportedResource> resources)
    {
        // A checkpoint holds a URN once (pending deletions are left out when read).
        var exported = new Dictionary<string, StateDocuments.ExportedResource>(resources.Count, StringComparer.Ordinal);
        foreach (var r in resources) exported.TryAdd(r.Resource.Urn, r);
        return new StackExport(set, exported, raw: true);
    }

    /// <summary>A resource as read, with its recorded inputs and outputs; null when this export has none of that URN.</summary>
    private StateDocuments.ExportedResource? Exported(string urn) => HasRawDocuments ? _exported.GetValueOrDefault(urn) : null;
}
