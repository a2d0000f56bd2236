using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Durability;

public sealed class JournalVerificationTests
{
    [Fact]
    public async Task The_verification_endpoint_finds_an_entry_changed_directly_in_the_database()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("journal");
        try
        {
            await using var app = new EngineApp(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)),
                postgresConnectionString: database);
            var admin = app.Admin();
            await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", Models.Antrag)));
            var instance = await EngineApp.StartAsync(app.System(), "antrag");
            var erika = await app.ClerkAsync("erika", "fachamt");
            var task = Assert.Single(await EngineApp.TasksAsync(erika, new { processInstanceKey = instance }))!["userTaskKey"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.NoContent, (await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/completion", new { })).StatusCode);

            var intact = await EngineApp.JsonAsync(await admin.PostAsync($"/v2/process-instances/{instance}/journal/verification", null));
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync();
                // Someone with database access makes it look as if another clerk completed the task.
                await using var tamper = new NpgsqlCommand(
                    """UPDATE journal SET "Events" = replace("Events", 'user:erika', 'user:mallory') WHERE "ProcessInstanceKey" = $1 AND "Sequence" = 2""",
                    connection);
                tamper.Parameters.Add(new NpgsqlParameter { Value = long.Parse(instance, System.Globalization.CultureInfo.InvariantCulture) });
                Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
            }

            var tampered = await EngineApp.JsonAsync(await admin.PostAsync($"/v2/process-instances/{instance}/journal/verification", null));

            Assert.True(intact["valid"]!.GetValue<bool>());
            Assert.Equal(2, intact["entries"]!.GetValue<int>());
            Assert.False(tampered["valid"]!.GetValue<bool>());
            Assert.Equal(2, tampered["firstBrokenSequence"]!.GetValue<int>());
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/v2/process-instances/4711/journal/verification", null)).StatusCode);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
