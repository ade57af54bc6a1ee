using System.Net;
using Oic.Infra.Estate.Azure;

namespace Oic.Infra.Estate.Model;

/// <summary>
/// The General Secretariat's estate as one stack's config describes it. Built only by
/// <see cref="Config.EstateLoader"/>, which validates it; everything downstream may trust it.
/// </summary>
public sealed record EstateModel
{
    public required string Project { get; init; }
    public required string Stack { get; init; }
    public required DeploymentSettings Deployment { get; init; }
    public required SubscriptionSettings Subscription { get; init; }
    public required RegionPair Regions { get; init; }
    public required NetworkSettings Network { get; init; }
    public required Site Headquarters { get; init; }
    public required IReadOnlyList<Site> Offices { get; init; }
    /// <summary>Partners linked by site-to-site IPsec (<c>kind: ipsec</c>, the default): each one more tunnel and one /27.</summary>
    public required IReadOnlyList<Site> Partners { get; init; }

    /// <summary>
    /// Partners linked at application level (<c>kind: front</c>): no tunnel, no address, no network path into
    /// the estate; they reach only what they are granted, through the stack's API Management front (docs/adr/0021).
    /// </summary>
    public IReadOnlyList<FrontPartner> FrontPartners { get; init; } = [];

    /// <summary>The APIs the front publishes (<c>partnerApis</c>), which front partners may be granted by name.</summary>
    public IReadOnlyList<PartnerApi> PartnerApis { get; init; } = [];
    public required IReadOnlyList<Spoke> Spokes { get; init; }
    public required IdentitySettings Identity { get; init; }
    public required IReadOnlyList<DocumentStore> DocumentStores { get; init; }
    public required IReadOnlyList<ContinuityTier> ContinuityTiers { get; init; }
    public required IReadOnlyDictionary<string, string> Tags { get; init; }
    public required string NamingPrefix { get; init; }

    /// <summary>Who hears about security-relevant changes (activity-log alerts): <c>monitoring.securityContact</c>, else the owner tag.</summary>
    public required string SecurityContact { get; init; }

    /// <summary>The subscription's cost budget (<c>budget</c>); null when not configured.</summary>
    public BudgetSettings? Budget { get; init; }

    /// <summary>Headquarters, then offices, then partner links: every site with a VPN link.</summary>
    public IEnumerable<Site> Sites => [Headquarters, .. Offices, .. Partners];

    /// <summary>The region this stack deploys into.</summary>
    public Region DeployedRegion => Deployment.Role == StackRole.Primary ? Regions.Primary : Regions.Dr;
}

public enum StackRole
{
    /// <summary>The stack that runs the estate day to day, in the primary region.</summary>
    Primary,

    /// <summary>The paired stack in the DR region: pre-wired connectivity, replicas, and what a rebuild creates.</summary>
    Dr,
}

/// <summary>
/// What a DR stack deploys (<c>deployment.phase</c>): before a disaster only its pilot light
/// (<see cref="Standby"/>), after <c>dr rebuild</c> everything (<see cref="Active"/>). A primary stack is always active.
/// </summary>
public enum DeploymentPhase
{
    /// <summary>The pilot light only: what must stand in the DR region before a disaster (docs/adr/0014).</summary>
    Standby,

    /// <summary>The whole estate, as after a rebuild.</summary>
    Active,
}

public sealed record DeploymentSettings(string Environment, StackRole Role, bool ProtectStateful)
{
    /// <summary>Standby (pilot light only) or active; a DR stack is standby unless its config or a rebuild says otherwise.</summary>
    public DeploymentPhase Phase { get; init; } = Role == StackRole.Dr ? DeploymentPhase.Standby : DeploymentPhase.Active;

    /// <summary>Where the stack's Pulumi state and secrets provider live (<c>deployment.bootstrap</c>); null when not declared.</summary>
    public BootstrapSettings? Bootstrap { get; init; }
}

/// <summary>
/// What <c>pulumi up</c> of the stack needs before any resource: its state backend and its secrets
/// provider. A DR stack's must survive the loss of the primary region (docs/operations.md, DR bootstrap).
/// </summary>
public sealed record BootstrapSettings(BootstrapEndpoint? StateBackend, BootstrapEndpoint? SecretsProvider);

/// <summary>A backend or secrets provider URL (<c>azblob://…</c>, <c>azurekeyvault://…</c>) and the Azure region it lives in.</summary>
public sealed record BootstrapEndpoint(string Url, string Location);

public sealed record SubscriptionSettings(Guid Id, Guid TenantId);

public sealed record Region(AzureRegion Azure, IPNetwork2 Supernet, string Role)
{
    public string Location => Azure.Location;
    public string Code => Azure.Code;

    /// <summary>
    /// Whether the subscription has been granted access (and quota) in this region
    /// (<c>regions.dr.accessGranted</c>, default true). Matters only where <see cref="AzureRegion.AccessRestricted"/>.
    /// </summary>
    public bool AccessGranted { get; init; } = true;
}

