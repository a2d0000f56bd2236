using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Testing;
using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>
/// Scenarios written once and run against SQLite and PostgreSQL: each test gets a fresh, migrated database of the
/// subclass's provider, a fake clock and sequential keys.
/// </summary>
public abstract class DatabaseScenarios : IAsyncLifetime
{
    private readonly string _sqliteFile = Path.Combine(Path.GetTempPath(), $"prozessengine-test-{Guid.NewGuid():N}.db");
    private PostgresServer? _server;

    protected abstract DatabaseProvider Provider { get; }

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    protected SequentialKeyGenerator Keys { get; } = new(1_000_000);

    protected EngineDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            _server = await PostgresServer.GetAsync();
            Database = new EngineDatabase(DatabaseProvider.PostgreSql, await _server.CreateDatabaseAsync(GetType().Name));
        }
        else
        {
            Database = new EngineDatabase(DatabaseProvider.Sqlite, $"Data Source={_sqliteFile};Pooling=False");
        }

        await Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(Database.ConnectionString);
            return;
        }

        foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }

    /// <summary>A node over the test's database; a new node is a restart (or another node beside the first).</summary>
    internal EngineNode Node(params ICommandListener[] listeners) => new(Database, Clock, Keys, listeners);
}
