using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.ApiManagement;

/// <summary>API Management services (the partner front, docs/adr/0021).</summary>
public static class ApiManagementRules
{
    public static readonly ResourceRule BackendsPrivate = new("apim-backends-private",
        "An API Management service whose APIs forward to a store behind private endpoints sends its backend calls from a virtual network",
        "A store with public network access disabled answers only through its private endpoints; an API Management service outside the network cannot reach it, so the API fails for every partner, and the usual fix under pressure is to reopen the store to the internet.",
        Severity.High, ["MCSB:NS-2"], [ApiManagementService],
        (service, set) =>
        {
            var privateApis = new List<string>();
            var unknown = false;
            foreach (var api in ApimBackends.ApisOf(set, service))
            {
                var (account, pending) = ApimBackends.StoreBehind(set, api);
                unknown |= pending;
                if (account is not null && ApimBackends.IsPrivate(account))
                    privateApis.Add($"{api.Get("apiId").Text ?? api.Name} → {ApimBackends.AccountName(account)}");
            }
            if (privateApis.Count == 0)
                return unknown ? Outcome.Unknown("an API's serviceUrl is not known until deployment") : Outcome.NotApplicable;
            var (subnet, subnetUnknown) = ApimBackends.OutboundSubnet(service);
            if (subnetUnknown) return Outcome.Unknown("virtualNetworkType is not known until deployment");
            return subnet is not null
                ? Outcome.Pass
                : Outcome.Fail($"its APIs forward to storage accounts whose public network access is disabled ({string.Join(", ", privateApis)}), " +
                    "but it is in no virtual network: set virtualNetworkType External with virtualNetworkConfiguration.subnetResourceId, a subnet delegated to " +
                    "Microsoft.Web/serverFarms for the v2 tiers (Learn, integrate-vnet-outbound)");
        })
    {
        Reads = PropertyPaths.On(ApiManagementService, "name", "serviceName", "virtualNetworkType", "virtualNetworkConfiguration.subnetResourceId", "resourceGroupName")
            .And(ApiManagementApi, "apiId", "serviceName", "serviceUrl", "resourceGroupName")
            .And(StorageAccount, "accountName", "name", "publicNetworkAccess")
            .And(ResourceGroup, "name"),
    };
}
