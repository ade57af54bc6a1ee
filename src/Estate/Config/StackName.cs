using System.Text.RegularExpressions;

namespace Oic.Infra.Estate.Config;

/// <summary>
/// What a stack name may be, checked by every verb before the name is used in a path, a message
/// or the program's header: Pulumi's own rule (pulumi/pulumi <c>pkg/backend/diy/backend.go</c>,
/// <c>validateStackName</c>: <c>^[A-Za-z0-9_.-]{1,100}$</c>) and, so that a name can never walk
/// out of <c>stacks/</c> or <c>.infra/</c> (<c>..</c>), starting with a letter or digit.
/// </summary>
public static partial class StackName
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>Null when <paramref name="name"/> is a stack name, otherwise why not, in plain words.</summary>
    public static string? Problem(string? name) => IsValid(name)
        ? null
        : $"'{Printable(name ?? "")}' is not a stack name: use 1–100 letters, digits, '-', '_' and '.', starting with a letter or digit";

    /// <summary>A name as a message may show it: control characters (a newline…) written as \uXXXX.</summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var shown = text.Length > 120 ? text[..120] + "…" : text;
        return string.Concat(shown.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? $"\\u{(int)c:X4}" : c.ToString()));
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex Pattern();
}
