using Oic.Infra.Automation.Engines;

namespace Oic.Infra.Automation.Pulumi;

/// <summary>A <c>pulumi preview --json</c> digest saved to a file (CI keeps it as an artifact), read as a preview result.</summary>
public static class PreviewDigestFile
{
    public static PreviewResult Read(string path, string displayPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new EngineInputException($"{displayPath}: preview file not found");
        }
        var digest = PulumiJson.ParseDigest(text)
            ?? throw new EngineInputException($"{displayPath}: is not a `pulumi preview --json` digest (no \"steps\")");
        return new PreviewResult(digest.ResourceSteps, digest.Summary);
    }
}
