using System.Globalization;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

/// <summary>A node id held by one running node until <see cref="ExpiresAt"/> (database time).</summary>
public sealed record NodeLease(int NodeId, string Owner, DateTimeOffset ExpiresAt);

/// <summary>The lease was taken over by another node: this node must stop making keys with its id.</summary>
public sealed class NodeLeaseLostException(string message) : Exception(message);

/// <summary>
/// Hands each running node a node id of its own for key generation (0–1023), leased in the database. Expiry is
/// judged by the database's clock, so nodes with clocks that disagree cannot both believe they hold an id. A crashed
/// node's id is reclaimed once its lease expires; a node whose lease was taken over learns it at its next renewal. On
/// SQLite there is one node, with id 0.
/// </summary>
public sealed class NodeLeases(EngineDatabase database)
{
    public const int MaxNodeId = 1023;

    /// <summary>Leases the lowest free node id (or one whose lease expired) for <paramref name="duration"/>.</summary>
    /// <exception cref="InvalidOperationException">All 1,024 ids are leased by live nodes.</exception>
    public async Task<NodeLease> AcquireAsync(string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        if (!database.Dialect.IsPostgreSql)
        {
            return new NodeLease(0, owner, DateTimeOffset.MaxValue);
        }

        return await Retry.ExecuteAsync("Leasing a node id", async () =>
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var acquire = database.Dialect.Command(connection,
                """
                INSERT INTO node_leases ("NodeId", "Owner", "AcquiredAt", "ExpiresAt")
                SELECT n, $1, now(), now() + $2 * interval '1 millisecond'
                FROM generate_series(0, $3) AS n
                WHERE NOT EXISTS (SELECT 1 FROM node_leases l WHERE l."NodeId" = n AND l."ExpiresAt" > now())
                ORDER BY n LIMIT 1
                ON CONFLICT ("NodeId") DO UPDATE
                    SET "Owner" = excluded."Owner", "AcquiredAt" = excluded."AcquiredAt", "ExpiresAt" = excluded."ExpiresAt"
                    WHERE node_leases."ExpiresAt" <= now()
                RETURNING "NodeId", "ExpiresAt"
                """, owner, (long)duration.TotalMilliseconds, MaxNodeId);
            await using (var reader = await acquire.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    return new NodeLease(reader.GetInt32(0), owner, reader.GetFieldValue<DateTimeOffset>(1));
                }
            }

            await using var live = database.Dialect.Command(connection, """SELECT count(*) FROM node_leases WHERE "ExpiresAt" > now()""");
            if (Convert.ToInt32(await live.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > MaxNodeId)
            {
                throw new InvalidOperationException(
                    $"No node id is free: all {(MaxNodeId + 1).ToString(CultureInfo.InvariantCulture)} are leased by running nodes.");
            }

            // Two nodes picked the same free id at once; the loser's upsert changed nothing and it tries the next one.
            throw new StaleWriteException("Another node leased the same free node id at the same moment.");
        });
    }

    // Up to 1,024 nodes may start at once; each lost pick means another node got an id.
    private static readonly ConflictRetry Retry = new(10);

    /// <summary>
    /// Extends the lease. It stays this node's while nobody else took it, even if it expired meanwhile (the database was
    /// unreachable): no other node made keys with the id then.
    /// </summary>
    /// <exception cref="NodeLeaseLostException">Another node holds the id now.</exception>
    public async Task<NodeLease> RenewAsync(NodeLease lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (!database.Dialect.IsPostgreSql)
        {
            return lease;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var renew = database.Dialect.Command(connection,
            """
            UPDATE node_leases SET "ExpiresAt" = now() + $3 * interval '1 millisecond'
            WHERE "NodeId" = $1 AND "Owner" = $2
            RETURNING "ExpiresAt"
            """, lease.NodeId, lease.Owner, (long)duration.TotalMilliseconds);
        await using var reader = await renew.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? lease with { ExpiresAt = reader.GetFieldValue<DateTimeOffset>(0) }
            : throw new NodeLeaseLostException($"Node id {lease.NodeId} was taken over by another node after this node's lease expired.");
    }

    /// <summary>
    /// Whether the lease is still this node's and unexpired, judged by the database's clock (readiness: a node whose
    /// lease lapsed must not take traffic until its renewal succeeds).
    /// </summary>
    public async Task<bool> IsHeldAsync(NodeLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (!database.Dialect.IsPostgreSql)
        {
            return true;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var held = database.Dialect.Command(connection,
            """SELECT 1 FROM node_leases WHERE "NodeId" = $1 AND "Owner" = $2 AND "ExpiresAt" > now()""", lease.NodeId, lease.Owner);
        return await held.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Frees the id at a clean shutdown, so that the next node to start can take it at once.</summary>
    public async Task ReleaseAsync(NodeLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (!database.Dialect.IsPostgreSql)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var release = database.Dialect.Command(connection,
            """DELETE FROM node_leases WHERE "NodeId" = $1 AND "Owner" = $2""", lease.NodeId, lease.Owner);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }
}
