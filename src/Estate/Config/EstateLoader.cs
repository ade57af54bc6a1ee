using System.Net;
using Oic.Infra.Estate.Addressing;
using Oic.Infra.Estate.Azure;
using Oic.Infra.Estate.Model;

namespace Oic.Infra.Estate.Config;

/// <summary>
/// Binds a stack's <c>oic-gs-infra:*</c> config to the <see cref="EstateModel"/> and validates it:
/// types and ranges, unknown keys (with a suggestion), cross-references, address overlaps
/// (through the <see cref="AddressPlanner"/>), continuity targets and Azure naming rules.
/// Every problem is reported, each with the file, line and column where it was written.
/// </summary>
public static class EstateLoader
{
    public const string Project = "oic-gs-infra";
    private const string Prefix = Project + ":";
    private const string SharedKeyPrefix = "vpnSharedKey-";

    public static readonly string[] TopLevelKeys =
    [
        "deployment", "subscription", "regions", "network", "headquarters", "offices", "partners",
        "spokes", "identity", "documentStores", "continuity", "tags", "naming", "monitoring", "partnerApis", "budget",
    ];

    private static readonly string[] SiteKeys = ["id", "key", "name", "city", "country", "onPremPrefixes", "vpnPeerAddress", "bgp"];
    private static readonly string[] IpsecPartnerKeys = [.. SiteKeys, "kind"];
    private static readonly string[] FrontPartnerKeys = ["id", "key", "name", "city", "country", "kind", "grants"];
    private static readonly string[] VpnSkus = ["VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ"];
    private static readonly string[] ServiceNames = ["connectivity", "identity", "documents", "monitoring", "backup"];

    /// <summary>Ranges Azure will not route in a VNet or that clash with its platform addresses.</summary>
    private static readonly (IPNetwork2 Net, string Why)[] Forbidden =
    [
        (IPNetwork2.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork2.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork2.Parse("168.63.129.16/32"), "Azure's platform DNS/health address"),
        (IPNetwork2.Parse("224.0.0.0/4"), "multicast"),
    ];

    public static EstateModel Load(StackConfig config) => Load(config, checkTunnelCapacity: true);

