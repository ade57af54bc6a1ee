using System.Globalization;
using Oic.Infra.Policies.Engine;

namespace Oic.Infra.Policies.Rules.Network.Reach;

/// <summary>One rule that let traffic through at a hop, and what it let through.</summary>
public sealed record Allowance(string Rule, Traffic Traffic);

/// <summary>
/// The two filters of the model: NSG security rules (with Azure's default rules) and Azure Firewall
/// policy rules. Both walk their rules in order, keeping the traffic not yet decided: an allow that
/// may apply to the flow lets its traffic through; only a rule that surely applies to the whole
/// flow decides it (an allow stops later rules from seeing it, a deny removes it). So a "no" is
/// proved and a "yes" may be wider than Azure's answer — never narrower.
/// </summary>
internal static class Filters
{
    private sealed record FilterRule(string Label, int Priority, bool Allow, Traffic Traffic, AddressMatch Source, AddressMatch Destination, bool Assumed);

    /// <summary>
    /// Azure's default security rules, below every user rule (Learn, <i>Network security groups</i>,
    /// "Default security rules"): inbound AllowVNetInBound 65000, AllowAzureLoadBalancerInBound 65001,
    /// DenyAllInBound 65500; outbound AllowVnetOutBound 65000, AllowInternetOutBound 65001, DenyAllOutBound 65500.
    /// </summary>
    private static IEnumerable<FilterRule> Defaults(bool inbound, VnetNode context)
    {
        var vnet = context.VirtualNetworkTag;
        var azureLoadBalancer = new AddressMatch([], false, false, true, false, ["AzureLoadBalancer"]);
        var internet = new AddressMatch([], false, true, false, false, ["Internet"]);
        if (inbound)
        {
            yield return new("AllowVNetInBound (65000, Azure default)", 65000, true, Traffic.All, vnet, vnet, false);
            yield return new("AllowAzureLoadBalancerInBound (65001, Azure default)", 65001, true, Traffic.All, azureLoadBalancer, AddressMatch.Everything, false);
            yield return new("DenyAllInBound (65500, Azure default)", 65500, false, Traffic.All, AddressMatch.Everything, AddressMatch.Everything, false);
        }
        else
        {
            yield return new("AllowVnetOutBound (65000, Azure default)", 65000, true, Traffic.All, vnet, vnet, false);
            yield return new("AllowInternetOutBound (65001, Azure default)", 65001, true, Traffic.All, AddressMatch.Everything, internet, false);
            yield return new("DenyAllOutBound (65500, Azure default)", 65500, false, Traffic.All, AddressMatch.Everything, AddressMatch.Everything, false);
        }
    }

    /// <summary>What an NSG lets through in one direction, and the rules that did.</summary>
    public static (Traffic Allowed, IReadOnlyList<Allowance> By) Nsg(ReachNetwork network, PolicyResource nsg, bool inbound, VnetNode context,
        AddressSet source, AddressSet destination, Traffic wanted)
    {
        var name = Topology.AzureName(nsg) ?? nsg.Name;
        var rules = (List<FilterRule>)network.Cached(("nsg", nsg, inbound, context), () => NsgRules(network, nsg, inbound, context));
        var (allowed, by) = Walk(rules, source, destination, wanted);
        return (allowed, [.. by.Select(a => a with { Rule = $"NSG {name} {(inbound ? "inbound" : "outbound")} rule {a.Rule}" })]);
    }

