using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Testing;

namespace ProzessEngine.Persistence.Tests.Conformance;

/// <summary>
/// Fresh, migrated databases for the conformance models, cheaply: the models share process ids, message and signal
/// names and expect the clock to start at the same instant, so each runs on an empty database. The migrations run once
/// per provider: a model's SQLite database is a copy of a migrated file; on PostgreSQL the models run one after
/// another in one database whose tables are emptied before each.
/// </summary>
public sealed class ConformanceDatabases : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"prozessengine-conformance-{Guid.NewGuid():N}");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _sqliteTemplate;
    private EngineDatabase? _postgres;
    private string? _empty;
    private PostgresServer? _server;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
            await _server!.DropDatabaseAsync(_postgres.ConnectionString);
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        _gate.Dispose();
    }

    /// <summary>A migrated, empty database of <paramref name="provider"/>; hand it back with <see cref="ReleaseAsync"/>.</summary>
    public async Task<EngineDatabase> CreateAsync(DatabaseProvider provider)
    {
        await _gate.WaitAsync();
        try
        {
            return provider == DatabaseProvider.Sqlite ? await CreateSqliteAsync() : await CreatePostgresAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public static async Task ReleaseAsync(EngineDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            // The one PostgreSQL database is emptied by the next CreateAsync and dropped with the fixture.
            return;
        }

        await database.DisposeAsync();
        using (var pooled = new SqliteConnection(database.ConnectionString))
        {
            // Pooled connections keep the file open.
            SqliteConnection.ClearPool(pooled);
        }

        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        foreach (var path in new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists))
        {
            File.Delete(path);
        }
    }

    private async Task<EngineDatabase> CreateSqliteAsync()
    {
        if (_sqliteTemplate is null)
        {
            var template = Path.Combine(_directory, "template.db");
            var database = new EngineDatabase(DatabaseProvider.Sqlite, $"Data Source={template};Pooling=False");
            await database.MigrateAsync();
            await using (var context = database.CreateContext())
            {
                // Everything into the main file, so that copying the file copies the schema.
                await context.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            }

            await database.DisposeAsync();
            _sqliteTemplate = template;
        }

        var file = Path.Combine(_directory, $"{Guid.NewGuid():N}.db");
        File.Copy(_sqliteTemplate, file);
        return new EngineDatabase(DatabaseProvider.Sqlite, $"Data Source={file}");
    }

    private async Task<EngineDatabase> CreatePostgresAsync()
    {
        if (_postgres is null)
        {
            _server ??= await PostgresServer.GetAsync();
            var connectionString = await _server.CreateDatabaseAsync("conformance");
            _postgres = new EngineDatabase(DatabaseProvider.PostgreSql, connectionString);
            await _postgres.MigrateAsync();
            await using var context = _postgres.CreateContext();
            var tables = context.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Select(t => $"\"{t}\"");
            _empty = string.Join("; ", tables.Select(t => $"DELETE FROM {t}"));
            return _postgres;
        }

        // Emptying the few rows a model leaves is much cheaper than creating and dropping a database (or TRUNCATE).
        await using (var context = _postgres.CreateContext())
        {
            await context.Database.ExecuteSqlRawAsync(_empty!);
        }

        return _postgres;
    }
}
