using Microsoft.Extensions.Logging;
using ProzessEngine.Core;
using ProzessEngine.Core.Routing;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Routing;

/// <summary>One delivery row a message was resolved into, and the instance it goes to (for a start: the key it will get).</summary>
internal sealed record Delivery(long OutboxKey, long InstanceKey);

/// <summary>
/// Messages across instances: a publication is resolved in one transaction into one delivery row per receiver or a
/// buffered message; each delivery is a command on its receiver; a subscription that opens looks for a buffered
/// message. The rules (who receives, deduplication, time to live, what a delivery that finds nothing waiting does) are
/// <see cref="MessageRouting"/>'s; this class reads what it needs and writes what they decide.
/// </summary>
internal sealed class MessageRouter(CommandRunner runner, OutboxCommands outbox, StartEvents starts, ILogger logger)
{
    /// <summary>
    /// Resolves a publication (from the API when <paramref name="sourceOutboxKey"/> is null, else from its outbox row,
    /// consumed in the same transaction). A duplicate message id is refused (<paramref name="refuseDuplicate"/>) or dropped.
    /// </summary>
    public async Task<(long MessageKey, IReadOnlyList<Delivery> Deliveries)> RouteAsync(OutboxWork publication, string tenantId, long? sourceOutboxKey,
        bool mayBuffer, bool refuseDuplicate, CancellationToken cancellationToken)
    {
        var message = publication.ToMessage();
        var messageKey = runner.NextKey();
        var startable = await starts.LatestVersionsAsync(tenantId, cancellationToken);
        var deliveries = await runner.ResolveAsync<Delivery>(sourceOutboxKey, async (connection, statements, now) =>
        {
            var waiting = await SubscriptionStore.WaitingForMessageAsync(runner.Sql, connection, tenantId, message.Name, message.CorrelationKey, cancellationToken);
            var sameId = await SubscriptionStore.BufferedWithIdAsync(runner.Sql, connection, tenantId, message.MessageId, cancellationToken);
            var route = MessageRouting.Route(message, waiting, startable, sameId, now, mayBuffer);
            if (route.Duplicate)
            {
                if (refuseDuplicate)
                {
                    throw new EngineConflictException($"A message with id '{message.MessageId}' was already published and is still buffered.");
                }

                logger.LogInformation("Message {MessageName} with id {MessageId} is a duplicate of a buffered one and is dropped", message.Name, message.MessageId);
                return [];
            }

            if (route.Buffer)
            {
                statements.Add(SubscriptionStore.Buffer(runner.Sql, messageKey, message, publication.Variables ?? "{}", tenantId, now));
            }

            return [.. route.Deliveries.Select(d => outbox.AddDelivery(statements, OutboxKinds.DeliverMessage, tenantId, now, publication, d))
                .Select(d => new Delivery(d.OutboxKey, d.InstanceKey))];
        }, cancellationToken);
        return (messageKey, deliveries);
    }

    public async Task<IReadOnlyList<long>> PublishedAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var (_, deliveries) = await RouteAsync(entry.Work, entry.TenantId, entry.Key, mayBuffer: true, refuseDuplicate: false, cancellationToken);
        return [.. deliveries.Select(d => d.OutboxKey)];
    }

    /// <summary>
    /// Delivers to a subscription (or starts at a message start event). When the instance has ended or the element no
    /// longer waits, the subscription is forgotten and the message published again, in the same transaction.
    /// </summary>
    public async Task<IReadOnlyList<long>> DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var work = entry.Work;
        var variables = OutboxVariables.Read(work.Variables);
        if (work.SubscriptionKey is not { } subscriptionKey)
        {
            return await starts.StartAtEventAsync(entry, variables, cancellationToken);
        }

        // The message published again, to be routed afresh: no longer tied to this receiver.
        var republished = work with { SubscriptionKey = null, TargetInstanceKey = 0 };
        return await outbox.OnInstanceAsync(entry.Key, work.TargetInstanceKey,
            (process, state) => MessageRouting.Deliver(runner.Runtime, process, state, subscriptionKey, variables, work.Depth),
            cancellationToken,
            (result, write) =>
            {
                if (MessageRouting.AfterDelivery(result) == DeliveryOutcome.Republish)
                {
                    write.Add(SubscriptionStore.ForgetMessageSubscription(subscriptionKey));
                    write.AddOutbox(OutboxKinds.PublishMessage, work.TargetInstanceKey, entry.TenantId, result.At, republished);
                }
            },
            (now, statements) =>
            {
                if (MessageRouting.AfterDelivery(null) != DeliveryOutcome.Republish)
                {
                    return [];
                }

                statements.Add(SubscriptionStore.ForgetMessageSubscription(subscriptionKey));
                var key = runner.NextKey();
                statements.Add(OutboxStore.Insert(runner.Sql, key, OutboxKinds.PublishMessage, work.TargetInstanceKey, entry.TenantId, now, republished));
                return [key];
            });
    }

    /// <summary>A subscription opened: it takes the buffered message the rule picks for it, if any, consuming it when correlated.</summary>
    public async Task<IReadOnlyList<long>> MatchBufferedAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var subscriptionKey = entry.Work.SubscriptionKey!.Value;
        var match = await runner.ReadAsync(async connection =>
        {
            if (await SubscriptionStore.MessageSubscriptionAsync(runner.Sql, connection, subscriptionKey, cancellationToken) is not { } waitsFor)
            {
                return ((BufferedMessage Message, string Variables)?)null;
            }

            var candidates = await SubscriptionStore.BufferedForAsync(runner.Sql, connection, entry.TenantId, waitsFor.Name, waitsFor.CorrelationKey,
                cancellationToken);
            var picked = MessageRouting.MatchBuffered(waitsFor.Name, waitsFor.CorrelationKey, candidates.Select(c => c.Message), runner.Now);
            return picked is null ? null : candidates.First(c => c.Message == picked);
        }, cancellationToken);
        if (match is not { } found)
        {
            await outbox.DropAsync(entry.Key, cancellationToken);
            return [];
        }

        var variables = OutboxVariables.Read(found.Variables);
        return await outbox.OnInstanceAsync(entry.Key, entry.Work.TargetInstanceKey,
            (process, state) => MessageRouting.Deliver(runner.Runtime, process, state, subscriptionKey, variables),
            cancellationToken,
            (result, write) =>
            {
                if (MessageRouting.Correlated(result))
                {
                    write.Add(SubscriptionStore.ConsumeBuffered(runner.Sql, found.Message.Key));
                }
            });
    }
}
