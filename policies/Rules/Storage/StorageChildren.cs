using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.Storage;

/// <summary>
/// A storage account's children (blob service settings, containers) and the account they belong to,
/// and the rules on a child setting that judge the account when the child is absent (ADR 0011).
/// </summary>
internal static class StorageChildren
{
    /// <summary>The storage account a child's <c>accountName</c> names (a reference or the account's name).</summary>
    public static PolicyResource? AccountOf(ResourceSet set, PolicyResource child)
    {
        var name = child.Get("accountName");
        var index = set.Memo("storage/accounts-by-name", Index);
        if (name.Value is PropertyValue.Ref { Target.Resource: { } referenced })
            return index.ByLogicalName.GetValueOrDefault(referenced.LogicalName);
        if (name.IsUnknown || name.Text is not { } text) return null;
        if (!index.ByAzureName.TryGetValue(text, out var first)) return null;
        // Account names are unique across Azure, but a set may hold copies (bench's scaled estate):
        // the one in the child's resource group is its account, else the first of that name.
        return child.Get("resourceGroupName").Text is { } group && index.ByNameAndGroup.TryGetValue((text, group), out var inGroup) ? inGroup : first;
    }

    /// <summary>Storage accounts by logical name, by Azure name and by Azure name and resource group (the first of each), built once per set.</summary>
    private sealed record AccountIndex(
        Dictionary<string, PolicyResource> ByLogicalName,
        Dictionary<string, PolicyResource> ByAzureName,
        Dictionary<(string Name, string Group), PolicyResource> ByNameAndGroup);

    /// <summary>ARM names compare ignoring case.</summary>
    private sealed class NameAndGroupComparer : IEqualityComparer<(string Name, string Group)>
    {
        public static readonly NameAndGroupComparer Instance = new();

        public bool Equals((string Name, string Group) x, (string Name, string Group) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Name, y.Name) && StringComparer.OrdinalIgnoreCase.Equals(x.Group, y.Group);

        public int GetHashCode((string Name, string Group) key) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key.Name), StringComparer.OrdinalIgnoreCase.GetHashCode(key.Group));
    }

    private static AccountIndex Index(ResourceSet set)
    {
        var index = new AccountIndex(new(StringComparer.Ordinal), new(StringComparer.OrdinalIgnoreCase), new(NameAndGroupComparer.Instance));
        foreach (var account in set.OfType(StorageAccount))
        {
            index.ByLogicalName.TryAdd(account.Name, account);
            if (NameOf(account, "accountName") is not { } n) continue;
            index.ByAzureName.TryAdd(n, account);
            if (account.Get("resourceGroupName").Text is { } group) index.ByNameAndGroup.TryAdd((n, group), account);
        }
        return index;
    }

    /// <summary>The Azure name of a resource: its name input (<c>accountName</c>), else the <c>name</c> output.</summary>
    public static string? NameOf(PolicyResource resource, string nameProperty) =>
        resource.Get(nameProperty) is { IsUnknown: false, Text: { } text } ? text : resource.Get("name") is { IsUnknown: false, Text: { } output } ? output : null;

    /// <summary>
    /// A rule on the blob service settings (<c>blobServices/default</c>): every declared
    /// <c>BlobServiceProperties</c> is judged by <paramref name="judge"/>, and every storage account
    /// that none of them belongs to is judged by Azure's default for the setting, which
    /// <paramref name="absent"/> describes (the setting is then off, so the account fails). While a
    /// settings resource's account is not known yet (a preview), an account without settings is unknown.
    /// </summary>
    public static IEnumerable<(PolicyResource, Outcome)> JudgeBlobService(
        ResourceSet set, Func<PolicyResource, Outcome> judge, string absent)
    {
        var covered = new HashSet<PolicyResource>();
        var pending = false;
        foreach (var settings in set.OfType(BlobServiceProperties))
        {
            if (AccountOf(set, settings) is { } account) covered.Add(account);
            else pending |= settings.Get("accountName").IsUnknown;
            yield return (settings, judge(settings));
        }
        foreach (var account in set.OfType(StorageAccount).Where(a => !covered.Contains(a)))
            yield return (account, pending
                ? Outcome.Unknown("a blob service settings resource's accountName is not known until deployment")
                : Outcome.Fail($"no {BlobServiceProperties} declares its blob service settings, so Azure's default applies: {absent}"));
    }
}
