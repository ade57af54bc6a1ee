namespace Oic.Infra.Policies.Reports;

/// <summary>
/// Where a SARIF report's locations are relative to and which code-scanning category it is uploaded
/// under (one category per stack: <c>policy/prod</c>). <paramref name="InputDocument"/> is where a
/// resource without a C# declaration is located: the stack export or preview it came from when that
/// is a file of the repository, else the stack file (<c>infra policy check --preview</c>).
/// </summary>
public sealed record SarifOptions(string RepositoryRoot, string Category, string? InputDocument = null, string ToolVersion = "1.0.0")
{
    /// <summary>
    /// Where the tool is documented (<c>tool.driver.informationUri</c>): must be absolute, so it is
    /// written only when given — the repository's own address is known to CI, not to this code.
    /// </summary>
    public Uri? InformationUri { get; init; }
}
