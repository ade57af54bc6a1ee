using System.Text.Json.Nodes;
using Oic.Infra.Automation.Drift;
using static Oic.Infra.Automation.Tests.Drift.DriftEstate;

namespace Oic.Infra.Automation.Tests.Drift;

[TestFixture]
public sealed class DriftDetectorTests
{
    private const string StorageAccount = "azure-native:storage:StorageAccount";
    private const string Group = "azure-native:resources:ResourceGroup";

    private static readonly string StorageUrn = Urn(Group, StorageAccount, "documents-uan-st-pub");
    private static readonly string NsgUrn = Urn(Group, "azure-native:network:NetworkSecurityGroup", "hub-uan-nsg-dns");
    private static readonly string ConnectionUrn = Urn(Group, "azure-native:network:VirtualNetworkGatewayConnection", "connectivity-uan-cn-nyc");

    /// <summary>As <c>infra drift</c> reads them: the state, then Azure's side sharing what the state holds.</summary>
    private static DriftReport Drift(Action<JsonObject>? live = null, ProgramEdits? program = null)
    {
        var recorded = Recorded();
        return DriftDetector.Compare(Desired(program), recorded, StackExport.Parse(LiveJson(live), "Data/drift/prod-live.json", baseline: recorded));
    }

    [Test]
    public void Program_state_and_refreshed_live_view_that_agree_have_no_drift_and_exit_0()
    {
        var report = Drift();

        Assert.That(report.Differences, Is.Empty, () => DriftReports.Text(report, color: false));
        Assert.That(report.ExitCode, Is.EqualTo(0));
        Assert.That(report.Stack, Is.EqualTo("prod"));
    }

