using System.Text.RegularExpressions;
using Oic.Infra.Cli.Tests.PulumiStandIn;

namespace Oic.Infra.Cli.Tests;

/// <summary>
/// <c>pulumi preview</c>/<c>up</c> on this project, as far as our compiler takes part: Pulumi's YAML host
/// (<see cref="YamlLanguageHost"/>) calls it for package discovery with no stack, then for the run with
/// exactly the environment upstream sets, after the bootstrap has put the secrets in the stack file.
/// </summary>
[TestFixture]
public sealed partial class PulumiCompilerContractTests
{
    private static readonly string[] Stacks = ["prod", "prod-dr", "dev"];
    private static readonly (string, string)[] PinnedPackages = [("azure-native", "3.28.0")];

    [Test]
    public void Discovery_call_with_no_stack_names_the_pinned_packages_and_reads_no_stack_file()
    {
        // No stack file at all in this copy: discovery must not need one.
        using var project = StandInProject.Create("dev", new Dictionary<string, string>());
        File.Delete(project.StackFile);
        var host = new YamlLanguageHost(project.Directory, YamlLanguageHost.CleanShell());

        var (call, packages) = host.GetRequiredPackages();

        Assert.That(call.Succeeded, Is.True, call.ToString());
        Assert.That(call.Stderr, Is.Empty);
        Assert.That(packages, Is.EqualTo(PinnedPackages));
    }

    [TestCaseSource(nameof(Stacks))]
    public void Run_call_prints_the_program_infra_compile_prints_and_no_secret(string stack)
    {
        var secrets = SecretKeys(stack).ToDictionary(k => $"oic-gs-infra:{k}", k => $"psk-{k}-{Guid.NewGuid():N}");
        Assert.That(secrets, Is.Not.Empty);
        using var project = StandInProject.Create(stack, secrets);
        var host = new YamlLanguageHost(project.Directory, YamlLanguageHost.CleanShell());

        var (discovery, discovered) = host.GetRequiredPackages();
        var (run, template) = host.Run(stack, "organization", "oic-gs-infra", project.EngineConfig(), project.Directory);
        var viaCli = Repo.Infra("compile", "--stack", stack);

        Assert.That(discovery.Succeeded, Is.True, discovery.ToString());
        Assert.That(run.Succeeded, Is.True, run.ToString());
        Assert.That(run.ConflictingVariables, Is.Empty);
        Assert.That(run.Stdout, Is.EqualTo(viaCli.Stdout), "the run call and `infra compile --stack` must print the same program");
        Assert.That(template!.ReferencedPackages(), Is.EqualTo(discovered), "discovery installs what the run deploys with");
        Assert.That(secrets.Keys.Select(k => k["oic-gs-infra:".Length..]), Is.All.Matches<string>(k => template.Config[k].Secret));
        Assert.That(secrets.Values, Has.None.Matches<string>(v => (run.Stdout + run.Stderr).Contains(v, StringComparison.Ordinal)),
            "a decrypted secret reached the compiler's output");
    }

    [Test]
    public void Run_call_without_a_site_key_is_refused_with_the_command_that_sets_it()
    {
        var secrets = SecretKeys("dev").Where(k => k != "vpnSharedKey-gva").ToDictionary(k => $"oic-gs-infra:{k}", k => "psk");
        using var project = StandInProject.Create("dev", secrets);
        var host = new YamlLanguageHost(project.Directory, YamlLanguageHost.CleanShell());

        var (run, _) = host.Run("dev", "organization", "oic-gs-infra", project.EngineConfig(), project.Directory);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.Contain("'gva' has no VPN pre-shared key: run `pulumi config set --secret vpnSharedKey-gva <key> --stack dev`"));
    }

    [Test]
    public void Run_call_refuses_a_shared_key_the_stack_file_keeps_in_plaintext()
    {
        using var project = StandInProject.Create("dev", new Dictionary<string, string> { ["oic-gs-infra:vpnSharedKey-jed"] = "psk" },
            text => text + "  oic-gs-infra:vpnSharedKey-gva: correct-horse-battery-staple\n");
        var host = new YamlLanguageHost(project.Directory, YamlLanguageHost.CleanShell());

        var (run, _) = host.Run("dev", "organization", "oic-gs-infra", project.EngineConfig(), project.Directory);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("oic-gs-infra:vpnSharedKey-gva must be a secret"));
        Assert.That(run.Stderr, Does.Not.Contain("correct-horse-battery-staple"));
    }

    [Test]
    public void Run_call_with_a_stack_exported_in_the_shell_is_refused_not_compiled_against_other_config()
    {
        var secrets = SecretKeys("prod").ToDictionary(k => $"oic-gs-infra:{k}", k => "psk");
        using var project = StandInProject.Create("prod", secrets);
        File.Copy(Path.Combine(Repo.Root, "stacks", "Pulumi.dev.yaml"), Path.Combine(project.Directory, "stacks", "Pulumi.dev.yaml"));
        var shell = new Dictionary<string, string>(YamlLanguageHost.CleanShell()) { ["PULUMI_STACK"] = "dev" };
        var host = new YamlLanguageHost(project.Directory, shell);

        var (run, _) = host.Run("prod", "organization", "oic-gs-infra", project.EngineConfig(), project.Directory);

        Assert.That(run.ConflictingVariables, Is.EqualTo(new[] { "PULUMI_STACK" }));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("PULUMI_STACK is 'dev'").And.Contain("exported in your shell"));
    }

    [Test]
    public void Run_call_ignores_other_namespaces_and_takes_a_bracketed_secret_as_text()
    {
        var secrets = SecretKeys("dev").ToDictionary(k => $"oic-gs-infra:{k}", k => "[k3y");
        using var project = StandInProject.Create("dev", secrets, text => text + "  azure-native:location: uaenorth\n");
        var host = new YamlLanguageHost(project.Directory, YamlLanguageHost.CleanShell());
        var config = project.EngineConfig();
        Assert.That(config, Does.ContainKey("azure-native:location"));

        var (run, _) = host.Run("dev", "organization", "oic-gs-infra", config, project.Directory);

        Assert.That(run.Succeeded, Is.True, run.ToString());
        Assert.That(run.Stdout, Is.EqualTo(Repo.Infra("compile", "--stack", "dev").Stdout));
    }

    [Test]
    public void Invalid_config_in_the_run_call_is_invalid_input_naming_the_key()
    {
        var secrets = SecretKeys("prod").ToDictionary(k => $"oic-gs-infra:{k}", k => "psk");
        using var project = StandInProject.Create("prod", secrets,
            text => text.Replace("onPremPrefixes: [172.16.26.0/24]", "onPremPrefixes: [10.40.8.0/24]", StringComparison.Ordinal));
        var host = new YamlLanguageHost(project.Directory, YamlLanguageHost.CleanShell());

        var (run, _) = host.Run("prod", "organization", "oic-gs-infra", project.EngineConfig(), project.Directory);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.Contain("PULUMI_CONFIG[oic-gs-infra:offices]: offices[3].onPremPrefixes[0] 10.40.8.0/24"));
    }

    /// <summary>The secret config keys the compiled program of <paramref name="stack"/> reads.</summary>
    private static IEnumerable<string> SecretKeys(string stack) =>
        SecretDeclaration().Matches(Repo.Infra("compile", "--stack", stack).Stdout).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"^  (vpnSharedKey-[a-z0-9-]+):\n    type: string\n    secret: true$", RegexOptions.Multiline)]
    private static partial Regex SecretDeclaration();
}
