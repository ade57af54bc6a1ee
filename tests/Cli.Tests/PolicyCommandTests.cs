using System.Text.Json;

namespace Oic.Infra.Cli.Tests;

[TestFixture]
public sealed class PolicyCommandTests
{
    private static string Fixture(string name) => Path.Combine(Repo.Root, "tests", "Cli.Tests", "Fixtures", name);

    [TestCase("prod")]
    [TestCase("prod-dr")]
    public void Reference_estate_has_no_mandatory_violation(string stack)
    {
        var result = Repo.Infra("policy", "check", "--stack", stack, "--format", "json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var summary = json.RootElement.GetProperty("summary");
        Assert.That(summary.GetProperty("mandatory").GetInt32(), Is.Zero, result.Stdout);
        Assert.That(summary.GetProperty("resources").GetInt32(), Is.GreaterThan(150));
        Assert.That(json.RootElement.GetProperty("errors").GetArrayLength(), Is.Zero, "no rule may throw on the reference estate");
    }

    [Test]
    public void Planted_violations_in_a_stack_export_are_reported_with_rule_urn_severity_and_controls()
    {
        var result = Repo.Infra("policy", "check", "--state", Fixture("prod-export-planted.json"), "--format", "json");

        Assert.That(result.ExitCode, Is.EqualTo(5), result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        string[] fields = ["policy", "pack", "enforcement", "severity", "urn", "type", "message", "controls", "waived"];
        Assert.That(results, Has.All.Matches<JsonElement>(r => fields.All(f => r.TryGetProperty(f, out _))));

        JsonElement Find(string policy, string urnEnd) => results.Single(r =>
            r.GetProperty("policy").GetString() == policy && r.GetProperty("urn").GetString()!.EndsWith(urnEnd, StringComparison.Ordinal));
        var anonymous = Find("storage-no-anonymous-blob", "::documents-uan-st-pub");
        Assert.That(anonymous.GetProperty("severity").GetString(), Is.EqualTo("high"));
        Assert.That(anonymous.GetProperty("enforcement").GetString(), Is.EqualTo("mandatory"));
        Assert.That(anonymous.GetProperty("controls").EnumerateArray().Select(c => c.GetString()), Does.Contain("MCSB:NS-2"));
        var rdp = Find("nsg-no-internet-rdp", "::hub-uan-nsg-dns");
        Assert.That(rdp.GetProperty("severity").GetString(), Is.EqualTo("critical"));
        Assert.That(rdp.GetProperty("controls").EnumerateArray().Select(c => c.GetString()), Does.Contain("CIS-3.0:7.1"));
        Find("vpn-strong-crypto", "::connectivity-uan-cn-nyc");
        Assert.That(result.Stdout + result.Stderr, Does.Not.Contain("AbCdEfGhIjKlMnOp"), "secret ciphertext must not be echoed");
    }

    [Test]
    public void Sarif_leaves_out_waived_results_and_carries_string_security_severity()
    {
        var dir = TempDir();
        try
        {
            var waivers = Path.Combine(dir, "waivers.yaml");
            File.WriteAllText(waivers, $"""
                waivers:
                  - ruleId: storage-no-anonymous-blob
                    resource: "urn:pulumi:prod::oic-gs-infra::*::documents-uan-st-pub"
                    category: mitigated
                    justification: Publications are public by design and served through the CDN only.
                    approvedBy: CISO
                    ticket: ICT-2026-0412
                    expiresOn: {DateTime.UtcNow.AddDays(30):yyyy-MM-dd}
                """);
            var result = Repo.Infra("policy", "check", "--state", Fixture("prod-export-planted.json"), "--format", "sarif", "--waivers", waivers);

            Assert.That(result.ExitCode, Is.EqualTo(5), result.ToString());
            using var sarif = JsonDocument.Parse(result.Stdout);
            Assert.That(sarif.RootElement.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
            var run = sarif.RootElement.GetProperty("runs")[0];
            var ids = run.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()).ToList();
            Assert.That(ids, Does.Not.Contain("storage-no-anonymous-blob"));
            Assert.That(ids, Does.Contain("nsg-no-internet-rdp"));
            Assert.That(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
                .Select(r => r.GetProperty("properties").GetProperty("security-severity").ValueKind), Has.All.EqualTo(JsonValueKind.String));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Sarif_of_a_preview_outside_the_repository_locates_every_result_at_a_line_of_a_repository_file()
    {
        // As CI has it: out/preview.json is no file of the repository. The digest holds the planted
        // export's resources as `same` steps (pulumi preview --json --show-sames: newState per step).
        var dir = TempDir();
        try
        {
            using var export = JsonDocument.Parse(File.ReadAllText(Fixture("prod-export-planted.json")));
            var resources = export.RootElement.GetProperty("deployment").GetProperty("resources").EnumerateArray().ToList();
            var preview = Path.Combine(dir, "preview.json");
            File.WriteAllText(preview, JsonSerializer.Serialize(new
            {
                steps = resources.Select(r => new { op = "same", urn = r.GetProperty("urn").GetString(), newState = r }),
                changeSummary = new { same = resources.Count },
            }));

            var result = Repo.Infra("policy", "check", "--preview", preview, "--format", "sarif");

            Assert.That(result.ExitCode, Is.EqualTo(5), result.ToString());
            using var sarif = JsonDocument.Parse(result.Stdout);
            var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
            Assert.That(results, Is.Not.Empty);
            var located = results.Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation")).Select(l => (
                Uri: Uri.UnescapeDataString(l.GetProperty("artifactLocation").GetProperty("uri").GetString()!),
                Line: l.GetProperty("region").GetProperty("startLine").GetInt32())).ToList();
            Assert.Multiple(() =>
            {
                foreach (var (uri, line) in located)
                {
                    var file = Path.Combine(Repo.Root, uri);
                    Assert.That(File.Exists(file), Is.True, $"{uri} is not a file of the repository");
                    if (File.Exists(file))
                        Assert.That(line, Is.InRange(1, File.ReadAllLines(file).Length), $"{uri}:{line}");
                }
            });
            Assert.That(located.Select(l => l.Uri), Has.Some.Match(@"^stacks/.+\.cs$"), "resources the program declares point at their C# line");
            Assert.That(located.Select(l => l.Uri), Has.None.EqualTo("preview.json"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Malformed_waiver_file_is_invalid_input_with_its_line()
    {
        var dir = TempDir();
        try
        {
            var waivers = Path.Combine(dir, "waivers.yaml");
            File.WriteAllText(waivers, """
                waivers:
                  - ruleId: storage-no-anonymous-blob
                    resource: "*"
                    category: waiver
                    justification: too short
                    approvedBy: CISO
                    ticket: ICT-1
                    expiresOn: 2099-01-01
                """);
            var result = Repo.Infra("policy", "check", "--stack", "prod", "--waivers", waivers);

            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.Contain("waivers.yaml:5:").And.Contain("at least 20 characters"));
            Assert.That(result.Stderr, Does.Contain("waivers.yaml:8:").And.Contain("more than 180 days ahead"));
            Assert.That(result.Stdout, Is.Empty);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Waivers_read_beside_an_export_report_their_errors_only_after_the_exports_and_the_configs()
    {
        // The waivers are read while the export is (a large export takes a second): what is reported is what
        // reading them in turn would report — the export's damage first, then the policy config's, then the waivers'.
        var dir = TempDir();
        try
        {
            var waivers = Path.Combine(dir, "waivers.yaml");
            File.WriteAllText(waivers, "waivers:\n  - ruleId: no-such-rule\n");
            var config = Path.Combine(dir, "config.json");
            File.WriteAllText(config, "{\n  \"storage-https-onyl\": {\"enforcementLevel\": \"advisory\"}\n}\n");
            var damaged = Path.Combine(dir, "export.json");
            File.WriteAllText(damaged, "{\"version\":3,\"deployment\":{\"resources\":[{\"urn\":\"not-a-urn\"}]}}");

            var export = Repo.Infra("policy", "check", "--state", damaged, "--waivers", waivers, "--config", config);
            var configFirst = Repo.Infra("policy", "check", "--state", Fixture("prod-export-planted.json"), "--waivers", waivers, "--config", config);
            var waiversLast = Repo.Infra("policy", "check", "--state", Fixture("prod-export-planted.json"), "--waivers", waivers);

            Assert.Multiple(() =>
            {
                Assert.That(export.ExitCode, Is.EqualTo(2), export.ToString());
                Assert.That(export.Stderr, Does.Contain("'not-a-urn' is not a Pulumi URN").And.Not.Contain("waivers.yaml"));
                Assert.That(configFirst.ExitCode, Is.EqualTo(2), configFirst.ToString());
                Assert.That(configFirst.Stderr, Does.Contain("config.json:2").And.Not.Contain("waivers.yaml"));
                Assert.That(waiversLast.ExitCode, Is.EqualTo(2), waiversLast.ToString());
                Assert.That(waiversLast.Stderr, Does.Contain("waivers.yaml:2"));
                Assert.That(export.Stdout + configFirst.Stdout + waiversLast.Stdout, Is.Empty);
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Policy_config_with_an_unknown_rule_is_invalid_input_with_a_suggestion()
    {
        var dir = TempDir();
        try
        {
            var config = Path.Combine(dir, "config.json");
            File.WriteAllText(config, "{\n  \"all\": \"mandatory\",\n  \"storage-https-onyl\": {\"enforcementLevel\": \"advisory\"}\n}\n");
            var result = Repo.Infra("policy", "check", "--stack", "prod", "--config", config);

            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.Contain("config.json:3").And.Contain("did you mean 'storage-https-only'?"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Compile_refuses_a_program_with_a_mandatory_violation_and_prints_nothing()
    {
        var dir = TempDir();
        try
        {
            var file = Path.Combine(dir, "Pulumi.prod.yaml");
            File.WriteAllText(file, File.ReadAllText(Path.Combine(Repo.Root, "stacks", "Pulumi.prod.yaml"))
                .Replace("firewallTier: Premium", "firewallTier: Standard", StringComparison.Ordinal));

            var result = Repo.Infra("compile", "--stack", "prod", "--config-file", file);

            Assert.That(result.ExitCode, Is.EqualTo(5), result.ToString());
            Assert.That(result.Stdout, Is.Empty, "no program may be emitted");
            Assert.That(result.Stderr, Does.Contain("fw-idps-deny"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Exactly_one_input_is_required()
    {
        var none = Repo.Infra("policy", "check");
        var two = Repo.Infra("policy", "check", "--stack", "prod", "--state", Fixture("prod-export-planted.json"));
        Assert.That(none.ExitCode, Is.EqualTo(2), none.ToString());
        Assert.That(two.ExitCode, Is.EqualTo(2), two.ToString());
    }

    [Test]
    public void Unreadable_state_document_is_invalid_input()
    {
        var dir = TempDir();
        try
        {
            var file = Path.Combine(dir, "export.json");
            File.WriteAllText(file, "{\"version\": 3, \"deployment\": {\"resources\": [\n  {\"urn\": }\n]}}");
            var result = Repo.Infra("policy", "check", "--state", file);
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Stderr, Does.Contain("export.json:2:"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Policy_list_matches_the_generated_docs_page()
    {
        var list = Repo.Infra("policy", "list", "--format", "markdown");
        Assert.That(list.ExitCode, Is.Zero, list.ToString());
        var docs = Path.Combine(Repo.Root, "docs", "policies.md");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1") File.WriteAllText(docs, list.Stdout);
        Assert.That(File.ReadAllText(docs), Is.EqualTo(list.Stdout),
            "docs/policies.md is out of date: run `./infra policy list --format markdown > docs/policies.md`");
    }

    [Test]
    public void The_docs_page_has_a_coverage_section_for_every_type_the_stacks_declare()
    {
        var workspace = Oic.Infra.Toolkit.Workspace.Open(Repo.Root);
        var types = workspace.KnownStacks
            .SelectMany(stack => workspace.LoadWhole(stack).Program.Resources.Select(r => r.Type))
            .Where(t => t.StartsWith("azure-native:", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var docs = File.ReadAllText(Path.Combine(Repo.Root, "docs", "policies.md"));

        Assert.That(workspace.KnownStacks, Is.SupersetOf(new[] { "prod", "prod-dr", "dev" }));
        Assert.Multiple(() =>
        {
            foreach (var type in types)
                Assert.That(docs, Does.Contain($"\n### `{type}`\n"), $"{type} has no coverage section");
            foreach (var row in Oic.Infra.Policies.Frameworks.PsRule.PsRuleCatalogue.All.Where(r => r.Type != "*"))
                Assert.That(types, Does.Contain(row.Type), $"{row.Name} is about a type no stack declares");
        });
    }

    [Test]
    public void Coverage_lists_covered_and_uncheckable_controls()
    {
        var cis = Repo.Infra("policy", "coverage", "--framework", "cis-3.0");
        var unknown = Repo.Infra("policy", "coverage", "--framework", "nist-800-53");
        Assert.That(cis.ExitCode, Is.Zero, cis.ToString());
        Assert.That(cis.Stdout, Does.Contain("4.1").And.Contain("storage-https-only"));
        Assert.That(unknown.ExitCode, Is.EqualTo(2), unknown.ToString());
    }

    [Test]
    public void Coverage_shows_per_rule_whether_azure_policy_holds_it_and_whether_the_stack_assigns_it()
    {
        var text = Repo.Infra("policy", "coverage", "--framework", "mcsb");
        var prod = Repo.Infra("policy", "coverage", "--framework", "mcsb", "--format", "json", "--stack", "prod");
        var dr = Repo.Infra("policy", "coverage", "--framework", "cis-3.0", "--format", "json", "--stack", "prod-dr");
        Assert.That(text.ExitCode, Is.Zero, text.ToString());
        Assert.That(text.Stdout, Does.Contain("RULES HELD BY AZURE POLICY TOO").And.Contain("AZURE POLICY")
            .And.Contain("Deny: Secure transfer to storage accounts should be enabled (404c3081)"));
        Assert.That(prod.ExitCode, Is.Zero, prod.ToString());
        Assert.That(dr.ExitCode, Is.Zero, dr.ToString());

        static System.Text.Json.JsonElement Rule(string json, string id) =>
            System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);
        var https = Rule(prod.Stdout, "storage-https-only");
        Assert.Multiple(() =>
        {
            Assert.That(https.GetProperty("inAzurePolicy").GetBoolean(), Is.True);
            Assert.That(https.GetProperty("assignedInStack").GetBoolean(), Is.True, "prod assigns the subscription's definitions");
            Assert.That(https.GetProperty("azurePolicy")[0].GetProperty("effect").GetString(), Is.EqualTo("Deny"));
            Assert.That(Rule(prod.Stdout, "dr-pilot-light").GetProperty("inAzurePolicy").GetBoolean(), Is.False);
            Assert.That(Rule(dr.Stdout, "storage-https-only").GetProperty("assignedInStack").GetBoolean(), Is.False,
                "prod-dr shares prod's subscription and assigns nothing itself");
        });
    }

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"infra-policy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
