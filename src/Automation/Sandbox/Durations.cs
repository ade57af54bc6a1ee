using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>
/// The virtual clock's view of <see cref="AzureResourceTypes"/>: how long an operation takes, in
/// minutes and milliseconds. Nothing sleeps; the clock advances by these.
/// </summary>
public static class Durations
{
    /// <inheritdoc cref="AzureResourceTypes.DurationsOf"/>
    public static OperationDuration Of(string type) => AzureResourceTypes.DurationsOf(type);

    /// <summary>Every type with its own entry, for reports and documentation.</summary>
    public static IReadOnlyDictionary<string, OperationDuration> All =>
        AzureResourceTypes.All.ToDictionary(r => r.Token, r => r.Durations, StringComparer.Ordinal);

    internal static long Milliseconds(double minutes) => (long)Math.Round(minutes * 60_000);
}
