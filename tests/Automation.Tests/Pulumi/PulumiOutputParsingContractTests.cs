using System.Text.Json;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Pulumi;

namespace Oic.Infra.Automation.Tests.Pulumi;

/// <summary>
/// Contract tests of how we read Pulumi's output formats (JSONL engine events, change summaries, version strings),
/// line by line, without a process.
/// </summary>
[TestFixture]
[Category("Contract")]
public sealed class PulumiOutputParsingContractTests
{
    private const string Gateway = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:network:VirtualNetworkGateway::hub-uan-vgw";

    private static string Event(int sequence, int second, string kind, string payload) =>
        $$"""{"sequence":{{sequence}},"timestamp":{{1768200000 + second}},"{{kind}}":{{payload}}}""";

    private static string Step(string op, string? keys = null) =>
        $$$"""{"metadata":{"op":"{{{op}}}","urn":"{{{Gateway}}}","type":"azure-native:network:VirtualNetworkGateway","old":null,"new":null,"detailedDiff":null,"provider":""{{{(keys is null ? "" : ",\"keys\":" + keys)}}}}}""";

    [Test]
    public void A_line_split_in_two_is_joined_before_it_is_parsed()
    {
        var events = new List<EngineEvent>();
        var stream = new EngineEventStream(events.Add);
        var line = Event(0, 0, "resourcePreEvent", Step("create"));

        stream.OnLine(line[..37]);
        Assert.That(events, Is.Empty);
        stream.OnLine(line[37..]);
        stream.Complete();

        Assert.That(events.Single(), Is.InstanceOf<EngineEvent.StepStarted>());
        Assert.That(stream.UnparsedLines, Is.Empty);
    }

    [Test]
    public void Text_that_is_not_an_event_is_set_aside_and_the_stream_goes_on()
    {
        var events = new List<EngineEvent>();
        var stream = new EngineEventStream(events.Add);

        stream.OnLine("warning: A new version of Pulumi is available.");
        stream.OnLine("""{"sequence":0,"timestamp":17682""");
        stream.OnLine(Event(1, 0, "resourcePreEvent", Step("create")));
        stream.OnLine("");
        stream.OnLine(Event(2, 120, "resOutputsEvent", Step("create")));
        stream.Complete();

        Assert.That(events.Select(e => e.GetType().Name), Is.EqualTo(new[] { "StepStarted", "StepDone" }));
        Assert.That(events[1].Minute, Is.EqualTo(2));
        Assert.That(stream.UnparsedLines, Is.EqualTo(new[]
        {
            "warning: A new version of Pulumi is available.", """{"sequence":0,"timestamp":17682""",
        }));
    }

    [Test]
    public void A_delete_before_replace_replacement_is_one_step_done_when_the_new_resource_exists()
    {
        var events = new List<EngineEvent>();
        var stream = new EngineEventStream(events.Add);
        string[] lines =
        [
            Event(0, 0, "resourcePreEvent", Step("delete-replaced")),
            Event(1, 300, "resOutputsEvent", Step("delete-replaced")),
            Event(2, 300, "resourcePreEvent", Step("replace", """["sku"]""")),
            Event(3, 300, "resOutputsEvent", Step("replace", """["sku"]""")),
            Event(4, 300, "resourcePreEvent", Step("create-replacement", """["sku"]""")),
            Event(5, 3000, "resOutputsEvent", Step("create-replacement", """["sku"]""")),
            Event(6, 3001, "summaryEvent", """{"maybeCorrupt":false,"durationSeconds":3001,"resourceChanges":{"replace":1,"create-replacement":1,"delete-replaced":1,"read":2},"PolicyPacks":{},"isPreview":false}"""),
        ];
        foreach (var line in lines) stream.OnLine(line);
        stream.Complete();

        Assert.That(events.Select(e => (e.GetType().Name, e.Minute)), Is.EqualTo(new[] { ("StepStarted", 0.0), ("StepDone", 50.0) }));
        Assert.That(stream.Steps.Single().Op, Is.EqualTo(StepOp.Replace));
        Assert.That(stream.Steps.Single().ReplaceReasons, Is.EqualTo(new[] { "sku" }));
        Assert.That(stream.Summary!.Changes.Counts, Is.EquivalentTo(new Dictionary<StepOp, int> { [StepOp.Replace] = 1 }),
            "only logical steps count, as in Pulumi's own summary");
        Assert.That(stream.Summary.DurationSeconds, Is.EqualTo(3001));
    }

