using System.Text.Json.Nodes;
using Oic.Infra.Automation.Engines;
using Oic.Infra.Estate.Errors;
using Oic.Infra.Resources.Azure;

namespace Oic.Infra.Automation.Sandbox;

/// <summary>
/// Azure refused an operation: the constraints it broke, each naming its Microsoft source. The drill
/// records it as an outcome (exit 3); anywhere else it is a step that could not be done (exit 1).
/// </summary>
public sealed class AzureRefusedException(string operation, IReadOnlyList<AzureConstraint> constraints)
    : InfraException(ErrorKind.ToolFailed, $"Azure refuses {operation}: {string.Join("; ", constraints.Select(c => c.Describe()))}")
{
    public IReadOnlyList<AzureConstraint> Constraints { get; } = constraints;
}

/// <summary>What an accepted failover did to the live account.</summary>
public sealed record StorageFailoverResult(string Account, string FromLocation, string ToLocation, string SkuBefore, string SkuAfter, IReadOnlyList<AzureConstraint> Effects);

/// <summary>
/// <c>POST …/storageAccounts/{name}/failover</c> (customer-managed, unplanned) on the sandbox's live
/// resources: refused exactly where <see cref="AzureConstraints.RefusalsOfFailover"/> says Azure
/// refuses it; otherwise the account's secondary becomes its primary and the account becomes LRS.
/// Like on Azure the failover happens behind the state's back, so a drift check sees it afterwards.
/// </summary>
internal static class StorageFailover
{
    private const string AccountType = "azure-native:storage:StorageAccount";
    private const string ContainerType = "azure-native:storage:BlobContainer";
    private const string PolicyType = "azure-native:storage:BlobContainerImmutabilityPolicy";
    private const string ReplicationType = "azure-native:storage:ObjectReplicationPolicy";

    public static StorageFailoverResult Run(SandboxPaths paths, string stack, string accountName, DateTimeOffset now)
    {
        if (!File.Exists(paths.Live))
            throw new EngineInputException($"stack '{stack}' has no live resources in {paths.StateDir}; run up first");
        var live = LiveBook.Load(paths.Live);
        var account = live.All.FirstOrDefault(r => r.Type == AccountType && Name(r).Equals(accountName, StringComparison.OrdinalIgnoreCase))
            ?? throw new EngineInputException($"stack '{stack}' has no live storage account named '{accountName}'");
        // Policies on the account may belong to another stack (the primary owns both halves of object replication).
        var others = Directory.EnumerateFiles(Path.GetDirectoryName(paths.Live)!, "*.json")
            .Where(f => !Path.GetFullPath(f).Equals(Path.GetFullPath(paths.Live), StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => LiveBook.Load(f).All);
        var facts = Facts(account, live.All.Concat(others));
        var operation = $"the failover of storage account {facts.Name}";
        var refused = AzureConstraints.RefusalsOfFailover(facts);
        if (refused.Count > 0) throw new AzureRefusedException(operation, refused);
        var outcome = AzureConstraints.Failover(facts)
            ?? throw new AzureRefusedException(operation, [AzureConstraints.FailoverNeedsGeoRedundancy]);

        var inputs = (JsonObject)(account.Inputs?.DeepClone() ?? new JsonObject());
        var outputs = (JsonObject)(account.Outputs?.DeepClone() ?? new JsonObject());
        foreach (var o in new[] { inputs, outputs })
        {
            o["location"] = outcome.Location;
            o["sku"] = new JsonObject { ["name"] = outcome.Sku };
        }
        outputs["primaryLocation"] = outcome.Location;
        outputs["statusOfPrimary"] = "available";
        outputs.Remove("secondaryLocation");
        outputs.Remove("statusOfSecondary");
        outputs["etag"] = $"W/\"{SandboxJson.DeterministicGuid("etag", account.Id ?? "", SandboxJson.ToCompact(outputs))}\"";
        live.Put(account.With(inputs, outputs));

        var state = paths.ReadState();
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < state.Count; i++) rank.TryAdd(state[i].Urn, i);
        live.Save(paths.Live, rank, now);
        return new StorageFailoverResult(facts.Name, facts.Location ?? "", outcome.Location, facts.Sku ?? "", outcome.Sku, outcome.Effects);
    }

    /// <summary>The failover facts of a live account: its SKU and region, WORM policies in it, object replication it takes part in.</summary>
    internal static StorageAccountFacts Facts(StateRecord account, IEnumerable<StateRecord> live)
    {
        var id = account.Id ?? "";
        var name = Name(account);
        var inside = id + "/";
        var worm = new List<string>();
        var replicated = false;
        if (account.Inputs?["immutableStorageWithVersioning"]?["enabled"] is JsonValue accountWorm && accountWorm.TryGetValue<bool>(out var on) && on)
            worm.Add($"{name} (account-level immutability)");
        foreach (var r in live)
        {
            var rid = r.Id ?? "";
            if (r.Type == PolicyType && rid.StartsWith(inside, StringComparison.OrdinalIgnoreCase))
                worm.Add(SimulatedAzure.Text(r.Inputs ?? [], "containerName") ?? rid);
            else if (r.Type == ContainerType && rid.StartsWith(inside, StringComparison.OrdinalIgnoreCase) &&
                     r.Inputs?["immutableStorageWithVersioning"]?["enabled"] is JsonValue v && v.TryGetValue<bool>(out var enabled) && enabled)
                worm.Add(SimulatedAzure.Text(r.Inputs, "containerName") ?? rid);
            else if (r.Type == ReplicationType && r.Inputs is { } policy &&
                     (rid.StartsWith(inside, StringComparison.OrdinalIgnoreCase) || Names(policy, "sourceAccount", id, name) || Names(policy, "destinationAccount", id, name)))
                replicated = true;
        }
        return new StorageAccountFacts(name, account.Inputs?["sku"]?["name"]?.GetValue<string>(), SimulatedAzure.Text(account.Inputs ?? [], "location"),
            worm.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(), replicated);
    }

    private static bool Names(JsonObject policy, string key, string id, string name) =>
        SimulatedAzure.Text(policy, key) is { } value &&
        (value.Equals(id, StringComparison.OrdinalIgnoreCase) || value.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static string Name(StateRecord r) =>
        r.Outputs?["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : SimulatedAzure.Text(r.Inputs ?? [], "accountName") ?? "";
}
