using System.Security.Cryptography;
using System.Text;

namespace Oic.Infra.Cli.Tests.PulumiStandIn;

/// <summary>
/// Pulumi's passphrase secrets provider, as the CLI encrypts and decrypts <c>secure:</c> values.
/// pulumi/pulumi <c>sdk/go/common/resource/config/crypt.go</c>: <c>NewSymmetricCrypterFromPassphrase</c>
/// derives the key with PBKDF2-HMAC-SHA256, 1,000,000 iterations, 32 bytes; <c>symmetricCrypter</c>
/// writes <c>v1:&lt;base64 12-byte nonce&gt;:&lt;base64 AES-256-GCM ciphertext with its tag&gt;</c> and
/// reads only that shape. <c>pkg/secrets/passphrase/manager.go</c>: the stack file's
/// <c>encryptionsalt</c> is <c>v1:&lt;base64 salt&gt;:</c> followed by the encryption of <c>"pulumi"</c>,
/// which proves the passphrase (<c>symmetricCrypterFromPhraseAndState</c>).
/// </summary>
internal sealed class PassphraseCrypter
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[] _key;

    private PassphraseCrypter(byte[] key) => _key = key;

    /// <summary>The crypter of a stack file's <c>encryptionsalt</c>; throws when the passphrase is wrong.</summary>
    public static PassphraseCrypter FromState(string passphrase, string encryptionSalt)
    {
        var parts = encryptionSalt.Split(':', 3);
        if (parts.Length != 3) throw new FormatException("malformed state value");
        if (parts[0] != "v1") throw new FormatException("unknown state version");
        var crypter = FromPassphrase(passphrase, Convert.FromBase64String(parts[1]));
        if (crypter.Decrypt(parts[2]) != "pulumi") throw new CryptographicException("incorrect passphrase");
        return crypter;
    }

    public static PassphraseCrypter FromPassphrase(string passphrase, byte[] salt) =>
        new(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase), salt, 1_000_000, HashAlgorithmName.SHA256, 32));

    /// <summary>A new stack's <c>encryptionsalt</c> (<c>NewPassphraseSecretsManager</c>: an 8-byte salt).</summary>
    public static (PassphraseCrypter Crypter, string EncryptionSalt) Create(string passphrase)
    {
        var salt = RandomNumberGenerator.GetBytes(8);
        var crypter = FromPassphrase(passphrase, salt);
        return (crypter, $"v1:{Convert.ToBase64String(salt)}:{crypter.Encrypt("pulumi")}");
    }

    public string Encrypt(string plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var input = Encoding.UTF8.GetBytes(plaintext);
        var sealed_ = new byte[input.Length + TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        // Go's cipher.AEAD.Seal appends the tag to the ciphertext; so does this layout.
        aes.Encrypt(nonce, input, sealed_.AsSpan(0, input.Length), sealed_.AsSpan(input.Length));
        return $"v1:{Convert.ToBase64String(nonce)}:{Convert.ToBase64String(sealed_)}";
    }

    public string Decrypt(string value)
    {
        var (nonce, sealed_) = Parse(value);
        var plaintext = new byte[sealed_.Length - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(nonce, sealed_.AsSpan(0, plaintext.Length), sealed_.AsSpan(plaintext.Length), plaintext);
        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>The checks <c>symmetricCrypter.DecryptValue</c> makes before it opens the value.</summary>
    public static (byte[] Nonce, byte[] Sealed) Parse(string value)
    {
        var parts = value.Split(':');
        if (parts.Length != 3) throw new FormatException("bad value");
        if (parts[0] != "v1") throw new FormatException("unknown value version");
        var nonce = Convert.FromBase64String(parts[1]);
        var sealed_ = Convert.FromBase64String(parts[2]);
        if (nonce.Length != NonceBytes) throw new FormatException("bad value: nonce size is incorrect");
        if (sealed_.Length < TagBytes) throw new FormatException("bad value: shorter than the GCM tag");
        return (nonce, sealed_);
    }
}