public sealed record RegionPair(Region Primary, Region Dr)
{
    /// <summary>True when the DR region is the primary's platform pair (GRS and cross-region restore available).</summary>
    public bool IsPlatformPair => Primary.Azure.IsPairedWith(Dr.Azure);
}

public sealed record NetworkSettings(string FirewallTier, string VpnGatewaySku, string BastionSku, bool DdosProtection)
{
    /// <summary>
    /// <c>network.onPremDns</c>: the on-premises DNS domains the DNS private resolver forwards to the headquarters'
    /// DNS servers (docs/adr/0020); null when not configured (the forwarding ruleset then forwards nothing).
    /// </summary>
    public OnPremDns? OnPremDns { get; init; }
}

/// <summary>On-premises DNS: domains (dot-terminated, as Azure stores them) and the headquarters' DNS servers they go to.</summary>
public sealed record OnPremDns(IReadOnlyList<string> Domains, IReadOnlyList<IPAddress> Servers);

/// <summary>
/// <c>budget</c>: the subscription's monthly cost budget (docs/adr/0020). <paramref name="StartDate"/> is the first
/// day of a month (<c>yyyy-MM-01</c>), as Azure requires; the program cannot take today's date and stay deterministic.
/// </summary>
public sealed record BudgetSettings(decimal Amount, string StartDate)
{
    /// <summary>The amount when the config gives none, in the billing currency.</summary>
    public const decimal DefaultAmount = 10000m;
}

public enum SiteKind { Headquarters, Office, Partner }

/// <summary>
/// A place that connects to the estate over site-to-site VPN. <see cref="Id"/> is the site number:
/// it fixes the site's address allocations, so adding a site never renumbers another.
/// </summary>
public sealed record Site
{
    public required int Id { get; init; }
    public required string Key { get; init; }
    public required string Name { get; init; }
    public required SiteKind Kind { get; init; }
    public required string City { get; init; }
    public required string Country { get; init; }
    public required IReadOnlyList<IPNetwork2> OnPremPrefixes { get; init; }
    public required IPAddress VpnPeerAddress { get; init; }
    public BgpSettings? Bgp { get; init; }

    /// <summary>The project config key holding the IPsec pre-shared key (a Pulumi secret).</summary>
    public string SharedKeyConfigKey => $"vpnSharedKey-{Key}";

    /// <summary>The config path this site came from, e.g. <c>offices[2]</c>.</summary>
    public required string ConfigPath { get; init; }
}

public sealed record BgpSettings(long Asn, IPAddress PeeringAddress);

/// <summary>How a partner is linked (<c>partners[].kind</c>).</summary>
public enum PartnerLinkage
{
    /// <summary>Site-to-site IPsec into its own exchange /27 (the default).</summary>
    Ipsec,

    /// <summary>Application level, through the API Management front: per-partner credentials, no network path (docs/adr/0021).</summary>
    Front,
}

/// <summary>
/// A partner linked through the front (<c>kind: front</c>): it holds one API Management product and one
/// subscription of its own, and reaches only the APIs its <see cref="Grants"/> name.
/// </summary>
public sealed record FrontPartner(int Id, string Key, string Name, string City, string Country, FrontGrants Grants, string ConfigPath);

/// <summary>
/// What a front partner may use (<c>partners[].grants</c>): the public document store (read-only,
/// through the built-in <c>public-documents</c> API) and named APIs of <c>partnerApis</c>.
/// </summary>
public sealed record FrontGrants(bool PublicDocuments, IReadOnlyList<string> Apis)
{
    /// <summary>The API ids the partner's product holds, the built-in one first.</summary>
    public IEnumerable<string> ApiIds => PublicDocuments ? [PartnerApi.PublicDocumentsId, .. Apis] : Apis;
}

/// <summary>An API the front publishes (<c>partnerApis[]</c>): its id, display name, URL path suffix and backend.</summary>
public sealed record PartnerApi(string Name, string DisplayName, string Path, string ServiceUrl, string ConfigPath)
{
    /// <summary>The built-in API over the public document store, granted with <c>grants.publicDocuments: true</c>.</summary>
    public const string PublicDocumentsId = "public-documents";
}

/// <summary>A workload spoke, mirrored in both regions; its <see cref="Id"/> fixes its address block.</summary>
public sealed record Spoke(int Id, string Name, int PrefixLength, IReadOnlyList<SpokeSubnet> Subnets, string ConfigPath);

public enum SubnetPurpose { Workload, PrivateEndpoints }

public sealed record SpokeSubnet(string Name, int PrefixLength, SubnetPurpose Purpose);

public sealed record IdentitySettings(
    IReadOnlyDictionary<string, Guid> Groups,
    IReadOnlyDictionary<DataClassification, DocumentAccess> DocumentAccess)
{
    /// <summary>How privileged roles are held and activated (<c>identity.privilegedAccess</c>; docs/adr/0016).</summary>
    public PrivilegedAccess PrivilegedAccess { get; init; } = PrivilegedAccess.Default;
}

