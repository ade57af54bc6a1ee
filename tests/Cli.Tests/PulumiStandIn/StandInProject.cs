using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Cli.Tests.PulumiStandIn;

/// <summary>
/// A scratch copy of the project after the bootstrap of docs/operations.md: the committed stack file,
/// on the passphrase secrets provider (<c>pulumi stack init --secrets-provider passphrase</c> adds
/// <c>encryptionsalt</c>), with each secret added as <c>pulumi config set --secret</c> adds it
/// (<c>oic-gs-infra:KEY: {secure: v1:…}</c>). <c>infra</c> and <c>policies/</c> are links to the
/// repository's, so the compiler Pulumi runs here is ours.
/// </summary>
internal sealed class StandInProject : IDisposable
{
    public const string Passphrase = "stand-in passphrase for tests";
    private static readonly Lazy<(PassphraseCrypter Crypter, string Salt)> Secrets = new(() => PassphraseCrypter.Create(Passphrase));

    private StandInProject(string directory, string stack)
    {
        Directory = directory;
        Stack = stack;
    }

    public string Directory { get; }
    public string Stack { get; }
    public string StackFile => Path.Combine(Directory, "stacks", $"Pulumi.{Stack}.yaml");

    public static StandInProject Create(string stack, IReadOnlyDictionary<string, string> secrets, Func<string, string>? editConfig = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"infra-pulumi-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Path.Combine(dir, "stacks"));
        File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), Path.Combine(dir, "Pulumi.yaml"));
        File.CreateSymbolicLink(Path.Combine(dir, "infra"), Path.Combine(Repo.Root, "infra"));
        System.IO.Directory.CreateSymbolicLink(Path.Combine(dir, "policies"), Path.Combine(Repo.Root, "policies"));
        var text = File.ReadAllText(Path.Combine(Repo.Root, "stacks", $"Pulumi.{stack}.yaml"));
        var lines = text.Split('\n').Where(l => !l.StartsWith("secretsprovider:", StringComparison.Ordinal)).ToList();
        lines.Insert(lines.FindIndex(l => l.StartsWith("config:", StringComparison.Ordinal)), $"encryptionsalt: {Secrets.Value.Salt}");
        text = string.Join('\n', lines).TrimEnd('\n') + "\n";
        foreach (var (key, value) in secrets)
            text += $"  {key}:\n    secure: {Secrets.Value.Crypter.Encrypt(value)}\n";
        File.WriteAllText(Path.Combine(dir, "stacks", $"Pulumi.{stack}.yaml"), editConfig is null ? text : editConfig(text));
        return new StandInProject(dir, stack);
    }

    /// <summary>
    /// The config map the engine sends in the run request, built from the stack file as the CLI builds it
    /// (pulumi/pulumi <c>sdk/go/common/resource/config/value.go</c> <c>Value.Value(decrypter)</c>,
    /// <c>object.go</c>, <c>plaintext.go</c> <c>marshalText</c>): keys namespaced (<c>project:key</c>); a
    /// string or scalar as its text; an object or list as Go JSON; every secure value decrypted.
    /// </summary>
    public IReadOnlyDictionary<string, string> EngineConfig()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(StackFile)));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var crypter = PassphraseCrypter.FromState(Passphrase, ((YamlScalarNode)root["encryptionsalt"]).Value!);
        var config = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in ((YamlMappingNode)root["config"]).Children)
        {
            var key = ((YamlScalarNode)k).Value!;
            if (!key.Contains(':', StringComparison.Ordinal)) key = $"oic-gs-infra:{key}";
            config[key] = ToGo(v, crypter) switch
            {
                string s => s,
                var other => GoJson.Marshal(other),
            };
        }
        return config;
    }

    private static object? ToGo(YamlNode node, PassphraseCrypter crypter) => node switch
    {
        YamlMappingNode m when m.Children.Count == 1 && m.Children.ContainsKey(new YamlScalarNode("secure")) =>
            crypter.Decrypt(((YamlScalarNode)m["secure"]).Value!),
        YamlMappingNode m => m.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToGo(c.Value, crypter))).ToList(),
        YamlSequenceNode s => s.Children.Select(c => ToGo(c, crypter)).ToList(),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: var v } => GoYaml.Resolve(v ?? "") switch
        {
            GoYaml.Kind.Null => null,
            GoYaml.Kind.Bool => v!.Equals("true", StringComparison.OrdinalIgnoreCase),
            GoYaml.Kind.Int => long.Parse(v!, CultureInfo.InvariantCulture),
            GoYaml.Kind.Float => double.Parse(v!, CultureInfo.InvariantCulture),
            _ => v,
        },
        YamlScalarNode s => s.Value ?? "",
        _ => throw new InvalidOperationException("unexpected YAML node"),
    };

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
