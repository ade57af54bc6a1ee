using Oic.Infra.Automation.Cost;
using Oic.Infra.Automation.Tests.Dr;
using Oic.Infra.Resources;
using Oic.Infra.Resources.Azure;
using Oic.Infra.Resources.AzureNative.Network;
using Oic.Infra.Stacks;
using NetIn = Oic.Infra.Resources.AzureNative.Network.Inputs;

namespace Oic.Infra.Automation.Tests.Cost;

/// <summary><c>./infra cost</c>: figures computed from the price table (src/Resources/Azure/AzurePrices.cs), unpriced never zero.</summary>
public class CostEstimateTests
{
    [Test]
    public void The_DR_pilot_light_costs_the_DDoS_plan_endpoints_addresses_and_zones_and_the_rebuild_adds_firewall_and_resolver()
    {
        var active = DrStacks.Load("prod-dr").Graph;
        var standby = CostEstimate.Of(PilotLight.Standby(active), "standby");
        var rebuilt = CostEstimate.Of(active, "after rebuild");

        // DDoS plan 2,943.55 + 9 private endpoints x 7.30 (the Azure Monitor private link scope's among them, ADR 0016)
        // + 4 Standard public IPs x 3.65 + 6 private zones x 0.50 (blob, vault and the scope's four).
        Assert.That(standby.MonthlyUsd, Is.EqualTo(2943.55m + 9 * 7.30m + 4 * 3.65m + 6 * 0.50m));
        Assert.That(standby.MonthlyUsd, Is.EqualTo(3026.85m));
        // + Azure Firewall Premium 1,277.50 + two resolver endpoints x 180.
        Assert.That(rebuilt.MonthlyUsd - standby.MonthlyUsd, Is.EqualTo(1277.50m + 2 * 180m));
        Assert.That(rebuilt.MonthlyUsd, Is.EqualTo(4664.35m));

        // The partner front (API Management, docs/adr/0021) has no confirmed price row yet: listed, never counted as zero.
        Assert.That(standby.Unpriced.Select(l => (l.Type, l.Sku)), Does.Contain(("azure-native:apimanagement:ApiManagementService", (string?)"StandardV2")));
        Assert.That(standby.Unpriced.Where(l => !l.Type.StartsWith("azure-native:apimanagement:", StringComparison.Ordinal)).Select(l => (l.Type, l.Sku)), Is.EqualTo(new (string, string?)[]
        {
            ("azure-native:dnsresolver:DnsResolver", null),
            ("azure-native:network:VirtualNetworkGateway", "VpnGw2AZ"),
        }), "no price could be confirmed for these: listed, not counted as zero");
        Assert.That(rebuilt.Unpriced.Select(l => (l.Type, l.Sku)), Does.Contain(("azure-native:network:BastionHost", (string?)"Standard")));
        Assert.That(rebuilt.Lines.Sum(l => l.Count), Is.EqualTo(active.Resources.Count(r => r is not ProviderResource && !r.Type.StartsWith("pulumi:", StringComparison.Ordinal))),
            "every resource is on a line");
    }

    [Test]
    public void A_SKU_or_type_without_a_price_row_is_unpriced_and_never_counted_as_zero()
    {
        var graph = ResourceGraph.Build("t", "oic-gs-infra", g =>
        {
            _ = new PublicIPAddress("pip-standard", new PublicIPAddressArgs { ResourceGroupName = "rg", Sku = new NetIn.PublicIPAddressSkuArgs { Name = "Standard" } });
            _ = new PublicIPAddress("pip-basic", new PublicIPAddressArgs { ResourceGroupName = "rg", Sku = new NetIn.PublicIPAddressSkuArgs { Name = "Basic" } });
            _ = new AzureFirewall("afw-basic", new AzureFirewallArgs { ResourceGroupName = "rg", Sku = new NetIn.AzureFirewallSkuArgs { Name = "AZFW_VNet", Tier = "Basic" } });
            _ = new DdosProtectionPlan("ddos", new DdosProtectionPlanArgs { ResourceGroupName = "rg" });
        });

        var estimate = CostEstimate.Of(graph, "active");

        Assert.That(estimate.MonthlyUsd, Is.EqualTo(3.65m + 2943.55m));
        Assert.That(estimate.Unpriced.Select(l => $"{l.Type} {l.Sku}"), Is.EqualTo(new[]
        {
            "azure-native:network:AzureFirewall Basic",
            "azure-native:network:PublicIPAddress Basic",
        }));
        var text = CostReports.Text([estimate]);
        Assert.That(text, Does.Contain("plus 2 UNPRICED resource(s): network:AzureFirewall (Basic), network:PublicIPAddress (Basic)"));
        Assert.That(text, Does.Contain("no price in the table (not counted)"));
    }

    [Test]
    public void Every_price_row_is_dated_and_sourced_and_no_row_claims_a_confirmation_it_does_not_have()
    {
        Assert.That(AzurePrices.All, Has.All.Matches<AzurePrice>(p => p.ReadOn == AzurePrices.ReadOn && p.Source.Url.StartsWith("https://", StringComparison.Ordinal)));
        Assert.That(AzurePrices.All.Where(p => p.Kind == PriceKind.Fixed), Has.All.Matches<AzurePrice>(p => p.MonthlyUsd > 0 && !p.Confirmed),
            "the estate's regions' prices could not be read: no fixed price is confirmed");
        Assert.That(AzurePrices.All.GroupBy(p => (p.Token, p.Sku)).Where(g => g.Count() > 1), Is.Empty, "one row per type and SKU");
    }

    [Test]
    public void The_json_report_is_deterministic_and_shows_what_the_rebuild_adds()
    {
        var active = DrStacks.Load("prod-dr").Graph;
        IReadOnlyList<CostEstimate> estimates = [CostEstimate.Of(PilotLight.Standby(active), "standby (pilot light)"), CostEstimate.Of(active, "after rebuild")];

        var json = CostReports.Json(estimates);

        Assert.That(CostReports.Json(estimates), Is.EqualTo(json));
        var root = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.That(root.Select(p => p.Key), Is.EqualTo(new[] { "stack", "currency", "pricesReadOn", "basis", "estimates", "rebuildAddsMonthlyUsd" }));
        Assert.That((decimal)root["rebuildAddsMonthlyUsd"]!, Is.EqualTo(1637.50m));
        Assert.That((decimal)root["estimates"]![0]!["monthlyUsd"]!, Is.EqualTo(3026.85m));
        // The resolver, the VPN gateway and the eight resources of the partner front, its API policy among them (no confirmed prices).
        Assert.That((int)root["estimates"]![0]!["unpricedResources"]!, Is.EqualTo(10));
    }
}
