using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Infrastructure;

/// <summary>
/// A host on SQLite, or on a database of its own on the shared PostgreSQL server, removed again when disposed: what
/// the tests written once for both databases share.
/// </summary>
public sealed class AppOnDatabase : IAsyncDisposable
{
    private readonly PostgresServer? _server;
    private readonly string? _database;

    private AppOnDatabase(EngineApp app, PostgresServer? server, string? database)
    {
        App = app;
        _server = server;
        _database = database;
    }

    public EngineApp App { get; }

    /// <param name="name">Names the PostgreSQL database: the test class, so that a left-over database says whose it was.</param>
    public static async Task<AppOnDatabase> StartAsync(bool postgres, string name, FakeTimeProvider clock,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        PostgresServer? server = null;
        string? database = null;
        if (postgres)
        {
            server = await PostgresServer.GetAsync();
            database = await server.CreateDatabaseAsync(name);
        }

        return new AppOnDatabase(new EngineApp(clock, postgresConnectionString: database, settings: settings), server, database);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_database!);
        }
        else
        {
            App.DeleteDatabaseFile();
        }
    }
}
