using ProzessEngine.Core;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Routing;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Routing;

/// <summary>
/// Instances that start at an event rather than by a request: a timer start event's row firing, a message or signal
/// delivered to a start event, and conditional start events. Which start events a trigger reaches is decided by
/// <see cref="MessageRouting"/>, <see cref="SignalRouting"/> and <see cref="StartEventRouting"/>; every event-started
/// instance is written by <see cref="CommandRunner.InsertAsync"/>.
/// </summary>
internal sealed class StartEvents(CommandRunner runner, OutboxCommands outbox)
{
    /// <summary>The latest version of every process of the tenant, in the order they were first deployed (read from the database: another node may have deployed).</summary>
    public async Task<IReadOnlyList<DeployedProcess>> LatestVersionsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var keys = await runner.ReadAsync(connection => DefinitionStore.LatestVersionsAsync(runner.Sql, connection, tenantId, cancellationToken),
            cancellationToken);
        var processes = new List<DeployedProcess>(keys.Count);
        foreach (var key in keys)
        {
            processes.Add(await runner.Definitions.GetAsync(key, cancellationToken));
        }

        return processes;
    }

    /// <summary>A message or signal delivered to a start event: the new instance gets the key chosen when the delivery was written.</summary>
    public async Task<IReadOnlyList<long>> StartAtEventAsync(OutboxEntry entry, IReadOnlyList<KeyValuePair<string, FeelValue>> variables,
        CancellationToken cancellationToken)
    {
        var process = await runner.Definitions.GetAsync(entry.Work.DefinitionKey!.Value, cancellationToken);
        var delivery = new DeliveryToStartEvent(process, entry.Work.ElementId!);
        return await outbox.StartNewAsync(entry.Key, process,
            () => delivery.Start(runner.Runtime, variables, CommandActor.Engine, entry.Work.TargetInstanceKey, entry.Work.Depth), cancellationToken);
    }

    /// <summary>
    /// Starts an instance at every conditional start event whose condition holds, one after the other; each start's
    /// outbox rows are handed to <paramref name="carryOut"/> before the next.
    /// </summary>
    public async Task<IReadOnlyList<StartedInstance>> StartConditionalAsync(IReadOnlyList<KeyValuePair<string, FeelValue>> variables, string? processId,
        string tenantId, CommandActor actor, Func<IReadOnlyList<long>, CancellationToken, Task> carryOut, CancellationToken cancellationToken)
    {
        var started = new List<StartedInstance>();
        foreach (var start in StartEventRouting.ConditionalStarts(await LatestVersionsAsync(tenantId, cancellationToken), variables, processId))
        {
            var process = start.Process;
            var (result, rows) = (await runner.Retry.ExecuteAsync($"Starting process '{process.ProcessId}' at '{start.StartEventId}'",
                () => runner.InsertAsync(process, () => start.Start(runner.Runtime, variables, actor), null, null, cancellationToken)))!.Value;
            runner.Notify(result);
            await carryOut(rows, cancellationToken);
            started.Add(new StartedInstance(result.Instance.Key, process.Key, process.ProcessId, process.Version, process.TenantId, result.Instance.Status));
        }

        return started;
    }

    /// <summary>
    /// Fires the row of a timer start event: starts an instance and writes the cycle's next timer in one transaction.
    /// Returns the outbox rows to carry out; null when the row is no start timer (or none at all).
    /// </summary>
    public async Task<IReadOnlyList<long>?> FireStartTimerAsync(long timerKey, CancellationToken cancellationToken)
    {
        if (await runner.ReadAsync(connection => DefinitionStore.StartTimerAsync(runner.Sql, connection, timerKey, cancellationToken), cancellationToken)
            is not { } timer)
        {
            return null;
        }

        var process = await runner.Definitions.GetAsync(timer.DefinitionKey, cancellationToken);
        var firing = runner.Runtime.FireStartTimer(process, timer.Schedule, CommandActor.Engine);
        var next = firing.Next is { } schedule ? new TimerScheduled(runner.NextKey(), process.Key, schedule.ElementId, schedule.DueAt) : null;
        try
        {
            var (_, rows) = (await runner.InsertAsync(process, () => firing.Result, null, write =>
            {
                write.Add(DefinitionStore.ConsumeStartTimer(runner.Sql, timerKey));
                if (next is not null)
                {
                    write.Add(DefinitionStore.StartTimerInsert(runner.Sql, next.TimerKey, process, firing.Next!, runner.Now));
                }
            }, cancellationToken))!.Value;
            runner.Notify(firing.Result, next);
            return rows;
        }
        catch (Exception ex) when (ConflictRetry.IsConflict(ex))
        {
            // Fired on another node (or the process was redeployed meanwhile): nothing to do. Any other lost race leaves
            // the row, and the timer fires again.
            return [];
        }
    }
}
