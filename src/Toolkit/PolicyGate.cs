using Oic.Infra.Estate.Errors;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Waivers;

namespace Oic.Infra.Toolkit;

/// <summary>
/// The one place the repository's policy settings are resolved: <c>policies/config/&lt;stack&gt;.json</c>
/// (enforcement overrides in Pulumi's policy-pack-config shape) and <c>policies/waivers.yaml</c>,
/// unless the command line names other files.
/// </summary>
public static class PolicyGate
{
    public static string ConfigFile(string root, string stack) => Path.Combine(root, "policies", "config", $"{stack}.json");

    public static string WaiverFile(string root) => Path.Combine(root, "policies", "waivers.yaml");

    /// <summary>The settings a stack's resources are judged with; without a repository root, the packs' own levels and no waivers.</summary>
    public static PolicySettings Settings(string? root, string stack, string? configFile = null, string? waiverFile = null)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return Settings(root, stack, configFile, () => Waivers(root, waiverFile, today), today);
    }

    /// <summary>The settings with waivers read elsewhere (<see cref="Waivers"/>), taken after the policy config, as they are read.</summary>
    public static PolicySettings Settings(string? root, string stack, string? configFile, Func<WaiverSet?> waivers, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(waivers);
        configFile ??= root is null ? null : Existing(ConfigFile(root, stack));
        var config = configFile is null ? PolicyConfig.Default : PolicyConfig.Load(configFile, DisplayPath.Of(configFile), Catalogue.ConfigKeys);
        return new PolicySettings(config, waivers(), today);
    }

    /// <summary>
    /// The waivers in force on <paramref name="today"/>: <paramref name="waiverFile"/>, else the repository's, else none.
    /// They name no stack, so a caller may read them while it reads the resources (policy check of a large export).
    /// </summary>
    public static WaiverSet? Waivers(string? root, string? waiverFile, DateOnly today)
    {
        waiverFile ??= root is null ? null : Existing(WaiverFile(root));
        return waiverFile is null ? null
            : WaiverSet.Load(waiverFile, DisplayPath.Of(waiverFile), [.. Catalogue.Rules.Select(r => r.Id)], today);
    }

    public static PolicyReport Check(ResourceSet resources, string? root, string? configFile, string? waiverFile)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return Settings(root, resources.Stack, configFile, waiverFile).Run(resources);
    }

    public static PolicyReport CheckGraph(Oic.Infra.Resources.ResourceGraph graph, string? root) =>
        Check(Policies.Inputs.GraphInput.From(graph, root), root, null, null);

    /// <summary>The gate before any engine: an unwaived mandatory violation stops here, nothing reaches Azure.</summary>
    public static void Enforce(Oic.Infra.Resources.ResourceGraph graph, string? root)
    {
        var report = CheckGraph(graph, root);
        if (report.Blocks) throw new PolicyGateException(report);
    }

    private static string? Existing(string path) => File.Exists(path) ? path : null;
}

/// <summary>The compiled program breaks a mandatory policy: nothing is emitted, the report goes to stderr.</summary>
public sealed class PolicyGateException(PolicyReport report) : InfraException(ErrorKind.PolicyViolated, "mandatory policy violated")
{
    public PolicyReport Report { get; } = report;

    /// <summary>The line after the report (which the CLI renders, in colour on a terminal).</summary>
    public override IReadOnlyList<string> Lines =>
        ["infra: the program violates mandatory policies; nothing was emitted (see `./infra policy check --stack …`, policies/waivers.yaml, policies/config/)."];
}
