namespace Oic.Infra.Cli.Tests;

/// <summary>
/// <c>dr drill --storage-endpoint/--dr-storage-endpoint</c> (or <c>OIC_DOCS_PRIMARY_ENDPOINT</c>/<c>OIC_DOCS_DR_ENDPOINT</c>):
/// only the validation is tested here. Real Azure storage cannot be reached from the tests, so the real path is
/// covered no further than constructing its store (Automation.Tests).
/// </summary>
[TestFixture]
public sealed class DrDrillStorageEndpointTests
{
    private const string Primary = "OIC_DOCS_PRIMARY_ENDPOINT";
    private const string Dr = "OIC_DOCS_DR_ENDPOINT";

    /// <summary>The drill with the endpoint variables cleared unless given (empty counts as absent).</summary>
    private static Repo.Result Drill(IDictionary<string, string>? environment, params string[] extra)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { [Primary] = "", [Dr] = "" };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) env[k] = v;
        var state = Path.Combine(Path.GetTempPath(), $"infra-drill-endpoints-{Guid.NewGuid():N}");
        try
        {
            return Repo.Run(Path.Combine(Repo.Root, "infra"),
                ["dr", "drill", "--stack", "prod", "--to", "prod-dr", "--documents", "5", "--state-dir", state, .. extra], Repo.Root, env);
        }
        finally
        {
            if (Directory.Exists(state)) Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public void Only_the_primary_endpoint_is_an_input_error()
    {
        var drill = Drill(null, "--storage-endpoint", "https://docsprimary.blob.core.windows.net");

        Assert.That(drill.ExitCode, Is.EqualTo(2), drill.ToString());
        Assert.That(drill.Stderr, Does.Contain("both storage endpoints or neither").And.Contain("only the primary one"));
    }

    [Test]
    public void Only_the_dr_endpoint_from_the_environment_is_an_input_error()
    {
        var drill = Drill(new Dictionary<string, string> { [Dr] = "https://docsdr.blob.core.windows.net" });

        Assert.That(drill.ExitCode, Is.EqualTo(2), drill.ToString());
        Assert.That(drill.Stderr, Does.Contain("both storage endpoints or neither").And.Contain("only the DR one"));
    }

    [Test]
    public void An_http_endpoint_is_an_input_error()
    {
        var drill = Drill(null, "--storage-endpoint", "http://docsprimary.blob.core.windows.net",
            "--dr-storage-endpoint", "https://docsdr.blob.core.windows.net");

        Assert.That(drill.ExitCode, Is.EqualTo(2), drill.ToString());
        Assert.That(drill.Stderr, Does.Contain("--storage-endpoint").And.Contain("absolute https URL"));
    }

    [Test]
    public void A_relative_endpoint_from_the_environment_is_an_input_error()
    {
        var drill = Drill(new Dictionary<string, string>
        {
            [Primary] = "https://docsprimary.blob.core.windows.net",
            [Dr] = "docsdr.blob.core.windows.net",
        });

        Assert.That(drill.ExitCode, Is.EqualTo(2), drill.ToString());
        Assert.That(drill.Stderr, Does.Contain("--dr-storage-endpoint (or $OIC_DOCS_DR_ENDPOINT)").And.Contain("absolute https URL"));
    }

    [Test]
    public void The_help_names_the_endpoints_and_the_credential()
    {
        var help = Repo.Infra("dr", "drill", "--help");

        Assert.That(help.ExitCode, Is.Zero, help.ToString());
        Assert.That(help.Stdout, Does.Contain("--storage-endpoint").And.Contain("--dr-storage-endpoint")
            .And.Contain("DefaultAzureCredential").And.Contain("OIC_DOCS_PRIMARY_ENDPOINT"));
    }
}
