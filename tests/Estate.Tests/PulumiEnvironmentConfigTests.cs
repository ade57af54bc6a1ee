using Oic.Infra.Estate.Addressing;
using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Tests.Support;

namespace Oic.Infra.Estate.Tests;

/// <summary>
/// When Pulumi runs the compiler, config arrives in <c>PULUMI_CONFIG</c> rather than from the stack
/// file. Both must bind to the same estate, or a preview would compile a different program from
/// the one <c>compile --stack</c> showed.
/// </summary>
[TestFixture]
public sealed class PulumiEnvironmentConfigTests
{
    [TestCase("valid-prod.yaml", "prod")]
    [TestCase("valid-prod-dr.yaml", "prod-dr")]
    [TestCase("valid-dev.yaml", "dev")]
    public void Config_from_the_Pulumi_environment_binds_the_same_estate_as_the_stack_file(string file, string stack)
    {
        var fromFile = Fixtures.Load(file, stack);
        var (configJson, secretKeysJson) = PulumiEnvironment.FromStackFile(Fixtures.Text(file));
        var fromEnvironment = EstateLoader.Load(StackConfig.FromPulumiEnvironment(stack, configJson, secretKeysJson));

        var (filePlan, fileProblems) = AddressPlanner.Plan(fromFile);
        var (envPlan, envProblems) = AddressPlanner.Plan(fromEnvironment);
        Assert.Multiple(() =>
        {
            Assert.That(fileProblems, Is.Empty);
            Assert.That(envProblems, Is.Empty);
        });
        Assert.Multiple(() =>
        {
            Assert.That(Describe.Plan(envPlan!), Is.EqualTo(Describe.Plan(filePlan!)), "address plan");
            Assert.That(fromEnvironment.Sites.Select(Describe.Site), Is.EqualTo(fromFile.Sites.Select(Describe.Site)), "sites");
            Assert.That(fromEnvironment.DocumentStores.Select(Describe.Store), Is.EqualTo(fromFile.DocumentStores.Select(Describe.Store)), "document stores");
            Assert.That(Describe.Model(fromEnvironment), Is.EqualTo(Describe.Model(fromFile)), "whole model");
        });
    }

    [Test]
    public void Secret_keys_are_marked_secret_and_structured_values_are_decoded()
    {
        var (configJson, secretKeysJson) = PulumiEnvironment.FromStackFile(Fixtures.Text("valid-dev.yaml"));
        var config = StackConfig.FromPulumiEnvironment("dev", configJson, secretKeysJson);

        Assert.Multiple(() =>
        {
            Assert.That(config.Source, Is.EqualTo("PULUMI_CONFIG"));
            Assert.That(config.Entries["oic-gs-infra:vpnSharedKey-gva"].IsSecret, Is.True);
            Assert.That(config.Entries["oic-gs-infra:regions"].IsSecret, Is.False);
            Assert.That(configJson, Does.Contain("\"oic-gs-infra:regions\":\"{\\\"dr\\\":{"), "regions travel as a JSON string");
        });
    }

    [Test]
    public void A_shared_key_not_listed_as_secret_is_refused_from_the_environment_too()
    {
        var (configJson, _) = PulumiEnvironment.FromStackFile(Fixtures.Text("valid-dev.yaml"));
        var error = Assert.Throws<EstateConfigException>(() =>
            EstateLoader.Load(StackConfig.FromPulumiEnvironment("dev", configJson, "[]")));

        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "PULUMI_CONFIG[oic-gs-infra:vpnSharedKey-gva]: oic-gs-infra:vpnSharedKey-gva must be a secret: " +
            "set it with `pulumi config set --secret vpnSharedKey-gva <key> --stack dev` so it is stored encrypted",
            "PULUMI_CONFIG[oic-gs-infra:vpnSharedKey-jed]: oic-gs-infra:vpnSharedKey-jed must be a secret: " +
            "set it with `pulumi config set --secret vpnSharedKey-jed <key> --stack dev` so it is stored encrypted",
        }));
    }

    [Test]
    public void Validation_errors_from_the_environment_name_the_config_key()
    {
        var (configJson, secretKeysJson) = PulumiEnvironment.FromStackFile(Fixtures.Text("office-overlaps-primary-supernet.yaml"));
        var error = Assert.Throws<EstateConfigException>(() =>
            EstateLoader.Load(StackConfig.FromPulumiEnvironment("prod", configJson, secretKeysJson)));

        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            "PULUMI_CONFIG[oic-gs-infra:offices]: offices[0].onPremPrefixes[0] 10.40.8.0/24 " +
            "(Permanent Observer Mission to the United Nations) overlaps the primary region supernet 10.40.0.0/16",
        }));
    }
}
