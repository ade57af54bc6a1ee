using System.Text.Json.Nodes;
using Oic.Infra.Automation.Drift;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Resources;
using Oic.Infra.Resources.AzureNative;
using Oic.Infra.Resources.AzureNative.KeyVault;
using Oic.Infra.Resources.AzureNative.ManagedIdentity;
using Oic.Infra.Resources.AzureNative.Monitor;
using Oic.Infra.Resources.AzureNative.Network;
using Oic.Infra.Resources.AzureNative.OperationalInsights;
using Oic.Infra.Resources.AzureNative.Resources;
using Oic.Infra.Resources.AzureNative.Storage;
using KvIn = Oic.Infra.Resources.AzureNative.KeyVault.Inputs;
using LogIn = Oic.Infra.Resources.AzureNative.OperationalInsights.Inputs;
using MonIn = Oic.Infra.Resources.AzureNative.Monitor.Inputs;
using NetIn = Oic.Infra.Resources.AzureNative.Network.Inputs;
using StIn = Oic.Infra.Resources.AzureNative.Storage.Inputs;

namespace Oic.Infra.Automation.Tests.Drift;

/// <summary>What a test changes in the program before comparing it with the recorded state.</summary>
internal sealed record ProgramEdits
{
    public string StorageCostCenter { get; init; } = "GS-ICT-4100";

    /// <summary>The local network gateway the New York connection points at.</summary>
    public string ConnectionGateway { get; init; } = "nyc";

    /// <summary>A Geneva office gateway the state does not have yet.</summary>
    public bool AddGeneva { get; init; }
}

/// <summary>
/// A slice of the prod estate declared the way the C# stacks declare it (providers, resource
/// groups as parents, references between resources, a secret from config), and its state and live
/// view as <c>pulumi stack export</c> documents (<c>Data/drift/prod-state.json</c>,
/// <c>prod-live.json</c>: the same estate after a refresh, in which only Azure's own bookkeeping
/// moved — etags, provisioning states, timestamps, traffic counters). Tests change the live
/// document the way a person in the portal would.
/// </summary>
internal static class DriftEstate
{
    public const string Subscription = "3d6f1c2a-9e84-4b7d-a5c3-8f0e1d2c3b4a";
    public const string Tenant = "5c0e2a41-8b7d-4f3e-9a6c-1d2e3f4a5b6c";

    public static string DataFile(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "drift", name);

    public static ResourceSet Desired(ProgramEdits? edits = null) => GraphInput.From(Declare(edits ?? new ProgramEdits()));

    public static StackExport Recorded() => StackExport.Load(DataFile("prod-state.json"), "Data/drift/prod-state.json");

    /// <summary>The live view, changed by <paramref name="edit"/> as the portal would change it.</summary>
    public static StackExport Live(Action<JsonObject>? edit = null) => StackExport.Parse(LiveJson(edit), "Data/drift/prod-live.json");

    public static string LiveJson(Action<JsonObject>? edit = null)
    {
        var root = JsonNode.Parse(File.ReadAllText(DataFile("prod-live.json")))!.AsObject();
        edit?.Invoke(root);
        return root.ToJsonString();
    }

    public static JsonArray ResourceList(JsonObject export) => export["deployment"]!["resources"]!.AsArray();

    /// <summary>The resource whose URN ends in <c>::<paramref name="name"/></c>.</summary>
    public static JsonObject Resource(JsonObject export, string name) =>
        ResourceList(export).Select(r => r!.AsObject()).Single(r => r["urn"]!.GetValue<string>().EndsWith("::" + name, StringComparison.Ordinal));

    public static JsonObject Outputs(JsonObject export, string name) => Resource(export, name)["outputs"]!.AsObject();

    public static string Urn(string parentType, string type, string name) =>
        $"urn:pulumi:prod::oic-gs-infra::{parentType}${type}::{name}";

