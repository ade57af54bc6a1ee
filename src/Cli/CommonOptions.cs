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

    public static Option<int> Parallel() =>
        new("--parallel", "-p") { Description = "Resource operations at once (default 10).", DefaultValueFactory = _ => 10 };
}
