using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Rules.Storage;
using Oic.Infra.Policies.Rules.KeyVault;
using Oic.Infra.Policies.Rules.Network.Nsg;
using Oic.Infra.Policies.Rules.Network.Vnet;
using Oic.Infra.Policies.Rules.Network.Watcher;
using Oic.Infra.Policies.Rules.Network.PublicIp;

namespace Oic.Infra.Policies.Tests.Inputs;

/// <summary>
/// A <c>pulumi preview --json --show-sames</c> digest of the prod stack (<c>Inputs/Data/prod-preview.json</c>):
/// the resource group unchanged, the drifted documents account fixed, an intake account and a Key
/// Vault secret created (with values not known until deployment and a masked secret), a legacy
/// account deleted and the firewall's public IP replaced by a Standard one. Each step's
/// <c>newState</c> is what gets judged.
/// </summary>
[TestFixture]
public sealed class PreviewDigestTests
{
    private const string Display = "preview/prod.json";

    private static ResourceSet Load(string file = "prod-preview.json") =>
        StateDocuments.FromPreview(SourceTree.InputData(file), Display);

    private static PolicyResource Named(ResourceSet set, string name) => set.Resources.Single(r => r.Name == name);

    private static Outcome OutcomeOf(Rule rule, ResourceSet set, string name) =>
        rule.Evaluate(set).Single(o => o.Resource.Name == name).Outcome;

    [Test]
    public void Every_step_with_a_new_state_is_a_resource_and_deleted_ones_are_not()
    {
        var set = Load();

        Assert.Multiple(() =>
        {
            Assert.That(set.Resources.Select(r => r.Name), Is.EqualTo(new[]
            {
                "documents-uan-rg", "documents-uan-st", "intake-uan-st", "documents-uan-kv-sftp", "hub-uan-fw-pip",
            }));
            Assert.That((set.Stack, set.Project), Is.EqualTo(("prod", "oic-gs-infra")));
        });
    }

    [Test]
    public void A_deleted_resource_is_not_judged()
    {
        var report = Evaluator.Run(Load(), Catalogue.All, today: new DateOnly(2026, 1, 15));

        Assert.That(report.Results.Select(r => r.Resource.Name), Has.None.EqualTo("legacy-uan-st"),
            "the legacy account is going away; its TLS 1.0 and plain HTTP must not block the preview");
    }

    [Test]
    public void An_update_is_judged_on_its_new_state()
    {
        var set = Load();

        Assert.That(OutcomeOf(StorageRules.HttpsOnly, set, "documents-uan-st").Kind, Is.EqualTo(OutcomeKind.Pass),
            "the old state has secure transfer off; the update turns it back on");
    }

    [Test]
    public void A_value_not_known_until_deployment_gives_unknown_not_a_failure()
    {
        var set = Load();
        var intake = Named(set, "intake-uan-st");

        Assert.Multiple(() =>
        {
            Assert.That(intake.Get("enableHttpsTrafficOnly").IsUnknown, Is.True);
            Assert.That(intake.Get("enableHttpsTrafficOnly").Text, Is.Null, "the sentinel is never text");
            Assert.That(OutcomeOf(StorageRules.HttpsOnly, set, "intake-uan-st").Kind, Is.EqualTo(OutcomeKind.Unknown));
            Assert.That(OutcomeOf(StorageRules.MinimumTls12, set, "intake-uan-st").Kind, Is.EqualTo(OutcomeKind.Pass), "what is known is judged");
            Assert.That(intake.Id, Is.Null, "a resource to be created has no id yet");
            Assert.That(intake.Get("sku.tier").IsUnknown, Is.True, "the sentinel nested in an object");
        });
    }

