using System.Globalization;
using ProzessEngine.Core;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Cluster;

/// <summary>
/// Who this node is among the nodes on one database: a name unique per process start (claims, logs) and the node id
/// it leased for keys. Keys can only be made once the node has the cluster's key secret and holds the lease, which
/// start-up takes before anything else.
/// </summary>
internal sealed class NodeIdentity(TimeProvider clock) : IKeyGenerator
{
    private SnowflakeKeyGenerator? _keys;
    private byte[]? _keySecret;

    public string Name { get; } = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");

    public NodeLease? Lease { get; private set; }

    /// <summary>The secret all nodes on the database permute their keys with (<see cref="ClusterSecrets.KeyPermutation"/>).</summary>
    public void UseKeySecret(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (_keys is not null)
        {
            throw new InvalidOperationException("This node makes keys already; its key secret cannot change.");
        }

        _keySecret = secret;
    }

    public void Hold(NodeLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (Lease is not null && Lease.NodeId != lease.NodeId)
        {
            throw new InvalidOperationException($"This node already holds node id {Lease.NodeId}; it cannot switch to {lease.NodeId}.");
        }

        _keys ??= new SnowflakeKeyGenerator(lease.NodeId, clock, _keySecret
            ?? throw new InvalidOperationException("The node needs the cluster's key secret before it leases a node id."));
        Lease = lease;
    }

    public long NextKey() => (_keys ?? throw new InvalidOperationException(
        "Keys are made only after the node leased its node id; the engine is not initialised yet.")).NextKey();
}
