using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Telemetry;

/// <summary>What waits in the database at one moment, for the backlog gauges.</summary>
public sealed record BacklogSnapshot(
    long OpenIncidents,
    long TimersDue,
    TimeSpan OldestDueTimer,
    IReadOnlyDictionary<string, long> ActivatableJobs,
    long OutboxRows,
    TimeSpan OldestOutboxRow);

/// <summary>
/// Reads the backlog gauges' figures in one go and keeps them for <see cref="CacheFor"/>: an exporter asks for each
/// gauge in turn, and several exporters or a short export interval must not turn into a query each. The queries count
/// over indexed columns of the tables that stay small in operation (timers, jobs and outbox rows disappear when done;
/// resolved incidents are skipped through the index on their state).
/// </summary>
public sealed class EngineBacklog(EngineDatabase database, TimeProvider clock, ILogger<EngineBacklog> logger)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    // The cache runs on the real clock: it is about load on the database, not about business time.
    private static readonly TimeProvider RealTime = TimeProvider.System;

    private readonly Lock _gate = new();
    private BacklogSnapshot? _snapshot;
    private long _readAt;

    /// <summary>The figures at most <see cref="CacheFor"/> old; null while the database does not answer.</summary>
    public BacklogSnapshot? Read()
    {
        lock (_gate)
        {
            if (_readAt != 0 && RealTime.GetElapsedTime(_readAt) < CacheFor)
            {
                return _snapshot;
            }

            try
            {
                _snapshot = Query();
            }
#pragma warning disable CA1031 // A gauge must never fail the exporter; the database's problems show in health and logs.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogDebug("The backlog gauges could not be read: {Problem}", ex.Message);
                _snapshot = null;
            }

            _readAt = RealTime.GetTimestamp();
            return _snapshot;
        }
    }

    private BacklogSnapshot Query()
    {
        var sql = database.Dialect;
        var now = clock.GetUtcNow();
        using var connection = database.OpenConnection();
        long openIncidents, timersDue, outboxRows;
        DateTimeOffset? oldestTimer, oldestOutbox;
        using (var totals = sql.Command(connection,
            $"""
            SELECT
                (SELECT count(*) FROM incidents WHERE "State" = '{IncidentStates.Active}'),
                (SELECT count(*) FROM timers WHERE "DueAt" <= $1),
                (SELECT min("DueAt") FROM timers WHERE "DueAt" <= $1),
                (SELECT count(*) FROM outbox),
                (SELECT min("CreatedAt") FROM outbox)
            """, sql.Instant(now)))
        using (var reader = totals.ExecuteReader())
        {
            reader.Read();
            openIncidents = Count(reader, 0);
            timersDue = Count(reader, 1);
            oldestTimer = reader.IsDBNull(2) ? null : sql.ReadInstant(reader, 2);
            outboxRows = Count(reader, 3);
            oldestOutbox = reader.IsDBNull(4) ? null : sql.ReadInstant(reader, 4);
        }

        var jobs = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var activatable = sql.Command(connection,
            $"""
            SELECT "Type", count(*) FROM jobs
            WHERE "Retries" > 0 AND ("State" = '{JobStates.Created}' OR ("State" IN ('{JobStates.Activated}', '{JobStates.Failed}') AND "DeadlineAt" < $1))
            GROUP BY "Type"
            """, sql.Instant(now)))
        using (var reader = activatable.ExecuteReader())
        {
            while (reader.Read())
            {
                jobs[reader.GetString(0)] = Count(reader, 1);
            }
        }

        return new BacklogSnapshot(openIncidents, timersDue, Age(now, oldestTimer), jobs, outboxRows, Age(now, oldestOutbox));
    }

    private static long Count(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static TimeSpan Age(DateTimeOffset now, DateTimeOffset? since) => since is { } s && s < now ? now - s : TimeSpan.Zero;
}
