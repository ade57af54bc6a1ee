using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Oic.Infra.Automation.Dr;

/// <summary>A DR plan for machines (issue 5 item 2's JSON, field names exactly so), people, and the duty officer's runbook.</summary>
public static class DrPlanReports
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    public static string Json(DrPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("source", plan.Source);
            w.WriteString("target", plan.Target);
            w.WriteStartArray("waves");
            foreach (var wave in plan.Waves)
            {
                w.WriteStartObject();
                w.WriteNumber("wave", wave.Wave);
                w.WriteString("tier", Tier(wave.Tier));
                w.WriteStartArray("resources");
                foreach (var urn in wave.Resources) w.WriteStringValue(urn);
                w.WriteEndArray();
                w.WriteNumber("startMinute", wave.StartMinute);
                w.WriteNumber("endMinute", wave.EndMinute);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("criticalPath");
            w.WriteNumber("minutes", plan.CriticalPath.Minutes);
            w.WriteStartArray("resources");
            foreach (var urn in plan.CriticalPath.Resources) w.WriteStringValue(urn);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteNumber("estimatedRtoMinutes", plan.EstimatedRtoMinutes);
            w.WriteStartArray("tiers");
            foreach (var t in plan.Tiers)
            {
                w.WriteStartObject();
                w.WriteString("tier", Tier(t.Tier));
                w.WriteStartArray("services");
                foreach (var s in t.Services) w.WriteStringValue(s);
                w.WriteEndArray();
                w.WriteNumber("rtoTargetMinutes", t.RtoTargetMinutes);
                w.WriteNumber("estimatedMinutes", t.EstimatedMinutes);
                w.WriteBoolean("meetsTarget", t.MeetsTarget);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("documents");
            foreach (var d in plan.Documents)
            {
                w.WriteStartObject();
                w.WriteString("classification", d.Classification);
                w.WriteString("mechanism", d.Mechanism);
                w.WriteString("sourceAccount", d.SourceAccount);
                w.WriteString("drAccount", d.DrAccount);
                w.WriteBoolean("records", d.Records);
                w.WriteString("rpo", d.Rpo);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            DrDrillReports.WriteConstraints(w, plan.Constraints);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static string Text(DrPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder();
        sb.Append(Inv($"DR plan: {plan.Source} ({plan.SourceRegion}) -> {plan.Target} ({plan.TargetRegion}), parallel {plan.Parallel}, {Scheduling(plan)}\n"));
        sb.Append(Inv($"already in the DR region (pilot light): {plan.Existing.Count}; to create: {plan.Creates.Count()}; data steps: {plan.Steps.Count(s => s.Kind == DrStepKind.StorageFailover)}; office cutovers: {plan.Steps.Count(s => s.Kind == DrStepKind.Cutover)}\n"));
        sb.Append(Inv($"estimated RTO {M(plan.EstimatedRtoMinutes)} min (lower bound {M(plan.LowerBound.Minutes)}: critical path {M(plan.LowerBound.CriticalPathMinutes)}, throttling {M(plan.LowerBound.ThrottleMinutes)}, work/parallel {M(plan.LowerBound.ParallelMinutes)})\n\n"));
        foreach (var t in plan.Tiers)
            sb.Append(Inv($"tier {t.Tier} {t.Name} [{string.Join(", ", t.Services)}]: {M(t.EstimatedMinutes)} min of {t.RtoTargetMinutes} -> {(t.MeetsTarget ? "meets target" : "MISSES TARGET")}\n"));
        foreach (var d in plan.Documents)
            sb.Append(Inv($"documents {d.Classification}: {d.Mechanism} {d.SourceAccount} -> {d.DrAccount}{(d.Records ? " (WORM records)" : "")}; RPO {d.Rpo}\n"));
        sb.Append(Inv($"Azure constraints respected: {string.Join(", ", plan.Constraints.Select(c => c.Id))}\n"));
        foreach (var finding in plan.Findings) sb.Append(Inv($"finding: {finding}\n"));
        sb.Append('\n');
        var steps = plan.Steps.ToDictionary(s => s.Urn, StringComparer.Ordinal);
        foreach (var wave in plan.Waves)
        {
            sb.Append(Inv($"wave {wave.Wave} (tier {wave.Tier}) minute {M(wave.StartMinute)}-{M(wave.EndMinute)}, {wave.Resources.Count} step(s)\n"));
            foreach (var urn in wave.Resources)
            {
                var s = steps[urn];
                sb.Append(Inv($"  {M(s.StartMinute),7}-{M(s.EndMinute),-7} {Verb(s.Kind),-9} {Short(urn)}\n"));
            }
        }
        sb.Append(Inv($"\ncritical path ({M(plan.CriticalPath.Minutes)} min): {string.Join(" -> ", plan.CriticalPath.Resources.Select(Short))}\n"));
        return sb.ToString();
    }

    /// <summary>A runbook: what to do per wave, in order, what to check before moving on, and a Gantt timeline.</summary>
    public static string Markdown(DrPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder();
        sb.Append(Inv($"# DR runbook: rebuild `{plan.Source}` ({plan.SourceRegion}) in `{plan.Target}` ({plan.TargetRegion})\n\n"));
        sb.Append(Inv($"Estimated RTO **{M(plan.EstimatedRtoMinutes)} min** at parallel {plan.Parallel} (physical lower bound {M(plan.LowerBound.Minutes)} min). "));
        sb.Append(Inv($"{plan.Existing.Count} resource(s) already exist in {plan.TargetRegion} (pilot light); {plan.Creates.Count()} are created from code.\n\n"));
        sb.Append("| tier | services | RTO target (min) | estimated (min) | meets target |\n|---|---|---|---|---|\n");
        foreach (var t in plan.Tiers)
            sb.Append(Inv($"| {t.Tier} {t.Name} | {string.Join(", ", t.Services)} | {t.RtoTargetMinutes} | {M(t.EstimatedMinutes)} | {(t.MeetsTarget ? "yes" : "**no**")} |\n"));
        sb.Append("\n## Documents per classification\n\n| classification | mechanism | from | read in DR from | RPO |\n|---|---|---|---|---|\n");
        foreach (var d in plan.Documents)
            sb.Append(Inv($"| {d.Classification}{(d.Records ? " (WORM records)" : "")} | {d.Mechanism} | `{d.SourceAccount}` | `{d.DrAccount}` | {d.Rpo} |\n"));
        sb.Append("\n## Azure constraints the plan respects\n\n| constraint | how | source |\n|---|---|---|\n");
        foreach (var c in plan.Constraints)
            sb.Append(Inv($"| `{c.Id}`: {c.Rule} | {c.Respected} | {c.Source} |\n"));
        if (plan.Findings.Count > 0)
        {
            sb.Append("\n## Findings\n\n");
            foreach (var finding in plan.Findings) sb.Append(Inv($"- {finding}\n"));
        }
        sb.Append("\n## Before you start\n\n");
        sb.Append(Inv($"1. Declare the disaster and record the time (minute 0); confirm that {plan.SourceRegion} is unavailable or compromised.\n"));
        sb.Append(Inv($"2. Confirm access and quota in {plan.TargetRegion} for the subscription, and that nobody else is running `up` on `{plan.Target}`.\n"));
        sb.Append(Inv($"3. Run `./infra dr rebuild --stack {plan.Source} --to {plan.Target} --parallel {plan.Parallel}`, and follow the waves below; the engine starts each step when its prerequisites are done.\n\n"));
        sb.Append("## Waves\n\n");
        var steps = plan.Steps.ToDictionary(s => s.Urn, StringComparer.Ordinal);
        foreach (var wave in plan.Waves)
        {
            sb.Append(Inv($"### Wave {wave.Wave} — tier {wave.Tier}, minute {M(wave.StartMinute)} to {M(wave.EndMinute)}\n\n"));
            var n = 0;
            foreach (var urn in wave.Resources)
            {
                var s = steps[urn];
                sb.Append(Inv($"{++n}. {Verb(s.Kind)} `{Short(urn)}` ({TypeName(s.Type)}, minute {M(s.StartMinute)}–{M(s.EndMinute)}). Check: {Check(s)}\n"));
            }
            sb.Append('\n');
        }
        sb.Append(Inv($"## Critical path ({M(plan.CriticalPath.Minutes)} min)\n\n"));
        foreach (var urn in plan.CriticalPath.Resources) sb.Append(Inv($"- `{Short(urn)}`\n"));
        sb.Append("\n## Timeline\n\n```mermaid\ngantt\n    title DR rebuild (minutes from the declaration)\n    dateFormat X\n    axisFormat %H:%M\n");
        foreach (var tier in plan.Waves.GroupBy(w => w.Tier).OrderBy(g => g.Key))
        {
            sb.Append(Inv($"    section Tier {tier.Key}\n"));
            foreach (var w in tier)
            {
                var end = Math.Max(Seconds(w.EndMinute), Seconds(w.StartMinute) + 1);
                sb.Append(Inv($"    Wave {w.Wave} ({w.Resources.Count}) :w{w.Wave}, {Seconds(w.StartMinute)}, {end}\n"));
            }
        }
        sb.Append("```\n");
        return sb.ToString();
    }

    private static long Seconds(double minutes) => (long)Math.Round(minutes * 60);

    private static string Tier(int tier) => tier.ToString(CultureInfo.InvariantCulture);

    private static string Scheduling(DrPlan plan) => plan.Scheduling == DrScheduling.Fifo ? "FIFO order" : "tier then critical path first";

    private static string M(double minutes) => DrPlanner.Minutes(minutes);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Verb(DrStepKind kind) => kind switch
    {
        DrStepKind.Create => "create",
        DrStepKind.StorageFailover => "failover",
        DrStepKind.Cutover => "cutover",
        _ => kind.ToString(),
    };

    /// <summary>The logical name at the end of a URN.</summary>
    private static string Short(string urn)
    {
        var at = urn.LastIndexOf("::", StringComparison.Ordinal);
        return at < 0 ? urn : urn[(at + 2)..];
    }

    private static string TypeName(string type) => type[(type.LastIndexOf(':') + 1)..];

    private static string Check(DrStep s) => s.Kind switch
    {
        DrStepKind.StorageFailover => "the account's primary location is the DR region; note its Last Sync Time (the documents' RPO); reconfigure geo-redundancy afterwards.",
        DrStepKind.Cutover => "the connection's status is Connected and the office can reach the DR hub (ping the firewall's private address).",
        _ => s.Type switch
        {
            "azure-native:network:VirtualNetworkGateway" => "provisioningState Succeeded (this takes about 45 minutes; do not cancel), BGP peers listed.",
            "azure-native:network:AzureFirewall" => "provisioningState Succeeded and the firewall policy attached; a private IP is assigned.",
            "azure-native:network:BastionHost" => "provisioningState Succeeded; a platform admin can open a session.",
            "azure-native:keyvault:Vault" => "the vault answers, soft delete and purge protection are on.",
            "azure-native:network:VirtualNetworkGatewayConnection" => "the standby connection exists (it is activated by its cutover step).",
            _ => "provisioningState Succeeded.",
        },
    };
}
