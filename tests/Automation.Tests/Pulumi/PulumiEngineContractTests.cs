using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Automation.Pulumi;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Tests.Pulumi;

/// <summary>
/// Contract tests of the Pulumi engine against a stand-in <c>pulumi</c> that replays recorded outputs in Pulumi's
/// documented formats. They check our argument lists and our parsing — not Pulumi.
/// </summary>
[TestFixture]
[Category("Contract")]
[Platform(Exclude = "Win", Reason = "the stand-in pulumi is a bash script")]
public sealed class PulumiEngineContractTests
{
    private const string Root = "urn:pulumi:prod::oic-gs-infra::pulumi:pulumi:Stack::oic-gs-infra-prod";
    private const string Provider = "urn:pulumi:prod::oic-gs-infra::pulumi:providers:azure-native::azure-uan";
    private const string HubRg = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup::hub-uan-rg";
    private const string DocsRg = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup::documents-uan-rg";
    private const string ConnRg = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup::connectivity-uan-rg";
    private const string Vnet = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:network:VirtualNetwork::hub-uan-vnet";
    private const string Bastion = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:network:BastionHost::hub-uan-bas";
    private const string PublicIp = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:network:PublicIPAddress::hub-uan-pip-bas";
    private const string Storage = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:storage:StorageAccount::documents-uan-st-conf";
    private const string Connection = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:network:VirtualNetworkGatewayConnection::connectivity-uan-cn-jed";
    private const string KabulGateway = "urn:pulumi:prod::oic-gs-infra::azure-native:resources:ResourceGroup$azure-native:network:LocalNetworkGateway::connectivity-uan-lgw-kbl";

    /// <summary>Pulumi compiles the program itself (Pulumi.yaml names `./infra compile`); the graph is not sent.</summary>
    private static readonly ResourceGraph NoProgram = ResourceGraph.Build("prod", "oic-gs-infra", _ => { });

    private StandInPulumi _pulumi = null!;

    [SetUp]
    public void SetUp() => _pulumi = new StandInPulumi();

    [TearDown]
    public void TearDown() => _pulumi.Dispose();

    private static OperationOptions Prod(Action<EngineEvent>? onEvent = null) => new() { Stack = "prod", OnEvent = onEvent };

    private static string[] Args(params string[] args) => args;

    // ---------------------------------------------------------------- preview

    [Test]
    public async Task Preview_checks_the_version_selects_the_stack_and_runs_preview_json_with_sames()
    {
        _pulumi.RespondText("stack-select").Respond("preview", "preview-digest.json");

        await _pulumi.Engine().PreviewAsync(NoProgram, Prod());

        Assert.That(_pulumi.Argvs, Is.EqualTo(new[]
        {
            Args("version"),
            Args("stack", "select", "--stack", "prod", "--non-interactive"),
            Args("preview", "--json", "--show-sames", "--stack", "prod", "--non-interactive"),
        }));
        Assert.That(_pulumi.Calls.Select(c => c.Cwd), Is.All.EqualTo(_pulumi.ProjectDirectory));
    }

    [Test]
    public async Task Preview_digest_steps_and_change_summary_are_parsed()
    {
        _pulumi.RespondText("stack-select").Respond("preview", "preview-digest.json");
        var events = new List<EngineEvent>();

        var preview = await _pulumi.Engine().PreviewAsync(NoProgram, Prod(events.Add));

        Assert.That(preview.Steps.Select(s => (s.Op, s.Urn)), Is.EqualTo(new[]
        {
            (StepOp.Same, Root), (StepOp.Same, Provider), (StepOp.Same, HubRg), (StepOp.Update, Vnet), (StepOp.Create, Bastion),
            (StepOp.Same, PublicIp), (StepOp.Same, DocsRg), (StepOp.Replace, Storage), (StepOp.Same, ConnRg), (StepOp.Same, Connection),
            (StepOp.Delete, KabulGateway),
        }));
        var update = preview.Steps.Single(s => s.Urn == Vnet);
        Assert.That(update.Type, Is.EqualTo("azure-native:network:VirtualNetwork"));
        Assert.That(update.Diffs, Is.EqualTo(new[] { "tags" }));
        var replace = preview.Steps.Single(s => s.Urn == Storage);
        Assert.That(replace.Diffs, Is.EqualTo(new[] { "encryption" }));
        Assert.That(replace.ReplaceReasons, Is.EqualTo(new[] { "encryption" }));
        Assert.That(preview.Steps.Single(s => s.Urn == KabulGateway).Type, Is.EqualTo("azure-native:network:LocalNetworkGateway"), "a delete has only oldState");
        Assert.That(preview.Steps.Single(s => s.Urn == Bastion).Type, Is.EqualTo("azure-native:network:BastionHost"));

        Assert.That(preview.Summary[StepOp.Same], Is.EqualTo(7));
        Assert.That(preview.Summary[StepOp.Create], Is.EqualTo(1));
        Assert.That(preview.Summary[StepOp.Update], Is.EqualTo(1));
        Assert.That(preview.Summary[StepOp.Replace], Is.EqualTo(1));
        Assert.That(preview.Summary[StepOp.Delete], Is.EqualTo(1));
        Assert.That(preview.Summary.HasChanges, Is.True);

        var diagnostic = events.OfType<EngineEvent.Diagnostic>().Single();
        Assert.That(diagnostic.Severity, Is.EqualTo("warning"));
        Assert.That(diagnostic.Urn, Is.EqualTo(Bastion));
        Assert.That(diagnostic.Message, Is.EqualTo(
            "warning: BastionHost hub-uan-bas: sku Standard takes about 10 minutes to provision; the deployment waits for it (customTimeouts.create 30m)"),
            "ANSI escapes and Pulumi colour tags are stripped");
    }

