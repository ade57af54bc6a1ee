using System.Diagnostics;
using System.Text;

namespace Oic.Infra.Cli.Tests;

/// <summary>The repository under test and a way to run its real processes.</summary>
internal static class Repo
{
    public static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")) && File.Exists(Path.Combine(dir.FullName, "infra")))
                return dir.FullName;
        throw new InvalidOperationException("repository root (Pulumi.yaml + infra) not found above the test directory");
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
    }

    /// <summary>
    /// Asserts that <paramref name="actual"/> is the golden file at <paramref name="relativePath"/>
    /// (below tests/Cli.Tests/Golden); with <c>UPDATE_GOLDEN=1</c> it writes the file first, for review.
    /// </summary>
    public static void AssertGolden(string relativePath, string actual, string whatChanged)
    {
        var golden = Path.Combine(Root, "tests", "Cli.Tests", "Golden", relativePath);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, actual);
        }
        Assert.That(File.Exists(golden), Is.True, "golden file missing: run the tests once with UPDATE_GOLDEN=1 and review the diff");
        Assert.That(actual, Is.EqualTo(File.ReadAllText(golden)),
            $"{whatChanged}: if intended, rerun with UPDATE_GOLDEN=1 and commit the golden file");
    }

    /// <summary>Runs <c>./infra ARGS</c> in <paramref name="workingDirectory"/> (default: the repository root).</summary>
    public static Result Infra(params string[] args) => Run(Path.Combine(Root, "infra"), args, Root, null);

    /// <summary>Runs a process; with <paramref name="inherit"/> false it gets <paramref name="environment"/> and nothing else.</summary>
    public static Result Run(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? environment, bool clearPulumiEnvironment = true, bool inherit = true)
    {
        using var process = Process.Start(StartInfo(file, args, workingDirectory, environment, clearPulumiEnvironment, inherit))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>How to start a program with its output captured (UTF-8) and, by default, no inherited PULUMI_* variables.</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? environment, bool clearPulumiEnvironment = true, bool inherit = true)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (!inherit) start.Environment.Clear();
        if (clearPulumiEnvironment)
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("PULUMI_", StringComparison.Ordinal)).ToList())
                start.Environment.Remove(key);
        if (environment is not null)
            foreach (var (k, v) in environment) start.Environment[k] = v;
        return start;
    }

    /// <summary>A copy of a folder tree (a deployed sandbox state, for one test case to damage or race on).</summary>
    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
