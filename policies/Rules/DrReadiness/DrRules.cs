using System.Globalization;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;
using Oic.Infra.Estate.Azure;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.DrReadiness;

/// <summary>Business continuity: geo-redundant data, recoverable backups, a DR region prepared before a disaster, continuity targets declared.</summary>
public static class DrRules
{
    private const string ClassificationTag = "data-classification";
    private const string RoleTag = "estate-role";
    private const string PrimaryRegionTag = "estate-primary-region";
    private const string DrRegionTag = "estate-dr-region";
    private const string TierTag = "continuity-tier";

    public static readonly ResourceRule GeoRedundantStorage = new("dr-geo-redundant-storage",
        "Confidential and strictly confidential storage accounts replicate to the paired region (GRS, RA-GRS, GZRS or RA-GZRS)",
        "Locally or zone-redundant storage is lost with the region; a geo-redundant copy lets the documents be recovered in the DR region.",
        Severity.High, ["MCSB:BR-1"], [StorageAccount],
        (r, _) =>
        {
            var classification = r.Get("tags").Get(ClassificationTag);
            var geo = Check.OneOf(r, "sku.name", "Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS");
            if (classification.IsUnknown) return geo.Kind == OutcomeKind.Pass ? geo : Check.Unknown($"tags.{ClassificationTag}");
            return IsConfidential(classification.Text) ? geo : Outcome.NotApplicable;
        });

    public static readonly ResourceRule VaultGeoRestore = new("rsv-geo-crr",
        "Recovery Services vaults are geo-redundant with cross-region restore enabled",
        "Backups kept only in the primary region are lost with it; cross-region restore lets them be restored in the paired region before Microsoft declares a failover.",
        Severity.High, ["MCSB:BR-1", "MCSB:BR-2"], [RecoveryServicesVault],
        (r, _) => Outcome.All(
            Check.OneOf(r, "properties.redundancySettings.standardTierStorageRedundancy", "GeoRedundant"),
            Check.OneOf(r, "properties.redundancySettings.crossRegionRestore", "Enabled")));

    public static readonly ResourceRule VaultSoftDelete = new("rsv-soft-delete",
        "Recovery Services vaults keep deleted backups (soft delete Enabled or AlwaysON)",
        "An attacker with access to the vault deletes the backups before encrypting the servers; soft delete keeps them recoverable for 14 days or more.",
        Severity.High, ["MCSB:BR-2"], [RecoveryServicesVault],
        (r, _) => Check.OneOf(r, "properties.securitySettings.softDeleteSettings.softDeleteState", "Enabled", "AlwaysON"));

    public static readonly ResourceRule VaultImmutability = new("rsv-immutability",
        "Recovery Services vaults are immutable (Locked; Unlocked while bootstrapping)",
        "Immutability stops anyone, including an administrator, from shortening retention or deleting restore points before they expire.",
        Severity.High, ["MCSB:BR-2"], [RecoveryServicesVault],
        (r, _) => Check.OneOf(r, "properties.securitySettings.immutabilitySettings.state", "Locked", "Unlocked"));

    public static readonly StackRule PilotLight = new("dr-pilot-light",
        "A DR stack keeps its pilot light: a Key Vault, a Log Analytics workspace and a backup vault",
        "A rebuild in the DR region needs its secrets, somewhere to log to and a vault backing up the DR copies of the data from the first minute; creating them during the disaster costs hours the continuity targets do not allow.",
        Severity.High, ["MCSB:BR-1"],
        JudgePilotLight);

    /// <summary>The pieces of the DR pilot light (each one of its types), and how a finding names each.</summary>
    private static readonly (string[] Types, string What)[] PilotLightPieces =
    [
        ([KeyVault], "Key Vault (azure-native:keyvault:Vault)"),
        ([Workspace], "Log Analytics workspace (azure-native:operationalinsights:Workspace)"),
        ([BackupVault, RecoveryServicesVault], "backup vault (azure-native:dataprotection:BackupVault or azure-native:recoveryservices:Vault)"),
    ];

