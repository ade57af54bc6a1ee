using Oic.Infra.Estate.Azure;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative.ApiManagement;
using Oic.Infra.Resources.AzureNative.Authorization;
using ApimIn = Oic.Infra.Resources.AzureNative.ApiManagement.Inputs;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// The application-level link for partners with <c>kind: front</c> (docs/adr/0021): one API Management
/// service per stack, one product and one subscription per front partner, the product holding exactly the
/// APIs the partner is granted (the built-in <c>public-documents</c> API over the public store, and named
/// <c>partnerApis</c>). A partner holds a subscription key that Azure generates and that never passes through
/// the program; it has no tunnel, no address in the estate and no network path into it. The service itself sends
/// its backend calls from the hub's delegated outbound subnet (virtual-network integration), so the
/// <c>public-documents</c> API reaches the public store's private endpoint, and signs in to Blob Storage with its
/// system-assigned identity, which holds Storage Blob Data Reader on that one account.
/// </summary>
public sealed class PartnerFront : Component
{
    /// <summary>API versions before this one can read subscription keys with a read-only role (PSRule Azure.APIM.MinAPI).</summary>
    private const string MinimumApiVersion = "2021-08-01";

    /// <summary>
    /// The Blob service version the policy asks for: a version recent enough for Microsoft Entra (OAuth) requests,
    /// which a request must name in <c>x-ms-version</c> (Learn, <i>Authorize access to blobs using Microsoft Entra
    /// ID</i>, "Call operations with OAuth tokens": 2017-11-09 or later; the page was not re-read here, unconfirmed).
    /// </summary>
    public const string BlobServiceVersion = "2023-11-03";

    /// <summary>
    /// The public-documents API's policy (Learn, <i>Authenticate with managed identity</i>,
    /// https://learn.microsoft.com/azure/api-management/authentication-managed-identity-policy: without
    /// <c>client-id</c> the system-assigned identity is used, and the token goes in the Authorization header as a
    /// Bearer token): sign in to Blob Storage as the service, name the Blob service version, and drop the partner's
    /// subscription key, which API Management would otherwise forward to the backend with the request. The text is
    /// written into the program as it is: the compiler's one escaping path (YamlProgramWriter.Literal) doubles any
    /// <c>$</c>, so nothing in it can become an interpolation.
    /// </summary>
    public const string PublicDocumentsPolicy =
        "<policies>\n" +
        "  <inbound>\n" +
        "    <base />\n" +
        "    <authentication-managed-identity resource=\"https://storage.azure.com/\" />\n" +
        "    <set-header name=\"x-ms-version\" exists-action=\"override\">\n" +
        "      <value>" + BlobServiceVersion + "</value>\n" +
        "    </set-header>\n" +
        "    <set-header name=\"Ocp-Apim-Subscription-Key\" exists-action=\"delete\" />\n" +
        "  </inbound>\n" +
        "  <backend>\n" +
        "    <base />\n" +
        "  </backend>\n" +
        "  <outbound>\n" +
        "    <base />\n" +
        "  </outbound>\n" +
        "  <on-error>\n" +
        "    <base />\n" +
        "  </on-error>\n" +
        "</policies>\n";

    public PartnerFront(StackContext context, HubNetwork hub, DocumentStorage documents)
        : base(context, "front", ContinuityService.Connectivity, "application-level front for partners linked without a tunnel")
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(documents);
        var subnet = hub.ApimOutboundSubnet
            ?? throw new InvalidOperationException("the hub has no snet-apim-outbound: the address plan carves it whenever a partner has kind: front");
        var tags = Tags(DataClassification.Public);
        tags["network-edge"] = "true"; // the internet's way in (policies: reach-internet-fronts-only)
        Gateway = new ApiManagementService(Child("apim"), new ApiManagementServiceArgs
        {
            ServiceName = context.Names.ApiManagement(),
            ResourceGroupName = GroupName,
            Location = Location,
            // v2 tier: Microsoft's current tier for new gateways (docs/adr/0021); one unit.
            Sku = new ApimIn.ApiManagementServiceSkuPropertiesArgs { Name = "StandardV2", Capacity = 1 },
            PublisherName = "OIC General Secretariat",
            PublisherEmail = Estate.SecurityContact,
            Identity = new ApimIn.ApiManagementServiceIdentityArgs { Type = "SystemAssigned" },
            PublicNetworkAccess = "Enabled",
            // Outbound virtual-network integration (Learn, integrate-vnet-outbound, Standard v2 and Premium v2): the
            // gateway stays public for the partners, its backend calls leave from the hub's delegated subnet and so
            // reach the stores' private endpoints. That ARM expresses it for a v2 tier as virtualNetworkType External
            // with virtualNetworkConfiguration.subnetResourceId is what the azure-native 3.28.0 types offer (API
            // 2024-05-01); the Learn page shows only the portal, so the pairing is unconfirmed there.
            VirtualNetworkType = "External",
            VirtualNetworkConfiguration = new ApimIn.VirtualNetworkConfigurationArgs { SubnetResourceId = subnet.Id },
            ApiVersionConstraint = new ApimIn.ApiVersionConstraintArgs { MinApiVersion = MinimumApiVersion },
            DeveloperPortalStatus = "Disabled",
            LegacyPortalStatus = "Disabled",
            // TLS 1.2 only, front and back (Learn, "Manage protocols and ciphers in Azure API Management").
            CustomProperties = new InputMap<string>
            {
                { "Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Tls10", "False" },
                { "Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Tls11", "False" },
                { "Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Backend.Protocols.Tls10", "False" },
                { "Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Backend.Protocols.Tls11", "False" },
                { "Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Backend.Protocols.Ssl30", "False" },
            },
            Tags = tags,
        }, Options());

