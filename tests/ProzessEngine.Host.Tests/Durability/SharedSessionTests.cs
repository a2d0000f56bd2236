using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Cluster;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Durability;

/// <summary>Nothing a node keeps is needed by another: sessions and node ids live in the database.</summary>
public sealed class SharedSessionTests
{
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_session_started_on_one_node_is_valid_on_another_and_the_nodes_have_different_node_ids()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("sessions");
        try
        {
            await using var first = new EngineApp(NewClock(), postgresConnectionString: database);
            await using var second = new EngineApp(NewClock(), postgresConnectionString: database);
            var cookie = await LoginAsync(first, "erika");

            var onSecond = await MeAsync(second, cookie);

            Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
            Assert.Equal("erika", (await EngineApp.JsonAsync(onSecond))["userId"]!.GetValue<string>());
            var ids = new[] { first, second }.Select(a => a.Services.GetRequiredService<NodeIdentity>().Lease!.NodeId).ToList();
            Assert.NotEqual(ids[0], ids[1]);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_session_survives_a_restart_of_the_embedded_engine()
    {
        var before = new EngineApp(NewClock());
        var cookie = await LoginAsync(before, "otto");
        await before.DisposeAsync();

        await using var after = new EngineApp(NewClock(), sqliteFile: before.SqliteFile);
        var me = await MeAsync(after, cookie);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        after.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_forged_cookie_is_refused()
    {
        await using var app = new EngineApp(NewClock());
        _ = await LoginAsync(app, "otto");

        var me = await MeAsync(app, "prozessengine.session=CfDJ8forged");

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
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

    private static async Task<HttpResponseMessage> MeAsync(EngineApp app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return await client.GetAsync("/auth/me");
    }
}