    [Test]
    public void Provisioning_state_etags_timestamps_and_traffic_counters_are_not_drift()
    {
        var report = Drift(live =>
        {
            var storage = Outputs(live, "documents-uan-st-pub");
            storage["provisioningState"] = "ResolvingDNS";
            storage["etag"] = "W/\"0f1e2d3c\"";
            storage["creationTime"] = "2026-12-01T00:00:00Z";
            storage["encryption"]!["services"]!["blob"]!["lastEnabledTime"] = "2026-12-01T00:00:00Z";
            storage["statusOfPrimary"] = "unavailable";
            var rule = Outputs(live, "hub-uan-nsg-dns")["securityRules"]![0]!;
            rule["etag"] = "W/\"5e6f\"";
            rule["provisioningState"] = "Updating";
            Outputs(live, "identity-uan-kv")["properties"]!["provisioningState"] = "RegisteringDns";
            Outputs(live, "identity-uan-kv")["systemData"]!["lastModifiedBy"] = "someone@oic-oci.org";
            Outputs(live, "connectivity-uan-cn-nyc")["connectionStatus"] = "Connecting";
        });

        Assert.That(report.Differences, Is.Empty, () => DriftReports.Text(report, color: false));
        Assert.That(report.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void An_empty_list_that_a_newer_api_version_returns_is_not_drift()
    {
        var report = Drift(live =>
        {
            var storage = Outputs(live, "documents-uan-st-pub");
            storage["azureApiVersion"] = "2025-01-01";
            storage["networkRuleSet"]!["resourceAccessRules"] = new JsonArray();
        });

        Assert.That(report.Differences, Is.Empty);
    }

    [Test]
    public void A_tag_edited_in_the_portal_is_tags_only_drift_with_exit_3()
    {
        var report = Drift(live => Outputs(live, "documents-uan-st-pub")["tags"]!["cost-center"] = "GS-ICT-9900");

        var d = report.Differences.Single();
        Assert.That(d, Is.EqualTo(d with
        {
            Kind = Comparison.StateVsLive, Urn = StorageUrn, Type = StorageAccount, Path = "tags.cost-center",
            Recorded = "GS-ICT-4100", Live = "GS-ICT-9900", Class = DriftClass.TagsOnly,
        }));
        Assert.That(d.Policies, Is.Empty);
        Assert.That(report.ExitCode, Is.EqualTo(3));
    }

    [Test]
    public void A_tag_added_in_the_portal_is_drift_although_the_program_never_set_it()
    {
        var report = Drift(live => Outputs(live, "hub-uan-vnet")["tags"]!["created-by"] = "portal");

        var d = report.Differences.Single();
        Assert.That((d.Path, d.Recorded, d.Live, d.Class), Is.EqualTo(("tags.created-by", (string?)null, "portal", DriftClass.TagsOnly)));
    }

    [Test]
    public void Public_blob_access_turned_on_in_live_is_security_relevant_with_the_policy_and_exit_4()
    {
        var report = Drift(live => Outputs(live, "documents-uan-st-pub")["allowBlobPublicAccess"] = true);

        var d = report.Differences.Single();
        Assert.That((d.Kind, d.Urn, d.Path, d.Recorded, d.Live, d.Class),
            Is.EqualTo((Comparison.StateVsLive, StorageUrn, "allowBlobPublicAccess", "false", "true", DriftClass.SecurityRelevant)));
        Assert.That(d.Policies, Does.Contain("storage-no-anonymous-blob"));
        Assert.That(report.ExitCode, Is.EqualTo(4));
    }

    [Test]
    public void An_nsg_rule_letting_rdp_in_from_the_internet_added_in_live_is_security_relevant()
    {
        var report = Drift(live => Outputs(live, "hub-uan-nsg-dns")["securityRules"]!.AsArray().Add(new JsonObject
        {
            ["access"] = "Allow", ["destinationAddressPrefix"] = "*", ["destinationAddressPrefixes"] = new JsonArray(),
            ["destinationPortRange"] = "3389", ["destinationPortRanges"] = new JsonArray(), ["direction"] = "Inbound",
            ["etag"] = "W/\"a1\"", ["id"] = Resource(live, "hub-uan-nsg-dns")["id"]!.GetValue<string>() + "/securityRules/temp-rdp-vendor",
            ["name"] = "temp-rdp-vendor", ["priority"] = 200, ["protocol"] = "Tcp", ["provisioningState"] = "Succeeded",
            ["sourceAddressPrefix"] = "Internet", ["sourceAddressPrefixes"] = new JsonArray(), ["sourcePortRange"] = "*",
            ["sourcePortRanges"] = new JsonArray(), ["type"] = "Microsoft.Network/networkSecurityGroups/securityRules",
        }));

        var d = report.Differences.Single();
        Assert.That((d.Urn, d.Path, d.Recorded, d.Class), Is.EqualTo((NsgUrn, "securityRules[2]", (string?)null, DriftClass.SecurityRelevant)));
        Assert.That(d.Live, Does.Contain("\"destinationPortRange\":\"3389\"").And.Contain("temp-rdp-vendor").And.Not.Contain("etag"));
        Assert.That(d.Policies, Does.Contain("nsg-no-internet-rdp").And.Not.Contain("nsg-no-internet-ssh"));
        Assert.That(report.ExitCode, Is.EqualTo(4));
    }

    [Test]
    public void Nsg_rules_returned_in_another_order_are_not_drift()
    {
        var report = Drift(live =>
        {
            var rules = Outputs(live, "hub-uan-nsg-dns")["securityRules"]!.AsArray();
            var first = rules[0]!;
            rules.RemoveAt(0);
            rules.Add(first);
        });

        Assert.That(report.Differences, Is.Empty);
    }

    [Test]
    public void A_widened_rule_source_is_reported_at_the_rules_property()
    {
        var report = Drift(live => Outputs(live, "hub-uan-nsg-dns")["securityRules"]![0]!["sourceAddressPrefix"] = "Internet");

        var d = report.Differences.Single();
        Assert.That((d.Path, d.Recorded, d.Live, d.Class),
            Is.EqualTo(("securityRules[0].sourceAddressPrefix", "VirtualNetwork", "Internet", DriftClass.SecurityRelevant)));
        Assert.That(d.Policies, Does.Contain("nsg-no-internet-udp"));
    }

    [Test]
    public void A_resource_deleted_in_live_is_deleted_out_of_band()
    {
        var report = Drift(live => ResourceList(live).Remove(Resource(live, "identity-uan-id-automation")));

        var d = report.Differences.Single();
        Assert.That((d.Kind, d.Type, d.Path, d.Live, d.Class), Is.EqualTo((Comparison.StateVsLive,
            "azure-native:managedidentity:UserAssignedIdentity", "", (string?)null, DriftClass.DeletedOutOfBand)));
        Assert.That(d.Recorded, Does.EndWith("/userAssignedIdentities/id-oicgs-prod-automation-uan"));
        Assert.That(report.ExitCode, Is.EqualTo(3));
    }

    [TestCase("identity-uan-kv")]
    [TestCase("documents-uan-st-pub")]
    [TestCase("hub-uan-nsg-dns")]
    public void A_key_vault_storage_account_or_nsg_deleted_out_of_band_is_security_relevant(string name)
    {
        var report = Drift(live => ResourceList(live).Remove(Resource(live, name)));

        var d = report.Differences.Single(d => d.Urn.EndsWith("::" + name, StringComparison.Ordinal));
        Assert.That((d.Path, d.Class), Is.EqualTo(("", DriftClass.SecurityRelevant)));
        Assert.That(report.ExitCode, Is.EqualTo(4));
    }

    [Test]
    public void A_deleted_diagnostic_setting_names_the_policy_that_now_fails_on_the_key_vault()
    {
        var report = Drift(live => ResourceList(live).Remove(Resource(live, "monitoring-uan-diag-kv")));

        var d = report.Differences.Single();
        Assert.That((d.Type, d.Class), Is.EqualTo(("azure-native:monitor:DiagnosticSetting", DriftClass.SecurityRelevant)));
        Assert.That(d.Policies, Is.EqualTo(new[] { "kv-diagnostics" }));
    }

    [Test]
    public void A_resource_only_in_live_is_an_unmanaged_addition()
    {
        var report = Drift(live => ResourceList(live).Add(new JsonObject
        {
            ["urn"] = "urn:pulumi:prod::oic-gs-infra::azure-native:compute:Disk::disk-vendor-scratch",
            ["custom"] = true,
            ["id"] = $"/subscriptions/{Subscription}/resourceGroups/rg-oicgs-prod-hub-uan/providers/Microsoft.Compute/disks/disk-vendor-scratch",
            ["type"] = "azure-native:compute:Disk",
            ["outputs"] = new JsonObject { ["diskSizeGB"] = 128, ["location"] = "uaenorth", ["name"] = "disk-vendor-scratch" },
        }));

        var d = report.Differences.Single();
        Assert.That((d.Kind, d.Type, d.Path, d.Recorded, d.Class), Is.EqualTo((Comparison.StateVsLive,
            "azure-native:compute:Disk", "", (string?)null, DriftClass.UnmanagedAddition)));
        Assert.That(d.Live, Does.EndWith("/disks/disk-vendor-scratch"));
        Assert.That(report.ExitCode, Is.EqualTo(3));
    }

    [Test]
    public void An_unmanaged_storage_account_open_to_anonymous_reads_is_security_relevant()
    {
        var report = Drift(live => ResourceList(live).Add(new JsonObject
        {
            ["urn"] = "urn:pulumi:prod::oic-gs-infra::azure-native:storage:StorageAccount::stvendorshare",
            ["custom"] = true,
            ["id"] = $"/subscriptions/{Subscription}/resourceGroups/rg-oicgs-prod-documents-uan/providers/Microsoft.Storage/storageAccounts/stvendorshare",
            ["type"] = StorageAccount,
            ["outputs"] = new JsonObject
            {
                ["allowBlobPublicAccess"] = true, ["enableHttpsTrafficOnly"] = true, ["minimumTlsVersion"] = "TLS1_2",
                ["name"] = "stvendorshare", ["publicNetworkAccess"] = "Enabled",
            },
        }));

        var d = report.Differences.Single();
        Assert.That(d.Class, Is.EqualTo(DriftClass.SecurityRelevant));
        Assert.That(d.Policies, Does.Contain("storage-no-anonymous-blob").And.Contain("storage-public-network-disabled"));
    }

    [Test]
    public void Outputs_the_program_never_set_are_not_drift_unless_a_policy_reads_them()
    {
        var report = Drift(live =>
        {
            var storage = Outputs(live, "documents-uan-st-pub");
            storage["primaryEndpoints"]!["web"] = "https://example.z1.web.core.windows.net/";
            storage["networkRuleSet"]!["ipRules"]!.AsArray().Add(new JsonObject { ["action"] = "Allow", ["value"] = "203.0.113.7" });
        });

        var d = report.Differences.Single();
        Assert.That((d.Path, d.Recorded, d.Class), Is.EqualTo(("networkRuleSet.ipRules", "[]", DriftClass.SecurityRelevant)));
        Assert.That(d.Live, Does.Contain("203.0.113.7"));
    }

    [Test]
    public void An_output_the_program_set_that_changed_is_configuration_drift()
    {
        var report = Drift(live => Outputs(live, "connectivity-uan-cn-nyc")["dpdTimeoutSeconds"] = 30);

        var d = report.Differences.Single();
        Assert.That((d.Urn, d.Path, d.Recorded, d.Live, d.Class), Is.EqualTo((ConnectionUrn, "dpdTimeoutSeconds", "45", "30", DriftClass.Configuration)));
        Assert.That(report.ExitCode, Is.EqualTo(3));
    }

    [Test]
    public void Values_not_known_in_live_are_never_differences()
    {
        var report = Drift(live =>
        {
            Outputs(live, "documents-uan-st-pub")["minimumTlsVersion"] = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
            Outputs(live, "hub-uan-vnet")["tags"]!["owner"] = "[secret]";
        });

        Assert.That(report.Differences, Is.Empty);
    }

    [Test]
    public void A_secret_changed_in_live_is_never_reported_nor_printed()
    {
        const string plaintext = "Pr3-Shared-K3y-NYC-2026";
        const string ciphertext = "v1:AAAArotatedbythevendorBBBB";
        var report = Drift(live =>
        {
            var connection = Outputs(live, "connectivity-uan-cn-nyc");
            connection["sharedKey"] = new JsonObject
            {
                ["4dabf18193072939515e22adb298388d"] = "1b47061264138c4ac30d75fd1eb44270",
                ["ciphertext"] = ciphertext,
                ["plaintext"] = JsonValue.Create($"\"{plaintext}\""),
            };
            connection["dpdTimeoutSeconds"] = 30;
            // A state that recorded a credential in the clear is still not printed.
            Outputs(live, "hub-uan-vgw")["sharedKey"] = plaintext;
        });

        Assert.That(report.Differences.Select(d => d.Path), Is.EqualTo(new[] { "dpdTimeoutSeconds" }));
        foreach (var rendered in new[] { DriftReports.Text(report, color: false), DriftReports.Json(report), DriftReports.Markdown(report) })
        {
            Assert.That(rendered, Does.Not.Contain(plaintext));
            Assert.That(rendered, Does.Not.Contain(ciphertext));
            Assert.That(rendered, Does.Not.Contain("sharedKey"));
        }
    }

    [Test]
    public void A_tag_changed_in_the_program_is_a_desired_vs_state_tags_difference()
    {
        var report = Drift(program: new ProgramEdits { StorageCostCenter = "GS-ICT-4200" });

        var d = report.Differences.Single();
        Assert.That((d.Kind, d.Urn, d.Path, d.Recorded, d.Live, d.Class), Is.EqualTo((Comparison.DesiredVsState, StorageUrn,
            "tags.cost-center", "GS-ICT-4100", "GS-ICT-4200", DriftClass.TagsOnly)));
        Assert.That(report.ExitCode, Is.EqualTo(3));
    }

    [Test]
    public void References_in_the_program_that_resolve_to_the_recorded_ids_and_names_are_not_differences()
    {
        var desired = Desired();
        var references = desired.Resources.SelectMany(r => r.Properties.References()).ToList();
        Assert.That(references.Select(r => r.Path), Does.Contain("id").And.Contain("name"), "the program refers by id and by name");

        var report = DriftDetector.Compare(desired, Recorded(), Recorded());

        Assert.That(report.Differences, Is.Empty);
    }

    [Test]
    public void A_reference_to_a_resource_not_in_state_yet_is_unknown_and_that_resource_is_to_be_created()
    {
        var report = Drift(program: new ProgramEdits { ConnectionGateway = "gva", AddGeneva = true });

        var create = report.Differences.Single(d => d.IsResourceLevel);
        Assert.That((create.Kind, create.Recorded, create.Class), Is.EqualTo((Comparison.DesiredVsState, (string?)null, DriftClass.Configuration)));
        Assert.That(create.Urn, Does.EndWith("::connectivity-uan-lgw-gva"));
        // The new gateway has no id yet: the program's reference to it is unknown, so not a difference.
        Assert.That(report.Differences, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_reference_resolving_to_a_different_recorded_resource_is_a_security_relevant_difference()
    {
        var recorded = Recorded();
        var lgwId = recorded.Resources.Resources.Single(r => r.Name == "connectivity-uan-lgw-nyc").Id!;
        var vnetId = recorded.Resources.Resources.Single(r => r.Name == "hub-uan-vnet").Id!;
        // The state records the connection pointing at the VNet's id: the program's ${lgw.id} resolves elsewhere.
        var json = JsonNode.Parse(File.ReadAllText(DataFile("prod-state.json")))!.AsObject();
        Resource(json, "connectivity-uan-cn-nyc")["inputs"]!["localNetworkGateway2"]!["id"] = vnetId;
        var tampered = StackExport.Parse(json.ToJsonString(), "state");

        var report = DriftDetector.Compare(Desired(), tampered, tampered);

        var d = report.Differences.Single();
        Assert.That((d.Kind, d.Path, d.Recorded, d.Live, d.Class), Is.EqualTo((Comparison.DesiredVsState, "localNetworkGateway2.id", vnetId, lgwId, DriftClass.SecurityRelevant)));
    }

    [Test]
    public void A_resource_in_state_that_the_program_no_longer_declares_is_to_be_deleted()
    {
        var json = JsonNode.Parse(File.ReadAllText(DataFile("prod-state.json")))!.AsObject();
        var retired = Resource(json, "identity-uan-id-automation").DeepClone().AsObject();
        retired["urn"] = retired["urn"]!.GetValue<string>().Replace("id-automation", "id-legacy", StringComparison.Ordinal);
        retired["id"] = retired["id"]!.GetValue<string>().Replace("automation", "legacy", StringComparison.Ordinal);
        ResourceList(json).Add(retired);
        var state = StackExport.Parse(json.ToJsonString(), "state");

        var report = DriftDetector.Compare(Desired(), state, state);

        var d = report.Differences.Single();
        Assert.That((d.Kind, d.Path, d.Live, d.Class), Is.EqualTo((Comparison.DesiredVsState, "", (string?)null, DriftClass.Configuration)));
        Assert.That(d.Recorded, Does.EndWith("/id-oicgs-prod-legacy-uan"));
    }

    [Test]
    public void A_property_removed_from_the_program_is_a_difference_with_no_desired_value()
    {
        var json = JsonNode.Parse(File.ReadAllText(DataFile("prod-state.json")))!.AsObject();
        Resource(json, "hub-uan-vnet")["inputs"]!["flowTimeoutInMinutes"] = 10;
        var state = StackExport.Parse(json.ToJsonString(), "state");

        var d = DriftDetector.Compare(Desired(), state, state).Differences.Single();

        Assert.That((d.Kind, d.Path, d.Recorded, d.Live, d.Class), Is.EqualTo((Comparison.DesiredVsState, "flowTimeoutInMinutes", "10", (string?)null, DriftClass.Configuration)));
    }

    [Test]
    public void Drift_in_both_comparisons_is_reported_program_first_then_by_urn()
    {
        var report = Drift(
            live =>
            {
                Outputs(live, "documents-uan-st-pub")["allowBlobPublicAccess"] = true;
                ResourceList(live).Remove(Resource(live, "identity-uan-id-automation"));
            },
            new ProgramEdits { StorageCostCenter = "GS-ICT-4200" });

        Assert.That(report.Differences.Select(d => (d.Kind, d.Urn[(d.Urn.LastIndexOf(':') + 1)..], d.Path)), Is.EqualTo(new[]
        {
            (Comparison.DesiredVsState, "documents-uan-st-pub", "tags.cost-center"),
            (Comparison.StateVsLive, "identity-uan-id-automation", ""), // managedidentity:… sorts before storage:…
            (Comparison.StateVsLive, "documents-uan-st-pub", "allowBlobPublicAccess"),
        }));
        Assert.That(report.ExitCode, Is.EqualTo(4));
        Assert.That(report.SecurityRelevant, Is.EqualTo(1));
    }

    [Test]
    public void A_tag_change_beside_a_security_change_on_one_resource_stays_tags_only()
    {
        var report = Drift(live =>
        {
            var storage = Outputs(live, "documents-uan-st-pub");
            storage["allowBlobPublicAccess"] = true;
            storage["tags"]!["cost-center"] = "GS-ICT-9900";
        });

        Assert.That(report.Differences.Select(d => (d.Path, d.Class)), Is.EquivalentTo(new[]
        {
            ("allowBlobPublicAccess", DriftClass.SecurityRelevant),
            ("tags.cost-center", DriftClass.TagsOnly),
        }));
    }

    [Test]
    public void The_data_classification_tag_is_security_relevant_on_any_resource()
    {
        var report = Drift(live => Outputs(live, "monitoring-uan-log")["tags"]!["data-classification"] = "public");

        var d = report.Differences.Single();
        Assert.That((d.Path, d.Class), Is.EqualTo(("tags.data-classification", DriftClass.SecurityRelevant)));
    }

    [Test]
    public void Another_stacks_export_is_invalid_input_not_drift()
    {
        var json = File.ReadAllText(DataFile("prod-state.json")).Replace("urn:pulumi:prod::", "urn:pulumi:dev::", StringComparison.Ordinal);
        var dev = StackExport.Parse(json, "dev-state.json");

        var e = Assert.Throws<Oic.Infra.Policies.Engine.PolicyInputException>(() => DriftDetector.Compare(Desired(), dev, Live()))!;

        Assert.That(e.Message, Is.EqualTo("dev-state.json: holds stack 'dev' of project 'oic-gs-infra', not stack 'prod' of project 'oic-gs-infra'"));
    }

    [Test]
    public void A_role_assignment_created_outside_the_program_is_security_relevant()
    {
        var report = Drift(live => ResourceList(live).Add(new JsonObject
        {
            ["urn"] = "urn:pulumi:prod::oic-gs-infra::azure-native:authorization:RoleAssignment::vendor-contributor",
            ["custom"] = true,
            ["id"] = $"/subscriptions/{Subscription}/providers/Microsoft.Authorization/roleAssignments/7f2c9a14-3b5d-4e6f-8a9b-0c1d2e3f4a5b",
            ["type"] = "azure-native:authorization:RoleAssignment",
            ["outputs"] = new JsonObject
            {
                ["principalId"] = "0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", ["principalType"] = "Group",
                ["roleDefinitionId"] = $"/subscriptions/{Subscription}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
                ["scope"] = $"/subscriptions/{Subscription}/resourceGroups/rg-oicgs-prod-documents-uan",
            },
        }));

        var d = report.Differences.Single();
        Assert.That((d.Path, d.Recorded, d.Class), Is.EqualTo(("", (string?)null, DriftClass.SecurityRelevant)));
        Assert.That(d.Policies, Is.Empty, "a group holding Contributor on a resource group breaks no policy, but it is access nobody declared");
    }

    [Test]
    public void Resource_sets_without_the_raw_export_compare_their_properties()
    {
        var live = Live(live => Outputs(live, "documents-uan-st-pub")["allowBlobPublicAccess"] = true);

        var report = DriftDetector.Compare(Desired(), Recorded().Resources, live.Resources);

        var d = report.Differences.Single();
        Assert.That((d.Kind, d.Path, d.Class), Is.EqualTo((Comparison.StateVsLive, "allowBlobPublicAccess", DriftClass.SecurityRelevant)));
        Assert.That(d.Policies, Does.Contain("storage-no-anonymous-blob"));
    }
}
