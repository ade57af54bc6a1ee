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
        // The first service of the set it belongs to (BelongsTo), by index: a reference names a logical name, text an Azure name.
        var index = set.Memo("apim/services", s => new Named(s.OfType(ApiManagementService), service => service.Name, ServiceName));
        var of = child.Get("serviceName");
        return of.Reference is { Resource: { } r } ? index.ByKey(r.LogicalName).FirstOrDefault()
            : of.Text is { } text ? index.ByName(text).FirstOrDefault(service => InGroupOf(child, service, set)) : null;
    }

    /// <summary>
    /// A child belongs to a service its <c>serviceName</c> references, or, as text, to the service of that name in its
    /// resource group: ARM names a service by group and name (…/resourceGroups/G/providers/Microsoft.ApiManagement/service/N),
    /// so two groups may each hold a service of one name. A group not known yet does not rule a service out.
    /// </summary>
    private static bool BelongsTo(PolicyResource child, PolicyResource service, ResourceSet set) =>
        child.Get("serviceName") is var of &&
        (of.Reference is { Resource: { } r } ? r.LogicalName == service.Name
            : ServiceName(service).Equals(of.Text, StringComparison.OrdinalIgnoreCase) && InGroupOf(child, service, set));

    /// <summary>Whether two parts of API Management can be in one service: their resource groups are not known to differ.</summary>
    private static bool InGroupOf(PolicyResource child, PolicyResource owner, ResourceSet set) =>
        Topology.SameGroup(child.Get("resourceGroupName"), owner.Get("resourceGroupName"), set) != false;

    /// <summary>
    /// The APIs of <paramref name="service"/>, in the set's order: those whose <c>serviceName</c> is a reference to it
    /// (the program) or its name as text (a stack export; Azure compares names case-insensitively).
    /// </summary>
    public static IEnumerable<PolicyResource> ApisOf(ResourceSet set, PolicyResource service)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(service);
        // Grouped once by what their serviceName says: a reference's logical name, or text (an API says one or the other).
        var index = set.Memo("apim/apis", s => new Named(s.OfType(ApiManagementApi),
            api => api.Get("serviceName").Reference is { Resource: { } r } ? r.LogicalName : null,
            api => api.Get("serviceName") is { Reference: null } of ? of.Text : null));
        var referenced = index.ByKey(service.Name);
        var named = index.ByName(ServiceName(service)).Where(api => InGroupOf(api, service, set)).ToList();
        // Both kinds at once (a hand-made set): in the set's order, as a scan gives them.
        return referenced.Count == 0 ? named : named.Count == 0 ? referenced
            : set.OfType(ApiManagementApi).Where(api => BelongsTo(api, service, set));
    }

    /// <summary>
    /// Resources by a key compared exactly (a logical name) and by names compared as Azure compares names (ignoring
    /// case), each list in the set's order: what a <c>Where</c> over the set would find, found at once.
    /// </summary>
    private sealed class Named
    {
        private readonly Dictionary<string, List<PolicyResource>> _keys = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<PolicyResource>> _names = new(StringComparer.OrdinalIgnoreCase);

        public Named(IEnumerable<PolicyResource> resources, Func<PolicyResource, string?> key, Func<PolicyResource, string?> name)
            : this(resources, key, r => name(r) is { } n ? [n] : []) { }

        public Named(IEnumerable<PolicyResource> resources, Func<PolicyResource, string?> key, Func<PolicyResource, IEnumerable<string>> names)
        {
            foreach (var resource in resources)
            {
                if (key(resource) is { } k) Add(_keys, k, resource);
                foreach (var n in names(resource).Distinct(StringComparer.OrdinalIgnoreCase)) Add(_names, n, resource);
            }
        }

        public List<PolicyResource> ByKey(string key) => _keys.GetValueOrDefault(key) ?? [];

        public List<PolicyResource> ByName(string name) => _names.GetValueOrDefault(name) ?? [];

        private static void Add(Dictionary<string, List<PolicyResource>> index, string key, PolicyResource resource)
        {
            if (!index.TryGetValue(key, out var list)) index[key] = list = [];
            list.Add(resource);
        }
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
        var accounts = set.Memo("apim/accounts", s => new Named(s.OfType(StorageAccount), _ => null, AccountName));
        return (accounts.ByName(host[..dot]).FirstOrDefault(), false);
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
        return [.. LinksThatMayName(set, product)
            .Where(link => (Topology.Names(link.Get("productId"), product, set) == true || NamesByText(link.Get("productId"), product)) &&
                           InGroupOf(link, product, set))
            .Select(link => set.Resolve(link.Get("apiId")).Resource)
            .OfType<PolicyResource>()
            .Where(api => api.Type == ApiManagementApi)
            .Distinct()];
    }

    /// <summary>
    /// The links whose <c>productId</c> may name <paramref name="product"/>, in the set's order: every link whose
    /// productId is not text (a reference, an unknown), and those whose text is one of the product's names (its
    /// productId, its name output, its Azure name) — the only texts that can name it (Topology.Names, NamesByText).
    /// </summary>
    private static IEnumerable<PolicyResource> LinksThatMayName(ResourceSet set, PolicyResource product)
    {
        var index = set.Memo("apim/links", s =>
        {
            var (byText, other) = (new Dictionary<string, List<(int, PolicyResource)>>(StringComparer.OrdinalIgnoreCase), new List<(int, PolicyResource)>());
            var links = s.OfType(ApiManagementProductApiLink);
            for (var i = 0; i < links.Count; i++)
            {
                var id = links[i].Get("productId");
                if (id.Reference is null && !id.IsUnknown && id.Text is { Length: > 0 } text)
                {
                    if (!byText.TryGetValue(text, out var named)) byText[text] = named = [];
                    named.Add((i, links[i]));
                }
                else other.Add((i, links[i]));
            }
            return new LinkGroups(byText, other);
        });
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in new[] { product.Get("productId").Text, product.Get("name").Text, Topology.AzureName(product) })
            if (name is { Length: > 0 }) names.Add(name);
        return names.SelectMany(n => index.ByText.GetValueOrDefault(n) ?? []).Concat(index.Other)
            .OrderBy(link => link.Position).Select(link => link.Link);
    }

    private sealed record LinkGroups(Dictionary<string, List<(int Position, PolicyResource Link)>> ByText, List<(int Position, PolicyResource Link)> Other);

    private static PolicyResource? ProductOf(ResourceSet set, PolicyResource subscription)
    {
        var scope = subscription.Get("scope");
        if (scope.Value is PropertyValue.Interpolation { Parts: [.., PropertyValue.Ref { Target.Resource: { } r }] })
            return Topology.ByLogicalName(set, r.LogicalName) is { Type: ApiManagementProduct } referenced ? referenced : null;
        if (scope.Text is not { } text) return null;
        var at = text.LastIndexOf("/products/", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var id = text[(at + "/products/".Length)..].TrimEnd('/');
        // The first product whose productId or name is the id (NamesByText), by index.
        var products = set.Memo("apim/products", s => new Named(s.OfType(ApiManagementProduct), _ => null,
            p => new[] { p.Get("productId").Text, p.Get("name").Text }.OfType<string>().Where(t => t.Length > 0)));
        return id.Length > 0 ? products.ByName(id).FirstOrDefault(product => InGroupOf(subscription, product, set)) : null;
    }

    /// <summary>A product's id given as text: its <c>productId</c> input or its <c>name</c> output.</summary>
    private static bool NamesByText(Lookup id, PolicyResource product) =>
        id.Text is { Length: > 0 } text &&
        (text.Equals(product.Get("productId").Text, StringComparison.OrdinalIgnoreCase) || text.Equals(product.Get("name").Text, StringComparison.OrdinalIgnoreCase));
}
