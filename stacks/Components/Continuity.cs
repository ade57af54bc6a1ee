using System.Globalization;
using Oic.Infra.Estate.Azure;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Authorization;
using Oic.Infra.Resources.AzureNative.DataProtection;
using static Oic.Infra.Stacks.Components.Untyped;
using DpIn = Oic.Infra.Resources.AzureNative.DataProtection.Inputs;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// Backup for the region (ADR 0013): a Backup vault (Microsoft.DataProtection) that takes a daily
/// vaulted backup of every document store of the region, under a policy per store, with soft delete
/// always on and immutability, so that a ransomware overwrite or a deleted container or account can
/// be restored from a copy the account's own administrators cannot erase. It replaces the Recovery
/// Services vault the estate used to declare: that vault backs up VMs, SQL and file shares, of which
/// the estate has none, so it protected nothing. Vaulted blob backup has no cross-region restore;
/// losing the region is covered by geo-failover and object replication (ADR 0007), and each stack's
/// vault protects the accounts of its own region, so the DR copies are backed up from the start.
/// </summary>
public sealed class Continuity : Component
{
    /// <summary>The datasource type of blob backup (Backup vault REST API, "Back up Azure Blobs").</summary>
    private const string BlobDatasource = "Microsoft.Storage/storageAccounts/blobServices";

    /// <summary>The daily backup's start: 22:00 UTC, after the working day in Jeddah (UTC+3).</summary>
    private const string DailyAt = "R/2026-01-01T22:00:00+00:00/P1D";

    private readonly List<BackupInstance> _protected = [];

    public Continuity(StackContext context, DocumentStorage documents)
        : base(context, "continuity", ContinuityService.Backup, "backup vault")
    {
        ArgumentNullException.ThrowIfNull(documents);
        Vault = new BackupVault(Child("bvault"), new BackupVaultArgs
        {
            VaultName = context.Names.BackupVault(),
            ResourceGroupName = GroupName,
            Location = Location,
            Identity = new DpIn.DppIdentityDetailsArgs { Type = "SystemAssigned" },
            Properties = new DpIn.BackupVaultArgs
            {
                StorageSettings = [new DpIn.StorageSettingArgs { DatastoreType = "VaultStore", Type = Redundancy(context.Region.Azure) }],
                SecuritySettings = new DpIn.SecuritySettingsArgs
                {
                    SoftDeleteSettings = new DpIn.SoftDeleteSettingsArgs { State = "AlwaysOn", RetentionDurationInDays = 30 },
                    // Locked immutability cannot be undone, which is the point in production; dev
                    // stays Unlocked so that it can be torn down.
                    ImmutabilitySettings = new DpIn.ImmutabilitySettingsArgs { State = Estate.Deployment.ProtectStateful ? "Locked" : "Unlocked" },
                },
                MonitoringSettings = new DpIn.MonitoringSettingsArgs
                {
                    AzureMonitorAlertSettings = new DpIn.AzureMonitorAlertSettingsArgs { AlertsForAllJobFailures = "Enabled" },
                },
            },
            Tags = Tags(DataClassification.Confidential),
        }, Options(stateful: true));
        VaultPrincipalId = Vault.Identity.Get<string>("principalId");

        foreach (var (store, account) in documents.Accounts)
            Protect(store, account);
    }

    public BackupVault Vault { get; }

    /// <summary>The vault's system-assigned identity, which reads the accounts it backs up.</summary>
    public Output<string> VaultPrincipalId { get; }

    /// <summary>Every item the vault protects: one backup instance per document store.</summary>
    public IReadOnlyList<BackupInstance> ProtectedItems => _protected;

