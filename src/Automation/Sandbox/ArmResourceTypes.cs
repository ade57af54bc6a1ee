using System.Text;
using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>
/// How an azure-native type token becomes an ARM resource id: a template of the resource's PUT
/// path. <c>{rg}</c> is the resource group scope, <c>{subscription}</c> the provider's
/// subscription, <c>{key}</c> a resolved input (<c>{key=default}</c> when it may be left out),
/// <c>{guid:a,b}</c> a name-based GUID of inputs (for resources Azure names by their content).
/// The last placeholder is the resource's own name.
/// </summary>
internal sealed class ArmResourceType
{
    private readonly List<Part> _parts;

    private ArmResourceType(string token, string template)
    {
        Token = token;
        Template = template;
        _parts = ParseTemplate(template);
        PathKeys = _parts
            .SelectMany(p => p.GuidKeys ?? (p.Key is null or "subscription" ? [] : [p.Key]))
            .Distinct(StringComparer.Ordinal).ToList();
        var afterProvider = template.LastIndexOf("/providers/", StringComparison.Ordinal);
        if (afterProvider < 0)
        {
            Namespace = "Microsoft.Resources";
            ArmType = "Microsoft.Resources/resourceGroups";
        }
        else
        {
            var segments = template[(afterProvider + "/providers/".Length)..].Split('/');
            Namespace = segments[0];
            ArmType = Namespace + "/" + string.Join('/', segments.Skip(1).Where((_, i) => i % 2 == 0));
        }
        IsChild = ArmType.Count(c => c == '/') > 1;
    }

    public string Token { get; }
    public string Template { get; }

    /// <summary>The resource provider namespace, e.g. <c>Microsoft.Network</c>.</summary>
    public string Namespace { get; }

    /// <summary>The ARM type Azure reports, e.g. <c>Microsoft.Network/virtualNetworks/subnets</c>.</summary>
    public string ArmType { get; }

    /// <summary>The inputs that form the id; changing one means a different resource (a replacement).</summary>
    public IReadOnlyList<string> PathKeys { get; }

    /// <summary>A child resource of another ARM resource (subnets of a VNet, containers of an account…).</summary>
    public bool IsChild { get; }

    private sealed record Part(string? Literal, string? Key, string? Default, IReadOnlyList<string>? GuidKeys);

    private static List<Part> ParseTemplate(string template)
    {
        var parts = new List<Part>();
        var text = template.Replace("{rg}", "/subscriptions/{subscription}/resourceGroups/{resourceGroupName}", StringComparison.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            if (open < 0) { parts.Add(new Part(text[i..], null, null, null)); break; }
            if (open > i) parts.Add(new Part(text[i..open], null, null, null));
            var close = text.IndexOf('}', open);
            var body = text[(open + 1)..close];
            if (body.StartsWith("guid:", StringComparison.Ordinal))
                parts.Add(new Part(null, "guid", null, body[5..].Split(',')));
            else if (body.Contains('=', StringComparison.Ordinal))
                parts.Add(new Part(null, body[..body.IndexOf('=', StringComparison.Ordinal)], body[(body.IndexOf('=', StringComparison.Ordinal) + 1)..], null));
            else
                parts.Add(new Part(null, body, null, null));
            i = close + 1;
        }
        return parts;
    }

    /// <summary>The ARM id of a resource with these (resolved) inputs.</summary>
    /// <param name="autoName">The name Azure-native would choose when the name input is left out.</param>
    public string IdOf(JsonObject inputs, string subscription, string autoName, string describe)
    {
        var id = new StringBuilder();
        var last = _parts.FindLastIndex(p => p.Key is not null);
        for (var i = 0; i < _parts.Count; i++)
        {
            var part = _parts[i];
            if (part.Literal is not null) { id.Append(part.Literal); continue; }
            if (part.Key == "subscription") { id.Append(subscription); continue; }
            if (part.GuidKeys is { } keys)
            {
                id.Append(SandboxJson.DeterministicGuid([Token, .. keys.Select(k => Text(inputs, k) ?? "")]).ToString());
                continue;
            }
            var value = Text(inputs, part.Key!) ?? part.Default ?? (i == last ? autoName : null);
            if (string.IsNullOrEmpty(value))
                throw new EngineInputException($"{describe} has no '{part.Key}' input, which its ARM id ({Template}) needs");
            // Scopes (a resource id) are used as they are; names are single segments.
            id.Append(i == 0 ? value.TrimEnd('/') : value);
        }
        return id.ToString();
    }

    private static string? Text(JsonObject inputs, string key) =>
        inputs[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static readonly Dictionary<string, ArmResourceType> Known = AzureResourceTypes.All
        .ToDictionary(r => r.Token, r => new ArmResourceType(r.Token, r.ArmIdTemplate), StringComparer.Ordinal);

    /// <summary>azure-native module → resource provider namespace, for types outside the table.</summary>
    private static readonly Dictionary<string, string> Namespaces = new(StringComparer.Ordinal)
    {
        ["network"] = "Microsoft.Network",
        ["privatedns"] = "Microsoft.Network",
        ["dnsresolver"] = "Microsoft.Network",
        ["storage"] = "Microsoft.Storage",
        ["keyvault"] = "Microsoft.KeyVault",
        ["managedidentity"] = "Microsoft.ManagedIdentity",
        ["authorization"] = "Microsoft.Authorization",
        ["operationalinsights"] = "Microsoft.OperationalInsights",
        ["monitor"] = "Microsoft.Insights",
        ["insights"] = "Microsoft.Insights",
        ["recoveryservices"] = "Microsoft.RecoveryServices",
        ["dataprotection"] = "Microsoft.DataProtection",
        ["security"] = "Microsoft.Security",
        ["resources"] = "Microsoft.Resources",
    };

    public static IEnumerable<string> KnownTokens => Known.Keys.Order(StringComparer.Ordinal);

    public static bool IsKnown(string token) => Known.ContainsKey(token);

    /// <summary>
    /// The table's entry, or for a type the table lacks the conventional shape:
    /// <c>{rg}/providers/Microsoft.Module/camelTypes/{camelTypeName}</c>.
    /// </summary>
    public static ArmResourceType For(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        lock (Derived)
        {
            if (Known.TryGetValue(token, out var known)) return known;
            if (Derived.TryGetValue(token, out var derived)) return derived;
            var parts = token.Split(':');
            if (parts.Length != 3 || parts[0] != "azure-native")
                throw new EngineInputException($"the sandbox simulates azure-native resources only, not '{token}'");
            var module = parts[1];
            var ns = Namespaces.GetValueOrDefault(module) ?? "Microsoft." + char.ToUpperInvariant(module[0]) + module[1..];
            var camel = char.ToLowerInvariant(parts[2][0]) + parts[2][1..];
            var made = new ArmResourceType(token, $"{{rg}}/providers/{ns}/{camel}s/{{{camel}Name}}");
            Derived[token] = made;
            return made;
        }
    }

    private static readonly Dictionary<string, ArmResourceType> Derived = new(StringComparer.Ordinal);
}
