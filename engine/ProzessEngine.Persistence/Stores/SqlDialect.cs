using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ProzessEngine.Persistence.Stores;

/// <summary>What a statement of a command's write must find, beyond not failing.</summary>
internal enum StatementCheck
{
    None,

    /// <summary>Exactly one row changed; otherwise another command won the race (the optimistic revision check).</summary>
    OneRowChanged,

    /// <summary>The query returns no row; otherwise the command works on stale knowledge (a newer process version).</summary>
    NoRow,
}

/// <summary>One SQL statement with positional parameters ($1, $2, …) in the order of <see cref="Values"/>.</summary>
internal readonly record struct Statement(string Sql, object?[] Values, StatementCheck Check = StatementCheck.None);

/// <summary>A command's write lost against another command or a newer deployment: load again and retry.</summary>
internal sealed class StaleWriteException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The differences between PostgreSQL and SQLite on the command path. Statements are written once with positional
/// parameters ($1); PostgreSQL runs a command's statements as one batch (one round trip, one implicit transaction) with
/// its checks done by the server, SQLite runs them one by one inside a transaction and checks them here.
/// </summary>
internal abstract partial class SqlDialect
{
    public static SqlDialect PostgreSql { get; } = new PostgreSqlDialect();

    public static SqlDialect Sqlite { get; } = new SqliteDialect();

    public abstract bool IsPostgreSql { get; }

    /// <summary>Runs the statements atomically, honouring each statement's check.</summary>
    public abstract Task ExecuteAsync(DbConnection connection, IReadOnlyList<Statement> statements, CancellationToken cancellationToken);

    /// <summary>A single command for reads, with the same positional parameters.</summary>
    public abstract DbCommand Command(DbConnection connection, string sql, params object?[] values);

    /// <summary>
    /// The database value of an instant, cut to <see cref="StoredInstant"/>: timestamptz on PostgreSQL, UTC ticks on SQLite
    /// (sortable there). Every instant the command path writes or compares goes through here.
    /// </summary>
    public abstract object Instant(DateTimeOffset value);

    public object? Instant(DateTimeOffset? value) => value is { } v ? Instant(v) : null;

    public abstract DateTimeOffset ReadInstant(DbDataReader reader, int ordinal);

    /// <summary>Deletes one row by key and fails the write as stale when it is not there (any more): the row was consumed already.</summary>
    public Statement CheckedDelete(string table, long key, string reason)
    {
        var delete = $"""DELETE FROM {table} WHERE "Key" = $1""";
        return IsPostgreSql
            ? new Statement($"WITH gone AS ({delete} RETURNING 1) SELECT engine_check(count(*) = 1, '{reason}') FROM gone", [key])
            : new Statement(delete, [key], StatementCheck.OneRowChanged);
    }

    private sealed class PostgreSqlDialect : SqlDialect
    {
        public override bool IsPostgreSql => true;

        public override async Task ExecuteAsync(DbConnection connection, IReadOnlyList<Statement> statements, CancellationToken cancellationToken)
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)connection);
            foreach (var statement in statements)
            {
                var command = new NpgsqlBatchCommand(statement.Sql);
                foreach (var value in statement.Values)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
                }

                batch.BatchCommands.Add(command);
            }

            // Without an explicit transaction the batch is one implicit transaction: a failing check rolls back all. A
            // failed check is a serialization failure, which ConflictRetry counts as a lost race, as it does deadlocks and
            // unique violations (two writers of the same journal sequence).
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        public override DbCommand Command(DbConnection connection, string sql, params object?[] values)
        {
            var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            return command;
        }

        public override object Instant(DateTimeOffset value) => StoredInstant.From(value);

        public override DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);
    }

    private sealed partial class SqliteDialect : SqlDialect
    {
        private readonly ConcurrentDictionary<string, string> _translated = new(StringComparer.Ordinal);

        public override bool IsPostgreSql => false;

        public override async Task ExecuteAsync(DbConnection connection, IReadOnlyList<Statement> statements, CancellationToken cancellationToken)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var statement in statements)
            {
                await using var command = Command(connection, statement.Sql, statement.Values);
                command.Transaction = transaction;
                switch (statement.Check)
                {
                    case StatementCheck.NoRow:
                        if (await command.ExecuteScalarAsync(cancellationToken) is not (null or DBNull))
                        {
                            throw new StaleWriteException("A newer version of the process was deployed meanwhile.");
                        }

                        break;
                    case StatementCheck.OneRowChanged:
                        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
                        {
                            throw new StaleWriteException("The process instance was changed by another command meanwhile.");
                        }

                        break;
                    default:
                        await command.ExecuteNonQueryAsync(cancellationToken);
                        break;
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        public override DbCommand Command(DbConnection connection, string sql, params object?[] values)
        {
            var command = new SqliteCommand(_translated.GetOrAdd(sql, Translate), (SqliteConnection)connection);
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("?" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    values[i] ?? DBNull.Value));
            }

            return command;
        }

        public override object Instant(DateTimeOffset value) => StoredInstant.From(value).UtcTicks;

        public override DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), TimeSpan.Zero);

        // SQLite names positional parameters ?1, ?2; PostgreSQL $1, $2. Statements are written in PostgreSQL's form.
        private static string Translate(string sql) => PositionalParameter().Replace(sql, "?$1");

        [GeneratedRegex(@"\$(\d+)")]
        private static partial Regex PositionalParameter();
    }
}
