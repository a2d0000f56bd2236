using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ProzessEngine.Persistence;

/// <summary>
/// Everything that names a SQLite type, kept out of the methods a PostgreSQL node runs. The runtime loads an assembly
/// when it prepares a method that names one of its types (a precompiled method resolves them all on entry), so a
/// SQLite type in a shared method loaded EF Core's SQLite provider, Microsoft.Data.Sqlite and their code into every
/// PostgreSQL node. These methods are not inlined, so only a node on SQLite calls into, and loads, either.
/// </summary>
public static class SqliteProvider
{
    private static volatile bool s_inUse;

    /// <summary>Whether this process opened a SQLite database: before that, no exception can be a SQLite one.</summary>
    public static bool InUse => s_inUse;

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static DbContextOptions<SqliteEngineDbContext> ContextOptions(string connectionString, string? migrationsAssembly)
    {
        s_inUse = true;
        return new DbContextOptionsBuilder<SqliteEngineDbContext>()
            .UseSqlite(connectionString, o => o.MigrationsAssembly(migrationsAssembly))
            .Options;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static DbConnection Connection(string connectionString) => new SqliteConnection(connectionString);

    /// <summary>The file of a SQLite connection string.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string DataSource(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;

    /// <summary>The connection string of the engine's own database file in <paramref name="directory"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string FileConnectionString(string directory) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(directory, "prozessengine.db"),
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Throws what SQLite's connection string builder throws for a string that is not one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void CheckConnectionString(string connectionString) => _ = new SqliteConnectionStringBuilder(connectionString).ConnectionString;

    /// <summary>SQLite's error code of <paramref name="exception"/>, or null when it is no SQLite error.</summary>
    public static int? ErrorCode(Exception exception) => IsOfSqliteType(exception) ? SqliteErrorCode(exception) : null;

    /// <summary>SQLite's extended error code of <paramref name="exception"/>, or null when it is no SQLite error.</summary>
    public static int? ExtendedErrorCode(Exception exception) => IsOfSqliteType(exception) ? SqliteExtendedErrorCode(exception) : null;

    // An exception of that type means its assembly is loaded already; asking by name keeps a PostgreSQL node from loading it.
    private static bool IsOfSqliteType(Exception exception) => exception.GetType().FullName == "Microsoft.Data.Sqlite.SqliteException";

    /// <summary>Whether <paramref name="exception"/> is SQLite's own (the file cannot be opened, its syntax, a constraint).</summary>
    public static bool IsSqliteError(Exception exception) => InUse && IsSqliteException(exception);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int? SqliteErrorCode(Exception exception) => exception is SqliteException sqlite ? sqlite.SqliteErrorCode : null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int? SqliteExtendedErrorCode(Exception exception) => exception is SqliteException sqlite ? sqlite.SqliteExtendedErrorCode : null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsSqliteException(Exception exception) => exception is SqliteException;
}
