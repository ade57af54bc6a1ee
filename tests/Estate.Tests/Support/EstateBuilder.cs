using System.Net;
using Oic.Infra.Estate.Azure;
using Oic.Infra.Estate.Model;

namespace Oic.Infra.Estate.Tests.Support;

/// <summary>
/// Builds an <see cref="EstateModel"/> in code, with every required member filled in with something
/// valid, for tests that exercise the planner and the naming rules without a stack file.
/// </summary>
internal sealed record EstateBuilder
{
    public string Stack { get; init; } = "test";
    public string Environment { get; init; } = "prod";
    public string NamingPrefix { get; init; } = "oicgs";
    public Guid SubscriptionId { get; init; } = Guid.Parse("3d6f1c2a-9e84-4b7d-a5c3-8f0e1d2c3b4a");
    public string PrimaryLocation { get; init; } = "uaenorth";
    public string DrLocation { get; init; } = "uaecentral";
    public IPNetwork2 PrimarySupernet { get; init; } = IPNetwork2.Parse("10.40.0.0/16");
    public IPNetwork2 DrSupernet { get; init; } = IPNetwork2.Parse("10.41.0.0/16");
    public Site Headquarters { get; init; } = Site(SiteKind.Headquarters, 1, "jed", "headquarters", "172.16.0.0/20");
    public IReadOnlyList<Site> Offices { get; init; } = [];
    public IReadOnlyList<Site> Partners { get; init; } = [];
    public IReadOnlyList<Spoke> Spokes { get; init; } = [];
    public IReadOnlyList<DocumentStore> DocumentStores { get; init; } =
    [
        new(DataClassification.Internal, [new DocumentContainer("correspondence", null)], 30, 90, "documentStores[0]"),
    ];

    public EstateModel Build() => new()
    {
        Project = "oic-gs-infra",
        Stack = Stack,
        Deployment = new DeploymentSettings(Environment, StackRole.Primary, ProtectStateful: true),
        Subscription = new SubscriptionSettings(SubscriptionId, Guid.Parse("5c0e2a41-8b7d-4f3e-9a6c-1d2e3f4a5b6c")),
        Regions = new RegionPair(
            new Region(AzureRegion.Find(PrimaryLocation)!, PrimarySupernet, "primary"),
            new Region(AzureRegion.Find(DrLocation)!, DrSupernet, "dr")),
        Network = new NetworkSettings("Premium", "VpnGw2AZ", "Standard", DdosProtection: true),
        Headquarters = Headquarters,
        Offices = Offices,
        Partners = Partners,
        Spokes = Spokes,
        Identity = new IdentitySettings(
            new Dictionary<string, Guid>
            {
                ["platform-admins"] = Guid.Parse("6b2f0c3e-6d1a-4c8e-9f21-0d7e5a4b3c21"),
                ["network-operators"] = Guid.Parse("1e9d4a7c-3b52-4f0a-8e6d-2c1b0a9f8e73"),
                ["security-auditors"] = Guid.Parse("9c3e5f1a-7d24-4b6e-a0c8-5e4d3c2b1a09"),
            },
            new Dictionary<DataClassification, DocumentAccess>()),
        DocumentStores = DocumentStores,
        ContinuityTiers =
        [
            new ContinuityTier(0, "Everything", 240, 15, 1440, Enum.GetValues<ContinuityService>()),
        ],
        Tags = new Dictionary<string, string> { ["owner"] = "ict@example.org", ["cost-center"] = "GS-ICT-4100" },
        NamingPrefix = NamingPrefix,
        SecurityContact = "ict@example.org",
    };

    public static Site Site(SiteKind kind, int id, string key, string configPath, params string[] onPremPrefixes) => new()
    {
        Id = id,
        Key = key,
        Name = $"{kind} {key}",
        Kind = kind,
        City = "City",
        Country = "Country",
        OnPremPrefixes = [.. onPremPrefixes.Select(p => IPNetwork2.Parse(p))],
        VpnPeerAddress = IPAddress.Parse("203.0.113.10"),
        ConfigPath = configPath,
    };

    public static Spoke Spoke(int id, int prefixLength, params int[] subnetPrefixLengths) =>
        new(id, $"spoke{id}", prefixLength,
            [.. subnetPrefixLengths.Select((l, i) => new SpokeSubnet($"s{i}", l, i == 0 ? SubnetPurpose.PrivateEndpoints : SubnetPurpose.Workload))],
            $"spokes[{id}]");
}
