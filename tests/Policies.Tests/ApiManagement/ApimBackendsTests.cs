using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.ApiManagement;
using Oic.Infra.Resources;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Tests.ApiManagement;

/// <summary>
/// In a stack export an API Management child names its service, product and API by text. ARM names a service by
/// resource group and name, so two groups may each hold a service of one name (a second estate in one export, or a
/// service recreated elsewhere): each child belongs to the service of its own group, and a subscription's product and
/// its links are its own group's. A group not known yet rules nothing out.
/// </summary>
[TestFixture]
public sealed class ApimBackendsTests
{
    private static int _next;

    private static PolicyResource Resource(string type, string group, params (string Key, string Value)[] properties) =>
        new($"urn:pulumi:prod::oic-gs-infra::{type}::r{++_next}", type, $"r{_next}",
            PropertyValue.Map.Of(properties.Select(p => KeyValuePair.Create(p.Key, (PropertyValue)new PropertyValue.Str(p.Value)))
                .Append(KeyValuePair.Create("resourceGroupName", group == "?" ? (PropertyValue)PropertyValue.Unknown.Instance : new PropertyValue.Str(group)))));

    /// <summary>One service named apim-oic in each of two groups, each with its API, product, link, subscription and store.</summary>
    private static (ResourceSet Set, PolicyResource[] Services, PolicyResource[] Apis, PolicyResource[] Subscriptions, PolicyResource[] Stores) Estate(string secondGroup = "rg-b")
    {
        var groups = new[] { "rg-a", secondGroup };
        var resources = new List<PolicyResource>();
        var (services, apis, subscriptions, stores) = (new PolicyResource[2], new PolicyResource[2], new PolicyResource[2], new PolicyResource[2]);
        for (var i = 0; i < 2; i++)
        {
            var g = groups[i];
            stores[i] = Resource(StorageAccount, $"rg-docs-{i}", ("accountName", $"stpub{i}"));
            services[i] = Resource(ApiManagementService, g, ("serviceName", "apim-oic"));
            apis[i] = Resource(ApiManagementApi, g, ("serviceName", "apim-oic"), ("apiId", "public-documents"), ("serviceUrl", $"https://stpub{i}.blob.core.windows.net")) with
            {
                Id = $"/subscriptions/s/resourceGroups/{g}/providers/Microsoft.ApiManagement/service/apim-oic/apis/public-documents",
            };
            var product = Resource(ApiManagementProduct, g, ("serviceName", "apim-oic"), ("productId", "partner-ircica"));
            var link = Resource(ApiManagementProductApiLink, g, ("serviceName", "apim-oic"), ("productId", "partner-ircica"), ("apiId", apis[i].Id!));
            subscriptions[i] = Resource(ApiManagementSubscription, g, ("serviceName", "apim-oic"), ("scope", "/products/partner-ircica"));
            resources.AddRange([stores[i], services[i], apis[i], product, link, subscriptions[i]]);
        }
        return (new ResourceSet("prod", "oic-gs-infra", resources, "export.json"), services, apis, subscriptions, stores);
    }

    [Test]
    public void Each_child_belongs_to_the_service_of_its_own_group()
    {
        var (set, services, apis, subscriptions, _) = Estate();

        Assert.Multiple(() =>
        {
            for (var i = 0; i < 2; i++)
            {
                Assert.That(ApimBackends.ServiceOf(set, subscriptions[i]), Is.SameAs(services[i]));
                Assert.That(ApimBackends.ApisOf(set, services[i]), Is.EqualTo(new[] { apis[i] }));
            }
        });
    }

    [Test]
    public void A_subscription_is_granted_the_apis_its_own_groups_product_links_and_reaches_their_store()
    {
        var (set, services, apis, subscriptions, stores) = Estate();

        Assert.Multiple(() =>
        {
            for (var i = 0; i < 2; i++)
            {
                var granted = ApimBackends.GrantedApis(set, subscriptions[i], services[i]);
                Assert.That(granted, Is.EqualTo(new[] { apis[i] }));
                Assert.That(ApimBackends.StoreBehind(set, granted[0]).Account, Is.SameAs(stores[i]));
            }
        });
    }

    [Test]
    public void A_group_not_known_yet_rules_no_service_out()
    {
        var (set, services, apis, _, _) = Estate(secondGroup: "?");

        // The second group's API may be the first service's: with its group unknown, both are candidates.
        Assert.That(ApimBackends.ApisOf(set, services[0]), Is.EqualTo(new[] { apis[0], apis[1] }));
    }
}
