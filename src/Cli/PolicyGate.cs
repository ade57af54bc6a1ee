using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Waivers;
using Oic.Infra.Resources;

namespace Oic.Infra.Cli;

/// <summary>
/// Runs the policy packs with the repository's settings: <c>policies/config/&lt;stack&gt;.json</c>
/// (enforcement overrides in Pulumi's policy-pack-config shape) and <c>policies/waivers.yaml</c>,
/// unless the command line names other files.
/// </summary>
public static class PolicyGate
{
    public static PolicyReport Check(ResourceSet resources, string? root, string? configFile, string? waiverFile)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        configFile ??= root is null ? null : Existing(Path.Combine(root, "policies", "config", $"{resources.Stack}.json"));
        waiverFile ??= root is null ? null : Existing(Path.Combine(root, "policies", "waivers.yaml"));
        var config = configFile is null ? PolicyConfig.Default : PolicyConfig.Load(configFile, Cli.Display(configFile), Catalogue.ConfigKeys);
        var waivers = waiverFile is null ? null
            : WaiverSet.Load(waiverFile, Cli.Display(waiverFile), [.. Catalogue.Rules.Select(r => r.Id)], today);
        return Evaluator.Run(resources, Catalogue.All, config, waivers, today);
    }

    public static PolicyReport CheckGraph(ResourceGraph graph, string? root) => Check(GraphInput.From(graph, root), root, null, null);

    private static string? Existing(string path) => File.Exists(path) ? path : null;
}

/// <summary>The compiled program breaks a mandatory policy: nothing is emitted, the report goes to stderr.</summary>
public sealed class PolicyGateException(PolicyReport report) : Exception("mandatory policy violated")
{
    public PolicyReport Report { get; } = report;
}
