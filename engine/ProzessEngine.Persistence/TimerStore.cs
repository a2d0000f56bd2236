using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

/// <summary>A due timer this node claimed, with its instance as read at the claim (a hint: firing checks the revision).</summary>
public sealed class ClaimedTimer
{
    internal ClaimedTimer(long timerKey, InstanceRow? instance)
    {
        TimerKey = timerKey;
        Instance = instance;
    }

    public long TimerKey { get; }

    internal InstanceRow? Instance { get; }
}

/// <summary>
/// The timer rows as a work queue. A node that is about to fire timers claims a batch of due ones for a while, so that
/// other nodes leave them alone; firing deletes the row (in the continuation's transaction), and a claim of a node
/// that died lapses, so that another node picks the timer up. Claims only spread the work: exactly-once comes from the
/// row being consumed by the firing command.
/// </summary>
public sealed class TimerStore(EngineDatabase database)
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> timers due at <paramref name="dueBy"/> that nobody holds, oldest first. On
    /// PostgreSQL the claim reads their instances too, so that firing each needs only its write.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedTimer>> ClaimDueAsync(DateTimeOffset dueBy, DateTimeOffset now, TimeSpan claimFor, string owner, int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var sql = database.Dialect;
        var keys = new List<long>(limit);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (sql.IsPostgreSql)
        {
            // SKIP LOCKED: nodes claiming at the same moment take different rows instead of waiting for each other.
            await using var claim = sql.Command(connection,
                $"""
                WITH claimed AS (
                    UPDATE timers SET "ClaimedUntil" = $3, "ClaimedBy" = $4
                    WHERE "Key" IN (
                        SELECT "Key" FROM timers
                        WHERE "DueAt" <= $1 AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < $2)
                        ORDER BY "DueAt" LIMIT $5
                        FOR UPDATE SKIP LOCKED)
                    RETURNING "Key", "ProcessInstanceKey")
                SELECT c."Key", {InstanceRow.Columns}
                FROM claimed c LEFT JOIN process_instances i ON i."Key" = c."ProcessInstanceKey"
                """,
                sql.Instant(dueBy), sql.Instant(now), sql.Instant(now + claimFor), owner, limit);
            var claimed = new List<ClaimedTimer>(limit);
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new ClaimedTimer(reader.GetInt64(0), reader.IsDBNull(1) ? null : InstanceRow.Read(reader, 1)));
            }

            return claimed;
        }

        // SQLite has a single writer (the write gate), so reading and then claiming cannot race within the process.
        var gate = database.WriteGate!;
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var select = sql.Command(connection,
                """
                SELECT "Key" FROM timers
                WHERE "DueAt" <= $1 AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < $2)
                ORDER BY "DueAt" LIMIT $3
                """,
                sql.Instant(dueBy), sql.Instant(now), limit))
            {
                select.Transaction = transaction;
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    keys.Add(reader.GetInt64(0));
                }
            }

            foreach (var key in keys)
            {
                await using var claim = sql.Command(connection, """UPDATE timers SET "ClaimedUntil" = $2, "ClaimedBy" = $3 WHERE "Key" = $1""",
                    key, sql.Instant(now + claimFor), owner);
                claim.Transaction = transaction;
                await claim.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return [.. keys.Select(k => new ClaimedTimer(k, null))];
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Gives up claims that could not be fired (e.g. the node stops), so that others need not wait for them to lapse.</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<long> timerKeys, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timerKeys);
        if (timerKeys.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        foreach (var key in timerKeys)
        {
            await using var release = database.Dialect.Command(connection,
                """UPDATE timers SET "ClaimedUntil" = NULL, "ClaimedBy" = NULL WHERE "Key" = $1 AND "ClaimedBy" = $2""", key, owner);
            await release.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The distinct slots (due instant divided by <paramref name="resolution"/>, in Unix milliseconds) that have timers due
    /// after <paramref name="after"/> and no later than <paramref name="until"/>: what a scheduler must wake up for.
    /// </summary>
    public async Task<IReadOnlyList<long>> DueSlotsAsync(DateTimeOffset after, DateTimeOffset until, TimeSpan resolution,
        CancellationToken cancellationToken = default)
    {
        var sql = database.Dialect;
        var width = (long)resolution.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width, nameof(resolution));
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = sql.IsPostgreSql
            ? sql.Command(connection,
                """
                SELECT DISTINCT floor(extract(epoch FROM "DueAt") * 1000 / $3)::bigint FROM timers
                WHERE "DueAt" > $1 AND "DueAt" <= $2
                """, sql.Instant(after), sql.Instant(until), width)
            : sql.Command(connection,
                """
                SELECT DISTINCT ("DueAt" - 621355968000000000) / 10000 / $3 FROM timers
                WHERE "DueAt" > $1 AND "DueAt" <= $2
                """, sql.Instant(after), sql.Instant(until), width);
        var slots = new List<long>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            slots.Add(reader.GetInt64(0));
        }

        slots.Sort();
        return slots;
    }

    /// <summary>How many timers are pending, and how many of them are due at <paramref name="now"/>.</summary>
    public async Task<(int Pending, int Due)> CountAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var sql = database.Dialect;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = sql.Command(connection,
            """SELECT count(*), coalesce(sum(CASE WHEN "DueAt" <= $1 THEN 1 ELSE 0 END), 0) FROM timers""", sql.Instant(now));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
