using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.Network;
using Oic.Infra.Resources;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.ApiManagement;

/// <summary>
/// How an API Management service's parts hang together, read from the program or a stack export: its APIs
/// (<c>serviceName</c>), the storage account an API's <c>serviceUrl</c> points at, the APIs a subscription's product
/// links, and whether the service sends its backend calls from a subnet. apim-backends-private and the reachability
/// model read the front through these, so they cannot disagree.
/// </summary>
public static class ApimBackends
{
    /// <summary>A service's Azure name: its <c>serviceName</c> input, else its <c>name</c> output, else its logical name.</summary>
    public static string ServiceName(PolicyResource service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Get("serviceName").Text ?? Topology.AzureName(service) ?? service.Name;
    }

    /// <summary>
    /// The service a child (an API, a subscription) belongs to: its <c>serviceName</c> is a reference to the service
    /// (the program) or the service's name as text (a stack export). Null when no service of the set has it.
    /// </summary>
    public static PolicyResource? ServiceOf(ResourceSet set, PolicyResource child)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(child);
        return set.OfType(ApiManagementService).FirstOrDefault(service => BelongsTo(child, service));
    }

    private static bool BelongsTo(PolicyResource child, PolicyResource service) =>
        child.Get("serviceName") is var of &&
        (of.Reference is { Resource: { } r } ? r.LogicalName == service.Name : ServiceName(service).Equals(of.Text, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The APIs of <paramref name="service"/>, in the set's order: those whose <c>serviceName</c> is a reference to it
    /// (the program) or its name as text (a stack export; Azure compares names case-insensitively).
    /// </summary>
    public static IEnumerable<PolicyResource> ApisOf(ResourceSet set, PolicyResource service)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(service);
        return set.OfType(ApiManagementApi).Where(api => BelongsTo(api, service));
    }

    /// <summary>
    /// The storage account whose endpoint an API forwards to: a <c>${account.primaryEndpoints…}</c> reference
    /// (the program), or a URL whose host is <c>&lt;account&gt;.&lt;service&gt;.core.windows.net</c> (a stack export).
    /// <c>Unknown</c> when the URL is not known until deployment.
    /// </summary>
    public static (PolicyResource? Account, bool Unknown) StoreBehind(ResourceSet set, PolicyResource api)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(api);
        var url = api.Get("serviceUrl");
        if (url.Reference is { Resource: { } target })
            return (Topology.ByLogicalName(set, target.LogicalName) is { Type: StorageAccount } account ? account : null, false);
        if (url.IsUnknown) return (null, true);
        if (url.Text is not { } text || !Uri.TryCreate(text, UriKind.Absolute, out var uri)) return (null, false);
        const string StorageSuffix = ".core.windows.net";
        var host = uri.Host;
        if (!host.EndsWith(StorageSuffix, StringComparison.OrdinalIgnoreCase) || host.IndexOf('.', StringComparison.Ordinal) is not (> 0 and var dot)) return (null, false);
        var name = host[..dot];
        return (set.OfType(StorageAccount).FirstOrDefault(a => name.Equals(AccountName(a), StringComparison.OrdinalIgnoreCase)), false);
    }

    /// <summary>A storage account's Azure name: its <c>accountName</c> input, else its <c>name</c> output, else its logical name.</summary>
    public static string AccountName(PolicyResource account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Get("accountName").Text ?? Topology.AzureName(account) ?? account.Name;
    }

    /// <summary>Whether a storage account is reached through private endpoints only: its public network access is Disabled.</summary>
    public static bool IsPrivate(PolicyResource account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return "Disabled".Equals(account.Get("publicNetworkAccess").Text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The subnet a service sends its backend calls from: <c>virtualNetworkConfiguration.subnetResourceId</c> when
    /// <c>virtualNetworkType</c> is External or Internal (Learn, integrate-vnet-outbound for the v2 tiers). Null when
    /// the service is in no virtual network; <c>Unknown</c> when its settings are not known until deployment.
    /// </summary>
    public static (Lookup? Subnet, bool Unknown) OutboundSubnet(PolicyResource service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var type = service.Get("virtualNetworkType");
        if (type.IsUnknown) return (null, true);
        if (type.Text is not { } t || !(t.Equals("External", StringComparison.OrdinalIgnoreCase) || t.Equals("Internal", StringComparison.OrdinalIgnoreCase)))
            return (null, false);
        var subnet = service.Get("virtualNetworkConfiguration.subnetResourceId");
        if (subnet.IsMissing) return (null, false);
        return (subnet, false);
    }

    /// <summary>
    /// The APIs a subscription may call: those its product (<c>scope</c> <c>/products/&lt;productId&gt;</c>) links
    /// through ProductApiLinks (<c>productId</c>, <c>apiId</c>). A subscription scoped to one API (<c>/apis/…</c>) or to
    /// all of them (<c>/apis</c>) is not modelled: its grants are taken as every API of its service.
    /// </summary>
    public static IReadOnlyList<PolicyResource> GrantedApis(ResourceSet set, PolicyResource subscription, PolicyResource? service)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(subscription);
        var product = ProductOf(set, subscription);
        if (product is null) return service is null ? [] : [.. ApisOf(set, service)];
        return [.. set.OfType(ApiManagementProductApiLink)
            .Where(link => Topology.Names(link.Get("productId"), product, set) == true || NamesByText(link.Get("productId"), product))
            .Select(link => set.Resolve(link.Get("apiId")).Resource)
            .OfType<PolicyResource>()
            .Where(api => api.Type == ApiManagementApi)
            .Distinct()];
    }

    private static PolicyResource? ProductOf(ResourceSet set, PolicyResource subscription)
    {
        var scope = subscription.Get("scope");
        if (scope.Value is PropertyValue.Interpolation { Parts: [.., PropertyValue.Ref { Target.Resource: { } r }] })
            return Topology.ByLogicalName(set, r.LogicalName) is { Type: ApiManagementProduct } referenced ? referenced : null;
        if (scope.Text is not { } text) return null;
        var at = text.LastIndexOf("/products/", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var id = text[(at + "/products/".Length)..].TrimEnd('/');
        return set.OfType(ApiManagementProduct).FirstOrDefault(p => NamesByText(new Lookup(new PropertyValue.Str(id), false, "scope"), p));
    }

    /// <summary>A product's id given as text: its <c>productId</c> input or its <c>name</c> output.</summary>
    private static bool NamesByText(Lookup id, PolicyResource product) =>
        id.Text is { Length: > 0 } text &&
        (text.Equals(product.Get("productId").Text, StringComparison.OrdinalIgnoreCase) || text.Equals(product.Get("name").Text, StringComparison.OrdinalIgnoreCase));
}
