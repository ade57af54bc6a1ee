using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Rules.ApiManagement;
using Oic.Infra.Policies.Rules.Network.Reach;
using Oic.Infra.Policies.Tests.Support;

namespace Oic.Infra.Policies.Tests.Network;

/// <summary>
/// A partner linked through an API Management front (docs/adr/0021), added to the fixture estate of
/// <c>reach-partner-stores</c> as a stack export holds it: past its front it reaches the store behind each API its
/// product grants, walked from the service's outbound subnet, and no other; without the integration it reaches none,
/// and apim-backends-private says why.
/// </summary>
[TestFixture]
public sealed class ReachFrontTests
{
    private static readonly string Base = File.ReadAllText(Path.Combine(RuleFixture.Dir("reach-partner-stores"), "resources.yaml"));

    /// <summary>The front: a StandardV2 service (integrated or not) with an API over an internal store the member's product grants, and one over the public store it does not.</summary>
    private static string Front(bool integrated) => """

  - name: snet-apim
    type: azure-native:network:Subnet
    properties:
      subnetName: snet-apim-outbound
      virtualNetworkName: vnet-hub
      resourceGroupName: rg-hub
      addressPrefix: 10.40.1.128/25
      delegations: [{name: apim, serviceName: Microsoft.Web/serverFarms}]
  - name: st-granted
    type: azure-native:storage:StorageAccount
    properties: {accountName: stgranted, resourceGroupName: rg-documents, publicNetworkAccess: Disabled, tags: {data-classification: internal}}
  - name: pep-granted
    type: azure-native:network:PrivateEndpoint
    properties: {privateEndpointName: pep-granted, resourceGroupName: rg-documents, subnet: {id: "${snet-pe}"}, privateLinkServiceConnections: [{name: blob, privateLinkServiceId: "${st-granted}", groupIds: [blob]}]}
  - name: apim
    type: azure-native:apimanagement:ApiManagementService
    properties:
      serviceName: apim-front
      resourceGroupName: rg-front
      sku: {name: StandardV2, capacity: 1}
      virtualNetworkType: VNET_TYPE
      virtualNetworkConfiguration: {subnetResourceId: "${snet-apim}"}
  - name: api-granted
    type: azure-native:apimanagement:Api
    properties: {apiId: internal-documents, serviceName: apim-front, resourceGroupName: rg-front, path: internal, serviceUrl: "https://stgranted.blob.core.windows.net/"}
  - name: api-public
    type: azure-native:apimanagement:Api
    properties: {apiId: public-documents, serviceName: apim-front, resourceGroupName: rg-front, path: documents, serviceUrl: "https://stpublic.blob.core.windows.net/"}
  - name: product-member
    type: azure-native:apimanagement:Product
    properties: {productId: partner-member, serviceName: apim-front, resourceGroupName: rg-front}
  - name: link-member-granted
    type: azure-native:apimanagement:ProductApiLink
    properties: {apiLinkId: internal-documents, productId: partner-member, serviceName: apim-front, resourceGroupName: rg-front, apiId: "${api-granted}"}
  - name: sub-member
    type: azure-native:apimanagement:Subscription
    properties: {sid: partner-member, serviceName: apim-front, resourceGroupName: rg-front, scope: /products/partner-member, state: active}
""".Replace("VNET_TYPE", integrated ? "External" : "None", StringComparison.Ordinal);

    private static ResourceSet Set(string yaml)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"reach-front-{Guid.NewGuid():N}.json");
        File.WriteAllText(temp, RuleFixture.ToStackExport(yaml, "fixture"));
        try
        {
            return StateDocuments.FromStackExport(temp, "reach front fixture");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static IEnumerable<(PolicyResource Resource, Outcome Outcome)> Run(Rule rule, ResourceSet set) => rule.Evaluate(set);

    private static IReadOnlyList<ReachPath> ThroughFront(ResourceSet set, string to)
    {
        var matrix = Reachability.Compute(set);
        var from = matrix.Sources.Single(s => s.Name == "partner:member");
        var cell = matrix.Cell(from, matrix.Destinations.Single(d => d.Name == to))!;
        return [.. cell.Paths.Where(p => p.Text.Contains("API Management apim-front", StringComparison.Ordinal))];
    }

    [Test]
    public void A_front_partner_reaches_the_store_behind_its_granted_api_from_the_outbound_subnet_and_the_gate_fails_it()
    {
        var set = Set(Base + Front(integrated: true));

        var paths = ThroughFront(set, "store:internal");
        Assert.That(paths, Is.Not.Empty);
        Assert.That(paths.Select(p => p.Resource?.Name).Distinct(), Is.EqualTo(new[] { "st-granted" }), "only the granted API's store, not the other internal account");
        Assert.That(paths[0].Text, Does.Contain("subscription partner-member, API internal-documents").And.Contain("called from subnet vnet-hub/snet-apim-outbound")
            .And.Contain("private endpoint pep-granted"));
        Assert.That(paths.Select(p => p.Traffic.ToString()).Distinct(), Is.EqualTo(new[] { "tcp/443" }));
        Assert.That(ThroughFront(set, "store:public"), Is.Empty, "public-documents is not in the member's product");

        var outcomes = Run(ReachRules.NoPartnerToPrivateStores, set).ToDictionary(o => o.Resource.Name, o => o.Outcome);
        Assert.That(outcomes["st-granted"].Kind, Is.EqualTo(OutcomeKind.Fail));
        Assert.That(outcomes["st-granted"].Findings[0], Does.StartWith("partner:member reaches it on tcp/443"));
        Assert.That(outcomes["pass-st-internal-behind-firewall"].Kind, Is.EqualTo(OutcomeKind.Pass));
        Assert.That(Run(ApiManagementRules.BackendsPrivate, set).Single().Outcome.Kind, Is.EqualTo(OutcomeKind.Pass));
    }

    [Test]
    public void Without_the_integration_the_front_reaches_no_private_store_and_apim_backends_private_fails()
    {
        var set = Set(Base + Front(integrated: false));

        Assert.That(ThroughFront(set, "store:internal"), Is.Empty);
        var outcome = Run(ApiManagementRules.BackendsPrivate, set).Single().Outcome;
        Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Fail));
        Assert.That(outcome.Findings[0], Does.Contain("internal-documents → stgranted").And.Contain("public-documents → stpublic"));
    }
}
