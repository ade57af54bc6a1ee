using System.Text.Json;

namespace Oic.Infra.Cli.Tests;

[TestFixture]
public sealed class CostCommandTests
{
    [Test]
    public void Cost_of_the_DR_stack_shows_its_pilot_light_and_what_the_rebuild_adds()
    {
        var cost = Repo.Infra("cost", "--stack", "prod-dr", "--format", "json");

        Assert.That(cost.ExitCode, Is.Zero, cost.ToString());
        using var json = JsonDocument.Parse(cost.Stdout);
        var estimates = json.RootElement.GetProperty("estimates");
        Assert.That(estimates.EnumerateArray().Select(e => e.GetProperty("phase").GetString()), Is.EqualTo(new[] { "standby (pilot light)", "after rebuild" }));
        Assert.That(estimates[0].GetProperty("monthlyUsd").GetDecimal(), Is.EqualTo(3026.85m));
        Assert.That(estimates[1].GetProperty("monthlyUsd").GetDecimal(), Is.EqualTo(4664.35m));
        Assert.That(json.RootElement.GetProperty("rebuildAddsMonthlyUsd").GetDecimal(), Is.EqualTo(1637.50m));

        var text = Repo.Infra("cost", "--stack", "prod-dr");
        Assert.That(text.ExitCode, Is.Zero, text.ToString());
        Assert.That(text.Stdout, Does.Contain("UNPRICED").And.Contain("the rebuild adds USD 1,637.50 a month"));
    }

    [Test]
    public void Cost_of_an_unknown_stack_is_invalid_input()
    {
        var cost = Repo.Infra("cost", "--stack", "prod-drr");

        Assert.That(cost.ExitCode, Is.EqualTo(2), cost.ToString());
        Assert.That(cost.Stderr, Does.Contain("unknown stack 'prod-drr'").And.Contain("did you mean 'prod-dr'?"));
        Assert.That(cost.Stdout, Is.Empty);
    }

    [Test]
    public void Cost_of_a_primary_stack_is_one_estimate_in_markdown()
    {
        var cost = Repo.Infra("cost", "--stack", "prod", "--format", "markdown");

        Assert.That(cost.ExitCode, Is.Zero, cost.ToString());
        Assert.That(cost.Stdout, Does.StartWith("# Cost estimate: prod\n"));
        Assert.That(cost.Stdout, Does.Contain("## active: USD ").And.Contain("| `azure-native:network:AzureFirewall` | Premium | 1 | fixed | 1,277.50 |"));
        Assert.That(cost.Stdout, Does.Not.Contain("rebuild adds"));
    }
}
