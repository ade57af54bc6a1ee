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

            var containers = new List<BlobContainer>();
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
                containers.Add(blobContainer);
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
            if (Estate.Deployment.Role == StackRole.Dr) PrepareRecovery(store, account, containers, hub);

            Access(store, account, accountName, identity);
        }
    }

    public IReadOnlyList<(DocumentStore Store, StorageAccount Account)> Accounts => _accounts;

    /// <summary>
    /// What the DR stack stands up before a disaster so that the primary's documents are readable
    /// from the DR hub afterwards (ADR 0007). A store that fails over keeps its account name, and
    /// its endpoints move to this region: a private endpoint in this hub, registered in this hub's
    /// private DNS zone, reaches it there (its primary-region endpoint dies with the region). A store
    /// that replicates (records under WORM, which Azure refuses to fail over) gets object replication
    /// from the primary's account into this region's account, whose containers keep the same WORM
    /// policies; the destination side is created first, as Azure requires, and its policy and rule
    /// ids flow to the source side. Deploy the primary stack first: the source account must exist.
    /// </summary>
    private void PrepareRecovery(DocumentStore store, StorageAccount account, IReadOnlyList<BlobContainer> containers, HubNetwork hub)
    {
        var code = store.Classification.ShortCode();
        var primary = new EstateNames(Estate, Estate.Regions.Primary);
        var sourceGroup = primary.ResourceGroup("documents");
        var sourceName = primary.StorageAccount(store.Classification);
        var sourceId = $"{Context.SubscriptionScope}/resourceGroups/{sourceGroup}/providers/Microsoft.Storage/storageAccounts/{sourceName}";
        if (store.Recovery == DocumentRecovery.GeoFailover)
        {
            hub.PrivateEndpoint(this, $"st-{code}-failover", sourceId, "blob", preferredSpoke: "documents");
            return;
        }

        var names = store.Containers.Select(c => EstateNames.BlobContainer(c.Name)).ToList();
        var destination = new ObjectReplicationPolicy(Child($"st-{code}-orp-in"), new ObjectReplicationPolicyArgs
        {
            AccountName = account.Name,
            ResourceGroupName = GroupName,
            ObjectReplicationPolicyId = "default",
            SourceAccount = sourceId,
            DestinationAccount = account.Id,
            // minCreationTime at the FILETIME epoch asks for the blobs that exist already too, not only new ones
            // (the portal's "copy everything"; the exact value it sends is unverified).
            Rules = [.. names.Select(n => new StIn.ObjectReplicationPolicyRuleArgs
            {
                SourceContainer = n,
                DestinationContainer = n,
                Filters = new StIn.ObjectReplicationPolicyFilterArgs { MinCreationTime = "1601-01-01T00:00:00Z" },
            })],
        }, Options(dependsOn: [.. containers]));
        _ = new ObjectReplicationPolicy(Child($"st-{code}-orp-out"), new ObjectReplicationPolicyArgs
        {
            AccountName = sourceName,
            ResourceGroupName = sourceGroup,
            ObjectReplicationPolicyId = destination.PolicyId,
            SourceAccount = sourceId,
            DestinationAccount = account.Id,
            Rules = [.. names.Select((n, i) => new StIn.ObjectReplicationPolicyRuleArgs
            {
                RuleId = destination.Rules.Get<string>($"[{i}].ruleId"),
                SourceContainer = n,
                DestinationContainer = n,
                Filters = new StIn.ObjectReplicationPolicyFilterArgs { MinCreationTime = "1601-01-01T00:00:00Z" },
            })],
        }, Options());
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
