using System.Runtime.CompilerServices;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative;
using Oic.Infra.Resources.AzureNative.Network;
using AzureResourceGroup = Oic.Infra.Resources.AzureNative.Resources.ResourceGroup;
using AzureResourceGroupArgs = Oic.Infra.Resources.AzureNative.Resources.ResourceGroupArgs;
using NetIn = Oic.Infra.Resources.AzureNative.Network.Inputs;

namespace Oic.Infra.Stacks.Tests;

/// <summary>
/// The resource graph a stack builds: registration, duplicate names with both declaration sites,
/// dependency edges from references and options, ordering, and isolation between programs.
/// </summary>
public class ResourceGraphTests
{
    private const string Project = "oic-gs-infra";

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private static int ThisLine([CallerLineNumber] int line = 0) => line;

    private static AzureResourceGroup Group(string name, Provider? provider = null) =>
        new(name, new AzureResourceGroupArgs { ResourceGroupName = $"rg-oicgs-test-{name}", Location = "uaenorth" },
            new ResourceOptions { Provider = provider });

    [Test]
    public void Resources_declared_inside_Build_register_in_declaration_order()
    {
        var graph = ResourceGraph.Build("prod", Project, g =>
        {
            _ = Group("zeta-rg");
            _ = Group("alpha-rg");
        });

        Assert.Multiple(() =>
        {
            Assert.That(graph.Resources.Select(r => r.LogicalName), Is.EqualTo(new[] { "zeta-rg", "alpha-rg" }));
            Assert.That(graph.Stack, Is.EqualTo("prod"));
            Assert.That(graph.Project, Is.EqualTo(Project));
            Assert.That(graph.Find("alpha-rg"), Is.SameAs(graph.Resources[1]));
            Assert.That(graph.Find("missing"), Is.Null);
        });
    }

