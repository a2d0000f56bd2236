using System.Data.Common;
using Microsoft.Extensions.Logging;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Routing;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

/// <summary>A message the API correlated: its key and the instance that received it (or was started by it).</summary>
public sealed record CorrelatedMessage(long MessageKey, long ProcessInstanceKey);

/// <summary>
/// Everything that crosses instances: call activities and their answers, messages (with buffering), signals, start
/// events. A command never changes another instance in its own transaction; it writes outbox rows, which are carried
/// out right after commit, each by a command that deletes its row in its own transaction. A row left behind by a node
/// that died is carried out by the outbox sweep on any node.
/// </summary>
public sealed partial class InstanceCommands
{
    /// <summary>
    /// Outbox rows one command carries out right after its commit; the sweep takes over the rest (e.g. a process that
    /// calls itself forever). Zero leaves everything to the sweep, as if the node died right after each commit.
    /// </summary>
    public int InlineOutboxBudget { get; init; } = 200;

    /// <summary>Camunda 8's default time to live of a published message.</summary>
    public static readonly TimeSpan DefaultMessageTimeToLive = TimeSpan.FromHours(1);

    // ---------------------------------------------------------------- public commands

    /// <summary>
    /// Publishes a message: it is correlated to one waiting subscription per process (or starts the processes with a
    /// matching message start event), else buffered for <paramref name="timeToLive"/>. A message id that is still
    /// buffered is refused as a duplicate.
    /// </summary>
    public async Task<long> PublishMessageAsync(string name, string? correlationKey, TimeSpan timeToLive, string? messageId,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var work = new OutboxWork
        {
            Name = name,
            CorrelationKey = correlationKey ?? "",
            MessageId = messageId,
            TimeToLiveMilliseconds = (long)timeToLive.TotalMilliseconds,
            Variables = OutboxVariables.Write(variables),
        };
        var (messageKey, deliveries) = await ResolveMessageAsync(work, tenantId, null, buffer: true, refuseDuplicate: true, cancellationToken);
        await CarryOutAsync([.. deliveries.Select(d => d.OutboxKey)], cancellationToken);
        return messageKey;
    }

    /// <summary>
    /// Correlates a message now or not at all (no buffering): returns the instance that received it first; not found
    /// when nothing waits for it.
    /// </summary>
    public async Task<CorrelatedMessage> CorrelateMessageAsync(string name, string? correlationKey, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables,
        string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var work = new OutboxWork { Name = name, CorrelationKey = correlationKey ?? "", Variables = OutboxVariables.Write(variables) };
        var (messageKey, deliveries) = await ResolveMessageAsync(work, tenantId, null, buffer: false, refuseDuplicate: false, cancellationToken);
        if (deliveries.Count == 0)
        {
            throw new EngineNotFoundException(
                $"No process instance waits for message '{name}' with correlation key '{correlationKey}', and no process starts with it.");
        }

        await CarryOutAsync([.. deliveries.Select(d => d.OutboxKey)], cancellationToken);
        return new CorrelatedMessage(messageKey, deliveries[0].InstanceKey);
    }

    /// <summary>Broadcasts a signal to every waiting signal subscription and every process with a matching signal start event.</summary>
    public async Task<long> BroadcastSignalAsync(string name, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, string tenantId,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var signalKey = NextKey();
        var work = new OutboxWork { Name = name, Variables = OutboxVariables.Write(variables) };
        var deliveries = await ResolveSignalAsync(work, tenantId, null, cancellationToken);
        await CarryOutAsync(deliveries, cancellationToken);
        return signalKey;
    }

    /// <summary>
    /// Starts an instance at every conditional start event (of the latest version of each process, or only of
    /// <paramref name="processId"/>) whose condition holds for <paramref name="variables"/>; returns the started instances.
    /// </summary>
    public async Task<IReadOnlyList<StartedInstance>> EvaluateConditionalStartsAsync(IReadOnlyList<KeyValuePair<string, FeelValue>> variables,
        string? processId, string tenantId, CommandActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var started = new List<StartedInstance>();
        foreach (var process in await LatestProcessesAsync(tenantId, cancellationToken))
        {
            if (processId is not null && process.ProcessId != processId)
            {
                continue;
            }

            foreach (var startEventId in ProcessRuntime.ConditionalStartEventsMatching(process, variables))
            {
                var (result, outbox) = (await InsertInstanceAsync(process, () => runtime.StartInstanceAt(process, startEventId, variables, actor),
                    null, null, cancellationToken))!.Value;
                Notify(result);
                await CarryOutAsync(outbox, cancellationToken);
                started.Add(new StartedInstance(result.Instance.Key, process.Key, process.ProcessId, process.Version, process.TenantId,
                    result.Instance.Status));
            }
        }

        return started;
    }

