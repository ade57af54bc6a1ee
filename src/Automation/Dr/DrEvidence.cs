using System.Globalization;
using System.Text;

namespace Oic.Infra.Automation.Dr;

/// <summary>
/// The evidence folder of a drill or a rebuild (<c>.infra/evidence/&lt;utc yyyyMMddTHHmmssZ&gt;-&lt;stack&gt;/</c>): the plan,
/// the step log, the verification results, the result and an ISO 22301 §8.5 report. Each file is written to a
/// temporary name and renamed into place, so a reader never sees half a file.
/// </summary>
public static class DrEvidence
{
    public const string PlanFile = "plan.json";
    public const string StepsFile = "steps.log";
    public const string VerificationFile = "verification.json";
    public const string ResultFile = "result.json";
    public const string ReportFile = "report.md";

    /// <summary>The folder for a run of <paramref name="stack"/> at <paramref name="at"/>: the first of <c>…Z-stack</c>, <c>…Z-stack-2</c>… that does not exist yet.</summary>
    public static string PathFor(string root, string stack, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(stack);
        var name = $"{at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{stack}";
        var path = Path.GetFullPath(Path.Combine(root, name));
        for (var n = 2; Directory.Exists(path); n++)
            path = Path.GetFullPath(Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"{name}-{n}")));
        return path;
    }

    /// <summary>Writes a drill's (or, without verification, a rebuild's) evidence into <paramref name="folder"/> (see <see cref="PathFor"/>); returns the folder.</summary>
    public static string Write(string folder, DrPlan plan, IReadOnlyList<string> stepLog, string? verificationJson, string resultJson, string reportMarkdown)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stepLog);
        Directory.CreateDirectory(folder);
        AtomicFile.Write(Path.Combine(folder, PlanFile), DrPlanReports.Json(plan));
        AtomicFile.Write(Path.Combine(folder, StepsFile), string.Concat(stepLog.Select(l => l + "\n")));
        if (verificationJson is not null) AtomicFile.Write(Path.Combine(folder, VerificationFile), verificationJson);
        AtomicFile.Write(Path.Combine(folder, ResultFile), resultJson);
        AtomicFile.Write(Path.Combine(folder, ReportFile), reportMarkdown);
        return folder;
    }

    /// <summary>The evidence of <c>./infra dr rebuild</c>: plan, step log, result and report (no documents are verified).</summary>
    public static string WriteRebuild(string root, DrPlan plan, DrRebuildResult rebuild, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(rebuild);
        var folder = PathFor(root, plan.Source, at);
        return Write(folder, plan, rebuild.StepLog, null, DrDrillReports.RebuildJson(plan, rebuild), DrDrillReports.RebuildMarkdown(plan, rebuild, at));
    }
}
