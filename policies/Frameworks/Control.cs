namespace Oic.Infra.Policies.Frameworks;

/// <summary>Where a control can be evidenced from.</summary>
public enum Checkability
{
    /// <summary>From azure-native resources in a stack: a rule can judge it before deployment.</summary>
    Code,

    /// <summary>An Entra ID, tenant or subscription-portal setting that no stack declares.</summary>
    TenantSetting,

    /// <summary>A process: reviews, procedures, decisions taken by people.</summary>
    Manual,
}

/// <summary>
/// One control of a framework catalogue. <see cref="Framework"/> is the prefix rules cite it by
/// (<c>CIS-3.0</c>, <c>MCSB</c>), so a rule's control entry is <see cref="Reference"/>.
/// </summary>
public sealed record Control(string Framework, string Id, string Title, Checkability How)
{
    /// <summary>How a rule cites this control: <c>CIS-3.0:4.1</c>, <c>MCSB:DP-3</c>.</summary>
    public string Reference => $"{Framework}:{Id}";
}