    [Test]
    public async Task A_missing_stack_is_created_with_stack_init_then_the_preview_runs()
    {
        _pulumi.Respond("stack-select", stderrFile: "stack-not-found.stderr", exitCode: 255)
            .Respond("stack-init", "stack-init.stdout")
            .Respond("preview", "preview-digest.json");

        await _pulumi.Engine().PreviewAsync(NoProgram, Prod());

        Assert.That(_pulumi.Argvs.Skip(1), Is.EqualTo(new[]
        {
            Args("stack", "select", "--stack", "prod", "--non-interactive"),
            Args("stack", "init", "prod", "--non-interactive"),
            Args("preview", "--json", "--show-sames", "--stack", "prod", "--non-interactive"),
        }));
    }

    [Test]
    public async Task Stack_init_passes_the_secrets_provider_of_the_committed_stack_file()
    {
        File.WriteAllText(Path.Combine(_pulumi.ProjectDirectory, "stacks", "Pulumi.prod.yaml"), """
            # Stack 'prod'
            secretsprovider: azurekeyvault://kv-oicgs-pulumi.vault.azure.net/keys/pulumi-state-prod
            config:
              oic-gs-infra:naming:
                prefix: oicgs
            """);
        _pulumi.Respond("stack-select", stderrFile: "stack-not-found.stderr", exitCode: 6)
            .Respond("stack-init", "stack-init.stdout")
            .Respond("preview", "preview-digest.json");

        await _pulumi.Engine().PreviewAsync(NoProgram, Prod());

        Assert.That(_pulumi.Argvs[2], Is.EqualTo(Args(
            "stack", "init", "prod", "--secrets-provider",
            "azurekeyvault://kv-oicgs-pulumi.vault.azure.net/keys/pulumi-state-prod", "--non-interactive")));
    }

    [Test]
    public async Task The_version_check_and_stack_selection_run_once_per_engine()
    {
        _pulumi.RespondText("stack-select").Respond("preview", "preview-digest.json").Respond("up", "up-events.jsonl");
        var engine = _pulumi.Engine();

        await engine.PreviewAsync(NoProgram, Prod());
        await engine.UpAsync(NoProgram, Prod());

        Assert.That(_pulumi.Argvs.Select(a => a[0]), Is.EqualTo(new[] { "version", "stack", "preview", "up" }));
        Assert.That(engine.CliVersion, Is.EqualTo(new PulumiVersion(3, 209, 0)));
    }

    [Test]
    public void A_failed_preview_reports_stderr_and_the_digest_errors()
    {
        _pulumi.RespondText("stack-select").Respond("preview", stderrFile: "compiler-failed.stderr", exitCode: 255);

        var error = Assert.ThrowsAsync<PulumiCommandException>(() => _pulumi.Engine().PreviewAsync(NoProgram, Prod()));

        Assert.That(error!.ExitCode, Is.EqualTo(255));
        Assert.That(error.CommandLine, Does.EndWith(" preview --json --show-sames --stack prod --non-interactive"));
        Assert.That(error.StandardError, Does.Contain("overlaps the primary region supernet"));
        Assert.That(error.Message, Does.Contain("offices[3].onPremPrefixes[0] 10.40.8.0/24"));
    }

