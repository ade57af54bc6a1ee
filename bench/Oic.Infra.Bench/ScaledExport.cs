using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Oic.Infra.Bench;

/// <summary>
/// A large estate's <c>pulumi stack export</c> (version 3), scaled up from a real one — the
/// sandbox's export of the reference estate after <c>./infra up --stack prod</c> — deterministically.
/// Copy 0 is the estate as deployed; copy <c>c</c> is the same estate in its own resource groups
/// (<c>rg-…-c0001</c>, so its ARM ids and the references between its resources stay consistent),
/// with its own address space (every IPv4 block moved to a /16 of its own, so networks of different
/// copies do not overlap, as in a real estate) and URNs suffixed <c>-c0001</c>. Realistic
/// violations are then planted on a fixed share of resources: storage accounts opened to
/// anonymous access or public networks or old TLS, resource groups without their owner tag,
/// the recovery vault's soft delete switched off.
/// </summary>
public static partial class ScaledExport
{
    /// <summary>What is planted: on the resources of a type, every <c>Every</c>-th one (counted across the export), the value at a path.</summary>
    private static readonly (string Type, string Path, JsonNode? Value, int Every)[] Violations =
    [
        ("azure-native:storage:StorageAccount", "allowBlobPublicAccess", JsonValue.Create(true), 17),
        ("azure-native:storage:StorageAccount", "minimumTlsVersion", JsonValue.Create("TLS1_0"), 23),
        ("azure-native:storage:StorageAccount", "publicNetworkAccess", JsonValue.Create("Enabled"), 29),
        ("azure-native:resources:ResourceGroup", "tags.owner", null, 31),
        ("azure-native:recoveryservices:Vault", "properties.securitySettings.softDeleteSettings.softDeleteState", JsonValue.Create("Disabled"), 7),
        ("azure-native:network:VirtualNetwork", "tags.network-role", null, 41),
    ];

