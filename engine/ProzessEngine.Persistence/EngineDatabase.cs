using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ProzessEngine.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Opens contexts for the configured provider and applies its migrations.</summary>
public sealed class EngineDatabase
{
    private readonly DbContextOptions<SqliteEngineDbContext>? _sqliteOptions;
    private readonly DbContextOptions<PostgresEngineDbContext>? _postgresOptions;

    public EngineDatabase(DatabaseProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Provider = provider;
        ConnectionString = connectionString;
        if (provider == DatabaseProvider.Sqlite)
        {
            WriteGate = new SemaphoreSlim(1, 1);
            _sqliteOptions = new DbContextOptionsBuilder<SqliteEngineDbContext>()
                .UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(EngineDatabase).Assembly.GetName().Name))
                .Options;
        }
        else
        {
            _postgresOptions = new DbContextOptionsBuilder<PostgresEngineDbContext>()
                .UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(EngineDatabase).Assembly.GetName().Name))
                .Options;
        }
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>
    /// SQLite allows one writer at a time and fails rather than waits when two transactions upgrade to writing;
    /// commands on SQLite therefore take this gate. PostgreSQL needs none.
    /// </summary>
    internal SemaphoreSlim? WriteGate { get; }

    public EngineDbContext CreateContext() => Provider == DatabaseProvider.Sqlite
        ? new SqliteEngineDbContext(_sqliteOptions!)
        : new PostgresEngineDbContext(_postgresOptions!);

    /// <summary>Creates the database when needed and applies every pending migration of this provider.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(ConnectionString);
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        await using var context = CreateContext();
        await context.Database.MigrateAsync(cancellationToken);
        if (Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers (task lists) proceed while a command writes.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>Checks that the database answers; used at start-up to fail with one clear message.</summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            if (Provider == DatabaseProvider.PostgreSql)
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync(cancellationToken);
            }

            return null;
        }
        catch (NpgsqlException ex)
        {
            return ex.InnerException?.Message ?? ex.Message;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }
}