    /// <summary>An NSG's rules in one direction as the filter walks them: by priority, then Azure's defaults.</summary>
    private static List<FilterRule> NsgRules(ReachNetwork network, PolicyResource nsg, bool inbound, VnetNode context)
    {
        var rules = new List<FilterRule>();
        foreach (var rule in network.SecurityRulesOf(nsg))
        {
            var direction = rule.Get("direction");
            if (!direction.IsUnknown && !(inbound ? "Inbound" : "Outbound").Equals(direction.Text, StringComparison.OrdinalIgnoreCase)) continue;
            var access = rule.Get("access");
            var priority = rule.Get("priority").Number;
            var ports = PortSet.Parse(Texts(rule, "destinationPortRange", "destinationPortRanges"));
            var protocol = rule.Get("protocol");
            var assumed = direction.IsUnknown || access.IsUnknown || priority is null || ports is null || protocol.IsUnknown;
            var allow = access.IsUnknown || "Allow".Equals(access.Text, StringComparison.OrdinalIgnoreCase);
            var label = $"{rule.Get("name").Text ?? rule.Get("securityRuleName").Text ?? "(unnamed)"} ({(priority is { } p ? p.ToString("0", CultureInfo.InvariantCulture) : "priority not known")})";
            rules.Add(new FilterRule(label,
                // A rule whose priority is not known yet: an allow is put first, a deny last.
                priority is { } known ? (int)known : allow ? int.MinValue : int.MaxValue,
                allow,
                Traffic.Of([protocol.IsUnknown ? "*" : protocol.Text ?? "*"], ports ?? PortSet.All),
                NsgAddresses(rule, "sourceAddressPrefix", "sourceAddressPrefixes", "sourceApplicationSecurityGroups", context),
                NsgAddresses(rule, "destinationAddressPrefix", "destinationAddressPrefixes", "destinationApplicationSecurityGroups", context),
                assumed));
        }
        rules.Sort((a, b) => a.Priority.CompareTo(b.Priority));
        rules.AddRange(Defaults(inbound, context));
        return rules;
    }

    private static (Traffic, List<Allowance>) Walk(IEnumerable<FilterRule> rules, AddressSet source, AddressSet destination, Traffic wanted)
    {
        var undecided = wanted;
        var allowed = Traffic.None;
        var by = new List<Allowance>();
        foreach (var rule in rules)
        {
            if (undecided.IsEmpty) break;
            var traffic = rule.Traffic.Intersect(undecided);
            if (traffic.IsEmpty) continue;
            var surely = !rule.Assumed && rule.Source.Covers(source) && rule.Destination.Covers(destination);
            if (rule.Allow)
            {
                if (!rule.Source.MayMatch(source) || !rule.Destination.MayMatch(destination)) continue;
                var added = traffic.Except(allowed);
                if (!added.IsEmpty) by.Add(new Allowance(rule.Assumed ? $"{rule.Label} (a value not known until deployment: assumed to allow)" : rule.Label, added));
                allowed = allowed.Union(traffic);
                if (surely) undecided = undecided.Except(traffic);
            }
            else if (surely)
                undecided = undecided.Except(traffic);
        }
        return (allowed, by);
    }

    /// <summary>
    /// An NSG rule's source or destination: <c>*</c>/<c>Any</c>/a /0 is everything; <c>Internet</c> the public
    /// internet; <c>VirtualNetwork</c> what that tag holds for the NSG's network; other service tags are
    /// public Azure ranges (none of our private prefixes); application security groups may hold any NIC.
    /// </summary>
    private static AddressMatch NsgAddresses(Lookup rule, string one, string many, string groups, VnetNode context)
    {
        var result = AddressMatch.Nothing;
        var single = rule.Get(one);
        var list = rule.Get(many);
        var asgs = rule.Get(groups);
        if (single.IsUnknown || list.AnyUnknown || asgs.IsUnknown || asgs.Items.Count > 0)
            result = result.Union(new AddressMatch([], false, false, false, true, ["(opaque)"]));
        foreach (var text in list.Texts.Prepend(single.Text).OfType<string>())
            result = result.Union(Tag(text.Trim(), context));
        return result;
    }