        var apis = new Dictionary<string, Api>(StringComparer.Ordinal);
        var publicStore = documents.Accounts.FirstOrDefault(a => a.Store.Classification == DataClassification.Public);
        if (Estate.FrontPartners.Any(p => p.Grants.PublicDocuments) && publicStore.Account is { } account)
        {
            var api = apis[PartnerApi.PublicDocumentsId] = DeclareApi(PartnerApi.PublicDocumentsId, "Public documents", "documents",
                account.PrimaryEndpoints.Get<string>("blob"));
            _ = new ApiPolicy(Child($"api-{PartnerApi.PublicDocumentsId}-policy"), new ApiPolicyArgs
            {
                ApiId = api.Name,
                ServiceName = Gateway.Name,
                ResourceGroupName = GroupName,
                PolicyId = "policy",
                Format = "rawxml",
                Value = PublicDocumentsPolicy,
            }, Options());
            // Read-only data access to the public store, for the service's own identity and no one else's.
            var accountName = context.Names.StorageAccount(DataClassification.Public);
            _ = new RoleAssignment(Child("ra-st-pub-read"), new RoleAssignmentArgs
            {
                RoleAssignmentName = AzureNaming.DeterministicGuid(accountName, "read", context.Names.ApiManagement()).ToString(),
                RoleDefinitionId = context.RoleDefinitionId(BuiltInRoles.StorageBlobDataReader),
                PrincipalId = Gateway.Identity.Get<string>("principalId"),
                PrincipalType = "ServicePrincipal",
                Scope = account.Id,
            }, Options());
        }
        foreach (var api in Estate.PartnerApis)
            apis[api.Name] = DeclareApi(api.Name, api.DisplayName, api.Path, api.ServiceUrl);

        foreach (var partner in Estate.FrontPartners)
        {
            var product = new Product(Child($"product-{partner.Key}"), new ProductArgs
            {
                ProductId = $"partner-{partner.Key}",
                ServiceName = Gateway.Name,
                ResourceGroupName = GroupName,
                DisplayName = partner.Name.Length <= 300 ? partner.Name : partner.Name[..300],
                Description = $"What {partner.Name} ({partner.City}, {partner.Country}) is granted: {string.Join(", ", partner.Grants.ApiIds)}.",
                SubscriptionRequired = true,
                ApprovalRequired = true,
                SubscriptionsLimit = 1,
                State = "published",
            }, Options());
            foreach (var apiId in partner.Grants.ApiIds)
                _ = new ProductApiLink(Child($"product-{partner.Key}-{apiId}"), new ProductApiLinkArgs
                {
                    ApiLinkId = apiId,
                    ProductId = product.Name,
                    ServiceName = Gateway.Name,
                    ResourceGroupName = GroupName,
                    ApiId = apis[apiId].Id,
                }, Options());
            // The key is generated by Azure (primaryKey and secondaryKey are left unset): the partner's liaison
            // reads it in the portal or with `az rest`, and it never enters the program, its config or its outputs.
            _ = new Subscription(Child($"sub-{partner.Key}"), new SubscriptionArgs
            {
                Sid = $"partner-{partner.Key}",
                ServiceName = Gateway.Name,
                ResourceGroupName = GroupName,
                DisplayName = partner.Name.Length <= 100 ? partner.Name : partner.Name[..100],
                Scope = Output.Format($"/products/{product.Name}"),
                State = "active",
                AllowTracing = false,
            }, Options());
        }
    }

    public ApiManagementService Gateway { get; }

    private Api DeclareApi(string id, string displayName, string path, Input<string> serviceUrl) =>
        new(Child($"api-{id}"), new ApiArgs
        {
            ApiId = id,
            ServiceName = Gateway.Name,
            ResourceGroupName = GroupName,
            DisplayName = displayName,
            // PSRule Azure.APIM.APIDescriptors: what a partner's developer reads about the API.
            Description = $"{displayName}: published by the OIC General Secretariat to the partners granted it, over HTTPS at /{path} with each partner's own subscription key (oic-gs-infra, ADR 0021).",
            Path = path,
            Protocols = ["https"],
            ServiceUrl = serviceUrl,
            SubscriptionRequired = true,
        }, Options());
}
