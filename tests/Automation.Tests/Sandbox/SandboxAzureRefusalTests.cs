using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Sandbox;
using Oic.Infra.Resources;
using Oic.Infra.Resources.Azure;
using Oic.Infra.Resources.AzureNative;
using Oic.Infra.Resources.AzureNative.ApiManagement;
using Oic.Infra.Resources.AzureNative.Network;
using Oic.Infra.Resources.AzureNative.Resources;
using ApimIn = Oic.Infra.Resources.AzureNative.ApiManagement.Inputs;
using NetIn = Oic.Infra.Resources.AzureNative.Network.Inputs;

namespace Oic.Infra.Automation.Tests.Sandbox;

/// <summary>The sandbox refuses what Azure refuses (AzureConstraints), naming the constraint and its Microsoft source.</summary>
[TestFixture]
public sealed class SandboxAzureRefusalTests
{
    /// <summary>prod and prod-dr deployed, as they stand before a disaster (prod-dr holds nothing of the replication).</summary>
    private static async Task<StateDir> DeployedProd()
    {
        var dir = new StateDir();
        await dir.Engine().UpAsync(RealStacks.Graph("prod"), RealStacks.Options("prod"));
        return dir;
    }

    private static string Account(string stack, string code)
    {
        var graph = RealStacks.Graph(stack);
        return ((PropertyValue.Str)graph.Resources.Single(r => r.LogicalName == $"documents-uan-st-{code}").Inputs["accountName"]!).Value;
    }

    [Test]
    public async Task Failing_over_an_account_with_WORM_records_is_refused_naming_the_constraint_and_its_source()
    {
        using var dir = await DeployedProd();
        var account = Account("prod", "conf");

        var e = Assert.Throws<AzureRefusedException>(() => dir.Engine().FailoverStorageAccount("prod", account));

        Assert.That(e!.Constraints, Does.Contain(AzureConstraints.FailoverRefusedWithWorm));
        Assert.That(e.Message, Does.Contain("[storage-failover-worm]").And.Contain("https://learn.microsoft.com/azure/storage/common/storage-initiate-account-failover"));
        Assert.That(e.Constraints, Does.Contain(AzureConstraints.FailoverRefusedWithObjectReplication), "prod replicates its records to the DR account");
        var live = JsonNode.Parse(File.ReadAllText(dir.Live("prod")))!;
        Assert.That(live.ToJsonString(), Does.Contain("\"Standard_GZRS\""), "a refused failover changes nothing");
    }

    [Test]
    public async Task An_accepted_failover_moves_the_account_to_the_pair_and_leaves_it_LRS_behind_the_state_s_back()
    {
        using var dir = await DeployedProd();
        var account = Account("prod", "int");
        var before = File.ReadAllText(dir.Checkpoint("prod"));

        var result = dir.Engine().FailoverStorageAccount("prod", account);

        Assert.That((result.FromLocation, result.ToLocation, result.SkuBefore, result.SkuAfter), Is.EqualTo(("uaenorth", "uaecentral", "Standard_GZRS", "Standard_LRS")));
        Assert.That(result.Effects, Is.EqualTo(new[] { AzureConstraints.FailoverLeavesLrs, AzureConstraints.FailoverMovesEndpoints }));
        var live = JsonNode.Parse(File.ReadAllText(dir.Live("prod")))!["deployment"]!["resources"]!.AsArray()
            .Single(r => r!["outputs"]?["name"]?.GetValue<string>() == account)!;
        Assert.That(live["outputs"]!["primaryLocation"]!.GetValue<string>(), Is.EqualTo("uaecentral"));
        Assert.That(live["outputs"]!["sku"]!["name"]!.GetValue<string>(), Is.EqualTo("Standard_LRS"));
        Assert.That(live["outputs"]!["secondaryLocation"], Is.Null);
        Assert.That(File.ReadAllText(dir.Checkpoint("prod")), Is.EqualTo(before), "like on Azure, the state learns of it only by refresh (drift)");
        var again = Assert.Throws<AzureRefusedException>(() => dir.Engine().FailoverStorageAccount("prod", account));
        Assert.That(again!.Constraints, Is.EqualTo(new[] { AzureConstraints.FailoverNeedsGeoRedundancy }), "an LRS account has no secondary left");
    }

