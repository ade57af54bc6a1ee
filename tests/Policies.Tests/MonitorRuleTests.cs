using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Rules.Monitor;
using Oic.Infra.Policies.Tests.Support;

namespace Oic.Infra.Policies.Tests;

/// <summary>What the fixtures of the subscription-wide Monitor rules cannot show: a stack with no alert at all.</summary>
[TestFixture]
public sealed class MonitorRuleTests
{
    private static ResourceSet Load(string yaml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"monitor-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, RuleFixture.ToStackExport(yaml, "prod"));
        try
        {
            return StateDocuments.FromStackExport(file, "monitor.yaml");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Group(string role) => $"""
        resources:
          - name: rg-monitoring
            type: azure-native:resources:ResourceGroup
            properties:
              resourceGroupName: rg-monitoring
              tags:
                estate-role: {role}
        """;

    [Test]
    public void A_primary_stack_with_no_service_health_alert_fails_on_the_stack_itself()
    {
        var set = Load(Group("primary"));

        var outcomes = LoggingRules.ServiceHealthAlert.Evaluate(set).ToList();

        Assert.That(outcomes, Has.Count.EqualTo(1));
        Assert.That(outcomes[0].Item1, Is.EqualTo(set.Root));
        Assert.That(outcomes[0].Item2.Kind, Is.EqualTo(OutcomeKind.Fail));
        Assert.That(outcomes[0].Item2.Findings[0], Does.Contain("ServiceHealth"));
    }

    [Test]
    public void A_DR_stack_leaves_the_service_health_alert_to_the_primary_stack()
    {
        var set = Load(Group("dr"));

        Assert.That(LoggingRules.ServiceHealthAlert.Evaluate(set), Is.Empty);
    }
}