    [Test]
    public void A_failed_step_takes_the_error_of_the_diagnostic_before_it()
    {
        var events = new List<EngineEvent>();
        var stream = new EngineEventStream(events.Add);

        stream.OnLine(Event(0, 0, "resourcePreEvent", Step("update")));
        stream.OnLine(Event(1, 60, "diagnosticEvent", $$"""{"urn":"{{Gateway}}","message":"creating in progress\n","color":"raw","severity":"info","ephemeral":true}"""));
        stream.OnLine(Event(2, 90, "diagnosticEvent", $$"""{"urn":"{{Gateway}}","prefix":"error: ","message":"\u001b[31merror: \u001b[0mRESPONSE 429: Too Many Requests\n","color":"raw","severity":"error"}"""));
        stream.OnLine(Event(3, 90, "resOpFailedEvent", $$"""{{Step("update")[..^1]}},"status":0,"steps":0}"""));

        Assert.That(events.Select(e => e.GetType().Name), Is.EqualTo(new[] { "StepStarted", "Diagnostic", "StepFailed" }), "ephemeral progress text is not reported");
        var failed = (EngineEvent.StepFailed)events[2];
        Assert.That(failed.Error, Is.EqualTo("error: RESPONSE 429: Too Many Requests"));
        Assert.That(failed.Step.Op, Is.EqualTo(StepOp.Update));
        Assert.That(stream.Errors, Is.EqualTo(new[] { "error: RESPONSE 429: Too Many Requests" }));
    }

    [Test]
    public void Change_summaries_count_logical_ops_only()
    {
        using var document = JsonDocument.Parse("""{"same":3,"create":2,"import":1,"replace":1,"create-replacement":1,"delete-replaced":1,"read":4,"refresh":2,"discard":1}""");

        var summary = PulumiJson.ChangeSummaryOf(document.RootElement);

        Assert.That(summary.Counts, Is.EquivalentTo(new Dictionary<StepOp, int>
        {
            [StepOp.Same] = 3, [StepOp.Create] = 3, [StepOp.Replace] = 1,
        }));
    }

    [TestCase("v3.209.0", 3, 209, 0, null)]
    [TestCase("3.1.0\n", 3, 1, 0, null)]
    [TestCase("v3.228.0-alpha.1767312345+gd3adb33f", 3, 228, 0, "alpha.1767312345")]
    public void Versions_are_read_as_pulumi_version_prints_them(string text, int major, int minor, int patch, string? pre)
    {
        Assert.That(PulumiVersion.TryParse(text, out var version), Is.True);
        Assert.That(version, Is.EqualTo(new PulumiVersion(major, minor, patch, pre)));
    }

    [TestCase("")]
    [TestCase("v3.209")]
    [TestCase("warning: could not check for updates")]
    public void Text_that_is_not_a_version_is_not_read_as_one(string text) =>
        Assert.That(PulumiVersion.TryParse(text, out _), Is.False);

    [Test]
    public void Versions_are_ordered_by_semantic_versioning_precedence()
    {
        string[] ordered = ["v3.0.0", "v3.1.0", "v3.105.0", "v3.226.1-alpha.2", "v3.226.1-alpha.10", "v3.226.1", "v3.226.2", "v4.0.0"];
        var versions = ordered.Select(t => PulumiVersion.TryParse(t, out var v) ? v : throw new FormatException(t)).ToList();

        Assert.That(versions, Is.Ordered);
        Assert.That(versions.Select(v => v.ToString()), Is.EqualTo(ordered));
        Assert.That(versions[3] < PulumiVersion.ExitCodes, Is.True, "a pre-release of v3.226.1 predates the exit codes");
    }
}
