using System.Text.RegularExpressions;
using Oic.Infra.Estate.Azure;
using Oic.Infra.Estate.Model;
using Oic.Infra.Estate.Tests.Support;

namespace Oic.Infra.Estate.Tests;

[TestFixture]
public sealed partial class NamingTests
{
    private const string StorageAllowed = "lowercase letters and digits";
    private const string KeyVaultAllowed = "letters, digits and single hyphens, starting with a letter and ending with a letter or digit";
    private const string ContainerAllowed = "lowercase letters, digits and single hyphens, starting with a letter or digit";

    [TestCase("abc")]
    [TestCase("stoicgsconfuan08c6a4")]
    [TestCase("abcdefghijklmnopqrstuvwx")] // 24
    [TestCase("012345678901234567890123")]
    public void Storage_account_names_of_3_to_24_lowercase_letters_and_digits_are_valid(string name) =>
        Assert.That(AzureNaming.Check(AzureNaming.StorageAccount, name), Is.Null);

    [TestCase("ab", "storage account name 'ab' is 2 characters; Azure allows 3–24")]
    [TestCase("abcdefghijklmnopqrstuvwxy", "storage account name 'abcdefghijklmnopqrstuvwxy' is 25 characters; Azure allows 3–24")]
    [TestCase("stOicgs", "storage account name 'stOicgs' may only contain " + StorageAllowed)]
    [TestCase("st-oicgs", "storage account name 'st-oicgs' may only contain " + StorageAllowed)]
    [TestCase("st_oicgs", "storage account name 'st_oicgs' may only contain " + StorageAllowed)]
    public void Storage_account_names_outside_the_rules_are_refused_with_the_reason(string name, string expected) =>
        Assert.That(AzureNaming.Check(AzureNaming.StorageAccount, name), Is.EqualTo(expected));

    [TestCase("kva")]
    [TestCase("kv-oicgs-prod-uan-c37a")]
    [TestCase("Kv-Oicgs-1")]
    [TestCase("kv-abcdefghijklmnopqrstu")] // 24
    public void Key_vault_names_within_the_rules_are_valid(string name) =>
        Assert.That(AzureNaming.Check(AzureNaming.KeyVault, name), Is.Null);

    [TestCase("kv", "key vault name 'kv' is 2 characters; Azure allows 3–24")]
    [TestCase("kv-abcdefghijklmnopqrstuv", "key vault name 'kv-abcdefghijklmnopqrstuv' is 25 characters; Azure allows 3–24")]
    [TestCase("kv--oicgs", "key vault name 'kv--oicgs' may only contain " + KeyVaultAllowed)]
    [TestCase("k--v", "key vault name 'k--v' may only contain " + KeyVaultAllowed)]
    [TestCase("kv-oicgs--uan", "key vault name 'kv-oicgs--uan' may only contain " + KeyVaultAllowed)]
    [TestCase("1kv-oicgs", "key vault name '1kv-oicgs' may only contain " + KeyVaultAllowed)]
    [TestCase("-kv-oicgs", "key vault name '-kv-oicgs' may only contain " + KeyVaultAllowed)]
    [TestCase("kv-oicgs-", "key vault name 'kv-oicgs-' may only contain " + KeyVaultAllowed)]
    [TestCase("kv_oicgs", "key vault name 'kv_oicgs' may only contain " + KeyVaultAllowed)]
    public void Key_vault_names_outside_the_rules_are_refused_with_the_reason(string name, string expected) =>
        Assert.That(AzureNaming.Check(AzureNaming.KeyVault, name), Is.EqualTo(expected));

    [TestCase("abc")]
    [TestCase("council-records")]
    [TestCase("2024-minutes")]
    [TestCase("a-b-c")]
    public void Blob_container_names_within_the_rules_are_valid(string name) =>
        Assert.That(AzureNaming.Check(AzureNaming.BlobContainer, name), Is.Null);

