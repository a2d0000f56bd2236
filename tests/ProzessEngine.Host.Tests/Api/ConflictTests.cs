using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using ProzessEngine.Host.Tests.Durability;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;
using ProzessEngine.Testing.Conflicts;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// A request whose write keeps losing its race (a phantom writer inserts the same row just before it, every time)
/// answers 409 with a problem, on every path, never 500. Written once, run on SQLite and PostgreSQL.
/// </summary>
public abstract class ConflictTests
{
    protected abstract bool Postgres { get; }

    [Fact]
    public async Task Every_write_that_keeps_losing_its_race_answers_409_not_500()
    {
        await WithAppAsync(async (app, connection) =>
        {
            var admin = app.Admin();
            var system = app.System();
            await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", Models.Antrag), ("nachreichung.bpmn", RoutingModels.WaitForDocuments),
                ("stichtag.bpmn", RoutingModels.WaitForSignal)));
            var instance = await EngineApp.StartAsync(system, "antrag");
            await EngineApp.StartAsync(system, "nachreichung", new { antragId = "A-1" });
            await EngineApp.StartAsync(system, "stichtag");
            var erika = await app.ClerkAsync("erika", "fachamt");
            var task = Assert.Single(await EngineApp.TasksAsync(erika, new { processInstanceKey = instance }))!["userTaskKey"]!.GetValue<string>();

            await WhileLosingAsync(connection, "journal", async () =>
            {
                await ConflictAsync(system.PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = "antrag" }));
                await ConflictAsync(erika.PostAsJsonAsync($"/v2/user-tasks/{task}/assignment", new { assignee = "erika" }));
                await ConflictAsync(erika.PostAsJsonAsync($"/v2/user-tasks/{task}/completion", new { }));
            });
            await WhileLosingAsync(connection, "outbox", async () =>
            {
                await ConflictAsync(system.PostAsJsonAsync("/v2/messages/publication", new { name = "Unterlagen eingegangen", correlationKey = "A-1" }));
                await ConflictAsync(system.PostAsJsonAsync("/v2/signals/broadcast", new { signalName = "Stichtag erreicht" }));
            });
            await WhileLosingAsync(connection, "buffered_messages", () =>
                ConflictAsync(system.PostAsJsonAsync("/v2/messages/publication", new { name = "Unterlagen eingegangen", correlationKey = "B-2" })));
            await WhileLosingAsync(connection, "process_definitions", () =>
                ConflictAsync(EngineApp.DeployAsync(admin, ("antrag.bpmn", Models.Antrag.Replace("Prüfen", "Genau prüfen", StringComparison.Ordinal)))));

            // Nothing was half done: the task is still open and can be completed now.
            Assert.Equal(HttpStatusCode.NoContent, (await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/completion", new { })).StatusCode);
        });
    }

    private static async Task ConflictAsync(Task<HttpResponseMessage> request)
    {
        var problem = await EngineApp.ProblemAsync(await request, 409);
        Assert.Equal("Gleichzeitige Änderung", problem["title"]!.GetValue<string>());
    }

    private async Task WhileLosingAsync(DbConnection connection, string table, Func<Task> requests)
    {
        await PhantomWriter.InstallAsync(connection, Postgres, table);
        try
        {
            await requests();
        }
        finally
        {
            await PhantomWriter.RemoveAsync(connection, Postgres, table);
        }
    }

    private async Task WithAppAsync(Func<EngineApp, DbConnection, Task> test)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        if (!Postgres)
        {
            var app = new EngineApp(clock);
            try
            {
                await using var connection = new SqliteConnection($"Data Source={app.SqliteFile}");
                _ = app.Admin();
                await connection.OpenAsync();
                await test(app, connection);
            }
            finally
            {
                await app.DisposeAsync();
                app.DeleteDatabaseFile();
            }

            return;
        }

        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("conflicts");
        try
        {
            await using var app = new EngineApp(clock, postgresConnectionString: database);
            _ = app.Admin();
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await test(app, connection);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}

public sealed class SqliteConflictTests : ConflictTests
{
    protected override bool Postgres => false;
}

public sealed class PostgresConflictTests : ConflictTests
{
    protected override bool Postgres => true;

    [Fact]
    public async Task Concurrent_deployments_of_different_content_of_one_process_answer_200_or_409_never_500_on_postgresql()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("deployrace");
        try
        {
            await using var app = new EngineApp(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)),
                postgresConnectionString: database);
            var admin = app.Admin();

            // Each version also replaces the timer start event of the one before.
            var responses = await Task.WhenAll(Enumerable.Range(1, 16).Select(i => EngineApp.DeployAsync(admin, ("mahnlauf.bpmn",
                RoutingModels.StartedByTimer("0 0 8 * * MON-FRI").Replace("<bpmn:userTask id=\"mahnen\" />",
                    $"<bpmn:userTask id=\"mahnen\" name=\"Mahnen {i}\" />", StringComparison.Ordinal)))));

            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.All(statuses, s => Assert.Contains(s, new[] { 200, 409 }));
            var versions = new List<int>();
            foreach (var response in responses.Where(r => r.IsSuccessStatusCode))
            {
                versions.Add((await EngineApp.JsonAsync(response))["deployments"]![0]!["processDefinition"]!["processDefinitionVersion"]!.GetValue<int>());
            }

            Assert.Equal(Enumerable.Range(1, versions.Count), versions.Order());
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var timers = new NpgsqlCommand("""SELECT count(*) FROM timers WHERE "DefinitionKey" IS NOT NULL""", connection);
            Assert.Equal(1L, await timers.ExecuteScalarAsync());
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
