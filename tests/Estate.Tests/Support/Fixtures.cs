using Oic.Infra.Estate.Config;
using Oic.Infra.Estate.Model;

namespace Oic.Infra.Estate.Tests.Support;

/// <summary>
/// Stack files under <c>Fixtures/</c> (copies of <c>stacks/Pulumi.*.yaml</c>, most with one defect),
/// read the way the compiler reads a stack file and named in messages as <c>Fixtures/&lt;file&gt;</c>.
/// </summary>
internal static class Fixtures
{
    public static string Directory => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures");

    public static string Text(string file) => File.ReadAllText(Path.Combine(Directory, file));

    public static StackConfig Config(string file, string stack) =>
        StackConfig.FromStackFileText(Text(file), $"Fixtures/{file}", stack);

    public static EstateModel Load(string file, string stack) => EstateLoader.Load(Config(file, stack));

    /// <summary>The diagnostics loading <paramref name="file"/> reports, each as <c>file:line:col: path message</c>.</summary>
    public static string[] Diagnostics(string file, string stack)
    {
        var error = Assert.Throws<EstateConfigException>(() => Load(file, stack));
        Assert.That(error, Is.Not.Null);
        return [.. error!.Diagnostics.Select(d => d.ToString())];
    }

    /// <summary>The repository root (the folder holding <c>Infra.sln</c>), found upwards from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("no Infra.sln above " + TestContext.CurrentContext.TestDirectory);
    }
}
