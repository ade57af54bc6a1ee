using System.IO.Compression;
using System.Text.Json.Nodes;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;

namespace Oic.Infra.Policies.Tests.Inputs;

/// <summary>
/// Issue 16's planting checks on a real stack export (the sandbox's export of the reference estate,
/// <c>prod-scaled-600.json.gz</c>): taking away a storage account's blob service settings, or narrowing
/// a Key Vault's diagnostic setting to the policy-evaluation log, makes a mandatory rule fail on that
/// resource, where the export as recorded has no such finding.
/// </summary>
[TestFixture]
public sealed class PlantedExportTests
{
    private static readonly DateOnly Today = new(2026, 12, 5);
    private const string BlobSettings = "azure-native:storage:BlobServiceProperties";
    private const string Setting = "azure-native:monitor:DiagnosticSetting";

    private static JsonObject Export()
    {
        using var zipped = new GZipStream(File.OpenRead(SourceTree.InputData("prod-scaled-600.json.gz")), CompressionMode.Decompress);
        return JsonNode.Parse(zipped)!.AsObject();
    }

    private static JsonArray Resources(JsonObject export) => export["deployment"]!["resources"]!.AsArray();

    private static PolicyReport Check(JsonObject export)
    {
        var file = Path.Combine(Path.GetTempPath(), $"planted-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, export.ToJsonString());
        try
        {
            return Evaluator.Run(StateDocuments.FromStackExport(file, "prod-planted.json"), Catalogue.All, today: Today);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string[] Mandatory(PolicyReport report, string rule) =>
        [.. report.Violations.Where(v => v.Rule.Id == rule && !v.Waived && v.Enforcement == Enforcement.Mandatory).Select(v => v.Resource.Name).Order(StringComparer.Ordinal)];

    [Test]
    public void A_storage_account_without_blob_service_settings_fails_the_soft_delete_and_versioning_rules()
    {
        var export = Export();
        var before = Check(export);
        var settings = Resources(export).First(r => (string?)r!["type"] == BlobSettings)!;
        var account = (string)settings["inputs"]!["accountName"]!;
        var group = (string)settings["inputs"]!["resourceGroupName"]!;
        var accountResource = Resources(export).Single(r => (string?)r!["type"] == "azure-native:storage:StorageAccount" &&
                                                            (string?)r!["inputs"]!["accountName"] == account &&
                                                            (string?)r!["inputs"]!["resourceGroupName"] == group)!;
        var accountName = ((string)accountResource["urn"]!).Split("::")[^1];
        Resources(export).Remove(settings);

        var after = Check(export);

        Assert.Multiple(() =>
        {
            foreach (var rule in new[] { "storage-blob-soft-delete", "storage-container-soft-delete", "storage-versioning" })
            {
                Assert.That(Mandatory(before, rule), Does.Not.Contain(accountName), $"{rule} before planting");
                Assert.That(Mandatory(after, rule), Does.Contain(accountName), $"{rule} after planting");
            }
        });
    }

    [Test]
    public void A_key_vault_whose_diagnostic_setting_omits_AuditEvent_fails_kv_diagnostics()
    {
        var export = Export();
        var before = Check(export);
        var vault = Resources(export).First(r => (string?)r!["type"] == "azure-native:keyvault:Vault")!;
        var vaultId = (string)vault["id"]!;
        var vaultName = ((string)vault["urn"]!).Split("::")[^1];
        var settings = Resources(export).Where(r => (string?)r!["type"] == Setting &&
            string.Equals((string?)r!["inputs"]!["resourceUri"], vaultId, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.That(settings, Is.Not.Empty, "the recorded export has a diagnostic setting on the vault");
        foreach (var setting in settings)
            foreach (var side in new[] { "inputs", "outputs" })
                if (setting![side] is JsonObject properties)
                    properties["logs"] = new JsonArray(new JsonObject { ["category"] = "AzurePolicyEvaluationDetails", ["enabled"] = true });

        var after = Check(export);

        Assert.Multiple(() =>
        {
            Assert.That(Mandatory(before, "kv-diagnostics"), Does.Not.Contain(vaultName), "before planting");
            Assert.That(Mandatory(after, "kv-diagnostics"), Does.Contain(vaultName), "after planting");
        });
    }
}
