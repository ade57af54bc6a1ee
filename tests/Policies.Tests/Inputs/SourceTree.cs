namespace Oic.Infra.Policies.Tests;

/// <summary>
/// The repository the tests run from, found by walking up from the test binaries to
/// <c>Pulumi.yaml</c>: snapshots are read from and written to the source tree (never <c>bin/</c>),
/// and input documents are read from the output copy when the project copies them, else from source.
/// </summary>
internal static class SourceTree
{
    public static readonly string Root = FindRoot();

    public static string TestProject => Path.Combine(Root, "tests", "Policies.Tests");

    /// <summary>A file under <c>tests/Policies.Tests/Inputs/Data/</c>.</summary>
    public static string InputData(string name)
    {
        var copied = Path.Combine(TestContext.CurrentContext.TestDirectory, "Inputs", "Data", name);
        return File.Exists(copied) ? copied : Path.Combine(TestProject, "Inputs", "Data", name);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "policies")))
                return dir.FullName;
        throw new InvalidOperationException("repository root (Pulumi.yaml) not found above the test directory");
    }
}

/// <summary>A scratch directory for documents a test writes (configs, waivers), deleted on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"policies-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
