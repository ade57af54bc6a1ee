using System.Text.RegularExpressions;

namespace Oic.Infra.Cli.Tests;

[TestFixture]
public sealed partial class CompileCommandTests
{
    [Test]
    public void Prod_program_declares_the_whole_reference_estate()
    {
        var result = Repo.Infra("compile", "--stack", "prod");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var program = result.Stdout;

        Assert.That(program, Does.StartWith("# Pulumi YAML program for stack 'prod'"));
        Assert.That(result.Stderr, Is.Empty, "stdout must be the program only, and nothing else is said on success");
        foreach (var site in new[] { "jed", "nyc", "gva", "bru", "kbl", "sesric", "icdt" })
        {
            Assert.That(program, Does.Contain($"connectivity-uan-cn-{site}:"), site);
            Assert.That(program, Does.Contain($"sharedKey: ${{vpnSharedKey-{site}}}"), site);
        }
        foreach (var type in new[]
                 {
                     "azure-native:network:AzureFirewall", "azure-native:network:VirtualNetworkGateway",
                     "azure-native:network:BastionHost", "azure-native:dataprotection:BackupPolicy",
                     "azure-native:network:RouteTable", "azure-native:privatedns:PrivateZone",
                     "azure-native:dnsresolver:DnsResolver", "azure-native:storage:StorageAccount",
                     "azure-native:keyvault:Vault", "azure-native:dataprotection:BackupVault", "azure-native:dataprotection:BackupInstance",
                     "azure-native:operationalinsights:Workspace", "azure-native:monitor:DiagnosticSetting",
                     "azure-native:authorization:RoleAssignment", "azure-native:authorization:PimRoleEligibilitySchedule",
                 })
            Assert.That(program, Does.Contain($"type: {type}\n"), type);
        Assert.That(program, Does.Contain("name: VpnGw2AZ"), "zone-redundant (AZ) VPN gateway SKU");
        Assert.That(NonAzVpnSku().IsMatch(program), Is.False, "classic VpnGw1-5 SKUs can no longer be created");
        Assert.That(StorageAccounts().Matches(program), Has.Count.EqualTo(5), "one storage account per classification, and the flow-log account");
    }

    [Test]
    public void Dev_program_matches_the_golden_file()
    {
        var program = Repo.Infra("compile", "--stack", "dev");
        Assert.That(program.ExitCode, Is.Zero, program.ToString());
        Repo.AssertGolden(Path.Combine("dev", "Main.yaml"), program.Stdout, "the compiled dev program changed");
    }