    [Test]
    public async Task Failing_over_a_zone_redundant_account_is_refused_for_want_of_a_secondary()
    {
        using var dir = await DeployedProd();
        var account = Account("prod", "pub");
        var urn = RealStacks.Graph("prod").UrnOf(RealStacks.Graph("prod").Resources.Single(r => r.LogicalName == "documents-uan-st-pub"));
        SandboxEngine.Tamper(dir.Path, "prod", urn, new TamperChange.SetProperty("sku", "{\"name\":\"Standard_ZRS\"}"));

        var e = Assert.Throws<AzureRefusedException>(() => dir.Engine().FailoverStorageAccount("prod", account));

        Assert.That(e!.Constraints.Select(c => c.Id), Is.EqualTo(new[] { "storage-failover-needs-geo-redundancy" }));
    }

    [Test]
    public void Failing_over_an_account_the_stack_does_not_have_is_an_input_error()
    {
        using var dir = new StateDir();
        Assert.Throws<EngineInputException>(() => dir.Engine().FailoverStorageAccount("prod", "stnosuchaccount"));
    }

    [Test]
    public void A_zonal_public_IP_in_a_region_without_zones_is_refused()
    {
        using var dir = new StateDir();
        var program = ResourceGraph.Build("zonal", "oic-gs-infra", graph =>
        {
            var provider = new Provider("azure-uac", new ProviderArgs { Location = "uaecentral", SubscriptionId = "3d6f1c2a-9e84-4b7d-a5c3-8f0e1d2c3b4a" },
                new ResourceOptions { Version = "3.28.0" });
            var group = new ResourceGroup("rg", new ResourceGroupArgs { ResourceGroupName = "rg-zonal-uac", Location = "uaecentral" }, new ResourceOptions { Provider = provider });
            _ = new PublicIPAddress("pip", new PublicIPAddressArgs
            {
                PublicIpAddressName = "pip-zonal-uac",
                ResourceGroupName = group.Name,
                Location = "uaecentral",
                Sku = new NetIn.PublicIPAddressSkuArgs { Name = "Standard" },
                PublicIPAllocationMethod = "Static",
                Zones = ["1", "2", "3"],
            }, new ResourceOptions { Provider = provider, Parent = group });
        });

        var e = Assert.ThrowsAsync<SandboxOperationFailedException>(() => dir.Engine().UpAsync(program, RealStacks.Options("zonal")));

        Assert.That(e!.Message, Does.Contain("[zones-need-zonal-region]").And.Contain("uaecentral has no availability zones"));
    }

    /// <summary>
    /// A StandardV2 API Management service integrated (virtualNetworkType External) with a subnet of the given size and
    /// delegation, with or without an NSG; without a size, it names a subnet that does not exist.
    /// </summary>
    private static ResourceGraph IntegratedApim(int? prefixLength, string? delegation, string sku = "StandardV2", bool nsg = true) =>
        ResourceGraph.Build("apim", "oic-gs-infra", graph =>
        {
            var provider = new Provider("azure-uan", new ProviderArgs { Location = "uaenorth", SubscriptionId = "3d6f1c2a-9e84-4b7d-a5c3-8f0e1d2c3b4a" },
                new ResourceOptions { Version = "3.28.0" });
            var options = new ResourceOptions { Provider = provider };
            var group = new ResourceGroup("rg", new ResourceGroupArgs { ResourceGroupName = "rg-apim-uan", Location = "uaenorth" }, options);
            var vnet = new VirtualNetwork("vnet", new VirtualNetworkArgs
            {
                VirtualNetworkName = "vnet-apim-uan",
                ResourceGroupName = group.Name,
                Location = "uaenorth",
                AddressSpace = new NetIn.AddressSpaceArgs { AddressPrefixes = ["10.40.0.0/23"] },
            }, options);
            Input<string> subnetId = "/subscriptions/3d6f1c2a-9e84-4b7d-a5c3-8f0e1d2c3b4a/resourceGroups/rg-apim-uan/providers/Microsoft.Network/virtualNetworks/vnet-apim-uan/subnets/snet-none";
            var securityGroup = nsg
                ? new NetworkSecurityGroup("nsg", new NetworkSecurityGroupArgs
                {
                    NetworkSecurityGroupName = "nsg-apim-outbound-uan",
                    ResourceGroupName = group.Name,
                    Location = "uaenorth",
                }, options)
                : null;
            if (prefixLength is { } length)
                subnetId = new Subnet("snet", new SubnetArgs
                {
                    SubnetName = "snet-apim-outbound",
                    VirtualNetworkName = vnet.Name,
                    ResourceGroupName = group.Name,
                    AddressPrefix = $"10.40.1.0/{length}",
                    Delegations = delegation is null ? null : [new NetIn.DelegationArgs { Name = "apim", ServiceName = delegation }],
                    NetworkSecurityGroup = securityGroup is null ? null : new NetIn.NetworkSecurityGroupArgs { Id = securityGroup.Id },
                }, options).Id;
            _ = new ApiManagementService("apim", new ApiManagementServiceArgs
            {
                ServiceName = "apim-oicgs-test-uan",
                ResourceGroupName = group.Name,
                Location = "uaenorth",
                Sku = new ApimIn.ApiManagementServiceSkuPropertiesArgs { Name = sku, Capacity = 1 },
                PublisherName = "OIC General Secretariat",
                PublisherEmail = "security@oic-oci.org",
                VirtualNetworkType = "External",
                VirtualNetworkConfiguration = new ApimIn.VirtualNetworkConfigurationArgs { SubnetResourceId = subnetId },
            }, new ResourceOptions { Provider = provider, DependsOn = [vnet] });
        });

