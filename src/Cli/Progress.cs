using System.Globalization;
using System.Text;
using System.Text.Json;
using Oic.Infra.Automation.Engines;
using Spectre.Console;

namespace Oic.Infra.Cli;

/// <summary>
/// What an engine operation shows: each step as it completes (simulated minutes on the sandbox),
/// retries, failures, then a summary table. Colours and tables on a terminal; plain lines when the
/// output is redirected or <c>NO_COLOR</c> is set; one JSON document with <c>--format json</c>.
/// </summary>
public sealed class Progress(string format)
{
    private readonly IAnsiConsole _console = CreateConsole();

    /// <summary>Warnings and errors the engine reported (a lock taken over, an apply resumed): shown live as text, listed in JSON.</summary>
    private readonly List<EngineEvent.Diagnostic> _notices = [];

    public static bool Color => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    private static IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = Color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = Color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        // Redirected output is read by programs and logs: never wrap lines.
        if (!Color) console.Profile.Width = 400;
        return console;
    }

    public void OnEvent(EngineEvent e)
    {
        if (e is EngineEvent.Diagnostic { Severity: "error" or "warning" } notice) _notices.Add(notice);
        if (format != "text") return;
        switch (e)
        {
            case EngineEvent.StepDone { Step.Op: not StepOp.Same } done:
                _console.MarkupLine($"  [grey]{Minutes(e.Minute),8}[/]  {OpMarkup(done.Step.Op)}  {Markup.Escape(Name(done.Step.Urn))}  [grey]{Markup.Escape(done.Step.Type)}[/]");
                break;
            case EngineEvent.StepFailed failed:
                _console.MarkupLine($"  [grey]{Minutes(e.Minute),8}[/]  [red]failed[/]  {Markup.Escape(Name(failed.Step.Urn))}: {Markup.Escape(failed.Error)}");
                break;
            case EngineEvent.Retried retried:
                _console.MarkupLine($"  [grey]{Minutes(e.Minute),8}  retry {retried.Attempt} {Markup.Escape(Name(retried.Urn))}: {Markup.Escape(retried.Reason)}[/]");
                break;
            case EngineEvent.Diagnostic { Severity: "error" or "warning" } d:
                _console.MarkupLine($"  [yellow]{Markup.Escape(d.Severity)}[/]: {Markup.Escape(d.Message)}");
                break;
        }
    }

    public void Done(string operation, UpResult result, string stack)
    {
        if (format == "json")
        {
            Console.Out.Write(Json(operation, stack, result.Steps, result.Summary, result.ElapsedMinutes, result.Retries, _notices));
            return;
        }
        var table = new Table().Title($"{operation} of {stack}").AddColumn("change").AddColumn(new TableColumn("resources").RightAligned());
        foreach (var (op, count) in result.Summary.Counts.OrderBy(c => c.Key)) table.AddRow(OpName(op), count.ToString(CultureInfo.InvariantCulture));
        _console.Write(table);
        _console.MarkupLine($"{Markup.Escape(operation)} finished in [bold]{Minutes(result.ElapsedMinutes)}[/] simulated minutes, {result.Retries} retried call(s).");
    }

    public void Plan(PreviewResult result, string stack, bool diff = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (format == "json")
        {
            Console.Out.Write(Json("preview", stack, result.Steps, result.Summary, null, null, _notices));
            return;
        }
        foreach (var step in result.Steps.Where(s => s.Op != StepOp.Same))
        {
            _console.MarkupLine($"  {OpMarkup(step.Op)}  {Markup.Escape(Name(step.Urn))}  [grey]{Markup.Escape(step.Type)}{(!diff && step.Diffs.Count > 0 ? $"  ({Markup.Escape(string.Join(", ", step.Diffs))})" : "")}[/]");
            if (!diff) continue;
            // --diff: one line per changed property, the ones that force a replacement marked.
            foreach (var path in step.Diffs)
                _console.MarkupLine($"      [grey]~ {Markup.Escape(path)}{(step.ReplaceReasons.Contains(path) ? " (forces replacement)" : "")}[/]");
        }
        Summary("preview", result.Summary, format, stack);
    }

    public static void Summary(string operation, ChangeSummary summary, string format, string stack)
    {
        if (format == "json")
        {
            Console.Out.Write(Json(operation, stack, [], summary, null, null, []));
            return;
        }
        var progress = new Progress(format);
        var counts = string.Join(", ", summary.Counts.Where(c => c.Value > 0).OrderBy(c => c.Key).Select(c => $"{c.Value} to {OpName(c.Key)}"));
        progress._console.MarkupLine($"{Markup.Escape(operation)} of {Markup.Escape(stack)}: {(summary.HasChanges ? Markup.Escape(counts) : "no changes")}");
    }

    private static string Json(string operation, string stack, IReadOnlyList<ResourceStep> steps, ChangeSummary summary, double? minutes, int? retries,
        List<EngineEvent.Diagnostic> notices)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("stack", stack);
            json.WriteString("operation", operation);
            json.WriteStartObject("changeSummary");
            foreach (var (op, count) in summary.Counts.OrderBy(c => c.Key)) json.WriteNumber(OpName(op), count);
            json.WriteEndObject();
            if (minutes is not null) json.WriteNumber("simulatedMinutes", Math.Round(minutes.Value, 2));
            if (retries is not null) json.WriteNumber("retries", retries.Value);
            json.WriteStartArray("steps");
            foreach (var s in steps.Where(s => s.Op != StepOp.Same))
            {
                json.WriteStartObject();
                json.WriteString("op", OpName(s.Op));
                json.WriteString("urn", s.Urn);
                json.WriteString("type", s.Type);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (notices.Count > 0)
            {
                json.WriteStartArray("diagnostics");
                foreach (var n in notices)
                {
                    json.WriteStartObject();
                    json.WriteString("severity", n.Severity);
                    json.WriteString("message", n.Message);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string OpName(StepOp op) => op.ToString().ToLowerInvariant();

    private static string OpMarkup(StepOp op) => op switch
    {
        StepOp.Create => "[green]+ create [/]",
        StepOp.Update => "[yellow]~ update [/]",
        StepOp.Replace => "[magenta]+-replace[/]",
        StepOp.Delete => "[red]- delete [/]",
        _ => "  same   ",
    };

    private static string Name(string urn) => urn[(urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..];

    private static string Minutes(double minutes) => minutes.ToString("0.0", CultureInfo.InvariantCulture);
}
