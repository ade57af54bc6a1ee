using System.Globalization;
using System.Text.RegularExpressions;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;
using static Oic.Infra.Policies.Rules.AzureTypes;

namespace Oic.Infra.Policies.Rules.KeyVault;

/// <summary>Key vaults, their keys and secrets (CIS Azure Foundations v3.0 section 3.3).</summary>
public static partial class KeyVaultRules
{
    public static readonly ResourceRule PurgeProtection = new("kv-purge-protection",
        "Key vaults have purge protection on",
        "Without purge protection a deleted vault or key can be destroyed at once, and every document encrypted with it is lost for good.",
        Severity.High, ["CIS-3.0:3.3.5", "MCSB:DP-8"], [AzureTypes.KeyVault],
        (r, _) => Check.Is(r, "properties.enablePurgeProtection", true))
    {
        Reads = PropertyPaths.On(AzureTypes.KeyVault, "properties.enablePurgeProtection"),
    };

    public static readonly ResourceRule SoftDeleteRetention = new("kv-soft-delete-retention",
        "Key vaults keep deleted objects for 90 days",
        "Soft delete gives us time to notice and undo the deletion of a vault, key or secret; 90 days is the longest Azure allows.",
        Severity.Medium, ["CIS-3.0:3.3.5", "MCSB:DP-8"], [AzureTypes.KeyVault],
        // Both left unset take Azure's documented defaults, which satisfy the rule (ADR 0011): soft delete is
        // on for every new vault, and "if no configuration is specified, the default recovery period is set
        // to 90 days" (learn.microsoft.com, Azure Key Vault soft-delete overview).
        (r, _) => Outcome.All(NotFalse(r, "properties.enableSoftDelete"), EqualToOrUnset(r, "properties.softDeleteRetentionInDays", 90)))
    {
        Reads = PropertyPaths.On(AzureTypes.KeyVault, "properties.enableSoftDelete", "properties.softDeleteRetentionInDays"),
    };

    public static readonly ResourceRule NoPublicNetwork = new("kv-no-public-network",
        "Key vaults are closed to public networks",
        "The vault holds the keys to every encrypted document store; it must not answer the internet, only private endpoints and trusted services.",
        Severity.High, ["CIS-3.0:3.3.7", "MCSB:NS-2", "MCSB:DP-8"], [AzureTypes.KeyVault],
        (r, _) =>
        {
            var access = r.Get("properties.publicNetworkAccess");
            var action = r.Get("properties.networkAcls.defaultAction");
            if (IsText(access, "Disabled") || IsText(action, "Deny")) return Outcome.Pass;
            if (access.IsUnknown) return Check.Unknown("properties.publicNetworkAccess");
            if (action.IsUnknown) return Check.Unknown("properties.networkAcls.defaultAction");
            return Outcome.Fail(
                $"properties.publicNetworkAccess is {Describe(access)} and properties.networkAcls.defaultAction is {Describe(action)}; " +
                "public network access must be Disabled, or else the firewall must deny by default");
        })
    {
        Reads = PropertyPaths.On(AzureTypes.KeyVault, "properties.networkAcls.defaultAction", "properties.publicNetworkAccess"),
    };

    public static readonly StackRule PrivateEndpoint = new("kv-private-endpoint",
        "Key vaults have a private endpoint",
        "With public access closed, a private endpoint is how the storage accounts and administrators reach the vault; without one it gets reopened.",
        Severity.Medium, ["CIS-3.0:3.3.7", "MCSB:NS-2"],
        set => set.OfType(AzureTypes.KeyVault).Select(vault => (vault, PendingEndpoint(set, vault, Relations.HasPrivateEndpoint(set, vault, "vault"), "vault"))))
    {
        Reads = PropertyPaths.On(AzureTypes.PrivateEndpoint, "manualPrivateLinkServiceConnections[].groupIds", "manualPrivateLinkServiceConnections[].privateLinkServiceId", "privateLinkServiceConnections[].groupIds", "privateLinkServiceConnections[].privateLinkServiceId"),
    };

