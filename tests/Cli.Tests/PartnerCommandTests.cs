using System.Text.Json;
using System.Text.RegularExpressions;

namespace Oic.Infra.Cli.Tests;

/// <summary><c>infra partner config</c>: the partner's side of its tunnel, from the stack's compiled program, never the key.</summary>
[TestFixture]
public sealed partial class PartnerCommandTests
{
    [Test]
    public void Sesric_strongswan_on_prod_matches_the_golden_file()
    {
        var result = Repo.Infra("partner", "config", "--stack", "prod", "--partner", "sesric", "--device", "strongswan");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Repo.AssertGolden(Path.Combine("partner", "prod-sesric-strongswan.conf"), result.Stdout, "SESRIC's strongSwan configuration changed");
    }

    [Test]
    public void Sesric_json_on_prod_matches_the_golden_file()
    {
        var result = Repo.Infra("partner", "config", "--stack", "prod", "--partner", "sesric", "--format", "json");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Repo.AssertGolden(Path.Combine("partner", "prod-sesric.json"), result.Stdout, "SESRIC's tunnel values changed");
    }

    /// <summary>
    /// swanctl.conf's grammar (strongSwan, <i>swanctl.conf</i>): sections <c>name {</c> … <c>}</c> and settings
    /// <c>key = value</c>, <c>#</c> comments. Every line outside comments is one of those, braces balance, and the
    /// settings each connection and child needs are present with the stack's values.
    /// </summary>
    [Test]
    public void The_strongswan_file_is_swanctl_syntax_with_the_stacks_values_and_no_secret()
    {
        var text = Repo.Infra("partner", "config", "--stack", "prod", "--partner", "sesric", "--device", "strongswan").Stdout;
        var depth = 0;
        var sections = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (SectionOpen().Match(line) is { Success: true } open)
            {
                depth++;
                sections.Add(open.Groups[1].Value);
                continue;
            }
            if (line == "}")
            {
                depth--;
                Assert.That(depth, Is.GreaterThanOrEqualTo(0), "a closing brace without its section");
                continue;
            }
            Assert.That(Setting().IsMatch(line), Is.True, $"not a swanctl setting: '{line}'");
            Assert.That(depth, Is.GreaterThan(0), $"a setting outside any section: '{line}'");
        }
        Assert.That(depth, Is.Zero, "braces balance");
        Assert.That(sections, Is.SupersetOf(new[] { "connections", "oic-prod-1", "oic-prod-2", "local", "remote", "children", "oic-prod-1-net" }));
        Assert.That(sections, Does.Not.Contain("secrets"), "no secrets section: the key is not ours to print");
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("version = 2"));
            Assert.That(text, Does.Contain("local_addrs = 192.0.2.10"));
            Assert.That(text, Does.Contain("remote_addrs = AZURE_GATEWAY_IP_1").And.Contain("remote_addrs = AZURE_GATEWAY_IP_2"));
            Assert.That(text, Does.Contain("proposals = aes256gcm16-prfsha384-ecp384"));
            Assert.That(text, Does.Contain("esp_proposals = aes256gcm16-ecp384"));
            Assert.That(text, Does.Contain("local_ts = 172.20.0.0/22").And.Contain("remote_ts = 10.40.4.0/27"));
            Assert.That(text, Does.Contain("rekey_time = 27000s").And.Contain($"rekey_bytes = {102400000L * 1024}"));
            Assert.That(text, Does.Contain("auth = psk"));
            Assert.That(text, Does.Contain("pulumi config get vpnSharedKey-sesric --stack prod"));
            Assert.That(text, Does.Contain("pulumi stack output vpnGatewayPublicIps --stack prod"));
        });
    }

    [Test]
    public void Cisco_and_fortigate_carry_the_same_proposals_selectors_and_lifetimes()
    {
        var cisco = Repo.Infra("partner", "config", "--stack", "prod", "--partner", "icdt", "--device", "cisco-ios");
        Assert.That(cisco.ExitCode, Is.Zero, cisco.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(cisco.Stdout, Does.Contain("crypto ikev2 proposal OIC-PROD-PROPOSAL\n encryption aes-gcm-256\n prf sha384\n group 20"));
            Assert.That(cisco.Stdout, Does.Contain("crypto ikev2 keyring OIC-PROD-KEYRING").And.Contain("crypto ikev2 profile OIC-PROD-PROFILE"));
            Assert.That(cisco.Stdout, Does.Contain("crypto ipsec transform-set OIC-PROD-TS esp-gcm 256"));
            Assert.That(cisco.Stdout, Does.Contain(" permit ip 172.20.4.0 0.0.1.255 10.40.4.32 0.0.0.31"), "ICDT's selectors: its /23 to its exchange /27");
            Assert.That(cisco.Stdout, Does.Contain(" set pfs group20").And.Contain(" set security-association lifetime seconds 27000"));
            Assert.That(cisco.Stdout, Does.Contain(" set peer AZURE_GATEWAY_IP_1").And.Contain(" set peer AZURE_GATEWAY_IP_2"));
            Assert.That(Regex.IsMatch(cisco.Stdout, @"^\s*pre-shared-key\s", RegexOptions.Multiline), Is.False, "no key line outside a comment");
        });

        var forti = Repo.Infra("partner", "config", "--stack", "prod", "--partner", "icdt", "--device", "fortigate");
        Assert.That(forti.ExitCode, Is.Zero, forti.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(forti.Stdout, Does.Contain("config vpn ipsec phase1-interface").And.Contain("config vpn ipsec phase2-interface"));
            Assert.That(forti.Stdout, Does.Contain("set proposal aes256gcm-prfsha384").And.Contain("set dhgrp 20").And.Contain("set ike-version 2"));
            Assert.That(forti.Stdout, Does.Contain("set proposal aes256gcm\n").And.Contain("set keylifeseconds 27000").And.Contain("set keylifekbs 102400000"));
            Assert.That(forti.Stdout, Does.Contain("set src-subnet 172.20.4.0 255.255.254.0").And.Contain("set dst-subnet 10.40.4.32 255.255.255.224"));
            Assert.That(Regex.IsMatch(forti.Stdout, @"^\s*set psksecret", RegexOptions.Multiline), Is.False, "no key line outside a comment");
            Assert.That(forti.Stdout.Split('\n').Count(l => l.Trim() == "end"), Is.EqualTo(2));
        });
    }

    [Test]
    public void The_json_form_names_the_key_without_holding_it()
    {
        var result = Repo.Infra("partner", "config", "--stack", "prod", "--partner", "sesric", "--format", "json");
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("ike").GetProperty("dhGroup").GetString(), Is.EqualTo("ECP384"));
        Assert.That(root.GetProperty("ipsec").GetProperty("saLifetimeSeconds").GetInt64(), Is.EqualTo(27000));
        Assert.That(root.GetProperty("sharedKey").GetProperty("configKey").GetString(), Is.EqualTo("vpnSharedKey-sesric"));
        Assert.That(root.GetProperty("azure").GetProperty("prefixes")[0].GetString(), Is.EqualTo("10.40.4.0/27"));
        Assert.That(root.GetProperty("azure").GetProperty("instances").GetArrayLength(), Is.EqualTo(2), "active-active: two instances");
    }

    [TestCase("--partner", "nope", "no partner 'nope' in stack prod; partners: sesric, icdt, ircica (front)")]
    [TestCase("--partner", "nyc", "'nyc' is the office Permanent Observer Mission to the United Nations, not a partner")]
    [TestCase("--partner", "ircica", "partner 'ircica' (Research Centre for Islamic History, Art and Culture (IRCICA)) is linked with 'kind: front'")]
    [TestCase("--device", "juniper", "--device juniper: not a device this tool configures; one of: strongswan, cisco-ios, fortigate")]
    [TestCase("--stack", "nope", "nope")]
    public void Bad_input_exits_2_with_a_clear_message_and_prints_nothing(string option, string value, string message)
    {
        var args = new Dictionary<string, string> { ["--stack"] = "prod", ["--partner"] = "sesric", ["--device"] = "strongswan" };
        args[option] = value;
        var result = Repo.Infra(["partner", "config", .. args.SelectMany(a => new[] { a.Key, a.Value })]);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stdout, Is.Empty);
        Assert.That(result.Stderr, Does.Contain(message));
    }

    [Test]
    public void The_help_text_says_what_it_prints_and_what_it_never_prints()
    {
        var result = Repo.Infra("partner", "config", "--help");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Contain("--device").And.Contain("strongswan").And.Contain("Never the pre-shared key"));
    }

    [GeneratedRegex(@"^([A-Za-z0-9_.-]+)\s*\{$")]
    private static partial Regex SectionOpen();

    [GeneratedRegex(@"^[a-z_]+\s*=\s*\S.*$")]
    private static partial Regex Setting();
}