    [Test]
    public void No_result_message_carries_the_unknown_sentinel_or_a_masked_secret()
    {
        var report = Evaluator.Run(Load(), Catalogue.All, today: new DateOnly(2026, 1, 15));
        var messages = report.Results.SelectMany(r => r.Outcome.Findings).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(messages, Has.None.Contains(StateDocuments.UnknownSentinel));
            Assert.That(messages, Has.None.Contains("[secret]"));
            Assert.That(report.Errors.Select(e => $"{e.Rule.Id} on {e.Resource.Name}: {e.Message}"), Is.Empty);
        });
    }

    [Test]
    public void A_masked_secret_is_unknown()
    {
        var set = Load();
        var secret = Named(set, "documents-uan-kv-sftp");

        Assert.Multiple(() =>
        {
            Assert.That(secret.Get("properties").IsUnknown, Is.True);
            Assert.That(secret.Get("properties").Text, Is.Null);
            Assert.That(OutcomeOf(KeyVaultRules.SecretExpiry, set, "documents-uan-kv-sftp").Kind, Is.EqualTo(OutcomeKind.Unknown));
        });
    }

    [Test]
    public void A_replacement_is_judged_on_the_resource_that_replaces_it()
    {
        var set = Load();

        Assert.Multiple(() =>
        {
            Assert.That(Named(set, "hub-uan-fw-pip").Urn, Is.EqualTo("urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:network:PublicIPAddress::hub-uan-fw-pip"));
            Assert.That(OutcomeOf(PublicIpRules.PublicIpStandardSku, set, "hub-uan-fw-pip").Kind, Is.EqualTo(OutcomeKind.Pass),
                "Basic/Dynamic is being replaced by Standard/Static");
        });
    }

    [Test]
    public void An_unchanged_resource_keeps_its_id()
    {
        Assert.That(Named(Load(), "documents-uan-rg").Id, Is.EqualTo("/subscriptions/5c6f0e1d-9a2b-4c3d-8e7f-0a1b2c3d4e5f/resourceGroups/rg-oicgs-prod-documents-uan"));
    }

    [Test]
    public void With_replacement_steps_shown_a_replaced_resource_is_judged_once()
    {
        var set = Load("prod-preview-replacement-steps.json");

        Assert.That(set.Resources.Count(r => r.Name == "hub-uan-fw-pip"), Is.EqualTo(1));
    }

    [Test]
    public void With_replacement_steps_shown_the_delete_replaced_step_is_not_judged()
    {
        var set = Load("prod-preview-replacement-steps.json");

        Assert.That(set.Resources.Select(r => r.Get("sku.name").Text), Has.All.EqualTo("Standard"),
            "the Basic address being deleted is not in the set");
    }

    [TestCase("""{"version": 3, "deployment": {"resources": []}}""")]
    [TestCase("""{"steps": {}}""")]
    [TestCase("""[]""")]
    public void A_document_without_a_steps_list_is_refused(string json)
    {
        using var dir = new ScratchDirectory();

        var error = Assert.Throws<PolicyInputException>(() => StateDocuments.FromPreview(dir.Write("preview.json", json), Display));

        Assert.That(error!.Problems.Single(), Is.EqualTo($"{Display}: is not a `pulumi preview --json` document (no \"steps\" list)"));
    }

    [Test]
    public void A_preview_without_show_sames_is_refused_because_unchanged_resources_are_missing()
    {
        using var dir = new ScratchDirectory();

        var error = Assert.Throws<PolicyInputException>(() => StateDocuments.FromPreview(
            dir.Write("preview.json", """{"config": {}, "steps": [], "duration": 4123000000, "changeSummary": {"same": 12}}"""), Display));

        Assert.That(error!.Problems.Single(), Does.Contain("--show-sames"));
    }

    [Test]
    public void A_preview_of_an_empty_stack_is_an_empty_set()
    {
        using var dir = new ScratchDirectory();

        var set = StateDocuments.FromPreview(dir.Write("preview.json", """{"config": {}, "steps": [], "duration": 1000000, "changeSummary": {}}"""), Display);

        Assert.That(set.Resources, Is.Empty);
    }

    [Test]
    public void A_missing_file_is_an_input_error()
    {
        var error = Assert.Throws<PolicyInputException>(() => StateDocuments.FromPreview(SourceTree.InputData("no-such-preview.json"), Display));

        Assert.That(error!.Problems.Single(), Is.EqualTo($"{Display}: preview not found"));
    }
}
