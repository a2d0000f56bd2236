using Microsoft.Extensions.Options;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Cluster;

/// <summary>
/// Renews this node's node id lease while the node runs and frees it at a clean shutdown. If another node took the id
/// over (this node could not reach the database for longer than the lease), the node stops: two nodes making keys with
/// one id could produce the same key.
/// </summary>
internal sealed class NodeLeaseKeeper(
    NodeIdentity identity,
    NodeLeases leases,
    IOptions<EngineOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<NodeLeaseKeeper> logger) : BackgroundService
{
    // Leases are infrastructure, not business time: they run on the real clock even when tests fake the engine's clock.
    private static readonly TimeProvider RealTime = TimeProvider.System;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cluster = options.Value.Cluster;
        using var timer = new PeriodicTimer(cluster.NodeLeaseRenewal, RealTime);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (identity.Lease is not { } lease)
                {
                    continue;
                }

                try
                {
                    identity.Hold(await leases.RenewAsync(lease, cluster.NodeLeaseDuration, stoppingToken));
                }
                catch (NodeLeaseLostException ex)
                {
                    logger.LogCritical("{Message} This node stops now so that no key is made twice; restart it to lease a new id.", ex.Message);
                    lifetime.StopApplication();
                    return;
                }
#pragma warning disable CA1031 // The database may be down for a while; the lease stays ours until another node takes it.
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    logger.LogWarning("Node id {NodeId}: the lease could not be renewed ({Problem}); trying again", lease.NodeId, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Freed only once everything has stopped, the web server included: a request still running must not make keys
        // with an id that another node could already have taken.
        lifetime.ApplicationStopped.Register(Release);
        return base.StartAsync(cancellationToken);
    }

    private void Release()
    {
        if (identity.Lease is not { } lease)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            leases.ReleaseAsync(lease, timeout.Token).GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // Shutting down regardless: an unreleased lease simply expires.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning("Node id {NodeId} could not be released ({Problem}); it becomes free when its lease expires", lease.NodeId, ex.Message);
        }
    }
}
