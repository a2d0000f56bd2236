using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Infrastructure;

/// <summary>Runs an API scenario on a host over SQLite or over a database of its own on the shared PostgreSQL.</summary>
public static class BothDatabases
{
    public static TheoryData<string> Providers => ["Sqlite", "PostgreSQL"];

    public static async Task RunAsync(string provider, string name, FakeTimeProvider clock, Func<EngineApp, Task> scenario,
        bool deployShippedWorkflows = false)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (provider == "Sqlite")
        {
            var app = new EngineApp(clock, deployShippedWorkflows: deployShippedWorkflows);
            try
            {
                await scenario(app);
            }
            finally
            {
                await app.DisposeAsync();
                app.DeleteDatabaseFile();
            }

            return;
        }

        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync(name);
        try
        {
            await using var app = new EngineApp(clock, postgresConnectionString: database, deployShippedWorkflows: deployShippedWorkflows);
            await scenario(app);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
