using System.Globalization;
using System.Text;

namespace Oic.Infra.Bench;

/// <summary>
/// A stack file like <c>stacks/Pulumi.prod.yaml</c> with <c>n</c> external offices instead of
/// four: office i gets site id 100+i and a /24 from 172.24.0.0/13 (stack files hold no secrets: the
/// program only refers to each office's pre-shared key).
/// </summary>
public static class SyntheticEstate
{
    /// <param name="gatewaySku">When given, replaces the stack's <c>vpnGatewaySku</c> (e.g. VpnGw5AZ for an estate at its 100 tunnels).</param>
    public static string Create(string prodStackFile, int offices, string? gatewaySku = null)
    {
        var text = File.ReadAllText(prodStackFile);
        if (gatewaySku is not null)
            text = System.Text.RegularExpressions.Regex.Replace(text, @"(?m)^(    vpnGatewaySku: ).*$", "${1}" + gatewaySku);
        var start = text.IndexOf("  oic-gs-infra:offices:\n", StringComparison.Ordinal);
        var end = text.IndexOf("  oic-gs-infra:partners:\n", StringComparison.Ordinal);
        if (start < 0 || end < start) throw new InvalidOperationException($"{prodStackFile} has no offices section to replace");

        var list = new StringBuilder("  oic-gs-infra:offices:\n");
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
        }
        return text[..start] + list + text[end..];
    }
}
