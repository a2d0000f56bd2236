using System.Data.Common;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;

namespace ProzessEngine.Persistence.Stores;

/// <summary>
/// What routing needs to know about deployed processes (read from the database: another node may have deployed), and
/// the timer rows of timer start events.
/// </summary>
internal static class DefinitionStore
{
    /// <summary>The latest version of every process of the tenant, in the order the processes were first deployed.</summary>
    public static async Task<IReadOnlyList<long>> LatestVersionsAsync(SqlDialect sql, DbConnection connection, string tenantId,
        CancellationToken cancellationToken)
    {
        await using var query = sql.Command(connection,
            """
            SELECT d."Key" FROM process_definitions d
            WHERE d."TenantId" = $1
              AND d."Version" = (SELECT max(v."Version") FROM process_definitions v WHERE v."TenantId" = d."TenantId" AND v."ProcessId" = d."ProcessId")
            ORDER BY (SELECT min(f."Key") FROM process_definitions f WHERE f."TenantId" = d."TenantId" AND f."ProcessId" = d."ProcessId")
            """, tenantId);
        return await KeysAsync(query, cancellationToken);
    }

    /// <summary>
    /// The versions of <paramref name="processId"/> a call activity of <paramref name="caller"/> may start, newest first: for
    /// the deployment binding those deployed together with the caller, else all of the caller's tenant.
    /// </summary>
    public static async Task<IReadOnlyList<long>> CallableVersionsAsync(SqlDialect sql, DbConnection connection, DeployedProcess caller, string processId,
        CallBinding binding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var query = binding == CallBinding.Deployment
            ? sql.Command(connection,
                """
                SELECT d."Key" FROM process_definitions d JOIN process_definitions c ON c."DeploymentKey" = d."DeploymentKey"
                WHERE c."Key" = $1 AND d."ProcessId" = $2 ORDER BY d."Version" DESC
                """, caller.Key, processId)
            : sql.Command(connection,
                """SELECT "Key" FROM process_definitions WHERE "TenantId" = $1 AND "ProcessId" = $2 ORDER BY "Version" DESC""", caller.TenantId, processId);
        return await KeysAsync(query, cancellationToken);
    }

    /// <summary>The schedule of a timer start event's row, with the definition it starts; null for any other timer (or none).</summary>
    public static async Task<(long DefinitionKey, StartTimerSchedule Schedule)?> StartTimerAsync(SqlDialect sql, DbConnection connection, long timerKey,
        CancellationToken cancellationToken)
    {
        await using var query = sql.Command(connection,
            """SELECT "DefinitionKey", "ElementId", "DueAt", "Cycle", "RemainingRepetitions" FROM timers WHERE "Key" = $1 AND "DefinitionKey" IS NOT NULL""",
            timerKey);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), new StartTimerSchedule(reader.GetString(1), sql.ReadInstant(reader, 2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? 0 : reader.GetInt32(4)))
            : null;
    }

    /// <summary>The timer row of a timer start event: no instance yet (key 0); the definition it starts is its owner.</summary>
    public static Statement StartTimerInsert(SqlDialect sql, long timerKey, DeployedProcess process, StartTimerSchedule schedule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(schedule);
        return new("""
            INSERT INTO timers ("Key", "ProcessInstanceKey", "ElementInstanceKey", "ElementId", "DueAt", "TenantId", "CreatedAt", "DefinitionKey", "Cycle",
                "RemainingRepetitions")
            VALUES ($1, 0, $2, $3, $4, $5, $6, $2, $7, $8)
            """,
            [timerKey, process.Key, schedule.ElementId, sql.Instant(schedule.DueAt), process.TenantId, sql.Instant(now), schedule.Cycle,
                schedule.RemainingRepetitions]);
    }

    /// <summary>Consumes a fired start timer's row; fails the write when it fired already (here or on another node).</summary>
    public static Statement ConsumeStartTimer(SqlDialect sql, long timerKey) => sql.CheckedDelete("timers", timerKey, "the start timer fired already");

    private static async Task<IReadOnlyList<long>> KeysAsync(DbCommand query, CancellationToken cancellationToken)
    {
        var keys = new List<long>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetInt64(0));
        }

        return keys;
    }
}
