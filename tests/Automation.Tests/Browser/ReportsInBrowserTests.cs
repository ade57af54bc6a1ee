using System.Text.Json.Nodes;
using Oic.Infra.Automation.Dr;
using Oic.Infra.Automation.Drift;
using Oic.Infra.Automation.Reports.Html;
using Oic.Infra.Automation.Reports.Topology;
using Oic.Infra.Automation.Tests.Dr;
using Oic.Infra.Automation.Tests.Sandbox;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;

namespace Oic.Infra.Automation.Tests.Browser;

/// <summary>
/// Every picture and HTML report opened in headless Chromium as a person would open it: no console error, no
/// request beyond the file itself, the key elements on screen. Screenshots and PDFs land in
/// <c>.build/screenshots/</c> (a CI artifact).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ReportsInBrowserTests
{
    /// <summary>Which elements of the selectors are on the page and not collapsed; their data-* attributes by name.</summary>
    private const string VisibleScript = """
        (() => {
          const page = document.documentElement.getBoundingClientRect();
          const width = Math.max(page.width, document.documentElement.scrollWidth || 0);
          const height = Math.max(page.height, document.documentElement.scrollHeight || 0);
          const visible = el => {
            const r = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return r.width > 0 && r.height > 0 && r.left >= -1 && r.top >= -1 && r.right <= width + 1 && r.bottom <= height + 1
              && style.visibility !== 'hidden' && style.display !== 'none';
          };
          const result = {};
          for (const [name, selector] of Object.entries(SELECTORS)) {
            const all = Array.from(document.querySelectorAll(selector));
            result[name] = { total: all.length, visible: all.filter(visible).map(e => e.getAttribute('data-key') || e.getAttribute('data-tier') || e.getAttribute('data-name') || e.getAttribute('data-location') || e.id || '') };
          }
          result.text = document.documentElement.textContent;
          result.minFontPx = Math.min(...Array.from(document.querySelectorAll('text')).map(t => parseFloat(getComputedStyle(t).fontSize)), 99);
          return result;
        })()
        """;

    private static HeadlessChromium _browser = null!;
    private static string Out => Path.Combine(RealStacks.Root, ".build", "screenshots");

    [OneTimeSetUp]
    public static async Task StartBrowser() => _browser = await HeadlessChromium.StartAsync();

    [OneTimeTearDown]
    public static async Task StopBrowser()
    {
        if (_browser is not null) await _browser.DisposeAsync();
    }

    private static async Task<JsonNode> Open(string name, string content, string selectors, (int, int) viewport)
    {
        Directory.CreateDirectory(Out);
        var file = Path.Combine(Out, name);
        await File.WriteAllTextAsync(file, content);
        var visit = await _browser.VisitAsync(file, VisibleScript.Replace("SELECTORS", selectors, StringComparison.Ordinal), Path.ChangeExtension(file, ".png"), viewport);
        TestContext.Out.WriteLine($"screenshot: {visit.Screenshot}");
        Assert.Multiple(() =>
        {
            Assert.That(visit.ConsoleErrors, Is.Empty, "console errors, exceptions or CSP violations");
            Assert.That(visit.ExternalRequests, Is.Empty, "requests beyond the file itself");
            Assert.That(visit.PdfBytes, Is.GreaterThan(1000), "the page prints to PDF");
        });
        return visit.Checks!;
    }

    private static List<string> Visible(JsonNode checks, string name) =>
        checks[name]!["visible"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();

    private static int Total(JsonNode checks, string name) => checks[name]!["total"]!.GetValue<int>();

    [Test]
    public async Task Prod_topology_shows_every_site_hub_spoke_and_both_regions_with_their_addresses()
    {
        var (prodEstate, prod) = DrStacks.Load("prod");
        var (_, dr) = DrStacks.Load("prod-dr");
        var svg = TopologySvg.Render(EstateTopology.From([prod, dr]), "prod + prod-dr");

        var checks = await Open("topology-prod.svg", svg, "{sites: 'g.site', hubs: 'g.hub', spokes: 'g.spoke', regions: 'g.region', stores: 'g.store', link: '.region-link, .region-pair', tunnels: 'path.tunnel'}", (1800, 1200));

        var text = checks["text"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(Visible(checks, "sites"), Is.EquivalentTo(prodEstate.Sites.Select(s => s.Key)), "every site of the estate");
            Assert.That(Visible(checks, "regions"), Is.EquivalentTo(new[] { prodEstate.Regions.Primary.Location, prodEstate.Regions.Dr.Location }));
            Assert.That(Visible(checks, "hubs"), Has.Count.EqualTo(2));
            Assert.That(Visible(checks, "spokes"), Has.Count.EqualTo(2 * (prodEstate.Spokes.Count + 1)), "workload spokes and the partner exchange, in each region");
            Assert.That(Visible(checks, "link"), Is.Not.Empty, "the line between the regions' hubs");
            Assert.That(Total(checks, "tunnels"), Is.EqualTo(2 * prodEstate.Sites.Count()), "an active and a standby tunnel per site");
            Assert.That(Visible(checks, "stores"), Has.Count.EqualTo(2 * (prodEstate.DocumentStores.Count + 3)),
                "document stores, key vault, flow-log storage and the Azure Monitor private link scope (ADR 0016) per region");
            foreach (var site in prodEstate.Sites)
                Assert.That(text, Does.Contain(site.OnPremPrefixes[0].ToString()), site.Key);
        });
        Assert.That(text, Does.Contain("10.40.0.0/23").And.Contain("10.41.0.0/23"), "hub address spaces of both regions");
    }

    [Test]
    public async Task Five_hundred_offices_stay_under_two_megabytes_with_every_office_on_the_page_and_grouped_tunnels()
    {
        var (estate, prod) = DrStacks.Load("prod", 500);
        var (_, dr) = DrStacks.Load("prod-dr", 500);
        var svg = TopologySvg.Render(EstateTopology.From([prod, dr]), "prod + prod-dr, 500 offices");
        var bytes = System.Text.Encoding.UTF8.GetByteCount(svg);
        TestContext.Out.WriteLine($"{bytes} bytes");
        Assert.That(bytes, Is.LessThan(2 * 1024 * 1024));

        var checks = await Open("topology-500-offices.svg", svg, "{sites: 'g.site', groups: 'g.site-group', tunnels: 'path.tunnel'}", (1900, 1200));

        Assert.Multiple(() =>
        {
            Assert.That(Visible(checks, "sites"), Is.EquivalentTo(estate.Sites.Select(s => s.Key)), "every office still on the page");
            Assert.That(Total(checks, "tunnels"), Is.LessThan(40), "one line per group and region, not one per office");
            Assert.That(checks["minFontPx"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(9), "legible");
        });
    }

    [Test]
    public async Task Dr_plan_page_draws_every_wave_every_tier_rto_line_and_the_critical_path()
    {
        var plan = DrStacks.Plan();

        var checks = await Open("dr-plan.html", DrHtml.Plan(plan), "{waves: '.wave-bar', rto: '.rto-line', critical: '.critical-step'}", (1300, 1000));

        Assert.Multiple(() =>
        {
            Assert.That(Visible(checks, "waves"), Has.Count.EqualTo(plan.Waves.Count));
            Assert.That(Visible(checks, "rto"), Is.EquivalentTo(plan.Tiers.Select(t => t.Tier.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.That(Visible(checks, "critical"), Has.Count.EqualTo(plan.CriticalPath.Resources.Count));
        });
    }

    [Test]
    public async Task Dr_drill_page_shows_each_tier_against_its_target_documents_evidence_and_a_sign_off_block()
    {
        var root = Directory.CreateTempSubdirectory("drill-html-").FullName;
        try
        {
            var plan = DrStacks.Plan();
            var result = await DocsExamplesTests.DrillAsync(root);
            var html = DrHtml.Drill(result, plan, DrDrillReports.Json(result));

            var checks = await Open("dr-drill.html", html, "{tiers: '.tier-bar', signoff: '#sign-off', evidence: '#evidence', documents: '#documents', classifications: '#documents table.by-classification tbody tr', " +
                "bootstrap: '#constraints table.bootstrap tbody tr', failovers: '#constraints table.failovers tbody tr', constraints: '#constraints table.azure-constraints tbody tr'}", (1300, 1000));

            var text = checks["text"]!.GetValue<string>();
            Assert.Multiple(() =>
            {
                Assert.That(Visible(checks, "tiers"), Is.EquivalentTo(result.Tiers.Select(t => t.Tier.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                Assert.That(Visible(checks, "signoff"), Has.Count.EqualTo(1));
                Assert.That(Visible(checks, "evidence"), Has.Count.EqualTo(1));
                Assert.That(text, Does.Contain("8.5").And.Contain("PASSED").And.Contain(result.Evidence));
                Assert.That(text, Does.Contain("restored from an earlier version"));
                Assert.That(Visible(checks, "classifications"), Has.Count.EqualTo(result.Documents.Count), "one row per classification");
                Assert.That(Visible(checks, "bootstrap"), Has.Count.EqualTo(result.Bootstrap.Count));
                Assert.That(Visible(checks, "failovers"), Has.Count.EqualTo(result.Failovers.Count), "a table only when a failover ran");
                Assert.That(Visible(checks, "constraints"), Has.Count.EqualTo(result.Constraints.Count));
                Assert.That(text, Does.Contain("object-replication").And.Contain("storage-failover-worm"));
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task Policy_page_lists_every_unwaived_violation_by_pack_and_severity()
    {
        var report = Evaluator.Run(GraphInput.From(RealStacks.Graph("dev")), Catalogue.All);
        var open = report.Violations.Count(v => !v.Waived);
        Assert.That(open, Is.GreaterThan(0), "dev's cheaper SKUs violate the default levels");

        var checks = await Open("policy-check.html", PolicyDriftHtml.Policy(report, "dev", new DateOnly(2025, 3, 1)),
            "{rows: '#violations tbody tr', packs: '#by-pack tbody tr', controls: '#controls tbody tr'}", (1300, 1000));

        Assert.Multiple(() =>
        {
            Assert.That(Visible(checks, "rows"), Has.Count.EqualTo(open));
            Assert.That(Visible(checks, "packs"), Has.Count.EqualTo(Catalogue.All.Count));
            Assert.That(Visible(checks, "controls"), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Drift_page_puts_security_relevant_differences_first()
    {
        var report = new DriftReport("prod",
        [
            new Difference(Comparison.StateVsLive, "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:storage:StorageAccount::documents-uan-st-int",
                "azure-native:storage:StorageAccount", "tags.owner", "\"ict\"", "\"someone\"", DriftClass.TagsOnly, []),
            new Difference(Comparison.StateVsLive, "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:storage:StorageAccount::documents-uan-st-conf",
                "azure-native:storage:StorageAccount", "allowBlobPublicAccess", "false", "true", DriftClass.SecurityRelevant, ["storage-no-public-blob"]),
        ]);

        var checks = await Open("drift.html", PolicyDriftHtml.Drift(report), "{rows: '#differences tbody tr', bad: '#differences tbody tr.bad'}", (1300, 800));

        Assert.That(Visible(checks, "rows"), Has.Count.EqualTo(2));
        Assert.That(Visible(checks, "bad"), Has.Count.EqualTo(1));
        var text = checks["text"]!.GetValue<string>();
        Assert.That(text.IndexOf("allowBlobPublicAccess", StringComparison.Ordinal), Is.LessThan(text.IndexOf("tags.owner", StringComparison.Ordinal)));
    }

    [Test]
    public async Task The_browser_check_catches_a_console_error_and_a_fetch_beyond_the_file()
    {
        Directory.CreateDirectory(Out);
        var file = Path.Combine(Out, "harness-negative.html");
        await File.WriteAllTextAsync(file, "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/logo.png\"><script>console.error('broken')</script></body></html>");

        var visit = await _browser.VisitAsync(file, "1", Path.ChangeExtension(file, ".png"), (800, 600));

        Assert.That(visit.ConsoleErrors, Has.Some.Contains("broken"));
        Assert.That(visit.ExternalRequests, Has.Some.StartsWith("http://127.0.0.1:9/"));
    }
}
