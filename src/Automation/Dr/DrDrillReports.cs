using System.Globalization;
using System.Text;
using System.Text.Json;
using Oic.Infra.Policies.Engine;

namespace Oic.Infra.Automation.Dr;

/// <summary>A drill's JSON (issue 5 item 5, field names exactly so), its verification results, text, and the ISO 22301 §8.5 report.</summary>
public static class DrDrillReports
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    /// <summary><c>{"rtoMinutes","rpoMinutes","tiers":[…],"data":{…},"policy":{…},"evidence"}</c>.</summary>
    public static string Json(DrDrillResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("rtoMinutes", Round(result.RtoMinutes));
            w.WriteNumber("rpoMinutes", Round(result.RpoMinutes));
            w.WriteStartArray("tiers");
            foreach (var t in result.Tiers)
            {
                w.WriteStartObject();
                w.WriteString("tier", t.Tier.ToString(CultureInfo.InvariantCulture));
                w.WriteStartArray("services");
                foreach (var s in t.Services) w.WriteStringValue(s);
                w.WriteEndArray();
                w.WriteNumber("rtoTargetMinutes", t.RtoTargetMinutes);
                w.WriteNumber("estimatedMinutes", Round(t.EstimatedMinutes));
                w.WriteBoolean("meetsTarget", t.MeetsTarget);
                w.WriteNumber("measuredMinutes", Round(t.MeasuredMinutes));
                w.WriteNumber("rpoTargetMinutes", t.RpoTargetMinutes);
                if (result.RpoOf(t) is { } rpo) w.WriteNumber("measuredRpoMinutes", Round(rpo));
                else w.WriteNull("measuredRpoMinutes");
                if (result.MeetsRpoOf(t) is { } meets) w.WriteBoolean("meetsRpo", meets);
                else w.WriteNull("meetsRpo");
                w.WriteNumber("mtpdMinutes", t.MtpdMinutes);
                w.WriteBoolean("withinMtpd", t.WithinMtpd);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("data");
            w.WriteNumber("blobs", result.Data.Blobs);
            w.WriteNumber("verifiedIntact", result.Data.VerifiedIntact);
            w.WriteNumber("restored", result.Data.Restored);
            w.WriteNumber("lost", result.Data.Lost);
            w.WriteEndObject();
            w.WriteStartObject("policy");
            w.WriteNumber("mandatory", result.Policy.Mandatory);
            w.WriteNumber("advisory", result.Policy.Advisory);
            w.WriteEndObject();
            w.WriteString("evidence", result.Evidence);
            w.WriteStartArray("documents");
            foreach (var d in result.Documents)
            {
                w.WriteStartObject();
                w.WriteString("classification", d.Classification);
                w.WriteString("mechanism", d.Mechanism);
                w.WriteNumber("seeded", d.Seeded);
                w.WriteNumber("intact", d.Intact);
                w.WriteNumber("restored", d.Restored);
                w.WriteNumber("lost", d.Lost);
                w.WriteString("restoredBy", d.RestoredBy);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("failovers");
            foreach (var f in result.Failovers)
            {
                w.WriteStartObject();
                w.WriteString("classification", f.Classification);
                w.WriteString("account", f.Account);
                w.WriteBoolean("forced", f.Forced);
                w.WriteBoolean("accepted", f.Accepted);
                w.WriteString("outcome", f.Outcome);
                w.WriteStartArray("constraints");
                foreach (var c in f.Constraints) w.WriteStringValue(c);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("bootstrap");
            foreach (var b in result.Bootstrap)
            {
                w.WriteStartObject();
                w.WriteString("what", b.What);
                w.WriteString("url", b.Url);
                if (b.Location is null) w.WriteNull("location");
                else w.WriteString("location", b.Location);
                w.WriteBoolean("reachable", b.Reachable);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteConstraints(w, result.Constraints);
            w.WriteEndObject();
        });
    }

    /// <summary>The Azure constraints a plan respected: <c>[{"id","rule","source","respected"}]</c>.</summary>
    internal static void WriteConstraints(Utf8JsonWriter w, IReadOnlyList<DrConstraintCheck> constraints)
    {
        w.WriteStartArray("constraints");
        foreach (var c in constraints)
        {
            w.WriteStartObject();
            w.WriteString("id", c.Id);
            w.WriteString("rule", c.Rule);
            w.WriteString("source", c.Source);
            w.WriteString("respected", c.Respected);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The evidence's <c>verification.json</c>: replication passes, the attack, the restore and every lost document.</summary>
    public static string VerificationJson(DrDrillResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("outageAt", Stamp(result.OutageAt));
            w.WriteString("outageRegion", result.OutageRegion);
            w.WriteNumber("replicationLagMinutes", Round(result.ReplicationLag.TotalMinutes));
            w.WriteStartArray("replication");
            foreach (var r in result.Replications)
            {
                w.WriteStartObject();
                w.WriteNumber("replicated", r.Replicated);
                w.WriteNumber("upToDate", r.UpToDate);
                w.WriteNumber("pending", r.Pending);
                w.WriteString("cutoff", Stamp(r.Cutoff));
                w.WriteNumber("oldestPendingAgeMinutes", Round(r.OldestPendingAge.TotalMinutes));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("corrupted");
            foreach (var c in result.Corrupted) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteStartObject("restore");
            w.WriteNumber("checked", result.Restore.Checked);
            w.WriteNumber("restored", result.Restore.Restored);
            w.WriteStartArray("unrecoverable");
            foreach (var u in result.Restore.Unrecoverable) w.WriteStringValue(u);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("verification");
            w.WriteNumber("blobs", result.Verification.Blobs);
            w.WriteNumber("verifiedIntact", result.Verification.VerifiedIntact);
            w.WriteNumber("restored", result.Verification.Restored);
            w.WriteNumber("lost", result.Verification.Lost);
            w.WriteNumber("dataLossWindowMinutes", Round(result.Verification.DataLossWindow.TotalMinutes));
            w.WriteStartArray("lostDocuments");
            foreach (var d in result.Verification.LostDocuments)
            {
                w.WriteStartObject();
                w.WriteString("container", d.Container);
                w.WriteString("name", d.Name);
                w.WriteString("written", Stamp(d.Written));
                w.WriteNumber("ageMinutes", Round(d.Age.TotalMinutes));
                w.WriteString("reason", d.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>A few lines for a terminal.</summary>
    public static string Text(DrDrillResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        sb.Append(Inv($"DR drill {result.Source} -> {result.Target}: outage of {result.OutageRegion}{(result.CorruptBlobs > 0 ? Inv($", ransomware on {result.CorruptBlobs} document(s)") : "")}\n"));
        sb.Append(Inv($"measured RTO {M(result.RtoMinutes)} min, RPO {M(result.RpoMinutes)} min\n"));
        foreach (var t in result.Tiers)
            sb.Append(Inv($"tier {t.Tier} {t.Name} [{string.Join(", ", t.Services)}]: {M(t.MeasuredMinutes)} min (estimated {M(t.EstimatedMinutes)}) of {t.RtoTargetMinutes} -> {(t.MeetsTarget ? "meets target" : "MISSES TARGET")}\n"));
        sb.Append(Inv($"documents: {result.Data.Blobs} checked, {result.Data.VerifiedIntact} intact, {result.Data.Restored} restored, {result.Data.Lost} lost\n"));
        foreach (var d in result.Documents)
            sb.Append(Inv($"  {d.Classification} ({d.Mechanism}): {d.Seeded} seeded, {d.Intact} intact, {d.Restored} restored, {d.Lost} lost\n"));
        sb.Append(Inv($"Azure constraints respected by the plan: {string.Join(", ", result.Constraints.Select(c => c.Id))}\n"));
        sb.Append(Inv($"policy on the rebuilt estate: {result.Policy.Mandatory} mandatory, {result.Policy.Advisory} advisory violation(s)\n"));
        foreach (var f in result.Findings) sb.Append("FINDING: ").Append(f).Append('\n');
        sb.Append(Inv($"evidence: {result.Evidence}\n"));
        return sb.ToString();
    }

    /// <summary>The exercise report, mapped to ISO 22301:2019 clause 8.5 (exercise programme).</summary>
    public static string Markdown(DrDrillResult result, DrPlan plan)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder();
        sb.Append(Inv($"# DR exercise report: `{result.Source}` → `{result.Target}`\n\n"));
        sb.Append(Inv($"ISO 22301:2019 clause 8.5 (exercise programme): exercising and testing the business continuity strategies and solutions against the continuity objectives. Outage declared at {Stamp(result.OutageAt)} (simulated clock, minute 0).\n\n"));
        sb.Append(Inv($"**Outcome: {(result.ExitCode == 0 ? "PASSED" : "FAILED")}** (exit {result.ExitCode}): measured RTO {M(result.RtoMinutes)} min, RPO {M(result.RpoMinutes)} min.\n\n"));

        sb.Append("## 1. Objectives (8.5 a: consistent with the business continuity objectives)\n\n");
        sb.Append("| tier | services | RTO (min) | RPO (min) | MTPD (min) |\n|---|---|---|---|---|\n");
        foreach (var t in result.Tiers)
            sb.Append(Inv($"| {t.Tier} {t.Name} | {string.Join(", ", t.Services)} | {t.RtoTargetMinutes} | {t.RpoTargetMinutes} | {t.MtpdMinutes} |\n"));
        sb.Append("\nThe exercise shows that the estate can be rebuilt from code in the paired region within each tier's RTO, that the documents come back intact within the RPO, and that the rebuilt estate passes the mandatory policy packs.\n\n");

        sb.Append("## 2. Scenario (8.5 b: based on appropriate scenarios, well planned with clearly defined aims)\n\n");
        sb.Append(Inv($"- Region outage: `{result.OutageRegion}` (primary of `{result.Source}`) is lost at minute 0; `{result.Target}` is rebuilt in `{plan.TargetRegion}` at parallel {plan.Parallel}.\n"));
        if (result.CorruptBlobs > 0)
            sb.Append(Inv($"- Ransomware: before the outage an attacker overwrites {result.CorruptBlobs} document(s) in the primary; the corruption replicates to the DR account, as object replication would.\n"));
        else
            sb.Append("- No ransomware injected.\n");
        sb.Append(Inv($"- Documents: {result.Data.Blobs} seeded with metadata and SHA-256 hashes, replicated with a {M(result.ReplicationLag.TotalMinutes)}-minute lag; restored from earlier versions where corrupted, then every one verified (content hash, Content-MD5, metadata).\n"));
        sb.Append(Inv($"- Plan: {plan.Creates.Count()} resource(s) to create, {plan.Existing.Count} already in the DR region (pilot light), estimated RTO {M(plan.EstimatedRtoMinutes)} min.\n\n"));

        sb.Append("## 3. Results against RTO / RPO / MTPD (8.5 c, d: exercise the solutions, produce formalised post-exercise reports)\n\n");
        sb.Append("| tier | services | RTO target | estimated | measured | meets RTO | within MTPD |\n|---|---|---|---|---|---|---|\n");
        foreach (var t in result.Tiers)
            sb.Append(Inv($"| {t.Tier} {t.Name} | {string.Join(", ", t.Services)} | {t.RtoTargetMinutes} | {M(t.EstimatedMinutes)} | {M(t.MeasuredMinutes)} | {(t.MeetsTarget ? "yes" : "**no**")} | {(t.WithinMtpd ? "yes" : "**no**")} |\n"));
        sb.Append(Inv($"\nRPO: {M(result.RpoMinutes)} min{(result.DocumentsRpoTargetMinutes is { } rpo ? Inv($" against a target of {rpo} min ({(result.MeetsRpo ? "met" : "**missed**")})") : "")}; {(result.Data.Lost > 0 ? "the age of the oldest lost write" : "no document lost, so the replication lag")}.\n\n"));
        sb.Append("| documents | count |\n|---|---|\n");
        sb.Append(Inv($"| checked | {result.Data.Blobs} |\n| verified intact | {result.Data.VerifiedIntact} |\n| restored from an earlier version | {result.Data.Restored} |\n| lost | {result.Data.Lost} |\n\n"));
        sb.Append("| classification | recovered by | seeded | intact | restored | lost |\n|---|---|---|---|---|---|\n");
        foreach (var d in result.Documents)
            sb.Append(Inv($"| {d.Classification} | {d.Mechanism}{(d.RestoredBy.Length > 0 ? $"; overwritten ones from {d.RestoredBy}" : "")} | {d.Seeded} | {d.Intact} | {d.Restored} | {d.Lost} |\n"));
        if (result.ProtectedByWorm.Count > 0)
            sb.Append(Inv($"\n{result.ProtectedByWorm.Count} document(s) resisted the attack: their container's WORM policy refused the overwrite.\n"));
        sb.Append("\nBootstrap of the DR stack during the outage:\n\n| what | where | region | reachable |\n|---|---|---|---|\n");
        foreach (var b in result.Bootstrap)
            sb.Append(Inv($"| {b.What} | `{b.Url}` | {b.Location ?? "not declared"} | {(b.Reachable ? "yes" : "**no**")} |\n"));
        if (result.Failovers.Count > 0)
        {
            sb.Append("\nStorage failovers rehearsed on the sandbox:\n\n| account | classification | forced | outcome |\n|---|---|---|---|\n");
            foreach (var f in result.Failovers)
                sb.Append(Inv($"| `{f.Account}` | {f.Classification} | {(f.Forced ? "yes" : "no")} | {(f.Accepted ? "" : "**refused**: ")}{f.Outcome} |\n"));
        }
        sb.Append("\nAzure constraints the plan respected (each from Microsoft's documentation):\n\n| constraint | rule | how the plan respects it | source |\n|---|---|---|---|\n");
        foreach (var c in result.Constraints)
            sb.Append(Inv($"| `{c.Id}` | {c.Rule} | {c.Respected} | {c.Source} |\n"));
        sb.Append(Inv($"\nPolicy packs on the rebuilt state: {result.Policy.Mandatory} mandatory and {result.Policy.Advisory} advisory violation(s).\n\n"));

        sb.Append("## 4. Findings (8.5 d: review, within the context of promoting improvement)\n\n");
        var findings = result.Findings.ToList();
        foreach (var a in AdvisoryDr(result.Policy)) findings.Add($"advisory: {a}");
        if (findings.Count == 0) sb.Append("None: every tier met its RTO, no document was lost and the rebuilt estate passes every policy.\n\n");
        else
        {
            foreach (var f in findings) sb.Append("- ").Append(f).Append('\n');
            sb.Append('\n');
        }

        sb.Append("## 5. Follow-ups (8.5 e: performed at planned intervals and when there are significant changes)\n\n");
        var n = 0;
        foreach (var t in result.Tiers.Where(t => !t.MeetsTarget))
            sb.Append(Inv($"{++n}. Tier {t.Tier}: shorten the rebuild (more pilot light in {plan.TargetRegion}, higher parallelism) or renegotiate its RTO of {t.RtoTargetMinutes} min with the service owner.\n"));
        if (result.Data.Lost > 0)
            sb.Append(Inv($"{++n}. Documents: investigate the {result.Data.Lost} lost document(s) (immutable copies, longer version retention, shorter replication lag).\n"));
        if (result.Policy.Mandatory > 0)
            sb.Append(Inv($"{++n}. Fix the {result.Policy.Mandatory} mandatory policy violation(s) in the DR stack's program before relying on it.\n"));
        if (result.Policy.Advisory > 0)
            sb.Append(Inv($"{++n}. Review the {result.Policy.Advisory} advisory finding(s) with the security officer.\n"));
        sb.Append(Inv($"{++n}. Repeat this exercise at the planned interval and after any significant change to `{result.Source}` or `{result.Target}`; keep this folder as evidence.\n"));
        return sb.ToString();
    }

    /// <summary>The evidence's <c>result.json</c> of a rebuild.</summary>
    public static string RebuildJson(DrPlan plan, DrRebuildResult rebuild)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(rebuild);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("source", plan.Source);
            w.WriteString("target", plan.Target);
            w.WriteNumber("elapsedMinutes", Round(rebuild.Up.ElapsedMinutes));
            w.WriteStartObject("changes");
            foreach (var (op, count) in rebuild.Up.Summary.Counts.Where(c => c.Value > 0).OrderBy(c => c.Key))
                w.WriteNumber(op.ToString().ToLowerInvariant(), count);
            w.WriteEndObject();
            w.WriteStartObject("tierFinishedMinutes");
            foreach (var (tier, minute) in rebuild.TierFinishedMinute.OrderBy(t => t.Key, StringComparer.Ordinal))
                w.WriteNumber(tier, Round(minute));
            w.WriteEndObject();
            w.WriteStartObject("policy");
            w.WriteNumber("mandatory", rebuild.Policy.Mandatory);
            w.WriteNumber("advisory", rebuild.Policy.Advisory);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>The report of a rebuild (no documents verified): what was done and the policies on the result.</summary>
    public static string RebuildMarkdown(DrPlan plan, DrRebuildResult rebuild, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(rebuild);
        var sb = new StringBuilder();
        sb.Append(Inv($"# DR rebuild report: `{plan.Source}` → `{plan.Target}` ({plan.TargetRegion})\n\n"));
        sb.Append(Inv($"Started {Stamp(at)}. ISO 22301:2019 clause 8.5 evidence of the recovery solution being executed.\n\n"));
        sb.Append(Inv($"Elapsed {M(rebuild.Up.ElapsedMinutes)} min (estimated {M(plan.EstimatedRtoMinutes)}); {rebuild.Up.Retries} retried call(s).\n\n"));
        sb.Append("| tier | finished (min) | RTO target (min) |\n|---|---|---|\n");
        foreach (var t in plan.Tiers)
            sb.Append(Inv($"| {t.Tier} {t.Name} | {M(rebuild.TierFinishedMinute.GetValueOrDefault(t.Tier.ToString(CultureInfo.InvariantCulture)))} | {t.RtoTargetMinutes} |\n"));
        sb.Append(Inv($"\nPolicy packs on the rebuilt state: {rebuild.Policy.Mandatory} mandatory, {rebuild.Policy.Advisory} advisory violation(s).\n"));
        foreach (var v in rebuild.Policy.Violations.Where(v => !v.Waived).OrderBy(v => v.Rule.Id, StringComparer.Ordinal).ThenBy(v => v.Resource.Urn, StringComparer.Ordinal))
            sb.Append(Inv($"- {v.Enforcement.ToString().ToLowerInvariant()} {v.Rule.Id} on `{v.Resource.Urn}`: {v.Message}\n"));
        return sb.ToString();
    }

    /// <summary>Advisory violations of the <c>dr-readiness</c> pack (unwaived), one line each.</summary>
    private static IEnumerable<string> AdvisoryDr(PolicyReport policy) =>
        policy.Violations
            .Where(v => !v.Waived && v.Enforcement == Enforcement.Advisory && v.Pack == "dr-readiness")
            .OrderBy(v => v.Rule.Id, StringComparer.Ordinal).ThenBy(v => v.Resource.Urn, StringComparer.Ordinal)
            .Select(v => $"{v.Rule.Id} on {v.Resource.Urn}: {v.Message}");

    internal static string M(double minutes) => minutes.ToString("0.#", CultureInfo.InvariantCulture);

    private static double Round(double minutes) => Math.Round(minutes, 1);

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions)) body(w);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
