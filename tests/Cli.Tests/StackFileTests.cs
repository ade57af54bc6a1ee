using System.Security.Cryptography;
using Oic.Infra.Cli.Tests.PulumiStandIn;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Cli.Tests;

/// <summary>
/// The project and stack files as the Pulumi CLI reads them: <c>Pulumi.yaml</c> by
/// <c>sdk/go/common/workspace/project.json</c>, stack files by <c>ProjectStack</c>
/// (<c>project.go</c>: <c>secretsprovider</c>, <c>encryptedkey</c>, <c>encryptionsalt</c>, <c>config</c>,
/// <c>environment</c>), config keys by <c>config.ParseKey</c>, secrets by the crypters.
/// </summary>
[TestFixture]
public sealed partial class StackFileTests
{
    /// <summary>The passphrase of the secrets in tests/Estate.Tests/Fixtures (test data, never a real key).</summary>
    private const string FixturePassphrase = "oic-gs-infra test fixtures only";

    private static readonly string[] StackFileKeys = ["secretsprovider", "encryptedkey", "encryptionsalt", "config", "environment"];

    private static IEnumerable<string> CommittedStackFiles() =>
        Directory.EnumerateFiles(Path.Combine(Repo.Root, "stacks"), "Pulumi.*.yaml").Order(StringComparer.Ordinal).Select(Path.GetFileName)!;

    private static IEnumerable<string> FixtureStackFiles() =>
        Directory.EnumerateFiles(Path.Combine(Repo.Root, "tests", "Estate.Tests", "Fixtures"), "*.yaml").Order(StringComparer.Ordinal).Select(Path.GetFileName)!;

    [Test]
    public void Passphrase_vector_from_Pulumis_own_tests_opens_with_its_passphrase_only()
    {
        // pulumi/pulumi pkg/secrets/passphrase/manager_test.go: `state` and the passphrase "password";
        // TestPassphraseManagerIncorrectPassphraseReturnsErrorCrypter uses "password123".
        const string salt = "v1:fozI5u6B030=:v1:F+6ZduKKd8G0/V7L:PGMFeIzwobWRKmEAzUdaQHqC5mMRIQ==";

        Assert.That(() => PassphraseCrypter.FromState("password", salt), Throws.Nothing);
        Assert.That(() => PassphraseCrypter.FromState("password123", salt), Throws.InstanceOf<CryptographicException>());
    }

    [Test]
    public void Encrypting_and_decrypting_round_trip_in_pulumis_value_format()
    {
        var (crypter, salt) = PassphraseCrypter.Create("round trip");
        var value = crypter.Encrypt("GCMAES256 pre-shared key");

        Assert.That(value, Does.Match(@"^v1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/=]+$"));
        Assert.That(PassphraseCrypter.FromState("round trip", salt).Decrypt(value), Is.EqualTo("GCMAES256 pre-shared key"));
    }

    [Test]
    public void Pulumi_yaml_follows_pulumis_project_schema()
    {
        var root = Load(Path.Combine(Repo.Root, "Pulumi.yaml"));
        string[] known = ["name", "description", "author", "website", "license", "runtime", "main", "config", "stackConfigDir", "backend", "options", "template", "packages", "plugins"];

        Assert.That(Keys(root), Is.SubsetOf(known));
        Assert.That(Scalar(root, "name"), Is.Not.Empty);
        var runtime = (YamlMappingNode)root["runtime"];
        Assert.That(Keys(runtime), Is.SubsetOf(new[] { "name", "options" }), "ProjectRuntimeInfo has additionalProperties: false");
        Assert.That(Scalar(runtime, "name"), Is.EqualTo("yaml"));
        Assert.That(((YamlMappingNode)runtime["options"])["compiler"], Is.TypeOf<YamlScalarNode>(), "pulumi-yaml parseCompiler: must be a string");
        Assert.That(Directory.Exists(Path.Combine(Repo.Root, Scalar(root, "stackConfigDir"))), Is.True);
    }

