using System.Text.RegularExpressions;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Authorization;

/// <summary>Role definitions and assignments (Microsoft.Authorization): who may do what, at which scope.</summary>
public static partial class RoleRules
{
    /// <summary>Built-in Owner.</summary>
    public const string OwnerRole = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

    /// <summary>Built-in User Access Administrator.</summary>
    public const string UserAccessAdministratorRole = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";

    public static readonly ResourceRule NoCustomOwnerRole = new("iam-no-custom-owner-role",
        "No custom role grants every action at subscription, management group or root scope",
        "A custom role with '*' over a whole subscription is an Owner under another name, invisible to anyone reviewing who holds Owner.",
        Severity.Critical, ["CIS-3.0:2.23", "MCSB:PA-7"], [RoleDefinition],
        (r, set) =>
        {
            var permissions = r.Get("permissions");
            var actions = permissions.Items.Select(p => p.Get("actions")).ToList();
            var wildcard = actions.Any(a => a.Texts.Any(t => t.Trim() == "*"));
            var wildcardPending = permissions.AnyUnknown || actions.Any(a => a.AnyUnknown);
            if (!wildcard && !wildcardPending) return Outcome.Pass;

            var scopes = r.Get("assignableScopes");
            if (scopes.IsUnknown) return Check.Unknown("assignableScopes");
            var kinds = scopes.Items.Select(s => (s.Text, Kind: ScopeOf(set, s))).ToList();
            var broad = kinds.Where(k => k.Kind is Scope.Subscription or Scope.ManagementGroup or Scope.Root).Select(k => $"'{k.Text}'").ToList();
            if (wildcard && broad.Count > 0)
                return Outcome.Fail($"permissions[].actions include '*' and assignableScopes include {string.Join(", ", broad)}; assign it to resource groups only, or list the actions it needs");
            if (broad.Count > 0) return Check.Unknown("permissions[].actions");
            if (kinds.Any(k => k.Kind == Scope.Unknown)) return Check.Unknown("assignableScopes");
            return Outcome.Pass;
        })
    {
        Reads = PropertyPaths.On(RoleDefinition, "assignableScopes", "permissions[].actions"),
    };

    public static readonly ResourceRule NoUserOwnerOnSubscription = new("iam-no-user-owner-sub",
        "No user holds Owner or User Access Administrator on a subscription",
        "Standing Owner rights for a person make their account the key to the whole estate; these roles go to groups through PIM, activated when needed.",
        Severity.Critical, ["MCSB:PA-1", "MCSB:PA-2"], [RoleAssignment, PimRoleEligibilitySchedule],
        (r, set) =>
        {
            var (role, roleName) = RoleOf(set, r.Get("roleDefinitionId"));
            var scope = ScopeOf(set, r.Get("scope"));
            var principal = r.Get("principalType");
            bool? isUser = principal.IsUnknown ? null : string.Equals(principal.Text, "User", StringComparison.OrdinalIgnoreCase);
            bool? atSubscription = scope switch
            {
                Scope.Unknown => null,
                Scope.Subscription or Scope.ManagementGroup or Scope.Root => true,
                _ => false,
            };
            if (role == false || atSubscription == false || isUser == false) return Outcome.Pass;
            if (role == true && atSubscription == true && isUser == true)
                return Outcome.Fail($"a user holds {roleName} at scope '{r.Get("scope").Text}'; assign it to a group, eligible through PIM");
            return Check.Unknown(role is null ? "roleDefinitionId" : atSubscription is null ? "scope" : "principalType");
        })
    {
        Reads = PropertyPaths.On(PimRoleEligibilitySchedule, "principalType", "roleDefinitionId", "scope")
            .And(RoleAssignment, "principalType", "roleDefinitionId", "scope"),
    };

    public static readonly ResourceRule AssignToGroups = new("iam-assign-to-groups",
        "Roles are assigned to groups or service principals, never to individual users",
        "Access granted to groups is reviewed and revoked in one place when people change jobs; per-user assignments linger.",
        Severity.Medium, ["MCSB:PA-7"], [RoleAssignment],
        (r, _) => Check.OneOf(r, "principalType", "Group", "ServicePrincipal"))
    {
        Reads = PropertyPaths.On(RoleAssignment, "principalType"),
    };

    private enum Scope { Root, ManagementGroup, Subscription, Narrower, Unknown }

    /// <summary>
    /// What an ARM scope covers. A reference to a resource of the stack (a resource group, an
    /// account) is narrower than a subscription; a value not known yet is unknown.
    /// </summary>
    private static Scope ScopeOf(ResourceSet set, Lookup scope)
    {
        if (set.Resolve(scope).Resource is not null) return Scope.Narrower;
        if (scope.IsUnknown) return Scope.Unknown;
        if (scope.Text is not { Length: > 0 } text) return Scope.Narrower; // not set: ARM requires a scope, so it is no subscription
        text = text.Trim();
        if (text.Trim('/').Length == 0) return Scope.Root;
        text = text.TrimEnd('/');
        if (SubscriptionScope().IsMatch(text)) return Scope.Subscription;
        if (ManagementGroupScope().IsMatch(text)) return Scope.ManagementGroup;
        return Scope.Narrower;
    }

    /// <summary>True (with its name) for Owner or User Access Administrator, false for another role, null when not known yet.</summary>
    private static (bool? Privileged, string? Name) RoleOf(ResourceSet set, Lookup roleDefinitionId)
    {
        if (set.Resolve(roleDefinitionId).Resource is { Type: RoleDefinition }) return (false, null); // a custom role of the stack
        var text = roleDefinitionId.Value switch
        {
            PropertyValue.Interpolation { Parts: [.., PropertyValue.Str last] } => last.Value,
            _ when roleDefinitionId.IsUnknown => null,
            _ => roleDefinitionId.Text,
        };
        if (text is null) return (null, null);
        text = text.Trim().TrimEnd('/');
        if (text.EndsWith(OwnerRole, StringComparison.OrdinalIgnoreCase)) return (true, "Owner");
        if (text.EndsWith(UserAccessAdministratorRole, StringComparison.OrdinalIgnoreCase)) return (true, "User Access Administrator");
        if (roleDefinitionId.IsUnknown && !EndsWithGuid().IsMatch(text)) return (null, null); // the GUID itself is still pending
        return (false, null);
    }

    [GeneratedRegex(@"^/subscriptions/[^/]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubscriptionScope();

    [GeneratedRegex(@"^/providers/Microsoft\.Management/managementGroups/[^/]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ManagementGroupScope();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex EndsWithGuid();
}
