using Oic.Infra.Estate.Azure;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Authorization;
using Oic.Infra.Resources.AzureNative.Storage;
using AuthIn = Oic.Infra.Resources.AzureNative.Authorization.Inputs;
using StIn = Oic.Infra.Resources.AzureNative.Storage.Inputs;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// The document stores, one storage account per data classification (resolution 1/49-IT:
/// "control and regulate access to documents"): HTTPS and TLS 1.2 only, no public or shared-key
/// access, infrastructure encryption (customer-managed key for strictly confidential), versioning
/// and soft delete, WORM retention on records containers, private endpoints only, geo-redundancy
/// to the paired region, lifecycle tiering, and read/write access granted per classification.
/// </summary>
public sealed class DocumentStorage : Component
{
    private readonly List<(DocumentStore Store, StorageAccount Account)> _accounts = [];

    public DocumentStorage(StackContext context, HubNetwork hub, Identity identity)
        : base(context, "documents", ContinuityService.Documents, "document stores per data classification")
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(identity);
        foreach (var store in Estate.DocumentStores)
        {
            var c = store.Classification;
            var code = c.ShortCode();
            var accountName = context.Names.StorageAccount(c);
            var cmk = c == DataClassification.StrictlyConfidential;

            var account = HardenedStorage.Account(this, $"st-{code}", accountName, SkuFor(), c,
                cmk ? new StIn.KeyVaultPropertiesArgs { KeyName = identity.StorageKey.Name, KeyVaultUri = identity.VaultUri } : null,
                cmk ? (Input<string>)identity.EncryptionIdentity.Id : null);
            _accounts.Add((store, account));

            _ = new BlobServiceProperties(Child($"st-{code}-blob"), new BlobServicePropertiesArgs
            {
                AccountName = account.Name,
                ResourceGroupName = GroupName,
                BlobServicesName = "default",
                IsVersioningEnabled = true,
                DeleteRetentionPolicy = new StIn.DeleteRetentionPolicyArgs { Enabled = true, Days = store.SoftDeleteDays },
                ContainerDeleteRetentionPolicy = new StIn.DeleteRetentionPolicyArgs { Enabled = true, Days = store.SoftDeleteDays },
                ChangeFeed = new StIn.ChangeFeedArgs { Enabled = true, RetentionInDays = Math.Max(store.SoftDeleteDays, 90) },
            }, Options());

            foreach (var container in store.Containers)
            {
                var blobContainer = new BlobContainer(Child($"st-{code}-{container.Name}"), new BlobContainerArgs
                {
                    AccountName = account.Name,
                    ResourceGroupName = GroupName,
                    ContainerName = EstateNames.BlobContainer(container.Name),
                    PublicAccess = "None",
                    Metadata = new InputMap<string> { { "classification", c.ToConfigName() }, { "records", container.RecordsRetentionDays is null ? "false" : "true" } },
                }, Options(stateful: true));
                if (container.RecordsRetentionDays is { } days)
                {
                    // Time-based retention (WORM): records cannot be changed or deleted until it ends.
                    _ = new BlobContainerImmutabilityPolicy(Child($"st-{code}-{container.Name}-worm"), new BlobContainerImmutabilityPolicyArgs
                    {
                        AccountName = account.Name,
                        ContainerName = blobContainer.Name,
                        ResourceGroupName = GroupName,
                        ImmutabilityPolicyName = "default",
                        ImmutabilityPeriodSinceCreationInDays = days,
                        AllowProtectedAppendWrites = false,
                    }, Options(stateful: true));
                }
            }

            _ = new ManagementPolicy(Child($"st-{code}-lifecycle"), new ManagementPolicyArgs
            {
                AccountName = account.Name,
                ResourceGroupName = GroupName,
                ManagementPolicyName = "default",
                Policy = new StIn.ManagementPolicySchemaArgs
                {
                    Rules =
                    [
                        new StIn.ManagementPolicyRuleArgs
                        {
                            Name = "tier-and-expire-versions",
                            Enabled = true,
                            Type = "Lifecycle",
                            Definition = new StIn.ManagementPolicyDefinitionArgs
                            {
                                Filters = new StIn.ManagementPolicyFilterArgs { BlobTypes = ["blockBlob"] },
                                Actions = new StIn.ManagementPolicyActionArgs
                                {
                                    BaseBlob = new StIn.ManagementPolicyBaseBlobArgs
                                    {
                                        TierToCool = new StIn.DateAfterModificationArgs { DaysAfterModificationGreaterThan = store.CoolAfterDays },
                                    },
                                    Version = new StIn.ManagementPolicyVersionArgs
                                    {
                                        Delete = new StIn.DateAfterCreationArgs { DaysAfterCreationGreaterThan = Math.Max(store.SoftDeleteDays, 365) },
                                    },
                                },
                            },
                        },
                    ],
                },
            }, Options());

            hub.PrivateEndpoint(this, $"st-{code}", account.Id, "blob", preferredSpoke: "documents");
            PrepareRecovery(store, account, hub);

            Access(store, account, accountName, identity);
        }
    }

    public IReadOnlyList<(DocumentStore Store, StorageAccount Account)> Accounts => _accounts;

    /// <summary>
    /// What stands ready before a disaster so that the documents are readable from the DR hub
    /// afterwards (ADR 0007). A store that fails over keeps its account name and its endpoints move
    /// to the DR region, so the DR stack holds a private endpoint to it in the DR hub, registered in
    /// the DR hub's private DNS zone (the primary's endpoint dies with the primary region). A store
    /// that replicates (records under WORM, which Azure refuses to fail over) has object replication
    /// from its account into the DR stack's account of the same classification, whose containers keep
    /// the same WORM policies. The primary stack owns both halves of that policy, because the source
    /// half acts on its own account and nothing in the DR stack may depend on the primary region: the
    /// destination half is created first, as Azure requires, and its policy and rule ids flow to the
    /// source half. So on a first deployment the DR stack comes first (docs/operations.md).
    /// </summary>
    private void PrepareRecovery(DocumentStore store, StorageAccount account, HubNetwork hub)
    {
        var code = store.Classification.ShortCode();
        if (Estate.Deployment.Role == StackRole.Dr)
        {
            if (store.Recovery == DocumentRecovery.GeoFailover)
                hub.PrivateEndpoint(this, $"st-{code}-failover", AccountId(Estate.Regions.Primary, store.Classification), "blob", preferredSpoke: "documents");
            return;
        }
        // Replicas need the DR accounts standing before a disaster: only where documents are pilot light there.
        if (store.Recovery != DocumentRecovery.ObjectReplication || !Context.StandsInDr(ContinuityService.Documents)) return;

        var dr = new EstateNames(Estate, Estate.Regions.Dr);
        var drAccount = AccountId(Estate.Regions.Dr, store.Classification);
        var names = store.Containers.Select(c => EstateNames.BlobContainer(c.Name)).ToList();
        // minCreationTime at the FILETIME epoch asks for the blobs that exist already too, not only new ones
        // (the portal's "copy everything"; the exact value it sends is unverified).
        const string Everything = "1601-01-01T00:00:00Z";
        var destination = new ObjectReplicationPolicy(Child($"st-{code}-orp-dr"), new ObjectReplicationPolicyArgs
        {
            AccountName = dr.StorageAccount(store.Classification),
            ResourceGroupName = dr.ResourceGroup("documents"),
            ObjectReplicationPolicyId = "default",
            SourceAccount = account.Id,
            DestinationAccount = drAccount,
            Rules = [.. names.Select(n => new StIn.ObjectReplicationPolicyRuleArgs
            {
                SourceContainer = n,
                DestinationContainer = n,
                Filters = new StIn.ObjectReplicationPolicyFilterArgs { MinCreationTime = Everything },
            })],
        }, Options());
        _ = new ObjectReplicationPolicy(Child($"st-{code}-orp"), new ObjectReplicationPolicyArgs
        {
            AccountName = account.Name,
            ResourceGroupName = GroupName,
            ObjectReplicationPolicyId = destination.PolicyId,
            SourceAccount = account.Id,
            DestinationAccount = drAccount,
            Rules = [.. names.Select((n, i) => new StIn.ObjectReplicationPolicyRuleArgs
            {
                RuleId = destination.Rules.Get<string>($"[{i}].ruleId"),
                SourceContainer = n,
                DestinationContainer = n,
                Filters = new StIn.ObjectReplicationPolicyFilterArgs { MinCreationTime = Everything },
            })],
        }, Options());
    }

    /// <summary>The ARM id of the estate's account of a classification in a region (it may belong to the other stack).</summary>
    private string AccountId(Region region, DataClassification classification)
    {
        var names = new EstateNames(Estate, region);
        return Context.ResourceId(names.ResourceGroup("documents"), "Microsoft.Storage/storageAccounts", names.StorageAccount(classification));
    }

    /// <summary>
    /// Geo-redundant, and zone-redundant too where the region has zones: a store that fails over
    /// needs the paired secondary, and one that replicates keeps it as Microsoft's own last resort.
    /// In a region without a platform pair the account stays local, and the DR policies flag it.
    /// </summary>
    private string SkuFor()
    {
        var zones = Context.Region.Azure.HasZones;
        var paired = Context.Region.Azure.Pair is not null;
        if (!paired) return zones ? "Standard_ZRS" : "Standard_LRS";
        return zones ? "Standard_GZRS" : "Standard_GRS";
    }

    /// <summary>Readers get a custom read-only data role; writers get Storage Blob Data Contributor.</summary>
    private void Access(DocumentStore store, StorageAccount account, string accountName, Identity identity)
    {
        if (!Estate.Identity.DocumentAccess.TryGetValue(store.Classification, out var access)) return;
        var code = store.Classification.ShortCode();
        var roleId = AzureNaming.DeterministicGuid(Estate.Subscription.Id.ToString(), Context.Region.Location, "document-reader", code);
        var role = new RoleDefinition(Child($"role-reader-{code}"), new RoleDefinitionArgs
        {
            RoleDefinitionId = roleId.ToString(),
            RoleName = $"OIC Document Reader - {store.Classification.ToConfigName()} ({Estate.Deployment.Environment}, {Context.Region.Code})",
            Description = $"Read {store.Classification.ToConfigName()} documents and their metadata; nothing else.",
            RoleType = "CustomRole",
            Scope = Context.SubscriptionScope,
            // Custom roles are assignable at management group, subscription or resource group scope;
            // the assignments below then narrow it to one account.
            AssignableScopes = [ResourceGroup.Id],
            Permissions =
            [
                new AuthIn.PermissionArgs
                {
                    Actions = ["Microsoft.Storage/storageAccounts/blobServices/containers/read"],
                    DataActions = ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"],
                },
            ],
        }, Options());

        foreach (var group in access.Readers)
            _ = new RoleAssignment(Child($"ra-{code}-read-{group}"), new RoleAssignmentArgs
            {
                RoleAssignmentName = AzureNaming.DeterministicGuid(accountName, "read", group).ToString(),
                RoleDefinitionId = role.Id,
                PrincipalId = identity.Group(group),
                PrincipalType = "Group",
                Scope = account.Id,
            }, Options());
        foreach (var group in access.Writers)
            _ = new RoleAssignment(Child($"ra-{code}-write-{group}"), new RoleAssignmentArgs
            {
                RoleAssignmentName = AzureNaming.DeterministicGuid(accountName, "write", group).ToString(),
                RoleDefinitionId = Context.RoleDefinitionId(BuiltInRoles.StorageBlobDataContributor),
                PrincipalId = identity.Group(group),
                PrincipalType = "Group",
                Scope = account.Id,
            }, Options());
    }
}
