using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Oic.Infra.Automation.Engines;

namespace Oic.Infra.Automation.Pulumi;

/// <summary>What a <c>summaryEvent</c> said about the whole operation.</summary>
internal sealed record EngineSummary(ChangeSummary Changes, double DurationSeconds, bool MaybeCorrupt);

/// <summary>
/// Reads the JSONL engine events that <c>pulumi up|destroy --json</c> stream on stdout, one line at a time as they
/// arrive, and turns them into <see cref="EngineEvent"/>s: <c>resourcePreEvent</c> → <see cref="EngineEvent.StepStarted"/>,
/// <c>resOutputsEvent</c> → <see cref="EngineEvent.StepDone"/>, <c>resOpFailedEvent</c> → <see cref="EngineEvent.StepFailed"/>
/// (with the error text of the diagnostic Pulumi emits just before it), <c>diagnosticEvent</c> and <c>policyEvent</c> →
/// <see cref="EngineEvent.Diagnostic"/>; the <c>summaryEvent</c> is kept for the result.
/// </summary>
/// <remarks>
/// A line that is not yet a complete JSON document is held and joined with the next one, as Pulumi's own
/// <c>EventLogWatcher</c> does; text that is not JSON at all is set aside. Minutes count from the first event's
/// timestamp (Unix seconds), so they measure the engine's own clock; an event without one uses the wall clock.
/// A replacement arrives as up to three physical steps (<c>create-replacement</c>, <c>replace</c>,
/// <c>delete-replaced</c>, in either order): it starts with the first and is done once the replacement exists and the
/// logical <c>replace</c> step has completed.
/// </remarks>
internal sealed class EngineEventStream(Action<EngineEvent>? onEvent)
{
    private const int MaxPendingChars = 64 * 1024 * 1024;
    private const int MaxKeptLines = 50;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly StringBuilder _pending = new();
    private readonly List<ResourceStep> _steps = [];
    private readonly List<PulumiPolicyViolation> _violations = [];
    private readonly List<string> _errors = [];
    private readonly List<string> _unparsed = [];
    private readonly Dictionary<string, string> _lastErrorByUrn = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReplacementProgress> _replacements = new(StringComparer.Ordinal);
    private long? _firstTimestamp;

    /// <summary>Logical steps in the order the engine started them (replacement halves and reads left out).</summary>
    public IReadOnlyList<ResourceStep> Steps => _steps;

    public EngineSummary? Summary { get; private set; }

    public IReadOnlyList<PulumiPolicyViolation> PolicyViolations => _violations;

    /// <summary>Error diagnostics, in order (the reasons a failed operation failed).</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Lines that were not engine events (kept for error messages; at most a few).</summary>
    public IReadOnlyList<string> UnparsedLines => _unparsed;

    public int EventCount { get; private set; }

    /// <summary>Feeds one line of stdout (without its line break).</summary>
    public void OnLine(string line)
    {
        if (_pending.Length == 0 && string.IsNullOrWhiteSpace(line)) return;
        var text = _pending.Length == 0 ? line : _pending.Append(line).ToString();
        if (TryHandle(text))
        {
            _pending.Clear();
            return;
        }
        if (_pending.Length > 0 && TryHandle(line))
        {
            // What was held never completed: the new line is an event of its own.
            SetAside(text[..^line.Length]);
            _pending.Clear();
            return;
        }
        _pending.Clear();
        if (text.TrimStart().StartsWith('{') && text.Length < MaxPendingChars)
        {
            _pending.Append(text);
        }
        else
        {
            SetAside(text);
        }
    }

    /// <summary>The stream ended: anything still held was not an event.</summary>
    public void Complete()
    {
        if (_pending.Length > 0) SetAside(_pending.ToString());
        _pending.Clear();
    }

    private void SetAside(string text)
    {
        if (!string.IsNullOrWhiteSpace(text) && _unparsed.Count < MaxKeptLines) _unparsed.Add(text.Trim());
    }

