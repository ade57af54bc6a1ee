namespace Oic.Infra.Policies.Frameworks.PsRule;

public static partial class PsRuleCatalogue
{
    private const string SecurityPricing = "azure-native:security:Pricing";
    private const string SecurityContactType = "azure-native:security:SecurityContact";

    /// <summary>
    /// PSRule for Azure's rules on the Security types we declare (rule names as in its <c>Azure.All.csv</c>;
    /// logic from <c>Azure.Defender.Rule.yaml</c>/<c>.ps1</c>, see docs/research/issue-16-coverage.md §1h).
    /// </summary>
    internal static readonly IReadOnlyList<PsRuleCheck> Security =
    [
        new("Azure.Defender.Storage", SecurityPricing, PsRuleAnswer.Rule, "defender-plans"),
        new("Azure.Defender.KeyVault", SecurityPricing, PsRuleAnswer.Rule, "defender-plans"),
        new("Azure.Defender.Arm", SecurityPricing, PsRuleAnswer.Rule, "defender-plans"),
        new("Azure.Defender.Cspm", SecurityPricing, PsRuleAnswer.Rule, "defender-cspm"),
        new("Azure.Defender.Storage.MalwareScan", SecurityPricing, PsRuleAnswer.Rule, "defender-storage-malware-scanning"),
        new("Azure.Defender.Storage.DataScan", SecurityPricing, PsRuleAnswer.ByDesign,
            "the stacks turn SensitiveDataDiscovery on for Defender for Storage and CSPM (stacks/Components/Monitoring.Detection.cs), and the built-in policy assigned for defender-storage-malware-scanning (640d2586) audits it in Azure; no rule of ours: discovery classifies documents, it blocks or reports no attack"),
        new("Azure.Defender.SecurityContact", SecurityContactType, PsRuleAnswer.Rule, "defender-security-contact"),
        new("Azure.Defender.Servers", SecurityPricing, PsRuleAnswer.NotApplicable,
            "the estate runs no virtual machines; defender-plans requires the VirtualMachines plan as soon as one is declared (it does not yet check subPlan P2)"),
        new("Azure.Defender.Dns", SecurityPricing, PsRuleAnswer.ByDesign,
            "a legacy plan (CIS 3.1.16 calls it so); DNS threat detection is part of Defender for Servers Plan 2, and the estate runs no servers"),
        new("Azure.Defender.Containers", SecurityPricing, PsRuleAnswer.NotApplicable, "no containers or Kubernetes clusters in the estate; the rule fires only when the plan is declared"),
        new("Azure.Defender.SQL", SecurityPricing, PsRuleAnswer.NotApplicable, "no Azure SQL in the estate; the rule fires only when the plan is declared"),
        new("Azure.Defender.SQLOnVM", SecurityPricing, PsRuleAnswer.NotApplicable, "no SQL Server on machines in the estate; the rule fires only when the plan is declared"),
        new("Azure.Defender.AppServices", SecurityPricing, PsRuleAnswer.NotApplicable, "no App Service in the estate; the rule fires only when the plan is declared"),
        new("Azure.Defender.Api", SecurityPricing, PsRuleAnswer.NotApplicable, "no API Management in the estate; the rule fires only when the plan is declared"),
        new("Azure.Defender.OssRdb", SecurityPricing, PsRuleAnswer.NotApplicable, "no open-source relational databases in the estate; the rule fires only when the plan is declared"),
        new("Azure.Defender.CosmosDb", SecurityPricing, PsRuleAnswer.NotApplicable, "no Cosmos DB in the estate; the rule fires only when the plan is declared"),
    ];
}
