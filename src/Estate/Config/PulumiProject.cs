using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Oic.Infra.Estate.Config;

/// <summary>
/// The parts of a project's <c>Pulumi.yaml</c> the compiler needs to find a stack's file the way
/// the Pulumi CLI does: <c>&lt;project dir&gt;/&lt;stackConfigDir&gt;/Pulumi.&lt;stack&gt;.yaml</c>
/// (pulumi/pulumi <c>sdk/go/common/workspace/paths.go</c>, <c>ProjectStackPath</c>; a '/' in the
/// stack name becomes '-', <c>qnameFileName</c>).
/// </summary>
public sealed record PulumiProject(string Directory, string Name, string? StackConfigDir)
{
    public const string FileName = "Pulumi.yaml";

    /// <summary>Reads <c>DIR/Pulumi.yaml</c>; null when there is none.</summary>
    public static PulumiProject? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(path)));
        }
        catch (YamlException e)
        {
            throw new EstateConfigException(new Diagnostic(new SourceLocation(path, (int)e.Start.Line, (int)e.Start.Column), "",
                $"is not valid YAML: {e.InnerException?.Message ?? e.Message}"));
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new EstateConfigException(new Diagnostic(new SourceLocation(path, 0, 0), "", "must be a mapping with at least 'name:'"));
        string? Scalar(string key) =>
            root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;
        var name = Scalar("name")
            ?? throw new EstateConfigException(new Diagnostic(new SourceLocation(path, 0, 0), "", "has no 'name:' (Pulumi requires one)"));
        return new PulumiProject(directory, name, Scalar("stackConfigDir"));
    }

    /// <summary>Where Pulumi keeps the config of <paramref name="stack"/> (the file may not exist yet).</summary>
    public string StackFile(string stack) =>
        Path.Combine(StackConfigDir is null ? Directory : Path.Combine(Directory, StackConfigDir), $"Pulumi.{stack.Replace('/', '-')}.yaml");
}