    /// <summary>
    /// Daily vaulted backup of every container of the store, kept as long as the store keeps deleted
    /// blobs and at least 30 days; the vault's identity gets Storage Account Backup Contributor on the
    /// account first, as Azure Backup requires before it configures protection.
    /// </summary>
    private void Protect(DocumentStore store, Resources.AzureNative.Storage.StorageAccount account)
    {
        var code = store.Classification.ShortCode();
        var accountName = Context.Names.StorageAccount(store.Classification);
        var days = RetentionDays(store);
        var policy = new BackupPolicy(Child($"bkpol-{code}"), new BackupPolicyArgs
        {
            BackupPolicyName = $"blob-daily-{code}-{days.ToString(CultureInfo.InvariantCulture)}d",
            VaultName = Vault.Name,
            ResourceGroupName = GroupName,
            Properties = new DpIn.BackupPolicyArgs
            {
                ObjectType = "BackupPolicy",
                DatasourceTypes = [BlobDatasource],
                PolicyRules =
                [
                    Map(("name", Text("Default")), ("objectType", Text("AzureRetentionRule")), ("isDefault", new PropertyValue.Bool(true)),
                        ("lifecycles", new PropertyValue.List(
                        [
                            Map(("deleteAfter", Map(("objectType", Text("AbsoluteDeleteOption")), ("duration", Text($"P{days.ToString(CultureInfo.InvariantCulture)}D")))),
                                ("sourceDataStore", VaultStore()),
                                ("targetDataStoreCopySettings", new PropertyValue.List([]))),
                        ]))),
                    Map(("name", Text("BackupDaily")), ("objectType", Text("AzureBackupRule")),
                        ("backupParameters", Map(("objectType", Text("AzureBackupParams")), ("backupType", Text("Discrete")))),
                        ("dataStore", VaultStore()),
                        ("trigger", Map(("objectType", Text("ScheduleBasedTriggerContext")),
                            ("schedule", Map(("repeatingTimeIntervals", new PropertyValue.List([Text(DailyAt)])), ("timeZone", Text("UTC")))),
                            ("taggingCriteria", new PropertyValue.List(
                            [
                                Map(("isDefault", new PropertyValue.Bool(true)), ("taggingPriority", new PropertyValue.Num(99)),
                                    ("tagInfo", Map(("tagName", Text("Default"))))),
                            ]))))),
                ],
            },
        }, Options());

        var access = new RoleAssignment(Child($"ra-bvault-{code}"), new RoleAssignmentArgs
        {
            RoleAssignmentName = AzureNaming.DeterministicGuid(accountName, "backup", Context.Names.BackupVault()).ToString(),
            RoleDefinitionId = Context.RoleDefinitionId(BuiltInRoles.StorageAccountBackupContributor),
            PrincipalId = VaultPrincipalId,
            PrincipalType = "ServicePrincipal",
            Scope = account.Id,
        }, Options());

        var datasource = new DpIn.DatasourceArgs
        {
            DatasourceType = BlobDatasource,
            ObjectType = "Datasource",
            ResourceID = account.Id,
            ResourceLocation = Location,
            ResourceName = accountName,
            ResourceType = "Microsoft.Storage/storageAccounts",
            ResourceUri = account.Id,
        };
        _protected.Add(new BackupInstance(Child($"bi-{code}"), new BackupInstanceArgs
        {
            // The portal's form, "<account>-<account>-<guid>"; whether Azure accepts other names is unverified.
            BackupInstanceName = $"{accountName}-{accountName}-{AzureNaming.DeterministicGuid(accountName, "backup-instance")}",
            VaultName = Vault.Name,
            ResourceGroupName = GroupName,
            Tags = Tags(store.Classification),
            Properties = new DpIn.BackupInstanceArgs
            {
                ObjectType = "BackupInstance",
                FriendlyName = accountName,
                DataSourceInfo = datasource,
                DataSourceSetInfo = new DpIn.DatasourceSetArgs
                {
                    DatasourceType = BlobDatasource,
                    ObjectType = "DatasourceSet",
                    ResourceID = account.Id,
                    ResourceLocation = Location,
                    ResourceName = accountName,
                    ResourceType = "Microsoft.Storage/storageAccounts",
                    ResourceUri = account.Id,
                },
                PolicyInfo = new DpIn.PolicyInfoArgs
                {
                    PolicyId = policy.Id,
                    PolicyParameters = new DpIn.PolicyParametersArgs
                    {
                        BackupDatasourceParametersList =
                        [
                            Map(("objectType", Text("BlobBackupDatasourceParameters")),
                                ("containersList", new PropertyValue.List([.. store.Containers.Select(c => Text(EstateNames.BlobContainer(c.Name)))]))),
                        ],
                    },
                },
            },
        }, Options(stateful: true, dependsOn: [access])));
    }

    /// <summary>Days a recovery point is kept: as long as the store keeps deleted blobs, and never under 30 (backup-policy retention baseline).</summary>
    public static int RetentionDays(DocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Math.Max(30, store.SoftDeleteDays);
    }

    /// <summary>Geo-redundant vault storage where the region has a pair, zone-redundant where it has zones, else local.</summary>
    private static string Redundancy(AzureRegion region) =>
        region.Pair is not null ? "GeoRedundant" : region.HasZones ? "ZoneRedundant" : "LocallyRedundant";

    private static PropertyValue.Map VaultStore() => Map(("dataStoreType", Text("VaultStore")), ("objectType", Text("DataStoreInfoBase")));
}
