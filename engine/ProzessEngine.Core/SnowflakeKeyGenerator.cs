namespace ProzessEngine.Core;

/// <summary>
/// Keys unique across nodes, ordered by the millisecond they were made in, and not guessable from one another: 41 bits
/// of milliseconds since 2025-01-01, then 22 bits holding the node id (10 bits) and a sequence within the millisecond
/// (12 bits), put through a permutation keyed by the cluster's secret and the millisecond (<see cref="KeyPermutation"/>).
/// A node must own its node id exclusively (the host leases one from the database), and all nodes must use the same
/// secret: the permutation keeps the (node id, sequence) pairs of one millisecond apart only when it is the same one.
/// Within one millisecond keys are in no particular order. Keys stay positive and below 2^63; clients receive them as
/// strings.
/// </summary>
public sealed class SnowflakeKeyGenerator : IKeyGenerator
{
    public const int MaxNodeId = 1023;

    /// <summary>The shortest secret accepted: 128 bits.</summary>
    public const int MinSecretBytes = 16;

    private const int SequenceBits = 12;
    private const int SequenceMask = (1 << SequenceBits) - 1;
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TimeProvider _clock;
    private readonly int _node;
    private readonly KeyPermutation _permutation;
    private readonly Lock _gate = new();
    private long _lastMillis = -1;
    private int _sequence;

    /// <param name="secret">The cluster's shared secret, at least <see cref="MinSecretBytes"/> bytes.</param>
    public SnowflakeKeyGenerator(int nodeId, TimeProvider clock, ReadOnlySpan<byte> secret)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodeId, MaxNodeId);
        ArgumentNullException.ThrowIfNull(clock);
        if (secret.Length < MinSecretBytes)
        {
            throw new ArgumentException($"The key secret must have at least {MinSecretBytes} bytes; it has {secret.Length}.", nameof(secret));
        }

        _node = nodeId;
        _clock = clock;
        _permutation = new KeyPermutation(secret);
    }

    public long NextKey()
    {
        lock (_gate)
        {
            var millis = Math.Max((long)(_clock.GetUtcNow() - Epoch).TotalMilliseconds, _lastMillis);
            if (millis == _lastMillis)
            {
                _sequence = (_sequence + 1) & SequenceMask;
                if (_sequence == 0)
                {
                    // Sequence exhausted within one millisecond: borrow the next millisecond instead of waiting,
                    // which keeps keys unique even when the clock stands still (fake clocks, NTP steps back).
                    millis = _lastMillis + 1;
                }
            }
            else
            {
                _sequence = 0;
            }

            _lastMillis = millis;
            return (millis << KeyPermutation.Bits) | (long)_permutation.Apply(millis, (_node << SequenceBits) | _sequence);
        }
    }
}
