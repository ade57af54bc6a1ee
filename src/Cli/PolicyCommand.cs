using System.CommandLine;
using Oic.Infra.Estate.Config;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;
using Oic.Infra.Policies.Reports;
using Oic.Infra.Toolkit;
using FrameworkCoverage = Oic.Infra.Policies.Frameworks.Coverage;
using Docs = Oic.Infra.Policies.Docs.Docs;

namespace Oic.Infra.Cli;

/// <summary><c>infra policy check | list | coverage</c>: the packs, before deployment and after.</summary>
public static class PolicyCommand
{
    private static readonly string[] CheckFormats = ["text", "json", "sarif", "markdown", "html"];
    private static readonly string[] ListFormats = ["text", "markdown"];
    private static readonly string[] CoverageFormats = ["text", "json", "markdown"];

    public static Command Create() => new("policy", "Check the estate against the policy packs (security baseline, DR readiness, data protection, network segmentation, identity).")
    {
        Check(), List(), Coverage(),
    };

    private static Command Check()
    {
        var stack = new Option<string?>("--stack", "-s") { Description = "Compile this stack (stacks/Pulumi.<stack>.yaml) and check its program." };
        var state = new Option<FileInfo?>("--state") { Description = "Check deployed state: a `pulumi stack export` document (version 3)." };
        var preview = new Option<FileInfo?>("--preview") { Description = "Check planned state: a `pulumi preview --json --show-sames` document (unchanged resources included)." };
        var format = CommonOptions.Format(CheckFormats);
        var waivers = new Option<FileInfo?>("--waivers") { Description = "Waiver file (default: policies/waivers.yaml)." };
        var config = new Option<FileInfo?>("--config") { Description = "Enforcement overrides in Pulumi's policy-pack-config shape (default: policies/config/<stack>.json)." };
        var category = new Option<string?>("--sarif-category") { Description = "SARIF run category for code scanning (default: the stack name)." };
        var command = new Command("check", "Check one stack; exit 0 when no mandatory policy is violated, 5 when one is.")
        {
            stack, state, preview, format, waivers, config, category,
        };
        command.SetAction(p => RunCheck(p.GetValue(stack), p.GetValue(state), p.GetValue(preview), p.GetValue(format)!,
            p.GetValue(waivers), p.GetValue(config), p.GetValue(category)));
        return command;
    }