    [Test]
    public void Preview_output_that_is_not_a_digest_is_a_tool_failure()
    {
        _pulumi.RespondText("stack-select").RespondText("preview", stdout: "{}\n");

        var error = Assert.ThrowsAsync<PulumiCommandException>(() => _pulumi.Engine().PreviewAsync(NoProgram, Prod()));

        Assert.That(error!.Message, Does.Contain("without printing a preview digest"));
    }

    // --------------------------------------------------------------------- up

    [Test]
    public async Task Up_runs_up_yes_skip_preview_json_and_streams_events_in_order_as_they_arrive()
    {
        // Stdout comes in two parts, the first ending in the middle of a line; the stand-in sends the second only
        // after the test has received the update's StepStarted, so that event must arrive while pulumi still runs.
        var text = StandInPulumi.Data("up-events.jsonl");
        var bastionLine = text.IndexOf("\"resourcePreEvent\":{\"metadata\":{\"op\":\"create\"", StringComparison.Ordinal);
        _pulumi.RespondText("stack-select").RespondInTwoParts("up", "up-events.jsonl", splitAt: bastionLine + 40);
        var events = new List<EngineEvent>();
        var gateOpenedAfter = -1;

        var up = await _pulumi.Engine().UpAsync(NoProgram, Prod(e =>
        {
            events.Add(e);
            if (gateOpenedAfter < 0 && e is EngineEvent.StepStarted { Step.Op: StepOp.Update })
            {
                gateOpenedAfter = events.Count;
                _pulumi.OpenGate();
            }
        }));

        Assert.That(_pulumi.Argvs[^1], Is.EqualTo(Args(
            "up", "--yes", "--skip-preview", "--refresh", "--parallel", "10", "--json", "--stack", "prod", "--non-interactive")));
        Assert.That(gateOpenedAfter, Is.EqualTo(15), "the update's StepStarted arrived before the rest of the stream was written");

        var sames = new[] { Root, Provider, HubRg, DocsRg, ConnRg, Connection, PublicIp }
            .SelectMany(urn => new[] { Describe("started", StepOp.Same, urn, 1 / 60.0), Describe("done", StepOp.Same, urn, 1 / 60.0) });
        var expected = sames.Concat(
        [
            Describe("started", StepOp.Update, Vnet, 4 / 60.0),
            Describe("started", StepOp.Create, Bastion, 4 / 60.0),
            Describe("started", StepOp.Replace, Storage, 5 / 60.0),
            Describe("done", StepOp.Update, Vnet, 16 / 60.0),
            Describe("done", StepOp.Replace, Storage, 40 / 60.0),
            $"diagnostic warning {Bastion} @5: warning: BastionHost hub-uan-bas: still provisioning after 5m; Azure reports provisioningState Updating",
            Describe("done", StepOp.Create, Bastion, 10),
            Describe("started", StepOp.Delete, KabulGateway, 601 / 60.0),
            Describe("done", StepOp.Delete, KabulGateway, 606 / 60.0),
        ]);
        Assert.That(events.Select(Describe), Is.EqualTo(expected));

        Assert.That(up.Steps.Select(s => (s.Op, s.Urn)), Is.EqualTo(new[]
        {
            (StepOp.Same, Root), (StepOp.Same, Provider), (StepOp.Same, HubRg), (StepOp.Same, DocsRg), (StepOp.Same, ConnRg),
            (StepOp.Same, Connection), (StepOp.Same, PublicIp), (StepOp.Update, Vnet), (StepOp.Create, Bastion), (StepOp.Replace, Storage),
            (StepOp.Delete, KabulGateway),
        }));
        Assert.That(up.Steps.Single(s => s.Op == StepOp.Replace).ReplaceReasons, Is.EqualTo(new[] { "encryption" }));
        Assert.That(up.Summary.Counts, Is.EquivalentTo(new Dictionary<StepOp, int>
        {
            [StepOp.Same] = 7, [StepOp.Create] = 1, [StepOp.Update] = 1, [StepOp.Replace] = 1, [StepOp.Delete] = 1,
        }));
        Assert.That(up.ElapsedMinutes, Is.EqualTo(615 / 60.0).Within(1e-9));
        Assert.That(up.Retries, Is.Zero);
    }

