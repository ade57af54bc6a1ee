using Oic.Infra.Automation.Engines;
using Oic.Infra.Estate.Input;

namespace Oic.Infra.Automation.Pulumi;

/// <summary>A <c>pulumi preview --json</c> digest saved to a file (CI keeps it as an artifact), read as a preview result.</summary>
public static class PreviewDigestFile
{
    public static PreviewResult Read(string path, string displayPath)
    {
        var text = InputFile.ReadText(path, displayPath, "preview file", InputFile.StateLimit);
        var digest = PulumiJson.ParseDigest(text)
            ?? throw new EngineInputException($"{displayPath}: is not a `pulumi preview --json` digest (no \"steps\")");
        return new PreviewResult(digest.ResourceSteps, digest.Summary);
    }
}
