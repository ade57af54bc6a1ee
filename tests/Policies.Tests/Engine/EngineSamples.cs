using Oic.Infra.Policies.Engine;
using Oic.Infra.Resources;

namespace Oic.Infra.Policies.Tests.Engine;

/// <summary>Hand-built resources of the prod stack as the engine sees them, with plain-data properties.</summary>
internal static class EngineSamples
{
    public const string Stack = "prod";
    public const string Project = "oic-gs-infra";
    public const string Subscription = "5c6f0e1d-9a2b-4c3d-8e7f-0a1b2c3d4e5f";
    public const string StorageType = "azure-native:storage:StorageAccount";
    public const string VaultType = "azure-native:keyvault:Vault";
    public const string GroupType = "azure-native:resources:ResourceGroup";

    public static readonly DateOnly Today = new(2026, 1, 15);

    /// <summary>A storage account under its resource group, as the compiled graph names it.</summary>
    public static string AccountUrn(string name) => $"urn:pulumi:{Stack}::{Project}::{GroupType}${StorageType}::{name}";

    public static string VaultUrn(string name) => $"urn:pulumi:{Stack}::{Project}::{GroupType}${VaultType}::{name}";

    public static string AccountId(string accountName, string group = "rg-oicgs-prod-documents-uan") =>
        $"/subscriptions/{Subscription}/resourceGroups/{group}/providers/Microsoft.Storage/storageAccounts/{accountName}";

    public static PropertyValue.Map Props(params (string Key, PropertyValue Value)[] entries) =>
        PropertyValue.Map.Of(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));

    public static PropertyValue Str(string s) => new PropertyValue.Str(s);

    public static PropertyValue Bool(bool b) => new PropertyValue.Bool(b);

    public static PropertyValue Unknown => PropertyValue.Unknown.Instance;

    /// <summary>A hardened StorageV2 account, except for what <paramref name="https"/> says.</summary>
    public static PolicyResource Account(string name, PropertyValue https, string? id = null) =>
        new(AccountUrn(name), StorageType, name, Props(
                ("accountName", Str(name.Replace("-", "", StringComparison.Ordinal))),
                ("allowBlobPublicAccess", Bool(false)),
                ("enableHttpsTrafficOnly", https),
                ("kind", Str("StorageV2")),
                ("minimumTlsVersion", Str("TLS1_2")),
                ("publicNetworkAccess", Str("Disabled")),
                ("sku", Props(("name", Str("Standard_GZRS"))))),
            Id: id);

    public static PolicyResource Vault(string name) =>
        new(VaultUrn(name), VaultType, name, Props(
            ("properties", Props(
                ("enablePurgeProtection", Bool(true)),
                ("enableRbacAuthorization", Bool(true)),
                ("publicNetworkAccess", Str("Disabled")),
                ("sku", Props(("family", Str("A")), ("name", Str("premium")))),
                ("softDeleteRetentionInDays", new PropertyValue.Num(90)))),
            ("vaultName", Str(name))));

    public static ResourceSet Set(params PolicyResource[] resources) => new(Stack, Project, resources, "compiled stack prod");
}