    public static readonly ResourceRule KeyExpiry = new("kv-key-expiry",
        "Keys have an expiry: a date, or a rotation policy expiring each version within two years",
        "A key that never expires is never replaced; an expiry date, or a rotation policy that sets one, bounds how long a leaked key stays useful.",
        Severity.Medium, ["CIS-3.0:3.3.1", "CIS-3.0:3.3.2", "MCSB:DP-6"], [Key],
        (r, _) =>
        {
            var expires = KeyProperty(r, "attributes.expires");
            if (expires.Value is not null) return Outcome.Pass; // a value, or a reference to one
            var expiryTime = KeyProperty(r, "rotationPolicy.attributes.expiryTime");
            var byPolicy = expiryTime switch
            {
                { IsUnknown: true } => Check.Unknown(expiryTime.Path),
                { Text: { Length: > 0 } text } when DurationEnd(text) is null =>
                    Outcome.Fail($"{expiryTime.Path} is '{text}'; must be an ISO 8601 duration of at most P2Y"),
                { Text: { Length: > 0 } text } when DurationEnd(text) > Anchor.AddYears(2) =>
                    Outcome.Fail($"{expiryTime.Path} is '{text}'; must be at most P2Y"),
                { Text: { Length: > 0 } } => Outcome.Pass,
                _ => Outcome.Fail($"neither {expires.Path} nor {expiryTime.Path} is set; the key must expire"),
            };
            return byPolicy.Kind == OutcomeKind.Fail && expires.IsUnknown ? Check.Unknown(expires.Path) : byPolicy;
        })
    {
        Reads = PropertyPaths.On(Key, "attributes.expires", "properties.attributes.expires", "properties.rotationPolicy.attributes.expiryTime", "rotationPolicy.attributes.expiryTime"),
    };

    public static readonly ResourceRule KeyRotation = new("kv-key-rotation",
        "Keys rotate automatically",
        "A rotation policy replaces the key version on a schedule, so nobody has to remember to do it and no key version lives for years.",
        Severity.Medium, ["CIS-3.0:3.3.8", "MCSB:DP-6"], [Key],
        (r, _) =>
        {
            var actions = KeyProperty(r, "rotationPolicy.lifetimeActions");
            if (actions.IsUnknown) return Check.Unknown(actions.Path);
            var types = actions.Items.Select(a => a.Get("action.type")).ToList();
            if (types.Any(t => IsText(t, "rotate"))) return Outcome.Pass;
            if (types.Any(t => t.IsUnknown) || actions.AnyUnknown) return Check.Unknown($"{actions.Path}[].action.type");
            return Outcome.Fail(actions.IsMissing
                ? $"{actions.Path} is not set; a lifetime action of type rotate is required"
                : $"{actions.Path} has no action of type rotate");
        })
    {
        Reads = PropertyPaths.On(Key, "properties.rotationPolicy.lifetimeActions[].action.type", "rotationPolicy.lifetimeActions"),
    };

    public static readonly ResourceRule SecretExpiry = new("kv-secret-expiry",
        "Secrets have an expiry date",
        "A secret without an expiry date is never rotated; an expiry forces the owner to renew it and limits how long a leaked one works.",
        Severity.Medium, ["CIS-3.0:3.3.3", "CIS-3.0:3.3.4", "MCSB:DP-6"], [Secret],
        (r, _) =>
        {
            var expires = r.Get("properties.attributes.expires");
            if (expires.Value is not null) return Outcome.Pass; // a value, or a reference to one
            if (expires.IsUnknown) return Check.Unknown(expires.Path);
            return Outcome.Fail("properties.attributes.expires is not set; the secret must expire");
        })
    {
        Reads = PropertyPaths.On(Secret, "properties.attributes.expires"),
    };

    /// <summary>
    /// What a vault must send: <c>AuditEvent</c> ("Audit Logs": who read, created or deleted which key
    /// or secret). Its other category, <c>AzurePolicyEvaluationDetails</c>, records policy evaluations
    /// only (learn.microsoft.com, "Supported logs for Microsoft.KeyVault/vaults"). <c>allLogs</c> holds
    /// every category; <c>audit</c> is accepted as PSRule for Azure's <c>Azure.KeyVault.Logs</c> accepts
    /// it (Azure.KeyVault.Rule.ps1). That Learn lists AuditEvent in the audit group was not confirmed here.
    /// </summary>
    internal static readonly RequiredLogs AuditLogs = new(["AuditEvent"], ["audit", "allLogs"],
        "Microsoft Learn, Supported logs for Microsoft.KeyVault/vaults");

    public static readonly StackRule Diagnostics = new("kv-diagnostics",
        "Key vault access (the AuditEvent log) goes to Log Analytics",
        "Every read of a key or secret should leave a trace; without audit logs nobody can tell who used the keys to the document stores.",
        Severity.Medium, ["CIS-3.0:6.1.4", "MCSB:LT-3", "MCSB:DP-8"],
        set => set.OfType(AzureTypes.KeyVault).Select(vault => (vault, PendingDiagnostics(set, vault, Relations.HasDiagnostics(set, vault, AuditLogs)))))
    {
        Reads = PropertyPaths.On(DiagnosticSetting, "logs[].category", "logs[].categoryGroup", "logs[].enabled", "resourceUri", "workspaceId"),
    };

