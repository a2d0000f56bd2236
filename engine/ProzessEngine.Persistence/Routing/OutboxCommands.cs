using ProzessEngine.Core;
using ProzessEngine.Core.Routing;
using ProzessEngine.Core.State;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Routing;

/// <summary>
/// The two ways outbox work lands on an instance, each consuming its outbox row in the transaction of its command, so
/// that the row is carried out once however many nodes try: a command on an instance that runs, or a new instance.
/// Also writes the delivery rows a message or signal is resolved into.
/// </summary>
internal sealed class OutboxCommands(CommandRunner runner)
{
    /// <summary>
    /// Runs <paramref name="command"/> on the instance and consumes the outbox row with it. An instance that is gone or
    /// has ended (or that the command declines, returning null) takes nothing any more: the row is just consumed, together
    /// with what <paramref name="whenEnded"/> adds, in one transaction.
    /// </summary>
    public async Task<IReadOnlyList<long>> OnInstanceAsync(long outboxKey, long instanceKey, Func<DeployedProcess, ProcessInstanceState, ExecutionResult?> command,
        CancellationToken cancellationToken, Action<ExecutionResult, InstanceWrite>? complete = null,
        Func<DateTimeOffset, List<Statement>, IReadOnlyList<long>>? whenEnded = null)
    {
        var consumed = false;
        var (result, outbox) = await runner.ExecuteAsync(
            async connection =>
            {
                consumed = !await OutboxStore.ExistsAsync(runner.Sql, connection, outboxKey, cancellationToken);
                return consumed ? null : await InstanceReads.ActiveAsync(runner.Sql, connection, instanceKey, cancellationToken);
            },
            command,
            cancellationToken,
            complete: (result, write) =>
            {
                write.ConsumeOutbox(outboxKey);
                complete?.Invoke(result, write);
            });
        if (result is not null || consumed)
        {
            return outbox;
        }

        return await runner.ResolveAsync(outboxKey, (_, statements, now) => Task.FromResult<List<long>>([.. whenEnded?.Invoke(now, statements) ?? []]),
            cancellationToken);
    }

    /// <summary>Starts a new instance (child, message or signal start) and consumes the outbox row in the same transaction.</summary>
    public async Task<IReadOnlyList<long>> StartNewAsync(long outboxKey, DeployedProcess process, Func<ExecutionResult> start,
        CancellationToken cancellationToken)
    {
        try
        {
            if (await runner.InsertAsync(process, start, outboxKey, null, cancellationToken) is not { } inserted)
            {
                return [];
            }

            runner.Notify(inserted.Result);
            return inserted.Outbox;
        }
        catch (Exception ex) when (ConflictRetry.IsConflict(ex))
        {
            // Another node carried the row out first (or the write lost otherwise: the row stays for the sweep).
            return [];
        }
    }

    /// <summary>Consumes a row whose work turned out to be nothing (no buffered message matched).</summary>
    public Task DropAsync(long outboxKey, CancellationToken cancellationToken) =>
        runner.WriteAsync(connection => OutboxStore.DeleteAsync(runner.Sql, connection, outboxKey, cancellationToken), cancellationToken);

    /// <summary>
    /// Writes the outbox row of one delivery of a message or signal (<paramref name="work"/> with its target): to a
    /// subscription, or to a start event under the key the new instance will get.
    /// </summary>
    public (long OutboxKey, long InstanceKey) AddDelivery(List<Statement> statements, string kind, string tenantId, DateTimeOffset now, OutboxWork work,
        EventDelivery delivery)
    {
        var target = Target(work, delivery);
        var key = runner.NextKey();
        statements.Add(OutboxStore.Insert(runner.Sql, key, kind, target.TargetInstanceKey, tenantId, now, target));
        return (key, target.TargetInstanceKey);
    }

    /// <summary>The same delivery as a row of a command's write (in its transaction).</summary>
    public long AddDelivery(InstanceWrite write, string kind, string tenantId, DateTimeOffset now, OutboxWork work, EventDelivery delivery)
    {
        var target = Target(work, delivery);
        return write.AddOutbox(kind, target.TargetInstanceKey, tenantId, now, target);
    }

    /// <summary>A new instance's key for a delivery to a start event, chosen when the delivery is written down.</summary>
    public OutboxWork Target(OutboxWork work, EventDelivery delivery) => delivery switch
    {
        DeliveryToSubscription subscription => work with { TargetInstanceKey = subscription.ProcessInstanceKey, SubscriptionKey = subscription.SubscriptionKey },
        DeliveryToStartEvent start => work with
        {
            TargetInstanceKey = runner.NextKey(),
            SubscriptionKey = null,
            DefinitionKey = start.Process.Key,
            ElementId = start.StartEventId,
        },
        _ => throw new InvalidOperationException($"Unknown delivery {delivery}."),
    };
}
