using System.Data.Common;
using System.Globalization;
using ProzessEngine.Core;

namespace ProzessEngine.Persistence.Stores;

/// <summary>How a command finds the instance it runs on: by its key, through the row that addresses it, or by a scope key.</summary>
internal static class InstanceReads
{
    public static async Task<InstanceRow> ByKeyAsync(SqlDialect sql, DbConnection connection, long instanceKey, CancellationToken cancellationToken)
    {
        await using var query = sql.Command(connection, $"""SELECT {InstanceRow.Columns} FROM process_instances i WHERE i."Key" = $1""", instanceKey);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? InstanceRow.Read(reader)
            : throw new EngineNotFoundException($"Process instance {instanceKey} does not exist.");
    }

    /// <summary>The instance while it runs; null when it is gone or has ended.</summary>
    public static async Task<InstanceRow?> ActiveAsync(SqlDialect sql, DbConnection connection, long instanceKey, CancellationToken cancellationToken)
    {
        await using var query = sql.Command(connection, $"""SELECT {InstanceRow.Columns}, i."Status" FROM process_instances i WHERE i."Key" = $1""",
            instanceKey);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && reader.GetString(InstanceRow.ColumnCount) == InstanceStatuses.Active
            ? InstanceRow.Read(reader)
            : null;
    }

    /// <summary>
    /// Reads the instance through the row that addresses the command (task, job, timer, incident) in one query. A missing
    /// row is not found (or, with no message, simply nothing to do); <paramref name="refuse"/> turns the row's state into
    /// a conflict.
    /// </summary>
    public static async Task<InstanceRow?> ThroughAsync(SqlDialect sql, DbConnection connection, string table, long key, string? notFound,
        string? stateColumn, Func<string, string?>? refuse, CancellationToken cancellationToken)
    {
        var columns = stateColumn is null ? InstanceRow.Columns : $"{InstanceRow.Columns}, {stateColumn}";
        await using var query = sql.Command(connection,
            $"""SELECT {columns} FROM {table} JOIN process_instances i ON i."Key" = t."ProcessInstanceKey" WHERE t."Key" = $1""", key);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return notFound is null ? null : throw new EngineNotFoundException(notFound);
        }

        if (refuse is not null && refuse(reader.GetString(InstanceRow.ColumnCount)) is { } conflict)
        {
            throw new EngineConflictException(conflict);
        }

        return InstanceRow.Read(reader);
    }

    /// <summary>The instance a scope key belongs to: the instance itself, or an element instance that waits at something.</summary>
    public static async Task<long?> OfScopeAsync(SqlDialect sql, DbConnection connection, long scopeKey, CancellationToken cancellationToken)
    {
        await using var query = sql.Command(connection,
            """
            SELECT "Key" FROM process_instances WHERE "Key" = $1
            UNION ALL SELECT "ProcessInstanceKey" FROM user_tasks WHERE "ElementInstanceKey" = $1
            UNION ALL SELECT "ProcessInstanceKey" FROM jobs WHERE "ElementInstanceKey" = $1
            UNION ALL SELECT "ProcessInstanceKey" FROM incidents WHERE "ElementInstanceKey" = $1
            UNION ALL SELECT "ProcessInstanceKey" FROM timers WHERE "ElementInstanceKey" = $1 AND "DefinitionKey" IS NULL
            UNION ALL SELECT "ProcessInstanceKey" FROM message_subscriptions WHERE "ElementInstanceKey" = $1
            UNION ALL SELECT "ProcessInstanceKey" FROM signal_subscriptions WHERE "ElementInstanceKey" = $1
            LIMIT 1
            """, scopeKey);
        return await query.ExecuteScalarAsync(cancellationToken) is { } found and not DBNull ? Convert.ToInt64(found, CultureInfo.InvariantCulture) : null;
    }
}
