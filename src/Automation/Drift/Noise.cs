using System.Globalization;
using Oic.Infra.Resources;

namespace Oic.Infra.Automation.Drift;

/// <summary>
/// Output properties Azure changes on its own, which are never drift (pulumi/pulumi#16072 is users
/// asking for exactly this), and property names that hold secrets, which drift never reports.
/// </summary>
internal static class Noise
{
    /// <summary>Bookkeeping Azure rewrites on every read or write.</summary>
    private static readonly HashSet<string> Always = new(StringComparer.OrdinalIgnoreCase)
    {
        "provisioningState", "etag", "resourceGuid", "azureApiVersion", "systemData",
    };

    /// <summary>Timestamps that are not named <c>…Time</c> or <c>…Date</c>.</summary>
    private static readonly HashSet<string> Timestamps = new(StringComparer.OrdinalIgnoreCase)
    {
        "createdAt", "updatedAt", "changedTime", "createdOn", "updatedOn", "timeCreated", "timestamp",
    };

    /// <summary>
    /// Properties whose value is a credential. They are secrets in Pulumi's state and so unknown
    /// here already; the names guard against a state that recorded one in the clear.
    /// </summary>
    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "sharedKey", "password", "adminPassword", "clientSecret", "primaryKey", "secondaryKey", "primarySharedKey",
        "secondarySharedKey", "connectionString", "primaryConnectionString", "secondaryConnectionString", "authorizationKey",
        "keys", "accessKeys", "sasToken", "value",
    };

    /// <summary>Noise whatever the property: <c>etag</c>, <c>provisioningState</c>…</summary>
    public static bool IsAlways(string name) => Always.Contains(name);

    /// <summary>
    /// A timestamp: named like one (<c>creationTime</c>, <c>lastModifiedDate</c>, <c>createdAt</c>…)
    /// and holding a date and time on each side that has it — a key rotation policy's
    /// <c>expiryTime</c> of <c>P2Y</c> is a duration, and it is not noise.
    /// </summary>
    public static bool IsTimestamp(string name, PropertyValue? a, PropertyValue? b) =>
        (Timestamps.Contains(name) ||
         name.StartsWith("lastModified", StringComparison.OrdinalIgnoreCase) ||
         (name.Length > 4 && (name.EndsWith("Time", StringComparison.Ordinal) || name.EndsWith("Date", StringComparison.Ordinal)))) &&
        IsDateTimeOrAbsent(a) && IsDateTimeOrAbsent(b);

    private static bool IsDateTimeOrAbsent(PropertyValue? value) => value switch
    {
        null => true,
        PropertyValue.Str s => DateTimeOffset.TryParse(s.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
        _ => false,
    };

    /// <summary>
    /// A credential. <c>value</c> counts only below <c>properties</c> (a Key Vault secret's
    /// <c>properties.value</c>), so that a tag named <c>value</c> is still reported.
    /// </summary>
    public static bool IsSecretName(string name, string? parent) =>
        SecretNames.Contains(name) && (!name.Equals("value", StringComparison.OrdinalIgnoreCase) || parent == "properties");
}
