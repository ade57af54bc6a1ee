using System.CommandLine;
using Oic.Infra.Automation.Partners;
using Oic.Infra.Policies.Inputs;
using Oic.Infra.Toolkit;

namespace Oic.Infra.Cli;

/// <summary><c>infra partner config</c>: a partner's side of its site-to-site tunnel, from the stack's compiled program.</summary>
public static class PartnerCommand
{
    public static Command Create()
    {
        var stack = CommonOptions.Stack();
        var partner = new Option<string?>("--partner", "-p") { Description = "The partner's key (partners[].key in the stack file), e.g. sesric." };
        var device = new Option<string?>("--device", "-d") { Description = $"The partner's VPN device: {string.Join(", ", PartnerDeviceConfig.Devices)} (required for text)." };
        var format = CommonOptions.Format("text", "json");
        var config = new Command("config",
            "Print a partner's side of its IPsec tunnel to the estate, for its network engineer: the Azure gateway's addresses " +
            "(placeholders AZURE_GATEWAY_IP_n until deployment, with the commands that read them), the partner's peer address, both sides' " +
            "prefixes and the exact traffic selectors, the IKEv2 and IPsec proposals and lifetimes of the stack's IPsec policy, DPD and BGP — " +
            "read from the compiled program, so it matches what the stack deploys. Never the pre-shared key: it says how the key owner " +
            "reads it (pulumi config get vpnSharedKey-<partner>). Devices: strongswan (swanctl.conf), cisco-ios (IKEv2, crypto map or " +
            "tunnel interface), fortigate (phase1-interface / phase2-interface); --format json gives the values alone. " +
            "A partner linked with 'kind: front' has no tunnel and is refused.")
        {
            stack, partner, device, format,
        };
        config.SetAction(p =>
        {
            var name = p.GetValue(stack) ?? throw new UsageException("--stack NAME is required (or set PULUMI_STACK)");
            var key = p.GetValue(partner) ?? throw new UsageException("--partner KEY is required");
            var chosen = p.GetValue(format);
            var deviceName = p.GetValue(device);
            if (chosen != "json" && deviceName is null)
                throw new UsageException($"--device is required: one of {string.Join(", ", PartnerDeviceConfig.Devices)} (or --format json)");
            if (deviceName is not null && !PartnerDeviceConfig.Devices.Contains(deviceName, StringComparer.Ordinal))
                throw new UsageException($"--device {deviceName}: not a device this tool configures; one of: {string.Join(", ", PartnerDeviceConfig.Devices)}");
            var workspace = Workspace.Open(Environment.CurrentDirectory);
            var (estate, graph) = workspace.Load(name);
            var tunnel = PartnerTunnel.Read(estate, GraphInput.From(graph, workspace.Root), key);
            Console.Out.Write(chosen == "json" ? PartnerDeviceConfig.Json(tunnel) : PartnerDeviceConfig.Render(tunnel, deviceName!));
            return ExitCodes.Success;
        });
        return new Command("partner", "Partner links (subsidiary organs and member states): the configuration their side needs.") { config };
    }
}