    [TestCaseSource(nameof(CommittedStackFiles))]
    public void Committed_stack_file_is_a_pulumi_stack_file_with_no_committed_secret(string file)
    {
        var root = AssertStackFile(Path.Combine(Repo.Root, "stacks", file));

        Assert.That(Keys(root), Has.No.Member("encryptedkey"), "Pulumi writes the wrapped data key at `pulumi stack init`; none is invented here");
        Assert.That(SecureValues(root), Is.Empty, "secrets are set by the bootstrap with `pulumi config set --secret`");
        Assert.That(Scalar(root, "secretsprovider"), Does.Match("^azurekeyvault://[a-z0-9-]+\\.vault\\.azure\\.net/keys/[A-Za-z0-9-]+$"));
    }

    [TestCaseSource(nameof(FixtureStackFiles))]
    public void Every_secure_value_in_the_test_fixtures_decrypts_by_pulumis_passphrase_algorithm(string file)
    {
        // Read as text: some fixtures are deliberately not valid YAML.
        var text = File.ReadAllText(Path.Combine(Repo.Root, "tests", "Estate.Tests", "Fixtures", file));
        var secure = SecureLine().Matches(text).Select(m => m.Groups[1].Value).ToList();
        Assert.That(text, Does.Not.Contain("encryptedkey:"));
        if (secure.Count == 0) return;

        var salt = SaltLine().Match(text).Groups[1].Value;
        var crypter = FixtureCrypters.GetOrAdd(salt, s => PassphraseCrypter.FromState(FixturePassphrase, s));
        Assert.That(secure.Select(crypter.Decrypt), Is.All.StartsWith("fixture-psk-"));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PassphraseCrypter> FixtureCrypters = new(StringComparer.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s+secure: (\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex SecureLine();

    [System.Text.RegularExpressions.GeneratedRegex(@"^encryptionsalt: (\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex SaltLine();

    /// <summary>The checks every stack file passes, committed or fixture; returns its top-level mapping.</summary>
    private static YamlMappingNode AssertStackFile(string path)
    {
        var root = Load(path);
        Assert.That(Keys(root), Is.SubsetOf(StackFileKeys), "ProjectStack's fields");
        if (root.Children.ContainsKey(new YamlScalarNode("encryptionsalt")))
        {
            var parts = Scalar(root, "encryptionsalt").Split(':', 3);
            Assert.That(parts[0], Is.EqualTo("v1"));
            Assert.That(Convert.FromBase64String(parts[1]), Is.Not.Empty);
            Assert.That(() => PassphraseCrypter.Parse(parts[2]), Throws.Nothing);
        }
        if (root.Children.TryGetValue(new YamlScalarNode("config"), out var config) && config is YamlMappingNode map)
            foreach (var key in Keys(map))
                Assert.That(key.Count(c => c == ':') == 1 || System.Text.RegularExpressions.Regex.IsMatch(key, "^[^:]+:config:[^:]+$"), Is.True,
                    $"{key}: configuration keys should be of the form `<namespace>:<name>` (config.ParseKey)");
        foreach (var value in SecureValues(root))
            Assert.That(() => PassphraseCrypter.Parse(value), Throws.Nothing, $"{value} is not in the v1:<nonce>:<ciphertext> form");
        return root;
    }

    private static IEnumerable<string> SecureValues(YamlNode node) => node switch
    {
        YamlMappingNode m when m.Children.Count == 1 && m.Children.ContainsKey(new YamlScalarNode("secure")) => [((YamlScalarNode)m["secure"]).Value!],
        YamlMappingNode m => m.Children.SelectMany(c => SecureValues(c.Value)),
        YamlSequenceNode s => s.Children.SelectMany(SecureValues),
        _ => [],
    };

    private static YamlMappingNode Load(string path)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static IEnumerable<string> Keys(YamlMappingNode map) => map.Children.Keys.Select(k => ((YamlScalarNode)k).Value!);

    private static string Scalar(YamlMappingNode map, string key) => ((YamlScalarNode)map[key]).Value!;
}
