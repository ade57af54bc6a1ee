using Oic.Infra.Automation.Dr;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Estate.Config;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;

namespace Oic.Infra.Automation.Tests.Dr;

/// <summary>The continuity strategies of the config (pilot light or rebuild) and DR region access, as the planner uses them.</summary>
public class StrategyTests
{
    [Test]
    public void Access_restricted_dr_region_without_granted_access_is_refused()
    {
        var (_, graph) = DrStacks.Load("prod-dr");
        var file = Path.Combine(DrStacks.Root, "stacks", "Pulumi.prod-dr.yaml");
        var text = File.ReadAllText(file);
        Assert.That(text, Does.Contain("      accessGranted: true\n"));
        var estate = EstateLoader.Load(StackConfig.FromStackFileText(
            text.Replace("      accessGranted: true\n", "      accessGranted: false\n", StringComparison.Ordinal), "prod-dr-no-access.yaml", "prod-dr"));
        Assert.That(estate.Regions.Dr.Azure.AccessRestricted, Is.True, "uaecentral is access-restricted");

        var error = Assert.Throws<EngineInputException>(() => DrPlanner.Plan(graph, DrStacks.SourceState(), null, estate));

        Assert.That(error!.Message, Is.EqualTo(
            "the DR region uaecentral is access-restricted and regions.dr.accessGranted is false: " +
            "request access and quota through a support request before relying on it"));
    }

    [Test]
    public void Granted_access_to_the_dr_region_plans()
    {
        var (estate, _) = DrStacks.Load("prod-dr");

        Assert.That(estate.Regions.Dr.AccessGranted, Is.True);
        Assert.That(DrStacks.Plan().Steps, Is.Not.Empty);
    }

    [Test]
    public void Pilot_light_services_without_target_state_are_findings()
    {
        var plan = DrStacks.Plan();

        Assert.That(plan.Findings, Has.Count.EqualTo(4), string.Join("\n", plan.Findings));
        Assert.That(plan.Findings.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]),
            Is.EqualTo(new[] { "connectivity", "identity", "documents", "backup" }), "in tier order; monitoring is rebuilt");
        Assert.That(plan.Findings[2], Does.StartWith("documents (tier 1) is pilot-light, but "));
        Assert.That(plan.Findings[2], Does.Contain("are missing from the target state (no state of prod-dr was given) in uaecentral, so the rebuild must create them: urn:pulumi:prod-dr::"));
    }

    [Test]
    public void Only_the_pilot_light_service_missing_from_the_target_state_is_a_finding()
    {
        var (_, graph) = DrStacks.Load("prod-dr");
        var all = GraphInput.From(graph);
        // The documents component's resources: logically named after it (documents-uac-…).
        static bool IsDocuments(PolicyResource r) => r.Urn[(r.Urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..].StartsWith("documents-", StringComparison.Ordinal);
        var missing = all.Resources.Where(IsDocuments).ToList();
        Assert.That(missing, Is.Not.Empty);
        var state = new ResourceSet(graph.Stack, graph.Project, all.Resources.Where(r => !IsDocuments(r)), "all but documents");

        var plan = DrStacks.Plan(targetState: state);

        Assert.That(plan.Findings, Has.Count.EqualTo(1), string.Join("\n", plan.Findings));
        Assert.That(plan.Findings[0], Does.StartWith(
            $"documents (tier 1) is pilot-light, but {missing.Count} of its {missing.Count} resources are missing from prod-dr's state in uaecentral, " +
            "so the rebuild must create them: urn:pulumi:prod-dr::"));
        Assert.That(plan.Findings[0], Does.EndWith($" and {missing.Count - 3} more"));
    }

    [Test]
    public void A_complete_pilot_light_has_no_findings()
    {
        var (_, graph) = DrStacks.Load("prod-dr");
        var all = GraphInput.From(graph);
        var plan = DrStacks.Plan(targetState: all);

        Assert.That(plan.Findings, Is.Empty);
    }
}
