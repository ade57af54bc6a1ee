namespace Oic.Infra.Policies.Frameworks;

/// <summary>
/// The control catalogues rules cite: CIS Microsoft Azure Foundations Benchmark v3.0.0
/// (<see cref="Cis30"/>, cited <c>CIS-3.0:&lt;id&gt;</c>) and Microsoft cloud security benchmark v1
/// (<see cref="Mcsb"/>, cited <c>MCSB:&lt;id&gt;</c>). Each control says whether it can be checked
/// from code at all, so a coverage report can tell a missing rule from a control no rule can judge.
/// </summary>
/// <remarks>
/// Ids come from the benchmarks themselves (via prowler-cloud/prowler, turbot/steampipe-mod-azure-compliance,
/// Azure/azure-policy and the Microsoft Learn MCSB pages); titles are our own short statement of
/// each control, not the benchmarks' text.
/// </remarks>
public static partial class Frameworks
{
    /// <summary>The name <c>--framework</c> takes for CIS Microsoft Azure Foundations v3.0.0.</summary>
    public const string Cis30Name = "cis-3.0";

    /// <summary>The name <c>--framework</c> takes for Microsoft cloud security benchmark v1.</summary>
    public const string McsbName = "mcsb";

    /// <summary>The prefix rules cite CIS v3.0.0 controls by.</summary>
    public const string Cis30Prefix = "CIS-3.0";

    /// <summary>The prefix rules cite MCSB v1 controls by.</summary>
    public const string McsbPrefix = "MCSB";

    /// <summary>Every framework name <see cref="ByName"/> accepts, in a fixed order.</summary>
    public static IReadOnlyList<string> Names { get; } = [Cis30Name, McsbName];

    /// <summary>The catalogue for <c>cis-3.0</c> or <c>mcsb</c> (any case); null for any other name.</summary>
    public static IReadOnlyList<Control>? ByName(string name) => CanonicalName(name) switch
    {
        Cis30Name => Cis30,
        McsbName => Mcsb,
        _ => null,
    };

    /// <summary>The full title of a framework, by name (<c>cis-3.0</c>) or citation prefix (<c>CIS-3.0</c>); null if unknown.</summary>
    public static string? Title(string nameOrPrefix) => CanonicalName(nameOrPrefix) switch
    {
        Cis30Name => "CIS Microsoft Azure Foundations Benchmark v3.0.0",
        McsbName => "Microsoft cloud security benchmark v1",
        _ => null,
    };

    /// <summary>
    /// The control a rule's control entry names (<c>CIS-3.0:4.1</c>), or null when the prefix or
    /// the id is not in a catalogue. Matching is exact: a citation is an identifier, and a
    /// differently spelt one is a typo to fix, not a variant to accept.
    /// </summary>
    public static Control? Find(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return null;
        var prefix = reference[..colon];
        var id = reference[(colon + 1)..];
        IReadOnlyList<Control>? controls = prefix switch
        {
            Cis30Prefix => Cis30,
            McsbPrefix => Mcsb,
            _ => null,
        };
        return controls?.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));
    }

    private static List<Control> ControlsOf(string framework, (string Id, string Title, Checkability How)[] controls) =>
        [.. controls.Select(c => new Control(framework, c.Id, c.Title, c.How))];

    /// <summary>The name as <see cref="Names"/> spells it (<c>CIS-3.0</c> → <c>cis-3.0</c>); null if unknown.</summary>
    internal static string? CanonicalName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.Equals(trimmed, Cis30Name, StringComparison.OrdinalIgnoreCase)) return Cis30Name;
        if (string.Equals(trimmed, McsbName, StringComparison.OrdinalIgnoreCase)) return McsbName;
        return null;
    }
}
