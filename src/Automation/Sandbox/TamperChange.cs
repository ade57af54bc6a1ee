using System.Text.Json;
using Oic.Infra.Automation.Engines;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>
/// A change made to a live resource behind the state's back, as a person in the portal would make
/// it (<c>./infra tamper --set PATH=VALUE | --delete | --add TYPE NAME</c>).
/// </summary>
public abstract record TamperChange
{
    private TamperChange() { }

    /// <summary>Sets a property (a Pulumi path such as <c>properties.enablePurgeProtection</c> or <c>tags.owner</c>) to a JSON value.</summary>
    public sealed record SetProperty(string Path, string JsonValue) : TamperChange;

    /// <summary>Deletes the resource.</summary>
    public sealed record DeleteResource : TamperChange;

    /// <summary>
    /// Creates a resource the program does not manage, of an azure-native type, beside the given
    /// one: in its resource group, or under it when the type is its child (a subnet of a VNet).
    /// </summary>
    public sealed record AddResource(string Type, string Name) : TamperChange;

    public static TamperChange Set(string path, string jsonValue) => new SetProperty(path, jsonValue);

    public static TamperChange Delete() => new DeleteResource();

    public static TamperChange Add(string type, string name) => new AddResource(type, name);

    /// <summary>
    /// Reads <c>PATH=VALUE</c> as the command line writes it: VALUE is JSON when it parses as JSON
    /// (<c>false</c>, <c>30</c>, <c>"x"</c>, <c>{"a":1}</c>), otherwise a string (<c>Enabled</c>).
    /// </summary>
    public static SetProperty ParseAssignment(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw new EngineInputException($"--set '{assignment}' is not PATH=VALUE (for example tags.owner=someone)");
        var path = assignment[..eq];
        var value = assignment[(eq + 1)..];
        try
        {
            using var _ = JsonDocument.Parse(value);
            return new SetProperty(path, value);
        }
        catch (JsonException)
        {
            return new SetProperty(path, JsonSerializer.Serialize(value));
        }
    }
}
