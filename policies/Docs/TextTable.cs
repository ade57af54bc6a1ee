namespace Oic.Infra.Policies.Docs;

/// <summary>Aligned columns for terminal output: every column but the last padded to its widest cell.</summary>
internal static class TextTable
{
    public static IEnumerable<string> Lines(IReadOnlyList<string>? header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var all = header is null ? rows : [header, .. rows];
        var columns = all.Count == 0 ? 0 : all.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns)
            .Select(i => all.Max(r => i < r.Count ? r[i].Length : 0))
            .ToArray();
        return all.Select(row => string.Join("  ", row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
    }
}
