using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Observability;

/// <summary>
/// Readiness tells a load balancer whether this node can do its work; liveness only that the process answers.
/// Regression: /health answered 200 while PostgreSQL was down and every API call answered 500.
/// </summary>
public sealed class HealthTests
{
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Ready_live_and_the_alias_answer_200_when_all_is_well_on_sqlite()
    {
        await using var app = new EngineApp(NewClock());
        var client = app.CreateClient();

        await AssertAllWellAsync(client);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task Ready_live_and_the_alias_answer_200_when_all_is_well_on_postgresql()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("health");
        try
        {
            await using var app = new EngineApp(NewClock(), postgresConnectionString: database);
            await AssertAllWellAsync(app.CreateClient());
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Health_answered_200_while_postgresql_was_down()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("health_down");
        var (link, throughLink) = DatabaseLink.To(database);
        try
        {
            // The real clock: Quartz waits out its retry delay after the outage on the engine's clock, which a fake one never ends.
            await using var app = new EngineApp(NewClock(), postgresConnectionString: throughLink, systemClock: true);
            var client = app.CreateClient();
            await UntilReadyAsync(client);

            link.Cut();

            var ready = await AnswerAsync(client, "/health/ready", HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", ready["status"]!.GetValue<string>());
            Assert.Equal("Unhealthy", ready["checks"]!["database"]!.GetValue<string>());
            Assert.Equal("Unhealthy", ready["checks"]!["node-lease"]!.GetValue<string>());
            await AnswerAsync(client, "/health", HttpStatusCode.ServiceUnavailable);
            var live = await AnswerAsync(client, "/health/live", HttpStatusCode.OK);
            Assert.Equal("Healthy", live["status"]!.GetValue<string>());

            // Back within the node lease: the same node takes traffic again.
            link.Restore();
            await UntilReadyAsync(client);
        }
        finally
        {
            await link.DisposeAsync();
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Ready_answers_503_when_the_sqlite_file_cannot_be_opened()
    {
        var app = new EngineApp(NewClock());
        try
        {
            var client = app.CreateClient();
            await UntilReadyAsync(client);

            // A folder where the file was: SQLite can neither open nor create the database.
            app.DeleteDatabaseFile();
            SqliteConnection.ClearAllPools();
            Directory.CreateDirectory(app.SqliteFile);

            var ready = await AnswerAsync(client, "/health/ready", HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", ready["checks"]!["database"]!.GetValue<string>());
            Assert.Equal("Healthy", ready["checks"]!["scheduler"]!.GetValue<string>());
            await AnswerAsync(client, "/health/live", HttpStatusCode.OK);
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(app.SqliteFile);
        }
    }

    [Fact]
    public async Task Ready_answers_503_while_the_sqlite_database_lacks_its_migrations()
    {
        await using var app = new EngineApp(NewClock());
        var client = app.CreateClient();
        await UntilReadyAsync(client);

        // The file replaced by an empty database, as a restore of the wrong backup would leave it.
        app.DeleteDatabaseFile();
        SqliteConnection.ClearAllPools();

        var ready = await AnswerAsync(client, "/health/ready", HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", ready["checks"]!["database"]!.GetValue<string>());
        app.DeleteDatabaseFile();
    }

    /// <summary>
    /// Polls as a load balancer does: right after the start Quartz may still be starting (clustered, it checks in
    /// first), and the node is rightly not ready until it runs.
    /// </summary>
    private static async Task UntilReadyAsync(HttpClient client) =>
        Assert.True(await Eventually.HoldsAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60)), "The node did not become ready.");

    private static async Task AssertAllWellAsync(HttpClient client)
    {
        await UntilReadyAsync(client);
        var ready = await AnswerAsync(client, "/health/ready", HttpStatusCode.OK);
        Assert.Equal("Healthy", ready["status"]!.GetValue<string>());
        var checks = ready["checks"]!.AsObject();
        Assert.Equal(["database", "node-lease", "scheduler"], checks.Select(c => c.Key).Order());
        Assert.All(checks, c => Assert.Equal("Healthy", c.Value!.GetValue<string>()));
        Assert.Equal(ready.ToJsonString(), (await AnswerAsync(client, "/health", HttpStatusCode.OK)).ToJsonString());
        var live = await AnswerAsync(client, "/health/live", HttpStatusCode.OK);
        Assert.Empty(live["checks"]!.AsObject());
    }

    /// <summary>The answer without credentials, checked to hold nothing but states.</summary>
    private static async Task<JsonObject> AnswerAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path}: expected {expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        // No server names, connection strings or error texts for whoever can reach the port.
        Assert.DoesNotContain("Host=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Data Source", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("exception", text, StringComparison.OrdinalIgnoreCase);
        Assert.True(text.Length < 200, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
