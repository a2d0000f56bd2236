namespace ProzessEngine.Core;

/// <summary>
/// Time-ordered keys unique across nodes: 41 bits of milliseconds since 2025-01-01, 10 bits of node id and
/// 12 bits of sequence. A node must own its node id exclusively (the host leases one from the database).
/// Keys stay positive and below 2^63; clients receive them as strings.
/// </summary>
public sealed class SnowflakeKeyGenerator : IKeyGenerator
{
    public const int MaxNodeId = 1023;
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TimeProvider _clock;
    private readonly long _node;
    private readonly Lock _gate = new();
    private long _lastMillis = -1;
    private long _sequence;

    public SnowflakeKeyGenerator(int nodeId, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodeId, MaxNodeId);
        _node = nodeId;
        _clock = clock;
    }

    public long NextKey()
    {
        lock (_gate)
        {
            var millis = Math.Max((long)(_clock.GetUtcNow() - Epoch).TotalMilliseconds, _lastMillis);
            if (millis == _lastMillis)
            {
                _sequence = (_sequence + 1) & 0xFFF;
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
            return (millis << 22) | (_node << 12) | _sequence;
        }
    }
}
