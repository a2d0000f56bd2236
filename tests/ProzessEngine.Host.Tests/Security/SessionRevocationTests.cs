using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Security;

/// <summary>
/// Penetration test, low: logging out did not end the session; the cookie, replayed, still worked. Sessions now live in
/// the database, so signing out ends them on every node.
/// </summary>
public sealed class SessionRevocationTests
{
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_cookie_replayed_after_logout_is_refused()
    {
        await using var app = new EngineApp(NewClock());
        var cookie = await LoginAsync(app, "erika");
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(app, cookie)).StatusCode);

        await LogoutAsync(app, cookie);

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(app, cookie)).StatusCode);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_logout_on_one_node_ends_the_session_on_every_node()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("logout");
        try
        {
            await using var first = new EngineApp(NewClock(), postgresConnectionString: database);
            await using var second = new EngineApp(NewClock(), postgresConnectionString: database);
            var cookie = await LoginAsync(first, "erika");
            Assert.Equal(HttpStatusCode.OK, (await MeAsync(second, cookie)).StatusCode);

            await LogoutAsync(first, cookie);

            Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(second, cookie)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(first, cookie)).StatusCode);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Logging_out_ends_only_that_session()
    {
        await using var app = new EngineApp(NewClock());
        var office = await LoginAsync(app, "erika");
        var home = await LoginAsync(app, "erika");

        await LogoutAsync(app, office);

        Assert.Equal(HttpStatusCode.OK, (await MeAsync(app, home)).StatusCode);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_session_ends_when_it_expires_even_with_the_cookie_kept()
    {
        var clock = NewClock();
        await using var app = new EngineApp(clock);
        var cookie = await LoginAsync(app, "erika");

        clock.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(app, cookie)).StatusCode);
        app.DeleteDatabaseFile();
    }

    private static async Task<string> LoginAsync(EngineApp app, string userId)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Requested-With", "ProzessEngine-Designer");
        var response = await client.PostAsJsonAsync("/auth/login", new { userId, groups = new[] { "fachamt" } });
        response.EnsureSuccessStatusCode();
        return Assert.Single(response.Headers.GetValues("Set-Cookie")).Split(';')[0];
    }

    private static async Task LogoutAsync(EngineApp app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Requested-With", "ProzessEngine-Designer");
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/auth/logout", null)).StatusCode);
    }

    private static async Task<HttpResponseMessage> MeAsync(EngineApp app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return await client.GetAsync("/auth/me");
    }
}
