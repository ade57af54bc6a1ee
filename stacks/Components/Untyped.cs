using Oic.Infra.Resources;

namespace Oic.Infra.Stacks.Components;

/// <summary>
/// Values for the members the generated args type as <c>object</c> (unions of object types such as a
/// firewall's rule collections or a backup policy's rules): written out with azure-native's
/// property names, and checked against the SDK by the conformance test like every typed member.
/// </summary>
internal static class Untyped
{
    public static PropertyValue.Str Text(string s) => new(s);

    public static PropertyValue.List Texts(IEnumerable<string> items) => new(items.Select(i => (PropertyValue)Text(i)).ToList());

    public static PropertyValue.Map Map(params (string Key, PropertyValue Value)[] entries) =>
        PropertyValue.Map.Of(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));
}
