using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Waivers;

namespace Oic.Infra.Policies.Packs;

/// <summary>
/// What a policy evaluation runs with besides the resources: the enforcement overrides
/// (<c>policies/config/&lt;stack&gt;.json</c>), the waivers and the day waivers expire against.
/// Every caller (compile's gate, <c>policy check</c>, preview, drift, DR rebuild) evaluates through
/// <see cref="Run"/> with settings resolved in one place (the toolkit's workspace), so one state gets
/// one verdict whichever verb judges it.
/// </summary>
public sealed record PolicySettings(PolicyConfig Config, WaiverSet? Waivers, DateOnly Today)
{
    /// <summary>The packs at their own levels with no waivers: stricter, never skipped.</summary>
    public static PolicySettings Strict(DateOnly today) => new(PolicyConfig.Default, null, today);

    public PolicyReport Run(ResourceSet resources) => Evaluator.Run(resources, Catalogue.All, Config, Waivers, Today);
}