    [Test]
    public async Task A_v2_service_integrated_with_a_delegated_27_subnet_is_accepted()
    {
        using var dir = new StateDir();
        await dir.Engine().UpAsync(IntegratedApim(27, "Microsoft.Web/serverFarms"), RealStacks.Options("apim"));
        Assert.That(File.ReadAllText(dir.Live("apim")), Does.Contain("apim-oicgs-test-uan"));
    }

    [Test]
    public void A_v2_service_integrated_with_a_subnet_not_delegated_to_server_farms_is_refused()
    {
        using var dir = new StateDir();
        var e = Assert.ThrowsAsync<SandboxOperationFailedException>(() => dir.Engine().UpAsync(IntegratedApim(25, "Microsoft.Network/dnsResolvers"), RealStacks.Options("apim")));
        Assert.That(e!.Message, Does.Contain("[apim-v2-subnet-delegated]").And.Contain("https://learn.microsoft.com/azure/api-management/integrate-vnet-outbound"));
        Assert.That(e.Message, Does.Not.Contain("[apim-v2-subnet-minimum-size]"));
    }

    [Test]
    public void A_v2_service_integrated_with_an_undelegated_subnet_is_refused()
    {
        using var dir = new StateDir();
        var e = Assert.ThrowsAsync<SandboxOperationFailedException>(() => dir.Engine().UpAsync(IntegratedApim(24, null), RealStacks.Options("apim")));
        Assert.That(e!.Message, Does.Contain("[apim-v2-subnet-delegated]"));
    }

    [Test]
    public void A_v2_service_integrated_with_a_subnet_smaller_than_27_is_refused()
    {
        using var dir = new StateDir();
        var e = Assert.ThrowsAsync<SandboxOperationFailedException>(() => dir.Engine().UpAsync(IntegratedApim(28, "Microsoft.Web/serverFarms"), RealStacks.Options("apim")));
        Assert.That(e!.Message, Does.Contain("[apim-v2-subnet-minimum-size]").And.Not.Contain("[apim-v2-subnet-delegated]"));
    }

    [Test]
    public void A_v2_service_integrated_with_a_subnet_without_an_nsg_is_refused()
    {
        using var dir = new StateDir();
        var e = Assert.ThrowsAsync<SandboxOperationFailedException>(() => dir.Engine().UpAsync(IntegratedApim(27, "Microsoft.Web/serverFarms", nsg: false), RealStacks.Options("apim")));
        Assert.That(e!.Message, Does.Contain("[apim-v2-subnet-nsg]").And.Not.Contain("[apim-v2-subnet-delegated]").And.Not.Contain("[apim-v2-subnet-minimum-size]"));
    }

    [Test]
    public void A_service_in_a_virtual_network_whose_subnet_does_not_exist_is_refused()
    {
        using var dir = new StateDir();
        var e = Assert.ThrowsAsync<SandboxOperationFailedException>(() => dir.Engine().UpAsync(IntegratedApim(null, null), RealStacks.Options("apim")));
        Assert.That(e!.Message, Does.Contain("[apim-vnet-needs-subnet]"));
    }

    [Test]
    public void Every_constraint_and_resource_type_names_a_source()
    {
        Assert.That(AzureConstraints.All.Select(c => c.Id), Is.Unique);
        Assert.That(AzureConstraints.All, Has.All.Matches<AzureConstraint>(c => c.Source.Url.StartsWith("https://", StringComparison.Ordinal) && c.Rule.Length > 20));
        Assert.That(AzureResourceTypes.All, Has.All.Matches<AzureResourceType>(t => t.DurationSource.Url.StartsWith("https://", StringComparison.Ordinal)));
        Assert.That(AzureResourceTypes.All.Where(t => t.DurationSource.Verified).Select(t => t.Token),
            Is.EquivalentTo(new[] { "azure-native:network:VirtualNetworkGateway", "azure-native:network:BastionHost", "azure-native:network:AzureFirewall" }),
            "only the durations Microsoft states are marked verified");
    }
}
