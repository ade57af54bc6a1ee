namespace Oic.Infra.Policies.Docs;

/// <summary>Escaping for text placed in Markdown tables.</summary>
internal static class MarkdownText
{
    /// <summary>One table cell: no line breaks, pipes escaped.</summary>
    public static string Cell(string text) =>
        text.Replace("\r", "", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal);
}