    /// <param name="checkTunnelCapacity">
    /// False only for synthetic stress estates (hundreds of generated offices, tests and benchmarks) that exceed every
    /// VPN gateway SKU on purpose; a stack file is always checked (docs/adr/0021).
    /// </param>
    public static EstateModel Load(StackConfig config, bool checkTunnelCapacity)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new ConfigErrors();
        var entries = config.Entries.Values.Where(e => e.Key.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
        var fileLocation = new SourceLocation(config.Source, 0, 0);

        ConfigNode Top(string key, bool required = true)
        {
            var entry = entries.FirstOrDefault(e => e.Key == Prefix + key);
            if (entry is not null)
            {
                var node = ConfigNode.Root(errors, entry, key);
                if (required && node.IsMissing) errors.Add(node.Location, entry.Key, "is empty; set it (see README.md#configuration-reference) or remove the key");
                return node;
            }
            // A misspelt key (reported below with a suggestion) is not also reported as missing.
            var misspelt = entries.Any(e => !TopLevelKeys.Contains(e.Key[Prefix.Length..], StringComparer.Ordinal) &&
                                            Suggestions.Closest(e.Key[Prefix.Length..], [key]) is not null);
            if (required && !misspelt) errors.Add(fileLocation, "", $"is missing the required config key '{Prefix}{key}'");
            return ConfigNode.Absent(errors, key, fileLocation);
        }

        var deployment = ReadDeployment(Top("deployment"));
        var subscription = ReadSubscription(Top("subscription"));
        var regions = ReadRegions(Top("regions"));
        var network = ReadNetwork(Top("network"));
        var headquarters = ReadSite(Top("headquarters"), SiteKind.Headquarters);
        var offices = Top("offices").Items().Select(n => ReadSite(n, SiteKind.Office)).ToList();
        var partnerNodes = Top("partners", required: false).Items();
        var linkages = partnerNodes.Select(ReadLinkage).ToList();
        var partners = partnerNodes.Where((_, i) => linkages[i] != PartnerLinkage.Front).Select(n => ReadSite(n, SiteKind.Partner, IpsecPartnerKeys)).ToList();
        var frontPartners = partnerNodes.Where((_, i) => linkages[i] == PartnerLinkage.Front).Select(ReadFrontPartner).ToList();
        var partnerApis = Top("partnerApis", required: false).Items().Select(ReadPartnerApi).ToList();
        var spokes = Top("spokes").Items().Select(ReadSpoke).ToList();
        var identity = ReadIdentity(Top("identity"));
        var stores = Top("documentStores").Items().Select(n => ReadDocumentStore(n, regions?.IsPlatformPair ?? true)).ToList();
        var tiers = ReadContinuity(Top("continuity"));
        var tags = ReadTags(Top("tags"));
        var monitoring = Top("monitoring", required: false);
        string? securityContact = null;
        if (monitoring.IsMapping("securityContact")) securityContact = ReadEmail(monitoring.Field("securityContact"));
        var budget = ReadBudget(Top("budget", required: false));
        var naming = Top("naming");
        string? prefix = null;
        if (naming.IsMapping("prefix")) prefix = naming.Field("prefix").Slug(8);

        var sites = new List<Site?> { headquarters };
        sites.AddRange(offices);
        sites.AddRange(partners);

        // Unknown keys in our namespace, and the secret each site's VPN connection needs.
        var siteKeys = sites.Where(s => s is not null).Select(s => s!.Key).ToList();
        foreach (var entry in entries)
        {
            var key = entry.Key[Prefix.Length..];
            if (TopLevelKeys.Contains(key, StringComparer.Ordinal)) continue;
            if (key.StartsWith(SharedKeyPrefix, StringComparison.Ordinal))
            {
                var site = key[SharedKeyPrefix.Length..];
                // With other errors the site list may be incomplete; don't guess then.
                if (!siteKeys.Contains(site, StringComparer.Ordinal) && !errors.Any)
                {
                    var hint = Suggestions.Closest(site, siteKeys);
                    errors.Add(entry.Location, entry.Key, hint is null
                        ? "names no site (headquarters, offices or partners)"
                        : $"names no site; did you mean '{Prefix}{SharedKeyPrefix}{hint}'?");
                }
                else if (!entry.IsSecret)
                    errors.Add(entry.Location, entry.Key,
                        $"must be a secret: set it with `pulumi config set --secret {key} <key> --stack {config.Stack}` so it is stored encrypted");
                else if (IsEmptySecret(entry.Value))
                    errors.Add(entry.Location, entry.Key,
                        $"is empty: a VPN connection needs a pre-shared key; set one with `pulumi config set --secret {key} <key> --stack {config.Stack}`");
                continue;
            }
            var suggestion = Suggestions.Closest(key, TopLevelKeys);
            errors.Add(entry.Location, entry.Key, suggestion is null
                ? $"is not a known key (expected one of: {string.Join(", ", TopLevelKeys.Select(k => Prefix + k))})"
                : $"is not a known key; did you mean '{Prefix}{suggestion}'?");
        }

        if (securityContact is null && tags is not null && monitoring.IsMissing)
        {
            if (tags.TryGetValue("owner", out var owner) && LooksLikeEmail(owner)) securityContact = owner;
            else errors.At("tags.owner", "is not an e-mail address, so set 'oic-gs-infra:monitoring: {securityContact: soc@example.org}' for activity-log alerts");
        }

        if (errors.Any || securityContact is null || deployment is null || subscription is null || regions is null || network is null ||
            headquarters is null || prefix is null || identity is null || tiers is null || tags is null ||
            sites.Any(s => s is null) || spokes.Any(s => s is null) || stores.Any(s => s is null) ||
            frontPartners.Any(p => p is null) || partnerApis.Any(a => a is null))
        {
            // Every reader records why it gave up; this is the net under them, so that a section of a
            // shape no reader foresaw is still invalid input with a place, never a crash.
            if (!errors.Any)
            {
                var unread = new (string Key, object? Value)[]
                {
                    ("deployment", deployment), ("subscription", subscription), ("regions", regions), ("network", network),
                    ("headquarters", headquarters), ("naming", prefix), ("identity", identity), ("continuity", tiers), ("tags", tags),
                    ("monitoring", securityContact),
                }.Where(p => p.Value is null).Select(p => Prefix + p.Key)
                    .Concat(offices.Any(s => s is null) ? [Prefix + "offices"] : [])
                    .Concat(partners.Any(s => s is null) || frontPartners.Any(p => p is null) ? [Prefix + "partners"] : [])
                    .Concat(partnerApis.Any(a => a is null) ? [Prefix + "partnerApis"] : [])
                    .Concat(spokes.Any(s => s is null) ? [Prefix + "spokes"] : [])
                    .Concat(stores.Any(s => s is null) ? [Prefix + "documentStores"] : []);
                errors.Add(fileLocation, "", $"could not be read: {string.Join(", ", unread)} (empty, or not of the expected shape)");
            }
            throw errors.ToException();
        }

        var estate = new EstateModel
        {
            Project = Project,
            Stack = config.Stack,
            Deployment = deployment,
            Subscription = subscription,
            Regions = regions,
            Network = network,
            Headquarters = headquarters,
            Offices = offices!,
            Partners = partners!,
            FrontPartners = frontPartners!,
            PartnerApis = partnerApis!,
            Spokes = spokes!,
            Identity = identity,
            DocumentStores = stores!,
            ContinuityTiers = tiers,
            Tags = tags,
            NamingPrefix = prefix,
            SecurityContact = securityContact,
            Budget = budget,
        };
        Validate(estate, entries, config.FromPulumiRun, checkTunnelCapacity, errors);
        errors.ThrowIfAny();
        return estate;
    }

