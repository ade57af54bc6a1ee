using Oic.Infra.Estate.Addressing;
using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Model;
using Oic.Infra.Estate.Tests.Support;

namespace Oic.Infra.Estate.Tests;

/// <summary>
/// Each fixture is a copy of a real stack file with one defect (or a few, for the tests about
/// reporting several at once). The assertions are on the exact text people see:
/// <c>file:line:col: path message</c>, in file order.
/// </summary>
[TestFixture]
public sealed class ConfigValidationTests
{
    private const string NoSuchSite = "names no site (headquarters, offices or partners)";

    private const string Iso22301 =
        "ISO 22301 requires the RTO to be shorter than the maximum tolerable period of disruption";

    private const string AllRegions =
        "uaenorth, uaecentral, saudiarabiaeast, qatarcentral, israelcentral, westeurope, northeurope, switzerlandnorth, " +
        "switzerlandwest, germanywestcentral, germanynorth, francecentral, francesouth, swedencentral, swedensouth, " +
        "italynorth, polandcentral, spaincentral, austriaeast, indonesiacentral, malaysiawest, mexicocentral, newzealandnorth";

    [TestCase("valid-prod.yaml", "prod")]
    [TestCase("valid-prod-dr.yaml", "prod-dr")]
    [TestCase("valid-dev.yaml", "dev")]
    public void Unmodified_copies_of_the_stack_files_load(string file, string stack)
    {
        var estate = Fixtures.Load(file, stack);

        Assert.That(estate.Stack, Is.EqualTo(stack));
    }

    [Test]
    public void The_live_stack_files_all_load_and_plan()
    {
        var stacks = Path.Combine(Fixtures.RepositoryRoot(), "stacks");
        foreach (var stack in new[] { "prod", "prod-dr", "dev" })
        {
            var path = Path.Combine(stacks, $"Pulumi.{stack}.yaml");
            var estate = EstateLoader.Load(StackConfig.FromStackFile(path, $"stacks/Pulumi.{stack}.yaml"));
            var (plan, problems) = AddressPlanner.Plan(estate);
            Assert.Multiple(() =>
            {
                Assert.That(estate.Stack, Is.EqualTo(stack), "stack name from the file name");
                Assert.That(problems, Is.Empty, stack);
                Assert.That(plan, Is.Not.Null, stack);
            });
        }
    }

    [Test]
    public void An_on_premises_domain_that_is_not_a_name_and_a_budget_not_starting_on_the_first_are_reported()
    {
        var diagnostics = Fixtures.Diagnostics("onprem-dns-and-budget-invalid.yaml", "prod");
        Assert.That(diagnostics, Has.Some.Contains("network.onPremDns.domains[1]").And.Some.Contains("'bad domain' is not a DNS domain name"));
        Assert.That(diagnostics, Has.Some.Contains("budget.startDate").And.Some.Contains("'2026-12-15' must be the first day of a month"));
    }

    [Test]
    public void An_on_premises_dns_server_outside_the_headquarters_prefixes_is_reported()
    {
        Assert.That(Fixtures.Diagnostics("onprem-dns-server-outside-headquarters.yaml", "prod"),
            Has.Some.Contains("network.onPremDns.servers[0]").And.Some.Contains("10.99.0.10 is not in the headquarters' on-premises prefixes"));
    }

    [Test]
    public void The_reference_stacks_forward_on_premises_domains_and_the_primary_ones_have_a_budget()
    {
        var stacks = Path.Combine(Fixtures.RepositoryRoot(), "stacks");
        foreach (var stack in new[] { "prod", "prod-dr", "dev" })
        {
            var estate = EstateLoader.Load(StackConfig.FromStackFile(Path.Combine(stacks, $"Pulumi.{stack}.yaml"), $"stacks/Pulumi.{stack}.yaml"));
            Assert.That(estate.Network.OnPremDns?.Domains, Does.Contain("oic-oci.org."), stack);
            Assert.That(estate.Budget is not null, Is.EqualTo(stack != "prod-dr"), stack);
        }
    }

