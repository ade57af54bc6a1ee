namespace Oic.Infra.Cli.Tests;

[TestFixture]
public sealed class ReachCommandTests
{
    [Test]
    public void Prod_json_matches_the_golden_file()
    {
        var result = Repo.Infra("reach", "--stack", "prod", "--format", "json");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Repo.AssertGolden(Path.Combine("reach", "prod.json"), result.Stdout, "prod's reachability changed");
    }

    [Test]
    public void Every_office_and_partner_of_prod_is_a_source_and_no_partner_reaches_another()
    {
        var result = Repo.Infra("reach", "--stack", "prod", "--from", "partner", "--to", "partner");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Contain("3 source(s) × 2 destination(s), 0 pair(s) reach"), "IRCICA (front) is a source, and no destination: it has no network");

        var all = Repo.Infra("reach", "--stack", "prod", "--format", "json");
        foreach (var site in new[] { "headquarters:jed", "office:nyc", "office:gva", "office:bru", "office:kbl", "partner:sesric", "partner:icdt", "partner:ircica" })
            Assert.That(all.Stdout, Does.Contain($"\"name\": \"{site}\""), site);
    }

    /// <summary>
    /// A partner linked through the front (IRCICA in prod) is an internet address holding a subscription key: it reaches
    /// its API Management front with that key, what the whole internet reaches (Bastion's sign-in page), and, through the
    /// front's granted public-documents API called from the hub's outbound subnet, the public store — no subnet, private
    /// endpoint, other store or site.
    /// </summary>
    [Test]
    public void A_front_partner_reaches_its_front_and_through_it_the_public_store_only()
    {
        var result = Repo.Infra("reach", "--stack", "prod", "--format", "json");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var cells = doc.RootElement.GetProperty("pairs").EnumerateArray().Where(c => c.GetProperty("reachable").GetBoolean()).ToList();
        var ircica = cells.Where(c => c.GetProperty("from").GetString() == "partner:ircica").Select(c => c.GetProperty("to").GetString()).ToList();
        var internet = cells.Where(c => c.GetProperty("from").GetString() == "internet").Select(c => c.GetProperty("to").GetString()).ToList();
        Assert.That(ircica, Is.EquivalentTo(internet.Append("store:public")));
        Assert.That(internet, Does.Not.Contain("store:public"), "without a subscription key the internet does not pass the front");
        Assert.That(ircica, Has.One.StartsWith("front:apim-oicgs-prod-uan-"));
        Assert.That(ircica.Where(d => d!.StartsWith("store:", StringComparison.Ordinal)), Is.EqualTo(new[] { "store:public" }), "never internal or confidential stores");

        var path = Repo.Infra("reach", "--stack", "prod", "--from", "partner:ircica", "--to", "front");
        Assert.That(path.Stdout, Does.Contain("subscription partner-ircica (its product's granted APIs only)"));
        var store = Repo.Infra("reach", "--stack", "prod", "--from", "partner:ircica", "--to", "store:public");
        Assert.That(store.Stdout, Does.Contain("subscription partner-ircica, API public-documents").And.Contain("called from subnet vnet-oicgs-prod-hub-uan/snet-apim-outbound")
            .And.Contain("outbound rule AllowPrivateEndpointsHttpsOutbound (100) allows tcp/443").And.Contain("private endpoint pep-oicgs-prod-st-pub-blob-uan"));
    }

    [Test]
    public void An_office_reaches_the_internal_store_through_the_firewall_rule_that_allows_it()
    {
        var result = Repo.Infra("reach", "--stack", "prod", "--from", "office:nyc", "--to", "store:internal");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Contain("office:nyc → store:internal (tcp/443)"));
        Assert.That(result.Stdout, Does.Contain("rule offices-to-workloads"));
        Assert.That(result.Stdout, Does.Contain("route spoke-1-via-firewall"));
    }

    [Test]
    public void An_unknown_source_is_refused_with_the_valid_names()
    {
        var result = Repo.Infra("reach", "--stack", "prod", "--from", "partner:nope");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stdout, Is.Empty);
        Assert.That(result.Stderr, Does.Contain("--from partner:nope: no such source; valid: ").And.Contain("partner:sesric").And.Contain("internet"));
    }

    [Test]
    public void An_unknown_destination_is_refused_with_the_valid_names()
    {
        var result = Repo.Infra("reach", "--stack", "prod", "--to", "store:secret");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("--to store:secret: no such destination; valid: ").And.Contain("store:confidential"));
    }

    [Test]
    public void A_stack_export_is_read_as_the_policies_read_it_and_a_stack_with_it_is_refused()
    {
        var export = Path.Combine(Repo.Root, "tests", "Cli.Tests", "Fixtures", "prod-export-planted.json");
        var result = Repo.Infra("reach", "--state", export, "--format", "json");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Contain("prod-export-planted.json"), "the report names the export it read");

        var both = Repo.Infra("reach", "--stack", "prod", "--state", export);
        Assert.That(both.ExitCode, Is.EqualTo(2), both.ToString());
        Assert.That(both.Stderr, Does.Contain("--stack NAME or --state FILE, not both"));
        Assert.That(both.Stdout, Is.Empty);

        // PULUMI_STACK is only a default for --stack (as in the Pulumi CLI): beside --state it is no conflict.
        var withEnvironment = Repo.Run(Path.Combine(Repo.Root, "infra"), ["reach", "--state", export, "--format", "json"], Repo.Root,
            new Dictionary<string, string> { ["PULUMI_STACK"] = "prod" });
        Assert.That(withEnvironment.ExitCode, Is.Zero, withEnvironment.ToString());
        Assert.That(withEnvironment.Stdout, Is.EqualTo(result.Stdout));

        var empty = Path.Combine(Path.GetTempPath(), $"reach-empty-{Guid.NewGuid():N}.json");
        File.WriteAllText(empty, """{"version": 3, "deployment": {"manifest": {"time": "2026-01-01T00:00:00Z", "magic": "", "version": ""}, "resources": []}}""");
        try
        {
            var refused = Repo.Infra("reach", "--state", empty);
            Assert.That(refused.ExitCode, Is.EqualTo(2), refused.ToString());
            Assert.That(refused.Stderr, Does.Contain("lists no resources (an empty, truncated or mistaken stack export); nothing was judged"));
            Assert.That(refused.Stdout, Is.Empty);
        }
        finally
        {
            File.Delete(empty);
        }
    }
}
