using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Opens contexts and connections for the configured provider and applies its migrations.</summary>
public sealed class EngineDatabase : IAsyncDisposable
{
    private readonly DbContextOptions<SqliteEngineDbContext>? _sqliteOptions;
    private readonly DbContextOptions<PostgresEngineDbContext>? _postgresOptions;
    private readonly NpgsqlDataSource? _dataSource;
    private readonly Lazy<(NpgsqlDataSource Source, DbContextOptions<PostgresEngineDbContext> Options)>? _search;

    public EngineDatabase(DatabaseProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Provider = provider;
        ConnectionString = connectionString;
        var migrations = typeof(EngineDatabase).Assembly.GetName().Name;
        if (provider == DatabaseProvider.Sqlite)
        {
            WriteGate = new SemaphoreSlim(1, 1);
            Dialect = SqlDialect.Sqlite;
            _sqliteOptions = SqliteProvider.ContextOptions(connectionString, migrations);
        }
        else
        {
            Dialect = SqlDialect.PostgreSql;
            _dataSource = new NpgsqlDataSourceBuilder(WithPreparedStatements(connectionString)).Build();
            _postgresOptions = new DbContextOptionsBuilder<PostgresEngineDbContext>()
                .UseNpgsql(_dataSource, o => o.MigrationsAssembly(migrations))
                .Options;
            _search = new(() =>
            {
                var source = new NpgsqlDataSourceBuilder(ForSearches(WithPreparedStatements(connectionString))).Build();
                return (source, new DbContextOptionsBuilder<PostgresEngineDbContext>()
                    .UseNpgsql(source, o => o.MigrationsAssembly(migrations))
                    .Options);
            });
        }
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>
    /// SQLite allows one writer at a time and fails rather than waits when two transactions upgrade to writing;
    /// commands on SQLite therefore take this gate. PostgreSQL needs none.
    /// </summary>
    internal SemaphoreSlim? WriteGate { get; }

    internal SqlDialect Dialect { get; }

    public EngineDbContext CreateContext() => Provider == DatabaseProvider.Sqlite
        ? new SqliteEngineDbContext(_sqliteOptions!)
        : new PostgresEngineDbContext(_postgresOptions!);

    /// <summary>
    /// A context for the task list's searches: on PostgreSQL its connections plan every statement for its own values
    /// and never start parallel workers (see <see cref="ForSearches"/>); elsewhere the same as <see cref="CreateContext"/>.
    /// </summary>
    public EngineDbContext CreateSearchContext() => _search is null ? CreateContext() : new PostgresEngineDbContext(_search.Value.Options);

    /// <summary>An open connection for the command path, which writes with plain SQL in one round trip where it can.</summary>
    internal async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (_dataSource is not null)
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken);
        }

        var connection = SqliteProvider.Connection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>An open connection for a synchronous caller (the backlog gauges, which an exporter reads synchronously).</summary>
    internal DbConnection OpenConnection()
    {
        if (_dataSource is not null)
        {
            return _dataSource.OpenConnection();
        }

        var connection = SqliteProvider.Connection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Creates the database when needed and applies every pending migration of this provider.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(SqliteProvider.DataSource(ConnectionString)));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        await using var context = CreateContext();
        // A restart, the usual case, has nothing to apply. Asking first spares EF Core's comparison of the model with the
        // migrations' snapshot, which Migrate does every time and which cost a quarter of the CPU to ready.
        if (!await IsMigratedAsync(cancellationToken))
        {
            if (Provider == DatabaseProvider.PostgreSql)
            {
                // Several nodes may start at once; the advisory lock lets one of them migrate while the others wait.
                await using var connection = await _dataSource!.OpenConnectionAsync(cancellationToken);
                await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(7236001)", connection))
                {
                    await lockCommand.ExecuteNonQueryAsync(cancellationToken);
                }

                try
                {
                    await context.Database.MigrateAsync(cancellationToken);
                }
                finally
                {
                    await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(7236001)", connection);
                    await unlock.ExecuteNonQueryAsync(CancellationToken.None);
                }
            }
            else
            {
                await context.Database.MigrateAsync(cancellationToken);
            }
        }

        if (Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers (task lists) proceed while a command writes.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>
    /// Whether every migration this version ships is applied (readiness). Reads the migrations history table with plain
    /// SQL, so it also fails when the database does not answer. EF Core's own question (GetPendingMigrations) builds a
    /// model of the history table for every context: tens of milliseconds of CPU for each probe of a load balancer.
    /// </summary>
    public async Task<bool> IsMigratedAsync(CancellationToken cancellationToken = default)
    {
        var shipped = ShippedMigrations();
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var exists = connection.CreateCommand();
        exists.CommandText = Provider == DatabaseProvider.PostgreSql
            ? $"SELECT to_regclass('\"{HistoryTable}\"') IS NOT NULL"
            : $"SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{HistoryTable}')";
        if (!Convert.ToBoolean(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture))
        {
            return false;
        }

        await using var applied = connection.CreateCommand();
        applied.CommandText = $"SELECT \"MigrationId\" FROM \"{HistoryTable}\"";
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await applied.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        return shipped.All(ids.Contains);
    }

    // EF Core's default; neither context names another.
    private const string HistoryTable = "__EFMigrationsHistory";

    private string[]? _shippedMigrations;

    /// <summary>The ids of this provider's migrations in this version, found once (they are compiled in).</summary>
    private string[] ShippedMigrations()
    {
        if (_shippedMigrations is null)
        {
            using var context = CreateContext();
            _shippedMigrations = [.. context.Database.GetMigrations()];
        }

        return _shippedMigrations;
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
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_search is { IsValueCreated: true })
        {
            await _search.Value.Source.DisposeAsync();
        }

        WriteGate?.Dispose();
    }

    /// <summary>
    /// The searches' sessions (measured with TaskListBenchmark over a million tasks). A search's parameters differ
    /// far more in selectivity than the command path's (one invoice number, a group with a tenth of all tasks, a
    /// supplier's name in free text), so a generic plan made once for all of them was often the wrong one: custom
    /// plans only. And a page of 50 read along an index gains nothing from parallel workers, but PostgreSQL chose them
    /// for the bounded count whenever it misjudged how many rows match (it cannot estimate the visibility test on the
    /// candidate lists): the count took 108 ms instead of 14 ms on a busy machine. Settings named in the connection
    /// string's Options come after these and win.
    /// </summary>
    private static string ForSearches(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = ("-c plan_cache_mode=force_custom_plan -c max_parallel_workers_per_gather=0 " + builder.Options).Trim();
        return builder.ConnectionString;
    }

    /// <summary>
    /// The command path sends the same few statements over and over; letting Npgsql prepare them saves the server
    /// parsing and planning each time. Settings given in the connection string win.
    /// </summary>
    private static string WithPreparedStatements(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 100;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
