using System.Data.Common;
using ProzessEngine.Persistence.Routing;

namespace ProzessEngine.Persistence.Stores;

/// <summary>One outbox row as read: what it asks for, of which kind, in which tenant.</summary>
internal sealed record OutboxEntry(long Key, string Kind, string TenantId, OutboxWork Work);

/// <summary>
/// The outbox rows: work a committed command asks of other instances. A row is written in the command's transaction and
/// consumed (deleted, checked to hit exactly one row) in the transaction of the command that carries it out.
/// </summary>
internal static class OutboxStore
{
    public static Statement Insert(SqlDialect sql, long key, string kind, long sourceInstanceKey, string tenantId, DateTimeOffset at, OutboxWork work) =>
        new("""INSERT INTO outbox ("Key", "Kind", "SourceInstanceKey", "Payload", "TenantId", "CreatedAt", "Attempts") VALUES ($1, $2, $3, $4, $5, $6, 0)""",
            [key, kind, sourceInstanceKey, work.Serialize(), tenantId, sql.Instant(at)]);

    /// <summary>Consumes the row; when another node consumed it first, the whole write fails as stale.</summary>
    public static Statement Consume(SqlDialect sql, long key) => sql.CheckedDelete("outbox", key, "the outbox entry was carried out already");

    public static async Task<OutboxEntry?> ReadAsync(SqlDialect sql, DbConnection connection, long key, CancellationToken cancellationToken)
    {
        await using var query = sql.Command(connection, """SELECT "Kind", "TenantId", "Payload" FROM outbox WHERE "Key" = $1""", key);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new OutboxEntry(key, reader.GetString(0), reader.GetString(1), OutboxWork.Deserialize(reader.GetString(2)))
            : null;
    }

    public static async Task<bool> ExistsAsync(SqlDialect sql, DbConnection connection, long key, CancellationToken cancellationToken)
    {
        await using var query = sql.Command(connection, """SELECT 1 FROM outbox WHERE "Key" = $1""", key);
        return await query.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public static async Task DeleteAsync(SqlDialect sql, DbConnection connection, long key, CancellationToken cancellationToken)
    {
        await using var delete = sql.Command(connection, """DELETE FROM outbox WHERE "Key" = $1""", key);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task RecordFailureAsync(SqlDialect sql, DbConnection connection, long key, string error, CancellationToken cancellationToken)
    {
        await using var update = sql.Command(connection, """UPDATE outbox SET "Attempts" = "Attempts" + 1, "LastError" = $2 WHERE "Key" = $1""",
            key, error.Length > 2000 ? error[..2000] : error);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rows written at <paramref name="before"/> or earlier, oldest first: what the sweep carries out.</summary>
    public static async Task<IReadOnlyList<long>> WrittenBeforeAsync(SqlDialect sql, DbConnection connection, DateTimeOffset before, int limit,
        CancellationToken cancellationToken)
    {
        var keys = new List<long>();
        await using var query = sql.Command(connection,
            """SELECT "Key" FROM outbox WHERE "CreatedAt" <= $1 ORDER BY "CreatedAt", "Key" LIMIT $2""", sql.Instant(before), limit);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetInt64(0));
        }

        return keys;
    }
}