    public static ResourceGraph Declare(ProgramEdits edits) => ResourceGraph.Build("prod", "oic-gs-infra", graph =>
    {
        graph.SecretConfigKeys.Add("vpnSharedKey-nyc");
        var provider = new Provider("azure-uan", new ProviderArgs
        {
            Location = "uaenorth",
            SubscriptionId = Subscription,
            TenantId = Tenant,
        }, new ResourceOptions { Version = "3.28.0" });

        ResourceGroup Group(string kind, string classification, string tier) => new($"{kind}-uan-rg", new ResourceGroupArgs
        {
            ResourceGroupName = $"rg-oicgs-prod-{kind}-uan",
            Location = "uaenorth",
            Tags = GroupTags(classification, tier),
        }, new ResourceOptions { Provider = provider });

        var hub = Group("hub", "internal", "0");
        var documents = Group("documents", "internal", "1");
        var identity = Group("identity", "confidential", "0");
        var monitoring = Group("monitoring", "confidential", "0");
        var connectivity = Group("connectivity", "internal", "0");
        ResourceOptions In(ResourceGroup group) => new() { Parent = group, Provider = provider };

        var vnet = new VirtualNetwork("hub-uan-vnet", new VirtualNetworkArgs
        {
            VirtualNetworkName = "vnet-oicgs-prod-hub-uan",
            ResourceGroupName = hub.Name,
            Location = "uaenorth",
            AddressSpace = new NetIn.AddressSpaceArgs { AddressPrefixes = new[] { "10.40.0.0/23" } },
            Tags = Tags("internal", "0", ("network-role", "hub")),
        }, In(hub));

        var pip = new PublicIPAddress("hub-uan-pip-vgw-1", new PublicIPAddressArgs
        {
            PublicIpAddressName = "pip-oicgs-prod-vgw-1-uan",
            ResourceGroupName = hub.Name,
            Location = "uaenorth",
            Sku = new NetIn.PublicIPAddressSkuArgs { Name = "Standard", Tier = "Regional" },
            PublicIPAllocationMethod = "Static",
            Zones = new[] { "1", "2", "3" },
            Tags = Tags("internal", "0"),
        }, In(hub));

        var gateway = new VirtualNetworkGateway("hub-uan-vgw", new VirtualNetworkGatewayArgs
        {
            VirtualNetworkGatewayName = "vgw-oicgs-prod-hub-uan",
            ResourceGroupName = hub.Name,
            Location = "uaenorth",
            GatewayType = "Vpn",
            VpnType = "RouteBased",
            Sku = new NetIn.VirtualNetworkGatewaySkuArgs { Name = "VpnGw1AZ", Tier = "VpnGw1AZ" },
            IpConfigurations = new[]
            {
                new NetIn.VirtualNetworkGatewayIPConfigurationArgs
                {
                    Name = "ipconfig-1",
                    PrivateIPAllocationMethod = "Dynamic",
                    PublicIPAddress = new NetIn.SubResourceArgs { Id = pip.Id },
                    Subnet = new NetIn.SubResourceArgs { Id = Output.Format($"{vnet.Id}/subnets/GatewaySubnet") },
                },
            },
            Tags = Tags("internal", "0"),
        }, In(hub));

        _ = new NetworkSecurityGroup("hub-uan-nsg-dns", new NetworkSecurityGroupArgs
        {
            NetworkSecurityGroupName = "nsg-oicgs-prod-dns-uan",
            ResourceGroupName = hub.Name,
            Location = "uaenorth",
            SecurityRules = new[]
            {
                Rule("AllowDnsFromVirtualNetwork", 100, "Inbound", "Allow", "Udp", "VirtualNetwork", "53"),
                Rule("DenyInternetInbound", 4000, "Inbound", "Deny", "*", "Internet", "*"),
            },
            Tags = Tags("internal", "0"),
        }, In(hub));

        var account = new StorageAccount("documents-uan-st-pub", new StorageAccountArgs
        {
            AccountName = "stoicgspubuan1f0e2d",
            ResourceGroupName = documents.Name,
            Location = "uaenorth",
            Kind = "StorageV2",
            Sku = new StIn.SkuArgs { Name = "Standard_ZRS" },
            AccessTier = "Hot",
            EnableHttpsTrafficOnly = true,
            MinimumTlsVersion = "TLS1_2",
            AllowBlobPublicAccess = false,
            AllowSharedKeyAccess = false,
            DefaultToOAuthAuthentication = true,
            AllowCrossTenantReplication = false,
            PublicNetworkAccess = "Disabled",
            NetworkRuleSet = new StIn.NetworkRuleSetArgs { DefaultAction = "Deny", Bypass = "AzureServices" },
            Encryption = new StIn.EncryptionArgs
            {
                RequireInfrastructureEncryption = true,
                KeySource = "Microsoft.Storage",
                Services = new StIn.EncryptionServicesArgs
                {
                    Blob = new StIn.EncryptionServiceArgs { Enabled = true, KeyType = "Account" },
                    File = new StIn.EncryptionServiceArgs { Enabled = true, KeyType = "Account" },
                },
            },
            Tags = Tags("public", "1", costCenter: edits.StorageCostCenter),
        }, In(documents));

        _ = new BlobServiceProperties("documents-uan-st-pub-blob", new BlobServicePropertiesArgs
        {
            AccountName = account.Name,
            ResourceGroupName = documents.Name,
            BlobServicesName = "default",
            IsVersioningEnabled = true,
            DeleteRetentionPolicy = new StIn.DeleteRetentionPolicyArgs { Enabled = true, Days = 7 },
            ContainerDeleteRetentionPolicy = new StIn.DeleteRetentionPolicyArgs { Enabled = true, Days = 7 },
        }, In(documents));

        var vault = new Vault("identity-uan-kv", new VaultArgs
        {
            VaultName = "kv-oicgs-prod-uan-3b8b",
            ResourceGroupName = identity.Name,
            Location = "uaenorth",
            Properties = new KvIn.VaultPropertiesArgs
            {
                TenantId = Tenant,
                Sku = new KvIn.SkuArgs { Family = "A", Name = "premium" },
                EnableRbacAuthorization = true,
                EnableSoftDelete = true,
                SoftDeleteRetentionInDays = 90,
                EnablePurgeProtection = true,
                PublicNetworkAccess = "Disabled",
                NetworkAcls = new KvIn.NetworkRuleSetArgs { Bypass = "AzureServices", DefaultAction = "Deny" },
            },
            Tags = Tags("confidential", "0"),
        }, In(identity));

        _ = new UserAssignedIdentity("identity-uan-id-automation", new UserAssignedIdentityArgs
        {
            ResourceName = "id-oicgs-prod-automation-uan",
            ResourceGroupName = identity.Name,
            Location = "uaenorth",
            Tags = Tags("confidential", "0"),
        }, In(identity));

        var workspace = new Workspace("monitoring-uan-log", new WorkspaceArgs
        {
            WorkspaceName = "log-oicgs-prod-uan",
            ResourceGroupName = monitoring.Name,
            Location = "uaenorth",
            Sku = new LogIn.WorkspaceSkuArgs { Name = "PerGB2018" },
            RetentionInDays = 365,
            Features = new LogIn.WorkspaceFeaturesArgs { DisableLocalAuth = true },
            Tags = Tags("confidential", "0"),
        }, In(monitoring));

        _ = new DiagnosticSetting("monitoring-uan-diag-kv", new DiagnosticSettingArgs
        {
            Name = "to-log-analytics",
            ResourceUri = vault.Id,
            WorkspaceId = workspace.Id,
            LogAnalyticsDestinationType = "Dedicated",
            Logs = new[] { new MonIn.DiagnosticsLogSettingsArgs { CategoryGroup = "allLogs", Enabled = true } },
        }, In(monitoring));

        var gateways = new Dictionary<string, LocalNetworkGateway>(StringComparer.Ordinal)
        {
            ["nyc"] = Office(connectivity, "nyc", "198.51.100.10", "172.16.10.0/24", In(connectivity)),
        };
        if (edits.AddGeneva) gateways["gva"] = Office(connectivity, "gva", "198.51.100.30", "172.16.20.0/22", In(connectivity));

        _ = new VirtualNetworkGatewayConnection("connectivity-uan-cn-nyc", new VirtualNetworkGatewayConnectionArgs
        {
            VirtualNetworkGatewayConnectionName = "cn-oicgs-prod-nyc-uan",
            ResourceGroupName = connectivity.Name,
            Location = "uaenorth",
            ConnectionType = "IPsec",
            ConnectionProtocol = "IKEv2",
            VirtualNetworkGateway1 = new NetIn.VirtualNetworkGatewayArgs { Id = gateway.Id },
            LocalNetworkGateway2 = new NetIn.LocalNetworkGatewayArgs { Id = gateways[edits.ConnectionGateway].Id },
            SharedKey = new Secret<string>(Output.Config<string>("vpnSharedKey-nyc")),
            EnableBgp = false,
            UsePolicyBasedTrafficSelectors = false,
            DpdTimeoutSeconds = 45,
            IpsecPolicies = new[]
            {
                new NetIn.IpsecPolicyArgs
                {
                    IkeEncryption = "GCMAES256",
                    IkeIntegrity = "SHA384",
                    DhGroup = "ECP384",
                    IpsecEncryption = "GCMAES256",
                    IpsecIntegrity = "GCMAES256",
                    PfsGroup = "ECP384",
                    SaLifeTimeSeconds = 27000,
                    SaDataSizeKilobytes = 102400000,
                },
            },
            Tags = Tags("internal", "0", ("site", "nyc"), ("site-kind", "office")),
        }, In(connectivity));
    });

