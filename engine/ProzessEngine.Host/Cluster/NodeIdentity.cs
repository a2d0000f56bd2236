using System.Globalization;
using ProzessEngine.Core;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Cluster;

/// <summary>
/// Who this node is among the nodes on one database: a name unique per process start (claims, logs) and the node id
/// it leased for keys. Keys can only be made once the lease is held, which start-up takes before anything else.
/// </summary>
internal sealed class NodeIdentity(TimeProvider clock) : IKeyGenerator
{
    private SnowflakeKeyGenerator? _keys;

    public string Name { get; } = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");

    public NodeLease? Lease { get; private set; }

    public void Hold(NodeLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (Lease is not null && Lease.NodeId != lease.NodeId)
        {
            throw new InvalidOperationException($"This node already holds node id {Lease.NodeId}; it cannot switch to {lease.NodeId}.");
        }

        _keys ??= new SnowflakeKeyGenerator(lease.NodeId, clock);
        Lease = lease;
    }

    public long NextKey() => (_keys ?? throw new InvalidOperationException(
        "Keys are made only after the node leased its node id; the engine is not initialised yet.")).NextKey();
}
