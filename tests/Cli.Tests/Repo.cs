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

    /// <summary>Runs <c>./infra ARGS</c> in <paramref name="workingDirectory"/> (default: the repository root).</summary>
    public static Result Infra(params string[] args) => Run(Path.Combine(Root, "infra"), args, Root, null);

    /// <summary>Runs a process; with <paramref name="inherit"/> false it gets <paramref name="environment"/> and nothing else.</summary>
    public static Result Run(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string>? environment, bool clearPulumiEnvironment = true, bool inherit = true)
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
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