    private static LocalNetworkGateway Office(ResourceGroup group, string site, string peer, string prefix, ResourceOptions options) =>
        new($"connectivity-uan-lgw-{site}", new LocalNetworkGatewayArgs
        {
            LocalNetworkGatewayName = $"lgw-oicgs-prod-{site}-uan",
            ResourceGroupName = group.Name,
            Location = "uaenorth",
            GatewayIpAddress = peer,
            LocalNetworkAddressSpace = new NetIn.AddressSpaceArgs { AddressPrefixes = new[] { prefix } },
            Tags = Tags("internal", "0", ("site", site), ("site-kind", "office")),
        }, options);

    private static NetIn.SecurityRuleArgs Rule(string name, int priority, string direction, string access, string protocol, string source, string port) => new()
    {
        Name = name,
        Priority = priority,
        Direction = direction,
        Access = access,
        Protocol = protocol,
        SourceAddressPrefix = source,
        SourcePortRange = "*",
        DestinationAddressPrefix = "*",
        DestinationPortRange = port,
    };

    private static InputMap<string> Tags(string classification, string tier, params (string Key, string Value)[] extra) =>
        Tags(classification, tier, "GS-ICT-4100", extra);

    private static InputMap<string> Tags(string classification, string tier, string costCenter, params (string Key, string Value)[] extra)
    {
        var tags = new InputMap<string>
        {
            ["owner"] = "ict-infrastructure@oic-oci.org",
            ["cost-center"] = costCenter,
            ["data-classification"] = classification,
            ["environment"] = "prod",
            ["continuity-tier"] = tier,
            ["managed-by"] = "oic-gs-infra",
            ["programme"] = "digital-transformation",
        };
        foreach (var (key, value) in extra) tags[key] = value;
        return tags;
    }

    private static InputMap<string> GroupTags(string classification, string tier)
    {
        var tags = Tags(classification, tier);
        tags["estate-role"] = "primary";
        tags["estate-primary-region"] = "uaenorth";
        tags["estate-dr-region"] = "uaecentral";
        return tags;
    }
}