    [Test]
    public async Task Up_with_targets_passes_one_target_flag_per_urn_after_refresh_and_before_parallel()
    {
        _pulumi.RespondText("stack-select").Respond("up", "up-events.jsonl");

        await _pulumi.Engine().UpAsync(NoProgram, Prod() with { Targets = [HubRg, Vnet], Parallel = 4 });

        Assert.That(_pulumi.Argvs[^1], Is.EqualTo(Args(
            "up", "--yes", "--skip-preview", "--refresh", "--target", HubRg, "--target", Vnet, "--parallel", "4", "--json",
            "--stack", "prod", "--non-interactive")));
    }

    [Test]
    public async Task Up_with_config_paths_sets_and_records_them()
    {
        _pulumi.RespondText("stack-select").Respond("up", "up-events.jsonl");

        await _pulumi.Engine().UpAsync(NoProgram, Prod() with { ConfigPaths = ["oic-gs-infra:deployment.phase=active"] });

        Assert.That(_pulumi.Argvs[^1], Is.EqualTo(Args(
            "up", "--yes", "--skip-preview", "--refresh", "--parallel", "10", "--config-path", "--config", "oic-gs-infra:deployment.phase=active", "--json",
            "--stack", "prod", "--non-interactive")), "a DR rebuild records phase: active in the stack file as it deploys");
    }

    [Test]
    public void Up_without_a_summary_event_fails()
    {
        _pulumi.RespondText("stack-select").Respond("up", "up-events-no-summary.jsonl");

        var error = Assert.ThrowsAsync<PulumiCommandException>(() => _pulumi.Engine().UpAsync(NoProgram, Prod()));

        Assert.That(error!.Message, Does.Contain("no summary event"));
        Assert.That(error.ExitCode, Is.Zero);
    }

    [Test]
    public void A_failed_resource_is_reported_as_it_fails_and_the_up_fails_with_its_error()
    {
        _pulumi.RespondText("stack-select").Respond("up", "up-events-failed.jsonl", exitCode: 255);
        var events = new List<EngineEvent>();

        var error = Assert.ThrowsAsync<PulumiCommandException>(() => _pulumi.Engine().UpAsync(NoProgram, Prod(events.Add)));

        var failed = events.OfType<EngineEvent.StepFailed>().Single();
        Assert.That(failed.Step.Op, Is.EqualTo(StepOp.Create));
        Assert.That(failed.Step.Urn, Does.EndWith("::hub-uan-vgw"));
        Assert.That(failed.Step.Type, Is.EqualTo("azure-native:network:VirtualNetworkGateway"));
        Assert.That(failed.Minute, Is.EqualTo(95 / 60.0).Within(1e-9));
        Assert.That(failed.Error, Does.StartWith("error: azure-native:network:VirtualNetworkGateway resource 'hub-uan-vgw'"));
        Assert.That(failed.Error, Does.EndWith("ERROR CODE: PublicIpWithBasicSkuNotAllowedOnVPNGateways"));
        Assert.That(error, Is.Not.InstanceOf<PulumiPolicyViolationException>());
        Assert.That(error!.ExitCode, Is.EqualTo(255));
        Assert.That(error.Message, Does.Contain("PublicIpWithBasicSkuNotAllowedOnVPNGateways"), "the failure says why, though stderr is empty");
        Assert.That(error.Message, Does.Contain("update failed"));
    }

    [Test]
    public void Exit_code_5_is_a_policy_violation_with_the_violations_of_the_stream()
    {
        using var pulumi = new StandInPulumi("v3.228.0");
        pulumi.RespondText("stack-select").Respond("up", "up-events-policy.jsonl", exitCode: 5);
        var events = new List<EngineEvent>();

        var error = Assert.ThrowsAsync<PulumiPolicyViolationException>(() => pulumi.Engine().UpAsync(NoProgram, Prod(events.Add)));

        Assert.That(error!.ExitCode, Is.EqualTo(5));
        Assert.That(error.Violations.Select(v => (v.PolicyName, v.EnforcementLevel)), Is.EqualTo(new[]
        {
            ("storage-no-public-blob-access", "mandatory"), ("storage-public-network-disabled", "advisory"),
        }));
        Assert.That(error.Violations[0].PolicyPack, Is.EqualTo("oic-security-baseline"));
        Assert.That(error.Violations[0].Urn, Does.EndWith("::documents-uan-st-pub"));
        Assert.That(error.Message, Does.Contain("oic-security-baseline/storage-no-public-blob-access"));
        Assert.That(events.OfType<EngineEvent.Diagnostic>().Select(d => d.Severity), Is.EqualTo(new[] { "error", "warning", "error" }));
    }

