using System.Text.Json;

namespace Oic.Infra.Cli.Tests;

[TestFixture]
public sealed class DrCommandTests
{
    [Test]
    public void Dr_plan_json_has_the_documented_fields_and_restores_tier_0_first()
    {
        var state = Path.Combine(Path.GetTempPath(), $"infra-dr-{Guid.NewGuid():N}");
        try
        {
            var plan = Repo.Infra("dr", "plan", "--stack", "prod", "--to", "prod-dr", "--format", "json", "--state-dir", state);

            Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
            using var json = JsonDocument.Parse(plan.Stdout);
            var root = json.RootElement;
            Assert.That(root.EnumerateObject().Select(p => p.Name),
                Is.EqualTo(new[] { "source", "target", "waves", "criticalPath", "estimatedRtoMinutes", "tiers" }));
            var firstWave = root.GetProperty("waves")[0];
            Assert.That(firstWave.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "wave", "tier", "resources", "startMinute", "endMinute" }));
            Assert.That(firstWave.GetProperty("tier").GetString(), Is.EqualTo("0"));
            Assert.That(root.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("meetsTarget").GetBoolean()), Has.All.True);
            Assert.That(root.GetProperty("estimatedRtoMinutes").GetDouble(), Is.GreaterThanOrEqualTo(45), "the VPN gateway alone takes 45 minutes");
        }
        finally
        {
            if (Directory.Exists(state)) Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public void Dr_plan_into_a_stack_that_is_not_a_DR_stack_is_invalid_input()
    {
        var plan = Repo.Infra("dr", "plan", "--stack", "prod", "--to", "dev");

        Assert.That(plan.ExitCode, Is.EqualTo(2), plan.ToString());
        Assert.That(plan.Stdout, Is.Empty);
    }

    [Test]
    public void Dr_plan_markdown_is_a_runbook_with_a_timeline()
    {
        var plan = Repo.Infra("dr", "plan", "--stack", "prod", "--to", "prod-dr", "--format", "markdown", "--state-dir", Path.Combine(Path.GetTempPath(), $"infra-dr-{Guid.NewGuid():N}"));

        Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
        Assert.That(plan.Stdout, Does.Contain("```mermaid").And.Contain("gantt"));
    }
}
