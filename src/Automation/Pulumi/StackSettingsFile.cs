using System.Text.RegularExpressions;

namespace Oic.Infra.Automation.Pulumi;

/// <summary>
/// Reads the one setting of a stack settings file (<c>Pulumi.&lt;stack&gt;.yaml</c>, in the project's
/// <c>stackConfigDir</c>) that <c>pulumi stack init</c> must be told: its <c>secretsprovider</c>. Without
/// <c>--secrets-provider</c>, <c>stack init</c> would set up the backend's default provider instead of the
/// committed Key Vault key; with it, Pulumi wraps a new data key with that key and writes <c>encryptedkey</c>
/// into the file (pulumi/pulumi <c>pkg/secrets/cloud/manager.go</c>, <c>NewCloudSecretsManager</c>), or keeps
/// the one already there.
/// </summary>
internal static partial class StackSettingsFile
{
    private static readonly string[] ProjectFiles = ["Pulumi.yaml", "Pulumi.yml"];

    public static string? SecretsProvider(string projectDirectory, string stack)
    {
        var project = ProjectFiles
            .Select(name => Path.Combine(projectDirectory, name))
            .FirstOrDefault(File.Exists);
        if (project is null) return null;
        var configDir = TopLevelScalar(File.ReadAllText(project), StackConfigDir());
        // Automation names the file after the last segment of an org/project/stack name.
        var name = stack[(stack.LastIndexOf('/') + 1)..];
        var file = Path.Combine(projectDirectory, configDir ?? "", $"Pulumi.{name}{Path.GetExtension(project)}");
        return File.Exists(file) ? TopLevelScalar(File.ReadAllText(file), SecretsProviderKey()) : null;
    }

    private static string? TopLevelScalar(string yaml, Regex key)
    {
        var match = key.Match(yaml);
        if (!match.Success) return null;
        var value = match.Groups["value"].Value.Trim();
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]) value = value[1..^1];
        return value.Length == 0 ? null : value;
    }

    [GeneratedRegex(@"^stackConfigDir:[ \t]*(?<value>[^#\r\n]*?)[ \t]*(?:#[^\r\n]*)?\r?$", RegexOptions.Multiline)]
    private static partial Regex StackConfigDir();

    [GeneratedRegex(@"^secretsprovider:[ \t]*(?<value>[^#\r\n]*?)[ \t]*(?:#[^\r\n]*)?\r?$", RegexOptions.Multiline)]
    private static partial Regex SecretsProviderKey();
}
