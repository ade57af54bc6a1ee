using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Oic.Infra.Conformance.Tests;

/// <summary>
/// Every compiled program is type-checked against the real <c>@pulumi/azure-native</c> SDK from npm:
/// <c>tools/azure-native/conformance.mjs</c> turns each resource into a
/// <c>new azn.&lt;module&gt;.&lt;Type&gt;(name, {...}, {...})</c> literal and runs the TypeScript
/// compiler (strict) over it, so an unknown type, a misspelt property, a wrong nesting or a wrong
/// literal type fails here.
/// </summary>
[TestFixture]
public sealed partial class ConformanceTests
{
    private const string SdkVersion = "3.28.0";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    [Test]
    public void Compiled_prod_program_type_checks_against_azure_native_3_28_0()
    {
        var program = AssertStackConforms("prod");
        // prod links IRCICA through the partner front (docs/adr/0021): every API Management type is in the checked program.
        foreach (var type in new[] { "ApiManagementService", "Api", "Product", "ProductApiLink", "Subscription" })
            Assert.That(program, Does.Contain($"type: azure-native:apimanagement:{type}\n"), type);
    }

    [Test]
    public void Compiled_prod_dr_program_type_checks_against_azure_native_3_28_0() => _ = AssertStackConforms("prod-dr");

    [Test]
    public void Compiled_dev_program_type_checks_against_azure_native_3_28_0() => _ = AssertStackConforms("dev");

    [Test]
    public void Oracle_rejects_a_misspelt_property_and_a_string_where_an_object_is_required()
    {
        var root = RepositoryRoot();
        RequireTools(root);
        var fixture = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Misspelt.yaml");

        // CONFORMANCE_KEEP=0: the errors are expected, so do not keep the generated TypeScript.
        var check = Run(root, "node", [Path.Combine(root, "tools", "azure-native", "conformance.mjs"), fixture],
            new Dictionary<string, string> { ["CONFORMANCE_KEEP"] = "0" });

        Assert.Multiple(() =>
        {
            Assert.That(check.ExitCode, Is.EqualTo(1), check.Describe());
            Assert.That(check.StdOut, Does.Contain("resource st-typo (azure-native:storage:StorageAccount)")
                .And.Contain("enableHttpsTraficOnly"), check.Describe());
            Assert.That(check.StdOut, Does.Contain("resource vnet-flat (azure-native:network:VirtualNetwork)")
                .And.Contain("addressSpace"), check.Describe());
            Assert.That(ErrorLine().Count(check.StdOut), Is.EqualTo(2), "exactly the two planted errors\n" + check.Describe());
        });
    }

    private static string AssertStackConforms(string stack)
    {
        var root = RepositoryRoot();
        RequireTools(root);
        var outDir = Directory.CreateTempSubdirectory($"conformance-{stack}-");
        try
        {
            var compile = Run(root, Path.Combine(root, "infra"), ["compile", "--stack", stack, "--out", outDir.FullName]);
            Assert.That(compile.ExitCode, Is.EqualTo(0), "./infra compile --stack " + stack + " failed\n" + compile.Describe());
            var program = Path.Combine(outDir.FullName, "Main.yaml");
            Assert.That(File.Exists(program), Is.True, "./infra compile --out did not write Main.yaml\n" + compile.Describe());

            var check = Run(root, "node", [Path.Combine(root, "tools", "azure-native", "conformance.mjs"), program]);

            Assert.That(check.ExitCode, Is.EqualTo(0),
                $"the compiled {stack} program does not type-check against @pulumi/azure-native {SdkVersion}\n" + check.Describe());
            return File.ReadAllText(program);
        }
        finally
        {
            outDir.Delete(recursive: true);
        }
    }

    /// <summary>The folder holding Pulumi.yaml, above the test assembly.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")))
                return dir.FullName;
        throw new DirectoryNotFoundException("no Pulumi.yaml above " + TestContext.CurrentContext.TestDirectory);
    }

    /// <summary>Fails (never skips) when the pinned SDK is not installed.</summary>
    private static void RequireTools(string root)
    {
        var tools = Path.Combine(root, "tools", "azure-native");
        var package = Path.Combine(tools, "node_modules", "@pulumi", "azure-native", "package.json");
        if (!File.Exists(package))
            Assert.Fail($"{Path.Combine(tools, "node_modules")} is missing: run scripts/install-tools.sh");
        if (!File.ReadAllText(package).Contains($"\"version\": \"{SdkVersion}\"", StringComparison.Ordinal))
            Assert.Fail($"tools/azure-native/node_modules does not hold @pulumi/azure-native {SdkVersion}: run scripts/install-tools.sh");
    }

    private static Result Run(
        string workingDirectory, string fileName, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"cannot start {fileName} ({e.Message}); the conformance test needs node (20 or later) on PATH");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', arguments)} did not finish within {Timeout}");
        }
        process.WaitForExit(); // drains the output handlers
        var command = $"{fileName} {string.Join(' ', arguments)}";
        lock (stdout)
            lock (stderr)
                return new Result(command, process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private sealed record Result(string Command, int ExitCode, string StdOut, string StdErr)
    {
        public string Describe() =>
            $"$ {Command}\nexit code {ExitCode}\n--- stdout ---\n{StdOut}--- stderr ---\n{StdErr}";
    }

    [GeneratedRegex(@"^.* resource \S+ \([^)]*\): ", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
