using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Reports;
using Oic.Infra.Policies.Rules.Storage;
using Oic.Infra.Policies.Rules.KeyVault;
using Oic.Infra.Policies.Rules.Network.Nsg;
using Oic.Infra.Policies.Rules.Network.Vnet;
using Oic.Infra.Policies.Rules.Network.Watcher;
using Oic.Infra.Policies.Rules.Network.PublicIp;

namespace Oic.Infra.Policies.Tests.Inputs;

/// <summary>
/// A <c>pulumi stack export</c> (version 3) of the prod stack, as written under <c>Inputs/Data/</c>:
/// the documents account has drifted (secure transfer turned off in the portal, recorded by a
/// refresh), a Key Vault secret and the archive account's firewall are secrets, and the records
/// account was replaced with its old copy left pending deletion.
/// </summary>
[TestFixture]
public sealed class StackExportTests
{
    private const string Display = "state/prod.json";
    private const string Urn = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$";

    private static ResourceSet Load(string file = "prod-stack-export.json") =>
        StateDocuments.FromStackExport(SourceTree.InputData(file), Display);

    private static PolicyResource Named(ResourceSet set, string name) => set.Resources.Single(r => r.Name == name);

    private static Outcome OutcomeOf(Rule rule, ResourceSet set, string name) =>
        rule.Evaluate(set).Single(o => o.Resource.Name == name).Outcome;

    [Test]
    public void Stack_and_project_come_from_the_urns_and_the_stack_resource_itself_is_left_out()
    {
        var set = Load();

        Assert.Multiple(() =>
        {
            Assert.That(set.Stack, Is.EqualTo("prod"));
            Assert.That(set.Project, Is.EqualTo("oic-gs-infra"));
            Assert.That(set.Source, Is.EqualTo(Display));
            Assert.That(set.Resources.Select(r => r.Type), Does.Not.Contain("pulumi:pulumi:Stack"));
            Assert.That(set.Resources.Select(r => r.Name), Is.EqualTo(new[]
            {
                "azure-native-uan", "documents-uan-rg", "security-uan-law", "documents-uan-st", "documents-uan-st-blob",
                "documents-uan-st-blob-diag", "documents-uan-kv-sql-admin", "archive-uan-st", "records-uan-st",
            }));
        });
    }

    [Test]
    public void Each_resource_keeps_its_urn_type_ARM_id_and_parent()
    {
        var account = Named(Load(), "documents-uan-st");

        Assert.Multiple(() =>
        {
            Assert.That(account.Urn, Is.EqualTo(Urn + "azure-native:storage:StorageAccount::documents-uan-st"));
            Assert.That(account.Type, Is.EqualTo("azure-native:storage:StorageAccount"));
            Assert.That(account.Id, Is.EqualTo("/subscriptions/5c6f0e1d-9a2b-4c3d-8e7f-0a1b2c3d4e5f/resourceGroups/rg-oicgs-prod-documents-uan/providers/Microsoft.Storage/storageAccounts/oicgsproddocsuan"));
            Assert.That(account.ParentUrn, Is.EqualTo("urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup::documents-uan-rg"));
            Assert.That(account.DeclaredAt, Is.Null, "deployed state does not know the C# line");
        });
    }

