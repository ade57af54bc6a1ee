using Oic.Infra.Estate.Addressing;
using Oic.Infra.Estate.Model;
using Oic.Infra.Resources;
using Oic.Infra.Stacks.Components;

namespace Oic.Infra.Stacks;

/// <summary>
/// The stack program: turns one stack's estate into its resource graph. The same code serves the
/// primary stack (<c>prod</c>) and its DR twin (<c>prod-dr</c>); the config's
/// <c>deployment.role</c> picks the region, and the address plan mirrors the two.
/// </summary>
public static class EstateProgram
{
    /// <summary>
    /// Every resource package the program deploys with, at its pinned version. Pulumi installs these
    /// from the discovery call, before any stack config exists; a test checks each compiled stack
    /// uses exactly these.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Version)> Packages = [("azure-native", StackContext.AzureNativeVersion)];

    /// <summary>
    /// The program of the stack as its config says: everything, or for a DR stack in <c>deployment.phase:
    /// standby</c> (its default) only the pilot light (<see cref="PilotLight"/>).
    /// </summary>
    public static ResourceGraph Declare(EstateModel estate)
    {
        ArgumentNullException.ThrowIfNull(estate);
        return Deployed(estate, DeclareActive(estate));
    }

    /// <summary>What the stack's config deploys, given its whole program: a DR stack in standby its pilot light, any other all of it.</summary>
    public static ResourceGraph Deployed(EstateModel estate, ResourceGraph active)
    {
        ArgumentNullException.ThrowIfNull(estate);
        return estate.Deployment.Phase == DeploymentPhase.Standby ? PilotLight.Standby(active) : active;
    }

    /// <summary>The whole program, whatever the phase: what a DR stack runs after <c>dr rebuild</c>.</summary>
    public static ResourceGraph DeclareActive(EstateModel estate)
    {
        ArgumentNullException.ThrowIfNull(estate);
        var (plan, problems) = AddressPlanner.Plan(estate);
        if (plan is null)
            throw new InvalidOperationException($"the address plan is invalid: {problems[0].Path} {problems[0].Message}");

        return ResourceGraph.Build(estate.Stack, estate.Project, graph =>
        {
            var context = new StackContext(graph, estate, plan);
            var monitoring = new Monitoring(context);
            var hub = new HubNetwork(context, monitoring);
            var offices = new OfficeConnectivity(context, hub);
            var identity = new Identity(context, hub);
            var documents = new DocumentStorage(context, hub, identity);
            var continuity = new Continuity(context, documents);
            var front = estate.FrontPartners.Count > 0 ? new PartnerFront(context, hub, documents) : null;

            monitoring.Watch("afw", hub.Firewall.Id);
            monitoring.Watch("vgw", hub.VpnGateway.Id);
            monitoring.Watch("bas", hub.Bastion.Id);
            monitoring.Watch("kv", identity.Vault.Id);
            monitoring.Watch("bvault", continuity.Vault.Id);
            foreach (var (store, account) in documents.Accounts)
                monitoring.Watch($"st-{store.Classification.ShortCode()}-blob", Output.Format($"{account.Id}/blobServices/default"));
            foreach (var nsg in hub.NetworkSecurityGroups)
                monitoring.Watch(nsg.LogicalName, nsg.Id, metrics: false); // NSGs have logs, no metrics
            foreach (var pip in hub.PublicIps)
                monitoring.Watch(pip.LogicalName, pip.Id);
            monitoring.AddFlowLogs(hub);
            monitoring.AddDetection(hub);

            identity.GrantPlatformAccess([monitoring, hub, offices, documents, continuity, .. front is null ? Array.Empty<Component>() : [front]]);
            identity.GovernPrivilegedRoles();

            graph.Outputs["hubVnetId"] = hub.Vnet.Id;
            graph.Outputs["firewallPrivateIp"] = hub.FirewallPrivateIp;
            graph.Outputs["vpnGatewayPublicIps"] = new InputList<string>
            {
                hub.GatewayPublicIps[0].IpAddress,
                hub.GatewayPublicIps[1].IpAddress,
            };
            graph.Outputs["keyVaultUri"] = identity.VaultUri;
            if (front is not null) graph.Outputs["partnerFrontGatewayUrl"] = front.Gateway.GatewayUrl;
            graph.Outputs["logAnalyticsWorkspaceId"] = monitoring.Workspace.Id;
            graph.Outputs["backupVaultId"] = continuity.Vault.Id;
            foreach (var (store, account) in documents.Accounts)
                graph.Outputs[$"documentStore{Pascal(store.Classification.ToConfigName())}BlobEndpoint"] =
                    account.PrimaryEndpoints.Get<string>("blob");
        });
    }

    private static string Pascal(string kebab) =>
        string.Concat(kebab.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
