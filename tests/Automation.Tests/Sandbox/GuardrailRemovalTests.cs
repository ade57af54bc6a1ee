using System.Text.Json.Nodes;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Policies.Packs;

namespace Oic.Infra.Automation.Tests.Sandbox;

/// <summary>
/// Issue 12's guardrails (detection and privileged access, docs/adr/0016; Azure Policy assignments, the DNS forwarding
/// ruleset and the budget, docs/adr/0020) each matter to some rule: the stack
/// export the sandbox records for <c>prod</c> (and <c>prod-dr</c>) passes the packs, and the same export with
/// any one of those resources deleted — as someone in the portal would delete it — has a mandatory violation.
/// </summary>
[TestFixture]
public sealed class GuardrailRemovalTests
{
    /// <summary>The guardrail types; every resource of these types in the export is deleted in turn.</summary>
    private static readonly string[] GuardrailTypes =
    [
        "azure-native:security:SecurityContact",
        "azure-native:security:Pricing",
        "azure-native:securityinsights:SentinelOnboardingState",
        "azure-native:monitor:PrivateLinkScope",
        "azure-native:monitor:PrivateLinkScopedResource",
        "azure-native:monitor:ScheduledQueryRule",
        "azure-native:aadiam:DiagnosticSetting",
        "azure-native:authorization:RoleManagementPolicy",
        "azure-native:authorization:RoleManagementPolicyAssignment",
        // Issue 12, docs/adr/0020: Azure Policy assignments, the DNS forwarding ruleset and its VNet link, the budget.
        "azure-native:authorization:PolicyAssignment",
        "azure-native:dnsresolver:DnsForwardingRuleset",
        "azure-native:dnsresolver:PrivateResolverVirtualNetworkLink",
        "azure-native:consumption:Budget",
    ];

    [TestCase("prod", 61)]
    [TestCase("prod-dr", 4)]
    public async Task Deleting_any_one_guardrail_from_the_export_violates_a_mandatory_rule(string stack, int guardrails)
    {
        using var dir = new StateDir();
        await dir.Engine().UpAsync(RealStacks.Graph(stack), RealStacks.Options(stack));
        var export = File.ReadAllText(dir.Checkpoint(stack));
        Assert.That(Evaluate(export, dir, "whole").Mandatory, Is.Zero, "the recorded export passes as it is");

        var removable = Export.Resources(export)
            .Select(r => (Urn: r!["urn"]!.GetValue<string>(), Type: r["type"]!.GetValue<string>()))
            .Where(r => GuardrailTypes.Contains(r.Type, StringComparer.Ordinal) || r.Urn.EndsWith("-pep-ampls", StringComparison.Ordinal))
            .ToList();
        Assert.That(removable, Has.Count.EqualTo(guardrails), string.Join("\n", removable.Select(r => r.Urn)));

        var unnoticed = new List<string>();
        foreach (var (urn, _) in removable)
        {
            var document = JsonNode.Parse(export)!;
            var resources = document["deployment"]!["resources"]!.AsArray();
            resources.Remove(resources.Single(r => r!["urn"]!.GetValue<string>() == urn));
            if (Evaluate(document.ToJsonString(), dir, urn).Mandatory == 0) unnoticed.Add(urn);
        }
        Assert.That(unnoticed, Is.Empty, "deleted, and no mandatory rule noticed");
    }

    private static PolicyReport Evaluate(string json, StateDir dir, string label)
    {
        var path = Path.Combine(dir.Path, $"export-{Math.Abs(label.GetHashCode(StringComparison.Ordinal))}.json");
        File.WriteAllText(path, json);
        return Evaluator.Run(StateDocuments.FromStackExport(path, "export.json"), Catalogue.All);
    }
}