    /// <summary>A worker ends a job with a BPMN error: caught by a boundary event or event sub-process, else an incident.</summary>
    public Task ThrowJobErrorAsync(long jobKey, string errorCode, string? errorMessage, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables,
        CommandActor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            connection => LoadThroughAsync(connection, """jobs t""", jobKey, $"Job {jobKey} does not exist or is no longer active.", null, null,
                cancellationToken),
            (process, state) => runtime.ThrowJobError(process, state, jobKey, errorCode, errorMessage, variables, actor),
            cancellationToken);

    /// <summary>
    /// Sets variables in the scope <paramref name="scopeKey"/>: a process instance, or an element instance that waits at a
    /// user task, job, timer, message or signal (locally there, or propagated as a job's result is).
    /// </summary>
    public async Task SetVariablesAsync(long scopeKey, IReadOnlyList<KeyValuePair<string, FeelValue>> variables, bool local, string tenantId,
        CommandActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var notFound = $"No process instance or waiting element instance has the key {scopeKey}.";
        var instanceKey = await FindInstanceOfScopeAsync(scopeKey, cancellationToken) ?? throw new EngineNotFoundException(notFound);
        await ExecuteAsync(
            async connection => await LoadInstanceAsync(connection, instanceKey, cancellationToken) is { } row && row.TenantId == tenantId
                ? row
                : throw new EngineNotFoundException(notFound),
            (process, state) => runtime.SetVariables(process, state, scopeKey == instanceKey ? null : scopeKey, variables, local, actor),
            cancellationToken);
    }

    /// <summary>Activates inner elements of a waiting ad-hoc sub-process of the instance.</summary>
    public Task ActivateAdHocElementsAsync(long processInstanceKey, long adHocElementInstanceKey, IReadOnlyList<string> elementIds, CommandActor actor,
        CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            connection => LoadInstanceAsync(connection, processInstanceKey, cancellationToken),
            (process, state) => runtime.ActivateAdHocElements(process, state, adHocElementInstanceKey, elementIds, actor),
            cancellationToken);

    /// <summary>
    /// Carries out outbox rows older than <paramref name="olderThan"/> (left behind by a node that died or by a request
    /// that ran out of budget) and drops buffered messages whose time to live ended. Returns how many rows it carried out.
    /// </summary>
    public async Task<int> SweepOutboxAsync(TimeSpan olderThan, int limit = 500, CancellationToken cancellationToken = default)
    {
        var now = runtime.Services.Clock.GetUtcNow();
        var keys = new List<long>();
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using (var expired = _sql.Command(connection, """DELETE FROM buffered_messages WHERE "ExpiresAt" <= $1""", _sql.Instant(now)))
            {
                await expired.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var query = _sql.Command(connection,
                """SELECT "Key" FROM outbox WHERE "CreatedAt" <= $1 ORDER BY "CreatedAt", "Key" LIMIT $2""", _sql.Instant(now - olderThan), limit);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(reader.GetInt64(0));
            }
        }

