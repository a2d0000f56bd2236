using System.Data.Common;
using ProzessEngine.Core.Routing;

namespace ProzessEngine.Persistence.Stores;

/// <summary>
/// What waits for messages and signals (the subscription rows a command's intents write), the messages that wait for
/// a receiver (buffered_messages) and the message ids in use (message_ids). Queries narrow by tenant, name and correlation key through indexes; which of the rows
/// a message or signal reaches is decided by <see cref="MessageRouting"/> and <see cref="SignalRouting"/>.
/// </summary>
internal static class SubscriptionStore
{
    public static async Task<IReadOnlyList<WaitingMessageSubscription>> WaitingForMessageAsync(SqlDialect sql, DbConnection connection, string tenantId,
        string name, string correlationKey, CancellationToken cancellationToken)
    {
        var found = new List<WaitingMessageSubscription>();
        await using var query = sql.Command(connection,
            """
            SELECT "Key", "ProcessInstanceKey", "ProcessId", "MessageName", "CorrelationKey" FROM message_subscriptions
            WHERE "TenantId" = $1 AND "MessageName" = $2 AND "CorrelationKey" = $3 ORDER BY "Key"
            """, tenantId, name, correlationKey);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new WaitingMessageSubscription(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return found;
    }

    /// <summary>The name and correlation key a message subscription waits for; null when it is gone.</summary>
    public static async Task<(string Name, string CorrelationKey)?> MessageSubscriptionAsync(SqlDialect sql, DbConnection connection, long key,
        CancellationToken cancellationToken)
    {
        await using var query = sql.Command(connection, """SELECT "MessageName", "CorrelationKey" FROM message_subscriptions WHERE "Key" = $1""", key);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    public static Statement ForgetMessageSubscription(long key) => new("""DELETE FROM message_subscriptions WHERE "Key" = $1""", [key]);

    public static async Task<IReadOnlyList<WaitingSignalSubscription>> WaitingForSignalAsync(SqlDialect sql, DbConnection connection, string tenantId,
        string name, CancellationToken cancellationToken)
    {
        var found = new List<WaitingSignalSubscription>();
        await using var query = sql.Command(connection,
            """SELECT "Key", "ProcessInstanceKey", "SignalName" FROM signal_subscriptions WHERE "TenantId" = $1 AND "SignalName" = $2 ORDER BY "Key" """,
            tenantId, name);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new WaitingSignalSubscription(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
        }

        return found;
    }

    /// <summary>Who holds this message id (expired or not); nothing for a message without id.</summary>
    public static async Task<IReadOnlyList<TakenMessageId>> MessageIdAsync(SqlDialect sql, DbConnection connection, string tenantId, string? messageId,
        CancellationToken cancellationToken)
    {
        if (messageId is not { Length: > 0 })
        {
            return [];
        }

        await using var query = sql.Command(connection,
            """SELECT "MessageKey", "ExpiresAt" FROM message_ids WHERE "TenantId" = $1 AND "MessageId" = $2""", tenantId, messageId);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? [new TakenMessageId(messageId, reader.GetInt64(0), sql.ReadInstant(reader, 1))] : [];
    }

    /// <summary>
    /// Puts a message id in use until <paramref name="expiresAt"/>, replacing a holder whose time ran out. Two
    /// publications that race for one id both insert; the key (tenant, id) refuses the second, whose retry then finds the
    /// id in use.
    /// </summary>
    public static IEnumerable<Statement> TakeMessageId(SqlDialect sql, string tenantId, string messageId, long messageKey, DateTimeOffset expiresAt,
        DateTimeOffset now)
    {
        yield return new Statement("""DELETE FROM message_ids WHERE "TenantId" = $1 AND "MessageId" = $2 AND "ExpiresAt" <= $3""",
            [tenantId, messageId, sql.Instant(now)]);
        yield return new Statement("""INSERT INTO message_ids ("TenantId", "MessageId", "MessageKey", "ExpiresAt") VALUES ($1, $2, $3, $4)""",
            [tenantId, messageId, messageKey, sql.Instant(expiresAt)]);
    }

    /// <summary>The buffered messages with this name and correlation key (expired or not), with their variables.</summary>
    public static Task<IReadOnlyList<(BufferedMessage Message, string Variables)>> BufferedForAsync(SqlDialect sql, DbConnection connection,
        string tenantId, string name, string correlationKey, CancellationToken cancellationToken) =>
        BufferedAsync(sql, connection, """ "TenantId" = $1 AND "Name" = $2 AND "CorrelationKey" = $3""", [tenantId, name, correlationKey], cancellationToken);

    public static Statement Buffer(SqlDialect sql, long key, PublishedMessage message, string variables, string tenantId, DateTimeOffset publishedAt,
        int depth) =>
        new("""
            INSERT INTO buffered_messages ("Key", "Name", "CorrelationKey", "MessageId", "Variables", "TenantId", "PublishedAt", "ExpiresAt", "Depth")
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """,
            [key, message.Name, message.CorrelationKey, message.MessageId, variables, tenantId, sql.Instant(publishedAt),
                sql.Instant(MessageRouting.ExpiresAt(message, publishedAt)), depth]);

    /// <summary>Consumes a buffered message with the command that correlates it; fails the write when another got it first.</summary>
    public static Statement ConsumeBuffered(SqlDialect sql, long key) => sql.CheckedDelete("buffered_messages", key, "the buffered message was correlated already");

    /// <summary>Drops buffered messages whose time to live ended, and frees the ids of messages whose time to live ended.</summary>
    public static async Task DeleteExpiredAsync(SqlDialect sql, DbConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var expired = sql.Command(connection, """DELETE FROM buffered_messages WHERE "ExpiresAt" <= $1""", sql.Instant(now));
        await expired.ExecuteNonQueryAsync(cancellationToken);
        await using var freed = sql.Command(connection, """DELETE FROM message_ids WHERE "ExpiresAt" <= $1""", sql.Instant(now));
        await freed.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<(BufferedMessage Message, string Variables)>> BufferedAsync(SqlDialect sql, DbConnection connection,
        string where, object?[] values, CancellationToken cancellationToken)
    {
        var found = new List<(BufferedMessage, string)>();
        await using var query = sql.Command(connection,
            $"""
            SELECT "Key", "Name", "CorrelationKey", "MessageId", "PublishedAt", "ExpiresAt", "Variables", "Depth" FROM buffered_messages
            WHERE {where} ORDER BY "PublishedAt", "Key"
            """, values);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((new BufferedMessage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                sql.ReadInstant(reader, 4), sql.ReadInstant(reader, 5), reader.GetInt32(7)), reader.GetString(6)));
        }

        return found;
    }
}