    /// <summary>
    /// In a stack with resource groups tagged <c>estate-role: dr</c>: each such group passes when the
    /// stack holds every piece and fails naming what is missing; each piece present passes, so the
    /// report shows what the pilot light is made of. Other stacks are not judged.
    /// </summary>
    private static IEnumerable<(PolicyResource, Outcome)> JudgePilotLight(ResourceSet set)
    {
        var drGroups = set.OfType(ResourceGroup)
            .Where(rg => string.Equals(Check.Tag(rg, RoleTag), "dr", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (drGroups.Count == 0) yield break;
        var missing = PilotLightPieces.Where(p => p.Types.All(t => set.OfType(t).Count == 0)).Select(p => p.What).ToList();
        var outcome = missing.Count == 0
            ? Outcome.Pass
            : Outcome.Fail($"the DR stack has no {string.Join(", no ", missing)}; the pilot light must exist before a disaster");
        foreach (var rg in drGroups) yield return (rg, outcome);
        foreach (var (types, _) in PilotLightPieces)
            foreach (var piece in types.SelectMany(set.OfType))
                yield return (piece, Outcome.Pass);
    }

    public static readonly StackRule VaultProtectsItems = new("backup-vault-protects",
        "Every backup vault protects at least one item under a backup policy of its own",
        "A vault with no backup policy or no protected item holds no restore point: it is paid for and reported as the estate's backup, yet nothing could be restored from it.",
        Severity.High, ["MCSB:BR-1", "MCSB:BR-2"],
        set => set.OfType(BackupVault).Select(v => (v, Protects(set, v, BackupPolicy, BackupInstance, "properties.policyInfo.policyId")))
            .Concat(set.OfType(RecoveryServicesVault).Select(v => (v, Protects(set, v, ProtectionPolicy, ProtectedItem, "properties.policyId")))));

    /// <summary>
    /// The vault has a policy (<paramref name="policyType"/> whose <c>vaultName</c> names it) and an item
    /// (<paramref name="itemType"/> in the vault) whose <paramref name="policyPath"/> is one of those policies.
    /// </summary>
    private static Outcome Protects(ResourceSet set, PolicyResource vault, string policyType, string itemType, string policyPath)
    {
        var pending = false;
        bool InVault(PolicyResource r)
        {
            var name = r.Get("vaultName");
            if (name.Value is PropertyValue.Ref { Target: { Resource: { } target, Path: "name" } })
                return target.LogicalName == vault.Name;
            if (name.IsUnknown) { pending = true; return false; }
            return name.Text is { Length: > 0 } text && string.Equals(text, vault.Get("vaultName").Text, StringComparison.OrdinalIgnoreCase);
        }
        var policies = set.OfType(policyType).Where(InVault).ToList();
        var items = set.OfType(itemType).Where(InVault).ToList();
        if (policies.Count > 0 && items.Any(i => policies.Any(p => set.PointsAt(i.Get(policyPath), p)))) return Outcome.Pass;
        if (items.Any(i => i.Get(policyPath).IsUnknown && set.Resolve(i.Get(policyPath)).Resource is null)) pending = true;
        if (pending) return Outcome.Unknown($"a vaultName or {policyPath} in the vault is not known until deployment");
        if (policies.Count == 0) return Outcome.Fail($"no {policyType} has vaultName naming it: the vault has no backup policy, so it takes no backup");
        if (items.Count == 0) return Outcome.Fail($"no {itemType} is in it: the vault protects nothing, though it has {policies.Count} backup polic{(policies.Count == 1 ? "y" : "ies")}");
        return Outcome.Fail($"its {itemType} resources name no policy of this vault in {policyPath}, so none of them is backed up by it");
    }

    public static readonly StackRule OfficesPrewired = new("dr-offices-prewired",
        "Every office's local network gateway has a VPN connection already built",
        "A site-to-site connection takes long to create and needs the office's shared key; standby links built in advance let offices fail over to the DR hub without waiting for them.",
        Severity.High, ["MCSB:BR-1"],
        set => set.OfType(LocalNetworkGateway).Select(lng => (lng, HasConnection(set, lng))));

    private static Outcome HasConnection(ResourceSet set, PolicyResource gateway)
    {
        var pending = false;
        foreach (var connection in set.OfType(Connection))
        {
            var target = connection.Get("localNetworkGateway2.id");
            if (set.PointsAt(target, gateway)) return Outcome.Pass;
            if (target.IsUnknown && set.Resolve(target).Resource is null) pending = true;
        }
        return pending
            ? Outcome.Unknown("a connection's localNetworkGateway2.id is not known until deployment")
            : Outcome.Fail("no VirtualNetworkGatewayConnection has localNetworkGateway2.id pointing at it; the office link would have to be built during the disaster");
    }

    public static readonly ResourceRule ContinuityTier = new("dr-continuity-tier",
        "Every resource group declares its continuity tier (continuity-tier tag, 0 to 9)",
        "The ISO 22301 recovery targets (RTO, RPO, MTPD) are declared per tier; a resource group without a tier has no agreed target and is forgotten in the recovery order.",
        Severity.Medium, ["MCSB:BR-1"], [ResourceGroup],
        (r, _) =>
        {
            var tier = r.Get("tags").Get(TierTag);
            if (tier.IsUnknown) return Check.Unknown($"tags.{TierTag}");
            if (tier.IsMissing) return Outcome.Fail($"tags.{TierTag} is not set; must be a whole number from 0 to 9");
            var text = tier.Text?.Trim() ?? "";
            return Outcome.When(text.Length > 0 && text.All(char.IsAsciiDigit) &&
                                int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 9,
                $"tags.{TierTag} is '{tier.Text}'; must be a whole number from 0 to 9");
        });

    public static readonly StackRule RegionPaired = new("dr-region-paired",
        "The DR region is the platform pair of the primary region",
        "Geo-redundant storage and Recovery Services cross-region restore replicate only to the primary region's pair; a DR region elsewhere receives neither, so data has to be copied there by other means.",
        Severity.Medium, ["MCSB:BR-1"],
        JudgeRegionPairing);

    private static IEnumerable<(PolicyResource, Outcome)> JudgeRegionPairing(ResourceSet set)
    {
        var groups = set.OfType(ResourceGroup);
        var declaring = groups.Where(rg => !rg.Get("tags").Get(PrimaryRegionTag).IsMissing || !rg.Get("tags").Get(DrRegionTag).IsMissing).ToList();
        if (declaring.Count == 0)
        {
            if (groups.Count > 0)
                yield return (set.Root, Outcome.Fail($"no resource group carries the {PrimaryRegionTag} and {DrRegionTag} tags, so the DR region cannot be checked against the primary region's pair"));
            yield break;
        }
        foreach (var rg in declaring) yield return (rg, Pairing(rg));
    }

    private static Outcome Pairing(PolicyResource rg)
    {
        var primary = rg.Get("tags").Get(PrimaryRegionTag);
        var dr = rg.Get("tags").Get(DrRegionTag);
        if (primary.IsUnknown) return Check.Unknown($"tags.{PrimaryRegionTag}");
        if (dr.IsUnknown) return Check.Unknown($"tags.{DrRegionTag}");
        if (primary.Text is not { Length: > 0 } p) return Outcome.Fail($"tags.{PrimaryRegionTag} is not set, though tags.{DrRegionTag} is");
        if (dr.Text is not { Length: > 0 } d) return Outcome.Fail($"tags.{DrRegionTag} is not set, though tags.{PrimaryRegionTag} is");
        var (pn, dn) = (AzureRegion.Normalize(p), AzureRegion.Normalize(d));
        if (pn.Equals(dn, StringComparison.OrdinalIgnoreCase))
            return Outcome.Fail($"the DR region {dn} is the primary region: a regional outage takes both");
        if (AzureRegion.Find(pn) is not { } facts)
            return Outcome.Unknown($"the primary region '{p}' is not in the policy's region table; its pair cannot be checked");
        if (facts.Pair is null)
            return Outcome.Fail($"the primary region {pn} has no platform pair, so the DR region {dn} gets no geo-redundant storage (GRS) copy and no cross-region restore of backups; replication must be built by hand");
        return Outcome.When(facts.Pair.Equals(dn, StringComparison.OrdinalIgnoreCase),
            $"the DR region {dn} is not {pn}'s platform pair ({facts.Pair}): GRS storage and cross-region restore replicate to {facts.Pair}, so the DR region gets no GRS copy and no cross-region restore");
    }

    public static readonly StackRule RegionAccessRestricted = new("dr-region-access-restricted",
        "The DR region is open to the subscription without a support request",
        "Access-restricted regions (UAE Central, Switzerland West, Germany North, France South…) accept deployments only after a support request grants access and quota; during a disaster there is no time to wait for one.",
        Severity.Low, ["MCSB:BR-1"],
        set => set.OfType(ResourceGroup)
            .Where(rg => !rg.Get("tags").Get(DrRegionTag).IsMissing)
            .Select(rg => (rg, AccessRestricted(rg))));

    private static Outcome AccessRestricted(PolicyResource rg)
    {
        var dr = rg.Get("tags").Get(DrRegionTag);
        if (dr.IsUnknown) return Check.Unknown($"tags.{DrRegionTag}");
        var region = AzureRegion.Normalize(dr.Text ?? "");
        if (AzureRegion.Find(region) is not { } facts)
            return Outcome.Unknown($"the DR region '{dr.Text}' is not in the policy's region table; whether access is restricted is not known");
        return Outcome.When(!facts.AccessRestricted,
            $"the DR region {facts.Location} is access-restricted: the subscription needs access and quota there (granted through a support request) before a disaster");
    }

    private const string StateRegionTag = "estate-state-region";
    private const string SecretsRegionTag = "estate-secrets-region";

    public static readonly ResourceRule BootstrapOutsidePrimary = new("dr-bootstrap-outside-primary",
        "A DR stack's state backend and secrets provider live outside the primary region",
        "With the primary region lost, `pulumi up` of the DR stack must still read its state and decrypt its secrets; a state account or Key Vault in the primary region goes down with it and the rebuild cannot start (docs/operations.md, DR bootstrap).",
        Severity.Critical, ["MCSB:BR-1"], [ResourceGroup],
        (r, _) =>
        {
            if (!string.Equals(Check.Tag(r, RoleTag), "dr", StringComparison.OrdinalIgnoreCase)) return Outcome.NotApplicable;
            var primary = r.Get("tags").Get(PrimaryRegionTag);
            if (primary.IsUnknown) return Check.Unknown($"tags.{PrimaryRegionTag}");
            var outcomes = new List<Outcome>();
            foreach (var (tag, what) in new[] { (StateRegionTag, "state backend"), (SecretsRegionTag, "secrets provider") })
            {
                var region = r.Get("tags").Get(tag);
                if (region.IsUnknown) { outcomes.Add(Check.Unknown($"tags.{tag}")); continue; }
                if (region.Text is not { Length: > 0 } text)
                {
                    outcomes.Add(Outcome.Fail($"tags.{tag} is not set: the DR stack does not declare where its {what} lives (deployment.bootstrap in its stack file), so nothing shows it survives the loss of {primary.Text}"));
                    continue;
                }
                outcomes.Add(Outcome.When(!AzureRegion.Normalize(text).Equals(AzureRegion.Normalize(primary.Text), StringComparison.Ordinal),
                    $"the DR stack's {what} is in {text}, the primary region: when {text} is lost, `pulumi up` of the DR stack can neither read its state nor decrypt its secrets"));
            }
            return Outcome.All([.. outcomes]);
        });

    private static bool IsConfidential(string? classification) =>
        classification is not null &&
        (classification.Equals("confidential", StringComparison.OrdinalIgnoreCase) ||
         classification.Equals("strictly-confidential", StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<Rule> All =>
    [
        GeoRedundantStorage, VaultGeoRestore, VaultSoftDelete, VaultImmutability, PilotLight, VaultProtectsItems, OfficesPrewired, ContinuityTier,
        RegionPaired, RegionAccessRestricted, BootstrapOutsidePrimary,
    ];
}
