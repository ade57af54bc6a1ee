using Oic.Infra.Estate.Azure;
using Oic.Infra.Estate.Errors;

namespace Oic.Infra.Estate.Model;

/// <summary>A derived resource name breaks Azure's rules; <see cref="ConfigPath"/> is the setting to change.</summary>
public sealed class NamingException(string configPath, string message) : InfraException(ErrorKind.InvalidInput, message)
{
    public string ConfigPath { get; } = configPath;
}

/// <summary>
/// The estate's naming convention (Cloud Adoption Framework abbreviations, then prefix,
/// environment, purpose and region code), each name checked against Azure's rules as it is made.
/// </summary>
public sealed class EstateNames(EstateModel estate, Region region)
{
    private string Base => $"{estate.NamingPrefix}-{estate.Deployment.Environment}";

    public Region Region => region;

    public string ResourceGroup(string component) =>
        Valid(AzureNaming.ResourceGroup, $"rg-{Base}-{component}-{region.Code}");

    /// <summary>A network resource: <c>vnet-oicgs-prod-hub-uan</c>.</summary>
    public string Network(string abbreviation, string purpose) =>
        Valid(AzureNaming.Network, $"{abbreviation}-{Base}-{purpose}-{region.Code}");

    /// <summary>A resource named after a site: <c>lgw-nyc-uan</c>, <c>cn-nyc-uan</c>.</summary>
    public string SiteNetwork(string abbreviation, Site site) =>
        Valid(AzureNaming.Network, $"{abbreviation}-{Base}-{site.Key}-{region.Code}");

    public string StorageAccount(DataClassification classification) =>
        Valid(AzureNaming.StorageAccount,
            $"st{estate.NamingPrefix.Replace("-", "", StringComparison.Ordinal)}{classification.ShortCode()}{region.Code}" +
            AzureNaming.UniqueSuffix(6, estate.Subscription.Id.ToString(), estate.Deployment.Environment, region.Location, classification.ToConfigName()));

    /// <summary>The account that keeps the region's VNet flow logs.</summary>
    public string LogStorageAccount() =>
        Valid(AzureNaming.StorageAccount,
            $"st{estate.NamingPrefix.Replace("-", "", StringComparison.Ordinal)}logs{region.Code}" +
            AzureNaming.UniqueSuffix(6, estate.Subscription.Id.ToString(), estate.Deployment.Environment, region.Location, "flowlogs"));

    public string KeyVault() =>
        Valid(AzureNaming.KeyVault,
            $"kv-{Base}-{region.Code}-" +
            AzureNaming.UniqueSuffix(4, estate.Subscription.Id.ToString(), estate.Deployment.Environment, region.Location, "keyvault"));

    /// <summary>The partner front (API Management; CAF abbreviation <c>apim</c>): globally unique, it names <c>NAME.azure-api.net</c>.</summary>
    public string ApiManagement() =>
        Valid(AzureNaming.Network, $"apim-{Base}-{region.Code}-" +
            AzureNaming.UniqueSuffix(4, estate.Subscription.Id.ToString(), estate.Deployment.Environment, region.Location, "partner-front"));

    public string LogAnalyticsWorkspace() => Valid(AzureNaming.LogAnalyticsWorkspace, $"log-{Base}-{region.Code}");

    /// <summary>The region's Backup vault (Microsoft.DataProtection; CAF abbreviation <c>bvault</c>).</summary>
    public string BackupVault() => Valid(AzureNaming.BackupVault, $"bvault-{Base}-{region.Code}");

    public string ManagedIdentity(string purpose) => Valid(AzureNaming.ManagedIdentity, $"id-{Base}-{purpose}-{region.Code}");

    /// <summary>
    /// A policy assignment of the subscription: <c>pa-oicgs-prod-st-https-only</c>. Not per region: the primary stack
    /// assigns for the whole subscription (docs/adr/0020).
    /// </summary>
    public string PolicyAssignment(string key) => Valid(AzureNaming.PolicyAssignment, $"pa-{Base}-{key}");

    /// <summary>The subscription's budget: <c>budget-oicgs-prod</c>.</summary>
    public string Budget() => Valid(AzureNaming.Budget, $"budget-{Base}");

    public static string BlobContainer(string name) => Valid(AzureNaming.BlobContainer, name, "documentStores");

    /// <summary>The components of a region, each in its own resource group.</summary>
    public static readonly IReadOnlyList<string> Components = ["hub", "connectivity", "identity", "documents", "monitoring", "continuity"];

    /// <summary>Every resource group the estate keeps in the region.</summary>
    public IEnumerable<string> ResourceGroups() => Components.Select(ResourceGroup);

    /// <summary>Every name the estate derives in <paramref name="region"/>; throws on the first invalid one.</summary>
    public void CheckAll()
    {
        _ = ResourceGroups().ToList();
        foreach (var spoke in estate.Spokes) Network("vnet", spoke.Name);
        foreach (var site in estate.Sites) SiteNetwork("vgwcn", site);
        foreach (var store in estate.DocumentStores)
        {
            StorageAccount(store.Classification);
            foreach (var container in store.Containers) BlobContainer(container.Name);
        }
        KeyVault();
        LogStorageAccount();
        LogAnalyticsWorkspace();
        BackupVault();
        ManagedIdentity("automation");
        Budget();
    }

    private static string Valid(AzureNaming.Rule rule, string name, string configPath = "naming.prefix") =>
        AzureNaming.Check(rule, name) is { } problem ? throw new NamingException(configPath, problem) : name;
}
