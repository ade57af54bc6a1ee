using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules.DataProtection;
using Oic.Infra.Policies.Rules.DrReadiness;
using Oic.Infra.Policies.Rules.Identity;
using Oic.Infra.Policies.Rules.NetworkSegmentation;
using Oic.Infra.Policies.Rules.SecurityBaseline;

namespace Oic.Infra.Policies.Packs;

/// <summary>
/// The packs and the level each runs its rules at. Every rule belongs to exactly one pack, so a
/// violation is reported once. The pack manifest snapshot test pins this list.
/// </summary>
public static class Catalogue
{
    public static readonly PolicyPack SecurityBaseline = PolicyPack.Of("security-baseline",
        "CIS Microsoft Azure Foundations v3.0.0 and Microsoft cloud security benchmark v1 controls that can be checked from code: storage, network, Key Vault, identity, logging, backup.",
        Enforcement.Mandatory,
        [.. StorageRules.All, .. NetworkRules.All, .. KeyVaultRules.All, .. LoggingRules.All, .. BaselineIdentityRules.All, .. BackupRules.All, .. TaggingRules.All]);

    public static readonly PolicyPack DrReadiness = PolicyPack.Of("dr-readiness",
        "Business continuity: geo-redundant data, recoverable backups, a DR region prepared before a disaster, continuity targets declared.",
        Enforcement.Mandatory, [.. DrRules.All])
        // Facts about the chosen regions to act on before a disaster, not defects of the program.
        .With("dr-region-paired", Enforcement.Advisory)
        .With("dr-region-access-restricted", Enforcement.Advisory);

    public static readonly PolicyPack DataProtection = PolicyPack.Of("data-protection",
        "Documents by classification: labels, WORM records, customer-managed keys for strictly confidential data, no cross-tenant replication.",
        Enforcement.Mandatory, [.. DataProtectionRules.All]);

    public static readonly PolicyPack NetworkSegmentation = PolicyPack.Of("network-segmentation",
        "No management ports from the internet, an NSG on every workload subnet, spokes through the firewall, no address overlap.",
        Enforcement.Mandatory, [.. SegmentationRules.All]);

    public static readonly PolicyPack Identity = PolicyPack.Of("identity",
        "Access to groups rather than users, no standing owner rights for users, no wildcard custom roles, Key Vault in RBAC mode.",
        Enforcement.Mandatory, [.. IdentityRules.All]);

    public static IReadOnlyList<PolicyPack> All => [SecurityBaseline, DrReadiness, DataProtection, NetworkSegmentation, Identity];

    public static IEnumerable<Rule> Rules => All.SelectMany(p => p.Rules.Select(r => r.Rule));

    /// <summary>Pack names and rule ids: the keys a policy config file may use.</summary>
    public static IReadOnlyCollection<string> ConfigKeys => [.. All.Select(p => p.Name), .. Rules.Select(r => r.Id)];
}