    private static void Validate(EstateModel estate, List<ConfigEntry> entries, bool fromPulumiRun, bool checkTunnelCapacity, ConfigErrors errors)
    {
        // Uniqueness of the stable numbers and keys that allocations and names derive from.
        Unique(estate.Offices, s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s => $"{s.ConfigPath}.id", "office id", errors);
        Unique(estate.Partners.Select(s => (s.Id, s.ConfigPath)).Concat(estate.FrontPartners.Select(p => (p.Id, p.ConfigPath))).OrderBy(p => PathOrder(p.ConfigPath)),
            p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p => $"{p.ConfigPath}.id", "partner id", errors);
        Unique(estate.Sites.Select(s => (s.Key, s.ConfigPath)).Concat(estate.FrontPartners.Select(p => (p.Key, p.ConfigPath))).OrderBy(p => PathOrder(p.ConfigPath)),
            p => p.Key, p => $"{p.ConfigPath}.key", "site key", errors);
        Unique(estate.PartnerApis.Select((a, i) => (a, i)), x => x.a.Name, x => $"partnerApis[{x.i}].name", "API name", errors);
        foreach (var api in estate.PartnerApis.Where(a => a.Name == PartnerApi.PublicDocumentsId))
            errors.At($"{api.ConfigPath}.name", $"'{api.Name}' is the built-in API over the public document store; grant it with 'grants.publicDocuments: true' and name yours otherwise");
        foreach (var partner in estate.FrontPartners)
        {
            for (var i = 0; i < partner.Grants.Apis.Count; i++)
                if (!estate.PartnerApis.Any(a => a.Name == partner.Grants.Apis[i]))
                {
                    var hint = Suggestions.Closest(partner.Grants.Apis[i], estate.PartnerApis.Select(a => a.Name));
                    errors.At($"{partner.ConfigPath}.grants.apis[{i}]", hint is null
                        ? $"names API '{partner.Grants.Apis[i]}', which partnerApis does not define"
                        : $"names API '{partner.Grants.Apis[i]}', which partnerApis does not define; did you mean '{hint}'?");
                }
            if (partner.Grants.PublicDocuments && !estate.DocumentStores.Any(s => s.Classification == DataClassification.Public))
                errors.At($"{partner.ConfigPath}.grants.publicDocuments", "grants the public document store, but documentStores declares no 'public' store");
        }
        if (checkTunnelCapacity) CheckTunnelCapacity(estate, errors);
        Unique(estate.Spokes, s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s => $"{s.ConfigPath}.id", "spoke id", errors);
        Unique(estate.Spokes, s => s.Name, s => $"{s.ConfigPath}.name", "spoke name", errors);
        foreach (var spoke in estate.Spokes)
        {
            if (spoke.Name is "hub" or "partners")
                errors.At($"{spoke.ConfigPath}.name", $"'{spoke.Name}' is reserved for the {spoke.Name} network every region has; choose another spoke name");
            Unique(spoke.Subnets.Select((n, i) => (n, i)), x => x.n.Name, x => $"{spoke.ConfigPath}.subnets[{x.i}].name", "subnet name", errors);
        }
        Unique(estate.DocumentStores, s => s.Classification.ToConfigName(), s => $"{s.ConfigPath}.classification", "document store classification", errors);

        if (estate.Regions.Primary.Location == estate.Regions.Dr.Location)
            errors.At("regions.dr.location", $"'{estate.Regions.Dr.Location}' is the primary region too; the DR region must be another region");

        foreach (var site in estate.Sites)
        {
            for (var i = 0; i < site.OnPremPrefixes.Count; i++)
                foreach (var (net, why) in Forbidden)
                    if (net.Overlap(site.OnPremPrefixes[i]))
                        errors.At($"{site.ConfigPath}.onPremPrefixes[{i}]", $"{site.OnPremPrefixes[i]} overlaps {net} ({why})");
            var secretKey = $"{Prefix}{site.SharedKeyConfigKey}";
            if (fromPulumiRun && !entries.Any(e => e.Key == secretKey))
                errors.At($"{site.ConfigPath}.key",
                    $"'{site.Key}' has no VPN pre-shared key: run `pulumi config set --secret {site.SharedKeyConfigKey} <key> --stack {estate.Stack}`");
        }

        if (estate.Network.OnPremDns is { } dns)
            for (var i = 0; i < dns.Servers.Count; i++)
                if (!estate.Headquarters.OnPremPrefixes.Any(p => p.Contains(dns.Servers[i])))
                    errors.At($"network.onPremDns.servers[{i}]",
                        $"{dns.Servers[i]} is not in the headquarters' on-premises prefixes ({string.Join(", ", estate.Headquarters.OnPremPrefixes)}); the resolver forwards to the headquarters' DNS servers over the VPN");

        foreach (var region in new[] { estate.Regions.Primary, estate.Regions.Dr })
            foreach (var (net, why) in Forbidden)
                if (net.Overlap(region.Supernet))
                    errors.At($"regions.{region.Role}.supernet", $"{region.Supernet} overlaps {net} ({why})");

        if (!estate.Spokes.Any(s => s.Subnets.Any(n => n.Purpose == SubnetPurpose.PrivateEndpoints)))
            errors.At("spokes", "must include a subnet with 'purpose: private-endpoints': document stores and the key vault are reachable only through private endpoints");

        var (_, problems) = AddressPlanner.Plan(estate);
        foreach (var p in problems) errors.At(p.Path, p.Message);

        // Every group named in document access must exist in identity.groups.
        foreach (var (classification, access) in estate.Identity.DocumentAccess)
            foreach (var group in access.Readers.Concat(access.Writers))
                if (!estate.Identity.Groups.ContainsKey(group))
                {
                    var hint = Suggestions.Closest(group, estate.Identity.Groups.Keys);
                    errors.At($"identity.documentAccess.{classification.ToConfigName()}",
                        hint is null ? $"names group '{group}', which identity.groups does not define"
                                     : $"names group '{group}', which identity.groups does not define; did you mean '{hint}'?");
                }
        foreach (var approver in estate.Identity.PrivilegedAccess.Approvers)
            if (!estate.Identity.Groups.ContainsKey(approver))
            {
                var hint = Suggestions.Closest(approver, estate.Identity.Groups.Keys);
                errors.At("identity.privilegedAccess.approvers",
                    hint is null ? $"names group '{approver}', which identity.groups does not define"
                                 : $"names group '{approver}', which identity.groups does not define; did you mean '{hint}'?");
            }
        foreach (var required in new[] { "platform-admins", "network-operators", "security-auditors" })
            if (!estate.Identity.Groups.ContainsKey(required))
                errors.At("identity.groups", $"must define the '{required}' group (its Entra object id)");

        // Each continuity service belongs to exactly one tier; tiers are numbered once.
        Unique(estate.ContinuityTiers.Select((t, i) => (t, i)), x => x.t.Tier.ToString(System.Globalization.CultureInfo.InvariantCulture), x => $"continuity.tiers[{x.i}].tier", "tier", errors);
        foreach (var service in Enum.GetValues<ContinuityService>())
        {
            var owners = estate.ContinuityTiers.Count(t => t.Services.Contains(service));
            if (owners != 1)
                errors.At("continuity.tiers", $"must place the '{ServiceNames[(int)service]}' service in exactly one tier (found {owners})");
        }
        for (var i = 0; i < estate.ContinuityTiers.Count; i++)
        {
            var t = estate.ContinuityTiers[i];
            if (t.RtoMinutes >= t.MtpdMinutes)
                errors.At($"continuity.tiers[{i}].rtoMinutes",
                    $"{t.RtoMinutes} must be below mtpdMinutes ({t.MtpdMinutes}): ISO 22301 requires the RTO to be shorter than the maximum tolerable period of disruption");
        }

        foreach (var region in new[] { estate.Regions.Primary, estate.Regions.Dr })
        {
            try
            {
                new EstateNames(estate, region).CheckAll();
            }
            catch (NamingException e)
            {
                errors.At(e.ConfigPath, e.Message);
            }
        }
    }