    public static readonly ResourceRule HsmKeys = new("kv-premium-hsm-keys",
        "Encryption keys are HSM-backed",
        "Keys that protect documents at rest belong in a hardware security module, where they cannot be exported even by someone with full access to the vault.",
        Severity.Medium, ["MCSB:DP-5"], [Key],
        (r, _) =>
        {
            // Only a list that names operations, none of them encryption, makes a signing key. Unset or empty
            // restricts nothing (JWK key_ops is optional, RFC 7517 §4.3): Key Vault then allows every
            // operation the key type supports, encryption included, so the key is judged (ADR 0011).
            var ops = KeyProperty(r, "keyOps");
            if (ops.HasValue && !ops.AnyUnknown && ops.Texts.Count > 0 &&
                !ops.Texts.Any(o => EncryptionOperations.Contains(o, StringComparer.OrdinalIgnoreCase)))
                return Outcome.NotApplicable; // a signing key: it encrypts nothing
            var kty = KeyProperty(r, "kty");
            if (kty.IsUnknown) return Check.Unknown(kty.Path);
            if (kty.Text is { } text && HsmKeyTypes.Contains(text, StringComparer.OrdinalIgnoreCase)) return Outcome.Pass;
            return Outcome.Fail(kty.IsMissing
                ? $"{kty.Path} is not set; must be RSA-HSM or EC-HSM"
                : $"{kty.Path} is '{kty.Text}'; must be RSA-HSM or EC-HSM");
        })
    {
        Reads = PropertyPaths.On(Key, "keyOps", "kty", "properties.keyOps", "properties.kty"),
    };

    private static readonly string[] EncryptionOperations = ["encrypt", "decrypt", "wrapKey", "unwrapKey"];
    private static readonly string[] HsmKeyTypes = ["RSA-HSM", "EC-HSM"];

