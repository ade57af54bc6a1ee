using System.IO.Compression;
using System.Text.Json.Nodes;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Rules.Network.Nsg;

namespace Oic.Infra.Policies.Tests.Inputs;

/// <summary>
/// Issue 16's planting test for the network: the sandbox's export of the reference estate
/// (<c>prod-scaled-600.json.gz</c>), with one NSG rule planted that opens TCP 8080 — a port no
/// named-port rule lists — to the internet. A mandatory rule must fail that NSG, and only because of
/// the planted rule.
/// </summary>
[TestFixture]
public sealed class PlantedExposureTests
{
    private const string Nsg = "hub-uan-nsg-documents-app";

    private static readonly DateOnly Today = new(2026, 12, 5);

    private static JsonObject Export()
    {
        using var zipped = new GZipStream(File.OpenRead(SourceTree.InputData("prod-scaled-600.json.gz")), CompressionMode.Decompress);
        return (JsonObject)JsonNode.Parse(zipped)!;
    }

    private static ResourceSet Load(JsonObject export)
    {
        using var dir = new ScratchDirectory();
        return StateDocuments.FromStackExport(dir.Write("export.json", export.ToJsonString()), "state/prod.json");
    }

    /// <summary>Adds an Allow rule from Internet to TCP 8080 to the NSG's inputs and outputs, as a portal edit recorded by a refresh would.</summary>
    private static JsonObject Planted()
    {
        var export = Export();
        var nsg = export["deployment"]!["resources"]!.AsArray()
            .Single(r => r!["urn"]!.GetValue<string>().EndsWith("::" + Nsg, StringComparison.Ordinal))!;
        foreach (var side in new[] { "inputs", "outputs" })
            nsg[side]!["securityRules"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "AllowAppInbound",
                ["priority"] = 200,
                ["direction"] = "Inbound",
                ["access"] = "Allow",
                ["protocol"] = "Tcp",
                ["sourceAddressPrefix"] = "Internet",
                ["sourcePortRange"] = "*",
                ["destinationAddressPrefix"] = "*",
                ["destinationPortRange"] = "8080",
            });
        return export;
    }

    private static PolicyResult? Violation(PolicyReport report, string ruleId) =>
        report.Violations.SingleOrDefault(v => v.Rule.Id == ruleId && v.Resource.Name == Nsg);

    [Test]
    public void An_NSG_rule_opening_an_unlisted_port_to_the_internet_fails_a_mandatory_rule()
    {
        var before = Evaluator.Run(Load(Export()), Catalogue.All, today: Today);
        var after = Evaluator.Run(Load(Planted()), Catalogue.All, today: Today);

        var planted = Violation(after, NsgRules.NoInternetInbound.Id);
        Assert.Multiple(() =>
        {
            Assert.That(Violation(before, NsgRules.NoInternetInbound.Id), Is.Null, "the recorded export opens nothing to the internet");
            Assert.That(planted, Is.Not.Null, "the planted rule must be found");
            Assert.That(planted!.Enforcement, Is.EqualTo(Enforcement.Mandatory));
            Assert.That(planted.Message, Does.Contain("security rule 'AllowAppInbound' (priority 200) allows Tcp inbound from 'Internet' to port 8080"));
            Assert.That(after.Mandatory, Is.EqualTo(before.Mandatory + 1), "exactly one new mandatory violation");
            // The named-port rules alone would have let it through: the gap issue 16 describes.
            foreach (var named in new[] { NsgRules.NoInternetRdp, NsgRules.NoInternetSsh, NsgRules.NoInternetUdp, NsgRules.NoInternetHttp })
                Assert.That(Violation(after, named.Id), Is.Null, named.Id);
        });
    }
}