        return await CarryOutAsync(keys, cancellationToken);
    }

    // ---------------------------------------------------------------- carrying out outbox rows

    private async Task<int> CarryOutAsync(IReadOnlyList<long> outboxKeys, CancellationToken cancellationToken)
    {
        if (outboxKeys.Count == 0)
        {
            return 0;
        }

        var queue = new Queue<long>(outboxKeys);
        var done = 0;
        while (done < InlineOutboxBudget && queue.TryDequeue(out var key))
        {
            try
            {
                foreach (var next in await CarryOutOneAsync(key, cancellationToken))
                {
                    queue.Enqueue(next);
                }

                done++;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The command that wrote the rows has committed and stays a success for its caller; the sweep carries on.
                logger.LogDebug("Carrying out the outbox stopped by cancellation; {Left} entries are left to the sweep", queue.Count + 1);
                break;
            }
#pragma warning disable CA1031 // The command that wrote the row has committed; a failure here is retried by the sweep, not reported to its caller.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Outbox entry {OutboxKey} could not be carried out; the outbox sweep tries again", key);
                await RecordOutboxFailureAsync(key, ex.Message, CancellationToken.None);
            }
        }

        return done;
    }

    /// <summary>Carries out one outbox row; returns the rows its command wrote in turn.</summary>
    private async Task<IReadOnlyList<long>> CarryOutOneAsync(long outboxKey, CancellationToken cancellationToken)
    {
        if (await ReadOutboxAsync(outboxKey, cancellationToken) is not { } entry)
        {
            return [];
        }

        var (kind, tenantId, work) = entry;
        var variables = OutboxVariables.Read(work.Variables);
        switch (kind)
        {
            case OutboxKinds.StartChild:
                return await StartChildAsync(outboxKey, work, variables, cancellationToken);
            case OutboxKinds.CancelChild:
                return await OnInstanceAsync(outboxKey, work.TargetInstanceKey, (process, state) => runtime.Cancel(process, state, CommandActor.Engine),
                    cancellationToken);
            case OutboxKinds.ChildCompleted:
                return await OnInstanceAsync(outboxKey, work.TargetInstanceKey,
                    (process, state) => runtime.CompleteCallActivity(process, state, work.ElementInstanceKey!.Value, variables, CommandActor.Engine),
                    cancellationToken);
            case OutboxKinds.ChildError:
                return await OnInstanceAsync(outboxKey, work.TargetInstanceKey,
                    (process, state) => runtime.ThrowErrorFromChild(process, state, work.ElementInstanceKey!.Value, work.Code!, work.ErrorMessage, variables,
                        CommandActor.Engine),
                    cancellationToken);
            case OutboxKinds.ChildEscalation:
                return await OnInstanceAsync(outboxKey, work.TargetInstanceKey,
                    (process, state) => runtime.EscalateFromChild(process, state, work.ElementInstanceKey!.Value, work.Code!, variables, CommandActor.Engine),
                    cancellationToken);
            case OutboxKinds.PublishMessage:
                var (_, deliveries) = await ResolveMessageAsync(work, tenantId, outboxKey, buffer: true, refuseDuplicate: false, cancellationToken);
                return [.. deliveries.Select(d => d.OutboxKey)];
            case OutboxKinds.MatchBufferedMessage:
                return await MatchBufferedMessageAsync(outboxKey, work, tenantId, cancellationToken);
            case OutboxKinds.DeliverMessage:
                return await DeliverMessageAsync(outboxKey, work, tenantId, variables, cancellationToken);
            case OutboxKinds.BroadcastSignal:
                return await ResolveSignalAsync(work, tenantId, outboxKey, cancellationToken);
            case OutboxKinds.DeliverSignal:
                return work.SubscriptionKey is { } signalSubscription
                    ? await OnInstanceAsync(outboxKey, work.TargetInstanceKey,
                        (process, state) => runtime.TriggerSignal(process, state, signalSubscription, variables, CommandActor.Engine), cancellationToken)
                    : await StartAtEventAsync(outboxKey, work, variables, cancellationToken);
            case ContinuationOutbox.Kind:
                return await ContinueInstanceAsync(outboxKey, work, cancellationToken);
            default:
                throw new InvalidOperationException($"Unknown outbox entry kind '{kind}'.");
        }
    }

    /// <summary>
    /// Runs a command on an active instance and consumes the outbox row with it; an instance that is gone or has ended
    /// takes nothing any more, and the row is just consumed (together with what <paramref name="whenEnded"/> adds, in one
    /// transaction).
    /// </summary>
    private async Task<IReadOnlyList<long>> OnInstanceAsync(long outboxKey, long instanceKey,
        Func<DeployedProcess, ProcessInstanceState, ExecutionResult> command, CancellationToken cancellationToken,
        Action<ExecutionResult, InstanceWrite>? complete = null, Func<DateTimeOffset, List<Statement>, IReadOnlyList<long>>? whenEnded = null)
    {
        var ended = false;
        var (_, outbox) = await ExecuteCoreAsync(
            async connection =>
            {
                if (!await OutboxExistsAsync(connection, outboxKey, cancellationToken))
                {
                    return null;
                }

                await using var query = _sql.Command(connection,
                    $"""SELECT {InstanceRow.Columns}, i."Status" FROM process_instances i WHERE i."Key" = $1""", instanceKey);
                await using var reader = await query.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken) || reader.GetString(InstanceRow.ColumnCount) != InstanceStatuses.Active)
                {
                    ended = true;
                    return null;
                }

                return InstanceRow.Read(reader);
            },
            command,
            cancellationToken,
            complete: (result, write) =>
            {
                write.ConsumeOutbox(outboxKey);
                complete?.Invoke(result, write);
            });
        if (!ended)
        {
            return outbox;
        }

        if (whenEnded is null)
        {
            await DeleteOutboxAsync(outboxKey, cancellationToken);
            return [];
        }

        return await ResolveInOneTransactionAsync(outboxKey, (_, statements, now) => Task.FromResult<List<long>>([.. whenEnded(now, statements)]),
            cancellationToken);
    }

    private async Task<IReadOnlyList<long>> StartChildAsync(long outboxKey, OutboxWork work, IReadOnlyList<KeyValuePair<string, FeelValue>> variables,
        CancellationToken cancellationToken)
    {
        var parent = work.Parent!.ToLink();
        var (called, reason) = await ResolveCalledProcessAsync(work, cancellationToken);
        if (called is null)
        {
            return await OnInstanceAsync(outboxKey, parent.ProcessInstanceKey,
                (process, state) => runtime.FailCallActivity(process, state, work.ElementInstanceKey!.Value, reason!, CommandActor.Engine), cancellationToken);
        }

        var request = new ChildInstanceRequested(work.TargetInstanceKey, work.ElementInstanceKey!.Value, work.ElementId!, work.CalledProcessId!, work.Binding,
            work.VersionTag, variables, parent);
        return await StartNewAsync(outboxKey, called, () => runtime.StartChildInstance(called, request, CommandActor.Engine), cancellationToken);
    }

    private async Task<(DeployedProcess? Process, string? Reason)> ResolveCalledProcessAsync(OutboxWork work, CancellationToken cancellationToken)
    {
        var caller = await definitions.GetAsync(work.DefinitionKey!.Value, cancellationToken);
        var processId = work.CalledProcessId!;
        var candidates = new List<long>();
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var query = work.Binding == CallBinding.Deployment
                ? _sql.Command(connection,
                    """
                    SELECT d."Key" FROM process_definitions d JOIN process_definitions c ON c."DeploymentKey" = d."DeploymentKey"
                    WHERE c."Key" = $1 AND d."ProcessId" = $2 ORDER BY d."Version" DESC
                    """, caller.Key, processId)
                : _sql.Command(connection,
                    """SELECT "Key" FROM process_definitions WHERE "TenantId" = $1 AND "ProcessId" = $2 ORDER BY "Version" DESC""", caller.TenantId, processId);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add(reader.GetInt64(0));
            }
        }

        DeployedProcess? called = null;
        foreach (var key in candidates)
        {
            var candidate = await definitions.GetAsync(key, cancellationToken);
            if (work.Binding != CallBinding.VersionTag || candidate.Model.VersionTag == work.VersionTag)
            {
                called = candidate;
                break;
            }
        }

        if (called is null)
        {
            var binding = work.Binding switch
            {
                CallBinding.Deployment => " in the deployment of the calling process",
                CallBinding.VersionTag => $" with version tag '{work.VersionTag}'",
                _ => "",
            };
            return (null, $"No process '{processId}' is deployed{binding}.");
        }

        return ProcessRuntime.CanBeCalled(called)
            ? (called, null)
            : (null, $"Process '{processId}' has no none start event and cannot be called.");
    }

    /// <summary>Starts a new instance (child, message or signal start) and consumes the outbox row in the same transaction.</summary>
    private async Task<IReadOnlyList<long>> StartNewAsync(long outboxKey, DeployedProcess process, Func<ExecutionResult> start,
        CancellationToken cancellationToken)
    {
        try
        {
            if (await InsertInstanceAsync(process, start, outboxKey, null, cancellationToken) is not { } inserted)
            {
                return [];
            }

            Notify(inserted.Result);
            return inserted.Outbox;
        }
        catch (StaleWriteException)
        {
            // Another node carried the row out first.
            return [];
        }
    }

    /// <summary>
    /// Starts a new instance in one transaction: runs <paramref name="start"/>, writes the instance with
    /// <paramref name="extend"/>'s statements, consuming <paramref name="consumedOutbox"/> if given (null when that row is
    /// gone already). The caller notifies and carries out the returned outbox rows.
    /// </summary>
    private async Task<(ExecutionResult Result, IReadOnlyList<long> Outbox)?> InsertInstanceAsync(DeployedProcess process, Func<ExecutionResult> start,
        long? consumedOutbox, Action<InstanceWrite>? extend, CancellationToken cancellationToken)
    {
        await using (await EnterAsync(cancellationToken))
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            if (consumedOutbox is { } key && !await OutboxExistsAsync(connection, key, cancellationToken))
            {
                return null;
            }

            var result = start();
            var write = InstanceWrite.ForNewInstance(_sql, process, result, null, NextKey);
            if (consumedOutbox is { } consumed)
            {
                write.ConsumeOutbox(consumed);
            }

            extend?.Invoke(write);
            await _sql.ExecuteAsync(connection, write.Statements, cancellationToken);
            return (result, write.OutboxKeys);
        }
    }

    private async Task<IReadOnlyList<long>> StartAtEventAsync(long outboxKey, OutboxWork work, IReadOnlyList<KeyValuePair<string, FeelValue>> variables,
        CancellationToken cancellationToken)
    {
        var process = await definitions.GetAsync(work.DefinitionKey!.Value, cancellationToken);
        return await StartNewAsync(outboxKey, process,
            () => runtime.StartInstanceAt(process, work.ElementId!, variables, CommandActor.Engine, work.TargetInstanceKey), cancellationToken);
    }

    // ---------------------------------------------------------------- messages

    private sealed record Delivery(long OutboxKey, long InstanceKey);

    /// <summary>
    /// Decides in one transaction where a message goes: one waiting subscription per process (oldest first), then the
    /// latest version of every other process with a matching message start event; nothing matches → buffered (when
    /// allowed and its time to live is positive). Consumes <paramref name="sourceOutboxKey"/> in the same transaction.
    /// </summary>
    private async Task<(long MessageKey, IReadOnlyList<Delivery> Deliveries)> ResolveMessageAsync(OutboxWork message, string tenantId, long? sourceOutboxKey,
        bool buffer, bool refuseDuplicate, CancellationToken cancellationToken)
    {
        var messageKey = NextKey();
        var startable = await LatestProcessesAsync(tenantId, cancellationToken);
        var deliveries = await ResolveInOneTransactionAsync(sourceOutboxKey, async (connection, statements, now) =>
        {
            var found = new List<Delivery>();
            if (message.MessageId is { Length: > 0 } messageId && await IsBufferedAsync(connection, tenantId, messageId, now, cancellationToken))
            {
                if (refuseDuplicate)
                {
                    throw new EngineConflictException($"A message with id '{messageId}' was already published and is still buffered.");
                }

                logger.LogInformation("Message {MessageName} with id {MessageId} is a duplicate of a buffered one and is dropped", message.Name, messageId);
                return found;
            }

            var reached = new HashSet<string>(StringComparer.Ordinal);
            await using (var query = _sql.Command(connection,
                """
                SELECT "Key", "ProcessInstanceKey", "ProcessId" FROM message_subscriptions
                WHERE "TenantId" = $1 AND "MessageName" = $2 AND "CorrelationKey" = $3 ORDER BY "Key"
                """, tenantId, message.Name!, message.CorrelationKey ?? ""))
            {
                await using var reader = await query.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (reached.Add(reader.GetString(2)))
                    {
                        found.Add(AddDelivery(statements, OutboxKinds.DeliverMessage, tenantId, now,
                            message with { TargetInstanceKey = reader.GetInt64(1), SubscriptionKey = reader.GetInt64(0) }));
                    }
                }
            }

            foreach (var process in startable.Where(p => !reached.Contains(p.ProcessId)))
            {
                foreach (var start in ProcessRuntime.MessageStartEventsOf(process).Where(s => s.MessageName == message.Name).Take(1))
                {
                    found.Add(AddDelivery(statements, OutboxKinds.DeliverMessage, tenantId, now,
                        message with { TargetInstanceKey = NextKey(), SubscriptionKey = null, DefinitionKey = process.Key, ElementId = start.ElementId }));
                }
            }

            if (found.Count == 0 && buffer && message.TimeToLiveMilliseconds > 0)
            {
                statements.Add(new Statement(
                    """
                    INSERT INTO buffered_messages ("Key", "Name", "CorrelationKey", "MessageId", "Variables", "TenantId", "PublishedAt", "ExpiresAt")
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """,
                    [messageKey, message.Name, message.CorrelationKey ?? "", message.MessageId, message.Variables ?? "{}", tenantId,
                        _sql.Instant(now), _sql.Instant(now + TimeSpan.FromMilliseconds(message.TimeToLiveMilliseconds))]));
            }

            return found;
        }, cancellationToken);
        return (messageKey, deliveries);
    }

    /// <summary>
    /// Runs <paramref name="resolve"/> and its statements in one transaction, consuming <paramref name="sourceOutboxKey"/>
    /// with them; when another node consumed it first, the next attempt finds it gone and resolves nothing.
    /// </summary>
    private async Task<IReadOnlyList<T>> ResolveInOneTransactionAsync<T>(long? sourceOutboxKey,
        Func<DbConnection, List<Statement>, DateTimeOffset, Task<List<T>>> resolve, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using (await EnterAsync(cancellationToken))
                {
                    await using var connection = await database.OpenConnectionAsync(cancellationToken);
                    if (sourceOutboxKey is { } source && !await OutboxExistsAsync(connection, source, cancellationToken))
                    {
                        return [];
                    }

                    var statements = new List<Statement>();
                    var deliveries = await resolve(connection, statements, runtime.Services.Clock.GetUtcNow());
                    if (sourceOutboxKey is { } consumed)
                    {
                        statements.Add(InstanceWrite.CheckedDelete(_sql, "outbox", consumed, "the outbox entry was carried out already"));
                    }

                    if (statements.Count > 0)
                    {
                        await _sql.ExecuteAsync(connection, statements, cancellationToken);
                    }

                    return deliveries;
                }
            }
            catch (StaleWriteException) when (attempt < MaxAttempts)
            {
                // Another node carried the entry out first: the next attempt finds the row gone.
            }
        }
    }

    private Delivery AddDelivery(List<Statement> statements, string kind, string tenantId, DateTimeOffset now, OutboxWork work)
    {
        var key = NextKey();
        statements.Add(InstanceWrite.OutboxInsert(_sql, key, kind, work.TargetInstanceKey, tenantId, now, work));
        return new Delivery(key, work.TargetInstanceKey);
    }

    private async Task<IReadOnlyList<long>> DeliverMessageAsync(long outboxKey, OutboxWork work, string tenantId,
        IReadOnlyList<KeyValuePair<string, FeelValue>> variables, CancellationToken cancellationToken)
    {
        if (work.SubscriptionKey is not { } subscriptionKey)
        {
            return await StartAtEventAsync(outboxKey, work, variables, cancellationToken);
        }

        return await OnInstanceAsync(outboxKey, work.TargetInstanceKey,
            (process, state) => runtime.CorrelateMessage(process, state, subscriptionKey, variables, CommandActor.Engine),
            cancellationToken,
            (result, write) =>
            {
                if (!result.Intents.OfType<MessageCorrelated>().Any())
                {
                    // The element stopped waiting before the message arrived: forget the subscription and publish again.
                    write.Add(new Statement("""DELETE FROM message_subscriptions WHERE "Key" = $1""", [subscriptionKey]));
                    write.AddOutbox(OutboxKinds.PublishMessage, work.TargetInstanceKey, tenantId, result.At, Republished(work));
                }
            },
            (now, statements) =>
            {
                // The instance ended before the message arrived: the message goes to the next receiver or the buffer, not lost.
                statements.Add(new Statement("""DELETE FROM message_subscriptions WHERE "Key" = $1""", [subscriptionKey]));
                var key = NextKey();
                statements.Add(InstanceWrite.OutboxInsert(_sql, key, OutboxKinds.PublishMessage, work.TargetInstanceKey, tenantId, now, Republished(work)));
                return [key];
            });
    }

    private static OutboxWork Republished(OutboxWork delivery) => delivery with { SubscriptionKey = null, TargetInstanceKey = 0 };

    private async Task<IReadOnlyList<long>> MatchBufferedMessageAsync(long outboxKey, OutboxWork work, string tenantId, CancellationToken cancellationToken)
    {
        var subscriptionKey = work.SubscriptionKey!.Value;
        (long Key, string Variables)? message = null;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var query = _sql.Command(connection,
                """
                SELECT m."Key", m."Variables" FROM buffered_messages m
                JOIN message_subscriptions s ON s."TenantId" = m."TenantId" AND s."MessageName" = m."Name" AND s."CorrelationKey" = m."CorrelationKey"
                WHERE s."Key" = $1 AND m."TenantId" = $2 AND m."ExpiresAt" > $3
                ORDER BY m."PublishedAt", m."Key" LIMIT 1
                """, subscriptionKey, tenantId, _sql.Instant(runtime.Services.Clock.GetUtcNow()));
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                message = (reader.GetInt64(0), reader.GetString(1));
            }
        }

        if (message is not { } found)
        {
            await DeleteOutboxAsync(outboxKey, cancellationToken);
            return [];
        }

        var variables = OutboxVariables.Read(found.Variables);
        return await OnInstanceAsync(outboxKey, work.TargetInstanceKey,
            (process, state) => runtime.CorrelateMessage(process, state, subscriptionKey, variables, CommandActor.Engine),
            cancellationToken,
            (result, write) =>
            {
                if (result.Intents.OfType<MessageCorrelated>().Any())
                {
                    write.ConsumeBufferedMessage(found.Key);
                }
            });
    }

    private async Task<bool> IsBufferedAsync(DbConnection connection, string tenantId, string messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var query = _sql.Command(connection,
            """SELECT 1 FROM buffered_messages WHERE "TenantId" = $1 AND "MessageId" = $2 AND "ExpiresAt" > $3 LIMIT 1""",
            tenantId, messageId, _sql.Instant(now));
        return await query.ExecuteScalarAsync(cancellationToken) is not null;
    }

    // ---------------------------------------------------------------- signals

    /// <summary>Writes one delivery row per waiting signal subscription and per process with a matching signal start event.</summary>
    private async Task<IReadOnlyList<long>> ResolveSignalAsync(OutboxWork signal, string tenantId, long? sourceOutboxKey, CancellationToken cancellationToken)
    {
        var startable = await LatestProcessesAsync(tenantId, cancellationToken);
        var deliveries = await ResolveInOneTransactionAsync(sourceOutboxKey, async (connection, statements, now) =>
        {
            var found = new List<Delivery>();
            await using (var query = _sql.Command(connection,
                """SELECT "Key", "ProcessInstanceKey" FROM signal_subscriptions WHERE "TenantId" = $1 AND "SignalName" = $2 ORDER BY "Key" """,
                tenantId, signal.Name!))
            {
                await using var reader = await query.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    found.Add(AddDelivery(statements, OutboxKinds.DeliverSignal, tenantId, now,
                        signal with { TargetInstanceKey = reader.GetInt64(1), SubscriptionKey = reader.GetInt64(0) }));
                }
            }

            foreach (var process in startable)
            {
                foreach (var start in ProcessRuntime.SignalStartEventsOf(process).Where(s => s.SignalName == signal.Name))
                {
                    found.Add(AddDelivery(statements, OutboxKinds.DeliverSignal, tenantId, now,
                        signal with { TargetInstanceKey = NextKey(), DefinitionKey = process.Key, ElementId = start.ElementId }));
                }
            }

            return found;
        }, cancellationToken);
        return [.. deliveries.Select(d => d.OutboxKey)];
    }

    // ---------------------------------------------------------------- start timers

    /// <summary>
    /// Fires a timer row without a preloaded instance: a timer start event starts an instance (and the next timer of its
    /// cycle is written in the same transaction); any other timer fires on its instance.
    /// </summary>
    private async Task FireTimerOrStartTimerAsync(long timerKey, CancellationToken cancellationToken)
    {
        (long DefinitionKey, string ElementId, DateTimeOffset DueAt, string? Cycle, int Remaining)? start = null;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var query = _sql.Command(connection,
                """SELECT "DefinitionKey", "ElementId", "DueAt", "Cycle", "RemainingRepetitions" FROM timers WHERE "Key" = $1 AND "DefinitionKey" IS NOT NULL""",
                timerKey);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                start = (reader.GetInt64(0), reader.GetString(1), _sql.ReadInstant(reader, 2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? 0 : reader.GetInt32(4));
            }
        }

        if (start is not { } timer)
        {
            await FireTimerAsync(timerKey, cancellationToken);
            return;
        }

        var process = await definitions.GetAsync(timer.DefinitionKey, cancellationToken);
        var firing = runtime.FireStartTimer(process, new StartTimerSchedule(timer.ElementId, timer.DueAt, timer.Cycle, timer.Remaining), CommandActor.Engine);
        var next = firing.Next is { } schedule ? new TimerScheduled(NextKey(), process.Key, schedule.ElementId, schedule.DueAt) : null;
        IReadOnlyList<long> outbox;
        try
        {
            (_, outbox) = (await InsertInstanceAsync(process, () => firing.Result, null, write =>
            {
                write.Add(InstanceWrite.CheckedDelete(_sql, "timers", timerKey, "the start timer fired already"));
                if (next is not null)
                {
                    write.Add(StartTimerInsert(_sql, next.TimerKey, process, firing.Next!, runtime.Services.Clock.GetUtcNow()));
                }
            }, cancellationToken))!.Value;
        }
        catch (StaleWriteException)
        {
            // Fired on another node (or the process was redeployed meanwhile): nothing to do.
            return;
        }

        Notify(firing.Result, next);
        await CarryOutAsync(outbox, cancellationToken);
    }

    /// <summary>The timer row of a timer start event: no instance yet (key 0); the definition it starts is its owner.</summary>
    internal static Statement StartTimerInsert(SqlDialect sql, long timerKey, DeployedProcess process, StartTimerSchedule schedule, DateTimeOffset now) =>
        new("""
            INSERT INTO timers ("Key", "ProcessInstanceKey", "ElementInstanceKey", "ElementId", "DueAt", "TenantId", "CreatedAt", "DefinitionKey", "Cycle",
                "RemainingRepetitions")
            VALUES ($1, 0, $2, $3, $4, $5, $6, $2, $7, $8)
            """,
            [timerKey, process.Key, schedule.ElementId, sql.Instant(schedule.DueAt), process.TenantId, sql.Instant(now), schedule.Cycle,
                schedule.RemainingRepetitions]);

    // ---------------------------------------------------------------- helpers

    /// <summary>The latest version of every process of the tenant (read from the database: another node may have deployed).</summary>
    private async Task<IReadOnlyList<DeployedProcess>> LatestProcessesAsync(string tenantId, CancellationToken cancellationToken)
    {
        var keys = new List<long>();
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var query = _sql.Command(connection,
                """
                SELECT d."Key" FROM process_definitions d
                WHERE d."TenantId" = $1 AND d."Version" = (SELECT max(v."Version") FROM process_definitions v WHERE v."TenantId" = d."TenantId" AND v."ProcessId" = d."ProcessId")
                """, tenantId);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(reader.GetInt64(0));
            }
        }

        var processes = new List<DeployedProcess>(keys.Count);
        foreach (var key in keys)
        {
            processes.Add(await definitions.GetAsync(key, cancellationToken));
        }

        return processes;
    }

    private async Task<long?> FindInstanceOfScopeAsync(long scopeKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = _sql.Command(connection,
            """
            SELECT "Key" FROM process_instances WHERE "Key" = $1
            UNION ALL SELECT "ProcessInstanceKey" FROM user_tasks WHERE "ElementInstanceKey" = $1
            UNION ALL SELECT "ProcessInstanceKey" FROM jobs WHERE "ElementInstanceKey" = $1
            UNION ALL SELECT "ProcessInstanceKey" FROM incidents WHERE "ElementInstanceKey" = $1
            UNION ALL SELECT "ProcessInstanceKey" FROM timers WHERE "ElementInstanceKey" = $1 AND "DefinitionKey" IS NULL
            UNION ALL SELECT "ProcessInstanceKey" FROM message_subscriptions WHERE "ElementInstanceKey" = $1
            UNION ALL SELECT "ProcessInstanceKey" FROM signal_subscriptions WHERE "ElementInstanceKey" = $1
            LIMIT 1
            """, scopeKey);
        return await query.ExecuteScalarAsync(cancellationToken) is { } found and not DBNull ? Convert.ToInt64(found, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private async Task<(string Kind, string TenantId, OutboxWork Work)?> ReadOutboxAsync(long outboxKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = _sql.Command(connection, """SELECT "Kind", "TenantId", "Payload" FROM outbox WHERE "Key" = $1""", outboxKey);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetString(0), reader.GetString(1), OutboxWork.Deserialize(reader.GetString(2)))
            : null;
    }

    private async Task<bool> OutboxExistsAsync(DbConnection connection, long outboxKey, CancellationToken cancellationToken)
    {
        await using var query = _sql.Command(connection, """SELECT 1 FROM outbox WHERE "Key" = $1""", outboxKey);
        return await query.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task DeleteOutboxAsync(long outboxKey, CancellationToken cancellationToken)
    {
        await using (await EnterAsync(cancellationToken))
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var delete = _sql.Command(connection, """DELETE FROM outbox WHERE "Key" = $1""", outboxKey);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task RecordOutboxFailureAsync(long outboxKey, string error, CancellationToken cancellationToken)
    {
        try
        {
            await using (await EnterAsync(cancellationToken))
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken);
                await using var update = _sql.Command(connection,
                    """UPDATE outbox SET "Attempts" = "Attempts" + 1, "LastError" = $2 WHERE "Key" = $1""",
                    outboxKey, error.Length > 2000 ? error[..2000] : error);
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }
#pragma warning disable CA1031 // Only bookkeeping: the row stays and is tried again either way.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogDebug(ex, "Could not record the failure of outbox entry {OutboxKey}", outboxKey);
        }
    }
}
