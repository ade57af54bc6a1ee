using Oic.Infra.Policies.Engine;
using Oic.Infra.Toolkit;

namespace Oic.Infra.Cli.Tests;

/// <summary>
/// One state, one verdict: a DR rebuild judges the rebuilt state with the DR stack's own policy config
/// and waivers, exactly as the pre-deployment gate judged its program. Here the config makes
/// <c>dr-region-access-restricted</c> mandatory for <c>prod-dr</c> and a waiver accepts it for the
/// stack's resource groups; the gate lets the program through, and the rebuild must not fail on it.
/// </summary>
[TestFixture]
public sealed class PolicySettingsParityTests
{
    private string _repo = "";

    [SetUp]
    public void CopyRepository()
    {
        _repo = Path.Combine(Path.GetTempPath(), $"parity-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_repo);
        File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), Path.Combine(_repo, "Pulumi.yaml"));
        Repo.CopyDirectory(Path.Combine(Repo.Root, "stacks"), Path.Combine(_repo, "stacks"));
        Directory.CreateDirectory(Path.Combine(_repo, "policies", "config"));
        File.WriteAllText(Path.Combine(_repo, "policies", "config", "prod-dr.json"),
            """{ "dr-region-access-restricted": { "enforcementLevel": "mandatory" } }""" + "\n");
        var expires = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(90).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(_repo, "policies", "waivers.yaml"), $"""
            waivers:
              - ruleId: dr-region-access-restricted
                resource: "urn:pulumi:prod-dr::oic-gs-infra::azure-native:resources:ResourceGroup::*"
                category: waiver
                justification: The OIC holds the uaecentral access approval; the subscription is enabled for it.
                approvedBy: CISO, OIC General Secretariat
                ticket: ICT-2026-0999
                expiresOn: {expires}

            """);
    }

    [TearDown]
    public void Remove() => Directory.Delete(_repo, recursive: true);

    [Test]
    public async Task A_rebuild_and_the_gate_give_the_same_verdict_with_the_same_waivers()
    {
        var workspace = Workspace.Open(_repo, Path.Combine(_repo, ".infra"));
        var settings = workspace.PolicySettings("prod-dr");
        var gate = settings.Run(Policies.Inputs.GraphInput.From(workspace.Compile("prod-dr"), workspace.Root));
        var engine = workspace.OpenEngine(EngineKind.Sandbox);
        var (plan, program, _, _) = await workspace.PlanDrAsync(engine, "prod", "prod-dr", parallel: 10);

        var (rebuild, _) = await workspace.RebuildAsync(engine, plan, program, parallel: 10, tierOrdered: false, log: null);

        static string[] Waived(PolicyReport report) =>
            [.. report.Violations.Where(v => v.Waived).Select(v => $"{v.Rule.Id} {v.Resource.Urn}").Order(StringComparer.Ordinal)];
        Assert.Multiple(() =>
        {
            Assert.That(Waived(gate), Is.Not.Empty, "the fixture must exercise a waiver");
            Assert.That((rebuild.Policy.Blocks, rebuild.Policy.Mandatory), Is.EqualTo((gate.Blocks, gate.Mandatory)));
            Assert.That(Waived(rebuild.Policy), Is.EqualTo(Waived(gate)));
        });
    }
}
