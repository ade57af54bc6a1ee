using System.CommandLine;
using Oic.Infra.Automation.Dr;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Reports.Html;
using Oic.Infra.Toolkit;

namespace Oic.Infra.Cli;

/// <summary><c>infra dr plan</c>: how the estate is rebuilt in the DR region, wave by wave, and how long it takes.</summary>
public static class DrCommands
{
    private static Option<string> Target() => new("--to") { Description = "The DR stack to rebuild into, e.g. prod-dr.", Required = true };

    public static Command Create() => new("dr", "Disaster recovery: plan, rebuild and drill the estate in its DR region.") { Plan(), Rebuild(), Drill() };

    private static Command Plan()
    {
        var stack = CommonOptions.Stack();
        var to = Target();
        var parallel = CommonOptions.Parallel();
        var format = CommonOptions.Format("text", "json", "markdown", "html");
        var command = new Command("plan", "Plan the rebuild of the source stack's estate in its DR stack: existing pilot light, what to create, data steps, office cutover, waves by tier, estimated RTO per tier.")
        {
            stack, to, parallel, format,
        };
        command.SetAction(p =>
        {
            var (plan, _, _, _, _) = Prepare(p, CommonOptions.StackOf(p, stack), p.GetValue(to)!, p.GetValue(parallel));
            Console.Out.Write(p.GetValue(format) switch
            {
                "json" => DrPlanReports.Json(plan),
                "markdown" => DrPlanReports.Markdown(plan),
                "html" => DrHtml.Plan(plan),
                _ => DrPlanReports.Text(plan),
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Rebuild()
    {
        var stack = CommonOptions.Stack();
        var to = Target();
        var parallel = CommonOptions.Parallel();
        var tierOrder = new Option<bool>("--tier-order") { Description = "one `up` per wave with --target, tier 0 first (otherwise one `up` with --parallel)" };
        var command = new Command("rebuild", "Execute the DR plan: deploy the DR stack (resumable), log every step, write evidence, and check the rebuilt estate against the policy packs (exit 5 on a mandatory violation).")
        {
            stack, to, parallel, tierOrder,
        };
        command.SetAction(async (p, ct) =>
        {
            var (plan, program, _, _, workspace) = Prepare(p, CommonOptions.StackOf(p, stack), p.GetValue(to)!, p.GetValue(parallel));
            var engine = workspace.OpenEngine(EngineCommands.EngineOf(p));
            var (result, evidence) = await workspace.RebuildAsync(engine, plan, program, p.GetValue(parallel), p.GetValue(tierOrder),
                line => Console.Out.WriteLine(line), ct).ConfigureAwait(false);
            Console.Out.WriteLine($"rebuilt {plan.Target}: {result.Up.ElapsedMinutes:0.0} simulated minutes; policy: {result.Policy.Mandatory} mandatory, {result.Policy.Advisory} advisory; evidence: {Cli.Display(evidence)}");
            return result.Policy.Blocks ? ExitCodes.PolicyViolated : ExitCodes.Success;
        });
        return command;
    }

    private static Command Drill()
    {
        var stack = CommonOptions.Stack();
        var to = Target();
        var parallel = CommonOptions.Parallel();
        var format = CommonOptions.Format("text", "json", "html");
        var documents = new Option<int>("--documents") { Description = "Documents to seed (default 120).", DefaultValueFactory = _ => 120 };
        var inject = new Option<string[]>("--inject") { Description = "corrupt-blobs=N (ransomware before the outage), region-outage=LOCATION (also takes the DR stack's state backend and secrets provider there), force-failover=CLASSIFICATION (fail over that store's account although the plan does not: Azure refuses it for WORM records)." };
        var primaryEndpoint = new Option<string>("--storage-endpoint")
        {
            Description = $"Blob endpoint (https) of the primary storage account to drill on instead of Azurite; default ${PrimaryEndpointVariable}. Needs --dr-storage-endpoint. The identity comes from DefaultAzureCredential (az login, workload identity in CI); the drill creates, corrupts and deletes its own containers there.",
        };
        var drEndpoint = new Option<string>("--dr-storage-endpoint")
        {
            Description = $"Blob endpoint (https) of the DR storage account; default ${DrEndpointVariable}. Needs --storage-endpoint.",
        };
        var command = new Command("drill", "Rehearse a disaster on the sandbox and Azurite (or real Azure storage with --storage-endpoint and --dr-storage-endpoint): seed and replicate documents, lose the primary region (optionally after a ransomware attack), rebuild, restore, verify, measure RTO and RPO per tier, write evidence (ISO 22301 8.5).")
        {
            stack, to, parallel, format, documents, inject, primaryEndpoint, drEndpoint,
        };
        command.SetAction(async (p, ct) =>
        {
            var endpoints = StorageEndpoints(
                p.GetValue(primaryEndpoint) ?? Environment.GetEnvironmentVariable(PrimaryEndpointVariable),
                p.GetValue(drEndpoint) ?? Environment.GetEnvironmentVariable(DrEndpointVariable));
            var source = CommonOptions.StackOf(p, stack);
            var (plan, program, standby, estate, workspace) = Prepare(p, source, p.GetValue(to)!, p.GetValue(parallel));
            var corrupt = 0;
            string? outage = null;
            var forced = new List<string>();
            foreach (var item in (p.GetValue(inject) ?? []).SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (item.StartsWith("corrupt-blobs=", StringComparison.Ordinal) && int.TryParse(item["corrupt-blobs=".Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                    corrupt = n;
                else if (item.StartsWith("region-outage=", StringComparison.Ordinal) && item.Length > "region-outage=".Length)
                    outage = item["region-outage=".Length..];
                else if (item.StartsWith("force-failover=", StringComparison.Ordinal) && item.Length > "force-failover=".Length)
                    forced.Add(item["force-failover=".Length..]);
                else
                    throw new EngineInputException($"--inject '{item}' is not a drill fault; use corrupt-blobs=N, region-outage=LOCATION or force-failover=CLASSIFICATION");
            }
            var json = p.GetValue(format) is "json" or "html";
            var result = await DrDrill.RunAsync(new DrDrillOptions
            {
                SourceStack = source,
                Target = program,
                TargetStandby = standby,
                TargetEstate = estate,
                Plan = plan,
                Policy = workspace.PolicySettings(plan.Target),
                DrillsRoot = Path.Combine(workspace.StateDirectory, "drills"),
                EvidenceRoot = Path.Combine(workspace.StateDirectory, "evidence"),
                Documents = p.GetValue(documents),
                CorruptBlobs = corrupt,
                OutageRegion = outage,
                ForceFailover = forced,
                Source = workspace.Declare(source),
                Parallel = p.GetValue(parallel),
                StorageEndpoints = endpoints,
                Log = json ? null : line => Console.Out.WriteLine(line),
            }, ct).ConfigureAwait(false);
            Console.Out.Write(p.GetValue(format) switch
            {
                "json" => DrDrillReports.Json(result),
                "html" => DrHtml.Drill(result, plan, DrDrillReports.Json(result)),
                _ => DrDrillReports.Text(result),
            });
            return result.ExitCode;
        });
        return command;
    }

    /// <summary>Environment variable read when <c>--storage-endpoint</c> is absent.</summary>
    public const string PrimaryEndpointVariable = "OIC_DOCS_PRIMARY_ENDPOINT";

    /// <summary>Environment variable read when <c>--dr-storage-endpoint</c> is absent.</summary>
    public const string DrEndpointVariable = "OIC_DOCS_DR_ENDPOINT";

    /// <summary>
    /// The drill's real storage endpoints: null when neither is given (Azurite), both when both are absolute https
    /// URLs; anything else is an input error (exit 2).
    /// </summary>
    public static (Uri Primary, Uri Dr)? StorageEndpoints(string? primary, string? dr)
    {
        primary = string.IsNullOrWhiteSpace(primary) ? null : primary.Trim();
        dr = string.IsNullOrWhiteSpace(dr) ? null : dr.Trim();
        if (primary is null && dr is null) return null;
        if (primary is null || dr is null)
            throw new EngineInputException($"the drill needs both storage endpoints or neither: give --storage-endpoint (or ${PrimaryEndpointVariable}) and --dr-storage-endpoint (or ${DrEndpointVariable}); only the {(primary is null ? "DR" : "primary")} one is set");
        return (Endpoint(primary, "--storage-endpoint", PrimaryEndpointVariable), Endpoint(dr, "--dr-storage-endpoint", DrEndpointVariable));
    }

    private static Uri Endpoint(string value, string option, string variable) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.Length > 0
            ? uri
            : throw new EngineInputException($"{option} (or ${variable}) must be an absolute https URL such as https://account.blob.core.windows.net; it is '{value}'");

    /// <summary>The DR plan from the source's state (or program) to the DR stack's program, read through the engine chosen.</summary>
    private static (DrPlan Plan, Oic.Infra.Resources.ResourceGraph Program, Oic.Infra.Resources.ResourceGraph Standby, Oic.Infra.Estate.Model.EstateModel Estate, Workspace Workspace) Prepare(ParseResult p, string source, string target, int parallel)
    {
        var workspace = EngineCommands.OpenWorkspace(p);
        var (plan, program, standby, estate) = workspace.PlanDrAsync(workspace.OpenEngine(EngineCommands.EngineOf(p)), source, target, parallel).GetAwaiter().GetResult();
        return (plan, program, standby, estate, workspace);
    }
}