    [Test]
    public void Compiling_twice_gives_identical_bytes()
    {
        var first = Repo.Infra("compile", "--stack", "prod-dr").Stdout;
        var second = Repo.Infra("compile", "--stack", "prod-dr").Stdout;
        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Is.Not.Empty);
    }

    [Test]
    public void Out_writes_Main_yaml_with_the_printed_program()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"infra-out-{Guid.NewGuid():N}");
        try
        {
            var written = Repo.Infra("compile", "--stack", "dev", "--out", dir);
            Assert.That(written.ExitCode, Is.Zero, written.ToString());
            Assert.That(written.Stdout, Is.Empty);
            Assert.That(File.ReadAllText(Path.Combine(dir, "Main.yaml")), Is.EqualTo(Repo.Infra("compile", "--stack", "dev").Stdout));
            Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(1), "no temporary file left behind");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Unknown_stack_is_invalid_input_with_a_suggestion()
    {
        var result = Repo.Infra("compile", "--stack", "prdo");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stdout, Is.Empty);
        Assert.That(result.Stderr, Does.Contain("unknown stack 'prdo'").And.Contain("did you mean 'prod'?"));
    }

    [Test]
    public void Overlapping_office_prefix_is_reported_with_file_line_and_nothing_is_written()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"infra-bad-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "Pulumi.prod.yaml");
            var text = File.ReadAllText(Path.Combine(Repo.Root, "stacks", "Pulumi.prod.yaml"))
                .Replace("onPremPrefixes: [172.16.26.0/24]", "onPremPrefixes: [10.40.8.0/24]", StringComparison.Ordinal);
            File.WriteAllText(file, text);
            var at = text.IndexOf("10.40.8.0/24", StringComparison.Ordinal);
            var line = text[..at].Count(c => c == '\n') + 1;
            var column = at - text.LastIndexOf('\n', at);
            var outDir = Path.Combine(dir, "out");

            var result = Repo.Infra("compile", "--stack", "prod", "--config-file", file, "--out", outDir);

            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.Contain(
                $"{file}:{line}:{column}: offices[3].onPremPrefixes[0] 10.40.8.0/24 (OIC Office in Kabul) overlaps the primary region supernet 10.40.0.0/16"));
            Assert.That(Directory.Exists(outDir), Is.False, "nothing may be written for invalid input");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Unknown_key_in_our_namespace_is_refused_with_did_you_mean()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"infra-bad-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "Pulumi.dev.yaml");
            File.WriteAllText(file, File.ReadAllText(Path.Combine(Repo.Root, "stacks", "Pulumi.dev.yaml"))
                .Replace("oic-gs-infra:documentStores:", "oic-gs-infra:documentStore:", StringComparison.Ordinal));

            var result = Repo.Infra("compile", "--config-file", file);

            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.Match(@":\d+:3: oic-gs-infra:documentStore is not a known key; did you mean 'oic-gs-infra:documentStores'\?"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Compile_without_a_stack_prints_the_package_discovery_program()
    {
        var result = Repo.Infra("compile");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Contain("type: pulumi:providers:azure-native").And.Contain("version: 3.28.0"));
        Assert.That(result.Stdout, Does.Not.Contain("config:"));
    }

    [Test]
    public void Compile_takes_the_stack_from_PULUMI_STACK_like_pulumi_does()
    {
        var viaVariable = Repo.Run(Path.Combine(Repo.Root, "infra"), ["compile"], Repo.Root, new Dictionary<string, string> { ["PULUMI_STACK"] = "dev" });
        Assert.That(viaVariable.ExitCode, Is.Zero, viaVariable.ToString());
        Assert.That(viaVariable.Stdout, Is.EqualTo(Repo.Infra("compile", "-s", "dev").Stdout));
    }

    [Test]
    public void Unknown_option_is_invalid_input()
    {
        var result = Repo.Infra("compile", "--stak", "prod");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public void Help_describes_the_verbs_and_exit_codes()
    {
        var root = Repo.Infra("--help");
        var compile = Repo.Infra("compile", "--help");
        Assert.That(root.ExitCode, Is.Zero, root.ToString());
        Assert.That(root.Stdout, Does.Contain("compile").And.Contain("Exit codes"));
        Assert.That(compile.ExitCode, Is.Zero, compile.ToString());
        Assert.That(compile.Stdout, Does.Contain("--stack").And.Contain("--config-file").And.Contain("--out"));
    }

    [Test]
    public void Pulumi_yaml_runs_our_compiler_with_stack_files_in_stacks()
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root, "Pulumi.yaml"));
        Assert.That(text, Does.Contain("name: oic-gs-infra"));
        Assert.That(text, Does.Contain("stackConfigDir: stacks"));
        Assert.That(CompilerCommandFromPulumiYaml(), Is.EqualTo(new[] { "./infra", "compile" }));
    }

    private static string[] CompilerCommandFromPulumiYaml()
    {
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Repo.Root, "Pulumi.yaml"))));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode;
        var runtime = (YamlDotNet.RepresentationModel.YamlMappingNode)root["runtime"];
        Assert.That(runtime["name"].ToString(), Is.EqualTo("yaml"));
        var options = (YamlDotNet.RepresentationModel.YamlMappingNode)runtime["options"];
        return options["compiler"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"name: VpnGw[1-5]\n")]
    private static partial Regex NonAzVpnSku();

    [GeneratedRegex(@"type: azure-native:storage:StorageAccount\n")]
    private static partial Regex StorageAccounts();

}
