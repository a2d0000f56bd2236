using ProzessEngine.Testing;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>A migrated, empty database of one provider for one test, deleted when disposed.</summary>
internal sealed class FreshDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;
    private readonly PostgresServer? _server;

    private FreshDatabase(EngineDatabase database, string? sqliteFile, PostgresServer? server)
    {
        Database = database;
        _sqliteFile = sqliteFile;
        _server = server;
    }

    public EngineDatabase Database { get; }

    public static async Task<FreshDatabase> CreateAsync(DatabaseProvider provider, string name)
    {
        FreshDatabase fresh;
        if (provider == DatabaseProvider.PostgreSql)
        {
            var server = await PostgresServer.GetAsync();
            fresh = new FreshDatabase(new EngineDatabase(provider, await server.CreateDatabaseAsync(name)), null, server);
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), $"prozessengine-{name}-{Guid.NewGuid():N}.db");
            fresh = new FreshDatabase(new EngineDatabase(provider, $"Data Source={file};Pooling=False"), file, null);
        }

        await fresh.Database.MigrateAsync();
        return fresh;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(Database.ConnectionString);
            return;
        }

        foreach (var file in new[] { _sqliteFile!, _sqliteFile + "-wal", _sqliteFile + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }
}
