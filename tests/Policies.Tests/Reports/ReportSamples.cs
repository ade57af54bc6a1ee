using System.Text.Json;
using Oic.Infra.Policies.Engine;
using Oic.Infra.Policies.Rules;
using Oic.Infra.Policies.Waivers;
using Oic.Infra.Resources;

namespace Oic.Infra.Policies.Tests.Reports;

/// <summary>
/// Small hand-made reports: a prod stack of four storage accounts and a Key Vault, judged by a
/// mandatory pack (HTTPS, public blobs, a rule that throws) and an advisory one (tags), with one
/// violation waived. Two accounts come from the compiled graph (they know their C# line), the
/// others from a stack export written into a temporary repository.
/// </summary>
internal sealed class ReportSamples : IDisposable
{
    public const string Storage = "azure-native:storage:StorageAccount";
    public const string Vault = "azure-native:keyvault:Vault";
    public static readonly DateOnly Today = new(2026, 1, 15);

    public static readonly ResourceRule HttpsOnly = new("test-https-only",
        "Storage accounts accept HTTPS only",
        "Documents in transit over plain HTTP can be read by anyone on the path.",
        Severity.High, ["CIS-3.0:4.1", "MCSB:DP-3"], [Storage],
        (r, _) => Check.Is(r, "enableHttpsTrafficOnly", true));

    public static readonly ResourceRule NoPublicBlobs = new("test-no-public-blob",
        "Storage accounts allow no anonymous blob access",
        "An anonymous container publishes every document in it.",
        Severity.Critical, ["CIS-3.0:4.17", "MCSB:NS-2"], [Storage],
        (r, _) => r.Get("allowBlobPublicAccess").Bool == true ? Outcome.Fail("allowBlobPublicAccess is true; must be false") : Outcome.Pass);

    public static readonly ResourceRule Throws = new("test-vault-throws",
        "Key Vaults are judged by a broken rule",
        "Exercises the error path.",
        Severity.Medium, ["MCSB:DP-8"], [Vault],
        (_, _) => throw new InvalidOperationException("boom"));

    public static readonly ResourceRule Tagged = new("test-tagged",
        "Resources carry an owner tag",
        "Someone must be called when the resource misbehaves.",
        Severity.Low, ["MCSB:AM-2"], [Storage],
        (r, _) => r.Get("tags.owner").HasValue ? Outcome.Pass : Outcome.Fail("tags.owner is not set"));

    public static readonly PolicyPack Baseline = PolicyPack.Of("baseline", "mandatory checks", Enforcement.Mandatory, HttpsOnly, NoPublicBlobs, Throws);
    public static readonly PolicyPack Hygiene = PolicyPack.Of("hygiene", "advisory checks", Enforcement.Advisory, Tagged);

    public ReportSamples()
    {
        Root = Path.Combine(Path.GetTempPath(), $"reports-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(Root, "state"));
        StateFile = Path.Combine(Root, "state", "prod.json");
        File.WriteAllText(StateFile, StackExport);
    }

    /// <summary>A temporary repository root holding <c>state/prod.json</c>.</summary>
    public string Root { get; }

    public string StateFile { get; }

    public static string Urn(string name, string type = Storage) => $"urn:pulumi:prod::oic-gs-infra::{type}::{name}";

    /// <summary>The 1-based line of <c>"urn": "…name"</c> in the stack export.</summary>
    public static int StateLineOf(string name) =>
        Array.FindIndex(StackExport.Split('\n'), l => l.Contains($"\"urn\": \"{Urn(name)}\"", StringComparison.Ordinal)) + 1;

    private static readonly string StackExport = $$"""
        {
          "version": 3,
          "deployment": {
            "resources": [
              {
                "urn": "urn:pulumi:prod::oic-gs-infra::pulumi:pulumi:Stack::oic-gs-infra-prod",
                "type": "pulumi:pulumi:Stack"
              },
              {
                "urn": "{{Urn("stpublic")}}",
                "type": "{{Storage}}",
                "dependencies": ["{{Urn("starchive")}}"]
              },
              {
                "urn": "{{Urn("starchive")}}",
                "type": "{{Storage}}"
              }
            ]
          }
        }
        """;

    public static PolicyResource Account(string name, bool? https, bool publicBlobs = false, bool tagged = false, SourcePosition? declaredAt = null)
    {
        var entries = new List<KeyValuePair<string, PropertyValue>> { new("accountName", new PropertyValue.Str(name)) };
        if (https is { } h) entries.Add(new("enableHttpsTrafficOnly", new PropertyValue.Bool(h)));
        else entries.Add(new("enableHttpsTrafficOnly", PropertyValue.Unknown.Instance));
        if (publicBlobs) entries.Add(new("allowBlobPublicAccess", new PropertyValue.Bool(true)));
        if (tagged) entries.Add(new("tags", PropertyValue.Map.Of([new("owner", new PropertyValue.Str("platform"))])));
        return new PolicyResource(Urn(name), Storage, name, PropertyValue.Map.Of(entries), DeclaredAt: declaredAt);
    }

    public ResourceSet Resources(int declaredLine = 42) => new("prod", "oic-gs-infra",
    [
        Account("stdocs", https: false, tagged: true, declaredAt: new SourcePosition(Path.Combine(Root, "stacks", "Components", "Storage.cs"), declaredLine)),
        Account("starchive", https: false),
        Account("stpublic", https: true, publicBlobs: true, tagged: true),
        Account("stunknown", https: null, declaredAt: new SourcePosition("stacks\\Hub\\Network.cs", 0)),
        new PolicyResource(Urn("kv", Vault), Vault, "kv", PropertyValue.Map.Of([])),
    ], StateFile);

    /// <summary>2 mandatory (HTTPS), 2 advisory (tags), 1 waived (public blobs), 1 unknown, 1 error.</summary>
    public PolicyReport Report(int declaredLine = 42) =>
        Evaluator.Run(Resources(declaredLine), [Baseline, Hygiene], waivers: Waivers("2026-03-31"), today: Today);

    public static PolicyReport CleanReport() =>
        Evaluator.Run(new ResourceSet("prod", "oic-gs-infra", [Account("stok", https: true, tagged: true)], "compiled stack prod"),
            [Baseline, Hygiene], today: Today);

    /// <summary><paramref name="count"/> accounts that each fail HTTPS and tags.</summary>
    public static PolicyReport ManyViolations(int count) =>
        Evaluator.Run(new ResourceSet("prod", "oic-gs-infra",
            Enumerable.Range(0, count).Select(i => Account($"st{i:D3}-with-a-longish-logical-name", https: false)), "compiled stack prod"),
            [Baseline, Hygiene], today: Today);

    public WaiverSet Waivers(string expiresOn)
    {
        var file = Path.Combine(Root, $"waivers-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, $"""
            waivers:
              - ruleId: test-no-public-blob
                resource: "{Urn("stpublic")}"
                category: waiver
                justification: The public site's images are published from this account on purpose.
                approvedBy: ciso@oic-oci.org
                ticket: SEC-1234
                expiresOn: {expiresOn}
            """);
        return WaiverSet.Load(file, "policies/waivers.yaml", [HttpsOnly.Id, NoPublicBlobs.Id, Throws.Id, Tagged.Id], Today.AddDays(-30));
    }

    public static string[] PropertyNames(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