    private bool TryHandle(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException)
        {
            return false;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) return false;
            Handle(document.RootElement);
            return true;
        }
    }

    private void Handle(JsonElement e)
    {
        EventCount++;
        var minute = MinuteOf(e);
        if (e.TryGetProperty("resourcePreEvent", out var pre))
        {
            OnStepStarted(minute, Metadata(pre));
        }
        else if (e.TryGetProperty("resOutputsEvent", out var outputs))
        {
            OnStepDone(minute, Metadata(outputs));
        }
        else if (e.TryGetProperty("resOpFailedEvent", out var failed))
        {
            OnStepFailed(minute, Metadata(failed), failed);
        }
        else if (e.TryGetProperty("diagnosticEvent", out var diagnostic))
        {
            OnDiagnostic(minute, diagnostic);
        }
        else if (e.TryGetProperty("policyEvent", out var policy))
        {
            OnPolicy(minute, policy);
        }
        else if (e.TryGetProperty("summaryEvent", out var summary))
        {
            var duration = summary.TryGetProperty("durationSeconds", out var d) && d.TryGetDouble(out var seconds) ? seconds : _clock.Elapsed.TotalSeconds;
            var corrupt = summary.TryGetProperty("maybeCorrupt", out var c) && c.ValueKind == JsonValueKind.True;
            var changes = summary.TryGetProperty("resourceChanges", out var rc) ? PulumiJson.ChangeSummaryOf(rc) : PulumiJson.ChangeSummaryOf(default(JsonElement));
            Summary = new EngineSummary(changes, duration, corrupt);
        }
        // preludeEvent, stdoutEvent, progressEvent, cancelEvent, policy summaries…: nothing to report.
    }

    private double MinuteOf(JsonElement e)
    {
        if (e.TryGetProperty("timestamp", out var t) && t.TryGetInt64(out var timestamp) && timestamp > 0)
        {
            _firstTimestamp ??= timestamp;
            return Math.Max(0, timestamp - _firstTimestamp.Value) / 60.0;
        }
        return _clock.Elapsed.TotalSeconds / 60.0;
    }

    private static JsonElement Metadata(JsonElement payload) =>
        payload.TryGetProperty("metadata", out var metadata) ? metadata : default;

    private static ResourceStep StepOf(JsonElement metadata, StepOp op)
    {
        var urn = PulumiJson.String(metadata, "urn") ?? "";
        var type = PulumiJson.String(metadata, "type") ?? PulumiJson.TypeFromUrn(urn);
        return new ResourceStep(op, urn, type, PulumiJson.Strings(metadata, "diffs"))
        {
            ReplaceReasons = op == StepOp.Replace ? PulumiJson.Strings(metadata, "keys") : [],
        };
    }

    private void OnStepStarted(double minute, JsonElement metadata)
    {
        var op = PulumiJson.String(metadata, "op");
        if (PulumiJson.IsReplacementPart(op) || op == "replace")
        {
            var step = StepOf(metadata, StepOp.Replace);
            if (op == "replace") _steps.Add(step);
            if (!_replacements.ContainsKey(step.Urn))
            {
                _replacements[step.Urn] = new ReplacementProgress(step);
                onEvent?.Invoke(new EngineEvent.StepStarted(minute, step));
            }
            return;
        }
        if (PulumiJson.LogicalOp(op) is not { } logical) return;
        var started = StepOf(metadata, logical);
        _steps.Add(started);
        onEvent?.Invoke(new EngineEvent.StepStarted(minute, started));
    }

    private void OnStepDone(double minute, JsonElement metadata)
    {
        var op = PulumiJson.String(metadata, "op");
        if (PulumiJson.IsReplacementPart(op) || op == "replace")
        {
            var urn = PulumiJson.String(metadata, "urn") ?? "";
            if (!_replacements.TryGetValue(urn, out var progress))
            {
                progress = new ReplacementProgress(StepOf(metadata, StepOp.Replace));
                _replacements[urn] = progress;
            }
            if (op == "replace") progress.Replaced = true;
            else if (op != "delete-replaced") progress.Created = true;
            if (progress is { Replaced: true, Created: true, Reported: false })
            {
                progress.Reported = true;
                onEvent?.Invoke(new EngineEvent.StepDone(minute, progress.Step));
            }
            return;
        }
        if (PulumiJson.LogicalOp(op) is not { } logical) return;
        onEvent?.Invoke(new EngineEvent.StepDone(minute, StepOf(metadata, logical)));
    }

    private void OnStepFailed(double minute, JsonElement metadata, JsonElement failed)
    {
        var op = PulumiJson.String(metadata, "op");
        var logical = PulumiJson.IsReplacementPart(op) ? StepOp.Replace : PulumiJson.LogicalOp(op);
        if (logical is null) return;
        var step = StepOf(metadata, logical.Value);
        if (_replacements.TryGetValue(step.Urn, out var progress)) progress.Reported = true;
        var status = failed.TryGetProperty("status", out var s) && s.TryGetInt32(out var code) ? code : 0;
        var error = _lastErrorByUrn.TryGetValue(step.Urn, out var message)
            ? message
            : $"{op} of {step.Urn} failed (status {status})";
        onEvent?.Invoke(new EngineEvent.StepFailed(minute, step, error));
    }

    private void OnDiagnostic(double minute, JsonElement diagnostic)
    {
        if (diagnostic.TryGetProperty("ephemeral", out var ephemeral) && ephemeral.ValueKind == JsonValueKind.True) return;
        var message = PulumiJson.CleanMessage(PulumiJson.String(diagnostic, "message"));
        if (message.Length == 0) return;
        var severity = PulumiJson.String(diagnostic, "severity") ?? "info";
        var urn = PulumiJson.String(diagnostic, "urn");
        if (urn?.Length == 0) urn = null;
        if (severity == "error")
        {
            _errors.Add(message);
            if (urn is not null) _lastErrorByUrn[urn] = message;
        }
        onEvent?.Invoke(new EngineEvent.Diagnostic(minute, severity, message, urn));
    }

    private void OnPolicy(double minute, JsonElement policy)
    {
        var violation = new PulumiPolicyViolation(
            PulumiJson.String(policy, "policyPackName") ?? "",
            PulumiJson.String(policy, "policyName") ?? "",
            PulumiJson.String(policy, "enforcementLevel") ?? "",
            PulumiJson.CleanMessage(PulumiJson.String(policy, "message")),
            PulumiJson.String(policy, "resourceUrn") is { Length: > 0 } urn ? urn : null);
        _violations.Add(violation);
        var severity = violation.EnforcementLevel == "mandatory" ? "error" : "warning";
        onEvent?.Invoke(new EngineEvent.Diagnostic(
            minute,
            severity,
            $"policy {violation.PolicyPack}/{violation.PolicyName} ({violation.EnforcementLevel}): {violation.Message}",
            violation.Urn));
    }

    private sealed class ReplacementProgress(ResourceStep step)
    {
        public ResourceStep Step { get; } = step;
        public bool Created { get; set; }
        public bool Replaced { get; set; }
        public bool Reported { get; set; }
    }
}
