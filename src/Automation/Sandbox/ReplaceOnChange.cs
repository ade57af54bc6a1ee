using System.Text.Json.Nodes;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>
/// Properties Azure cannot change in place, where a change means deleting the resource and
/// creating it again: the create-only paths of <see cref="AzureResourceTypes"/>. Besides those,
/// every resource is replaced when its <c>location</c> or an input that forms its ARM id changes (its name, resource group, parent names, scope — see
/// <see cref="ArmResourceType.PathKeys"/>), and when a path listed in the program's
/// <c>replaceOnChanges</c> option changes.
/// </summary>
internal static class ReplaceOnChange
{
    private static readonly string[] Everywhere = ["location"];

    /// <summary>The replace-on-change paths of a type (table, location, id-forming inputs), as written.</summary>
    public static IReadOnlyList<string> PathsFor(string type, IEnumerable<string> programReplaceOnChanges)
    {
        var arm = type.StartsWith("azure-native:", StringComparison.Ordinal) ? ArmResourceType.For(type) : null;
        return Everywhere
            .Concat(arm?.PathKeys ?? [])
            .Concat(AzureResourceTypes.Find(type)?.CreateOnly ?? [])
            .Concat(programReplaceOnChanges)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The concrete paths among the replace-on-change ones whose values differ (empty: an update in place will do).</summary>
    public static IReadOnlyList<string> Reasons(string type, JsonObject before, JsonObject after, IEnumerable<string> programReplaceOnChanges)
    {
        var reasons = new List<string>();
        foreach (var pattern in PathsFor(type, programReplaceOnChanges))
        {
            var parsed = PropertyPath.Parse(pattern);
            foreach (var path in PropertyPath.Expand(parsed, before, after))
                if (!SandboxJson.DeepEqual(PropertyPath.Get(before, path), PropertyPath.Get(after, path)))
                    reasons.Add(PropertyPath.Format(path));
        }
        return reasons.Distinct(StringComparer.Ordinal).ToList();
    }
}