    private static void Unique<T>(IEnumerable<T> items, Func<T, string> key, Func<T, string> path, string what, ConfigErrors errors)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var k = key(item);
            if (seen.TryGetValue(k, out var first))
                errors.At(path(item), $"{what} '{k}' is already used by {first} (line {errors.LocationOf(first).Line})");
            else
                seen[k] = path(item);
        }
    }

    private static string? ReadEmail(ConfigNode node)
    {
        var text = node.Text();
        if (text is null) return null;
        if (LooksLikeEmail(text)) return text;
        node.Error($"'{text}' must be an e-mail address");
        return null;
    }

    private static bool LooksLikeEmail(string text) =>
        text.Length <= 254 && text.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < text.Length - 3 &&
        text.IndexOf('.', at) > at + 1 && !text.Any(char.IsWhiteSpace);

    private static DeploymentSettings? ReadDeployment(ConfigNode node)
    {
        if (!node.IsMapping("environment", "role", "protectStateful", "bootstrap", "phase")) return null;
        var env = node.Field("environment").Slug(5);
        var role = node.Field("role").OneOf("primary", "dr");
        var phaseNode = node.Field("phase", required: false);
        var phase = phaseNode.IsMissing ? null : phaseNode.OneOf("standby", "active");
        if (phase == "standby" && role == "primary")
        {
            phaseNode.Error("a primary stack is always active; phase: standby is for the DR stack's pilot light");
            phase = null;
        }
        var protect = node.Field("protectStateful", required: false).Bool() ?? true;
        var bootstrapNode = node.Field("bootstrap", required: false);
        BootstrapSettings? bootstrap = null;
        if (!bootstrapNode.IsMissing && bootstrapNode.IsMapping("stateBackend", "secretsProvider"))
            bootstrap = new BootstrapSettings(
                ReadBootstrapEndpoint(bootstrapNode.Field("stateBackend", required: false), "azblob://", "file://", "s3://", "gs://", "https://"),
                ReadBootstrapEndpoint(bootstrapNode.Field("secretsProvider", required: false), "azurekeyvault://", "passphrase", "awskms://", "gcpkms://", "hashivault://"));
        return env is null || role is null ? null
            : new DeploymentSettings(env, role == "primary" ? StackRole.Primary : StackRole.Dr, protect)
            {
                Bootstrap = bootstrap,
                Phase = phase == "active" || role == "primary" ? DeploymentPhase.Active : DeploymentPhase.Standby,
            };
    }

    /// <summary><c>{url, location}</c>: a backend or secrets provider URL of a known scheme and the Azure region it lives in.</summary>
    private static BootstrapEndpoint? ReadBootstrapEndpoint(ConfigNode node, params string[] schemes)
    {
        if (node.IsMissing || !node.IsMapping("url", "location")) return null;
        var urlNode = node.Field("url");
        var url = urlNode.Text();
        if (url is not null && !schemes.Any(s => url.StartsWith(s, StringComparison.Ordinal)))
        {
            urlNode.Error($"'{url}' is not a URL Pulumi accepts here (one of: {string.Join(", ", schemes.Select(s => s + "…"))})");
            url = null;
        }
        var location = node.Field("location").OneOf(AzureRegion.All.Select(r => r.Location).ToArray());
        return url is null || location is null ? null : new BootstrapEndpoint(url, location);
    }

    private static SubscriptionSettings? ReadSubscription(ConfigNode node)
    {
        if (!node.IsMapping("id", "tenantId")) return null;
        var id = node.Field("id").Uuid();
        var tenant = node.Field("tenantId").Uuid();
        return id is null || tenant is null ? null : new SubscriptionSettings(id.Value, tenant.Value);
    }

    private static RegionPair? ReadRegions(ConfigNode node)
    {
        if (!node.IsMapping("primary", "dr")) return null;
        var primary = ReadRegion(node.Field("primary"), "primary");
        var dr = ReadRegion(node.Field("dr"), "dr");
        return primary is null || dr is null ? null : new RegionPair(primary, dr);
    }

    private static Region? ReadRegion(ConfigNode node, string role)
    {
        if (!(role == "dr" ? node.IsMapping("location", "supernet", "accessGranted") : node.IsMapping("location", "supernet"))) return null;
        bool? accessGranted = true;
        if (role == "dr" && node.Field("accessGranted", required: false) is { IsMissing: false } grantedNode)
            accessGranted = grantedNode.Bool();
        var location = node.Field("location").OneOf(AzureRegion.All.Select(r => r.Location).ToArray());
        var supernetNode = node.Field("supernet");
        var supernet = supernetNode.Cidr();
        if (supernet is not null && (supernet.Cidr < 12 || supernet.Cidr > AddressPlanner.BlockPrefixLength))
        {
            supernetNode.Error($"{supernet} must be between /12 and /{AddressPlanner.BlockPrefixLength} (the hub takes the first /{AddressPlanner.BlockPrefixLength}, each spoke one more)");
            supernet = null;
        }
        return location is null || supernet is null || accessGranted is null ? null
            : new Region(AzureRegion.Find(location)!, supernet, role) { AccessGranted = accessGranted.Value };
    }

    private static BudgetSettings? ReadBudget(ConfigNode node)
    {
        if (node.IsMissing || !node.IsMapping("amount", "startDate")) return null;
        decimal amount = BudgetSettings.DefaultAmount;
        var amountNode = node.Field("amount", required: false);
        if (!amountNode.IsMissing)
        {
            var n = amountNode.Number(1, 100_000_000);
            if (n is null) return null;
            amount = n.Value;
        }
        var startNode = node.Field("startDate");
        var start = startNode.Text();
        if (start is null) return null;
        if (!System.DateOnly.TryParseExact(start, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            || date.Day != 1 || date < new System.DateOnly(2017, 6, 1))
        {
            startNode.Error($"'{start}' must be the first day of a month on or after 2017-06-01, as yyyy-MM-01 (Azure's rule for a budget's start date)");
            return null;
        }
        return new BudgetSettings(amount, start);
    }

    private static OnPremDns? ReadOnPremDns(ConfigNode node)
    {
        if (!node.IsMapping("domains", "servers")) return null;
        var domainsNode = node.Field("domains");
        var domains = new List<string>();
        foreach (var item in domainsNode.Items())
        {
            var text = item.Text();
            if (text is null) return null;
            var domain = text.EndsWith('.') ? text : text + ".";
            // 1–34 labels of letters, digits and hyphens (Learn: dns/private-resolver-endpoints-rulesets).
            if (domain.Length > 253 || domain == "." || !domain.TrimEnd('.').Split('.').All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
            {
                item.Error($"'{text}' is not a DNS domain name (labels of letters, digits and hyphens, e.g. oic-oci.org)");
                return null;
            }
            domains.Add(domain.ToLowerInvariant());
        }
        if (!domainsNode.IsMissing && domains.Count == 0) domainsNode.Error("must list at least one on-premises domain");
        var serversNode = node.Field("servers");
        var servers = serversNode.Items().Select(i => i.Ip()).ToList();
        if (!serversNode.IsMissing && servers.Count == 0) serversNode.Error("must list at least one DNS server");
        // A forwarding rule takes at most 6 target servers (Learn: dns/dns-faq, usage limits).
        if (servers.Count > 6) serversNode.Error($"lists {servers.Count} DNS servers; a forwarding rule takes at most 6");
        if (domains.Count == 0 || servers.Count is 0 or > 6 || servers.Any(s => s is null)) return null;
        return new OnPremDns(domains, servers!);
    }

    private static NetworkSettings? ReadNetwork(ConfigNode node)
    {
        if (!node.IsMapping("firewallTier", "vpnGatewaySku", "bastionSku", "ddosProtection", "onPremDns")) return null;
        OnPremDns? onPremDns = null;
        var dnsNode = node.Field("onPremDns", required: false);
        if (!dnsNode.IsMissing && (onPremDns = ReadOnPremDns(dnsNode)) is null) return null;
        var firewall = node.Field("firewallTier").OneOf("Basic", "Standard", "Premium");
        var skuNode = node.Field("vpnGatewaySku");
        string? sku = null;
        var skuText = skuNode.Text();
        if (skuText is not null && VpnSkus.Contains(skuText, StringComparer.Ordinal)) sku = skuText;
        else if (skuText is not null && VpnSkus.Contains(skuText + "AZ", StringComparer.Ordinal))
            skuNode.Error($"'{skuText}' can no longer be created (non-AZ VPN gateway SKUs were retired for new gateways on 1 January 2025); use '{skuText}AZ'");
        else if (skuText is not null)
            skuNode.Error($"'{skuText}' is not a VPN gateway SKU this estate supports (one of: {string.Join(", ", VpnSkus)})");
        var bastion = node.Field("bastionSku").OneOf("Basic", "Standard", "Premium");
        var ddos = node.Field("ddosProtection").Bool();
        return firewall is null || sku is null || bastion is null || ddos is null
            ? null : new NetworkSettings(firewall, sku, bastion, ddos.Value) { OnPremDns = onPremDns };
    }

    private static Site? ReadSite(ConfigNode node, SiteKind kind) => ReadSite(node, kind, SiteKeys);

    private static Site? ReadSite(ConfigNode node, SiteKind kind, string[] allowedKeys)
    {
        if (!node.IsMapping(allowedKeys)) return null;
        var id = node.Field("id").Number(1, 4094);
        var key = node.Field("key").Slug(10);
        var name = node.Field("name").Name(120);
        var city = node.Field("city").Name();
        var country = node.Field("country").Name();
        var prefixesNode = node.Field("onPremPrefixes");
        var prefixes = prefixesNode.Items().Select(p => p.Cidr()).ToList();
        if (!prefixesNode.IsMissing && prefixes.Count == 0) prefixesNode.Error("must list at least one on-premises prefix");
        var peer = node.Field("vpnPeerAddress").Ip();
        BgpSettings? bgp = null;
        var bgpNode = node.Field("bgp", required: false);
        if (bgpNode.IsMapping("asn", "peeringAddress"))
        {
            var asnNode = bgpNode.Field("asn");
            var asn = asnNode.Number(1, int.MaxValue);
            if (asn is 65515 or 65517 or 65518 or 65519 or 65520)
            {
                asnNode.Error($"{asn} is reserved by Azure VPN gateways; choose another private ASN (64512–65514, 65521–65534)");
                asn = null;
            }
            var addr = bgpNode.Field("peeringAddress").Ip();
            if (asn is null || addr is null) return null;
            bgp = new BgpSettings(asn.Value, addr);
        }
        if (id is null || key is null || name is null || city is null || country is null || peer is null ||
            prefixes.Count == 0 || prefixes.Any(p => p is null))
            return null;
        return new Site
        {
            Id = id.Value, Key = key, Name = name, Kind = kind, City = city, Country = country,
            OnPremPrefixes = prefixes!, VpnPeerAddress = peer, Bgp = bgp, ConfigPath = node.Path,
        };
    }

    /// <summary><c>partners[].kind</c>: <c>ipsec</c> (the default) or <c>front</c>; null when it is neither (reported).</summary>
    private static PartnerLinkage? ReadLinkage(ConfigNode node)
    {
        var kind = node.Yaml is YamlDotNet.RepresentationModel.YamlMappingNode ? node.Field("kind", required: false) : default;
        if (kind.Yaml is null || kind.IsMissing) return PartnerLinkage.Ipsec;
        return kind.OneOf("ipsec", "front") switch
        {
            "ipsec" => PartnerLinkage.Ipsec,
            "front" => PartnerLinkage.Front,
            _ => null,
        };
    }

    private static FrontPartner? ReadFrontPartner(ConfigNode node)
    {
        if (!node.IsMapping(FrontPartnerKeys)) return null;
        var id = node.Field("id").Number(1, 4094);
        var key = node.Field("key").Slug(10);
        var name = node.Field("name").Name(120);
        var city = node.Field("city").Name();
        var country = node.Field("country").Name();
        var grantsNode = node.Field("grants");
        FrontGrants? grants = null;
        if (grantsNode.IsMapping("publicDocuments", "apis"))
        {
            var documentsNode = grantsNode.Field("publicDocuments", required: false);
            var documents = documentsNode.IsMissing ? false : documentsNode.Bool();
            var apis = grantsNode.Field("apis", required: false).Items().Select(a => a.Slug(40)).ToList();
            if (documents is not null && apis.All(a => a is not null))
            {
                if (!documents.Value && apis.Count == 0)
                    grantsNode.Error("grants nothing: set 'publicDocuments: true' or list 'apis' (a front partner reaches only what it is granted)");
                else grants = new FrontGrants(documents.Value, apis!);
            }
        }
        return id is null || key is null || name is null || city is null || country is null || grants is null
            ? null : new FrontPartner(id.Value, key, name, city, country, grants, node.Path);
    }

    private static PartnerApi? ReadPartnerApi(ConfigNode node)
    {
        if (!node.IsMapping("name", "displayName", "path", "serviceUrl")) return null;
        var name = node.Field("name").Slug(40);
        var displayNameNode = node.Field("displayName", required: false);
        var displayName = displayNameNode.IsMissing ? name : displayNameNode.Name(100);
        var path = node.Field("path").Slug(40);
        var urlNode = node.Field("serviceUrl");
        var url = urlNode.Text();
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            urlNode.Error($"'{url}' is not an https:// URL (the front calls its backends over TLS only)");
            url = null;
        }
        return name is null || displayName is null || path is null || url is null ? null : new PartnerApi(name, displayName, path, url, node.Path);
    }

    /// <summary>
    /// Every IPsec site (headquarters, offices, ipsec partners) is one connection on the region's VPN gateway,
    /// and each connection of the active-active gateway holds <see cref="VpnGatewayCapacity.TunnelsPerConnection"/>
    /// tunnels. Over the SKU's documented maximum the config is refused at the site that crosses it.
    /// </summary>
    private static void CheckTunnelCapacity(EstateModel estate, ConfigErrors errors)
    {
        var sku = estate.Network.VpnGatewaySku;
        if (VpnGatewayCapacity.MaxTunnels(sku) is not { } limit) return;
        var sites = estate.Sites.ToList();
        var perConnection = VpnGatewayCapacity.TunnelsPerConnection;
        var tunnels = sites.Count * perConnection;
        if (tunnels <= limit) return;
        var crossing = sites[limit / perConnection];
        var needed = tunnels <= VpnGatewayCapacity.LargestSkuTunnels
            ? $"set network.vpnGatewaySku to VpnGw4AZ or VpnGw5AZ ({VpnGatewayCapacity.LargestSkuTunnels} tunnels), "
            : "";
        var fronts = estate.Partners.Count;
        errors.At($"{crossing.ConfigPath}.key",
            $"'{crossing.Key}' takes the VPN gateway over its capacity: {sites.Count} site-to-site connections (headquarters, " +
            $"{estate.Offices.Count} office(s), {estate.Partners.Count} ipsec partner(s)) need {tunnels} tunnels " +
            $"({perConnection} per connection: the gateway is active-active, {VpnGatewayCapacity.ActiveActiveSource}), " +
            $"over the {limit} that {sku} carries ({VpnGatewayCapacity.SkuSource}). To fix: {needed}" +
            $"link partners at application level with 'kind: front' (no tunnel; {fronts} are ipsec now), " +
            $"or beyond {VpnGatewayCapacity.LargestSkuTunnels} tunnels move the sites to Virtual WAN, as that page advises");
    }

    /// <summary>Sorts config paths by list index so that "partners[10]" comes after "partners[9]".</summary>
    private static (string, int) PathOrder(string path)
    {
        var open = path.IndexOf('[', StringComparison.Ordinal);
        return open < 0 ? (path, -1) : (path[..open], int.Parse(path[(open + 1)..path.IndexOf(']', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Spoke? ReadSpoke(ConfigNode node)
    {
        if (!node.IsMapping("id", "name", "prefixLength", "subnets")) return null;
        var id = node.Field("id").Number(1, 255);
        var name = node.Field("name").Slug(12);
        var length = node.Field("prefixLength").Number(AddressPlanner.BlockPrefixLength, 26);
        var subnets = new List<SpokeSubnet>();
        foreach (var s in node.Field("subnets").Items())
        {
            if (!s.IsMapping("name", "prefixLength", "purpose")) return null;
            var sName = s.Field("name").Slug(24);
            var sLength = s.Field("prefixLength").Number(AddressPlanner.BlockPrefixLength, 29);
            var purpose = s.Field("purpose", required: false).OneOf("workload", "private-endpoints") ?? "workload";
            if (sName is null || sLength is null) return null;
            subnets.Add(new SpokeSubnet(sName, sLength.Value, purpose == "workload" ? SubnetPurpose.Workload : SubnetPurpose.PrivateEndpoints));
        }
        return id is null || name is null || length is null ? null : new Spoke(id.Value, name, length.Value, subnets, node.Path);
    }

    private static IdentitySettings? ReadIdentity(ConfigNode node)
    {
        if (!node.IsMapping("groups", "documentAccess", "privilegedAccess")) return null;
        var groups = new SortedDictionary<string, Guid>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (name, value) in node.Field("groups").Entries())
        {
            var id = value.Uuid();
            if (id is null) ok = false;
            else groups[name] = id.Value;
        }
        var access = new SortedDictionary<DataClassification, DocumentAccess>();
        var accessNode = node.Field("documentAccess");
        if (accessNode.IsMapping(DataClassificationNames.ConfigNames))
        {
            foreach (var (name, value) in accessNode.Entries())
            {
                if (!DataClassificationNames.ConfigNames.Contains(name)) continue;
                if (!value.IsMapping("readers", "writers")) { ok = false; continue; }
                var readers = value.Field("readers").Items().Select(r => r.Slug(40)).ToList();
                var writers = value.Field("writers", required: false).Items().Select(r => r.Slug(40)).ToList();
                if (readers.Any(r => r is null) || writers.Any(w => w is null)) { ok = false; continue; }
                access[DataClassificationNames.FromConfigName(name)] = new DocumentAccess(readers!, writers!);
            }
        }
        var privileged = ReadPrivilegedAccess(node.Field("privilegedAccess", required: false));
        return ok && privileged is not null ? new IdentitySettings(groups, access) { PrivilegedAccess = privileged } : null;
    }

    private static PrivilegedAccess? ReadPrivilegedAccess(ConfigNode node)
    {
        if (node.IsMissing) return PrivilegedAccess.Default;
        if (!node.IsMapping("eligibilityDays", "activationHours", "approvers", "roleManagementPolicies", "breakGlass")) return null;
        var ok = true;
        // Learn documents no maximum eligibility; a year is ours, the bar of pim-eligibility-expires (docs/adr/0016).
        var days = node.Field("eligibilityDays", required: false);
        var eligibility = days.IsMissing ? PrivilegedAccess.Default.EligibilityDays : days.Number(1, 365);
        // Azure allows 1 to 24 hours (Learn: pim-resource-roles-configure-role-settings); 8 is ours, the bar of pim-role-policy.
        var hours = node.Field("activationHours", required: false);
        var activation = hours.IsMissing ? PrivilegedAccess.Default.ActivationHours : hours.Number(1, 8);
        var approvers = node.Field("approvers", required: false).Items().Select(a => a.Slug(40)).ToList();
        var breakGlass = node.Field("breakGlass", required: false).Items().Select(b => b.Uuid()).ToList();
        Guid? owner = null, uaa = null;
        var policies = node.Field("roleManagementPolicies", required: false);
        if (!policies.IsMissing)
        {
            if (!policies.IsMapping("owner", "userAccessAdministrator")) ok = false;
            else
            {
                var o = policies.Field("owner", required: false);
                if (!o.IsMissing) { owner = o.Uuid(); ok &= owner is not null; }
                var u = policies.Field("userAccessAdministrator", required: false);
                if (!u.IsMissing) { uaa = u.Uuid(); ok &= uaa is not null; }
            }
        }
        if (eligibility is null || activation is null || approvers.Any(a => a is null) || breakGlass.Any(b => b is null)) ok = false;
        if (ok && (owner is not null || uaa is not null) && approvers.Count == 0)
        {
            node.Field("roleManagementPolicies").Error("needs 'approvers' beside it: Azure requires at least one approver when approval is required");
            ok = false;
        }
        return ok ? new PrivilegedAccess(eligibility!.Value, activation!.Value, approvers!, owner, uaa, [.. breakGlass.Select(b => b!.Value)]) : null;
    }

    private static DocumentStore? ReadDocumentStore(ConfigNode node, bool platformPair)
    {
        if (!node.IsMapping("classification", "containers", "softDeleteDays", "coolAfterDays", "recovery")) return null;
        var classification = node.Field("classification").OneOf(DataClassificationNames.ConfigNames);
        var softDelete = node.Field("softDeleteDays", required: false).Number(1, 365) ?? 30;
        var cool = node.Field("coolAfterDays", required: false).Number(1, 3650) ?? 90;
        var containers = new List<DocumentContainer>();
        var ok = true;
        foreach (var c in node.Field("containers").Items())
        {
            if (!c.IsMapping("name", "recordsRetentionDays")) { ok = false; continue; }
            var nameNode = c.Field("name");
            var name = nameNode.Text();
            if (name is not null && AzureNaming.Check(AzureNaming.BlobContainer, name) is { } problem)
            {
                nameNode.Error(problem);
                name = null;
            }
            var retention = c.Field("recordsRetentionDays", required: false).Number(1, 146000);
            if (name is null) { ok = false; continue; }
            containers.Add(new DocumentContainer(name, retention));
        }
        var recovery = node.Field("recovery", required: false).OneOf(DocumentRecoveryNames.ConfigNames);
        // Default (ADR 0007): records under WORM cannot be failed over, and a failover reaches only the platform
        // pair, so those replicate; the rest fails over.
        var holdsRecords = containers.Any(c => c.RecordsRetentionDays is not null);
        var mechanism = recovery is null
            ? holdsRecords || !platformPair ? DocumentRecovery.ObjectReplication : DocumentRecovery.GeoFailover
            : (DocumentRecovery)Array.IndexOf(DocumentRecoveryNames.ConfigNames, recovery);
        return classification is null || !ok ? null
            : new DocumentStore(DataClassificationNames.FromConfigName(classification), containers, softDelete, cool, node.Path) { Recovery = mechanism };
    }

    private static List<ContinuityTier>? ReadContinuity(ConfigNode node)
    {
        if (!node.IsMapping("tiers")) return null;
        var tiers = new List<ContinuityTier>();
        var ok = true;
        foreach (var t in node.Field("tiers").Items())
        {
            if (!t.IsMapping("tier", "name", "rtoMinutes", "rpoMinutes", "mtpdMinutes", "services", "strategies")) { ok = false; continue; }
            var tier = t.Field("tier").Number(0, 9);
            var name = t.Field("name").Name();
            var rto = t.Field("rtoMinutes").Number(1, 525600);
            var rpo = t.Field("rpoMinutes").Number(0, 525600);
            var mtpd = t.Field("mtpdMinutes").Number(1, 525600);
            var services = t.Field("services").Items().Select(s => s.OneOf(ServiceNames)).ToList();
            var strategies = ReadStrategies(t.Field("strategies", required: false), services);
            if (tier is null || name is null || rto is null || rpo is null || mtpd is null || services.Any(s => s is null) || strategies is null) { ok = false; continue; }
            tiers.Add(new ContinuityTier(tier.Value, name, rto.Value, rpo.Value, mtpd.Value,
                services.Select(s => (ContinuityService)Array.IndexOf(ServiceNames, s)).ToList())
            {
                Strategies = strategies,
            });
        }
        return ok ? tiers : null;
    }

    /// <summary>
    /// A tier's <c>strategies</c>: service → <c>pilot-light</c> or <c>rebuild</c>, for services of that tier only.
    /// Absent means every service of the tier is rebuilt.
    /// </summary>
    private static Dictionary<ContinuityService, DrStrategy>? ReadStrategies(ConfigNode node, List<string?> tierServices)
    {
        var strategies = new Dictionary<ContinuityService, DrStrategy>();
        if (node.IsMissing) return strategies;
        // Unknown keys (not a service at all) are reported with a suggestion by IsMapping.
        if (!node.IsMapping(ServiceNames)) return null;
        var ok = true;
        foreach (var (key, value) in node.Entries())
        {
            if (!ServiceNames.Contains(key, StringComparer.Ordinal)) { ok = false; continue; }
            var strategy = value.OneOf(DrStrategyNames.ConfigNames);
            if (!tierServices.Contains(key, StringComparer.Ordinal))
            {
                // With an unreadable services list, don't guess.
                if (tierServices.All(s => s is not null))
                    value.Error($"sets a strategy for the '{key}' service, which this tier does not list " +
                                $"(its services: {string.Join(", ", tierServices)}); set it in the tier that lists '{key}'");
                ok = false;
                continue;
            }
            if (strategy is null) { ok = false; continue; }
            strategies[(ContinuityService)Array.IndexOf(ServiceNames, key)] = (DrStrategy)Array.IndexOf(DrStrategyNames.ConfigNames, strategy);
        }
        return ok ? strategies : null;
    }

    /// <summary>A secret with nothing in it: <c>secure: ""</c> in a stack file, or an empty decrypted value from Pulumi.</summary>
    private static bool IsEmptySecret(YamlDotNet.RepresentationModel.YamlNode value) => value switch
    {
        YamlDotNet.RepresentationModel.YamlScalarNode s => string.IsNullOrWhiteSpace(s.Value),
        YamlDotNet.RepresentationModel.YamlMappingNode m => m.Children.Values.All(v => v is YamlDotNet.RepresentationModel.YamlScalarNode { Value: null or "" }),
        _ => false,
    };

    /// <summary>
    /// Azure's limits on tag names, from Microsoft Learn, "Use tags to organize your Azure
    /// resources", Limitations (azure-resource-manager/management/tag-resources.md): names cannot
    /// contain &lt; &gt; % &amp; \ ? /, are at most 512 characters — 128 on storage accounts, which
    /// every estate tag also lands on, so 128 here — and values at most 256 characters.
    /// </summary>
    public const int MaxTagNameLength = 128;

    public const int MaxTagValueLength = 256;

    private const string ForbiddenTagNameCharacters = "<>%&\\?/";

    /// <summary>Why Azure would refuse <paramref name="name"/> as a tag name, or null.</summary>
    public static string? TagNameProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Trim().Length == 0) return "is an empty tag name";
        if (name.StartsWith("fn::", StringComparison.Ordinal))
            return "is a tag name starting with 'fn::', which Pulumi YAML would read as a function call; rename it";
        if (name.Length > MaxTagNameLength)
            return $"is a tag name of {name.Length} characters; Azure allows at most {MaxTagNameLength} on storage accounts (512 elsewhere)";
        var bad = name.Where(c => ForbiddenTagNameCharacters.Contains(c, StringComparison.Ordinal) || char.IsControl(c)).Distinct().ToList();
        return bad.Count == 0 ? null
            : $"is not a tag name Azure accepts: it contains {string.Join(" ", bad.Select(c => char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'"))} (tag names cannot contain < > % & \\ ? / or control characters)";
    }

    private static SortedDictionary<string, string>? ReadTags(ConfigNode node)
    {
        if (node.IsMissing) return null;
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Entries())
        {
            if (key == "data-classification")
            {
                value.Error("is set per resource from the data it holds; remove it here");
                continue;
            }
            if (TagNameProblem(key) is { } problem)
            {
                value.Error(problem);
                continue;
            }
            var text = value.Name(MaxTagValueLength);
            if (text is not null) tags[key] = text;
        }
        foreach (var required in new[] { "owner", "cost-center" })
            if (!tags.ContainsKey(required))
                node.Error($"must set the '{required}' tag (every taggable resource carries owner, cost-center and data-classification)");
        return tags;
    }
}