    /// <summary>A fixed, non-leap reference date: durations are measured from it, so P2Y is exactly 730 days.</summary>
    private static readonly DateTime Anchor = new(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// A key's setting as azure-native inputs spell it (<c>properties.kty</c>), falling back to the
    /// flattened output (<c>kty</c>) a state export carries when the inputs lack it.
    /// </summary>
    private static Lookup KeyProperty(PolicyResource key, string path)
    {
        var input = key.Get($"properties.{path}");
        return input.IsMissing && key.Get(path) is { IsMissing: false } output ? output : input;
    }

    private static bool IsText(Lookup value, string expected) =>
        !value.IsUnknown && string.Equals(value.Text, expected, StringComparison.OrdinalIgnoreCase);

    private static string Describe(Lookup value) => value.IsMissing ? "not set" : $"'{value.Text}'";

    /// <summary>The property is absent (Azure's default is on) or true; false in any spelling fails.</summary>
    private static Outcome NotFalse(PolicyResource resource, string path)
    {
        var v = resource.Get(path);
        if (v.IsUnknown) return Check.Unknown(path);
        if (v.IsMissing || v.Bool == true) return Outcome.Pass;
        return Outcome.Fail($"{path} is '{v.Text}'; must be true or left unset");
    }

    /// <summary>The value is <paramref name="expected"/>, or unset where Azure's default is <paramref name="expected"/>.</summary>
    private static Outcome EqualToOrUnset(PolicyResource resource, string path, double expected)
    {
        var v = resource.Get(path);
        if (v.IsUnknown) return Check.Unknown(path);
        if (v.IsMissing) return Outcome.Pass;
        var want = expected.ToString(CultureInfo.InvariantCulture);
        if (v.Number is { } n) return Outcome.When(n == expected, $"{path} is {n.ToString(CultureInfo.InvariantCulture)}; must be {want}");
        return Outcome.Fail(v.IsMissing ? $"{path} is not set; must be {want}" : $"{path} is '{v.Text}'; must be {want}");
    }

    /// <summary>
    /// The end of an ISO 8601 duration (<c>P2Y</c>, <c>P90D</c>, <c>P1Y6M</c>, <c>PT48H</c>) counted
    /// from <see cref="Anchor"/>; null when the text is not such a duration.
    /// </summary>
    private static DateTime? DurationEnd(string text)
    {
        var m = Iso8601Duration().Match(text.Trim());
        if (!m.Success || m.Groups.Values.Skip(1).All(g => !g.Success)) return null;
        int Part(string name) => m.Groups[name].Success ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        try
        {
            return Anchor.AddYears(Part("y")).AddMonths(Part("mo")).AddDays(7.0 * Part("w") + Part("d"))
                .AddHours(Part("h")).AddMinutes(Part("mi")).AddSeconds(Part("s"));
        }
        catch (ArgumentOutOfRangeException)
        {
            return DateTime.MaxValue; // absurdly long: certainly more than two years
        }
    }

    [GeneratedRegex(@"^P(?:(?<y>\d{1,6})Y)?(?:(?<mo>\d{1,6})M)?(?:(?<w>\d{1,6})W)?(?:(?<d>\d{1,6})D)?(?:T(?:(?<h>\d{1,6})H)?(?:(?<mi>\d{1,6})M)?(?:(?<s>\d{1,6})S)?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601Duration();

    /// <summary>
    /// A missing private endpoint is only a failure when no endpoint that might connect to the vault
    /// is still pending: one whose target or group ids are not known yet makes the outcome unknown.
    /// </summary>
    private static Outcome PendingEndpoint(ResourceSet set, PolicyResource vault, Outcome outcome, string groupId)
    {
        if (outcome.Kind != OutcomeKind.Fail) return outcome;
        foreach (var endpoint in set.OfType(AzureTypes.PrivateEndpoint))
        {
            var connections = endpoint.Get("privateLinkServiceConnections");
            var manual = endpoint.Get("manualPrivateLinkServiceConnections");
            if (connections.AnyUnknown || manual.AnyUnknown) return Check.Unknown($"{endpoint.Name} privateLinkServiceConnections");
            foreach (var connection in connections.Items.Concat(manual.Items))
            {
                var target = connection.Get("privateLinkServiceId");
                var groups = connection.Get("groupIds");
                var mayTarget = set.PointsAt(target, vault) || (target.IsUnknown && set.Resolve(target).Resource is null);
                var mayGroup = groups.AnyUnknown || groups.Texts.Contains(groupId, StringComparer.OrdinalIgnoreCase);
                if (mayTarget && mayGroup) return Check.Unknown($"{endpoint.Name} {connection.Path}");
            }
        }
        return outcome;
    }

    /// <summary>
    /// Missing or incomplete diagnostics are unknown rather than a failure while a setting that may
    /// belong to the vault has a target or a log switch that is not known yet.
    /// </summary>
    private static Outcome PendingDiagnostics(ResourceSet set, PolicyResource vault, Outcome outcome)
    {
        if (outcome.Kind != OutcomeKind.Fail) return outcome;
        foreach (var setting in set.OfType(DiagnosticSetting))
        {
            var uri = setting.Get("resourceUri");
            var (target, rest) = set.Resolve(uri);
            if (target is null && uri.IsUnknown) return Check.Unknown($"{setting.Name} resourceUri");
            if (target != vault || rest.Length > 0) continue;
            var logs = setting.Get("logs");
            if (logs.AnyUnknown || logs.Items.Any(l => l.Get("enabled").IsUnknown))
                return Check.Unknown($"{setting.Name} logs");
        }
        return outcome;
    }

    public static readonly ResourceRule KeyVaultRbac = new("kv-rbac-mode",
        "Key vaults authorize with Azure RBAC, not access policies",
        "Access policies are a separate permission system nobody reviews with the rest; RBAC puts vault access under the same groups, PIM and audit as everything else.",
        Severity.High, ["CIS-3.0:3.3.6", "MCSB:PA-7"], [AzureTypes.KeyVault],
        (r, _) =>
        {
            var policies = r.Get("properties.accessPolicies");
            var noPolicies = policies switch
            {
                { IsUnknown: true } => Check.Unknown("properties.accessPolicies"),
                { IsMissing: true } => Outcome.Pass,
                { Value: PropertyValue.List { Items.Count: 0 } } => Outcome.Pass,
                { Value: PropertyValue.List l } => Outcome.Fail($"properties.accessPolicies has {l.Items.Count} entr{(l.Items.Count == 1 ? "y" : "ies")}; must be empty"),
                _ => Outcome.Fail("properties.accessPolicies is set; must be empty"),
            };
            return Outcome.All(Check.Is(r, "properties.enableRbacAuthorization", true), noPolicies);
        })
    {
        Reads = PropertyPaths.On(AzureTypes.KeyVault, "properties.accessPolicies", "properties.enableRbacAuthorization"),
    };
}