    [Test]
    public void Blob_container_names_may_be_63_but_not_64_characters()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AzureNaming.Check(AzureNaming.BlobContainer, new string('a', 63)), Is.Null);
            Assert.That(AzureNaming.Check(AzureNaming.BlobContainer, new string('a', 64)),
                Is.EqualTo($"blob container name '{new string('a', 64)}' is 64 characters; Azure allows 3–63"));
        });
    }

    [TestCase("ab", "blob container name 'ab' is 2 characters; Azure allows 3–63")]
    [TestCase("Council-records", "blob container name 'Council-records' may only contain " + ContainerAllowed)]
    [TestCase("council--records", "blob container name 'council--records' may only contain " + ContainerAllowed)]
    [TestCase("-council", "blob container name '-council' may only contain " + ContainerAllowed)]
    [TestCase("council-", "blob container name 'council-' may only contain " + ContainerAllowed)]
    [TestCase("council_records", "blob container name 'council_records' may only contain " + ContainerAllowed)]
    public void Blob_container_names_outside_the_rules_are_refused_with_the_reason(string name, string expected) =>
        Assert.That(AzureNaming.Check(AzureNaming.BlobContainer, name), Is.EqualTo(expected));

    [Test]
    public void Unique_suffix_is_the_leading_hex_of_sha256_over_the_newline_joined_seed()
    {
        // printf 'a\nb' | sha256sum → 7e18f737311b2dc3…
        Assert.Multiple(() =>
        {
            Assert.That(AzureNaming.UniqueSuffix(6, "a", "b"), Is.EqualTo("7e18f7"));
            Assert.That(AzureNaming.UniqueSuffix(16, "a", "b"), Is.EqualTo("7e18f737311b2dc3"));
            // printf '3d6f…3b4a\nprod\nuaenorth\nkeyvault' | sha256sum → c37a…
            Assert.That(AzureNaming.UniqueSuffix(4, "3d6f1c2a-9e84-4b7d-a5c3-8f0e1d2c3b4a", "prod", "uaenorth", "keyvault"), Is.EqualTo("c37a"));
        });
    }

    [Test]
    public void Unique_suffix_is_stable_lowercase_hex_and_depends_on_every_seed_part()
    {
        var suffix = AzureNaming.UniqueSuffix(6, "sub", "prod", "uaenorth", "internal");
        Assert.Multiple(() =>
        {
            Assert.That(AzureNaming.UniqueSuffix(6, "sub", "prod", "uaenorth", "internal"), Is.EqualTo(suffix));
            Assert.That(suffix, Does.Match("^[0-9a-f]{6}$"));
            Assert.That(AzureNaming.UniqueSuffix(6, "sub", "dev", "uaenorth", "internal"), Is.Not.EqualTo(suffix));
            Assert.That(AzureNaming.UniqueSuffix(6, "sub", "prod", "uaecentral", "internal"), Is.Not.EqualTo(suffix));
            Assert.That(AzureNaming.UniqueSuffix(6, "sub", "prod", "uaenorth", "confidential"), Is.Not.EqualTo(suffix));
        });
    }

    [Test]
    public void Deterministic_guid_is_a_stable_version_5_rfc_4122_guid()
    {
        var guid = AzureNaming.DeterministicGuid("oic-gs-infra", "role-assignment");
        Assert.Multiple(() =>
        {
            // First 16 bytes of SHA-1("oic-gs-infra\nrole-assignment") with the version and variant bits set.
            Assert.That(guid, Is.EqualTo(Guid.Parse("94a9ca25-d045-57d2-860e-bcc35bd5d1c1")));
            Assert.That(AzureNaming.DeterministicGuid("x"), Is.EqualTo(Guid.Parse("11f6ad8e-c52a-5984-abaa-fd7c3b516503")));
            Assert.That(AzureNaming.DeterministicGuid("oic-gs-infra", "role-assignment"), Is.EqualTo(guid));
            Assert.That(AzureNaming.DeterministicGuid("oic-gs-infra", "other"), Is.Not.EqualTo(guid));
            Assert.That(guid.Version, Is.EqualTo(5));
            Assert.That(guid.ToString()[14], Is.EqualTo('5'), "version nibble");
            Assert.That(guid.ToString()[19], Is.AnyOf('8', '9', 'a', 'b'), "RFC 4122 variant");
        });
    }

    [Test]
    public void Deterministic_guids_always_carry_the_version_and_variant_bits()
    {
        for (var i = 0; i < 500; i++)
        {
            var text = AzureNaming.DeterministicGuid("seed", i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToString();
            Assert.That(text, Does.Match("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        }
    }

    [Test]
    public void Estate_names_for_the_prod_stack_are_the_convention_and_within_azure_limits()
    {
        var estate = Fixtures.Load("valid-prod.yaml", "prod");
        var primary = new EstateNames(estate, estate.Regions.Primary);
        var dr = new EstateNames(estate, estate.Regions.Dr);

        Assert.Multiple(() =>
        {
            Assert.That(primary.ResourceGroup("hub"), Is.EqualTo("rg-oicgs-prod-hub-uan"));
            Assert.That(dr.ResourceGroup("hub"), Is.EqualTo("rg-oicgs-prod-hub-uac"));
            Assert.That(primary.Network("vnet", "documents"), Is.EqualTo("vnet-oicgs-prod-documents-uan"));
            Assert.That(primary.SiteNetwork("lgw", estate.Offices[0]), Is.EqualTo("lgw-oicgs-prod-nyc-uan"));
            Assert.That(primary.KeyVault(), Is.EqualTo("kv-oicgs-prod-uan-c37a"));
            Assert.That(dr.KeyVault(), Is.EqualTo("kv-oicgs-prod-uac-4333"));
            Assert.That(primary.StorageAccount(DataClassification.Public), Is.EqualTo("stoicgspubuan08c6a4"));
            Assert.That(primary.StorageAccount(DataClassification.StrictlyConfidential), Is.EqualTo("stoicgssconfuan3bc02d"));
            Assert.That(primary.LogAnalyticsWorkspace(), Is.EqualTo("log-oicgs-prod-uan"));
            Assert.That(primary.BackupVault(), Is.EqualTo("bvault-oicgs-prod-uan"));
            Assert.That(primary.ManagedIdentity("automation"), Is.EqualTo("id-oicgs-prod-automation-uan"));
            Assert.That(() => primary.CheckAll(), Throws.Nothing);
            Assert.That(() => dr.CheckAll(), Throws.Nothing);
        });

        foreach (var names in new[] { primary, dr })
        {
            var all = new List<(AzureNaming.Rule Rule, string Name)>
            {
                (AzureNaming.KeyVault, names.KeyVault()),
                (AzureNaming.LogAnalyticsWorkspace, names.LogAnalyticsWorkspace()),
                (AzureNaming.BackupVault, names.BackupVault()),
                (AzureNaming.ManagedIdentity, names.ManagedIdentity("automation")),
            };
            all.AddRange(new[] { "hub", "connectivity", "identity", "documents", "monitoring", "continuity" }
                .Select(c => (AzureNaming.ResourceGroup, names.ResourceGroup(c))));
            all.AddRange(estate.Spokes.Select(s => (AzureNaming.Network, names.Network("vnet", s.Name))));
            all.AddRange(estate.Sites.Select(s => (AzureNaming.Network, names.SiteNetwork("vgwcn", s))));
            all.AddRange(estate.DocumentStores.Select(s => (AzureNaming.StorageAccount, names.StorageAccount(s.Classification))));
            all.AddRange(estate.DocumentStores.SelectMany(s => s.Containers).Select(c => (AzureNaming.BlobContainer, EstateNames.BlobContainer(c.Name))));

            Assert.Multiple(() =>
            {
                foreach (var (rule, name) in all)
                {
                    Assert.That(name.Length, Is.InRange(rule.Min, rule.Max), $"{rule.Kind} {name}");
                    Assert.That(AzureNaming.Check(rule, name), Is.Null, $"{rule.Kind} {name}");
                }
                Assert.That(all.Where(n => n.Rule == AzureNaming.StorageAccount).Select(n => n.Name), Is.Unique);
            });
        }
    }

    [Test]
    public void Storage_account_names_fit_for_every_prefix_the_loader_accepts()
    {
        // Longest case: an 8-character prefix and 'sconf': st + 8 + 5 + region code (3) + 6 = 24.
        foreach (var location in AzureRegion.All.Select(r => r.Location))
        {
            var estate = new EstateBuilder { NamingPrefix = "abcdefgh", DrLocation = location == "uaenorth" ? "uaecentral" : location }.Build();
            var name = new EstateNames(estate, estate.Regions.Dr).StorageAccount(DataClassification.StrictlyConfidential);
            Assert.That(name, Has.Length.EqualTo(24).And.Match(StorageShape()), location);
        }
    }

    [Test]
    public void A_derived_name_that_breaks_a_rule_names_naming_prefix_as_the_setting_to_change()
    {
        var estate = new EstateBuilder { NamingPrefix = "oicgsict" }.Build();
        var names = new EstateNames(estate, estate.Regions.Primary);

        var error = Assert.Throws<NamingException>(() => names.KeyVault());
        Assert.That(error, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(error!.ConfigPath, Is.EqualTo("naming.prefix"));
            Assert.That(error.Message, Is.EqualTo("key vault name 'kv-oicgsict-prod-uan-c37a' is 25 characters; Azure allows 3–24"));
        });
    }

    private static Regex StorageShape() => StorageShapeRegex();

    [GeneratedRegex("^st[a-z0-9]+$")]
    private static partial Regex StorageShapeRegex();
}
