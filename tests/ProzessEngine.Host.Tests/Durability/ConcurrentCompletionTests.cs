using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Durability;

public sealed class ConcurrentCompletionTests
{
    private const int Races = 1000;
    private const int RacesAtOnce = 8;

    [Fact]
    public async Task Two_clerks_completing_the_same_task_get_one_success_and_one_409_in_each_of_1000_races_on_postgresql()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("races");
        try
        {
            await using var app = new EngineApp(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)),
                postgresConnectionString: database);
            var system = app.System();
            await EngineApp.JsonAsync(await EngineApp.DeployAsync(app.Admin(), ("antrag.bpmn", Models.Antrag)));
            var erika = await app.ClerkAsync("erika", "fachamt");
            var otto = await app.ClerkAsync("otto", "fachamt");
            var taskKeys = new string[Races];
            await ForEachAsync(Races, async i =>
            {
                var instance = await EngineApp.StartAsync(system, "antrag");
                var tasks = await EngineApp.TasksAsync(erika, new { processInstanceKey = instance, state = "CREATED" });
                taskKeys[i] = Assert.Single(tasks)!["userTaskKey"]!.GetValue<string>();
            });

            var outcomes = new (HttpStatusCode First, HttpStatusCode Second)[Races];
            await ForEachAsync(Races, async i =>
            {
                var both = await Task.WhenAll(
                    erika.PostAsJsonAsync($"/v2/user-tasks/{taskKeys[i]}/completion", new { variables = new { von = "erika" } }),
                    otto.PostAsJsonAsync($"/v2/user-tasks/{taskKeys[i]}/completion", new { variables = new { von = "otto" } }));
                outcomes[i] = (both[0].StatusCode, both[1].StatusCode);
            });

            Assert.All(outcomes, o => Assert.Equal(
                [HttpStatusCode.NoContent, HttpStatusCode.Conflict],
                new[] { o.First, o.Second }.Order()));
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    private static Task ForEachAsync(int count, Func<int, Task> body) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = RacesAtOnce }, async (i, _) => await body(i));
}
