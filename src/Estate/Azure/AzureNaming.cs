using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Oic.Infra.Estate.Azure;

/// <summary>
/// Azure's naming rules for the resource kinds the estate creates, checked when the program is
/// compiled rather than discovered when ARM refuses a deployment. Globally unique names
/// (storage accounts, key vaults) get a deterministic suffix derived from the subscription and
/// the name's purpose, so a rebuild produces the same names and two estates never clash.
/// </summary>
public static partial class AzureNaming
{
    public sealed record Rule(string Kind, int Min, int Max, Regex Pattern, string Allowed);

    public static readonly Rule StorageAccount = new("storage account", 3, 24, StorageRegex(), "lowercase letters and digits");
    public static readonly Rule KeyVault = new("key vault", 3, 24, KeyVaultRegex(), "letters, digits and single hyphens, starting with a letter and ending with a letter or digit");
    public static readonly Rule ResourceGroup = new("resource group", 1, 90, ResourceGroupRegex(), "letters, digits, '-', '_', '.', '(' and ')', not ending with '.'");
    public static readonly Rule Network = new("network resource", 1, 80, NetworkRegex(), "letters, digits, '-', '_' and '.', starting with a letter or digit and ending with a letter, digit or '_'");
    public static readonly Rule BackupVault = new("backup vault", 2, 50, BackupVaultRegex(), "letters, digits and hyphens, starting with a letter");
    public static readonly Rule LogAnalyticsWorkspace = new("log analytics workspace", 4, 63, WorkspaceRegex(), "letters, digits and hyphens, starting and ending with a letter or digit");
    public static readonly Rule ManagedIdentity = new("managed identity", 3, 128, IdentityRegex(), "letters, digits, '-' and '_', starting with a letter or digit");
    public static readonly Rule BlobContainer = new("blob container", 3, 63, ContainerRegex(), "lowercase letters, digits and single hyphens, starting with a letter or digit");

    /// <summary>
    /// A policy assignment at subscription or resource group scope: 1–64 characters, none of <c>&lt;&gt;*%&amp;:\?.+/</c>
    /// or control characters, not ending with a period or space (Learn: azure/templates/microsoft.authorization/policyassignments;
    /// at management group scope the limit is 24, a scope the estate does not assign at).
    /// </summary>
    public static readonly Rule PolicyAssignment = new("policy assignment", 1, 64, PolicyAssignmentRegex(), "characters other than <>*%&:\\?.+/ and control characters, not ending with a period or space");

    /// <summary>A budget (Microsoft.Consumption): 1–63 letters, digits, '-' and '_' (the estate uses no other characters).</summary>
    public static readonly Rule Budget = new("budget", 1, 63, BudgetRegex(), "letters, digits, '-' and '_'");

    /// <summary>Null when <paramref name="name"/> is valid, else why not.</summary>
    public static string? Check(Rule rule, string name)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length < rule.Min || name.Length > rule.Max)
            return $"{rule.Kind} name '{name}' is {name.Length} characters; Azure allows {rule.Min}–{rule.Max}";
        if (!rule.Pattern.IsMatch(name))
            return $"{rule.Kind} name '{name}' may only contain {rule.Allowed}";
        return null;
    }

    /// <summary>A short, stable, lowercase hex suffix for globally unique names.</summary>
    public static string UniqueSuffix(int length, params string[] seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', seed)));
        return Convert.ToHexStringLower(hash)[..length];
    }

    /// <summary>
    /// A name-based GUID with the RFC 4122 version 5 layout (SHA-1 over the newline-joined seed, no
    /// namespace): the same seed always names the same role assignment, like ARM templates' guid()
    /// does, though the values differ from guid()'s.
    /// </summary>
    public static Guid DeterministicGuid(params string[] seed)
    {
#pragma warning disable CA5350 // SHA-1 here names things, as UUID v5 specifies; it protects nothing.
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(string.Join('\n', seed)));
#pragma warning restore CA5350
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    [GeneratedRegex("^[a-z0-9]+$")]
    private static partial Regex StorageRegex();

    [GeneratedRegex("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$")]
    private static partial Regex KeyVaultRegex();

    [GeneratedRegex(@"^[\w\-\.\(\)]*[\w\-\(\)]$")]
    private static partial Regex ResourceGroupRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9]([\w\-\.]*[\w])?$")]
    private static partial Regex NetworkRegex();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9-]*$")]
    private static partial Regex BackupVaultRegex();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$")]
    private static partial Regex WorkspaceRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9][\w-]*$")]
    private static partial Regex IdentityRegex();

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$")]
    private static partial Regex ContainerRegex();

    [GeneratedRegex(@"^[^<>*%&:\\?.+/\x00-\x1f]*[^<>*%&:\\?.+/ \x00-\x1f]$")]
    private static partial Regex PolicyAssignmentRegex();

    [GeneratedRegex(@"^[\w-]+$")]
    private static partial Regex BudgetRegex();
}
