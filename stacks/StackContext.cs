using Oic.Infra.Estate.Addressing;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative;

namespace Oic.Infra.Stacks;

/// <summary>What every component of one stack shares: the estate, the region it deploys, its address plan, names and provider.</summary>
public sealed class StackContext
{
    /// <summary>The azure-native plugin version the program pins; the conformance test checks against the same version.</summary>
    public const string AzureNativeVersion = "3.28.0";

    public StackContext(ResourceGraph graph, EstateModel estate, AddressPlan plan)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Graph = graph;
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(plan);
        Estate = estate;
        Region = estate.DeployedRegion;
        Plan = plan.For(estate.Deployment.Role);
        OtherPlan = plan.For(estate.Deployment.Role == StackRole.Primary ? StackRole.Dr : StackRole.Primary);
        OtherNames = new EstateNames(estate, OtherPlan.Region);
        Names = new EstateNames(estate, Region);
        Provider = new Provider($"azure-{Region.Code}", new ProviderArgs
        {
            Location = Region.Location,
            SubscriptionId = estate.Subscription.Id.ToString(),
            TenantId = estate.Subscription.TenantId.ToString(),
        }, new ResourceOptions { Version = AzureNativeVersion });
    }

    public ResourceGraph Graph { get; }
    public EstateModel Estate { get; }
    public Region Region { get; }
    public RegionAddressPlan Plan { get; }

    /// <summary>The address plan of the estate's other region (the DR region for the primary stack, and back).</summary>
    public RegionAddressPlan OtherPlan { get; }

    public EstateNames Names { get; }

    /// <summary>Names in the other region: what this stack refers to there without declaring it.</summary>
    public EstateNames OtherNames { get; }
    public Provider Provider { get; }

    public string SubscriptionScope => $"/subscriptions/{Estate.Subscription.Id}";

    /// <summary>Availability zones for zone-redundant resources, or none where the region has no zones.</summary>
    public InputList<string>? Zones => Region.Azure.HasZones ? ["1", "2", "3"] : null;

    /// <summary>The continuity tier a service belongs to (config <c>continuity.tiers</c>).</summary>
    public int TierOf(ContinuityService service) =>
        Estate.ContinuityTiers.First(t => t.Services.Contains(service)).Tier;

    /// <summary>
    /// Whether a service stands in the DR region before a disaster (pilot light in its tier), so that
    /// the primary stack may link to it: replication into its accounts, peering with its hub.
    /// </summary>
    public bool StandsInDr(ContinuityService service) =>
        Estate.ContinuityTiers.Any(t => t.Services.Contains(service) && t.StrategyOf(service) == DrStrategy.PilotLight);

    /// <summary>The ARM id of a resource in a resource group of this subscription that this stack does not declare.</summary>
    public string ResourceId(string resourceGroup, string provider, string name) =>
        $"{SubscriptionScope}/resourceGroups/{resourceGroup}/providers/{provider}/{name}";

    /// <summary>The tags every taggable resource carries: owner, cost-center, data-classification, and more.</summary>
    public InputMap<string> Tags(DataClassification classification, ContinuityService service)
    {
        var tags = new InputMap<string>();
        foreach (var (k, v) in Estate.Tags) tags[k] = v;
        tags["data-classification"] = classification.ToConfigName();
        tags["environment"] = Estate.Deployment.Environment;
        tags["continuity-tier"] = TierOf(service).ToString(System.Globalization.CultureInfo.InvariantCulture);
        tags["managed-by"] = "oic-gs-infra";
        return tags;
    }

    /// <summary>
    /// Declares a secret config value of this project (<c>oic-gs-infra:KEY</c>) in the program's
    /// <c>config:</c> block; resources read it by reference, so it is never written as a literal.
    /// </summary>
    public void DeclareSecret(string key) => Graph.SecretConfigKeys.Add(key);

    /// <summary>The full ARM id of a built-in or custom role definition.</summary>
    public string RoleDefinitionId(Guid role) =>
        $"{SubscriptionScope}/providers/Microsoft.Authorization/roleDefinitions/{role}";
}
