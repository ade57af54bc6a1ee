namespace Oic.Infra.Cli;

/// <summary>The exit codes of every verb (DESIGN §4); scripts and CI depend on them.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int ToolFailed = 1;
    public const int InvalidInput = 2;
    public const int Drift = 3;
    public const int SecurityDrift = 4;
    public const int PolicyViolated = 5;
}