    public static void Write(string sourceExport, int resources, string path)
    {
        var source = JsonNode.Parse(File.ReadAllText(sourceExport))!;
        var all = source["deployment"]!["resources"]!.AsArray();
        var shared = all.Where(r => IsShared((string)r!["type"]!)).ToList();
        var estate = all.Where(r => !IsShared((string)r!["type"]!)).ToList();
        var groups = estate.Where(r => (string)r!["type"]! == "azure-native:resources:ResourceGroup")
            .Select(r => (string)r!["outputs"]!["name"]!).ToList();
        var groupNames = new Regex($"(?<![A-Za-z0-9-])({string.Join('|', groups.Select(Regex.Escape))})(?![A-Za-z0-9-])", RegexOptions.CultureInvariant);
        var blocks = new SortedSet<int>(estate.SelectMany(r => Strings(r!)).SelectMany(s => Ipv4().Matches(s).Select(m => Top16(m))).Where(t => t > 0));
        var blockIndex = blocks.Select((b, i) => (b, i)).ToDictionary(p => p.b, p => p.i);

        var output = new JsonArray();
        foreach (var r in shared) output.Add(r!.DeepClone());
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var copy = 0; output.Count - 1 < resources; copy++)
        {
            var suffix = copy == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"-c{copy:D4}");
            foreach (var r in estate)
            {
                if (output.Count - 1 >= resources) break; // the stack itself is not a resource
                var clone = copy == 0 ? r!.DeepClone() : Rewrite(r!, s => Copy(s, suffix, copy, groupNames, blockIndex))!;
                Plant(clone, counters);
                output.Add(clone);
            }
        }
        source["deployment"]!["resources"] = output;
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        source.WriteTo(json);
    }

    /// <summary>The stack itself and the providers exist once, whatever the size of the estate.</summary>
    private static bool IsShared(string type) => type == "pulumi:pulumi:Stack" || type.StartsWith("pulumi:providers:", StringComparison.Ordinal);

    private static void Plant(JsonNode resource, Dictionary<string, int> counters)
    {
        var type = (string)resource["type"]!;
        foreach (var (violationType, at, value, every) in Violations)
        {
            if (violationType != type) continue;
            var key = $"{type} {at}";
            var n = counters[key] = counters.GetValueOrDefault(key) + 1;
            if (n % every != every / 2) continue;
            foreach (var side in new[] { "inputs", "outputs" })
                if (resource[side] is JsonObject properties) Set(properties, at.Split('.'), value);
        }
    }

    private static void Set(JsonObject properties, string[] path, JsonNode? value)
    {
        var parent = properties;
        foreach (var segment in path[..^1])
        {
            if (parent[segment] is not JsonObject next) return;
            parent = next;
        }
        if (value is null) parent.Remove(path[^1]);
        else if (parent.ContainsKey(path[^1])) parent[path[^1]] = value.DeepClone();
    }

    private static string Copy(string text, string suffix, int copy, Regex groupNames, Dictionary<int, int> blockIndex)
    {
        if (text.StartsWith("urn:pulumi:", StringComparison.Ordinal))
            return IsShared(text.Split("::")[^2].Split('$')[^1]) ? text : text + suffix;
        text = groupNames.Replace(text, m => m.Value + suffix);
        return Ipv4().Replace(text, m =>
        {
            var top = Top16(m);
            if (top == 0 || (m.Groups[5].Success && int.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture) < 16)) return m.Value;
            // Copies live above the estate's own blocks (10.x…203.x), from 11.0.0.0/16 upwards.
            var moved = 0x0B00 + (copy * blockIndex.Count) + blockIndex[top];
            return string.Create(CultureInfo.InvariantCulture, $"{moved >> 8}.{moved & 0xFF}.{m.Groups[3].Value}.{m.Groups[4].Value}{(m.Groups[5].Success ? "/" + m.Groups[5].Value : "")}");
        });
    }

    private static int Top16(Match m) =>
        (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) << 8) | int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<![0-9.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:/(\d{1,3}))?(?![0-9.])")]
    private static partial Regex Ipv4();

    private static IEnumerable<string> Strings(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Strings(p.Value)),
        JsonArray a => a.SelectMany(i => i is null ? [] : Strings(i)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        _ => [],
    };

    /// <summary>A deep copy with every string (values and object keys) passed through <paramref name="map"/>.</summary>
    private static JsonNode? Rewrite(JsonNode? node, Func<string, string> map) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(map(p.Key), Rewrite(p.Value, map)))),
        JsonArray a => new JsonArray([.. a.Select(i => Rewrite(i, map))]),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(map(v.GetValue<string>())),
        _ => node.DeepClone(),
    };

    /// <summary>
    /// <paramref name="count"/> waivers in <c>policies/waivers.yaml</c>'s shape for resources of the
    /// export: one per resource and rule in turn, exact URNs and every tenth a glob, expiring 90 days
    /// after <paramref name="today"/>.
    /// </summary>
    public static void WriteWaivers(string export, int count, string path, IReadOnlyList<string> ruleIds, DateOnly today)
    {
        var urns = JsonNode.Parse(File.ReadAllText(export))!["deployment"]!["resources"]!.AsArray()
            .Select(r => (string)r!["urn"]!).Where(u => !u.Contains("pulumi:pulumi:Stack", StringComparison.Ordinal)).ToList();
        using var writer = new StreamWriter(path);
        writer.Write("waivers:\n");
        for (var i = 0; i < count; i++)
        {
            var urn = urns[i % urns.Count];
            var resource = i % 10 == 9 ? urn[..(urn.LastIndexOf("::", StringComparison.Ordinal) + 2)] + "*-c00" + (i % 10) + "*" : urn;
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"""
                  - ruleId: {ruleIds[i % ruleIds.Count]}
                    resource: "{resource}"
                    category: {(i % 3 == 0 ? "mitigated" : "waiver")}
                    justification: Accepted for the scale benchmark, waiver number {i}
                    approvedBy: ciso@oic-oci.org
                    ticket: SEC-{10000 + i}
                    expiresOn: {today.AddDays(90):yyyy-MM-dd}

                """));
        }
    }
}
