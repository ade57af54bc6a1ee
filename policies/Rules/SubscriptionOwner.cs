using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules;

/// <summary>Which stack owns the settings a subscription has only one of.</summary>
internal static class SubscriptionOwner
{
    /// <summary>
    /// A DR stack (resource groups tagged <c>estate-role: dr</c>) shares its subscription with the
    /// primary stack, which owns the subscription-wide settings (activity log alerts, Defender plans, the
    /// security contact, PIM role settings): two stacks owning them would undo each other. A DR stack is
    /// judged on what it declares, but what it leaves out is not a gap of its own.
    /// </summary>
    public static bool OwnedByPrimaryStack(ResourceSet set) =>
        set.OfType(ResourceGroup).Any(rg => string.Equals(Check.Tag(rg, "estate-role"), "dr", StringComparison.OrdinalIgnoreCase));
}
