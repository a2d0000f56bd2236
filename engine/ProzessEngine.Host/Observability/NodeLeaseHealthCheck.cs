using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProzessEngine.Host.Cluster;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Observability;

/// <summary>
/// This node holds an unexpired lease on its node id, so the keys it makes are its own. A node whose lease lapsed (the
/// database was away longer than the lease) takes no traffic until the lease keeper renews it, or stops the node when
/// another node took the id.
/// </summary>
internal sealed class NodeLeaseHealthCheck(NodeIdentity identity, NodeLeases leases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (identity.Lease is not { } lease)
        {
            return HealthCheckResult.Unhealthy("This node has not leased a node id yet.");
        }

        try
        {
            return await leases.IsHeldAsync(lease, cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"The lease on node id {lease.NodeId} has expired or was taken over.");
        }
#pragma warning disable CA1031 // Unreachable database: not ready; the database check names the reason.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy($"The lease on node id {lease.NodeId} cannot be checked: {ex.InnerException?.Message ?? ex.Message}");
        }
    }
}
