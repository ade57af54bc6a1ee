using Oic.Infra.Estate.Model;
using Oic.Infra.Resources.AzureNative.RecoveryServices;
using RsvIn = Oic.Infra.Resources.AzureNative.RecoveryServices.Inputs;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// Backup for the region: a Recovery Services vault that is geo-redundant with cross-region
/// restore (where the region has a platform pair), soft delete always on, and immutability, so a
/// cyberattack that reaches the subscription cannot erase the backups.
/// </summary>
public sealed class Continuity : Component
{
    public Continuity(StackContext context)
        : base(context, "continuity", ContinuityService.Backup, "recovery services vault")
    {
        var paired = context.Region.Azure.Pair is not null;
        Vault = new Vault(Child("rsv"), new VaultArgs
        {
            VaultName = context.Names.RecoveryServicesVault(),
            ResourceGroupName = GroupName,
            Location = Location,
            Sku = new RsvIn.SkuArgs { Name = "RS0", Tier = "Standard" },
            Identity = new RsvIn.IdentityDataArgs { Type = "SystemAssigned" },
            Properties = new RsvIn.VaultPropertiesArgs
            {
                PublicNetworkAccess = "Disabled",
                RedundancySettings = new RsvIn.VaultPropertiesRedundancySettingsArgs
                {
                    StandardTierStorageRedundancy = paired ? "GeoRedundant" : "ZoneRedundant",
                    CrossRegionRestore = paired ? "Enabled" : "Disabled",
                },
                SecuritySettings = new RsvIn.SecuritySettingsArgs
                {
                    SoftDeleteSettings = new RsvIn.SoftDeleteSettingsArgs
                    {
                        SoftDeleteState = "AlwaysON",
                        SoftDeleteRetentionPeriodInDays = 30,
                    },
                    // Locked immutability cannot be undone, which is the point in production; dev
                    // stays Unlocked so that it can be torn down.
                    ImmutabilitySettings = new RsvIn.ImmutabilitySettingsArgs { State = Estate.Deployment.ProtectStateful ? "Locked" : "Unlocked" },
                },
            },
            Tags = Tags(DataClassification.Confidential),
        }, Options(stateful: true));
    }

    public Vault Vault { get; }
}
