using Oic.Infra.Stacks.Components;
using Oic.Infra.Stacks.Tests.Support;
using Oic.Infra.Synth;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Stacks.Tests;

/// <summary>
/// The partner front reaches the public store behind its private endpoint (docs/adr/0021): the API Management service
/// is integrated with the hub's delegated outbound subnet, its identity reads the public store and nothing else, and the
/// public-documents API signs in with that identity.
/// </summary>
[TestFixture]
public sealed class PartnerFrontTests
{
    private static YamlMappingNode Resources(string stack) =>
        PulumiYaml.Parse(YamlProgramWriter.Write(ReferenceStacks.Graph(stack), ReferenceStacks.Description)).Map("resources");

    private static YamlMappingNode Properties(YamlMappingNode resources, string logicalName) => resources.Map(logicalName).Map("properties");

    [Test]
    public void The_front_sends_backend_calls_from_the_hub_s_delegated_outbound_subnet_with_its_own_nsg()
    {
        var resources = Resources("prod");
        var service = Properties(resources, "front-uan-apim");
        Assert.That(service.Scalar("virtualNetworkType").Value, Is.EqualTo("External"));
        Assert.That(service.Map("virtualNetworkConfiguration").Scalar("subnetResourceId").Value, Is.EqualTo("${hub-uan-snet-apim-outbound.id}"));

        var subnet = Properties(resources, "hub-uan-snet-apim-outbound");
        Assert.That(subnet.Scalar("addressPrefix").Value, Is.EqualTo("10.40.1.128/25"), "the hub /23's only free /25 (AddressPlanner.ApimOutbound)");
        var delegation = (YamlMappingNode)((YamlSequenceNode)subnet.Node("delegations")).Children.Single();
        Assert.That(delegation.Scalar("serviceName").Value, Is.EqualTo("Microsoft.Web/serverFarms"));
        Assert.That(subnet.Map("networkSecurityGroup").Scalar("id").Value, Is.EqualTo("${hub-uan-nsg-apim-outbound.id}"));

        var rules = ((YamlSequenceNode)Properties(resources, "hub-uan-nsg-apim-outbound").Node("securityRules")).Children.Cast<YamlMappingNode>().ToList();
        var allow = rules.Single(r => r.Scalar("name").Value == "AllowPrivateEndpointsHttpsOutbound");
        Assert.That((allow.Scalar("direction").Value, allow.Scalar("access").Value, allow.Scalar("destinationPortRange").Value), Is.EqualTo(("Outbound", "Allow", "443")));
        Assert.That(((YamlSequenceNode)allow.Node("destinationAddressPrefixes")).Children.Select(c => ((YamlScalarNode)c).Value),
            Is.EqualTo(new[] { "10.40.17.0/26", "10.40.33.0/26" }), "the documents and shared spokes' private-endpoint subnets");
        Assert.That(rules.Select(r => r.Scalar("name").Value), Does.Contain("DenyVirtualNetworkOutbound").And.Contain("DenyAllOtherInbound"));
    }

    [Test]
    public void A_stack_without_a_front_partner_has_no_outbound_subnet()
    {
        var resources = Resources("dev");
        Assert.That(resources.Keys().Where(k => k.Contains("apim", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void The_front_s_identity_reads_the_public_store_only()
    {
        var resources = Resources("prod");
        var grants = resources.Keys().Where(k => k.StartsWith("front-uan-ra-", StringComparison.Ordinal)).ToList();
        Assert.That(grants, Is.EqualTo(new[] { "front-uan-ra-st-pub-read" }));
        var grant = Properties(resources, grants[0]);
        Assert.That(grant.Scalar("roleDefinitionId").Value, Does.EndWith("/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"), "Storage Blob Data Reader");
        Assert.That(grant.Scalar("principalId").Value, Is.EqualTo("${front-uan-apim.identity.principalId}"));
        Assert.That(grant.Scalar("principalType").Value, Is.EqualTo("ServicePrincipal"));
        Assert.That(grant.Scalar("scope").Value, Is.EqualTo("${documents-uan-st-pub.id}"));
    }

    [Test]
    public void The_public_documents_policy_reaches_Pulumi_as_written()
    {
        var policy = Properties(Resources("prod"), "front-uan-api-public-documents-policy");
        Assert.That(policy.Scalar("format").Value, Is.EqualTo("rawxml"));
        Assert.That(policy.Scalar("apiId").Value, Is.EqualTo("${front-uan-api-public-documents.name}"));
        Assert.That(PulumiYaml.Interpolated(policy.Scalar("value").Value!), Is.EqualTo(PartnerFront.PublicDocumentsPolicy),
            "what Pulumi YAML reads back is the policy document, with no interpolation");
        Assert.That(PartnerFront.PublicDocumentsPolicy, Does.Contain("<authentication-managed-identity resource=\"https://storage.azure.com/\" />")
            .And.Contain("<set-header name=\"x-ms-version\" exists-action=\"override\">")
            .And.Contain("<set-header name=\"Ocp-Apim-Subscription-Key\" exists-action=\"delete\" />"));
    }
}
