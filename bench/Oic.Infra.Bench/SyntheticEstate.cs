using System.Globalization;
using System.Text;

namespace Oic.Infra.Bench;

/// <summary>
/// A stack file like <c>stacks/Pulumi.prod.yaml</c> with <c>n</c> external offices instead of
/// four: office i gets site id 100+i, a /24 from 172.24.0.0/13 and its own secret pre-shared key.
/// </summary>
public static class SyntheticEstate
{
    public static string Create(string prodStackFile, int offices)
    {
        var text = File.ReadAllText(prodStackFile);
        var start = text.IndexOf("  oic-gs-infra:offices:\n", StringComparison.Ordinal);
        var end = text.IndexOf("  oic-gs-infra:partners:\n", StringComparison.Ordinal);
        if (start < 0 || end < start) throw new InvalidOperationException($"{prodStackFile} has no offices section to replace");

        var list = new StringBuilder("  oic-gs-infra:offices:\n");
        var secrets = new StringBuilder();
        for (var i = 0; i < offices; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"o{i:D4}");
            list.Append(CultureInfo.InvariantCulture, $"""
                    - id: {100 + i}
                      key: {key}
                      name: Synthetic office {i}
                      city: City {i}
                      country: Country {i % 57}
                      onPremPrefixes: [172.{24 + i / 256}.{i % 256}.0/24]
                      vpnPeerAddress: 198.18.{i / 250}.{i % 250 + 1}

                """);
            secrets.Append(CultureInfo.InvariantCulture, $"  oic-gs-infra:vpnSharedKey-{key}:\n    secure: v1:c3ludGhldGlj:v1:{Convert.ToBase64String(BitConverter.GetBytes(i * 7919L))}\n");
        }
        var withoutOldSecrets = string.Join('\n', text[end..].Split('\n')
            .Where(l => !l.StartsWith("  oic-gs-infra:vpnSharedKey-", StringComparison.Ordinal) || l.Contains("-jed:", StringComparison.Ordinal) || l.Contains("-sesric:", StringComparison.Ordinal) || l.Contains("-icdt:", StringComparison.Ordinal)));
        // Dropping a key line leaves its "secure:" line behind; drop orphans too.
        var lines = withoutOldSecrets.Split('\n').ToList();
        var kept = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("    secure:", StringComparison.Ordinal) && (kept.Count == 0 || !kept[^1].StartsWith("  oic-gs-infra:vpnSharedKey-", StringComparison.Ordinal)))
                continue;
            kept.Add(lines[i]);
        }
        return text[..start] + list + string.Join('\n', kept).TrimEnd('\n') + "\n" + secrets;
    }
}
