using ProzessEngine.Core;

namespace ProzessEngine.Testing.Engine;

/// <summary>Predictable keys for tests: 1, 2, 3, ...</summary>
public sealed class SequentialKeyGenerator(long start = 1) : IKeyGenerator
{
    private long _next = start - 1;

    public long NextKey() => Interlocked.Increment(ref _next);
}
