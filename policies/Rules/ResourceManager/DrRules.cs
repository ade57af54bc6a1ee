using System.Globalization;
using Oic.Infra.Estate.Azure;
using Oic.Infra.Policies.Engine;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.ResourceManager;

/// <summary>Business continuity: geo-redundant data, recoverable backups, a DR region prepared before a disaster, continuity targets declared.</summary>
public static class DrRules
{
    private const string RoleTag = "estate-role";

    /// <summary>A resource group of a DR stack: tagged <c>estate-role: dr</c> (the hint every DR rule reads).</summary>
    public static bool IsDrGroup(PolicyResource resourceGroup) =>
        string.Equals(Check.Tag(resourceGroup, RoleTag), "dr", StringComparison.OrdinalIgnoreCase);
    private const string PrimaryRegionTag = "estate-primary-region";
    private const string DrRegionTag = "estate-dr-region";
    private const string TierTag = "continuity-tier";

    public static readonly StackRule PilotLight = new("dr-pilot-light",
        "A DR stack keeps its pilot light: a Key Vault, a Log Analytics workspace and a backup vault",
        "A rebuild in the DR region needs its secrets, somewhere to log to and a vault backing up the DR copies of the data from the first minute; creating them during the disaster costs hours the continuity targets do not allow.",
        Severity.High, ["MCSB:BR-1"],
        JudgePilotLight)
    {
        Reads = PropertyPaths.On(ResourceGroup, "tags.estate-role"),
    };

    /// <summary>The pieces of the DR pilot light (each one of its types), and how a finding names each.</summary>
    private static readonly (string[] Types, string What)[] PilotLightPieces =
    [
        ([AzureTypes.KeyVault], "Key Vault (azure-native:keyvault:Vault)"),
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
            .Where(IsDrGroup)
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
        })
    {
        Reads = PropertyPaths.On(ResourceGroup, "tags.continuity-tier"),
    };

    public static readonly StackRule RegionPaired = new("dr-region-paired",
        "The DR region is the platform pair of the primary region",
        "Geo-redundant storage and Recovery Services cross-region restore replicate only to the primary region's pair; a DR region elsewhere receives neither, so data has to be copied there by other means.",
        Severity.Medium, ["MCSB:BR-1"],
        JudgeRegionPairing)
    {
        Reads = PropertyPaths.On(ResourceGroup, "tags.estate-dr-region", "tags.estate-primary-region"),
    };

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
            .Select(rg => (rg, AccessRestricted(rg))))
    {
        Reads = PropertyPaths.On(ResourceGroup, "tags.estate-dr-region"),
    };

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
            if (!IsDrGroup(r)) return Outcome.NotApplicable;
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
        })
    {
        Reads = PropertyPaths.On(ResourceGroup, "tags.estate-primary-region", "tags.estate-role", "tags.estate-secrets-region", "tags.estate-state-region"),
    };
}
