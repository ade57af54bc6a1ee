using Oic.Infra.Automation.Drift;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Rules;

namespace Oic.Infra.Automation.Tests.Drift;

[TestFixture]
public sealed class SecurityPathsTests
{
    /// <summary>Rules about governance tags on every taggable type: their paths are judged by the rule itself, not listed.</summary>
    private static readonly string[] TagRules = ["tags-required"];

    [Test]
    public void Every_type_a_resource_rule_judges_has_its_security_relevant_paths_listed()
    {
        var missing = Catalogue.Rules.OfType<ResourceRule>()
            .Where(r => !TagRules.Contains(r.Id))
            .SelectMany(r => r.Types.Select(t => (Rule: r.Id, Type: t)))
            .Where(x => !SecurityPaths.ByType.ContainsKey(x.Type))
            .Select(x => $"{x.Rule}: {x.Type}")
            .ToList();

        Assert.That(missing, Is.Empty);
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
