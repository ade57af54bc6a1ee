namespace Oic.Infra.Automation.Tests;

[TestFixture]
public sealed class EngineContractShapeTests
{
    [Test]
    public void Change_summary_reports_changes_only_for_non_same_ops()
    {
        var same = new Engines.ChangeSummary(new Dictionary<Engines.StepOp, int> { [Engines.StepOp.Same] = 4 });
        var create = new Engines.ChangeSummary(new Dictionary<Engines.StepOp, int> { [Engines.StepOp.Same] = 4, [Engines.StepOp.Create] = 1 });
        Assert.That(same.HasChanges, Is.False);
        Assert.That(create.HasChanges, Is.True);
        Assert.That(create[Engines.StepOp.Delete], Is.Zero);
    }
}
