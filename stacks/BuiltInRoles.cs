namespace Oic.Infra.Stacks;

/// <summary>Azure built-in role definition ids (the same in every tenant).</summary>
public static class BuiltInRoles
{
    public static readonly Guid Owner = new("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    public static readonly Guid UserAccessAdministrator = new("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9");
    public static readonly Guid Reader = new("acdd72a7-3385-48ef-bd42-f606fba81ae7");
    public static readonly Guid Contributor = new("b24988ac-6180-42a0-ab88-20f7382dd24c");
    public static readonly Guid NetworkContributor = new("4d97b98b-1d4f-4787-a291-c67834d212e7");
    public static readonly Guid KeyVaultAdministrator = new("00482a5a-887f-4fb3-b363-3b7fe8e74483");
    public static readonly Guid KeyVaultCryptoServiceEncryptionUser = new("e147488a-f6f5-4113-8e2d-b22465e65bf6");
    public static readonly Guid StorageBlobDataContributor = new("ba92f5b4-2d11-453d-a403-e96b0029c9fe");
    public static readonly Guid StorageBlobDataReader = new("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");
    public static readonly Guid StorageAccountBackupContributor = new("e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1");
}
