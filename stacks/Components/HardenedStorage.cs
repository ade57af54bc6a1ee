using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.Storage;
using StIn = Oic.Infra.Resources.AzureNative.Storage.Inputs;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// The one way the estate makes a storage account: HTTPS and TLS 1.2 only, no anonymous, shared-key
/// or cross-tenant access, no public network (private endpoints only, trusted services let
/// through), infrastructure encryption. Callers choose the SKU and, for customer-managed keys,
/// the key and identity.
/// </summary>
internal static class HardenedStorage
{
    public static StorageAccount Account(Component owner, string suffix, string accountName, string sku,
        DataClassification classification, StIn.KeyVaultPropertiesArgs? customerKey = null, Input<string>? keyIdentity = null)
    {
        var cmk = customerKey is not null && keyIdentity is not null;
        return new StorageAccount(owner.Child(suffix), new StorageAccountArgs
        {
            AccountName = accountName,
            ResourceGroupName = owner.GroupName,
            Location = owner.Context.Region.Location,
            Kind = "StorageV2",
            Sku = new StIn.SkuArgs { Name = sku },
            AccessTier = "Hot",
            EnableHttpsTrafficOnly = true,
            MinimumTlsVersion = "TLS1_2",
            AllowBlobPublicAccess = false,
            AllowSharedKeyAccess = false,
            DefaultToOAuthAuthentication = true,
            AllowCrossTenantReplication = false,
            PublicNetworkAccess = "Disabled",
            NetworkRuleSet = new StIn.NetworkRuleSetArgs { DefaultAction = "Deny", Bypass = "AzureServices" },
            Identity = cmk ? new StIn.IdentityArgs { Type = "UserAssigned", UserAssignedIdentities = [keyIdentity!] } : null,
            Encryption = new StIn.EncryptionArgs
            {
                RequireInfrastructureEncryption = true,
                KeySource = cmk ? "Microsoft.Keyvault" : "Microsoft.Storage",
                KeyVaultProperties = cmk ? customerKey : null,
                EncryptionIdentity = cmk ? new StIn.EncryptionIdentityArgs { EncryptionUserAssignedIdentity = keyIdentity } : null,
                Services = new StIn.EncryptionServicesArgs
                {
                    Blob = new StIn.EncryptionServiceArgs { Enabled = true, KeyType = "Account" },
                    File = new StIn.EncryptionServiceArgs { Enabled = true, KeyType = "Account" },
                },
            },
            Tags = owner.Tags(classification),
        }, owner.Options(stateful: true));
    }
}