    [Test]
    public void A_mandatory_policy_event_before_a_failure_is_a_policy_violation_on_old_clis_too()
    {
        _pulumi.RespondText("stack-select").Respond("up", "up-events-policy.jsonl", exitCode: 255);

        var error = Assert.ThrowsAsync<PulumiPolicyViolationException>(() => _pulumi.Engine().UpAsync(NoProgram, Prod()));

        Assert.That(error!.ExitCode, Is.EqualTo(255));
    }

    [Test]
    public void Cancelling_an_up_interrupts_pulumi_with_sigint_so_it_can_save_its_state()
    {
        // The first part holds the progress and prelude events and the first resourcePreEvent; the rest never comes.
        var text = StandInPulumi.Data("up-events.jsonl");
        var split = 0;
        for (var line = 0; line < 3; line++) split = text.IndexOf('\n', split) + 1;
        _pulumi.RespondText("stack-select").RespondInTwoParts("up", "up-events.jsonl", splitAt: split);
        using var cancel = new CancellationTokenSource();

        Assert.That(
            async () => await _pulumi.Engine().UpAsync(NoProgram, Prod(_ => cancel.Cancel()), cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_pulumi.Signals, Is.EqualTo(new[] { "INT" }));
    }

    // ---------------------------------------------------------------- destroy

    [Test]
    public async Task Destroy_runs_destroy_yes_skip_preview_json_without_selecting_or_creating_the_stack()
    {
        _pulumi.Respond("destroy", "destroy-events.jsonl");
        var events = new List<EngineEvent>();

        var result = await _pulumi.Engine().DestroyAsync(Prod(events.Add) with { Parallel = 4 });

        Assert.That(_pulumi.Argvs, Is.EqualTo(new[]
        {
            Args("version"),
            Args("destroy", "--yes", "--skip-preview", "--parallel", "4", "--json", "--stack", "prod", "--non-interactive"),
        }));
        Assert.That(result.Summary.Counts, Is.EquivalentTo(new Dictionary<StepOp, int> { [StepOp.Delete] = 9 }));
        Assert.That(result.Steps, Has.Count.EqualTo(9).And.All.Property(nameof(ResourceStep.Op)).EqualTo(StepOp.Delete));
        Assert.That(events.OfType<EngineEvent.StepDone>().Select(e => e.Step.Urn).First(), Is.EqualTo(Connection));
        Assert.That(result.ElapsedMinutes, Is.EqualTo(151 / 60.0).Within(1e-9));
    }

    [Test]
    public void Destroying_a_stack_that_does_not_exist_is_invalid_input()
    {
        _pulumi.Respond("destroy", stderrFile: "stack-not-found.stderr", exitCode: 255);

        var error = Assert.ThrowsAsync<EngineInputException>(() => _pulumi.Engine().DestroyAsync(Prod()));

        Assert.That(error!.Message, Does.StartWith("stack 'prod' does not exist in the Pulumi backend (pulumi: error: no stack named 'prod' found)"));
        Assert.That(_pulumi.Argvs.Select(a => a[0]), Is.EqualTo(new[] { "version", "destroy" }), "destroy never creates a stack");
    }

    // ---------------------------------------------------------------- refresh

    [Test]
    public async Task Refresh_preview_runs_refresh_preview_only_expect_no_changes_never_with_yes_then_a_plain_stack_export()
    {
        _pulumi.Respond("refresh", "refresh-clean-digest.json").Respond("stack-export", "stack-export.json");

        var result = await _pulumi.Engine().RefreshPreviewAsync(Prod());

        Assert.That(_pulumi.Argvs, Is.EqualTo(new[]
        {
            Args("version"),
            Args("refresh", "--preview-only", "--expect-no-changes", "--json", "--stack", "prod", "--non-interactive"),
            Args("stack", "export", "--stack", "prod", "--non-interactive"),
        }));
        Assert.That(result.Summary.HasChanges, Is.False);
        Assert.That(result.Summary[StepOp.Same], Is.EqualTo(9));
        Assert.That(result.LiveExportJson, Is.EqualTo(StandInPulumi.Data("stack-export.json")), "no drift: live is the recorded state");
    }

    [Test]
    public async Task Refresh_exit_code_7_is_drift_and_the_live_view_has_the_refreshed_values()
    {
        using var pulumi = new StandInPulumi("v3.228.0");
        pulumi.Respond("refresh", "refresh-drift-digest.json", "refresh-expect-no-changes.stderr", exitCode: 7)
            .Respond("stack-export", "stack-export.json");

        var result = await pulumi.Engine().RefreshPreviewAsync(Prod());

        Assert.That(result.Summary.HasChanges, Is.True);
        Assert.That(result.Summary.Counts, Is.EquivalentTo(new Dictionary<StepOp, int>
        {
            [StepOp.Same] = 6, [StepOp.Update] = 2, [StepOp.Delete] = 1,
        }));
        AssertNoYesWithPreviewOnly(pulumi);

        var recorded = Resources(StandInPulumi.Data("stack-export.json"));
        var live = Resources(result.LiveExportJson);
        Assert.That(live.Keys, Is.EquivalentTo(recorded.Keys.Where(urn => urn != PublicIp)), "the public IP was deleted out of band");
        var storage = live[Storage]["outputs"]!;
        Assert.That(storage["allowBlobPublicAccess"]!.GetValue<bool>(), Is.True);
        Assert.That(storage["minimumTlsVersion"]!.GetValue<string>(), Is.EqualTo("TLS1_0"));
        Assert.That(storage["networkRuleSet"]!["defaultAction"]!.GetValue<string>(), Is.EqualTo("Allow"));
        Assert.That(live[Connection]["outputs"]!["tags"]!["owner"]!.GetValue<string>(), Is.EqualTo("network-operations@oic-oci.org"));
        Assert.That(JsonNode.DeepEquals(live[Connection]["outputs"]!["sharedKey"], recorded[Connection]["outputs"]!["sharedKey"]), Is.True,
            "a masked secret keeps its recorded (encrypted) value");
        Assert.That(JsonNode.DeepEquals(live[Connection]["inputs"]!["sharedKey"], recorded[Connection]["inputs"]!["sharedKey"]), Is.True);
        Assert.That(result.LiveExportJson, Does.Not.Contain("[secret]"));
        Assert.That(JsonNode.DeepEquals(live[Vnet], recorded[Vnet]), Is.True, "resources without drift are unchanged");
        Assert.That(JsonNode.Parse(result.LiveExportJson)!["version"]!.GetValue<int>(), Is.EqualTo(3));
    }

    [Test]
    public async Task Refresh_exit_255_with_the_expect_no_changes_message_is_drift_on_clis_older_than_3_226_1()
    {
        _pulumi.Respond("refresh", "refresh-drift-digest.json", "refresh-expect-no-changes.stderr", exitCode: 255)
            .Respond("stack-export", "stack-export.json");

        var result = await _pulumi.Engine().RefreshPreviewAsync(Prod());

        Assert.That(result.Summary.HasChanges, Is.True);
        Assert.That(result.Summary[StepOp.Update], Is.EqualTo(2));
        AssertNoYesWithPreviewOnly(_pulumi);
    }

    [Test]
    public void Refresh_exit_255_without_the_message_is_a_failure()
    {
        _pulumi.Respond("refresh", "refresh-drift-digest.json", "compiler-failed.stderr", exitCode: 255);

        var error = Assert.ThrowsAsync<PulumiCommandException>(() => _pulumi.Engine().RefreshPreviewAsync(Prod()));

        Assert.That(error!.ExitCode, Is.EqualTo(255));
    }

    [Test]
    public void Refresh_exit_255_is_a_failure_on_clis_that_use_exit_code_7()
    {
        using var pulumi = new StandInPulumi("v3.228.0");
        pulumi.Respond("refresh", "refresh-drift-digest.json", "refresh-expect-no-changes.stderr", exitCode: 255);

        Assert.ThrowsAsync<PulumiCommandException>(() => pulumi.Engine().RefreshPreviewAsync(Prod()));
    }

    [Test]
    public void Refresh_preview_needs_a_cli_with_preview_only()
    {
        using var pulumi = new StandInPulumi("v3.100.0");

        var error = Assert.ThrowsAsync<EngineInputException>(() => pulumi.Engine().RefreshPreviewAsync(Prod()));

        Assert.That(error!.Message, Does.Contain("v3.105.0 or later"));
        Assert.That(pulumi.Argvs, Is.EqualTo(new[] { Args("version") }));
    }

    // ----------------------------------------------------------------- export

    [Test]
    public async Task Export_runs_a_plain_stack_export_and_returns_it_verbatim()
    {
        _pulumi.Respond("stack-export", "stack-export.json");

        var export = await _pulumi.Engine().ExportStackAsync("prod");

        Assert.That(export, Is.EqualTo(StandInPulumi.Data("stack-export.json")));
        Assert.That(_pulumi.Argvs[^1], Is.EqualTo(Args("stack", "export", "--stack", "prod", "--non-interactive")));
        Assert.That(_pulumi.Calls.SelectMany(c => c.Argv), Has.None.EqualTo("--show-secrets"));
    }

    [Test]
    public async Task Export_of_a_stack_that_does_not_exist_is_null()
    {
        _pulumi.Respond("stack-export", stderrFile: "stack-not-found.stderr", exitCode: 255);

        Assert.That(await _pulumi.Engine().ExportStackAsync("prod"), Is.Null);
    }

    // ------------------------------------------------------------ typed errors

    [TestCase("stack-locked.stderr", 255, "created by svc-deploy@build-agent-07 (pid 48213) at 2026-01-12T06:41:55Z")]
    [TestCase("update-conflict.stderr", 255, "[409] Conflict: Another update is currently in progress.")]
    public void A_locked_stack_is_invalid_input_naming_the_holder(string stderrFile, int exitCode, string detail)
    {
        _pulumi.RespondText("stack-select").Respond("up", stderrFile: stderrFile, exitCode: exitCode);

        var error = Assert.ThrowsAsync<EngineInputException>(() => _pulumi.Engine().UpAsync(NoProgram, Prod()));

        Assert.That(error!.Message, Does.StartWith("stack 'prod' is locked: another update is in progress."));
        Assert.That(error.Message, Does.Contain(detail));
    }

    [TestCase("not-logged-in.stderr", 255, "v3.209.0")]
    [TestCase("unauthorized.stderr", 255, "v3.209.0")]
    [TestCase(null, 3, "v3.228.0")]
    public void Not_logged_in_is_invalid_input(string? stderrFile, int exitCode, string version)
    {
        using var pulumi = new StandInPulumi(version);
        pulumi.Respond("stack-select", stderrFile: stderrFile, exitCode: exitCode);

        var error = Assert.ThrowsAsync<EngineInputException>(() => pulumi.Engine().PreviewAsync(NoProgram, Prod()));

        Assert.That(error!.Message, Does.StartWith("the Pulumi CLI is not logged in to a state backend: run `pulumi login`"));
        Assert.That(pulumi.Argvs.Select(a => a[0]), Is.EqualTo(new[] { "version", "stack" }), "nothing runs after a failed select");
    }

    [Test]
    public void Other_failures_carry_the_command_line_exit_code_and_stderr()
    {
        _pulumi.RespondText("stack-select", stderr: "error: could not read plugin [azure-native]: unexpected EOF\n", exitCode: 1);

        var error = Assert.ThrowsAsync<PulumiCommandException>(() => _pulumi.Engine().PreviewAsync(NoProgram, Prod()));

        Assert.That(error!.CommandLine, Is.EqualTo(StandInPulumi.Executable + " stack select --stack prod --non-interactive"));
        Assert.That(error.ExitCode, Is.EqualTo(1));
        Assert.That(error.StandardError, Is.EqualTo("error: could not read plugin [azure-native]: unexpected EOF\n"));
        Assert.That(error.Message, Does.Contain("failed with exit code 1").And.Contain("unexpected EOF"));
    }

    // --------------------------------------------------------------- versions

    [TestCase("v3.0.0")]
    [TestCase("v2.25.2")]
    [TestCase("v4.0.0")]
    [TestCase("not a version")]
    public void Unsupported_cli_versions_are_refused_before_anything_runs(string version)
    {
        Assume.That(Environment.GetEnvironmentVariable(PulumiEngine.SkipVersionCheckVariable), Is.Null);
        using var pulumi = new StandInPulumi(version);

        var error = Assert.ThrowsAsync<EngineInputException>(() => pulumi.Engine().PreviewAsync(NoProgram, Prod()));

        Assert.That(error!.Message, Does.Contain(PulumiEngine.SkipVersionCheckVariable));
        Assert.That(pulumi.Argvs, Is.EqualTo(new[] { Args("version") }));
    }

    [TestCase("v3.1.0")]
    [TestCase("v3.209.0")]
    [TestCase("v3.228.0-alpha.1767312345+gd3adb33f")]
    public async Task Supported_cli_versions_are_accepted(string version)
    {
        using var pulumi = new StandInPulumi(version);
        pulumi.Respond("stack-export", "stack-export.json");

        Assert.That(await pulumi.Engine().ExportStackAsync("prod"), Is.Not.Null);
    }

    [Test]
    public async Task The_version_check_is_skipped_when_the_automation_variable_is_set()
    {
        using var pulumi = new StandInPulumi("v3.0.0");
        pulumi.RespondText("stack-select").Respond("preview", "preview-digest.json");
        var engine = pulumi.Engine(new Dictionary<string, string> { [PulumiEngine.SkipVersionCheckVariable] = "true" });

        await engine.PreviewAsync(NoProgram, Prod());

        Assert.That(pulumi.Argvs.Select(a => a[0]), Is.EqualTo(new[] { "version", "stack", "preview" }));
    }

    // ------------------------------------------------------------ environment

    [Test]
    public async Task Pulumi_home_and_extra_variables_reach_the_cli_and_streaming_preview_is_switched_off_for_digests()
    {
        var home = Path.Combine(_pulumi.Root, "pulumi-home");
        _pulumi.RespondText("stack-select").Respond("preview", "preview-digest.json").Respond("up", "up-events.jsonl");
        var engine = _pulumi.Engine(
            new Dictionary<string, string> { ["OIC_TEST_EXTRA"] = "from-the-caller", ["PULUMI_ENABLE_STREAMING_JSON_PREVIEW"] = "true" },
            pulumiHome: home);

        await engine.PreviewAsync(NoProgram, Prod());
        await engine.UpAsync(NoProgram, Prod());

        Assert.That(_pulumi.Calls.Select(c => c.Env["PULUMI_HOME"]), Is.All.EqualTo(home));
        Assert.That(_pulumi.Calls.Select(c => c.Env["OIC_TEST_EXTRA"]), Is.All.EqualTo("from-the-caller"));
        var preview = _pulumi.Calls.Single(c => c.Argv[0] == "preview");
        Assert.That(preview.Env["PULUMI_ENABLE_STREAMING_JSON_PREVIEW"], Is.Null, "preview must print the one digest document");
        Assert.That(_pulumi.Calls.Single(c => c.Argv[0] == "up").Env["PULUMI_ENABLE_STREAMING_JSON_PREVIEW"], Is.EqualTo("true"));
    }

    [Test]
    public void A_cli_that_cannot_be_started_is_invalid_input()
    {
        var engine = new PulumiEngine(_pulumi.ProjectDirectory, Path.Combine(_pulumi.Root, "no-such-pulumi"));

        var error = Assert.ThrowsAsync<EngineInputException>(() => engine.ExportStackAsync("prod"));

        Assert.That(error!.Message, Does.StartWith("cannot run the Pulumi CLI"));
    }

    [Test]
    public void A_directory_without_pulumi_yaml_is_refused()
    {
        var error = Assert.Throws<EngineInputException>(() => _ = new PulumiEngine(_pulumi.Root, StandInPulumi.Executable));

        Assert.That(error!.Message, Does.EndWith("is not a Pulumi project: it has no Pulumi.yaml"));
    }

    // ---------------------------------------------------------------- helpers

    private static void AssertNoYesWithPreviewOnly(StandInPulumi pulumi)
    {
        Assert.That(pulumi.Calls, Has.Some.Matches<PulumiCall>(c => c.Argv.Contains("--preview-only")));
        Assert.That(pulumi.Calls, Has.None.Matches<PulumiCall>(c => c.Argv.Contains("--preview-only") && c.Argv.Contains("--yes")));
    }

    private static Dictionary<string, JsonObject> Resources(string export) =>
        JsonNode.Parse(export)!["deployment"]!["resources"]!.AsArray()
            .Select(r => r!.AsObject())
            .ToDictionary(r => r["urn"]!.GetValue<string>());

    private static string Describe(string what, StepOp op, string urn, double minute) =>
        FormattableString.Invariant($"{what} {op} {urn} @{minute:0.####}");

    private static string Describe(EngineEvent e) => e switch
    {
        EngineEvent.StepStarted s => Describe("started", s.Step.Op, s.Step.Urn, s.Minute),
        EngineEvent.StepDone d => Describe("done", d.Step.Op, d.Step.Urn, d.Minute),
        EngineEvent.StepFailed f => Describe("failed", f.Step.Op, f.Step.Urn, f.Minute) + ": " + f.Error,
        EngineEvent.Diagnostic d => FormattableString.Invariant($"diagnostic {d.Severity} {d.Urn} @{d.Minute:0.####}: {d.Message}"),
        _ => e.ToString(),
    };
}