    private static Command List()
    {
        var format = CommonOptions.Format(ListFormats);
        var command = new Command("list", "Print the rule catalogue: packs, rules, severities and framework controls.") { format };
        command.SetAction(p =>
        {
            Console.Out.Write(p.GetValue(format) == "markdown" ? Docs.PoliciesMarkdown(Catalogue.All, DeclaredTypes()) : Docs.ListText(Catalogue.All));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The azure-native types each stack's whole program declares (a DR stack's rebuild included), for
    /// the per-type coverage tables of <c>docs/policies.md</c>.
    /// </summary>
    private static SortedDictionary<string, IReadOnlySet<string>> DeclaredTypes()
    {
        var workspace = Workspace.Open(Environment.CurrentDirectory);
        var declared = new SortedDictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var stack in workspace.KnownStacks)
            declared[stack] = workspace.LoadWhole(stack).Program.Resources
                .Select(r => r.Type)
                .Where(t => t.StartsWith("azure-native:", StringComparison.Ordinal))
                .ToHashSet(StringComparer.Ordinal);
        return declared;
    }

    private static Command Coverage()
    {
        var framework = new Option<string>("--framework") { Description = "cis-3.0 or mcsb.", Required = true };
        var format = CommonOptions.Format(CoverageFormats);
        var stack = new Option<string>("--stack") { Description = "Also show whether this stack's compiled program assigns each rule's Azure Policy definitions." };
        var command = new Command("coverage", "Which controls of a framework the rules check, which cannot be checked from code, and which rules Azure Policy holds too.") { framework, format, stack };
        command.SetAction(p =>
        {
            var name = p.GetValue(framework)!;
            var stackName = p.GetValue(stack);
            IReadOnlySet<string>? assigned = null;
            if (stackName is not null)
            {
                if (FrameworkCoverage.For(name, []) is null)
                    throw new UsageException($"unknown framework '{name}' (known: cis-3.0, mcsb)");
                var workspace = Workspace.Open(Environment.CurrentDirectory);
                assigned = workspace.Declare(stackName).Resources
                    .Where(r => r.Type == "azure-native:authorization:PolicyAssignment")
                    .Select(r => r.Inputs["policyDefinitionId"] is Oic.Infra.Resources.PropertyValue.Str id ? id.Value : null)
                    .OfType<string>()
                    .ToHashSet(StringComparer.OrdinalIgnoreCase);
            }
            var report = FrameworkCoverage.For(name, Catalogue.Rules, stackName, assigned);
            if (report is null)
                throw new UsageException($"unknown framework '{name}' (known: cis-3.0, mcsb)");
            Console.Out.Write(p.GetValue(format) switch
            {
                "json" => FrameworkCoverage.Json(report),
                "markdown" => FrameworkCoverage.Markdown(report),
                _ => FrameworkCoverage.Text(report),
            });
            return ExitCodes.Success;
        });
        return command;
    }


    private static int RunCheck(string? stack, FileInfo? state, FileInfo? preview, string format,
        FileInfo? waivers, FileInfo? config, string? category)
    {
        var given = new object?[] { stack, state, preview }.Count(x => x is not null);
        if (given != 1)
            throw new UsageException("policy check needs exactly one of --stack NAME, --state FILE or --preview FILE");
        var root = Compilation.FindRoot(Environment.CurrentDirectory);
        // Waivers name no stack: they are read (and the packs loaded) while the resources are, and an error in
        // them is reported only after the resources were read, as when they were read in turn.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var waiving = Task.Run(() => PolicyGate.Waivers(root, waivers?.FullName, today));
        ResourceSet resources;
        string? input = null;
        if (stack is not null)
        {
            var workspace = Workspace.Open(Environment.CurrentDirectory);
            resources = GraphInput.From(workspace.Declare(stack), workspace.Root);
        }
        else
        {
            var file = (state ?? preview)!;
            input = file.FullName;
            resources = state is not null
                ? StateDocuments.FromStackExport(file.FullName, Cli.Display(file.FullName))
                : StateDocuments.FromPreview(file.FullName, Cli.Display(file.FullName));
        }

        if (input is not null) Cli.Judgeable(resources, input, state is not null ? "stack export" : "preview");
        // A preview or an export lies outside the repository (out/preview.json in CI): code scanning
        // needs files of the repository, so each finding points at the C# line that declares its
        // resource (the same stack compiled here), and anything undeclared at the stack file.
        var locateIn = input;
        if (format == "sarif" && input is not null && root is not null && Compilation.KnownStacks(root).Contains(resources.Stack, StringComparer.Ordinal))
        {
            resources = new SourceMap(GraphInput.From(Compilation.Declare(Compilation.ReadStack(root, resources.Stack)), root)).Apply(resources);
            locateIn = Compilation.StackFile(root, resources.Stack);
        }
        var report = PolicyGate.Settings(root, resources.Stack, config?.FullName, () => waiving.GetAwaiter().GetResult(), today).Run(resources);
        Console.Out.Write(format switch
        {
            "json" => PolicyReports.Json(report),
            "sarif" => PolicyReports.Sarif(report, new SarifOptions(root ?? Environment.CurrentDirectory, category ?? resources.Stack, locateIn)),
            "markdown" => PolicyReports.Markdown(report),
            "html" => Automation.Reports.Html.PolicyDriftHtml.Policy(report, stack ?? Cli.Display(input!), DateOnly.FromDateTime(DateTime.UtcNow)),
            _ => PolicyReports.Text(report, color: !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null),
        });
        return ExitCodes.Of(report);
    }
}