    [Test]
    public void Outputs_win_over_inputs_so_drift_recorded_by_a_refresh_is_judged()
    {
        var set = Load();

        var outcome = OutcomeOf(StorageRules.HttpsOnly, set, "documents-uan-st");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Kind, Is.EqualTo(OutcomeKind.Fail), "inputs say true, the deployed account says false");
            Assert.That(outcome.Findings, Is.EqualTo(new[] { "enableHttpsTrafficOnly is false; must be true" }));
        });
    }

    [Test]
    public void Inputs_fill_in_what_outputs_lack()
    {
        var set = Load();
        var account = Named(set, "documents-uan-st");
        var diag = Named(set, "documents-uan-st-blob-diag");

        Assert.Multiple(() =>
        {
            Assert.That(account.Get("publicNetworkAccess").Text, Is.EqualTo("Disabled"), "ARM returned no publicNetworkAccess; the input is used");
            Assert.That(OutcomeOf(StorageRules.PublicNetworkDisabled, set, "documents-uan-st").Kind, Is.EqualTo(OutcomeKind.Pass));
            Assert.That(diag.Get("resourceUri").Text, Does.EndWith("/storageAccounts/oicgsproddocsuan/blobServices/default"),
                "resourceUri is an input only: azure-native has no such output");
            Assert.That(account.Get("primaryEndpoints.blob").Text, Is.EqualTo("https://oicgsproddocsuan.blob.core.windows.net/"), "output-only values are there too");
        });
    }

    [Test]
    public void A_lowercased_ARM_id_in_outputs_still_points_at_the_workspace()
    {
        var set = Load();
        var diag = Named(set, "documents-uan-st-blob-diag");

        Assert.That(set.PointsAt(diag.Get("workspaceId"), Named(set, "security-uan-law")), Is.True);
    }

    [Test]
    public void Storage_logging_passes_on_deployed_state_when_the_stack_also_declares_the_blob_service()
    {
        var set = Load();

        Assert.That(OutcomeOf(StorageRules.Logging, set, "documents-uan-st").Kind, Is.EqualTo(OutcomeKind.Pass));
    }

    [Test]
    public void A_resource_pending_deletion_is_skipped_and_its_replacement_is_judged()
    {
        var set = Load();

        var records = set.Resources.Where(r => r.Name == "records-uan-st").ToList();
        var results = Evaluator.Run(set, Catalogue.All, today: new DateOnly(2026, 1, 15)).Results.Where(r => r.Resource.Name == "records-uan-st").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(records, Has.Count.EqualTo(1));
            Assert.That(records[0].Id, Does.EndWith("/storageAccounts/oicgsprodrecuan2"));
            Assert.That(set.ByUrn(records[0].Urn), Is.SameAs(records[0]));
            Assert.That(OutcomeOf(StorageRules.MinimumTls12, set, "records-uan-st").Kind, Is.EqualTo(OutcomeKind.Pass));
            Assert.That(results.Select(r => r.Message), Has.None.Contains("TLS1_0"), "the old copy's settings are not judged");
        });
    }

    [Test]
    public void A_secret_is_unknown_whatever_rule_reads_it()
    {
        var set = Load();

        Assert.Multiple(() =>
        {
            Assert.That(Named(set, "documents-uan-kv-sql-admin").Get("properties.attributes.expires").IsUnknown, Is.True);
            Assert.That(Named(set, "archive-uan-st").Get("networkRuleSet.defaultAction").IsUnknown, Is.True);
            Assert.That(Named(set, "archive-uan-st").Get("networkRuleSet.defaultAction").Text, Is.Null);
            Assert.That(OutcomeOf(KeyVaultRules.SecretExpiry, set, "documents-uan-kv-sql-admin").Kind, Is.EqualTo(OutcomeKind.Unknown));
            Assert.That(OutcomeOf(StorageRules.NetworkDefaultDeny, set, "archive-uan-st").Kind, Is.EqualTo(OutcomeKind.Unknown));
            Assert.That(OutcomeOf(StorageRules.TrustedServices, set, "archive-uan-st").Kind, Is.EqualTo(OutcomeKind.Unknown));
        });
    }

    [Test]
    public void No_catalogue_rule_throws_on_the_deployed_prod_stack()
    {
        var report = Evaluator.Run(Load(), Catalogue.All, today: new DateOnly(2026, 1, 15));

        Assert.That(report.Errors.Select(e => $"{e.Rule.Id} on {e.Resource.Name}: {e.Message}"), Is.Empty);
    }

    private static readonly string[] Plaintexts = ["213.42.17.96", "Logging, Metrics", "Qx7!vR2m#Lp9", "6f0c1b9e2d8a4f37"];

    [Test]
    public void With_show_secrets_the_plaintext_is_still_unknown_and_never_text()
    {
        var set = Load("prod-stack-export-show-secrets.json");

        Assert.Multiple(() =>
        {
            Assert.That(Named(set, "archive-uan-st").Get("networkRuleSet").IsUnknown, Is.True);
            Assert.That(Named(set, "archive-uan-st").Get("networkRuleSet.bypass").Text, Is.Null);
            Assert.That(Named(set, "documents-uan-kv-sql-admin").Get("properties").IsUnknown, Is.True);
            Assert.That(OutcomeOf(StorageRules.NetworkDefaultDeny, set, "archive-uan-st").Kind, Is.EqualTo(OutcomeKind.Unknown),
                "the plaintext says Allow; a rule must not have read it");
            Assert.That(OutcomeOf(StorageRules.TrustedServices, set, "archive-uan-st").Kind, Is.EqualTo(OutcomeKind.Unknown));
            Assert.That(OutcomeOf(KeyVaultRules.SecretExpiry, set, "documents-uan-kv-sql-admin").Kind, Is.EqualTo(OutcomeKind.Unknown));
        });
    }

    [Test]
    public void With_show_secrets_no_rule_message_or_report_contains_a_plaintext()
    {
        var report = Evaluator.Run(Load("prod-stack-export-show-secrets.json"), Catalogue.All, today: new DateOnly(2026, 1, 15));
        var messages = report.Results.SelectMany(r => r.Outcome.Findings).ToList();
        string[] rendered =
        [
            PolicyReports.Text(report, color: false),
            PolicyReports.Json(report),
            PolicyReports.Markdown(report),
            PolicyReports.Sarif(report, new SarifOptions(SourceTree.Root, "policy/prod", SourceTree.InputData("prod-stack-export-show-secrets.json"))),
        ];

        Assert.Multiple(() =>
        {
            Assert.That(messages, Is.Not.Empty);
            foreach (var plaintext in Plaintexts)
            {
                Assert.That(messages, Has.None.Contains(plaintext), $"a finding quotes '{plaintext}'");
                Assert.That(rendered, Has.None.Contains(plaintext), $"a report quotes '{plaintext}'");
            }
        });
    }

    [Test]
    public void A_version_2_checkpoint_is_refused()
    {
        var error = Assert.Throws<PolicyInputException>(() => Load("prod-stack-export-v2.json"));

        Assert.That(error!.Problems.Single(), Is.EqualTo($"{Display}: has checkpoint version 2; only version 3 (a number, as current Pulumi writes it) is supported"));
    }

    [TestCase("""{"deployment": {"resources": []}}""", "is not a `pulumi stack export` document (no \"version\")")]
    [TestCase("""{"version": 4, "deployment": {"resources": []}}""", "has checkpoint version 4; only version 3 (a number, as current Pulumi writes it) is supported")]
    [TestCase("""{"version": 3}""", "has no \"deployment\" object")]
    [TestCase("""[{"version": 3}]""", "is not a `pulumi stack export` document (no \"version\")")]
    [TestCase("""{"version": 3, "deployment": {"resources": [{"type": "azure-native:storage:StorageAccount"}]}}""", "a resource has no \"urn\"")]
    public void A_document_that_is_not_a_version_3_export_is_refused(string json, string problem)
    {
        using var dir = new ScratchDirectory();

        var error = Assert.Throws<PolicyInputException>(() => StateDocuments.FromStackExport(dir.Write("export.json", json), Display));

        Assert.That(error!.Problems.Single(), Is.EqualTo($"{Display}: {problem}"));
    }

    [Test]
    public void A_version_written_as_a_string_is_refused_saying_it_must_be_a_number()
    {
        using var dir = new ScratchDirectory();

        var error = Assert.Throws<PolicyInputException>(() =>
            StateDocuments.FromStackExport(dir.Write("export.json", """{"version": "3", "deployment": {"resources": []}}"""), Display));

        Assert.That(error!.Problems.Single(), Does.Not.Contain("version 3; only version 3"));
    }

    [Test]
    public void Invalid_JSON_is_reported_at_its_line_and_column()
    {
        using var dir = new ScratchDirectory();
        var file = dir.Write("export.json", "{\n    \"version\": 3,\n    \"deployment\": {\"resources\": [\n        {\"urn\": }\n    ]}\n}\n");

        var error = Assert.Throws<PolicyInputException>(() => StateDocuments.FromStackExport(file, Display));

        Assert.That(error!.Problems.Single(), Does.StartWith($"{Display}:4:17: is not valid JSON"));
    }

    [Test]
    public void An_export_with_no_resources_is_an_empty_unknown_stack()
    {
        using var dir = new ScratchDirectory();

        var set = StateDocuments.FromStackExport(dir.Write("export.json", """{"version": 3, "deployment": {"manifest": {"time": "2026-01-12T06:40:13Z", "magic": "", "version": "v3.209.0"}}}"""), Display);

        Assert.Multiple(() =>
        {
            Assert.That(set.Resources, Is.Empty);
            Assert.That((set.Stack, set.Project), Is.EqualTo(("unknown", "unknown")));
        });
    }
}
