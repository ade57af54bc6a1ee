using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Oic.Infra.Policies.Inputs;

/// <summary>
/// The SHA-256 of one resource's bytes as an export wrote them. Two resources with the same digest are the
/// same text, so one read stands for both (drift reads Azure's side against the recorded state). A
/// cryptographic hash, not a faster one: Azure's side holds values anyone with write access chose (tags,
/// names), and a crafted collision must not hide a change from a drift check.
/// </summary>
public readonly record struct ResourceDigest(UInt128 First, UInt128 Second)
{
    public static ResourceDigest Of(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return new(BinaryPrimitives.ReadUInt128LittleEndian(hash), BinaryPrimitives.ReadUInt128LittleEndian(hash[16..]));
    }
}
