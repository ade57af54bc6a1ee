using Oic.Infra.Policies.Frameworks.PsRule;

namespace Oic.Infra.Policies.Frameworks;

/// <summary>
/// Why a CIS Azure Foundations v3.0.0 control that code could evidence has no rule of ours:
/// <paramref name="Answer"/> is <see cref="PsRuleAnswer.NotApplicable"/>, <see cref="PsRuleAnswer.ByDesign"/>
/// or <see cref="PsRuleAnswer.NeedsLiveData"/>, and <paramref name="Detail"/> the reason. A row stops
/// showing in <c>docs/policies.md</c> as soon as a rule cites the control.
/// </summary>
public sealed record CisGap(string Id, PsRuleAnswer Answer, string Detail);

public static class CisGaps
{
    private const string NoVms = "The estate declares no virtual machines or managed disks.";
    private const string NoAppService = "The estate hosts no App Service apps.";
    private const string NoDatabases = "The estate declares no SQL, PostgreSQL, MySQL or Cosmos DB servers.";

    public static IReadOnlyList<CisGap> All { get; } =
    [
        new("2.24", PsRuleAnswer.ByDesign, "Locks are declared in code (rg-critical-lock) and changed only by a deployment under the PIM-eligible Owner group; a lock-only custom role would add a standing path around that review."),
        new("3.1.3.2", PsRuleAnswer.NotApplicable, "Defender for Servers component; " + NoVms),
        new("3.1.3.4", PsRuleAnswer.NotApplicable, "Defender for Servers component; " + NoVms),
        new("3.1.3.5", PsRuleAnswer.NotApplicable, "Defender for Servers component; " + NoVms),
        new("3.1.4.1", PsRuleAnswer.NotApplicable, "The estate runs no containers or Kubernetes clusters."),
        new("3.1.4.2", PsRuleAnswer.NotApplicable, "The estate runs no Kubernetes clusters."),
        new("3.1.4.3", PsRuleAnswer.NotApplicable, "The estate runs no container registries or clusters."),
        new("3.1.6.1", PsRuleAnswer.NotApplicable, NoAppService),
        new("3.1.7.1", PsRuleAnswer.NotApplicable, NoDatabases),
        new("3.1.7.2", PsRuleAnswer.NotApplicable, NoDatabases),
        new("3.1.7.3", PsRuleAnswer.NotApplicable, NoDatabases),
        new("3.1.7.4", PsRuleAnswer.NotApplicable, NoDatabases),
        new("3.1.15", PsRuleAnswer.ByDesign, "Defender EASM is an optional, separately billed service; the estate's internet-facing surface is the Bastion and VPN gateway addresses it declares itself."),
        new("3.1.16", PsRuleAnswer.ByDesign, "A legacy plan (CIS itself says so): DNS threat detection is now part of Defender for Servers Plan 2, and the estate has no servers."),
        new("3.2.1", PsRuleAnswer.NotApplicable, "The estate declares no IoT Hub."),
        new("4.3", PsRuleAnswer.ByDesign, "Account keys cannot authorize anything: every account refuses shared-key access (storage-no-shared-key), so a rotation reminder would remind about unusable keys."),
        new("4.5", PsRuleAnswer.ByDesign, "With shared key off (storage-no-shared-key) only user delegation SAS work, signed by a user delegation key that Azure lets live at most 7 days (Microsoft Learn, Create a user delegation SAS). Whether sasPolicy also bounds them was not confirmed."),
        new("4.12", PsRuleAnswer.NotApplicable, "The estate keeps documents in blobs; no queue service is used."),
        new("4.14", PsRuleAnswer.NotApplicable, "The estate keeps documents in blobs; no table service is used."),
        new("5.1.1", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.1.2", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.1.3", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.1.4", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.1.5", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.1.6", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.1.7", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.2.1", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.2.2", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.2.3", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.2.4", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.2.5", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.2.6", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.2.7", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.2.8", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.3.1", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.3.2", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.3.3", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.3.4", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.4.1", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.4.2", PsRuleAnswer.NotApplicable, NoDatabases),
        new("5.4.3", PsRuleAnswer.NotApplicable, NoDatabases),
        new("6.1.3", PsRuleAnswer.NotApplicable, "The activity log goes to Log Analytics (activity-log-to-law), not to a storage account."),
        new("6.1.6", PsRuleAnswer.NotApplicable, NoAppService),
        new("6.2.7", PsRuleAnswer.NotApplicable, NoDatabases),
        new("6.2.8", PsRuleAnswer.NotApplicable, NoDatabases),
        new("6.3.1", PsRuleAnswer.NotApplicable, "The estate hosts no applications of its own to instrument."),
        new("8.2", PsRuleAnswer.NotApplicable, NoVms),
        new("8.3", PsRuleAnswer.NotApplicable, NoVms),
        new("8.4", PsRuleAnswer.NotApplicable, NoVms),
        new("8.5", PsRuleAnswer.NotApplicable, NoVms),
        new("8.6", PsRuleAnswer.NotApplicable, NoVms),
        new("8.7", PsRuleAnswer.NotApplicable, NoVms),
        new("8.9", PsRuleAnswer.NotApplicable, NoVms),
        new("8.11", PsRuleAnswer.NotApplicable, NoVms),
        new("9.1", PsRuleAnswer.NotApplicable, NoAppService),
        new("9.2", PsRuleAnswer.NotApplicable, NoAppService),
        new("9.3", PsRuleAnswer.NotApplicable, NoAppService),
        new("9.4", PsRuleAnswer.NotApplicable, NoAppService),
        new("9.5", PsRuleAnswer.NotApplicable, NoAppService),
        new("9.6", PsRuleAnswer.NotApplicable, NoAppService),
        new("9.7", PsRuleAnswer.NotApplicable, NoAppService),
        new("9.8", PsRuleAnswer.NotApplicable, NoAppService),
        new("9.9", PsRuleAnswer.NotApplicable, NoAppService),
        new("9.10", PsRuleAnswer.NotApplicable, NoAppService),
        new("9.12", PsRuleAnswer.NotApplicable, NoAppService),
    ];
}
