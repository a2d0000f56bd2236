using Microsoft.Extensions.Logging;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Routing;

/// <summary>
/// Carries out outbox rows: right after the commit that wrote them (up to a budget, on the same node), and in the
/// sweep for rows left behind. Each kind of row has one handler, listed in <see cref="Kinds"/>; a handler carries out
/// its row by a command that consumes it, and returns the rows that command wrote in turn.
/// </summary>
internal sealed class OutboxDispatcher
{
    private readonly CommandRunner _runner;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Func<OutboxEntry, CancellationToken, Task<IReadOnlyList<long>>>> _kinds;

    public OutboxDispatcher(CommandRunner runner, CallActivityRouter calls, MessageRouter messages, SignalRouter signals, ContinuationRouter continuations,
        ILogger logger)
    {
        _runner = runner;
        _logger = logger;
        _kinds = Kinds(calls, messages, signals, continuations);
    }

    /// <summary>Rows carried out right after a commit; the sweep takes over the rest. Zero leaves everything to the sweep.</summary>
    public int InlineBudget { get; set; } = 200;

    /// <summary>Every kind of outbox row and who carries it out: add a kind here.</summary>
    private static Dictionary<string, Func<OutboxEntry, CancellationToken, Task<IReadOnlyList<long>>>> Kinds(CallActivityRouter calls,
        MessageRouter messages, SignalRouter signals, ContinuationRouter continuations) => new(StringComparer.Ordinal)
        {
            [OutboxKinds.StartChild] = calls.StartChildAsync,
            [OutboxKinds.ChildCompleted] = calls.ParentChildAsync,
            [OutboxKinds.ChildError] = calls.ParentChildAsync,
            [OutboxKinds.ChildEscalation] = calls.ParentChildAsync,
            [OutboxKinds.CancelChild] = calls.ParentChildAsync,
            [OutboxKinds.PublishMessage] = messages.PublishedAsync,
            [OutboxKinds.DeliverMessage] = messages.DeliverAsync,
            [OutboxKinds.MatchBufferedMessage] = messages.MatchBufferedAsync,
            [OutboxKinds.MatchWaitingSubscription] = messages.MatchWaitingAsync,
            [OutboxKinds.BroadcastSignal] = signals.BroadcastAsync,
            [OutboxKinds.DeliverSignal] = signals.DeliverAsync,
            [OutboxKinds.ContinueInstance] = continuations.ContinueAsync,
        };

    /// <summary>
    /// Carries out <paramref name="outboxKeys"/> and what they lead to, breadth first, up to the budget. A row that fails
    /// stays for the sweep; the command that wrote it has committed and stays a success for its caller.
    /// </summary>
    public async Task<int> CarryOutAsync(IReadOnlyList<long> outboxKeys, CancellationToken cancellationToken)
    {
        if (outboxKeys.Count == 0)
        {
            return 0;
        }

        var queue = new Queue<long>(outboxKeys);
        var done = 0;
        while (done < InlineBudget && queue.TryDequeue(out var key))
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
                _logger.LogDebug("Carrying out the outbox stopped by cancellation; {Left} entries are left to the sweep", queue.Count + 1);
                break;
            }
#pragma warning disable CA1031 // The command that wrote the row has committed; a failure here is retried by the sweep, not reported to its caller.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogWarning(ex, "Outbox entry {OutboxKey} could not be carried out; the outbox sweep tries again", key);
                await RecordFailureAsync(key, ex.Message);
            }
        }

        return done;
    }

    /// <summary>
    /// Carries out rows older than <paramref name="olderThan"/> (left behind by a node that died or by a request that ran
    /// out of budget) and drops buffered messages whose time to live ended. Returns how many rows it carried out.
    /// </summary>
    public async Task<int> SweepAsync(TimeSpan olderThan, int limit, CancellationToken cancellationToken)
    {
        var now = _runner.Now;
        await _runner.WriteAsync(connection => SubscriptionStore.DeleteExpiredAsync(_runner.Sql, connection, now, cancellationToken), cancellationToken);
        await _runner.WriteAsync(connection => IdempotencyStore.ForgetExpiredAsync(_runner.Sql, connection, now, limit, cancellationToken), cancellationToken);
        var keys = await _runner.ReadAsync(connection => OutboxStore.WrittenBeforeAsync(_runner.Sql, connection, now - olderThan, limit, cancellationToken),
            cancellationToken);
        return await CarryOutAsync(keys, cancellationToken);
    }

    private async Task<IReadOnlyList<long>> CarryOutOneAsync(long outboxKey, CancellationToken cancellationToken)
    {
        if (await _runner.ReadAsync(connection => OutboxStore.ReadAsync(_runner.Sql, connection, outboxKey, cancellationToken), cancellationToken)
            is not { } entry)
        {
            return [];
        }

        return _kinds.TryGetValue(entry.Kind, out var carryOut)
            ? await carryOut(entry, cancellationToken)
            : throw new InvalidOperationException($"Unknown outbox entry kind '{entry.Kind}'.");
    }

    private async Task RecordFailureAsync(long outboxKey, string error)
    {
        try
        {
            await _runner.WriteAsync(connection => OutboxStore.RecordFailureAsync(_runner.Sql, connection, outboxKey, error, CancellationToken.None),
                CancellationToken.None);
        }
#pragma warning disable CA1031 // Only bookkeeping: the row stays and is tried again either way.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogDebug(ex, "Could not record the failure of outbox entry {OutboxKey}", outboxKey);
        }
    }
}