    private static AddressMatch Tag(string text, VnetNode? context)
    {
        if (text is "*" || text.Equals("Any", StringComparison.OrdinalIgnoreCase) || text.EndsWith("/0", StringComparison.Ordinal))
            return AddressMatch.Everything;
        if (text.Equals("Internet", StringComparison.OrdinalIgnoreCase)) return new AddressMatch([], false, true, false, false, [text]);
        if (text.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase) && context is not null) return context.VirtualNetworkTag;
        if (Block.Parse(text) is { } block) return new AddressMatch([block], false, false, false, false, [text]);
        // A range such as 10.0.0.1-10.0.0.9 (firewall rules) or an FQDN: may be anything.
        if (text.Contains('-', StringComparison.Ordinal) || text.Contains('.', StringComparison.Ordinal) && !char.IsLetter(text[0]))
            return new AddressMatch([], false, false, false, true, [text]);
        return new AddressMatch([], false, false, true, false, [text]); // a service tag
    }

    private static IEnumerable<string> Texts(Lookup rule, string one, string many) =>
        rule.Get(many).Texts.Prepend(rule.Get(one).Text).OfType<string>();

    /// <summary>
    /// What an Azure Firewall lets through from <paramref name="source"/> to <paramref name="destination"/>,
    /// and by which rules. Rule collection groups in priority order, collections in priority order,
    /// network rules before application rules; what no rule allows is denied (Learn, <i>Azure Firewall
    /// rule processing logic</i>). Application rules name destinations by FQDN, FQDN tag, URL or web
    /// category, which cannot be resolved from code (and without TLS inspection the firewall trusts the
    /// client's SNI/Host header): an application rule is taken to allow its ports to any destination.
    /// Classic rule collections on the firewall itself are not modelled: such a firewall is taken to
    /// allow everything. IP groups are opaque (may hold any address).
    /// </summary>
    public static (Traffic Allowed, IReadOnlyList<Allowance> By) Firewall(ReachNetwork network, FirewallNode firewall, AddressSet source, AddressSet destination, Traffic wanted)
    {
        if (firewall.ClassicRules)
            return (wanted, [new Allowance($"firewall {firewall.Name}: classic rule collections are not modelled (assumed to allow everything)", wanted)]);
        if (firewall.Policy is null)
        {
            // A policy not known yet (or outside this set) may allow anything; no policy at all denies everything.
            var pending = firewall.Resource.Get("firewallPolicy.id");
            return pending.IsMissing ? (Traffic.None, [])
                : (wanted, [new Allowance($"firewall {firewall.Name}: its policy is not in this program (assumed to allow everything)", wanted)]);
        }
        var rules = (List<FilterRule>)network.Cached(("firewall", firewall, false, null), () => FirewallRules(network, firewall.Policy));
        // An application-rule deny names destinations by name: it can never surely cover a flow, so it is left out.
        var (allowed, by) = Walk(rules, source, destination, wanted);
        var policyName = Topology.AzureName(firewall.Policy) ?? firewall.Policy.Name;
        return (allowed, [.. by.Select(a => a with { Rule = $"firewall {firewall.Name} policy {policyName}: {a.Rule}" })]);
    }

    /// <summary>A firewall policy's rules as the filter walks them: network rules, then application rules that allow.</summary>
    private static List<FilterRule> FirewallRules(ReachNetwork network, PolicyResource policy)
    {
        var collections = Collections(network, policy).ToList();
        var networkRules = new List<FilterRule>();
        var applicationRules = new List<FilterRule>();
        foreach (var (label, allow, rules) in collections)
            foreach (var rule in rules)
            {
                var type = rule.Get("ruleType").Text;
                var name = $"{label} / rule {rule.Get("name").Text ?? "(unnamed)"}";
                var sources = FirewallAddresses(rule, "sourceAddresses", "sourceIpGroups");
                if ("NetworkRule".Equals(type, StringComparison.OrdinalIgnoreCase))
                {
                    var ports = PortSet.Parse(rule.Get("destinationPorts").Texts);
                    var protocols = rule.Get("ipProtocols");
                    var destinations = FirewallAddresses(rule, "destinationAddresses", "destinationIpGroups")
                        .Union(rule.Get("destinationFqdns").Texts.Count > 0 ? new AddressMatch([], false, false, false, true, ["(fqdn)"]) : AddressMatch.Nothing);
                    var assumed = ports is null || protocols.AnyUnknown;
                    networkRules.Add(new FilterRule(name, 0, allow,
                        Traffic.Of(protocols.Texts.Count == 0 ? ["Any"] : protocols.Texts, ports ?? PortSet.All), sources, destinations, assumed));
                }
                else if ("ApplicationRule".Equals(type, StringComparison.OrdinalIgnoreCase))
                {
                    var ports = rule.Get("protocols").Items.Select(p => p.Get("port").Number is { } n ? (int)n :
                        p.Get("protocolType").Text?.ToUpperInvariant() switch { "HTTP" => 80, "MSSQL" => 1433, _ => 443 }).ToList();
                    var destinations = new AddressMatch([], false, false, false, true, ["(fqdn)"])
                        .Union(FirewallAddresses(rule, "destinationAddresses", "destinationIpGroups"));
                    applicationRules.Add(new FilterRule($"{name} (application rule: destinations by name, taken as any address)", 0, allow,
                        Traffic.TcpPorts(PortSet.Of(ports.Select(p => (p, p)))), sources, destinations, false));
                }
            }
        return [.. networkRules, .. applicationRules.Where(r => r.Allow)];
    }

    /// <summary>DNAT rules of a firewall's policy: the internet's way in through the firewall's public address.</summary>
    public static IEnumerable<(string Label, AddressMatch Sources, Traffic Traffic, AddressMatch Translated)> Dnat(ReachNetwork network, FirewallNode firewall)
    {
        if (firewall.Policy is null) yield break;
        foreach (var (label, _, rules) in Collections(network, firewall.Policy))
            foreach (var rule in rules.Where(r => "NatRule".Equals(r.Get("ruleType").Text, StringComparison.OrdinalIgnoreCase)))
            {
                var translated = rule.Get("translatedAddress").Text is { } address && Block.Parse(address) is { } block
                    ? new AddressMatch([block], false, false, false, false, [address])
                    : new AddressMatch([], false, false, false, true, ["(translated fqdn)"]);
                var port = rule.Get("translatedPort").Text is { } p && PortSet.Parse([p]) is { } parsed ? parsed : PortSet.All;
                var protocols = rule.Get("ipProtocols").Texts;
                yield return ($"{label} / DNAT rule {rule.Get("name").Text ?? "(unnamed)"}", FirewallAddresses(rule, "sourceAddresses", "sourceIpGroups"),
                    Traffic.Of(protocols.Count == 0 ? ["Any"] : protocols, port), translated);
            }
    }

    /// <summary>
    /// The rule collections of a policy and of the policies it inherits from (<c>basePolicy</c>), in
    /// processing order: rule collection group priority, then collection priority.
    /// </summary>
    private static IEnumerable<(string Label, bool Allow, IReadOnlyList<Lookup> Rules)> Collections(ReachNetwork network, PolicyResource policy)
    {
        var set = network.Set;
        var policies = new List<PolicyResource>();
        var next = policy;
        while (next is not null && !policies.Contains(next))
        {
            policies.Add(next);
            var (parent, _) = set.Resolve(next.Get("basePolicy.id"));
            next = parent is { Type: AzureTypes.FirewallPolicy } ? parent : null;
        }
        var byPolicy = (Dictionary<PolicyResource, List<(int Index, PolicyResource Group)>>)network.Cached(("rule-collection-groups", null, false, null), () =>
        {
            var index = new Dictionary<PolicyResource, List<(int, PolicyResource)>>(ReferenceEqualityComparer.Instance);
            var all = set.OfType(AzureTypes.FirewallPolicyRuleCollectionGroup);
            for (var i = 0; i < all.Count; i++)
                if (Topology.ParentOf(all[i], set, AzureTypes.FirewallPolicy, "firewallPolicyName").Parent is { } parent)
                {
                    if (!index.TryGetValue(parent, out var list)) index[parent] = list = [];
                    list.Add((i, all[i]));
                }
            return index;
        });
        var groups = policies.Distinct().SelectMany(p => byPolicy.TryGetValue(p, out var list) ? list : []).OrderBy(g => g.Index).Select(g => g.Group)
            .OrderBy(g => g.Get("priority").Number ?? 0).ThenBy(g => g.Name, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var groupName = Topology.AzureName(group) ?? group.Get("ruleCollectionGroupName").Text ?? group.Name;
            foreach (var collection in group.Get("ruleCollections").Items.OrderBy(c => c.Get("priority").Number ?? 0))
            {
                var action = collection.Get("action.type").Text;
                yield return ($"rule collection group {groupName} / collection {collection.Get("name").Text ?? "(unnamed)"}",
                    action is null || !action.Equals("Deny", StringComparison.OrdinalIgnoreCase), collection.Get("rules").Items);
            }
        }
    }

    private static AddressMatch FirewallAddresses(Lookup rule, string addresses, string ipGroups)
    {
        var result = AddressMatch.Nothing;
        var list = rule.Get(addresses);
        var groups = rule.Get(ipGroups);
        if (list.AnyUnknown || groups.AnyUnknown || groups.Items.Count > 0)
            result = result.Union(new AddressMatch([], false, false, false, true, ["(ip group)"]));
        foreach (var text in list.Texts) result = result.Union(Tag(text.Trim(), null));
        return result;
    }
}
