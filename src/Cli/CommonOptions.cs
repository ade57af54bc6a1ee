using System.CommandLine;

namespace Oic.Infra.Cli;

/// <summary>Options several verbs share, so that they read and behave the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Format(params string[] formats)
    {
        var option = new Option<string>("--format", "-f") { Description = $"Output: {string.Join(", ", formats)}.", DefaultValueFactory = _ => "text" };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    /// <summary><c>--parallel N</c>, checked in one place so every verb refuses a bad N with the same message.</summary>
    public static Option<int> Parallel()
    {
        var option = new Option<int>("--parallel", "-p") { Description = "Resource operations at once (default 10).", DefaultValueFactory = _ => 10 };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
                result.AddError("--parallel must be a whole number of at least 1");
        });
        return option;
    }

    /// <summary><c>--stack</c>/<c>-s</c>, defaulting to <c>PULUMI_STACK</c> as the Pulumi CLI does.</summary>
    public static Option<string?> Stack() => new("--stack", "-s")
    {
        Description = "The stack (stacks/Pulumi.<stack>.yaml); default PULUMI_STACK.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PULUMI_STACK") is { Length: > 0 } s ? s : null,
    };

    /// <summary>The stack a verb works on; none given is invalid input.</summary>
    public static string StackOf(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) ?? throw new UsageException("--stack NAME is required (or set PULUMI_STACK)");

    /// <summary><c>--target URN</c>, repeatable: only these resources change (Pulumi's <c>--target</c>).</summary>
    public static Option<string[]> Target() => new("--target", "-t")
    {
        Description = "Change only the resource with this URN (repeatable), as `pulumi up --target` does.",
    };

    /// <summary>
    /// <c>up</c> and <c>destroy</c> change Azure: on a terminal they ask first, elsewhere they need
    /// <c>--yes</c>, as the Pulumi CLI does (a missing <c>--yes</c> when not interactive is its exit code 2).
    /// Returns to go on; throws <see cref="UsageException"/> (exit 2) to stop, nothing changed.
    /// </summary>
    public static void Confirm(bool yes, string verb, string stack)
    {
        if (yes) return;
        if (Console.IsInputRedirected || Console.IsOutputRedirected || Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
            throw new UsageException($"`{verb}` changes stack '{stack}': pass --yes to go ahead when not running interactively (nothing was changed)");
        Console.Out.Write($"Do you want to perform this {verb} of stack '{stack}'? Type 'yes' to go ahead: ");
        Console.Out.Flush();
        if (Console.ReadLine()?.Trim() == "yes") return;
        throw new UsageException($"{verb} declined; nothing was changed");
    }

    public static Option<bool> Yes() => new("--yes", "-y") { Description = "Go ahead without asking (required when not on a terminal)." };
}
