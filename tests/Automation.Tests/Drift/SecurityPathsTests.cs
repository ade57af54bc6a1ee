using Oic.Infra.Automation.Drift;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Rules;

namespace Oic.Infra.Automation.Tests.Drift;

[TestFixture]
public sealed class SecurityPathsTests
{
    [Test]
    public void Every_path_a_security_rule_declares_is_security_relevant()
    {
        var missing = Catalogue.Rules.Where(r => r.JudgesSecurity)
            .SelectMany(r => r.Reads.Items.Select(i => (Rule: r.Id, i.Type, i.Path)))
            .Where(x => x.Type != PropertyPaths.AnyType && !SecurityPaths.IsSecurityRelevant(x.Type, x.Path))
            .Select(x => $"{x.Rule}: {x.Type} {x.Path}")
            .ToList();

        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Every_type_a_resource_rule_judges_has_declared_paths()
    {
        var missing = Catalogue.Rules.OfType<ResourceRule>().Where(r => r.JudgesSecurity)
            .SelectMany(r => r.Types.Select(t => (Rule: r.Id, Type: t)))
            .Where(x => !SecurityPaths.Types.Contains(x.Type))
            .Select(x => $"{x.Rule}: {x.Type}")
            .ToList();

        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Governance_tags_read_by_tags_required_are_not_security_relevant()
    {
        Assert.That(Catalogue.Rules.Single(r => r.Id == "tags-required").Reads.Covers(AzureTypes.StorageAccount, "tags.owner"), Is.True);
        Assert.That(SecurityPaths.IsSecurityRelevant(AzureTypes.StorageAccount, "tags.owner"), Is.False);
    }

    [TestCase(AzureTypes.StorageAccount, "allowBlobPublicAccess")]
    [TestCase(AzureTypes.StorageAccount, "networkRuleSet.ipRules[3].value")]
    [TestCase(AzureTypes.StorageAccount, "networkRuleSet")]
    [TestCase(AzureTypes.NetworkSecurityGroup, "securityRules[2]")]
    [TestCase(AzureTypes.NetworkSecurityGroup, "securityRules[0].sourceAddressPrefix")]
    [TestCase(AzureTypes.KeyVault, "properties.enablePurgeProtection")]
    [TestCase(AzureTypes.KeyVault, "properties")]
    [TestCase(AzureTypes.Connection, "ipsecPolicies[0].dhGroup")]
    [TestCase(AzureTypes.VirtualNetwork, "subnets[1].networkSecurityGroup.id")]
    [TestCase(AzureTypes.VirtualNetwork, "subnets[4]")]
    [TestCase(AzureTypes.Workspace, "tags.data-classification")]
    [TestCase(AzureTypes.ResourceGroup, "tags.critical")]
    public void Paths_a_rule_reads_and_what_is_above_or_below_them_are_security_relevant(string type, string path) =>
        Assert.That(SecurityPaths.IsSecurityRelevant(type, path), Is.True);

    [TestCase(AzureTypes.StorageAccount, "tags.cost-center")]
    [TestCase(AzureTypes.StorageAccount, "accessTier")]
    [TestCase(AzureTypes.StorageAccount, "networkRuleSetting")]
    [TestCase(AzureTypes.Connection, "dpdTimeoutSeconds")]
    [TestCase(AzureTypes.VirtualNetwork, "subnets[1].serviceEndpoints")]
    [TestCase("azure-native:compute:Disk", "diskSizeGB")]
    [TestCase(AzureTypes.StorageAccount, "")]
    public void Other_paths_are_not(string type, string path) =>
        Assert.That(SecurityPaths.IsSecurityRelevant(type, path), Is.False);

    [Test]
    public void Deleting_a_key_vault_storage_account_recovery_vault_nsg_or_firewall_is_security_relevant()
    {
        Assert.That(SecurityPaths.DeletionIsSecurityRelevant, Is.SupersetOf(new[]
        {
            AzureTypes.KeyVault, AzureTypes.StorageAccount, AzureTypes.RecoveryServicesVault, AzureTypes.NetworkSecurityGroup, AzureTypes.AzureFirewall,
        }));
    }
}
