using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative;
using Oic.Infra.Resources.AzureNative.Monitor;
using Oic.Infra.Resources.AzureNative.Network;
using Oic.Infra.Resources.AzureNative.Storage;
using Oic.Infra.Stacks.Tests.Support;
using Oic.Infra.Synth;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using AzureResourceGroup = Oic.Infra.Resources.AzureNative.Resources.ResourceGroup;
using AzureResourceGroupArgs = Oic.Infra.Resources.AzureNative.Resources.ResourceGroupArgs;
using NetIn = Oic.Infra.Resources.AzureNative.Network.Inputs;
using StIn = Oic.Infra.Resources.AzureNative.Storage.Inputs;

namespace Oic.Infra.Stacks.Tests;

/// <summary>
/// The Pulumi YAML program the compiler prints: scalars keep their types, references and secrets
/// are written the way Pulumi YAML reads them, options are complete, and the bytes do not depend on
/// declaration order.
/// </summary>
public class YamlProgramWriterTests
{
    private const string Project = "oic-gs-infra";

    /// <summary>Strings that a YAML 1.1 or 1.2 reader would otherwise take for a bool, number or null.</summary>
    private static readonly string[] AmbiguousStrings =
    [
        "true", "False", "TRUE", "no", "No", "yes", "on", "OFF", "y", "N", "null", "Null", "~", "",
        "22", "-7", "+3", "0443", "1_000", "3.14", ".5", "1e3", "-2.5E-3", "0x1F", "0o17", ".inf", "-.Inf", ".NaN",
    ];

    private static string Write(ResourceGraph graph) => YamlProgramWriter.Write(graph, "writer test program");

    private static YamlMappingNode Properties(YamlMappingNode program, string resource) =>
        program.Map("resources").Map(resource).Map("properties");

    private static YamlMappingNode Options(YamlMappingNode program, string resource) =>
        program.Map("resources").Map(resource).Map("options");

    private static ResourceGraph TaggedResourceGroup(string[] values) =>
        ResourceGraph.Build("test", Project, g =>
        {
            var tags = new InputMap<string>();
            for (var i = 0; i < values.Length; i++) tags[$"t{i:00}"] = values[i];
            _ = new AzureResourceGroup("records-rg", new AzureResourceGroupArgs
            {
                ResourceGroupName = "rg-oicgs-test-records-uan",
                Location = "uaenorth",
                Tags = tags,
            });
        });

    [Test]
    public void Strings_that_YAML_would_read_as_bools_numbers_or_nulls_are_quoted_and_read_back_as_the_same_strings()
    {
        var yaml = Write(TaggedResourceGroup(AmbiguousStrings));

        var typed = PulumiYaml.Typedly(yaml);
        var tags = (Dictionary<object, object?>)((Dictionary<object, object?>)((Dictionary<object, object?>)((Dictionary<object, object?>)typed["resources"]!)["records-rg"]!)["properties"]!)["tags"]!;
        var nodes = Properties(PulumiYaml.Parse(yaml), "records-rg").Map("tags");
        Assert.Multiple(() =>
        {
            for (var i = 0; i < AmbiguousStrings.Length; i++)
            {
                var key = $"t{i:00}";
                Assert.That(tags[key], Is.TypeOf<string>().And.EqualTo(AmbiguousStrings[i]), $"tag {key} = '{AmbiguousStrings[i]}' read back");
                Assert.That(nodes.Scalar(key).Style, Is.Not.EqualTo(ScalarStyle.Plain),
                    $"'{AmbiguousStrings[i]}' must be quoted: a YAML 1.1 or 1.2 reader types it when plain");
            }
        });
    }

    [TestCase("3.28.0")]
    [TestCase("10.40.0.0/23")]
    [TestCase("GS-ICT-4100")]
    [TestCase("ict-infrastructure@oic-oci.org")]
    [TestCase("P2Y")]
    [TestCase(" padded ")]
    [TestCase("key: value")]
    [TestCase("# not a comment")]
    [TestCase("Türkiye")]
    public void Ordinary_strings_read_back_as_the_same_strings(string value)
    {
        var yaml = Write(TaggedResourceGroup([value]));

        var typed = PulumiYaml.Typedly(yaml);
        var tags = (Dictionary<object, object?>)((Dictionary<object, object?>)((Dictionary<object, object?>)((Dictionary<object, object?>)typed["resources"]!)["records-rg"]!)["properties"]!)["tags"]!;
        Assert.That(tags["t00"], Is.TypeOf<string>().And.EqualTo(value));
    }

