using Oic.Infra.Estate.Azure;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Authorization;
using Oic.Infra.Resources.AzureNative.KeyVault;
using Oic.Infra.Resources.AzureNative.ManagedIdentity;
using AuthIn = Oic.Infra.Resources.AzureNative.Authorization.Inputs;
using KvIn = Oic.Infra.Resources.AzureNative.KeyVault.Inputs;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// Who may do what, granted to Entra groups by object id and never to individual users: a Key
/// Vault in RBAC mode with purge protection (reachable only through a private endpoint), the
/// customer-managed key for strictly confidential documents, a user-assigned identity for
/// automation, and role assignments at the narrowest scope — privileged ones eligible through
/// PIM rather than permanent.
/// </summary>
public sealed partial class Identity : Component
{
    public Identity(StackContext context, HubNetwork hub)
        : base(context, "identity", ContinuityService.Identity, "key vault, managed identities and role assignments")
    {
        ArgumentNullException.ThrowIfNull(hub);
        var tags = Tags(DataClassification.Confidential);

        AutomationIdentity = new UserAssignedIdentity(Child("id-automation"), new UserAssignedIdentityArgs
        {
            ResourceName = context.Names.ManagedIdentity("automation"),
            ResourceGroupName = GroupName,
            Location = Location,
            Tags = tags,
        }, Options());

        EncryptionIdentity = new UserAssignedIdentity(Child("id-storage-cmk"), new UserAssignedIdentityArgs
        {
            ResourceName = context.Names.ManagedIdentity("storage-cmk"),
            ResourceGroupName = GroupName,
            Location = Location,
            Tags = tags,
        }, Options());

        VaultName = context.Names.KeyVault();
        Vault = new Vault(Child("kv"), new VaultArgs
        {
            VaultName = VaultName,
            ResourceGroupName = GroupName,
            Location = Location,
            Properties = new KvIn.VaultPropertiesArgs
            {
                TenantId = Estate.Subscription.TenantId.ToString(),
                Sku = new KvIn.SkuArgs { Family = "A", Name = "premium" },
                EnableRbacAuthorization = true,
                EnableSoftDelete = true,
                SoftDeleteRetentionInDays = 90,
                EnablePurgeProtection = true,
                PublicNetworkAccess = "Disabled",
                NetworkAcls = new KvIn.NetworkRuleSetArgs { DefaultAction = "Deny", Bypass = "AzureServices" },
            },
            Tags = tags,
        }, Options(stateful: true));

        hub.PrivateEndpoint(this, "kv", Vault.Id, "vault", preferredSpoke: "shared");

        var keyVaultCrypto = Assign("cmk-identity", BuiltInRoles.KeyVaultCryptoServiceEncryptionUser,
            EncryptionIdentity.PrincipalId, "ServicePrincipal", Vault.Id, $"{VaultName}/storage-cmk");
        StorageKey = new Key(Child("key-storage-cmk"), new KeyArgs
        {
            KeyName = "storage-cmk",
            VaultName = Vault.Name,
            ResourceGroupName = GroupName,
            Properties = new KvIn.KeyPropertiesArgs
            {
                Kty = "RSA-HSM",
                KeySize = 3072,
                KeyOps = ["wrapKey", "unwrapKey"],
                RotationPolicy = new KvIn.RotationPolicyArgs
                {
                    Attributes = new KvIn.KeyRotationPolicyAttributesArgs { ExpiryTime = "P2Y" },
                    LifetimeActions =
                    [
                        new KvIn.LifetimeActionArgs
                        {
                            Action = new KvIn.ActionArgs { Type = "rotate" },
                            Trigger = new KvIn.TriggerArgs { TimeBeforeExpiry = "P30D" },
                        },
                    ],
                },
            },
            Tags = Tags(DataClassification.StrictlyConfidential),
        }, Options(stateful: true, dependsOn: [keyVaultCrypto]));

        // Key Vault Administrator is privileged: eligible through PIM, activated when needed.
        Eligible("kv-admins", BuiltInRoles.KeyVaultAdministrator, "platform-admins", Vault.Id);
    }

    public UserAssignedIdentity AutomationIdentity { get; }
    public UserAssignedIdentity EncryptionIdentity { get; }
    public Vault Vault { get; }
    public string VaultName { get; }
    public Key StorageKey { get; }
    public Output<string> VaultUri => Vault.Properties.Get<string>("vaultUri");

    /// <summary>
    /// The standing access of the platform groups on every component of the stack: auditors read,
    /// network operators manage connectivity, platform admins are eligible contributors.
    /// </summary>
    public void GrantPlatformAccess(IEnumerable<Component> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        foreach (var component in components.Prepend(this))
        {
            var scope = component.ResourceGroup.Id;
            var rg = component.Name;
            Assign($"auditors-{rg}", BuiltInRoles.Reader, Group("security-auditors"), "Group", scope, $"{rg}/auditors");
            if (component.Service == ContinuityService.Connectivity)
                Assign($"netops-{rg}", BuiltInRoles.NetworkContributor, Group("network-operators"), "Group", scope, $"{rg}/netops");
            Eligible($"admins-{rg}", BuiltInRoles.Contributor, "platform-admins", scope);
        }
    }

    /// <summary>A permanent role assignment with a name derived from what it grants (stable across rebuilds).</summary>
    public RoleAssignment Assign(string suffix, Guid role, Input<string> principal, string principalType, Input<string> scope, string identity) =>
        new(Child($"ra-{suffix}"), new RoleAssignmentArgs
        {
            RoleAssignmentName = AzureNaming.DeterministicGuid(Estate.Subscription.Id.ToString(), Context.Region.Location, identity, role.ToString()).ToString(),
            RoleDefinitionId = Context.RoleDefinitionId(role),
            PrincipalId = principal,
            PrincipalType = principalType,
            Scope = scope,
        }, Options());

    public string Group(string name) => Estate.Identity.Groups[name].ToString();

    private void Eligible(string suffix, Guid role, string group, Input<string> scope) =>
        _ = new PimRoleEligibilitySchedule(Child($"pim-{suffix}"), new PimRoleEligibilityScheduleArgs
        {
            PrincipalId = Group(group),
            RoleDefinitionId = Context.RoleDefinitionId(role),
            Scope = scope,
            Justification = $"Eligibility of {group} for {EligibilityDuration}, renewed through the estate's code review; activate through Privileged Identity Management when needed.",
            ScheduleInfo = new AuthIn.RoleEligibilityScheduleRequestPropertiesScheduleInfoArgs
            {
                // Counted from the request (no startDateTime): when it lapses, `infra drift` reports the schedule
                // gone and the next `pulumi up` after review renews it (docs/adr/0016).
                Expiration = new AuthIn.RoleEligibilityScheduleRequestPropertiesExpirationArgs { Type = "AfterDuration", Duration = EligibilityDuration },
            },
        }, Options());
}
