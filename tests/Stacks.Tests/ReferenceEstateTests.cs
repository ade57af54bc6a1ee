using System.Net;
using Oic.Infra.Estate.Addressing;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative;
using Oic.Infra.Resources.AzureNative.Authorization;
using Oic.Infra.Resources.AzureNative.Network;
using Oic.Infra.Resources.AzureNative.OperationalInsights;
using Oic.Infra.Resources.AzureNative.Storage;
using Oic.Infra.Stacks.Tests.Support;
using Oic.Infra.Synth;
using YamlDotNet.RepresentationModel;
using AzureResourceGroup = Oic.Infra.Resources.AzureNative.Resources.ResourceGroup;
using KeyVault = Oic.Infra.Resources.AzureNative.KeyVault.Vault;
using KeyVaultKey = Oic.Infra.Resources.AzureNative.KeyVault.Key;
using Oic.Infra.Resources.AzureNative.DataProtection;

namespace Oic.Infra.Stacks.Tests;

/// <summary>
/// The estate the repository's own stack files declare (<c>stacks/Pulumi.prod.yaml</c>,
/// <c>Pulumi.prod-dr.yaml</c>, <c>Pulumi.dev.yaml</c>), checked the way a reviewer of the deployed
/// Azure estate would: tags, protection, parents and providers, names, regions and redundancy,
/// network security, the VPN links and their secrets, and what adding an office changes.
/// </summary>
public class ReferenceEstateTests
{
    /// <summary>Subnets whose names Azure reserves for its own services.</summary>
    private static readonly string[] ReservedSubnets = ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "AzureBastionSubnet"];

    /// <summary>The input that holds each resource type's Azure name (ADR 1: explicit names, no auto-naming).</summary>
    private static readonly Dictionary<string, string> NameInput = new(StringComparer.Ordinal)
    {
        ["azure-native:resources:ResourceGroup"] = "resourceGroupName",
        ["azure-native:network:VirtualNetwork"] = "virtualNetworkName",
        ["azure-native:apimanagement:ApiManagementService"] = "serviceName",
        ["azure-native:apimanagement:Api"] = "apiId",
        ["azure-native:apimanagement:Product"] = "productId",
        ["azure-native:apimanagement:ProductApiLink"] = "apiLinkId",
        ["azure-native:apimanagement:Subscription"] = "sid",
        ["azure-native:apimanagement:ApiPolicy"] = "policyId",
        ["azure-native:network:Subnet"] = "subnetName",
        ["azure-native:network:NetworkSecurityGroup"] = "networkSecurityGroupName",
        ["azure-native:network:RouteTable"] = "routeTableName",
        ["azure-native:network:PublicIPAddress"] = "publicIpAddressName",
        ["azure-native:network:AzureFirewall"] = "azureFirewallName",
        ["azure-native:network:FirewallPolicy"] = "firewallPolicyName",
        ["azure-native:network:VirtualNetworkGateway"] = "virtualNetworkGatewayName",
        ["azure-native:network:LocalNetworkGateway"] = "localNetworkGatewayName",
        ["azure-native:network:VirtualNetworkGatewayConnection"] = "virtualNetworkGatewayConnectionName",
        ["azure-native:network:BastionHost"] = "bastionHostName",
        ["azure-native:network:DdosProtectionPlan"] = "ddosProtectionPlanName",
        ["azure-native:network:VirtualNetworkPeering"] = "virtualNetworkPeeringName",
        ["azure-native:network:PrivateEndpoint"] = "privateEndpointName",
        ["azure-native:network:PrivateDnsZoneGroup"] = "privateDnsZoneGroupName",
        ["azure-native:privatedns:PrivateZone"] = "privateZoneName",
        ["azure-native:privatedns:VirtualNetworkLink"] = "virtualNetworkLinkName",
        ["azure-native:dnsresolver:DnsResolver"] = "dnsResolverName",
        ["azure-native:dnsresolver:InboundEndpoint"] = "inboundEndpointName",
        ["azure-native:dnsresolver:OutboundEndpoint"] = "outboundEndpointName",
        ["azure-native:storage:StorageAccount"] = "accountName",
        ["azure-native:storage:BlobServiceProperties"] = "blobServicesName",
        ["azure-native:storage:BlobContainer"] = "containerName",
        ["azure-native:storage:BlobContainerImmutabilityPolicy"] = "immutabilityPolicyName",
        ["azure-native:storage:ManagementPolicy"] = "managementPolicyName",
        ["azure-native:storage:ObjectReplicationPolicy"] = "objectReplicationPolicyId",
        ["azure-native:keyvault:Vault"] = "vaultName",
        ["azure-native:keyvault:Key"] = "keyName",
        ["azure-native:managedidentity:UserAssignedIdentity"] = "resourceName",
        ["azure-native:authorization:RoleAssignment"] = "roleAssignmentName",
        ["azure-native:authorization:RoleDefinition"] = "roleDefinitionId",
        ["azure-native:operationalinsights:Workspace"] = "workspaceName",
        ["azure-native:monitor:DiagnosticSetting"] = "name",
        ["azure-native:dataprotection:BackupVault"] = "vaultName",
        ["azure-native:dataprotection:BackupPolicy"] = "backupPolicyName",
        ["azure-native:dataprotection:BackupInstance"] = "backupInstanceName",
        ["azure-native:network:NetworkWatcher"] = "networkWatcherName",
        ["azure-native:network:FirewallPolicyRuleCollectionGroup"] = "ruleCollectionGroupName",
        ["azure-native:network:FlowLog"] = "flowLogName",
        ["azure-native:monitor:SubscriptionDiagnosticSetting"] = "name",
        ["azure-native:monitor:ActionGroup"] = "actionGroupName",
        ["azure-native:monitor:ActivityLogAlert"] = "activityLogAlertName",
        ["azure-native:security:Pricing"] = "pricingName",
        ["azure-native:authorization:ManagementLockAtResourceGroupLevel"] = "lockName",
        ["azure-native:security:SecurityContact"] = "securityContactName",
        ["azure-native:securityinsights:SentinelOnboardingState"] = "sentinelOnboardingStateName",
        ["azure-native:monitor:PrivateLinkScope"] = "scopeName",
        ["azure-native:monitor:PrivateLinkScopedResource"] = "name",
        ["azure-native:monitor:ScheduledQueryRule"] = "ruleName",
        ["azure-native:aadiam:DiagnosticSetting"] = "name",
        ["azure-native:authorization:RoleManagementPolicy"] = "roleManagementPolicyName",
        ["azure-native:authorization:RoleManagementPolicyAssignment"] = "roleManagementPolicyAssignmentName",
        ["azure-native:maintenance:MaintenanceConfiguration"] = "resourceName",
        ["azure-native:maintenance:ConfigurationAssignment"] = "configurationAssignmentName",
        ["azure-native:authorization:PolicyAssignment"] = "policyAssignmentName",
        ["azure-native:consumption:Budget"] = "budgetName",
        ["azure-native:dnsresolver:DnsForwardingRuleset"] = "dnsForwardingRulesetName",
        ["azure-native:dnsresolver:ForwardingRule"] = "forwardingRuleName",
        ["azure-native:dnsresolver:PrivateResolverVirtualNetworkLink"] = "virtualNetworkLinkName",
    };

    /// <summary>The document stores (the flow-log account of the monitoring component is not one).</summary>
    private static List<StorageAccount> DocumentAccounts(Oic.Infra.Resources.ResourceGraph graph) =>
        graph.Resources.OfType<StorageAccount>().Where(a => a.LogicalName.StartsWith("documents-", StringComparison.Ordinal)).ToList();

    /// <summary>Types whose SDK args offer no name at all (Azure or the provider picks one).</summary>
    private static readonly string[] Unnamed = [Provider.TypeToken, PimRoleEligibilitySchedule.TypeToken];

    /// <summary>Types named within a resource group (or the subscription), not below another resource.</summary>
    private static readonly string[] TopLevel =
    [
        "azure-native:resources:ResourceGroup", "azure-native:network:VirtualNetwork", "azure-native:network:NetworkSecurityGroup",
        "azure-native:network:RouteTable", "azure-native:network:PublicIPAddress", "azure-native:network:AzureFirewall",
        "azure-native:network:FirewallPolicy", "azure-native:network:VirtualNetworkGateway", "azure-native:network:LocalNetworkGateway",
        "azure-native:network:VirtualNetworkGatewayConnection", "azure-native:network:BastionHost", "azure-native:network:DdosProtectionPlan",
        "azure-native:network:PrivateEndpoint", "azure-native:privatedns:PrivateZone", "azure-native:dnsresolver:DnsResolver",
        "azure-native:storage:StorageAccount", "azure-native:keyvault:Vault", "azure-native:managedidentity:UserAssignedIdentity",
        "azure-native:authorization:RoleAssignment", "azure-native:authorization:RoleDefinition",
        "azure-native:operationalinsights:Workspace", "azure-native:dataprotection:BackupVault",
        "azure-native:authorization:PolicyAssignment", "azure-native:consumption:Budget", "azure-native:dnsresolver:DnsForwardingRuleset",
    ];

    private static bool IsStateful(Resource r) =>
        r is StorageAccount or KeyVault or BackupVault or BackupInstance or Workspace or BlobContainer;

    // ---- tags ---------------------------------------------------------------------------------

    [TestCase("prod")]
    [TestCase("prod-dr")]
    [TestCase("dev")]
    public void Every_taggable_resource_carries_owner_cost_center_and_data_classification(string stack)
    {
        var estate = ReferenceStacks.Estate(stack);
        var taggable = ReferenceStacks.Graph(stack).Resources.Where(r => r.Args.GetType().GetProperty("Tags") is not null).ToList();

        Assert.That(taggable, Has.Count.GreaterThan(30), "the estate has many taggable resources");
        Assert.Multiple(() =>
        {
            foreach (var resource in taggable)
            {
                if (resource.Inputs["tags"] is not PropertyValue.Map tags)
                {
                    Assert.Fail($"{resource} has no tags");
                    continue;
                }
                Assert.That(tags.Str("owner"), Is.EqualTo(estate.Tags["owner"]), $"{resource} owner");
                Assert.That(tags.Str("cost-center"), Is.EqualTo(estate.Tags["cost-center"]), $"{resource} cost-center");
                Assert.That(tags.Str("data-classification"), Is.AnyOf(DataClassificationNames.ConfigNames.Cast<object>().ToArray()), $"{resource} data-classification");
                Assert.That(tags.Str("environment"), Is.EqualTo(estate.Deployment.Environment), $"{resource} environment");
            }
        });
    }

    [TestCase("prod")]
    [TestCase("dev")]
    public void Document_stores_are_tagged_with_their_own_classification(string stack)
    {
        var graph = ReferenceStacks.Graph(stack);
        var estate = ReferenceStacks.Estate(stack);
        var accounts = DocumentAccounts(graph);

        Assert.That(accounts.Select(a => ((PropertyValue.Map)a.Inputs["tags"]!).Str("data-classification")),
            Is.EquivalentTo(estate.DocumentStores.Select(s => s.Classification.ToConfigName())));
    }

    // ---- protection ---------------------------------------------------------------------------

    [TestCase("prod", true)]
    [TestCase("prod-dr", true)]
    [TestCase("dev", false)]
    public void Stores_vaults_workspace_and_containers_are_protected_where_protectStateful_is_set(string stack, bool protect)
    {
        var graph = ReferenceStacks.Graph(stack);
        var estate = ReferenceStacks.Estate(stack);
        Assert.That(estate.Deployment.ProtectStateful, Is.EqualTo(protect), "the stack file's protectStateful");

        var stateful = graph.Resources.Where(IsStateful).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(stateful.OfType<StorageAccount>().Count(a => a.LogicalName.StartsWith("documents-", StringComparison.Ordinal)), Is.EqualTo(estate.DocumentStores.Count));
            Assert.That(stateful.OfType<BlobContainer>().Count(), Is.EqualTo(estate.DocumentStores.Sum(s => s.Containers.Count)));
            Assert.That(stateful.OfType<KeyVault>().Count(), Is.EqualTo(1));
            Assert.That(stateful.OfType<BackupVault>().Count(), Is.EqualTo(1));
            Assert.That(stateful.OfType<BackupInstance>().Count(), Is.EqualTo(estate.DocumentStores.Count), "every document store is protected");
            Assert.That(stateful.OfType<Workspace>().Count(), Is.EqualTo(1));
            foreach (var resource in stateful)
                Assert.That(resource.Options.Protect, Is.EqualTo(protect), $"{resource} protect");
        });
    }

    [TestCase("prod")]
    [TestCase("prod-dr")]
    [TestCase("dev")]
    public void Nothing_but_state_is_protected(string stack)
    {
        var graph = ReferenceStacks.Graph(stack);

        // The CMK and the WORM policies are state too: losing them loses the documents or the records guarantee.
        var unexpected = graph.Resources
            .Where(r => r.Options.Protect && !IsStateful(r) && r is not KeyVaultKey and not BlobContainerImmutabilityPolicy)
            .Select(r => r.ToString());

        Assert.That(unexpected, Is.Empty, "network, identity and monitoring resources stay replaceable");
    }

    // ---- parents and providers ------------------------------------------------------------------

    [TestCase("prod")]
    [TestCase("prod-dr")]
    [TestCase("dev")]
    public void Every_resource_uses_the_regions_explicit_provider_and_lives_under_a_resource_group(string stack)
    {
        var graph = ReferenceStacks.Graph(stack);
        var estate = ReferenceStacks.Estate(stack);
        var providers = graph.Resources.OfType<Provider>().ToList();
        Assert.That(providers, Has.Count.EqualTo(1), "one explicit provider per deployed region");
        var provider = providers[0];

        Assert.Multiple(() =>
        {
            Assert.That(provider.LogicalName, Is.EqualTo($"azure-{estate.DeployedRegion.Code}"));
            Assert.That(provider.Inputs.Str("location"), Is.EqualTo(estate.DeployedRegion.Location));
            Assert.That(provider.Inputs.Str("subscriptionId"), Is.EqualTo(estate.Subscription.Id.ToString()));
            Assert.That(provider.Inputs.Str("tenantId"), Is.EqualTo(estate.Subscription.TenantId.ToString()));
            Assert.That(provider.Options.Version, Is.EqualTo(StackContext.AzureNativeVersion));
            foreach (var resource in graph.Resources.Where(r => r is not Provider))
            {
                Assert.That(resource.Options.Provider, Is.SameAs(provider), $"{resource} provider");
                if (resource is AzureResourceGroup)
                    Assert.That(resource.Options.Parent, Is.Null, $"{resource} is a root");
                else
                    Assert.That(resource.Options.Parent, Is.InstanceOf<AzureResourceGroup>(), $"{resource} parent");
            }
        });
    }

    [TestCase("prod")]
    [TestCase("dev")]
    public void A_resource_is_deployed_into_the_resource_group_that_is_its_parent(string stack)
    {
        var graph = ReferenceStacks.Graph(stack);
        var placed = graph.Resources
            .Where(r => r is not AzureResourceGroup and not Provider)
            .Select(r => (Resource: r, Group: r.Inputs.At("resourceGroupName") is PropertyValue.Ref { Target: { Resource: AzureResourceGroup g, Path: "name" } } ? g : null))
            .Where(p => p.Group is not null)
            .ToList();

        Assert.That(placed, Has.Count.GreaterThan(graph.Resources.Count / 2), "most resources name their resource group by reference");
        Assert.Multiple(() =>
        {
            foreach (var (resource, group) in placed)
                Assert.That(group, Is.SameAs(resource.Options.Parent), $"{resource} is in {group!.LogicalName}, parented to {resource.Options.Parent?.LogicalName}");
        });
    }

    // ---- names ---------------------------------------------------------------------------------

    [TestCase("prod")]
    [TestCase("prod-dr")]
    [TestCase("dev")]
    public void Every_resource_has_an_explicit_Azure_name(string stack)
    {
        var graph = ReferenceStacks.Graph(stack);

        Assert.Multiple(() =>
        {
            foreach (var resource in graph.Resources.Where(r => !Unnamed.Contains(r.Type)))
            {
                Assert.That(NameInput.TryGetValue(resource.Type, out var input), Is.True, $"{resource.Type} is missing from this test's name table");
                // The source half of an object replication policy must carry the id Azure gave the destination half.
                if (input is not null && !(resource.Type == "azure-native:storage:ObjectReplicationPolicy" && resource.Inputs[input] is PropertyValue.Ref))
                    Assert.That(resource.Inputs.Str(input), Is.Not.Null.And.Not.Empty, $"{resource} {input} is a literal name");
            }
        });
    }

    [TestCase("prod")]
    [TestCase("prod-dr")]
    [TestCase("dev")]
    public void Azure_names_are_unique_per_type_within_a_stack(string stack)
    {
        var graph = ReferenceStacks.Graph(stack);
        var named = graph.Resources.Where(r => NameInput.ContainsKey(r.Type)).ToList();

        Assert.Multiple(() =>
        {
            // Top-level resources: the name alone is unique per type (across resource groups too).
            foreach (var group in named.Where(r => TopLevel.Contains(r.Type)).GroupBy(r => (r.Type, Name: r.Inputs.Str(NameInput[r.Type]))))
                Assert.That(group.Select(r => r.LogicalName), Has.Exactly(1).Items, $"{group.Key.Type} named '{group.Key.Name}'");

            // Child resources: unique within their parent, i.e. by every *Name input plus scope.
            foreach (var group in named.GroupBy(r => (r.Type, Identity: AzureIdentity(r))))
                Assert.That(group.Select(r => r.LogicalName), Has.Exactly(1).Items, $"{group.Key.Type} at {group.Key.Identity}");
        });
    }

    [Test]
    public void Globally_unique_names_differ_across_the_stacks_of_the_tenant()
    {
        var graphs = ReferenceStacks.All.Select(ReferenceStacks.Graph).ToList();
        static IEnumerable<string?> Names<T>(IEnumerable<ResourceGraph> graphs, string input) where T : Resource =>
            graphs.SelectMany(g => g.Resources.OfType<T>()).Select(r => r.Inputs.Str(input));

        Assert.Multiple(() =>
        {
            // Storage accounts and key vaults are DNS names; custom role names and role ids are per tenant.
            Assert.That(Names<StorageAccount>(graphs, "accountName"), Is.Unique, "storage account names");
            Assert.That(Names<KeyVault>(graphs, "vaultName"), Is.Unique, "key vault names");
            Assert.That(Names<RoleDefinition>(graphs, "roleName"), Is.Unique, "custom role names");
            Assert.That(Names<RoleDefinition>(graphs, "roleDefinitionId"), Is.Unique, "custom role ids");
            Assert.That(Names<RoleAssignment>(graphs, "roleAssignmentName"), Is.Unique, "role assignment ids");
        });
    }

    /// <summary>Where Azure files a resource: its own name, every other <c>*Name</c> input (the parents), and its scope.</summary>
    private static string AzureIdentity(Resource resource)
    {
        var inputs = resource.Inputs;
        var parts = inputs.Entries
            .Where(e => e.Key.EndsWith("Name", StringComparison.Ordinal) || e.Key is "name" or "scope" or "resourceUri" or "roleDefinitionId"
                // API Management children are filed under their ids: /products/{productId}/apiLinks/{apiLinkId}.
                or "productId" or "apiLinkId" or "apiId" or "sid")
            .Select(e => $"{e.Key}={Values.Canonical(e.Value)}");
        return string.Join(" ", parts);
    }

    // ---- regions, zones and redundancy ---------------------------------------------------------

    [TestCase("prod")]
    [TestCase("prod-dr")]
    [TestCase("dev")]
    public void Every_resource_is_located_in_the_deployed_region(string stack)
    {
        var graph = ReferenceStacks.Graph(stack);
        var location = ReferenceStacks.Estate(stack).DeployedRegion.Location;

        Assert.Multiple(() =>
        {
            foreach (var resource in graph.Resources)
                if (resource.Inputs["location"] is { } value)
                    Assert.That(Values.Canonical(value), Is.EqualTo($"\"{location}\"").Or.EqualTo("\"Global\""), $"{resource} location");
        });
    }

    [Test]
    public void Prod_deploys_uaenorth_zone_redundant_with_GZRS_document_stores()
    {
        var graph = ReferenceStacks.Graph("prod");

        Assert.Multiple(() =>
        {
            Assert.That(graph.Resources.OfType<Provider>().Single().Inputs.Str("location"), Is.EqualTo("uaenorth"));
            var pips = graph.Resources.OfType<PublicIPAddress>().ToList();
            Assert.That(pips, Has.Count.GreaterThanOrEqualTo(4), "firewall, two gateway instances, bastion");
            foreach (var pip in pips)
            {
                Assert.That(pip.Inputs.Strings("zones"), Is.EqualTo(new[] { "1", "2", "3" }), $"{pip} zones");
                Assert.That(pip.Inputs.Str("sku.name"), Is.EqualTo("Standard"), $"{pip} sku");
            }
            Assert.That(graph.Resources.OfType<AzureFirewall>().Single().Inputs.Strings("zones"), Is.EqualTo(new[] { "1", "2", "3" }));
            foreach (var (account, classification) in StorageAccounts(graph))
                Assert.That(account.Inputs.Str("sku.name"), Is.EqualTo("Standard_GZRS"), $"{account} ({classification}): every classification must reach the DR region");
            Assert.That(VaultRedundancy(graph),
                Is.EqualTo("GeoRedundant"), "uaenorth is paired with uaecentral");
        });
    }

    [Test]
    public void Prod_dr_deploys_uaecentral_without_zones_with_GRS_document_stores()
    {
        var graph = ReferenceStacks.Graph("prod-dr");

        Assert.Multiple(() =>
        {
            Assert.That(graph.Resources.OfType<Provider>().Single().Inputs.Str("location"), Is.EqualTo("uaecentral"));
            foreach (var resource in graph.Resources)
                Assert.That(resource.Inputs["zones"], Is.Null, $"{resource}: UAE Central has no availability zones");
            foreach (var (account, classification) in StorageAccounts(graph))
                Assert.That(account.Inputs.Str("sku.name"), Is.EqualTo("Standard_GRS"), $"{account} ({classification})");
            Assert.That(VaultRedundancy(graph),
                Is.EqualTo("GeoRedundant"), "uaecentral is paired with uaenorth");
        });
    }

    [Test]
    public void The_DR_hub_reaches_every_account_that_fails_over_through_its_own_private_endpoint()
    {
        var prod = ReferenceStacks.Graph("prod");
        var dr = ReferenceStacks.Graph("prod-dr");
        var failingOver = StorageAccounts(prod).Where(a => a.Classification is "public" or "internal").Select(a => a.Account.Inputs.Str("accountName")).ToList();
        var endpoints = dr.Resources.OfType<PrivateEndpoint>()
            .Select(pe => (Target: pe.Inputs["privateLinkServiceConnections"] is PropertyValue.List { Items: [PropertyValue.Map first, ..] } ? first.Str("privateLinkServiceId") : null,
                Subnet: pe.Inputs["subnet"]))
            .ToList();

        Assert.That(failingOver, Has.Count.EqualTo(2));
        foreach (var account in failingOver)
            Assert.That(endpoints.Where(e => e.Target?.EndsWith($"/resourceGroups/rg-oicgs-prod-documents-uan/providers/Microsoft.Storage/storageAccounts/{account}", StringComparison.Ordinal) == true).ToList(),
                Has.Count.EqualTo(1), $"a private endpoint in the DR hub to {account}, registered in the DR hub's privatelink zone");
        Assert.That(dr.Resources.Where(r => r.Type == "azure-native:storage:ObjectReplicationPolicy"), Is.Empty,
            "nothing in the DR stack depends on the primary region");
    }

    [Test]
    public void The_primary_replicates_each_records_store_into_the_DR_account_destination_first()
    {
        var prod = ReferenceStacks.Graph("prod");
        var drAccounts = StorageAccounts(ReferenceStacks.Graph("prod-dr")).ToDictionary(a => a.Classification!, a => a.Account.Inputs.Str("accountName"));
        var policies = prod.Resources.Where(r => r.Type == "azure-native:storage:ObjectReplicationPolicy").ToList();

        Assert.That(policies.Select(p => p.LogicalName).Order(), Is.EqualTo(new[]
        {
            "documents-uan-st-conf-orp", "documents-uan-st-conf-orp-dr", "documents-uan-st-sconf-orp", "documents-uan-st-sconf-orp-dr",
        }));
        foreach (var code in new[] { ("conf", "confidential"), ("sconf", "strictly-confidential") })
        {
            var destination = policies.Single(p => p.LogicalName == $"documents-uan-st-{code.Item1}-orp-dr");
            var source = policies.Single(p => p.LogicalName == $"documents-uan-st-{code.Item1}-orp");
            Assert.That(destination.Inputs.Str("accountName"), Is.EqualTo(drAccounts[code.Item2]));
            Assert.That(destination.Inputs.Str("objectReplicationPolicyId"), Is.EqualTo("default"));
            Assert.That(source.Inputs["objectReplicationPolicyId"], Is.EqualTo(new PropertyValue.Ref(Reference.ToOutput(destination, "policyId"))),
                "the source half carries the id Azure gave the destination half");
            var firstRule = ((PropertyValue.List)source.Inputs["rules"]!).Items[0] as PropertyValue.Map;
            Assert.That(firstRule!["ruleId"], Is.EqualTo(new PropertyValue.Ref(Reference.ToOutput(destination, "rules[0].ruleId"))));
        }
    }

    [Test]
    public void Saudi_Arabia_East_can_be_the_primary_with_uae_north_as_DR()
    {
        var text = File.ReadAllText(ReferenceStacks.StackFile("prod"))
            .Replace("    primary:\n      location: uaenorth", "    primary:\n      location: saudiarabiaeast", StringComparison.Ordinal)
            .Replace("    dr:\n      location: uaecentral", "    dr:\n      location: uaenorth", StringComparison.Ordinal);
        var estate = Oic.Infra.Estate.Config.EstateLoader.Load(Oic.Infra.Estate.Config.StackConfig.FromStackFileText(text, "saudi.yaml", "prod"));

        var graph = Oic.Infra.Stacks.EstateProgram.Declare(estate);

        Assert.That(graph.Resources.OfType<Provider>().Single().Inputs.Str("location"), Is.EqualTo("saudiarabiaeast"));
        Assert.That(estate.DocumentStores.Select(s => s.Recovery), Is.All.EqualTo(DocumentRecovery.ObjectReplication), "no pair: nothing can fail over");
        Assert.That(graph.Resources.OfType<PublicIPAddress>().Select(p => p.Inputs.Strings("zones")), Has.All.EqualTo(new[] { "1", "2", "3" }));
        Assert.That(StorageAccounts(graph).Select(a => a.Account.Inputs.Str("sku.name")), Has.All.EqualTo("Standard_ZRS"), "no pair, so no GRS");
    }

    [TestCase("prod")]
    [TestCase("prod-dr")]
    [TestCase("dev")]
    public void The_VPN_gateway_uses_a_zone_redundant_AZ_SKU_active_active(string stack)
    {
        var gateway = ReferenceStacks.Graph(stack).Resources.OfType<VirtualNetworkGateway>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(gateway.Inputs.Str("sku.name"), Does.EndWith("AZ"));
            Assert.That(gateway.Inputs.Str("sku.tier"), Is.EqualTo(gateway.Inputs.Str("sku.name")));
            Assert.That(gateway.Inputs.Str("sku.name"), Is.EqualTo(ReferenceStacks.Estate(stack).Network.VpnGatewaySku));
            Assert.That(gateway.Inputs.At("activeActive"), Is.EqualTo(new PropertyValue.Bool(true)));
            Assert.That(gateway.Inputs.At("ipConfigurations"), Is.InstanceOf<PropertyValue.List>().With.Property("Items").Count.EqualTo(2),
                "active-active needs two IP configurations");
        });
    }

    [Test]
    public void Prod_dr_mirrors_prod_resource_for_resource()
    {
        // Subscription-wide settings (activity-log alerts, Defender plans, the security contact, PIM role settings, the
        // tenant's sign-in export and the break-glass alert on it, policy assignments, the budget) have one owner: the primary stack (ADR 0016).
        string[] subscriptionWide =
        [
            "azure-native:monitor:ActionGroup", "azure-native:monitor:ActivityLogAlert", "azure-native:security:Pricing",
            "azure-native:security:SecurityContact", "azure-native:authorization:RoleManagementPolicy",
            "azure-native:authorization:RoleManagementPolicyAssignment", "azure-native:aadiam:DiagnosticSetting", "azure-native:monitor:ScheduledQueryRule",
            // and the Azure Policy assignments and the budget (ADR 0020)
            "azure-native:authorization:PolicyAssignment", "azure-native:consumption:Budget",
        ];
        static IEnumerable<string> Shape(ResourceGraph graph, string code) =>
            graph.Resources.Select(r => $"{r.Type} {r.LogicalName.Replace($"-{code}", "-REGION", StringComparison.Ordinal)}");

        // Document recovery is one-sided (ADR 0007): the primary owns the object replication into the DR accounts,
        // the DR stack the private endpoints to the accounts that fail over into its region. The link between the
        // regions too (ADR 0013): the primary owns both halves of the hub peering, the DR stack the one DDoS plan.
        var prod = Shape(ReferenceStacks.Graph("prod"), "uan").Where(s => !subscriptionWide.Any(t => s.StartsWith(t + " ", StringComparison.Ordinal)))
            .Where(s => !s.StartsWith("azure-native:storage:ObjectReplicationPolicy ", StringComparison.Ordinal))
            .Where(s => !s.Contains("-dr-hub", StringComparison.Ordinal));
        // The whole DR program, as the rebuild deploys it; in peacetime only its pilot light stands (PilotLightTests).
        var dr = Shape(EstateProgram.DeclareActive(ReferenceStacks.Estate("prod-dr")), "uac").Where(s => !s.Contains("-failover", StringComparison.Ordinal))
            .Where(s => !s.StartsWith("azure-native:network:DdosProtectionPlan ", StringComparison.Ordinal));

        Assert.That(dr, Is.EquivalentTo(prod), "the DR stack can rebuild everything the primary runs");
        Assert.That(ReferenceStacks.Graph("prod").Resources.Count(r => subscriptionWide.Contains(r.Type)), Is.GreaterThan(0));
    }

    private static string? VaultRedundancy(ResourceGraph graph) =>
        graph.Resources.OfType<BackupVault>().Single().Inputs.At("properties.storageSettings") is PropertyValue.List { Items: [PropertyValue.Map first] }
            ? first.Str("type") : null;

    [Test]
    public void Prod_dr_address_space_mirrors_prod_in_its_own_supernet()
    {
        static Dictionary<string, string> Prefixes(string stack, string code) => ReferenceStacks.Graph(stack).Resources
            .OfType<VirtualNetwork>()
            .ToDictionary(v => v.LogicalName.Replace($"-{code}", "", StringComparison.Ordinal), v => v.Inputs.Strings("addressSpace.addressPrefixes").Single());

        var prod = Prefixes("prod", "uan");
        var dr = Prefixes("prod-dr", "uac");

        Assert.Multiple(() =>
        {
            Assert.That(dr.Keys, Is.EquivalentTo(prod.Keys));
            foreach (var (vnet, prefix) in prod)
                Assert.That(dr[vnet], Is.EqualTo(prefix.Replace("10.40.", "10.41.", StringComparison.Ordinal)), vnet);
        });
    }

    private static IEnumerable<(StorageAccount Account, string? Classification)> StorageAccounts(ResourceGraph graph)
    {
        var accounts = DocumentAccounts(graph);
        Assert.That(accounts, Has.Count.EqualTo(4), "one store per classification");
        return accounts.Select(a => (a, ((PropertyValue.Map)a.Inputs["tags"]!).Str("data-classification")));
    }

    // ---- network security ----------------------------------------------------------------------

    [TestCase("prod")]
    [TestCase("prod-dr")]
    [TestCase("dev")]
    public void Every_subnet_but_Azures_reserved_ones_has_a_network_security_group(string stack)
    {
        var subnets = ReferenceStacks.Graph(stack).Resources.OfType<Subnet>().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(subnets.Select(s => s.Inputs.Str("subnetName")), Is.SupersetOf(ReservedSubnets));
            foreach (var subnet in subnets)
            {
                var name = subnet.Inputs.Str("subnetName");
                var nsg = subnet.Inputs.RefTarget("networkSecurityGroup.id");
                if (name is "GatewaySubnet" or "AzureFirewallSubnet" or "AzureFirewallManagementSubnet")
                    Assert.That(nsg, Is.Null, $"{subnet} ({name}): Azure refuses an NSG there");
                else if (name is not "AzureBastionSubnet")
                    Assert.That(nsg, Is.InstanceOf<NetworkSecurityGroup>(), $"{subnet} ({name}) network security group");
            }
        });
    }

    [TestCase("prod")]
    [TestCase("prod-dr")]
    [TestCase("dev")]
    public void Spoke_and_partner_subnets_send_everything_through_the_firewall(string stack)
    {
        var estate = ReferenceStacks.Estate(stack);
        var graph = EstateProgram.DeclareActive(estate);
        var plan = AddressPlanner.Plan(estate).Plan!.For(estate.Deployment.Role);
        var subnets = graph.Resources.OfType<Subnet>().ToList();
        var hubVnet = subnets.Single(s => s.Inputs.Str("subnetName") == "GatewaySubnet").Inputs.RefTarget("virtualNetworkName");
        var spokeSubnets = subnets.Where(s => !ReferenceEquals(s.Inputs.RefTarget("virtualNetworkName"), hubVnet)).ToList();
        var firewall = graph.Resources.OfType<AzureFirewall>().Single();
        // Routes name the address the firewall holds (the first Azure hands out in its subnet), so they stand before it (ADR 0014).
        var firewallSubnet = ((PropertyValue.Map)((PropertyValue.List)firewall.Inputs["ipConfigurations"]!).Items[0]).RefTarget("subnet.id");
        Assert.That(firewallSubnet?.Inputs.Str("subnetName"), Is.EqualTo("AzureFirewallSubnet"));
        var firewallAddress = plan.Hub.Subnet("AzureFirewallSubnet").FirstAssignableAddress;

        Assert.That(spokeSubnets, Has.Count.EqualTo(plan.Spokes.Sum(s => s.Vnet.Subnets.Count) + plan.Partners.Subnets.Count));
        Assert.Multiple(() =>
        {
            foreach (var subnet in spokeSubnets)
            {
                Assert.That(subnet.Inputs.RefTarget("networkSecurityGroup.id"), Is.InstanceOf<NetworkSecurityGroup>(), $"{subnet} NSG");
                if (subnet.Inputs.RefTarget("routeTable.id") is not RouteTable table)
                {
                    Assert.Fail($"{subnet} has no route table");
                    continue;
                }
                var routes = table.Inputs.At("routes") as PropertyValue.List;
                Assert.That(routes?.Items, Has.Count.EqualTo(1), $"{table} has a single route");
                if (routes?.Items is not [PropertyValue.Map route]) continue;
                Assert.That(route.Str("addressPrefix"), Is.EqualTo("0.0.0.0/0"), $"{table} default route");
                Assert.That(route.Str("nextHopType"), Is.EqualTo("VirtualAppliance"), $"{table} next hop type");
                Assert.That(route.Str("nextHopIpAddress"), Is.EqualTo(firewallAddress), $"{table} next hop is the firewall's private IP");
                Assert.That(table.Inputs.At("disableBgpRoutePropagation"), Is.EqualTo(new PropertyValue.Bool(true)),
                    $"{table}: routes learned from the VPN gateway must not bypass the firewall");
            }
        });
    }

    [TestCase("prod")]
    public void A_partners_subnet_admits_only_HTTPS_from_that_partners_prefixes(string stack)
    {
        var graph = ReferenceStacks.Graph(stack);
        var estate = ReferenceStacks.Estate(stack);

        Assert.Multiple(() =>
        {
            foreach (var partner in estate.Partners)
            {
                var subnet = graph.Resources.OfType<Subnet>().Single(s => s.Inputs.Str("subnetName") == $"snet-partner-{partner.Key}");
                var nsg = (NetworkSecurityGroup)subnet.Inputs.RefTarget("networkSecurityGroup.id")!;
                var allows = ((PropertyValue.List)nsg.Inputs["securityRules"]!).Items.Cast<PropertyValue.Map>()
                    .Where(r => r.Str("access") == "Allow" && r.Str("direction") == "Inbound").ToList();
                Assert.That(allows, Has.Count.EqualTo(1), $"{nsg} allow rules");
                Assert.That(allows[0].Strings("sourceAddressPrefixes"), Is.EqualTo(partner.OnPremPrefixes.Select(p => p.ToString())), $"{nsg} sources");
                Assert.That(allows[0].Str("destinationPortRange"), Is.EqualTo("443"));
                Assert.That(allows[0].Str("protocol"), Is.EqualTo("Tcp"));
            }
        });
    }

    // ---- VPN links and their secrets -----------------------------------------------------------

    [TestCase("prod")]
    [TestCase("prod-dr")]
    [TestCase("dev")]
    public void Each_site_connects_over_IKEv2_with_GCMAES256_and_a_shared_key_read_from_secret_config(string stack)
    {
        var graph = ReferenceStacks.Graph(stack);
        var estate = ReferenceStacks.Estate(stack);
        var sites = estate.Sites.ToList();
        var connections = graph.Resources.OfType<VirtualNetworkGatewayConnection>().ToList();
        var gateway = graph.Resources.OfType<VirtualNetworkGateway>().Single();

        Assert.That(connections, Has.Count.EqualTo(sites.Count), "one connection per site");
        Assert.Multiple(() =>
        {
            foreach (var site in sites)
            {
                var connection = connections.SingleOrDefault(c =>
                    c.Inputs.RefTarget("localNetworkGateway2.id") is LocalNetworkGateway local &&
                    local.Inputs.Str("gatewayIpAddress") == site.VpnPeerAddress.ToString());
                if (connection is null)
                {
                    Assert.Fail($"no connection to {site.Key}'s peer {site.VpnPeerAddress}");
                    continue;
                }
                var local = (LocalNetworkGateway)connection.Inputs.RefTarget("localNetworkGateway2.id")!;
                Assert.That(local.Inputs.Strings("localNetworkAddressSpace.addressPrefixes"), Is.EqualTo(site.OnPremPrefixes.Select(p => p.ToString())), $"{local} prefixes");
                Assert.That(connection.Inputs.RefTarget("virtualNetworkGateway1.id"), Is.SameAs(gateway), $"{connection} gateway");
                Assert.That(connection.Inputs.Str("connectionType"), Is.EqualTo("IPsec"));
                Assert.That(connection.Inputs.Str("connectionProtocol"), Is.EqualTo("IKEv2"), $"{connection} protocol");
                var policies = ((PropertyValue.List)connection.Inputs["ipsecPolicies"]!).Items.Cast<PropertyValue.Map>().ToList();
                Assert.That(policies, Has.Count.EqualTo(1), $"{connection} custom IPsec/IKE policy");
                Assert.That(policies[0].Str("ipsecEncryption"), Is.EqualTo("GCMAES256"), $"{connection} IPsec encryption");
                Assert.That(policies[0].Str("ikeEncryption"), Is.EqualTo("GCMAES256"), $"{connection} IKE encryption");
                Assert.That(connection.Inputs["sharedKey"], Is.InstanceOf<PropertyValue.Ref>(), $"{connection} sharedKey is a reference, never a literal");
                if (connection.Inputs["sharedKey"] is PropertyValue.Ref key)
                {
                    Assert.That(key.Target.ConfigKey, Is.EqualTo($"vpnSharedKey-{site.Key}"), $"{connection} sharedKey config key");
                    Assert.That(key.Target.Resource, Is.Null);
                }
                Assert.That(connection.Inputs.At("enableBgp"), Is.EqualTo(new PropertyValue.Bool(site.Bgp is not null)), $"{connection} BGP");
                if (site.Bgp is { } bgp)
                    Assert.That(local.Inputs.At("bgpSettings.asn"), Is.EqualTo(new PropertyValue.Num(bgp.Asn)), $"{local} ASN");
            }
            Assert.That(graph.SecretConfigKeys, Is.EquivalentTo(sites.Select(s => $"vpnSharedKey-{s.Key}")), "exactly one secret per site");
        });
    }

    [TestCase("prod")]
    [TestCase("prod-dr")]
    [TestCase("dev")]
    public void The_compiled_program_declares_each_sites_key_secret_and_holds_no_value(string stack)
    {
        // The secret values themselves reach the compiler only in Pulumi's run call; the Cli tests'
        // stand-in host checks none of them is printed.
        var graph = ReferenceStacks.Graph(stack);
        var yaml = YamlProgramWriter.Write(graph, ReferenceStacks.Description);
        var config = PulumiYaml.Parse(yaml).Map("config");

        Assert.That(graph.SecretConfigKeys, Has.Count.EqualTo(ReferenceStacks.Estate(stack).Sites.Count()), "one key per site");
        Assert.Multiple(() =>
        {
            foreach (var key in graph.SecretConfigKeys)
            {
                Assert.That(config.Map(key).Scalar("secret").Value, Is.EqualTo("true"), $"{key} is declared secret");
                Assert.That(config.Map(key).Children.ContainsKey(new YamlScalarNode("default")), Is.False, $"{key} has no value in the program");
            }
        });
    }

    [TestCase("prod")]
    [TestCase("dev")]
    public void Declaring_a_stack_twice_compiles_to_identical_bytes(string stack)
    {
        var estate = ReferenceStacks.Estate(stack);

        var first = YamlProgramWriter.Write(EstateProgram.Declare(estate), ReferenceStacks.Description);
        var second = YamlProgramWriter.Write(EstateProgram.Declare(estate), ReferenceStacks.Description);

        Assert.That(second, Is.EqualTo(first));
    }

    // ---- stability when the estate grows ---------------------------------------------------------

    [Test]
    public void Adding_a_fifth_office_adds_its_gateway_and_connection_opens_the_firewall_to_it_and_changes_nothing_else()
    {
        var estate = ReferenceStacks.Estate("prod");
        var niamey = new Site
        {
            Id = 14,
            Key = "nia",
            Name = "OIC Regional Office for West Africa",
            Kind = SiteKind.Office,
            City = "Niamey",
            Country = "Niger",
            OnPremPrefixes = [IPNetwork2.Parse("172.16.27.0/24")],
            VpnPeerAddress = IPAddress.Parse("198.51.100.60"),
            ConfigPath = "offices[4]",
        };
        Assert.That(estate.Offices, Has.Count.EqualTo(4), "prod has four offices");
        Assert.That(estate.Sites.Select(s => s.Id), Does.Not.Contain(niamey.Id));
        Assert.That(estate.Sites.Select(s => s.Key), Does.Not.Contain(niamey.Key));

        var before = EstateProgram.Declare(estate);
        var after = EstateProgram.Declare(estate with { Offices = [.. estate.Offices, niamey] });

        var added = after.Resources.Where(r => before.Find(r.LogicalName) is null).Select(r => r.ToString());
        Assert.That(added, Is.EquivalentTo(new[]
        {
            $"{LocalNetworkGateway.TypeToken}::connectivity-uan-lgw-nia",
            $"{VirtualNetworkGatewayConnection.TypeToken}::connectivity-uan-cn-nia",
        }));
        Assert.Multiple(() =>
        {
            foreach (var old in before.Resources)
            {
                var now = after.Find(old.LogicalName);
                Assert.That(now, Is.Not.Null, $"{old} still exists");
                if (now is null) continue;
                Assert.That(now.Type, Is.EqualTo(old.Type), $"{old} type");
                // The intended changes elsewhere: the office may now reach the workload spokes through the
                // firewall, and over SMB through the workload subnets' NSGs (AllowOfficesSmbInbound).
                if (old.Type == FirewallPolicyRuleCollectionGroup.TypeToken ||
                    (old.Type == NetworkSecurityGroup.TypeToken && Values.Canonical(old.Inputs).Contains("AllowOfficesSmbInbound", StringComparison.Ordinal)))
                {
                    Assert.That(Values.Canonical(now.Inputs).Replace(",\"172.16.27.0/24\"", "", StringComparison.Ordinal),
                        Is.EqualTo(Values.Canonical(old.Inputs)), $"{old} inputs change only by the new office's prefix");
                    Assert.That(Values.Canonical(now.Inputs), Does.Contain("172.16.27.0/24"));
                    continue;
                }
                Assert.That(Values.Canonical(now.Inputs), Is.EqualTo(Values.Canonical(old.Inputs)), $"{old} inputs");
                Assert.That(Values.Canonical(now.Options), Is.EqualTo(Values.Canonical(old.Options)), $"{old} options");
            }
            Assert.That(after.SecretConfigKeys.Except(before.SecretConfigKeys), Is.EqualTo(new[] { "vpnSharedKey-nia" }));
            Assert.That(after.Outputs.ToDictionary(o => o.Key, o => Values.Canonical(o.Value.ToValue())),
                Is.EqualTo(before.Outputs.ToDictionary(o => o.Key, o => Values.Canonical(o.Value.ToValue()))), "stack outputs");
        });
    }
}