    /// <summary>
    /// Pulumi YAML decodes scalars with go-yaml v3, whose resolver reads any plain scalar that
    /// <c>strconv.ParseInt(s, 0, 64)</c> accepts (after dropping <c>_</c>) as an int, plus
    /// <c>0b</c>/<c>-0b</c> binary and <c>-0o</c> octal — so these strings would reach azure-native as numbers.
    /// </summary>
    [TestCase("0X1F")]
    [TestCase("-0x1F")]
    [TestCase("0b1010")]
    [TestCase("-0o17")]
    [TestCase("0x_1F")]
    public void Strings_that_Pulumis_YAML_parser_reads_as_integers_are_quoted(string value)
    {
        var yaml = Write(TaggedResourceGroup([value]));

        var node = Properties(PulumiYaml.Parse(yaml), "records-rg").Map("tags").Scalar("t00");
        Assert.That(node.Style, Is.Not.EqualTo(ScalarStyle.Plain), $"'{value}' is an int to go-yaml v3 when plain");
    }

    /// <summary>
    /// What YAML 1.1 reads as base-60 numbers or dates, and go-yaml v3 as !!timestamp: a maintenance window's
    /// <c>05:00</c> and <c>2026-01-01 22:00</c> must reach Azure as the strings they are.
    /// </summary>
    [TestCase("05:00")]
    [TestCase("1:30:00")]
    [TestCase("2026-01-01")]
    [TestCase("2026-01-01 22:00")]
    [TestCase("2026-1-2T03:04:05Z")]
    public void Strings_that_YAML_1_1_reads_as_sexagesimal_numbers_or_timestamps_are_quoted(string value)
    {
        var yaml = Write(TaggedResourceGroup([value]));

        var node = Properties(PulumiYaml.Parse(yaml), "records-rg").Map("tags").Scalar("t00");
        Assert.Multiple(() =>
        {
            Assert.That(node.Style, Is.Not.EqualTo(ScalarStyle.Plain), $"'{value}' is a number or date to YAML 1.1 when plain");
            Assert.That(node.Value, Is.EqualTo(value));
        });
    }

    [Test]
    public void Numbers_and_bools_are_written_plain_and_read_back_typed()
    {
        var graph = ResourceGraph.Build("test", Project, g =>
        {
            _ = new VirtualNetwork("hub-vnet", new VirtualNetworkArgs
            {
                ResourceGroupName = "rg-oicgs-test-hub-uan",
                VirtualNetworkName = "vnet-oicgs-test-hub-uan",
                AddressSpace = new NetIn.AddressSpaceArgs { AddressPrefixes = ["10.40.0.0/23"] },
                FlowTimeoutInMinutes = 4,
                EnableDdosProtection = false,
                EnableVmProtection = true,
            });
        });

        var yaml = Write(graph);

        var properties = Properties(PulumiYaml.Parse(yaml), "hub-vnet");
        var typed = (Dictionary<object, object?>)((Dictionary<object, object?>)((Dictionary<object, object?>)PulumiYaml.Typedly(yaml)["resources"]!)["hub-vnet"]!)["properties"]!;
        Assert.Multiple(() =>
        {
            foreach (var key in new[] { "flowTimeoutInMinutes", "enableDdosProtection", "enableVmProtection" })
                Assert.That(properties.Scalar(key).Style, Is.EqualTo(ScalarStyle.Plain), key);
            Assert.That(properties.Scalar("flowTimeoutInMinutes").Value, Is.EqualTo("4"));
            Assert.That(typed["flowTimeoutInMinutes"], Is.EqualTo(4));
            Assert.That(typed["enableDdosProtection"], Is.EqualTo(false));
            Assert.That(typed["enableVmProtection"], Is.EqualTo(true));
        });
    }

    [Test]
    public void An_interpolated_output_becomes_a_Pulumi_interpolation_of_the_logical_name()
    {
        var graph = ResourceGraph.Build("test", Project, g =>
        {
            var account = StorageAccount();
            _ = new DiagnosticSetting("diag-st-int-blob", new DiagnosticSettingArgs
            {
                Name = "to-log-analytics",
                ResourceUri = Output.Format($"{account.Id}/blobServices/default"),
            });
        });

        var properties = Properties(PulumiYaml.Parse(Write(graph)), "diag-st-int-blob");

        Assert.That(properties.Scalar("resourceUri").Value, Is.EqualTo("${st-int.id}/blobServices/default"));
    }

