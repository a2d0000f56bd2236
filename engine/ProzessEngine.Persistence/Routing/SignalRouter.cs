using ProzessEngine.Core.Routing;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Routing;

/// <summary>
/// Signals across instances: a broadcast is resolved in one transaction into one delivery row per receiver that
/// <see cref="SignalRouting"/> names; each delivery is a command on its receiver (or a new instance at a signal start event).
/// </summary>
internal sealed class SignalRouter(CommandRunner runner, OutboxCommands outbox, StartEvents starts)
{
    /// <summary>Resolves a broadcast (from the API when <paramref name="sourceOutboxKey"/> is null, else from its outbox row).</summary>
    public async Task<IReadOnlyList<long>> RouteAsync(OutboxWork broadcast, string tenantId, long? sourceOutboxKey, CancellationToken cancellationToken)
    {
        var startable = await starts.LatestVersionsAsync(tenantId, cancellationToken);
        var deliveries = await runner.ResolveAsync<long>(sourceOutboxKey, async (connection, statements, now) =>
        {
            var waiting = await SubscriptionStore.WaitingForSignalAsync(runner.Sql, connection, tenantId, broadcast.Name!, cancellationToken);
            var deliveries = SignalRouting.Route(broadcast.Name!, waiting, startable);
            if (sourceOutboxKey is null)
            {
                // A throw event was bounded when it activated; a broadcast from outside is bounded here.
                SignalRouting.RequireWithinLimit(broadcast.Name!, deliveries.Count, runner.Runtime.Services.Limits);
            }

            return [.. deliveries.Select(d => outbox.AddDelivery(statements, OutboxKinds.DeliverSignal, tenantId, now, broadcast, d).OutboxKey)];
        }, cancellationToken);
        return deliveries;
    }

    public Task<IReadOnlyList<long>> BroadcastAsync(OutboxEntry entry, CancellationToken cancellationToken) =>
        RouteAsync(entry.Work, entry.TenantId, entry.Key, cancellationToken);

    public async Task<IReadOnlyList<long>> DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var variables = OutboxVariables.Read(entry.Work.Variables);
        return entry.Work.SubscriptionKey is { } subscriptionKey
            ? await outbox.OnInstanceAsync(entry.Key, entry.Work.TargetInstanceKey,
                (process, state) => SignalRouting.Deliver(runner.Runtime, process, state, subscriptionKey, variables, entry.Work.Depth), cancellationToken)
            : await starts.StartAtEventAsync(entry, variables, cancellationToken);
    }
}
