using Oic.Infra.Automation.Documents;
using Oic.Infra.Automation.Dr;
using Oic.Infra.Automation.Drift;
using Oic.Infra.Automation.Reports;
using Oic.Infra.Automation.Reports.Html;
using Oic.Infra.Automation.Reports.Topology;
using Oic.Infra.Automation.Tests.Dr;
using Oic.Infra.Automation.Tests.Sandbox;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;

namespace Oic.Infra.Automation.Tests.Browser;

/// <summary>
/// <c>docs/examples/</c> holds one rendered example of each picture and report, made from the real stacks by the
/// same code as the verbs; this test renders them again and fails on any difference.
/// <c>scripts/render-examples.sh</c> (UPDATE_EXAMPLES=1) rewrites them.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DocsExamplesTests
{
    private static readonly DateOnly Today = new(2025, 3, 1);
    private static readonly DateTimeOffset DrillStart = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private const string EvidenceFolder = ".infra/evidence/20250301T080000Z-prod";

    public static async Task<SortedDictionary<string, string>> RenderAsync()
    {
        var (prodEstate, prod) = DrStacks.Load("prod");
        // As `./infra graph` and `./infra dr plan` show them: prod-dr as its pilot light stands, the plan on top of it.
        var topology = EstateTopology.From([prod, DrStacks.Standby()]);
        var plan = DrStacks.Plan(pilotLight: true);
        var examples = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["topology-prod.svg"] = TopologySvg.Render(topology, "OIC General Secretariat estate — prod + prod-dr"),
            ["topology-prod.md"] = $"# Estate topology (Mermaid)\n\n`./infra graph --stack prod --format mermaid`:\n\n```mermaid\n{TopologyText.Mermaid(topology)}```\n",
            ["topology-prod.dot"] = TopologyText.Dot(topology),
            ["dr-plan.html"] = DrHtml.Plan(plan),
            ["policy-check-dev.html"] = PolicyDriftHtml.Policy(Evaluator.Run(GraphInput.From(RealStacks.Graph("dev")), Catalogue.All), "dev", Today),
        };

        var root = Directory.CreateTempSubdirectory("docs-examples-").FullName;
        try
        {
            var result = await DrillAsync(root);
            // Where the evidence went is a temporary folder here; show where a real drill puts it.
            result = result with { Evidence = EvidenceFolder };
            var json = DrDrillReports.Json(result);
            examples["dr-drill.html"] = DrHtml.Drill(result, plan, json);
            var status = new StatusReportData
            {
                Stack = "prod",
                Date = Today,
                Estate = prodEstate,
                EstateSource = "stacks/Pulumi.prod.yaml, compiled",
                Policy = Evaluator.Run(GraphInput.From(prod), Catalogue.All),
                PolicySource = "./infra policy check --stack prod",
                LastDrill = new DrillEvidence(EvidenceFolder, json),
                DrillSource = ".infra/evidence (./infra dr drill)",
                Drift = new DriftReport("prod", []),
                DriftSource = "./infra drift --stack prod --engine sandbox",
                Waivers = [],
                WaiverSource = "policies/waivers.yaml",
            };
            examples["status-report.md"] = StatusReport.Markdown(status);
            examples["status-report.html"] = StatusReport.Html(status);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
        return examples;
    }

    /// <summary>A drill of prod into prod-dr on Azurite (24 documents, 2 corrupted), on a fixed simulated clock, working under <paramref name="root"/>.</summary>
    public static Task<DrDrillResult> DrillAsync(string root)
    {
        var (drEstate, dr) = DrStacks.Load("prod-dr");
        return DrDrill.RunAsync(new DrDrillOptions
        {
            SourceStack = "prod",
            Policy = Oic.Infra.Policies.Packs.PolicySettings.Strict(DateOnly.FromDateTime(DateTime.UtcNow)),
            Source = DrStacks.Load("prod").Graph,
            Target = dr,
            TargetStandby = DrStacks.Standby(),
            TargetEstate = drEstate,
            Plan = DrStacks.Plan(pilotLight: true),
            DrillsRoot = Path.Combine(root, "drills"),
            EvidenceRoot = Path.Combine(root, "evidence"),
            Documents = 24,
            CorruptBlobs = 2,
            Clock = new DrillClock(DrillStart),
            AzuriteExecutable = Path.Combine(DrStacks.Root, AzuriteServer.RelativeExecutable),
        });
    }

    [Test]
    public async Task Docs_examples_are_what_the_renderers_make_of_the_real_stacks()
    {
        var folder = Path.Combine(RealStacks.Root, "docs", "examples");
        var examples = await RenderAsync();
        if (Environment.GetEnvironmentVariable("UPDATE_EXAMPLES") == "1")
        {
            Directory.CreateDirectory(folder);
            foreach (var (name, content) in examples) await File.WriteAllTextAsync(Path.Combine(folder, name), content);
        }
        Assert.Multiple(() =>
        {
            foreach (var (name, content) in examples)
            {
                var path = Path.Combine(folder, name);
                Assert.That(File.Exists(path) ? File.ReadAllText(path) : "(missing)", Is.EqualTo(content), $"docs/examples/{name} is stale: run scripts/render-examples.sh");
            }
        });
    }
}
