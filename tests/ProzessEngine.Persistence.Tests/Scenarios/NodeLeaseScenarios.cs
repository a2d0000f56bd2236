using Microsoft.EntityFrameworkCore;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>Node ids for keys, leased in PostgreSQL so that two live nodes never share one.</summary>
public sealed class PostgresNodeLeaseScenarios : DatabaseScenarios
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    [Fact]
    public async Task Nodes_starting_at_once_get_different_ids()
    {
        var leases = new NodeLeases(Database);

        var held = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => leases.AcquireAsync($"node-{i}", Minute)));

        Assert.Equal(20, held.Select(l => l.NodeId).Distinct().Count());
        Assert.All(held, l => Assert.InRange(l.NodeId, 0, NodeLeases.MaxNodeId));
    }

    [Fact]
    public async Task The_id_of_a_crashed_node_is_taken_over_once_its_lease_expired_and_the_old_holder_learns_it()
    {
        var leases = new NodeLeases(Database);
        var alive = await leases.AcquireAsync("alive", Minute);
        // A lease that ran out: the node stopped renewing it (it crashed, or lost the database).
        var crashed = await leases.AcquireAsync("crashed", TimeSpan.FromSeconds(-1));

        var successor = await leases.AcquireAsync("successor", Minute);

        Assert.Equal(crashed.NodeId, successor.NodeId);
        Assert.NotEqual(alive.NodeId, successor.NodeId);
        await Assert.ThrowsAsync<NodeLeaseLostException>(() => leases.RenewAsync(crashed, Minute));
    }

    [Fact]
    public async Task An_expired_lease_nobody_took_stays_with_its_node_on_renewal()
    {
        var leases = new NodeLeases(Database);
        var lease = await leases.AcquireAsync("slow", TimeSpan.FromSeconds(-1));

        var renewed = await leases.RenewAsync(lease, Minute);
        var other = await leases.AcquireAsync("other", Minute);

        Assert.Equal(lease.NodeId, renewed.NodeId);
        Assert.True(renewed.ExpiresAt > lease.ExpiresAt);
        Assert.NotEqual(lease.NodeId, other.NodeId);
    }

    [Fact]
    public async Task When_every_id_is_held_by_a_live_node_leasing_fails_at_once_and_is_not_retried_as_a_lost_race()
    {
        var leases = new NodeLeases(Database);
        await using (var context = Database.CreateContext())
        {
            await context.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO node_leases ("NodeId", "Owner", "AcquiredAt", "ExpiresAt")
                SELECT n, 'node-' || n, now(), now() + interval '1 hour' FROM generate_series(0, 1023) AS n
                """);
        }

        var full = await Assert.ThrowsAsync<InvalidOperationException>(() => leases.AcquireAsync("one-too-many", Minute));

        Assert.Contains("all 1024 are leased", full.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_released_id_is_free_at_once()
    {
        var leases = new NodeLeases(Database);
        var first = await leases.AcquireAsync("first", Minute);

        await leases.ReleaseAsync(first);
        var next = await leases.AcquireAsync("next", Minute);

        Assert.Equal(first.NodeId, next.NodeId);
    }
}

public sealed class SqliteNodeLeaseScenarios : DatabaseScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task The_single_node_on_sqlite_is_node_zero()
    {
        var lease = await new NodeLeases(Database).AcquireAsync("embedded", TimeSpan.FromMinutes(1));

        Assert.Equal(0, lease.NodeId);
    }
}