/// <summary>
/// Privileged Identity Management settings (<c>identity.privilegedAccess</c>, docs/adr/0016): how long an
/// eligibility lasts before it must be renewed through code review, how long an activation lasts, who
/// approves an activation of Owner or User Access Administrator, the GUIDs of those two roles' existing
/// role management policies at the subscription (Azure creates them; the program can only edit them), and
/// the break-glass accounts that are exempt from expiry and watched instead.
/// </summary>
public sealed record PrivilegedAccess(
    int EligibilityDays,
    int ActivationHours,
    IReadOnlyList<string> Approvers,
    Guid? OwnerPolicy,
    Guid? UserAccessAdministratorPolicy,
    IReadOnlyList<Guid> BreakGlass)
{
    /// <summary>180 days (the example on Learn's Update-AzRoleManagementPolicy page) and 8 hours (Azure's default activation).</summary>
    public static readonly PrivilegedAccess Default = new(180, 8, [], null, null, []);
}

public sealed record DocumentAccess(IReadOnlyList<string> Readers, IReadOnlyList<string> Writers);

public enum DataClassification { Public, Internal, Confidential, StrictlyConfidential }

public sealed record DocumentStore(
    DataClassification Classification,
    IReadOnlyList<DocumentContainer> Containers,
    int SoftDeleteDays,
    int CoolAfterDays,
    string ConfigPath)
{
    /// <summary>How the store's documents come back in the DR region (<c>documentStores[].recovery</c>; see ADR 0007).</summary>
    public DocumentRecovery Recovery { get; init; } = DocumentRecovery.GeoFailover;

    /// <summary>Whether any container keeps records under a WORM (time-based immutability) policy.</summary>
    public bool HoldsRecords => Containers.Any(c => c.RecordsRetentionDays is not null);
}

/// <summary>How a document store's documents are made available in the DR region (ADR 0007).</summary>
public enum DocumentRecovery
{
    /// <summary>Geo-redundant account; customer-managed failover to the paired region when the primary is lost.</summary>
    GeoFailover,

    /// <summary>Object replication into a DR-side account that exists before the disaster (pilot light).</summary>
    ObjectReplication,
}

public static class DocumentRecoveryNames
{
    public static readonly string[] ConfigNames = ["geo-failover", "object-replication"];

    public static string ToConfigName(this DocumentRecovery r) => ConfigNames[(int)r];
}

/// <summary>A blob container; <see cref="RecordsRetentionDays"/> set means WORM (time-based immutability).</summary>
public sealed record DocumentContainer(string Name, int? RecordsRetentionDays);

/// <summary>Services the continuity tiers can name.</summary>
public enum ContinuityService { Connectivity, Identity, Documents, Monitoring, Backup }

/// <summary>How a service comes back in the DR region.</summary>
public enum DrStrategy
{
    /// <summary>Exists in the DR region before a disaster, its data replicated there.</summary>
    PilotLight,

    /// <summary>Created from code on demand, after the disaster.</summary>
    Rebuild,
}

/// <summary>ISO 22301 targets of one tier: RTO &lt; MTPD; RPO is how much data may be lost.</summary>
public sealed record ContinuityTier(int Tier, string Name, int RtoMinutes, int RpoMinutes, int MtpdMinutes, IReadOnlyList<ContinuityService> Services)
{
    /// <summary>The DR strategy of each service of the tier that sets one (<c>strategies</c>); the others are rebuilt.</summary>
    public IReadOnlyDictionary<ContinuityService, DrStrategy> Strategies { get; init; } = new Dictionary<ContinuityService, DrStrategy>();

    /// <summary>The DR strategy of <paramref name="service"/>: as configured, else <see cref="DrStrategy.Rebuild"/>.</summary>
    public DrStrategy StrategyOf(ContinuityService service) => Strategies.GetValueOrDefault(service, DrStrategy.Rebuild);
}

public static class DrStrategyNames
{
    public static readonly string[] ConfigNames = ["pilot-light", "rebuild"];

    public static string ToConfigName(this DrStrategy s) => ConfigNames[(int)s];
}

public static class DataClassificationNames
{
    public static string ToConfigName(this DataClassification c) => c switch
    {
        DataClassification.Public => "public",
        DataClassification.Internal => "internal",
        DataClassification.Confidential => "confidential",
        DataClassification.StrictlyConfidential => "strictly-confidential",
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>Short form for resource names (storage accounts allow 24 characters in all).</summary>
    public static string ShortCode(this DataClassification c) => c switch
    {
        DataClassification.Public => "pub",
        DataClassification.Internal => "int",
        DataClassification.Confidential => "conf",
        DataClassification.StrictlyConfidential => "sconf",
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    public static readonly string[] ConfigNames = ["public", "internal", "confidential", "strictly-confidential"];

    public static DataClassification FromConfigName(string name) =>
        (DataClassification)Array.IndexOf(ConfigNames, name);
}