    [Test]
    public void Office_prefix_overlapping_the_primary_supernet_is_reported_at_its_line()
    {
        Assert.That(Fixtures.Diagnostics("office-overlaps-primary-supernet.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/office-overlaps-primary-supernet.yaml:43:24: offices[0].onPremPrefixes[0] 10.40.8.0/24 " +
            "(Permanent Observer Mission to the United Nations) overlaps the primary region supernet 10.40.0.0/16",
        }));
    }

    [Test]
    public void Two_offices_with_overlapping_prefixes_are_reported_at_the_later_one_naming_the_earlier()
    {
        Assert.That(Fixtures.Diagnostics("offices-overlap-each-other.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/offices-overlap-each-other.yaml:64:24: offices[3].onPremPrefixes[0] 172.16.21.0/24 (OIC Office in Kabul) " +
            "overlaps offices[1].onPremPrefixes[0] 172.16.20.0/22 (Permanent Observer Mission to the UN Office at Geneva)",
        }));
    }

    [Test]
    public void Dr_supernet_overlapping_the_primary_supernet_is_reported_at_the_dr_supernet()
    {
        Assert.That(Fixtures.Diagnostics("dr-supernet-overlaps-primary.yaml", "prod-dr"), Is.EqualTo(new[]
        {
            "Fixtures/dr-supernet-overlaps-primary.yaml:20:17: regions.dr.supernet 10.40.128.0/17 " +
            "overlaps the primary region supernet 10.40.0.0/16",
        }));
    }

    [Test]
    public void Misspelt_top_level_key_suggests_the_known_key()
    {
        // One typo, one message: not also "offices is missing" or "the shared key names no site".
        Assert.That(Fixtures.Diagnostics("unknown-top-level-key.yaml", "dev"), Is.EqualTo(new[]
        {
            "Fixtures/unknown-top-level-key.yaml:37:3: oic-gs-infra:ofices is not a known key; did you mean 'oic-gs-infra:offices'?",
        }));
    }

    [Test]
    public void Misspelt_site_key_suggests_the_known_key_at_its_own_line()
    {
        Assert.That(Fixtures.Diagnostics("unknown-site-key.yaml", "dev"), Is.EqualTo(new[]
        {
            "Fixtures/unknown-site-key.yaml:44:7: offices[0].vpnPeerAdress is not a known key; did you mean 'vpnPeerAddress'?",
        }));
    }

    [Test]
    public void Non_zone_redundant_vpn_sku_is_refused_with_its_AZ_equivalent()
    {
        Assert.That(Fixtures.Diagnostics("non-az-vpn-sku.yaml", "dev"), Is.EqualTo(new[]
        {
            "Fixtures/non-az-vpn-sku.yaml:23:20: network.vpnGatewaySku 'VpnGw1' can no longer be created " +
            "(non-AZ VPN gateway SKUs were retired for new gateways on 1 January 2025); use 'VpnGw1AZ'",
        }));
    }

    [Test]
    public void Rto_not_below_mtpd_is_reported_at_the_rto()
    {
        Assert.That(Fixtures.Diagnostics("rto-not-below-mtpd.yaml", "dev"), Is.EqualTo(new[]
        {
            $"Fixtures/rto-not-below-mtpd.yaml:95:21: continuity.tiers[1].rtoMinutes 2880 must be below mtpdMinutes (2880): {Iso22301}",
        }));
    }

    [Test]
    public void Plaintext_vpn_shared_key_is_refused_with_the_command_that_encrypts_it()
    {
        Assert.That(Fixtures.Diagnostics("plaintext-shared-key.yaml", "dev"), Is.EqualTo(new[]
        {
            "Fixtures/plaintext-shared-key.yaml:111:3: oic-gs-infra:vpnSharedKey-gva must be a secret: " +
            "set it with `pulumi config set --secret vpnSharedKey-gva <key> --stack dev` so it is stored encrypted",
        }));
    }

    [Test]
    public void Stack_file_may_leave_the_shared_keys_to_the_bootstrap()
    {
        // The program only refers to the keys; Pulumi's run call must supply them (see the Cli tests).
        var estate = Fixtures.Load("missing-shared-key.yaml", "dev");
        Assert.That(estate.Offices.Select(o => o.Key), Does.Contain("gva"));
    }

    [Test]
    public void Naming_prefix_that_makes_a_derived_name_too_long_is_reported_at_naming_prefix()
    {
        // The longest prefix the loader accepts is 8 characters; with it the storage account names
        // still fit in 24 (st + 8 + sconf + uan + 6-character suffix = 24), but the key vault's
        // 'kv-<prefix>-prod-<region>-<suffix>' comes to 25.
        Assert.That(Fixtures.Diagnostics("naming-prefix-too-long.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/naming-prefix-too-long.yaml:13:13: naming.prefix key vault name 'kv-oicgsict-prod-uan-c37a' is 25 characters; Azure allows 3–24",
            "Fixtures/naming-prefix-too-long.yaml:13:13: naming.prefix key vault name 'kv-oicgsict-prod-uac-4333' is 25 characters; Azure allows 3–24",
        }));
    }

    [Test]
    public void Naming_prefix_longer_than_eight_characters_is_refused()
    {
        Assert.That(Fixtures.Diagnostics("naming-prefix-over-eight.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/naming-prefix-over-eight.yaml:13:13: naming.prefix 'oicgsinfra' must be 1–8 lowercase letters, digits or hyphens, starting with a letter",
        }));
    }

    [Test]
    public void Naming_prefix_with_a_double_hyphen_breaks_the_key_vault_rule_at_naming_prefix()
    {
        const string Rule = "may only contain letters, digits and single hyphens, starting with a letter and ending with a letter or digit";
        Assert.That(Fixtures.Diagnostics("naming-prefix-double-hyphen.yaml", "prod"), Is.EqualTo(new[]
        {
            $"Fixtures/naming-prefix-double-hyphen.yaml:13:13: naming.prefix key vault name 'kv-oic--gs-prod-uan-c37a' {Rule}",
            $"Fixtures/naming-prefix-double-hyphen.yaml:13:13: naming.prefix key vault name 'kv-oic--gs-prod-uac-4333' {Rule}",
        }));
    }

    [Test]
    public void Supernet_with_host_bits_set_suggests_its_network_address()
    {
        Assert.That(Fixtures.Diagnostics("invalid-cidr.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/invalid-cidr.yaml:17:17: regions.primary.supernet '10.40.0.5/16' is not a network address; did you mean 10.40.0.0/16?",
        }));
    }

    [Test]
    public void Duplicate_office_id_is_reported_at_the_second_naming_the_first()
    {
        Assert.That(Fixtures.Diagnostics("duplicate-site-ids.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/duplicate-site-ids.yaml:45:11: offices[1].id office id '10' is already used by offices[0].id (line 38)",
        }));
    }

    [Test]
    public void Unknown_region_suggests_the_closest_region()
    {
        Assert.That(Fixtures.Diagnostics("unknown-region.yaml", "prod"), Is.EqualTo(new[]
        {
            $"Fixtures/unknown-region.yaml:19:17: regions.dr.location 'uaecentrl' is not allowed; did you mean 'uaecentral'? (one of: {AllRegions})",
        }));
    }

    [Test]
    public void Yaml_syntax_error_is_reported_with_its_line()
    {
        // Line 39 is indented one space less than the other keys of its mapping.
        Assert.That(Fixtures.Diagnostics("invalid-yaml.yaml", "dev"), Is.EqualTo(new[]
        {
            "Fixtures/invalid-yaml.yaml:39:6: is not valid YAML: While parsing a block collection, did not find expected '-' indicator.",
        }));
    }

    [Test]
    public void Config_key_written_twice_is_reported_at_the_second()
    {
        Assert.That(Fixtures.Diagnostics("duplicate-yaml-key.yaml", "dev"), Is.EqualTo(new[]
        {
            "Fixtures/duplicate-yaml-key.yaml:45:3: is not valid YAML: Duplicate key oic-gs-infra:naming",
        }));
    }

    [Test]
    public void Unclosed_flow_sequence_is_reported_as_invalid_yaml_not_a_crash()
    {
        // Line 43 reads 'onPremPrefixes: [172.16.20.0/22' (no closing bracket) with more keys after it.
        var diagnostics = Fixtures.Diagnostics("unclosed-flow-sequence.yaml", "dev");

        Assert.That(diagnostics, Has.Length.EqualTo(1));
        Assert.That(diagnostics[0], Does.StartWith("Fixtures/unclosed-flow-sequence.yaml:4").And.Contain(": is not valid YAML: "));
    }

    [Test]
    public void Several_binding_errors_are_reported_together_in_line_order()
    {
        Assert.That(Fixtures.Diagnostics("several-binding-errors.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/several-binding-errors.yaml:8:5: deployment.protectStatefull is not a known key; did you mean 'protectStateful'?",
            "Fixtures/several-binding-errors.yaml:23:20: network.vpnGatewaySku 'VpnGw2' can no longer be created " +
            "(non-AZ VPN gateway SKUs were retired for new gateways on 1 January 2025); use 'VpnGw2AZ'",
            "Fixtures/several-binding-errors.yaml:131:17: documentStores[2].containers[0].name blob container name 'Correspondence' " +
            "may only contain lowercase letters, digits and single hyphens, starting with a letter or digit",
            "Fixtures/several-binding-errors.yaml:176:3: oic-gs-infra:vpnSharedKey-icdt must be a secret: " +
            "set it with `pulumi config set --secret vpnSharedKey-icdt <key> --stack prod` so it is stored encrypted",
        }));
    }

    [Test]
    public void Several_cross_field_errors_are_reported_together_in_line_order()
    {
        Assert.That(Fixtures.Diagnostics("several-validation-errors.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/several-validation-errors.yaml:50:24: offices[1].onPremPrefixes[0] 10.40.200.0/24 " +
            "(Permanent Observer Mission to the UN Office at Geneva) overlaps the primary region supernet 10.40.0.0/16",
            $"Fixtures/several-validation-errors.yaml:144:21: continuity.tiers[0].rtoMinutes 1440 must be below mtpdMinutes (1440): {Iso22301}",
        }));
    }

    [Test]
    public void Partner_id_beyond_the_partner_exchange_is_reported_for_each_region()
    {
        Assert.That(Fixtures.Diagnostics("partner-id-out-of-range.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/partner-id-out-of-range.yaml:74:11: partners[1].id 97 is out of range: ipsec partner links are numbered 1–96 (one /27 each in 10.40.4.0/22 and 10.40.8.0/21); link more partners with 'kind: front', which takes no address",
            "Fixtures/partner-id-out-of-range.yaml:74:11: partners[1].id 97 is out of range: ipsec partner links are numbered 1–96 (one /27 each in 10.41.4.0/22 and 10.41.8.0/21); link more partners with 'kind: front', which takes no address",
        }));
    }

    [Test]
    public void Spoke_subnet_that_does_not_fit_after_the_others_is_reported_at_that_subnet()
    {
        Assert.That(Fixtures.Diagnostics("spoke-subnets-overflow.yaml", "dev"), Is.EqualTo(new[]
        {
            "Fixtures/spoke-subnets-overflow.yaml:52:11: spokes[0].subnets[1] /27 does not fit in spoke 'documents' (10.60.16.0/24) after the subnets before it",
            "Fixtures/spoke-subnets-overflow.yaml:52:11: spokes[0].subnets[1] /27 does not fit in spoke 'documents' (10.61.16.0/24) after the subnets before it",
        }));
    }

    [Test]
    public void Link_local_office_prefix_is_refused()
    {
        Assert.That(Fixtures.Diagnostics("link-local-office-prefix.yaml", "dev"), Is.EqualTo(new[]
        {
            "Fixtures/link-local-office-prefix.yaml:43:24: offices[0].onPremPrefixes[0] 169.254.10.0/24 overlaps 169.254.0.0/16 (link-local)",
        }));
    }

    [Test]
    public void Document_access_naming_an_undefined_group_suggests_the_closest_group()
    {
        Assert.That(Fixtures.Diagnostics("undefined-access-group.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/undefined-access-group.yaml:113:9: identity.documentAccess.internal names group 'staf', " +
            "which identity.groups does not define; did you mean 'staff'?",
        }));
    }

    [Test]
    public void Privileged_access_out_of_range_or_not_a_guid_is_refused_where_written()
    {
        Assert.That(Fixtures.Diagnostics("privileged-access-binding.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/privileged-access-binding.yaml:118:24: identity.privilegedAccess.activationHours 24 must be between 1 and 8",
            "Fixtures/privileged-access-binding.yaml:121:16: identity.privilegedAccess.roleManagementPolicies.owner 'the-owner-policy' must be a GUID " +
            "such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301 (an Entra object id)",
        }));
    }

    [Test]
    public void Privileged_access_approvers_must_be_groups_of_the_estate()
    {
        Assert.That(Fixtures.Diagnostics("privileged-access-approver-typo.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/privileged-access-approver-typo.yaml:119:18: identity.privilegedAccess.approvers names group 'privileged-aprovers', " +
            "which identity.groups does not define; did you mean 'privileged-approvers'?",
        }));
    }

    [Test]
    public void Dr_region_equal_to_the_primary_region_is_refused()
    {
        Assert.That(Fixtures.Diagnostics("dr-region-same-as-primary.yaml", "dev"), Is.EqualTo(new[]
        {
            "Fixtures/dr-region-same-as-primary.yaml:19:17: regions.dr.location 'uaenorth' is the primary region too; the DR region must be another region",
        }));
    }

    [Test]
    public void Bgp_asn_reserved_by_azure_is_refused_with_the_ranges_to_choose_from()
    {
        Assert.That(Fixtures.Diagnostics("reserved-bgp-asn.yaml", "dev"), Is.EqualTo(new[]
        {
            "Fixtures/reserved-bgp-asn.yaml:35:12: headquarters.bgp.asn 65515 is reserved by Azure VPN gateways; choose another private ASN (64512–65514, 65521–65534)",
        }));
    }

    [Test]
    public void Estate_without_a_private_endpoints_subnet_is_reported_at_spokes()
    {
        Assert.That(Fixtures.Diagnostics("no-private-endpoints-subnet.yaml", "dev"), Is.EqualTo(new[]
        {
            "Fixtures/no-private-endpoints-subnet.yaml:45:3: spokes must include a subnet with 'purpose: private-endpoints': " +
            "document stores and the key vault are reachable only through private endpoints",
        }));
    }

    [Test]
    public void The_prod_stack_files_bind_the_strategy_of_each_service_and_dr_access()
    {
        var estate = Fixtures.Load("valid-prod-dr.yaml", "prod-dr");
        var strategy = estate.ContinuityTiers.SelectMany(t => t.Services.Select(s => (s, t.StrategyOf(s)))).ToDictionary(x => x.s, x => x.Item2);

        Assert.Multiple(() =>
        {
            Assert.That(strategy[ContinuityService.Connectivity], Is.EqualTo(DrStrategy.PilotLight));
            Assert.That(strategy[ContinuityService.Identity], Is.EqualTo(DrStrategy.PilotLight));
            Assert.That(strategy[ContinuityService.Documents], Is.EqualTo(DrStrategy.PilotLight));
            Assert.That(strategy[ContinuityService.Monitoring], Is.EqualTo(DrStrategy.Rebuild));
            Assert.That(strategy[ContinuityService.Backup], Is.EqualTo(DrStrategy.PilotLight));
            Assert.That(estate.Regions.Dr.AccessGranted, Is.True);
        });
    }

    [Test]
    public void Without_strategies_every_service_is_rebuilt_and_dr_access_is_assumed()
    {
        var estate = Fixtures.Load("valid-dev.yaml", "dev");

        Assert.Multiple(() =>
        {
            Assert.That(estate.ContinuityTiers.SelectMany(t => t.Services.Select(t.StrategyOf)), Is.All.EqualTo(DrStrategy.Rebuild));
            Assert.That(estate.Regions.Dr.AccessGranted, Is.True);
        });
    }

    [Test]
    public void Misspelt_strategy_is_refused_with_a_suggestion()
    {
        Assert.That(Fixtures.Diagnostics("bad-strategy-value.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/bad-strategy-value.yaml:156:33: continuity.tiers[1].strategies.documents 'pilot-lite' is not allowed; " +
            "did you mean 'pilot-light'? (one of: pilot-light, rebuild)",
        }));
    }

    [Test]
    public void Strategy_for_a_service_of_another_tier_is_refused()
    {
        Assert.That(Fixtures.Diagnostics("strategy-for-service-not-in-tier.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/strategy-for-service-not-in-tier.yaml:156:54: continuity.tiers[1].strategies.backup sets a strategy for the " +
            "'backup' service, which this tier does not list (its services: documents); set it in the tier that lists 'backup'",
        }));
    }

    [Test]
    public void Strategy_key_that_is_no_service_is_refused_with_a_suggestion()
    {
        Assert.That(Fixtures.Diagnostics("unknown-strategy-service.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/unknown-strategy-service.yaml:149:49: continuity.tiers[0].strategies.identiy is not a known key; did you mean 'identity'?",
        }));
    }

    [Test]
    public void Dr_access_granted_must_be_a_boolean()
    {
        Assert.That(Fixtures.Diagnostics("dr-access-granted-not-boolean.yaml", "prod"), Is.EqualTo(new[]
        {
            "Fixtures/dr-access-granted-not-boolean.yaml:21:22: regions.dr.accessGranted 'yes-ish' must be true or false",
        }));
    }

    [Test]
    public void Diagnostics_are_also_exposed_as_structured_locations()
    {
        var error = Assert.Throws<EstateConfigException>(() => Fixtures.Load("office-overlaps-primary-supernet.yaml", "prod"));

        Assert.That(error, Is.Not.Null);
        var d = error!.Diagnostics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(d.Location, Is.EqualTo(new SourceLocation("Fixtures/office-overlaps-primary-supernet.yaml", 43, 24)));
            Assert.That(d.Path, Is.EqualTo("offices[0].onPremPrefixes[0]"));
            Assert.That(error.Message, Is.EqualTo(d.ToString()));
        });
    }
}
