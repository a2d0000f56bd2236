using ProzessEngine.Bpmn;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Tests.Scenarios;

namespace ProzessEngine.Persistence.Tests;

/// <summary>One parse per model text, bounded; a parse that ran out of time is not kept.</summary>
public sealed class ParsedModelCacheTests
{
    [Fact]
    public async Task Many_requests_with_the_same_text_at_once_share_one_parse()
    {
        var cache = new ParsedModelCache(new BpmnParser(new FeelEngine()));
        var model = TestModels.UserTaskProcess();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => cache.ParseAsync(model))));

        Assert.Equal(1, cache.Parses);
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public async Task A_new_deployment_and_a_stored_version_are_parsed_apart_because_their_checks_differ()
    {
        var cache = new ParsedModelCache(new BpmnParser(new FeelEngine()));
        var model = TestModels.UserTaskProcess(id: "mit leerzeichen");

        var deployment = await cache.ParseAsync(model);
        var stored = await cache.ParseStoredAsync(model);

        Assert.False(deployment.Success);
        Assert.True(stored.Success);
        Assert.Equal(2, cache.Parses);
    }

    [Fact]
    public async Task The_oldest_text_is_dropped_beyond_the_capacity()
    {
        var cache = new ParsedModelCache(new BpmnParser(new FeelEngine()), capacity: 2);

        await cache.ParseAsync(TestModels.UserTaskProcess(taskName: "a"));
        await cache.ParseAsync(TestModels.UserTaskProcess(taskName: "b"));
        await cache.ParseAsync(TestModels.UserTaskProcess(taskName: "c"));
        await cache.ParseAsync(TestModels.UserTaskProcess(taskName: "c"));
        await cache.ParseAsync(TestModels.UserTaskProcess(taskName: "a"));

        Assert.Equal(4, cache.Parses);
    }

    [Fact]
    public async Task A_parse_stopped_by_the_time_limit_is_not_kept()
    {
        var cache = new ParsedModelCache(new BpmnParser(new FeelEngine(),
            new BpmnParserOptions { MaxParseTime = TimeSpan.FromSeconds(1), Clock = new SteppingClock() }));
        var model = TestModels.UserTaskProcess();

        var first = await cache.ParseAsync(model);
        await cache.ParseAsync(model);

        Assert.True(first.TimedOut);
        Assert.Contains("Engine:Limits:MaxParseTime", Assert.Single(first.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(2, cache.Parses);
    }

    /// <summary>Every look at this clock finds two seconds gone.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _now, 2 * TimeSpan.TicksPerSecond);
    }
}
