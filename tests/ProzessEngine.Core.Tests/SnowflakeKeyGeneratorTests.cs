using Microsoft.Extensions.Time.Testing;

namespace ProzessEngine.Core.Tests;

/// <summary>
/// Penetration test, high: keys were sequential, so a caller of one tenant could guess the keys of another's jobs and
/// incidents from its own. Keys stay unique across nodes and ordered by millisecond, and say nothing about each other.
/// </summary>
public sealed class SnowflakeKeyGeneratorTests
{
    private const long LowBits = (1L << KeyPermutation.Bits) - 1;
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 37))];
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 11, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keys_of_several_nodes_on_standing_clocks_are_unique_and_positive()
    {
        // Clocks a few milliseconds apart, never advanced: each node runs through its 4,096 keys of a millisecond and
        // borrows the following ones, where it meets the milliseconds the other nodes make keys in.
        var nodes = new[] { 0, 1, 2, 511, 1023 }
            .Select((id, i) => new SnowflakeKeyGenerator(id, new FakeTimeProvider(Now.AddMilliseconds(i)), Secret))
            .ToList();
        var keys = new HashSet<long>();
        for (var i = 0; i < 10_000; i++)
        {
            foreach (var node in nodes)
            {
                var key = node.NextKey();
                if (key <= 0 || !keys.Add(key))
                {
                    Assert.Fail($"key {key} (round {i}) is not positive or was made before");
                }
            }
        }

        Assert.Equal(50_000, keys.Count);
    }

    [Fact]
    public void Keys_are_ordered_by_millisecond()
    {
        var clock = new FakeTimeProvider(Now);
        var generator = new SnowflakeKeyGenerator(7, clock, Secret);
        var before = 0L;
        for (var millisecond = 0; millisecond < 100; millisecond++)
        {
            var batch = Enumerable.Range(0, 20).Select(_ => generator.NextKey()).ToList();
            Assert.True(batch.Min() > before, $"a key of millisecond {millisecond} is not above every key of the millisecond before");
            before = batch.Max();
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    [Fact]
    public void Consecutive_keys_within_a_millisecond_do_not_follow_from_one_another()
    {
        var generator = new SnowflakeKeyGenerator(0, new FakeTimeProvider(Now), Secret);
        var keys = Enumerable.Range(0, 4096).Select(_ => generator.NextKey()).ToList();

        Assert.Single(keys.Select(k => k >> KeyPermutation.Bits).Distinct());
        var steps = keys.Zip(keys.Skip(1), (a, b) => b - a).ToList();
        // Sequential keys step by one every time; these hardly ever repeat a step, and go up about as often as down.
        Assert.True(steps.Distinct().Count() > 4_000, $"only {steps.Distinct().Count()} different steps between 4,095 neighbours");
        Assert.InRange(steps.Count(s => s > 0), 1_800, 2_300);
        Assert.DoesNotContain(1L, steps);
        // The low bits spread over their whole range instead of counting up from the node id's place.
        var perSixteenth = keys.GroupBy(k => (k & LowBits) >> (KeyPermutation.Bits - 4)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(16, perSixteenth.Count);
        Assert.All(perSixteenth.Values, count => Assert.InRange(count, 180, 340));
    }

    [Fact]
    public void The_first_key_of_each_millisecond_differs()
    {
        // A node making one key per millisecond (the usual load) would otherwise show its node id and sequence 0 every time.
        var clock = new FakeTimeProvider(Now);
        var generator = new SnowflakeKeyGenerator(5, clock, Secret);
        var lowParts = new HashSet<long>();
        for (var i = 0; i < 1_000; i++)
        {
            lowParts.Add(generator.NextKey() & LowBits);
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.True(lowParts.Count > 990, $"only {lowParts.Count} different low parts in 1,000 milliseconds");
    }

    [Fact]
    public void Another_secret_makes_other_keys()
    {
        var other = Secret.Select(b => (byte)(b ^ 0x5A)).ToArray();
        var first = new SnowflakeKeyGenerator(1, new FakeTimeProvider(Now), Secret);
        var second = new SnowflakeKeyGenerator(1, new FakeTimeProvider(Now), other);

        var same = Enumerable.Range(0, 1_000).Count(_ => first.NextKey() == second.NextKey());

        Assert.True(same < 5, $"{same} of 1,000 keys were the same under two secrets");
    }

    [Fact]
    public void The_permutation_maps_every_low_part_to_a_different_one()
    {
        var permutation = new KeyPermutation(Secret);
        var seen = new bool[1 << KeyPermutation.Bits];
        for (var value = 0; value < seen.Length; value++)
        {
            var permuted = permutation.Apply(123_456_789, value);
            if (permuted < 0 || permuted >= seen.Length || seen[permuted])
            {
                Assert.Fail($"{value} maps to {permuted}, outside the range or taken");
            }

            seen[permuted] = true;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    public void A_short_secret_is_refused(int length)
    {
        var refused = Assert.Throws<ArgumentException>(() => new SnowflakeKeyGenerator(0, TimeProvider.System, new byte[length]));
        Assert.Contains("at least 16 bytes", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1024)]
    public void A_node_id_outside_ten_bits_is_refused(int nodeId) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnowflakeKeyGenerator(nodeId, TimeProvider.System, Secret));
}
