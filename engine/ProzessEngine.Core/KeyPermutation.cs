using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ProzessEngine.Core;

/// <summary>
/// A bijection of the 22 low bits of a key, different for every millisecond: a four-round Feistel network over two
/// halves of 11 bits whose round keys are HMAC-SHA256(secret, millisecond). It is a bijection whatever the round keys
/// are, so the node id and sequence it is applied to stay unique within the millisecond; without the secret, one key
/// says nothing about the others of its millisecond, nor one millisecond about the next.
/// Not thread-safe: the key generator calls it under its lock.
/// </summary>
internal sealed class KeyPermutation
{
    public const int Bits = 22;
    private const int HalfBits = Bits / 2;
    private const int HalfMask = (1 << HalfBits) - 1;
    private const int Rounds = 4;

    private readonly byte[] _secret;
    private readonly ulong[] _roundKeys = new ulong[Rounds];
    private long _millis = -1;

    public KeyPermutation(ReadOnlySpan<byte> secret) => _secret = secret.ToArray();

    public int Apply(long millis, int value)
    {
        if (millis != _millis)
        {
            // Once per millisecond, not per key: the HMAC is what costs.
            Span<byte> message = stackalloc byte[sizeof(long)];
            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            BinaryPrimitives.WriteInt64BigEndian(message, millis);
            HMACSHA256.HashData(_secret, message, hash);
            for (var i = 0; i < Rounds; i++)
            {
                _roundKeys[i] = BinaryPrimitives.ReadUInt64BigEndian(hash[(i * sizeof(ulong))..]);
            }

            _millis = millis;
        }

        var left = (value >> HalfBits) & HalfMask;
        var right = value & HalfMask;
        foreach (var roundKey in _roundKeys)
        {
            (left, right) = (right, left ^ Round(roundKey, right));
        }

        return (left << HalfBits) | right;
    }

    /// <summary>Mixes the half into the round key (the SplitMix64 finaliser) and keeps 11 bits.</summary>
    private static int Round(ulong roundKey, int half)
    {
        var x = roundKey ^ (ulong)half;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (int)(x & HalfMask);
    }
}
