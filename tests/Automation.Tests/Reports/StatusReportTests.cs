using Oic.Infra.Automation.Drift;
using Oic.Infra.Automation.Reports;
using Oic.Infra.Automation.Tests.Dr;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;

namespace Oic.Infra.Automation.Tests.Reports;

[TestFixture]
public sealed class StatusReportTests
{
    private static StatusReportData Data(string drillJson)
    {
        var (estate, graph) = DrStacks.Load("prod");
        return new StatusReportData
        {
            Stack = "prod",
            Date = new DateOnly(2026, 12, 1),
            Estate = estate,
            EstateSource = "stacks/Pulumi.prod.yaml",
            Policy = Evaluator.Run(GraphInput.From(graph), Catalogue.All),
            PolicySource = "./infra policy check --stack prod",
            LastDrill = new DrillEvidence(".infra/evidence/20261201T080000Z-prod", drillJson),
            DrillSource = ".infra/evidence",
            Drift = new DriftReport("prod", []),
            DriftSource = "./infra drift --stack prod",
            Waivers = [],
            WaiverSource = "policies/waivers.yaml",
        };
    }

    private const string Drill = """
        {"rtoMinutes": 60, "rpoMinutes": 5,
         "tiers": [
           {"tier": "0", "services": ["network"], "rtoTargetMinutes": 30, "estimatedMinutes": 25, "meetsTarget": true, "measuredMinutes": 26,
            "rpoTargetMinutes": 0, "measuredRpoMinutes": null, "meetsRpo": null, "mtpdMinutes": 240, "withinMtpd": true},
           {"tier": "1", "services": ["documents"], "rtoTargetMinutes": 120, "estimatedMinutes": 58, "meetsTarget": true, "measuredMinutes": 60,
            "rpoTargetMinutes": 15, "measuredRpoMinutes": 5, "meetsRpo": true, "mtpdMinutes": 480, "withinMtpd": true}],
         "data": {"blobs": 24, "verifiedIntact": 22, "restored": 2, "lost": 0},
         "documents": [
           {"classification": "public", "mechanism": "geo-failover", "seeded": 6, "intact": 6, "restored": 0, "lost": 0, "restoredBy": ""},
           {"classification": "strictly-confidential", "mechanism": "object-replication", "seeded": 6, "intact": 4, "restored": 2, "lost": 0, "restoredBy": "versioning"}]}
        """;

    [Test]
    public void Last_drill_shows_each_tiers_RTO_and_RPO_against_target_and_the_documents_per_classification()
    {
        var markdown = StatusReport.Markdown(Data(Drill));

        Assert.That(markdown, Does.Contain("| tier | services | RTO target (min) | measured RTO (min) | meets RTO | RPO target (min) | measured RPO (min) | meets RPO |"));
        Assert.That(markdown, Does.Contain("| 0 | network | 30 | 26 | yes | 0 | no data held |  |"));
        Assert.That(markdown, Does.Contain("| 1 | documents | 120 | 60 | yes | 15 | 5 | yes |"));
        Assert.That(markdown, Does.Contain("## Documents in the last drill, per classification"));
        Assert.That(markdown, Does.Contain("| strictly-confidential | object-replication | 6 | 4 | 2 | 0 |"));
    }

    [Test]
    public void A_drill_recorded_before_tiers_had_RPO_figures_still_reports_with_the_missing_cells_empty()
    {
        const string older = """
            {"rtoMinutes": 60, "rpoMinutes": 5,
             "tiers": [{"tier": "1", "services": ["documents"], "rtoTargetMinutes": 120, "estimatedMinutes": 58, "meetsTarget": false, "measuredMinutes": 130}],
             "data": {"blobs": 24, "verifiedIntact": 24, "restored": 0, "lost": 0}}
            """;

        var markdown = StatusReport.Markdown(Data(older));

        Assert.That(markdown, Does.Contain("| 1 | documents | 120 | 130 | no |  |  |  |"));
        Assert.That(markdown, Does.Not.Contain("per classification"), "no per-classification part when the drill recorded none");
    }
}
