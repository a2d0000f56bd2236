using System.Data.Common;
using Microsoft.Extensions.Logging;
using ProzessEngine.Core;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

/// <summary>A command lost the optimistic-concurrency race more often than the retry budget allows (maps to HTTP 409).</summary>
public sealed class EngineConcurrencyException(string message, Exception inner) : Exception(message, inner);

/// <summary>What a committed command changed, for listeners that act after commit (timer scheduling, waiting clients).</summary>
public sealed record CommittedCommand(long ProcessInstanceKey, string Command, InstanceStatus Status, IReadOnlyList<EngineIntent> Intents);

public interface ICommandListener
{
    void OnCommitted(CommittedCommand command);
}

public sealed record StartedInstance(long ProcessInstanceKey, long DefinitionKey, string ProcessId, int Version, string TenantId, InstanceStatus Status);

/// <summary>
/// Runs every command in one transaction: read the instance row (with the task, job, timer or incident it is addressed
/// by, in one query), run it until every token waits, and write state, tasks, timers, jobs, incidents and the journal
/// together. On PostgreSQL the write is one batch, so a straight-through instance costs one round trip. A command that
/// loses the race against another command on the same instance reads again and retries a bounded number of times.
/// </summary>
public sealed partial class InstanceCommands(
    EngineDatabase database,
    DefinitionCache definitions,
    ProcessRuntime runtime,
    IEnumerable<ICommandListener> listeners,
    ILogger<InstanceCommands> logger)
{
    public const int MaxAttempts = 5;
    private readonly ICommandListener[] _listeners = [.. listeners];
    private readonly SqlDialect _sql = database.Dialect;

    public async Task<StartedInstance> StartAsync(string? processId, int? version, long? definitionKey, string tenantId,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (process, latestGuard) = await ResolveDefinitionAsync(processId, version, definitionKey, tenantId, cancellationToken);
            var result = runtime.StartInstance(process, variables, actor);
            IReadOnlyList<long> outbox;
            try
            {
                await using (await EnterAsync(cancellationToken))
                {
                    await using var connection = await database.OpenConnectionAsync(cancellationToken);
                    var write = InstanceWrite.ForNewInstance(_sql, process, result, latestGuard, NextKey);
                    await _sql.ExecuteAsync(connection, write.Statements, cancellationToken);
                    outbox = write.OutboxKeys;
                }
            }
            catch (StaleWriteException ex) when (latestGuard is not null)
            {
                // Another node deployed a newer version since this node cached the latest one.
                definitions.ForgetLatest(tenantId, process.ProcessId);
                if (attempt >= MaxAttempts)
                {
                    throw new EngineConcurrencyException($"Process '{process.ProcessId}' is being deployed right now; try again.", ex);
                }

                continue;
            }

            Notify(result);
            await CarryOutAsync(outbox, cancellationToken);
            var state = result.Instance;
            return new StartedInstance(state.Key, process.Key, process.ProcessId, process.Version, process.TenantId, state.Status);
        }
    }

    public Task CompleteUserTaskAsync(long userTaskKey, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor,
        CancellationToken cancellationToken = default) =>
        CompleteUserTaskAsync(userTaskKey, variables, null, actor, cancellationToken);

    /// <summary>Fires a timer; a timer that already fired (here or on another node) or was withdrawn changes nothing.</summary>
    public Task FireTimerAsync(long timerKey, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            connection => LoadThroughAsync(connection, """timers t""", timerKey, null, null, null, cancellationToken),
            (process, state) => runtime.FireTimer(process, state, timerKey),
            cancellationToken,
            firedTimer: timerKey);

    /// <summary>
    /// Fires a claimed timer, starting from the instance read at the claim; if that read is stale (the write's revision
    /// check fails) the retry reads the instance again, as any command does.
    /// </summary>
    public Task FireTimerAsync(ClaimedTimer timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var preloaded = timer.Instance;
        return preloaded is null ? FireTimerOrStartTimerAsync(timer.TimerKey, cancellationToken) : ExecuteAsync(
            connection =>
            {
                if (Interlocked.Exchange(ref preloaded, null) is { } row)
                {
                    return Task.FromResult<InstanceRow?>(row);
                }

                return LoadThroughAsync(connection, """timers t""", timer.TimerKey, null, null, null, cancellationToken);
            },
            (process, state) => runtime.FireTimer(process, state, timer.TimerKey),
            cancellationToken,
            firedTimer: timer.TimerKey);
    }

    public Task CompleteJobAsync(long jobKey, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor,
        CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            connection => LoadThroughAsync(connection, """jobs t""", jobKey, $"Job {jobKey} does not exist or is no longer active.", null, null,
                cancellationToken),
            (process, state) => runtime.CompleteJob(process, state, jobKey, variables, actor),
            cancellationToken);

    public Task FailJobAsync(long jobKey, int retriesLeft, string message, CommandActor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            connection => LoadThroughAsync(connection, """jobs t""", jobKey, $"Job {jobKey} does not exist or is no longer active.", null, null,
                cancellationToken),
            (process, state) => runtime.FailJob(process, state, jobKey, retriesLeft, message, actor),
            cancellationToken);

    public Task CancelAsync(long processInstanceKey, CommandActor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            connection => LoadInstanceAsync(connection, processInstanceKey, cancellationToken),
            (process, state) => runtime.Cancel(process, state, actor),
            cancellationToken);

    public Task ResolveIncidentAsync(long incidentKey, CommandActor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            connection => LoadThroughAsync(connection, """incidents t""", incidentKey, $"Incident {incidentKey} does not exist.", """t."State" """,
                state => state == IncidentStates.Active ? null : $"Incident {incidentKey} is already resolved.", cancellationToken),
            (process, state) => runtime.ResolveIncident(process, state, incidentKey, actor),
            cancellationToken);

    /// <summary>Claims a task for <paramref name="assignee"/>; fails with a conflict when someone else holds it and override is not allowed.</summary>
    public Task AssignUserTaskAsync(long userTaskKey, string assignee, bool allowOverride, CommandActor actor, CancellationToken cancellationToken = default) =>
        AssignUserTaskAsync(userTaskKey, assignee, allowOverride, null, actor, cancellationToken);

    /// <summary>Claims a task; with assigning listeners the task is ASSIGNING until they agree (<paramref name="action"/> is handed to them).</summary>
    public async Task AssignUserTaskAsync(long userTaskKey, string assignee, bool allowOverride, string? action, CommandActor actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assignee);
        if (await AssignThroughListenersAsync(userTaskKey, assignee, allowOverride, action, actor, cancellationToken))
        {
            return;
        }

        await ExecuteUserActionAsync(userTaskKey, "assign-user-task", actor, task =>
        {
            if (task.Assignee is not null && task.Assignee != assignee && !allowOverride)
            {
                throw new EngineConflictException($"User task {userTaskKey} is already assigned to '{task.Assignee}'.");
            }

            return (assignee, new JournalEvent(JournalEventKind.UserTaskAssigned, task.ElementId, task.ElementInstanceKey,
                task.Assignee is null ? assignee : $"{task.Assignee} -> {assignee}"));
        }, cancellationToken);
    }

    public async Task UnassignUserTaskAsync(long userTaskKey, CommandActor actor, CancellationToken cancellationToken = default)
    {
        if (await AssignThroughListenersAsync(userTaskKey, null, allowOverride: true, null, actor, cancellationToken))
        {
            return;
        }

        await ExecuteUserActionAsync(userTaskKey, "unassign-user-task", actor,
            task => (null, new JournalEvent(JournalEventKind.UserTaskUnassigned, task.ElementId, task.ElementInstanceKey, task.Assignee)),
            cancellationToken);
    }

    // ---------------------------------------------------------------- execution

    private async Task ExecuteAsync(Func<DbConnection, Task<InstanceRow?>> load, Func<DeployedProcess, ProcessInstanceState, ExecutionResult> command,
        CancellationToken cancellationToken, long? firedTimer = null)
    {
        var (_, outbox) = await ExecuteCoreAsync(load, command, cancellationToken, firedTimer);
        await CarryOutAsync(outbox, cancellationToken);
    }

    /// <summary>
    /// Runs one command in one transaction and returns its result (null when there was nothing to do) and the outbox rows
    /// it wrote. <paramref name="complete"/> adds statements that depend on the result (consuming an outbox row, a
    /// buffered message) to the same write.
    /// </summary>
    private async Task<(ExecutionResult? Result, IReadOnlyList<long> Outbox)> ExecuteCoreAsync(Func<DbConnection, Task<InstanceRow?>> load,
        Func<DeployedProcess, ProcessInstanceState, ExecutionResult> command, CancellationToken cancellationToken, long? firedTimer = null,
        Action<ExecutionResult, InstanceWrite>? complete = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            ExecutionResult result;
            IReadOnlyList<long> outbox;
            try
            {
                await using (await EnterAsync(cancellationToken))
                {
                    await using var connection = await database.OpenConnectionAsync(cancellationToken);
                    if (await load(connection) is not { } row)
                    {
                        // Only a timer or outbox work is looked up without complaint: it was carried out already (here or on another node).
                        return (null, []);
                    }

                    var process = await definitions.GetAsync(row.DefinitionKey, cancellationToken);
                    result = command(process, InstanceStateSerializer.Deserialize(row.State));
                    var write = InstanceWrite.ForExistingInstance(_sql, row, result, NextKey);
                    complete?.Invoke(result, write);
                    if (firedTimer is { } timerKey && !result.Intents.Any(i => i is TimerFired fired && fired.TimerKey == timerKey))
                    {
                        // The element no longer waits for this timer (the instance moved on without withdrawing the row):
                        // remove the row so that it never fires again.
                        write.DeleteTimer(timerKey);
                    }

                    await _sql.ExecuteAsync(connection, write.Statements, cancellationToken);
                    outbox = write.OutboxKeys;
                }
            }
            catch (StaleWriteException ex)
            {
                if (attempt >= MaxAttempts)
                {
                    throw new EngineConcurrencyException(
                        $"The process instance was changed concurrently {MaxAttempts} times in a row; the command was not applied. Try again.", ex);
                }

                logger.LogDebug("Concurrent change of a process instance, attempt {Attempt}; retrying", attempt);
                continue;
            }

            Notify(result);
            return (result, outbox);
        }
    }

    private long NextKey() => runtime.Services.Keys.NextKey();

    private async Task ExecuteUserActionAsync(long userTaskKey, string command, CommandActor actor,
        Func<OpenTask, (string? Assignee, JournalEvent Event)> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using (await EnterAsync(cancellationToken))
                {
                    await using var connection = await database.OpenConnectionAsync(cancellationToken);
                    await using var query = _sql.Command(connection,
                        $"""
                        SELECT t."State", t."Assignee", t."ElementId", t."ElementInstanceKey", {InstanceRow.Columns}
                        FROM user_tasks t JOIN process_instances i ON i."Key" = t."ProcessInstanceKey" WHERE t."Key" = $1
                        """, userTaskKey);
                    OpenTask task;
                    InstanceRow row;
                    await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
                    {
                        if (!await reader.ReadAsync(cancellationToken))
                        {
                            throw new EngineNotFoundException($"User task {userTaskKey} does not exist.");
                        }

                        var state = reader.GetString(0);
                        if (state != UserTaskStates.Created)
                        {
                            throw new EngineConflictException($"User task {userTaskKey} is {state.ToLowerInvariant()}, not open.");
                        }

                        task = new OpenTask(reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetInt64(3));
                        row = InstanceRow.Read(reader, 4);
                    }

                    var (assignee, journalEvent) = action(task);
                    var change = new Statement("""UPDATE user_tasks SET "Assignee" = $2 WHERE "Key" = $1""", [userTaskKey, assignee]);
                    var write = InstanceWrite.ForUserAction(_sql, row, command, actor, runtime.Services.Clock.GetUtcNow(), journalEvent, change);
                    await _sql.ExecuteAsync(connection, write.Statements, cancellationToken);
                    return;
                }
            }
            catch (StaleWriteException ex)
            {
                if (attempt >= MaxAttempts)
                {
                    throw new EngineConcurrencyException($"User task {userTaskKey} was changed concurrently {MaxAttempts} times in a row; try again.", ex);
                }

                logger.LogDebug("Concurrent change during {Command}, attempt {Attempt}; retrying", command, attempt);
            }
        }
    }

    private async Task<InstanceRow?> LoadInstanceAsync(DbConnection connection, long instanceKey, CancellationToken cancellationToken)
    {
        await using var query = _sql.Command(connection, $"""SELECT {InstanceRow.Columns} FROM process_instances i WHERE i."Key" = $1""", instanceKey);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? InstanceRow.Read(reader)
            : throw new EngineNotFoundException($"Process instance {instanceKey} does not exist.");
    }

    /// <summary>
    /// Reads the instance through the row that addresses the command (task, job, timer, incident) in one query. A missing
    /// row is not found (or, with no message, simply nothing to do); <paramref name="refuse"/> turns the row's state into
    /// a conflict.
    /// </summary>
    private async Task<InstanceRow?> LoadThroughAsync(DbConnection connection, string table, long key, string? notFound, string? stateColumn,
        Func<string, string?>? refuse, CancellationToken cancellationToken)
    {
        var columns = stateColumn is null ? InstanceRow.Columns : $"{InstanceRow.Columns}, {stateColumn}";
        await using var query = _sql.Command(connection,
            $"""SELECT {columns} FROM {table} JOIN process_instances i ON i."Key" = t."ProcessInstanceKey" WHERE t."Key" = $1""", key);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return notFound is null ? null : throw new EngineNotFoundException(notFound);
        }

        if (refuse is not null && refuse(reader.GetString(InstanceRow.ColumnCount)) is { } conflict)
        {
            throw new EngineConflictException(conflict);
        }

        return InstanceRow.Read(reader);
    }

    private async Task<(DeployedProcess Process, int? LatestGuard)> ResolveDefinitionAsync(string? processId, int? version, long? definitionKey,
        string tenantId, CancellationToken cancellationToken)
    {
        if (definitionKey is { } key)
        {
            var byKey = await definitions.GetAsync(key, cancellationToken);
            return byKey.TenantId == tenantId ? (byKey, null) : throw new EngineNotFoundException($"Process definition {key} does not exist.");
        }

        if (string.IsNullOrWhiteSpace(processId))
        {
            throw new ArgumentException("Either processDefinitionId or processDefinitionKey is required.", nameof(processId));
        }

        if (version is { } v)
        {
            return (await definitions.GetVersionAsync(tenantId, processId, v, cancellationToken), null);
        }

        // The latest version comes from this node's cache; the write checks that no newer one was deployed meanwhile.
        var latest = await definitions.GetLatestAsync(tenantId, processId, cancellationToken);
        return (latest, latest.Version);
    }

    private async Task<IAsyncDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (database.WriteGate is not { } gate)
        {
            return NoGate.Instance;
        }

        await gate.WaitAsync(cancellationToken);
        return new GateRelease(gate);
    }

    /// <param name="nextStartTimer">The next timer of a fired start timer's cycle, written beside the new instance.</param>
    private void Notify(ExecutionResult result, TimerScheduled? nextStartTimer = null)
    {
        if (_listeners.Length == 0)
        {
            return;
        }

        var committed = new CommittedCommand(result.Instance.Key, result.Command, result.Instance.Status,
            nextStartTimer is null ? result.Intents : [.. result.Intents, nextStartTimer]);
        foreach (var listener in _listeners)
        {
            try
            {
                listener.OnCommitted(committed);
            }
#pragma warning disable CA1031 // A listener's failure must not turn a committed command into an error for the caller.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Listener {Listener} failed after command {Command} on instance {InstanceKey}",
                    listener.GetType().Name, result.Command, result.Instance.Key);
            }
        }
    }

    private sealed record OpenTask(string? Assignee, string ElementId, long ElementInstanceKey);

    private sealed class NoGate : IAsyncDisposable
    {
        public static readonly NoGate Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class GateRelease(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
