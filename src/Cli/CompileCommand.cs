using System.CommandLine;
using Oic.Infra.Estate.Config;

namespace Oic.Infra.Cli;

/// <summary>
/// <c>infra compile</c>: prints the Pulumi YAML program of a stack. Run by Pulumi as the YAML
/// runtime's compiler (no <c>--stack</c>; config from <c>PULUMI_CONFIG</c>), or by people and CI
/// with <c>--stack</c>, reading <c>stacks/Pulumi.&lt;stack&gt;.yaml</c>. Both give the same bytes.
/// </summary>
public static class CompileCommand
{
    public static Command Create()
    {
        var stack = new Option<string?>("--stack", "-s")
        {
            Description = "Stack to compile (reads stacks/Pulumi.<stack>.yaml). Omit when Pulumi runs this as its compiler.",
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
        if (stack is null && configFile is null)
        {
            // Pulumi's YAML language host: PULUMI_STACK, PULUMI_PROJECT and PULUMI_CONFIG are set.
            var pulumiStack = Environment.GetEnvironmentVariable("PULUMI_STACK");
            var pulumiConfig = Environment.GetEnvironmentVariable("PULUMI_CONFIG");
            if (string.IsNullOrEmpty(pulumiStack) || pulumiConfig is null)
                return Cli.Fail(ExitCodes.InvalidInput, "compile needs --stack NAME (or PULUMI_STACK and PULUMI_CONFIG, as Pulumi sets them)");
            var project = Environment.GetEnvironmentVariable("PULUMI_PROJECT");
            if (!string.IsNullOrEmpty(project) && project != EstateLoader.Project)
                return Cli.Fail(ExitCodes.InvalidInput, $"PULUMI_PROJECT is '{project}', but this compiler builds project '{EstateLoader.Project}'");
            // Pulumi passes an org-qualified name to some hosts; the stack file is named after the last part.
            var name = pulumiStack.Split('/')[^1];
            config = StackConfig.FromPulumiEnvironment(name, pulumiConfig, Environment.GetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS"));
        }
        else if (configFile is not null)
        {
            config = StackConfig.FromStackFile(configFile.FullName, Cli.Display(configFile.FullName), stack);
        }
        else
        {
            var repository = Compilation.FindRoot(Environment.CurrentDirectory);
            if (repository is null)
                return Cli.Fail(ExitCodes.InvalidInput, "no Pulumi.yaml with a stacks/ folder here or above; run from the repository or pass --config-file");
            config = Compilation.ReadStack(repository, stack!);
        }

        // The policy gate reads policies/ from the repository (Pulumi names it in PULUMI_ROOT_DIRECTORY).
        // Outside the repository (--config-file), the repository this program was built in; the gate runs either way.
        var root = Environment.GetEnvironmentVariable("PULUMI_ROOT_DIRECTORY") is { Length: > 0 } pulumiRoot && stack is null && configFile is null
            ? pulumiRoot
            : Compilation.PolicyRoot();
        var program = Compilation.Compile(config, root);
        if (outDir is null)
        {
            Console.Out.Write(program);
            Console.Out.Flush();
        }
        else
        {
            if (File.Exists(outDir.FullName))
                return Cli.Fail(ExitCodes.InvalidInput, $"--out {Cli.Display(outDir.FullName)} is a file; --out takes a folder (Main.yaml is written in it)");
            var target = Path.Combine(outDir.FullName, "Main.yaml");
            if (Directory.Exists(target))
                return Cli.Fail(ExitCodes.InvalidInput, $"{Cli.Display(target)} is a folder; remove it or choose another --out");
            AtomicFile.Write(target, program);
            Console.Error.WriteLine($"wrote {Cli.Display(target)}");
        }
        return ExitCodes.Success;
    }
}