    [Test]
    public void A_resource_created_outside_Build_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Group("orphan-rg"));

        Assert.That(error!.Message, Does.Contain("ResourceGraph.Build"));
    }

    [Test]
    public void A_duplicate_logical_name_throws_naming_both_declaration_sites()
    {
        int first = 0, second = 0;

        var error = Assert.Throws<DuplicateResourceException>(() => ResourceGraph.Build("prod", Project, g =>
        {
            first = ThisLine(); _ = new AzureResourceGroup("hub-uan-rg", new AzureResourceGroupArgs { ResourceGroupName = "rg-oicgs-prod-hub-uan" });
            second = ThisLine(); _ = new VirtualNetwork("hub-uan-rg", new VirtualNetworkArgs { ResourceGroupName = "rg-oicgs-prod-hub-uan" });
        }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("'hub-uan-rg'"));
            Assert.That(error.Message, Does.Contain($"{ThisFile()}:{first}"), "first declaration site");
            Assert.That(error.Message, Does.Contain($"{ThisFile()}:{second}"), "second declaration site");
            Assert.That(error.Message, Does.Contain(AzureResourceGroup.TypeToken).And.Contain(VirtualNetwork.TypeToken));
        });
    }

    [Test]
    public void SourcePosition_is_the_file_and_line_of_the_declaration()
    {
        var line = 0;
        AzureResourceGroup? group = null;

        _ = ResourceGraph.Build("prod", Project, g =>
        {
            line = ThisLine(); group = Group("hub-uan-rg");
        });

        // Group(...) is a helper in this file: the position is where the generated constructor was called.
        Assert.Multiple(() =>
        {
            Assert.That(group!.DeclaredAt.File, Is.EqualTo(ThisFile()));
            Assert.That(Path.GetFileName(group.DeclaredAt.File), Is.EqualTo("ResourceGraphTests.cs"));
            Assert.That(group.DeclaredAt.Line, Is.LessThan(line), "inside Group(), above this test");
        });

        var direct = 0;
        Resource? vnet = null;
        _ = ResourceGraph.Build("prod", Project, g =>
        {
            direct = ThisLine(); vnet = new VirtualNetwork("hub-uan-vnet", new VirtualNetworkArgs { ResourceGroupName = "rg" });
        });
        Assert.That(vnet!.DeclaredAt, Is.EqualTo(new SourcePosition(ThisFile(), direct)));
        Assert.That(vnet.DeclaredAt.ToString(), Is.EqualTo($"{ThisFile()}:{direct}"));
    }

    [Test]
    public void References_dependsOn_parent_and_provider_make_dependencies_without_duplicates()
    {
        Provider? provider = null;
        AzureResourceGroup? rg = null, monitoring = null;
        RouteTable? routes = null;
        Subnet? subnet = null, previous = null;

        _ = ResourceGraph.Build("prod", Project, g =>
        {
            provider = new Provider("azure-uan", new ProviderArgs { Location = "uaenorth" });
            rg = Group("hub-uan-rg", provider);
            monitoring = Group("monitoring-uan-rg", provider);
            var vnet = new VirtualNetwork("hub-uan-vnet", new VirtualNetworkArgs { ResourceGroupName = rg.Name, VirtualNetworkName = "vnet-oicgs-prod-hub-uan" },
                new ResourceOptions { Parent = rg, Provider = provider });
            routes = new RouteTable("hub-uan-rt-spokes", new RouteTableArgs { ResourceGroupName = rg.Name },
                new ResourceOptions { Parent = rg, Provider = provider });
            previous = new Subnet("hub-uan-snet-firewall", new SubnetArgs { ResourceGroupName = rg.Name, VirtualNetworkName = vnet.Name, SubnetName = "AzureFirewallSubnet" },
                new ResourceOptions { Parent = rg, Provider = provider });
            subnet = new Subnet("hub-uan-snet-app", new SubnetArgs
            {
                ResourceGroupName = rg.Name,                                   // reference, again to the parent
                VirtualNetworkName = vnet.Name,                                // reference
                SubnetName = "snet-app",
                RouteTable = new NetIn.RouteTableArgs { Id = routes.Id },      // nested reference
                Name = Output.Format($"{vnet.Name}-app"),                      // reference inside an interpolation
            }, new ResourceOptions { Parent = rg, Provider = provider, DependsOn = [previous, monitoring, previous] });
        });

        var deps = ResourceGraph.DependenciesOf(subnet!);

        Assert.Multiple(() =>
        {
            Assert.That(deps.Select(d => d.LogicalName), Is.EqualTo(new[]
            {
                "azure-uan", "hub-uan-rg", "hub-uan-rt-spokes", "hub-uan-snet-firewall", "hub-uan-vnet", "monitoring-uan-rg",
            }), "every kind of edge once, in name order");
            Assert.That(ResourceGraph.DependenciesOf(provider!), Is.Empty);
            Assert.That(ResourceGraph.DependenciesOf(rg!), Is.EqualTo(new Resource[] { provider! }), "provider only");
        });
    }

    [Test]
    public void TopologicalOrder_puts_every_dependency_first_whatever_the_names()
    {
        // Names sort in the opposite order of the dependencies.
        var graph = ResourceGraph.Build("prod", Project, g =>
        {
            var provider = new Provider("z-provider", new ProviderArgs { Location = "uaenorth" });
            var rg = Group("y-rg", provider);
            var vnet = new VirtualNetwork("x-vnet", new VirtualNetworkArgs { ResourceGroupName = rg.Name }, new ResourceOptions { Provider = provider });
            var nsg = new NetworkSecurityGroup("w-nsg", new NetworkSecurityGroupArgs { ResourceGroupName = rg.Name }, new ResourceOptions { Provider = provider });
            _ = new Subnet("a-subnet", new SubnetArgs
            {
                ResourceGroupName = rg.Name,
                VirtualNetworkName = vnet.Name,
                NetworkSecurityGroup = new NetIn.NetworkSecurityGroupArgs { Id = nsg.Id },
            }, new ResourceOptions { Parent = rg, Provider = provider });
            _ = Group("b-unrelated-rg");
        });

        var order = graph.TopologicalOrder();

        Assert.Multiple(() =>
        {
            Assert.That(order, Is.EquivalentTo(graph.Resources), "every resource once");
            var position = order.Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i);
            foreach (var resource in graph.Resources)
                foreach (var dependency in ResourceGraph.DependenciesOf(resource))
                    Assert.That(position[dependency], Is.LessThan(position[resource]), $"{dependency.LogicalName} before {resource.LogicalName}");
        });
    }

    [Test]
    public void TopologicalOrder_is_the_same_for_the_same_graph()
    {
        static IReadOnlyList<string> Order() => ResourceGraph.Build("prod", Project, g =>
        {
            var provider = new Provider("azure-uan", new ProviderArgs());
            foreach (var name in new[] { "hub", "connectivity", "identity", "documents" })
                _ = Group($"{name}-uan-rg", provider);
        }).TopologicalOrder().Select(r => r.LogicalName).ToList();

        var first = Order();
        var second = Order();

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void A_reference_to_a_resource_of_another_program_is_refused()
    {
        AzureResourceGroup? foreign = null;
        _ = ResourceGraph.Build("prod-dr", Project, g => foreign = Group("hub-uac-rg"));

        var error = Assert.Throws<InvalidOperationException>(() => ResourceGraph.Build("prod", Project, g =>
        {
            _ = new VirtualNetwork("hub-uan-vnet", new VirtualNetworkArgs { ResourceGroupName = foreign!.Name });
        }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("hub-uan-vnet").And.Contain("hub-uac-rg").And.Contain("another program"));
            Assert.That(error.Message, Does.Contain(ThisFile()), "names where the referring resource was declared");
        });
    }

    [Test]
    public void A_foreign_resource_is_refused_even_under_a_local_resources_name()
    {
        AzureResourceGroup? foreign = null;
        _ = ResourceGraph.Build("dev", Project, g => foreign = Group("hub-uan-rg"));

        Assert.Throws<InvalidOperationException>(() => ResourceGraph.Build("prod", Project, g =>
        {
            _ = Group("hub-uan-rg");
            _ = new VirtualNetwork("hub-uan-vnet", new VirtualNetworkArgs { ResourceGroupName = "rg" }, new ResourceOptions { Parent = foreign });
        }));
    }

    [TestCase("parent")]
    [TestCase("provider")]
    [TestCase("dependsOn")]
    public void A_foreign_resource_in_the_options_is_refused(string option)
    {
        Provider? foreignProvider = null;
        AzureResourceGroup? foreignGroup = null;
        _ = ResourceGraph.Build("prod-dr", Project, g =>
        {
            foreignProvider = new Provider("azure-uac", new ProviderArgs { Location = "uaecentral" });
            foreignGroup = Group("hub-uac-rg", foreignProvider);
        });

        var options = option switch
        {
            "parent" => new ResourceOptions { Parent = foreignGroup },
            "provider" => new ResourceOptions { Provider = foreignProvider },
            _ => new ResourceOptions { DependsOn = [foreignGroup!] },
        };

        Assert.Throws<InvalidOperationException>(() => ResourceGraph.Build("prod", Project, g =>
        {
            _ = new VirtualNetwork("hub-uan-vnet", new VirtualNetworkArgs { ResourceGroupName = "rg-oicgs-prod-hub-uan" }, options);
        }));
    }

    [Test]
    public void A_stack_output_referencing_a_resource_of_another_program_is_refused()
    {
        VirtualNetwork? foreign = null;
        _ = ResourceGraph.Build("prod-dr", Project, g =>
            foreign = new VirtualNetwork("hub-uac-vnet", new VirtualNetworkArgs { ResourceGroupName = "rg-oicgs-prod-hub-uac" }));

        Assert.Throws<InvalidOperationException>(() => ResourceGraph.Build("prod", Project, graph =>
        {
            _ = Group("hub-uan-rg");
            graph.Outputs["drHubVnetId"] = foreign!.Id;
        }));
    }

    [Test]
    public void Nested_builds_register_in_the_innermost_graph_and_restore_the_outer_one()
    {
        ResourceGraph? inner = null;

        var outer = ResourceGraph.Build("prod", Project, g =>
        {
            _ = Group("before-rg");
            inner = ResourceGraph.Build("prod-dr", Project, innerGraph => Group("inner-rg"));
            _ = Group("after-rg");
        });

        Assert.Multiple(() =>
        {
            Assert.That(outer.Resources.Select(r => r.LogicalName), Is.EqualTo(new[] { "before-rg", "after-rg" }));
            Assert.That(inner!.Resources.Select(r => r.LogicalName), Is.EqualTo(new[] { "inner-rg" }));
        });
    }
}
