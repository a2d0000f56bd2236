using Microsoft.Extensions.Logging;
using ProzessEngine.Core;
using ProzessEngine.Core.Routing;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Routing;

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
    /// consumed in the same transaction). A message id in use is refused (<paramref name="refuseDuplicate"/>) or dropped;
    /// a message with an id and a time to live puts the id in use in the same transaction. With <paramref name="claim"/>,
    /// a publication made before with the same Idempotency-Key gives its earlier answer (<see cref="IdempotentReplayException"/>),
    /// and <paramref name="answer"/> (given the message's key, or null when it was dropped as a duplicate) is kept with it.
    /// </summary>
    public async Task<RoutedMessage> RouteAsync(OutboxWork publication, string tenantId, long? sourceOutboxKey, bool mayBuffer, bool refuseDuplicate,
        CancellationToken cancellationToken, IdempotencyClaim? claim = null, Func<long?, IdempotentAnswer>? answer = null)
    {
        var message = publication.ToMessage();
        var messageKey = runner.NextKey();
        var startable = await starts.LatestVersionsAsync(tenantId, cancellationToken);
        var dropped = false;
        IdempotentAnswer? given = null;
        var rows = await runner.ResolveAsync<long>(sourceOutboxKey, async (connection, statements, now) =>
        {
            if (claim is not null)
            {
                await IdempotencyStore.ThrowIfAnsweredAsync(runner.Sql, connection, claim, now, cancellationToken);
            }

            var waiting = await SubscriptionStore.WaitingForMessageAsync(runner.Sql, connection, tenantId, message.Name, message.CorrelationKey, cancellationToken);
            var taken = publication.Republished
                ? []
                : await SubscriptionStore.MessageIdAsync(runner.Sql, connection, tenantId, message.MessageId, cancellationToken);
            var route = MessageRouting.Route(message, waiting, startable, taken, now, mayBuffer, again: publication.Republished);
            dropped = route.Duplicate;
            given = answer?.Invoke(route.Duplicate ? null : messageKey);
            if (claim is not null && given is not null)
            {
                statements.AddRange(IdempotencyStore.Keep(runner.Sql, claim, given, now));
            }

            if (route.Duplicate)
            {
                if (refuseDuplicate)
                {
                    throw new EngineConflictException(MessageRouting.DuplicateProblem(message.MessageId!, taken, now));
                }

                logger.LogInformation("Message {MessageName} with id {MessageId} is a duplicate of one whose time to live has not ended and is dropped",
                    message.Name, message.MessageId);
                return [];
            }

            if (route.TakesId)
            {
                statements.AddRange(SubscriptionStore.TakeMessageId(runner.Sql, tenantId, message.MessageId!, messageKey,
                    MessageRouting.ExpiresAt(message, now), now));
            }

            if (route.Buffer)
            {
                statements.Add(SubscriptionStore.Buffer(runner.Sql, messageKey, message, publication.Variables ?? "{}", tenantId, now, publication.Depth));

                // A subscription that opened after the read above, but looked for buffered messages before this commit,
                // found nothing: after commit, look once more for who waits (PostgreSQL runs both at once).
                var recheck = runner.NextKey();
                statements.Add(OutboxStore.Insert(runner.Sql, recheck, OutboxKinds.MatchWaitingSubscription, 0, tenantId, now,
                    new OutboxWork { Name = message.Name, CorrelationKey = message.CorrelationKey }));
                return [recheck];
            }

            return [.. route.Deliveries.Select(d => outbox.AddDelivery(statements, OutboxKinds.DeliverMessage, tenantId, now, publication, d).OutboxKey)];
        }, cancellationToken);
        return new RoutedMessage(messageKey, dropped, rows, given);
    }

    /// <summary>
    /// Correlates a message now or not at all, for the API: the first receiver the rule names gets it by a command of its
    /// own, and only once that command has committed the correlation is the receiver named in the answer. A receiver that
    /// no longer waits (a concurrent correlation took the subscription a moment earlier) is passed over and the rule asked
    /// again on what waits then; when nothing waits the message is not correlated (not found), never a 200 for a message
    /// that went nowhere. The other receivers (one per further process) get delivery rows in the first one's transaction.
    /// Returns the receiving instance and the outbox rows to carry out.
    /// </summary>
    public async Task<(CorrelatedMessage Correlated, IReadOnlyList<long> Outbox, IdempotentAnswer? Answer)> CorrelateAsync(PublishedMessage message,
        IReadOnlyList<KeyValuePair<string, FeelValue>> variables, string tenantId, CancellationToken cancellationToken, IdempotencyClaim? claim = null,
        Func<CorrelatedMessage, IdempotentAnswer>? answer = null)
    {
        var publication = OutboxWork.For(message, variables);
        var messageKey = runner.NextKey();
        return await runner.Retry.ExecuteAsync($"Correlating message '{message.Name}'", async () =>
        {
            if (claim is not null)
            {
                await runner.ReadAsync(async connection =>
                {
                    await IdempotencyStore.ThrowIfAnsweredAsync(runner.Sql, connection, claim, runner.Now, cancellationToken);
                    return true;
                }, cancellationToken);
            }

            // The answer is kept in the receiver's transaction, so that a repeat finds it exactly when the message arrived.
            void Keep(IdempotentAnswer? given, Action<Statement> add, DateTimeOffset now)
            {
                if (claim is not null && given is not null)
                {
                    foreach (var statement in IdempotencyStore.Keep(runner.Sql, claim, given, now))
                    {
                        add(statement);
                    }
                }
            }

            var startable = await starts.LatestVersionsAsync(tenantId, cancellationToken);
            var waiting = await runner.ReadAsync(connection => SubscriptionStore.WaitingForMessageAsync(runner.Sql, connection, tenantId, message.Name,
                message.CorrelationKey, cancellationToken), cancellationToken);
            var route = MessageRouting.Route(message, waiting, startable, [], runner.Now, mayBuffer: false);
            if (route.Deliveries.Count == 0)
            {
                throw new EngineNotFoundException(
                    $"No process instance waits for message '{message.Name}' with correlation key '{message.CorrelationKey}', and no process starts with it.");
            }

            var others = route.Deliveries.Skip(1).ToList();
            if (route.Deliveries[0] is DeliveryToStartEvent start)
            {
                var key = runner.NextKey();
                var startedBy = new CorrelatedMessage(messageKey, key);
                var startAnswer = answer?.Invoke(startedBy);
                var (started, startOutbox) = (await runner.InsertAsync(start.Process,
                    () => start.Start(runner.Runtime, variables, CommandActor.Engine, key), null,
                    write =>
                    {
                        others.ForEach(d => outbox.AddDelivery(write, OutboxKinds.DeliverMessage, tenantId, runner.Now, publication, d));
                        Keep(startAnswer, write.Add, runner.Now);
                    },
                    cancellationToken))!.Value;
                runner.Notify(started);
                return (startedBy, startOutbox, startAnswer);
            }

            var to = (DeliveryToSubscription)route.Deliveries[0];
            var correlated = new CorrelatedMessage(messageKey, to.ProcessInstanceKey);
            var given = answer?.Invoke(correlated);
            var (result, rows) = await runner.ExecuteAsync(
                connection => InstanceReads.ActiveAsync(runner.Sql, connection, to.ProcessInstanceKey, cancellationToken),
                (process, state) => MessageRouting.Deliver(runner.Runtime, process, state, to.SubscriptionKey, variables) is { } delivered
                    && MessageRouting.Correlated(delivered)
                        ? delivered
                        : null,
                cancellationToken,
                complete: (delivered, write) =>
                {
                    others.ForEach(d => outbox.AddDelivery(write, OutboxKinds.DeliverMessage, tenantId, delivered.At, publication, d));
                    Keep(given, write.Add, delivered.At);
                });
            if (result is null)
            {
                // The receiver no longer waits: forget its subscription (gone already when a concurrent correlation took it) and ask again.
                await runner.WriteAsync(connection => runner.Sql.ExecuteAsync(connection, [SubscriptionStore.ForgetMessageSubscription(to.SubscriptionKey)],
                    cancellationToken), cancellationToken);
                throw new StaleWriteException($"Subscription {to.SubscriptionKey} no longer waits for message '{message.Name}'.");
            }

            return (correlated, rows, given);
        });
    }

    public async Task<IReadOnlyList<long>> PublishedAsync(OutboxEntry entry, CancellationToken cancellationToken) =>
        (await RouteAsync(entry.Work, entry.TenantId, entry.Key, mayBuffer: true, refuseDuplicate: false, cancellationToken)).Outbox;

    /// <summary>
    /// A message was buffered: every subscription that waits for its name and correlation key now looks for a buffered
    /// message (<see cref="MatchBufferedAsync"/>), in case it opened while the message was being buffered and looked too
    /// early. Whichever of the two looks last finds the other; a message found twice is still correlated once.
    /// </summary>
    public Task<IReadOnlyList<long>> MatchWaitingAsync(OutboxEntry entry, CancellationToken cancellationToken) =>
        runner.ResolveAsync<long>(entry.Key, async (connection, statements, now) =>
        {
            var waiting = await SubscriptionStore.WaitingForMessageAsync(runner.Sql, connection, entry.TenantId, entry.Work.Name!, entry.Work.CorrelationKey ?? "",
                cancellationToken);
            var rows = new List<long>(waiting.Count);
            foreach (var subscription in waiting)
            {
                var key = runner.NextKey();
                statements.Add(OutboxStore.Insert(runner.Sql, key, OutboxKinds.MatchBufferedMessage, subscription.ProcessInstanceKey, entry.TenantId, now,
                    new OutboxWork { TargetInstanceKey = subscription.ProcessInstanceKey, SubscriptionKey = subscription.SubscriptionKey }));
                rows.Add(key);
            }

            return rows;
        }, cancellationToken);

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

        // The message published again, to be routed afresh: no longer tied to this receiver, and holding its id already.
        var republished = work with { SubscriptionKey = null, TargetInstanceKey = 0, Republished = true };
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
            // A subscription that no longer waits (it took another message meanwhile) declines: the row is consumed, nothing else.
            (process, state) => MessageRouting.Deliver(runner.Runtime, process, state, subscriptionKey, variables, found.Message.Depth) is { } result
                && MessageRouting.Correlated(result)
                    ? result
                    : null,
            cancellationToken,
            (_, write) => write.Add(SubscriptionStore.ConsumeBuffered(runner.Sql, found.Message.Key)));
    }
}

/// <summary>What resolving a publication did: the message's key, whether it was dropped as a duplicate, the outbox rows to carry out, the kept answer.</summary>
internal sealed record RoutedMessage(long MessageKey, bool Dropped, IReadOnlyList<long> Outbox, IdempotentAnswer? Answer);
