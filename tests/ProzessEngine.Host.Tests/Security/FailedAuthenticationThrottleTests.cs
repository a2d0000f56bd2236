using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Security;

/// <summary>Penetration test, low: API key guesses were not throttled.</summary>
public sealed class FailedAuthenticationThrottleTests
{
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private static Dictionary<string, string> Limit(int attempts) => new()
    {
        ["Engine:Auth:FailedAttemptsPerWindow"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Engine:Auth:FailedAttemptsWindow"] = "00:10:00",
    };

    [Fact]
    public async Task Guessing_api_keys_is_answered_with_429_and_Retry_After_once_the_failures_are_used_up()
    {
        await using var app = new EngineApp(NewClock(), settings: Limit(3));

        for (var guess = 0; guess < 3; guess++)
        {
            await EngineApp.ProblemAsync(await app.WithKey($"guess-{guess}").PostAsJsonAsync("/v2/process-instances/search", new { }), 401);
        }

        var refused = await app.WithKey("guess-3").PostAsJsonAsync("/v2/process-instances/search", new { });
        await EngineApp.ProblemAsync(refused, 429);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));

        // The right key is refused too while the address is blocked, so that a hit among the guesses does not show.
        await EngineApp.ProblemAsync(await app.Admin().PostAsJsonAsync("/v2/process-instances/search", new { }), 429);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task Requests_without_credentials_and_with_the_right_key_use_up_nothing()
    {
        await using var app = new EngineApp(NewClock(), settings: Limit(2));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Admin().PostAsJsonAsync("/v2/process-instances/search", new { })).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsJsonAsync("/v2/process-instances/search", new { })).StatusCode);
        }

        await EngineApp.ProblemAsync(await app.WithKey("falsch").PostAsJsonAsync("/v2/process-instances/search", new { }), 401);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_forwarded_address_from_a_client_that_is_no_configured_proxy_does_not_escape_the_limit()
    {
        await using var app = new EngineApp(NewClock(), settings: Limit(2));

        var statuses = new List<HttpStatusCode>();
        for (var guess = 0; guess < 4; guess++)
        {
            var client = app.WithKey($"guess-{guess}");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{guess}");
            statuses.Add((await client.PostAsJsonAsync("/v2/process-instances/search", new { })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task Behind_a_configured_proxy_each_client_address_has_its_own_limit()
    {
        var settings = Limit(2);
        settings["Engine:ForwardedHeaders:KnownProxies:0"] = "10.0.0.5";
        await using var app = new EngineApp(NewClock(), settings: settings);
        var viaProxy = app.FromAddress("10.0.0.5");

        async Task<HttpStatusCode> GuessAsync(string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/process-instances/search") { Content = JsonContent.Create(new { }) };
            request.Headers.Add("X-Api-Key", "falsch");
            request.Headers.Add("X-Forwarded-For", client);
            return (await viaProxy.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync("198.51.100.1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync("198.51.100.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync("198.51.100.1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync("198.51.100.2"));
        app.DeleteDatabaseFile();
    }
}
