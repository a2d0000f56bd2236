using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ProzessEngine.Core;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Entities;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

/// <summary>A command lost the optimistic-concurrency race more often than the retry budget allows (maps to HTTP 409/503).</summary>
public sealed class EngineConcurrencyException(string message, Exception inner) : Exception(message, inner);

/// <summary>What a committed command changed, for listeners that act after commit (timer scheduling, waiting clients).</summary>
public sealed record CommittedCommand(long ProcessInstanceKey, string Command, InstanceStatus Status, IReadOnlyList<EngineIntent> Intents);

public interface ICommandListener
{
    void OnCommitted(CommittedCommand command);
}

public sealed record StartedInstance(long ProcessInstanceKey, long DefinitionKey, string ProcessId, int Version, string TenantId, InstanceStatus Status);

/// <summary>
/// Runs every command in one transaction: load the instance, run it until every token waits, write state, tasks,
/// timers, jobs, incidents and the journal together; retry a bounded number of times when another command won the race.
/// </summary>
public sealed class InstanceCommands(
    EngineDatabase database,
    DefinitionCache definitions,
    ProcessRuntime runtime,
    IEnumerable<ICommandListener> listeners,
    ILogger<InstanceCommands> logger)
{
    public const int MaxAttempts = 5;
    private readonly ICommandListener[] _listeners = [.. listeners];

    public async Task<StartedInstance> StartAsync(string? processId, int? version, long? definitionKey, string tenantId,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor, CancellationToken cancellationToken = default)
    {
        var process = await ResolveDefinitionAsync(processId, version, definitionKey, tenantId, cancellationToken);
        var result = runtime.StartInstance(process, variables, actor);
        var state = result.Instance;

        await using (await EnterAsync(cancellationToken))
        {
            await using var context = database.CreateContext();
            var entity = new ProcessInstanceEntity
            {
                Key = state.Key,
                DefinitionKey = process.Key,
                ProcessId = process.ProcessId,
                Version = process.Version,
                TenantId = process.TenantId,
                Status = "",
                StartedAt = state.StartedAt,
                State = [],
                JournalHash = JournalChain.Genesis,
            };
            context.ProcessInstances.Add(entity);
            await new IntentWriter(context, entity).ApplyAsync(result, cancellationToken);
            WriteState(entity, state);
            JournalChain.Append(context, entity, result.Command, result.Actor, result.At, result.Events);
            await context.SaveChangesAsync(cancellationToken);
        }

        Notify(result);
        return new StartedInstance(state.Key, process.Key, process.ProcessId, process.Version, process.TenantId, state.Status);
    }

    public async Task CompleteUserTaskAsync(long userTaskKey, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor,
        CancellationToken cancellationToken = default)
    {
        var instanceKey = await InstanceOfTaskAsync(userTaskKey, requireOpen: true, cancellationToken);
        await ExecuteAsync(instanceKey, (process, state) => runtime.CompleteUserTask(process, state, userTaskKey, variables, actor), cancellationToken);
    }

    public async Task FireTimerAsync(long timerKey, CancellationToken cancellationToken = default)
    {
        long instanceKey;
        await using (var context = database.CreateContext())
        {
            var timer = await context.Timers.AsNoTracking().Where(t => t.Key == timerKey).Select(t => (long?)t.ProcessInstanceKey)
                .SingleOrDefaultAsync(cancellationToken);
            if (timer is null)
            {
                // Already fired (by this or another node) or withdrawn: firing again must change nothing.
                return;
            }

            instanceKey = timer.Value;
        }

        await ExecuteAsync(instanceKey, (process, state) => runtime.FireTimer(process, state, timerKey), cancellationToken,
            requireTimer: timerKey);
    }

    public async Task CompleteJobAsync(long jobKey, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor,
        CancellationToken cancellationToken = default)
    {
        var instanceKey = await InstanceOfJobAsync(jobKey, cancellationToken);
        await ExecuteAsync(instanceKey, (process, state) => runtime.CompleteJob(process, state, jobKey, variables, actor), cancellationToken);
    }

    public async Task FailJobAsync(long jobKey, int retriesLeft, string message, CommandActor actor, CancellationToken cancellationToken = default)
    {
        var instanceKey = await InstanceOfJobAsync(jobKey, cancellationToken);
        await ExecuteAsync(instanceKey, (process, state) => runtime.FailJob(process, state, jobKey, retriesLeft, message, actor), cancellationToken);
    }

    public Task CancelAsync(long processInstanceKey, CommandActor actor, CancellationToken cancellationToken = default) =>
        ExecuteAsync(processInstanceKey, (process, state) => runtime.Cancel(process, state, actor), cancellationToken);

    public async Task ResolveIncidentAsync(long incidentKey, CommandActor actor, CancellationToken cancellationToken = default)
    {
        long instanceKey;
        await using (var context = database.CreateContext())
        {
            var incident = await context.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Key == incidentKey, cancellationToken)
                ?? throw new EngineNotFoundException($"Incident {incidentKey} does not exist.");
            if (incident.State != IncidentStates.Active)
            {
                throw new EngineConflictException($"Incident {incidentKey} is already resolved.");
            }

            instanceKey = incident.ProcessInstanceKey;
        }

        await ExecuteAsync(instanceKey, (process, state) => runtime.ResolveIncident(process, state, incidentKey, actor), cancellationToken);
    }

    /// <summary>Claims a task for <paramref name="assignee"/>; fails with a conflict when someone else holds it and override is not allowed.</summary>
    public async Task AssignUserTaskAsync(long userTaskKey, string assignee, bool allowOverride, CommandActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assignee);
        var instanceKey = await InstanceOfTaskAsync(userTaskKey, requireOpen: true, cancellationToken);
        await ExecuteUserActionAsync(instanceKey, "assign-user-task", actor, async context =>
        {
            var task = await OpenTaskAsync(context, userTaskKey, cancellationToken);
            if (task.Assignee is not null && task.Assignee != assignee && !allowOverride)
            {
                throw new EngineConflictException($"User task {userTaskKey} is already assigned to '{task.Assignee}'.");
            }

            var previous = task.Assignee;
            task.Assignee = assignee;
            return new JournalEvent(JournalEventKind.UserTaskAssigned, task.ElementId, task.ElementInstanceKey,
                previous is null ? assignee : $"{previous} -> {assignee}");
        }, cancellationToken);
    }

    public async Task UnassignUserTaskAsync(long userTaskKey, CommandActor actor, CancellationToken cancellationToken = default)
    {
        var instanceKey = await InstanceOfTaskAsync(userTaskKey, requireOpen: true, cancellationToken);
        await ExecuteUserActionAsync(instanceKey, "unassign-user-task", actor, async context =>
        {
            var task = await OpenTaskAsync(context, userTaskKey, cancellationToken);
            var previous = task.Assignee;
            task.Assignee = null;
            return new JournalEvent(JournalEventKind.UserTaskUnassigned, task.ElementId, task.ElementInstanceKey, previous);
        }, cancellationToken);
    }

    // ---------------------------------------------------------------- execution

    private async Task ExecuteAsync(long instanceKey, Func<DeployedProcess, ProcessInstanceState, ExecutionResult> command,
        CancellationToken cancellationToken, long? requireTimer = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            ExecutionResult result;
            try
            {
                await using (await EnterAsync(cancellationToken))
                {
                    await using var context = database.CreateContext();
                    if (requireTimer is { } timerKey && !await context.Timers.AnyAsync(t => t.Key == timerKey, cancellationToken))
                    {
                        return;
                    }

                    var entity = await LoadInstanceAsync(context, instanceKey, cancellationToken);
                    var process = await definitions.GetAsync(entity.DefinitionKey, cancellationToken);
                    var state = InstanceStateSerializer.Deserialize(entity.State);
                    result = command(process, state);
                    await new IntentWriter(context, entity).ApplyAsync(result, cancellationToken);
                    WriteState(entity, result.Instance);
                    entity.Revision++;
                    JournalChain.Append(context, entity, result.Command, result.Actor, result.At, result.Events);
                    await context.SaveChangesAsync(cancellationToken);
                }
            }
            catch (DbUpdateException ex) when (ConcurrencyConflicts.IsConflict(ex))
            {
                if (attempt >= MaxAttempts)
                {
                    throw new EngineConcurrencyException(
                        $"Process instance {instanceKey} was changed concurrently {MaxAttempts} times in a row; the command was not applied. Try again.", ex);
                }

                logger.LogDebug("Concurrent change of instance {InstanceKey}, attempt {Attempt}; retrying", instanceKey, attempt);
                continue;
            }

            Notify(result);
            return;
        }
    }

    private async Task ExecuteUserActionAsync(long instanceKey, string command, CommandActor actor,
        Func<EngineDbContext, Task<JournalEvent>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using (await EnterAsync(cancellationToken))
                {
                    await using var context = database.CreateContext();
                    var entity = await LoadInstanceAsync(context, instanceKey, cancellationToken);
                    var journalEvent = await action(context);
                    entity.Revision++;
                    JournalChain.Append(context, entity, command, actor, runtime.Services.Clock.GetUtcNow(), [journalEvent]);
                    await context.SaveChangesAsync(cancellationToken);
                    return;
                }
            }
            catch (DbUpdateException ex) when (ConcurrencyConflicts.IsConflict(ex) && attempt < MaxAttempts)
            {
                logger.LogDebug(ex, "Concurrent change of instance {InstanceKey} during {Command}; retrying", instanceKey, command);
            }
        }
    }

    private static async Task<ProcessInstanceEntity> LoadInstanceAsync(EngineDbContext context, long instanceKey, CancellationToken cancellationToken) =>
        await context.ProcessInstances.SingleOrDefaultAsync(i => i.Key == instanceKey, cancellationToken)
            ?? throw new EngineNotFoundException($"Process instance {instanceKey} does not exist.");

    private static async Task<UserTaskEntity> OpenTaskAsync(EngineDbContext context, long userTaskKey, CancellationToken cancellationToken)
    {
        var task = await context.UserTasks.SingleOrDefaultAsync(t => t.Key == userTaskKey, cancellationToken)
            ?? throw new EngineNotFoundException($"User task {userTaskKey} does not exist.");
        return task.State == UserTaskStates.Created
            ? task
            : throw new EngineConflictException($"User task {userTaskKey} is {task.State.ToLowerInvariant()}, not open.");
    }

    private static void WriteState(ProcessInstanceEntity entity, ProcessInstanceState state)
    {
        entity.State = InstanceStateSerializer.Serialize(state);
        entity.Status = InstanceStatuses.From(state.Status);
        entity.EndedAt = state.EndedAt;
        entity.HasIncident = state.HasIncident;
    }

    private async Task<long> InstanceOfTaskAsync(long userTaskKey, bool requireOpen, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        var task = await context.UserTasks.AsNoTracking().Where(t => t.Key == userTaskKey)
            .Select(t => new { t.ProcessInstanceKey, t.State }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new EngineNotFoundException($"User task {userTaskKey} does not exist.");
        if (requireOpen && task.State != UserTaskStates.Created)
        {
            throw new EngineConflictException($"User task {userTaskKey} is {task.State.ToLowerInvariant()}, not open.");
        }

        return task.ProcessInstanceKey;
    }

    private async Task<long> InstanceOfJobAsync(long jobKey, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        return await context.Jobs.AsNoTracking().Where(j => j.Key == jobKey).Select(j => (long?)j.ProcessInstanceKey)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new EngineNotFoundException($"Job {jobKey} does not exist or is no longer active.");
    }

    private async Task<DeployedProcess> ResolveDefinitionAsync(string? processId, int? version, long? definitionKey, string tenantId,
        CancellationToken cancellationToken)
    {
        if (definitionKey is { } key)
        {
            var byKey = await definitions.GetAsync(key, cancellationToken);
            return byKey.TenantId == tenantId ? byKey : throw new EngineNotFoundException($"Process definition {key} does not exist.");
        }

        if (string.IsNullOrWhiteSpace(processId))
        {
            throw new ArgumentException("Either processDefinitionId or processDefinitionKey is required.", nameof(processId));
        }

        await using var context = database.CreateContext();
        var query = context.ProcessDefinitions.AsNoTracking().Where(d => d.TenantId == tenantId && d.ProcessId == processId);
        query = version is { } v ? query.Where(d => d.Version == v) : query.OrderByDescending(d => d.Version);
        var found = await query.Select(d => (long?)d.Key).FirstOrDefaultAsync(cancellationToken)
            ?? throw new EngineNotFoundException(version is null
                ? $"No process with id '{processId}' is deployed."
                : $"Process '{processId}' has no version {version}.");
        return await definitions.GetAsync(found, cancellationToken);
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

    private void Notify(ExecutionResult result)
    {
        var committed = new CommittedCommand(result.Instance.Key, result.Command, result.Instance.Status, result.Intents);
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
