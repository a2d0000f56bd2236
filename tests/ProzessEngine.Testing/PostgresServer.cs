using Npgsql;
using ProzessEngine.Testing.Postgres;

namespace ProzessEngine.Testing;

/// <summary>
/// The PostgreSQL server of this test process: the one named by <c>PROZESS_TEST_DB</c>, or else a throw-away
/// cluster started from Debian's binaries on first use and stopped when the process exits.
/// Tests get a database of their own from <see cref="CreateDatabaseAsync"/>; they never share data.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Environment variable with an Npgsql connection string to a server as superuser.</summary>
    public const string ConnectionStringVariable = "PROZESS_TEST_DB";

    // PostgreSQL truncates identifiers to 63 bytes; the names made here are ASCII.
    private const int MaxDatabaseNameLength = 63;
    private const int UniqueSuffixLength = 12;

    private static readonly Lock Gate = new();
    private static Task<PostgresServer>? s_current;

    private readonly ThrowawayCluster? _cluster;

    private PostgresServer(string connectionString, ThrowawayCluster? cluster)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
    }

    /// <summary>Connection string of the administrative connection (a superuser, database <c>postgres</c>).</summary>
    public string ConnectionString { get; }

    /// <summary>The server for this process; the first call starts it when <c>PROZESS_TEST_DB</c> is not set.</summary>
    public static Task<PostgresServer> GetAsync()
    {
        lock (Gate)
        {
            return s_current ??= StartAsync();
        }
    }

    /// <summary>Creates an empty, uniquely named database and returns the connection string to it.</summary>
    /// <param name="namePrefix">Readable start of the name, e.g. the test class; letters, digits and '_' are kept.</param>
    public async Task<string> CreateDatabaseAsync(string namePrefix)
    {
        ArgumentNullException.ThrowIfNull(namePrefix);
        var name = UniqueDatabaseName(namePrefix);
        await ExecuteAsync($"CREATE DATABASE {QuoteIdentifier(name)}");
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database of a connection string made by <see cref="CreateDatabaseAsync"/>, closing its connections.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (string.IsNullOrEmpty(name) || name == new NpgsqlConnectionStringBuilder(ConnectionString).Database)
        {
            throw new ArgumentException("The connection string names no test database.", nameof(connectionString));
        }

        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        // FORCE ends sessions that other pools (an EF context, a host under test) still hold open.
        await ExecuteAsync($"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)");
    }

    /// <summary>Stops the throw-away cluster now instead of at process exit; the next <see cref="GetAsync"/> starts a new one.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (Gate)
        {
            if (s_current is { IsCompletedSuccessfully: true } current && ReferenceEquals(current.Result, this))
            {
                s_current = null;
            }
        }

        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresServer(configured, cluster: null);
        }

        var cluster = await ThrowawayCluster.StartAsync();
        return new PostgresServer(cluster.ConnectionString, cluster);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string UniqueDatabaseName(string namePrefix)
    {
        var readable = new string(namePrefix.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var maxPrefixLength = MaxDatabaseNameLength - UniqueSuffixLength - 1;
        if (readable.Length > maxPrefixLength)
        {
            readable = readable[..maxPrefixLength];
        }

        var suffix = Guid.NewGuid().ToString("N")[..UniqueSuffixLength];
        return readable.Length == 0 ? "test_" + suffix : readable + "_" + suffix;
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
