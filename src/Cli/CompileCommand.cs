using System.CommandLine;
using Oic.Infra.Automation;
using Oic.Infra.Estate.Config;
using Oic.Infra.Toolkit;

namespace Oic.Infra.Cli;

/// <summary>
/// <c>infra compile</c>: prints the Pulumi YAML program of a stack. Run by people and CI with
/// <c>--stack</c> (default <c>PULUMI_STACK</c>), reading <c>stacks/Pulumi.&lt;stack&gt;.yaml</c>; and by
/// Pulumi's YAML host as the runtime's compiler, twice: for package discovery with no stack, then
/// for the run with <c>PULUMI_STACK</c> and <c>PULUMI_CONFIG</c> (see <see cref="Compilation"/>).
/// The run and <c>--stack</c> give the same bytes.
/// </summary>
public static class CompileCommand
{
    public static Command Create()
    {
        var stack = new Option<string?>("--stack", "-s")
        {
            Description = "Stack to compile (reads stacks/Pulumi.<stack>.yaml); default PULUMI_STACK. With neither, prints the package-discovery program Pulumi asks for.",
        };
        var configFile = new Option<FileInfo?>("--config-file")
        {
            Description = "Read the stack config from this file instead of stacks/Pulumi.<stack>.yaml.",
        };
        var outDir = new Option<DirectoryInfo?>("--out")
        {
            Description = "Write DIR/Main.yaml instead of printing the program.",
        };
        var command = new Command("compile", "Compile a stack's C# program into the Pulumi YAML program Pulumi deploys.")
        {
            stack, configFile, outDir,
        };
        command.SetAction(parse => Run(parse.GetValue(stack), parse.GetValue(configFile), parse.GetValue(outDir)));
        return command;
    }

    private static int Run(string? stack, FileInfo? configFile, DirectoryInfo? outDir)
    {
        StackConfig config;
        string? root;
        var pulumiStack = Environment.GetEnvironmentVariable("PULUMI_STACK") is { Length: > 0 } set ? set : null;
        var pulumiConfig = Environment.GetEnvironmentVariable("PULUMI_CONFIG");
        if (configFile is not null)
        {
            config = StackConfig.FromStackFile(configFile.FullName, Cli.Display(configFile.FullName), stack);
            // Outside the repository, the policy settings of the repository this program was built in;
            // the gate runs either way.
            root = Compilation.PolicyRoot();
        }
        else if (stack is null && pulumiStack is not null && pulumiConfig is not null)
        {
            (config, root) = Compilation.FromPulumiRun(pulumiStack, pulumiConfig,
                Environment.GetEnvironmentVariable("PULUMI_PROJECT"), Environment.GetEnvironmentVariable("PULUMI_ROOT_DIRECTORY"));
        }
        else if ((stack ?? pulumiStack) is { } name)
        {
            root = Compilation.FindRoot(Environment.CurrentDirectory);
            if (root is null)
                throw new UsageException("no Pulumi.yaml with a stacks/ folder here or above; run from the repository or pass --config-file");
            config = Compilation.ReadStack(root, name);
        }
        else
        {
            // Pulumi's package discovery: no stack, no config (see Compilation.Discovery).
            if (!Console.IsOutputRedirected)
                Console.Error.WriteLine("infra: no stack given, so this is the package-discovery program Pulumi asks for; `infra compile --stack NAME` prints a stack's program");
            return Emit(Compilation.Discovery(), outDir);
        }
        return Emit(Compilation.Compile(config, root), outDir);
    }

    private static int Emit(string program, DirectoryInfo? outDir)
    {
        if (outDir is null)
        {
            Console.Out.Write(program);
            Console.Out.Flush();
        }
        else
        {
            if (File.Exists(outDir.FullName))
                throw new UsageException($"--out {Cli.Display(outDir.FullName)} is a file; --out takes a folder (Main.yaml is written in it)");
            var target = Path.Combine(outDir.FullName, "Main.yaml");
            if (Directory.Exists(target))
                throw new UsageException($"{Cli.Display(target)} is a folder; remove it or choose another --out");
            AtomicFile.Write(target, program);
            Console.Error.WriteLine($"wrote {Cli.Display(target)}");
        }
        return ExitCodes.Success;
    }
}