    [Test]
    public void A_literal_dollar_brace_inside_an_interpolation_is_escaped_so_Pulumi_keeps_it_literal()
    {
        var graph = ResourceGraph.Build("test", Project, g =>
        {
            var account = StorageAccount();
            _ = new AzureResourceGroup("records-rg", new AzureResourceGroupArgs
            {
                Tags = new InputMap<string> { { "note", Output.Format($"blob service of {account.Name}; ${{env}} is expanded by the runbook") } },
            });
        });

        var written = Properties(PulumiYaml.Parse(Write(graph)), "records-rg").Map("tags").Scalar("note").Value!;

        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo("blob service of ${st-int.name}; $${env} is expanded by the runbook"));
            Assert.That(PulumiYaml.Interpolated(written), Is.EqualTo("blob service of ⟨st-int.name⟩; ${env} is expanded by the runbook"));
        });
    }

    /// <summary>
    /// Pulumi YAML interpolates every string: <c>$$</c> becomes <c>$</c> and <c>${x}</c> a reference,
    /// in plain literals too, not only in strings built with <see cref="Output.Format"/>.
    /// </summary>
    [TestCase("${not-a-reference}")]
    [TestCase("price in US$$")]
    [TestCase("$${already-escaped}")]
    public void Literal_dollar_signs_survive_Pulumis_interpolation(string literal)
    {
        var graph = ResourceGraph.Build("test", Project, g =>
        {
            var account = StorageAccount();
            _ = new AzureResourceGroup("records-rg", new AzureResourceGroupArgs
            {
                Tags = new InputMap<string>
                {
                    { "plain", literal },
                    { "interpolated", Output.Format($"{account.Name}:{literal}") },
                    { "dollar-before-reference", Output.Format($"share$ {account.Name} C${account.Name}") },
                },
            });
        });

        var tags = Properties(PulumiYaml.Parse(Write(graph)), "records-rg").Map("tags");

        Assert.Multiple(() =>
        {
            Assert.That(PulumiYaml.Interpolated(tags.Scalar("plain").Value!), Is.EqualTo(literal));
            Assert.That(PulumiYaml.Interpolated(tags.Scalar("interpolated").Value!), Is.EqualTo($"⟨st-int.name⟩:{literal}"));
            Assert.That(PulumiYaml.Interpolated(tags.Scalar("dollar-before-reference").Value!), Is.EqualTo("share$ ⟨st-int.name⟩ C$⟨st-int.name⟩"));
        });
    }

    [Test]
    public void A_secret_config_reference_is_a_reference_to_a_secret_string_declared_in_the_config_block()
    {
        var graph = ResourceGraph.Build("test", Project, g =>
        {
            g.SecretConfigKeys.Add("vpnSharedKey-nyc"); // what StackContext.DeclareSecret does
            _ = new Provider("azure-uan", new ProviderArgs
            {
                Location = "uaenorth",
                ClientSecret = new Secret<string>(Output.Config<string>("vpnSharedKey-nyc")),
            });
        });

        var yaml = Write(graph);
        var program = PulumiYaml.Parse(yaml);

        Assert.Multiple(() =>
        {
            Assert.That(Properties(program, "azure-uan").Node("clientSecret"), Is.TypeOf<YamlScalarNode>(), "a reference, not fn::secret");
            Assert.That(Properties(program, "azure-uan").Scalar("clientSecret").Value, Is.EqualTo("${vpnSharedKey-nyc}"));
            var declared = program.Map("config").Map("vpnSharedKey-nyc");
            Assert.That(declared.Keys(), Is.EqualTo(new[] { "type", "secret" }));
            Assert.That(declared.Scalar("type").Value, Is.EqualTo("string"));
            Assert.That(declared.Scalar("secret").Value, Is.EqualTo("true"));
            Assert.That(declared.Scalar("secret").Style, Is.EqualTo(ScalarStyle.Plain), "secret: true is a bool");
        });
    }

    [Test]
    public void A_secret_literal_is_wrapped_in_fn_secret()
    {
        var graph = ResourceGraph.Build("test", Project, g =>
        {
            _ = new Provider("azure-uan", new ProviderArgs
            {
                Location = "uaenorth",
                ClientSecret = new Secret<string>((Input<string>)"s3cr3t-from-a-test"),
            });
        });

        var clientSecret = Properties(PulumiYaml.Parse(Write(graph)), "azure-uan").Map("clientSecret");

        Assert.Multiple(() =>
        {
            Assert.That(clientSecret.Keys(), Is.EqualTo(new[] { "fn::secret" }));
            Assert.That(clientSecret.Scalar("fn::secret").Value, Is.EqualTo("s3cr3t-from-a-test"));
        });
    }

    [Test]
    public void Every_resource_option_is_written_with_dependsOn_sorted()
    {
        var graph = ResourceGraph.Build("test", Project, g =>
        {
            var provider = new Provider("azure-uan", new ProviderArgs { Location = "uaenorth" }, new ResourceOptions { Version = "3.28.0" });
            var rg = new AzureResourceGroup("hub-rg", new AzureResourceGroupArgs { ResourceGroupName = "rg-oicgs-test-hub-uan" },
                new ResourceOptions { Provider = provider });
            var zeta = new AzureResourceGroup("zeta-rg", new AzureResourceGroupArgs(), new ResourceOptions { Provider = provider });
            var alpha = new AzureResourceGroup("alpha-rg", new AzureResourceGroupArgs(), new ResourceOptions { Provider = provider });
            _ = new VirtualNetwork("hub-vnet", new VirtualNetworkArgs { ResourceGroupName = rg.Name }, new ResourceOptions
            {
                Parent = rg,
                Provider = provider,
                DependsOn = [zeta, alpha],
                Protect = true,
                IgnoreChanges = ["subnets", "tags.updated"],
                CustomTimeouts = new CustomTimeouts(Create: "90m", Update: "90m", Delete: "60m"),
            });
        });

        var program = PulumiYaml.Parse(Write(graph));
        var options = Options(program, "hub-vnet");

        Assert.Multiple(() =>
        {
            Assert.That(options.Keys(), Is.EqualTo(new[] { "parent", "provider", "dependsOn", "protect", "ignoreChanges", "customTimeouts" }));
            Assert.That(options.Scalar("parent").Value, Is.EqualTo("${hub-rg}"));
            Assert.That(options.Scalar("provider").Value, Is.EqualTo("${azure-uan}"));
            Assert.That(((YamlSequenceNode)options.Node("dependsOn")).Children.Select(c => ((YamlScalarNode)c).Value),
                Is.EqualTo(new[] { "${alpha-rg}", "${zeta-rg}" }));
            Assert.That(options.Scalar("protect").Value, Is.EqualTo("true"));
            Assert.That(options.Scalar("protect").Style, Is.EqualTo(ScalarStyle.Plain));
            Assert.That(((YamlSequenceNode)options.Node("ignoreChanges")).Children.Select(c => ((YamlScalarNode)c).Value),
                Is.EqualTo(new[] { "subnets", "tags.updated" }));
            var timeouts = options.Map("customTimeouts");
            Assert.That(timeouts.Keys(), Is.EqualTo(new[] { "create", "delete", "update" }));
            Assert.That(timeouts.Scalar("create").Value, Is.EqualTo("90m"));
            Assert.That(timeouts.Scalar("delete").Value, Is.EqualTo("60m"));
            Assert.That(Options(program, "azure-uan").Keys(), Is.EqualTo(new[] { "version" }));
            Assert.That(Options(program, "azure-uan").Scalar("version").Value, Is.EqualTo("3.28.0"));
        });
    }

    [Test]
    public void The_version_option_reads_back_as_a_string()
    {
        var graph = ResourceGraph.Build("test", Project, g =>
        {
            _ = new Provider("azure-uan", new ProviderArgs { Location = "uaenorth" }, new ResourceOptions { Version = "3.28.0" });
        });

        var typed = PulumiYaml.Typedly(Write(graph));
        var options = (Dictionary<object, object?>)((Dictionary<object, object?>)((Dictionary<object, object?>)typed["resources"]!)["azure-uan"]!)["options"]!;

        Assert.That(options["version"], Is.TypeOf<string>().And.EqualTo("3.28.0"));
    }

    [Test]
    public void Declaring_the_same_resources_in_another_order_writes_identical_bytes()
    {
        var forward = Write(SmallEstate(reverse: false));
        var backward = Write(SmallEstate(reverse: true));

        Assert.That(backward, Is.EqualTo(forward));
    }

    [Test]
    public void Resources_config_keys_outputs_and_map_keys_are_sorted()
    {
        var program = PulumiYaml.Parse(Write(SmallEstate(reverse: true)));

        Assert.Multiple(() =>
        {
            AssertSorted(program.Map("resources").Keys(), "resources");
            AssertSorted(program.Map("config").Keys(), "config");
            AssertSorted(program.Map("outputs").Keys(), "outputs");
            foreach (var (name, resource) in program.Map("resources").Children)
                AssertSortedMapsBelow(((YamlMappingNode)resource).Map("properties"), $"{name}.properties");
        });
    }

    [Test]
    public void The_program_is_YAML_with_the_top_level_keys_of_a_Pulumi_YAML_program()
    {
        var yaml = YamlProgramWriter.Write(SmallEstate(reverse: false), "a description: with a colon");

        var program = PulumiYaml.Parse(yaml);

        Assert.Multiple(() =>
        {
            Assert.That(program.Keys(), Is.EqualTo(new[] { "name", "description", "config", "resources", "outputs" }));
            Assert.That(program.Scalar("name").Value, Is.EqualTo(Project));
            Assert.That(program.Scalar("description").Value, Is.EqualTo("a description: with a colon"));
            Assert.That(yaml, Does.StartWith("# "), "a comment says the program is compiled");
            Assert.That(yaml, Does.Not.Contain("\r"), "LF line ends on every platform");
            Assert.That(yaml, Does.EndWith("\n"));
        });
    }

    [Test]
    public void A_program_without_secrets_or_outputs_has_no_config_or_outputs_block()
    {
        var program = PulumiYaml.Parse(YamlProgramWriter.Write(TaggedResourceGroup(["x"])));

        Assert.That(program.Keys(), Is.EqualTo(new[] { "name", "resources" }));
    }

    private static StorageAccount StorageAccount() => new("st-int", new StorageAccountArgs
    {
        AccountName = "stoicgsintuan000000",
        ResourceGroupName = "rg-oicgs-test-documents-uan",
        Kind = "StorageV2",
        Sku = new StIn.SkuArgs { Name = "Standard_ZRS" },
    });

    /// <summary>The same small program, its declarations (and the insertion order of every map) reversed on request.</summary>
    private static ResourceGraph SmallEstate(bool reverse) => ResourceGraph.Build("test", Project, g =>
    {
        IEnumerable<T> Ordered<T>(IEnumerable<T> items) => reverse ? items.Reverse() : items;

        foreach (var key in Ordered(["vpnSharedKey-nyc", "vpnSharedKey-gva", "vpnSharedKey-jed"]))
            g.SecretConfigKeys.Add(key);
        var provider = new Provider("azure-uan", new ProviderArgs { Location = "uaenorth" }, new ResourceOptions { Version = "3.28.0" });
        var groups = new Dictionary<string, AzureResourceGroup>(StringComparer.Ordinal);
        foreach (var purpose in Ordered(["hub", "connectivity", "documents"]))
        {
            var tags = new InputMap<string>();
            foreach (var (k, v) in Ordered([("owner", "ict-infrastructure@oic-oci.org"), ("cost-center", "GS-ICT-4100"), ("data-classification", "internal")]))
                tags[k] = v;
            groups[purpose] = new AzureResourceGroup($"{purpose}-uan-rg", new AzureResourceGroupArgs
            {
                ResourceGroupName = $"rg-oicgs-test-{purpose}-uan",
                Location = "uaenorth",
                Tags = tags,
            }, new ResourceOptions { Provider = provider });
        }
        var vnets = new List<VirtualNetwork>();
        foreach (var spoke in Ordered(["documents", "shared", "partners"]))
            vnets.Add(new VirtualNetwork($"hub-uan-{spoke}-vnet", new VirtualNetworkArgs
            {
                ResourceGroupName = groups["hub"].Name,
                VirtualNetworkName = $"vnet-oicgs-test-{spoke}-uan",
                Location = "uaenorth",
            }, new ResourceOptions { Parent = groups["hub"], Provider = provider, DependsOn = [.. Ordered(groups.Values.OrderBy(r => r.LogicalName, StringComparer.Ordinal))] }));
        foreach (var vnet in Ordered(vnets.OrderBy(v => v.LogicalName, StringComparer.Ordinal)))
            g.Outputs[$"{vnet.LogicalName}-id"] = vnet.Id;
    });

    private static void AssertSorted(IReadOnlyList<string> keys, string what) =>
        Assert.That(keys, Is.EqualTo(keys.Order(StringComparer.Ordinal).ToList()), $"{what} keys in ordinal order");

    private static void AssertSortedMapsBelow(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlMappingNode map:
                AssertSorted(map.Keys(), path);
                foreach (var (k, v) in map.Children) AssertSortedMapsBelow(v, $"{path}.{k}");
                break;
            case YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++) AssertSortedMapsBelow(list.Children[i], $"{path}[{i}]");
                break;
        }
    }
}
