using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using ProzessEngine.Core;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.Routing;
using ProzessEngine.Core.State;
using ProzessEngine.Core.Tasks;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Routing;
using ProzessEngine.Persistence.Stores;
using ProzessEngine.Persistence.Telemetry;

namespace ProzessEngine.Persistence;

/// <summary>What a committed command changed, for listeners that act after commit (timer scheduling, waiting clients).</summary>
public sealed record CommittedCommand(long ProcessInstanceKey, string Command, InstanceStatus Status, IReadOnlyList<EngineIntent> Intents);

public interface ICommandListener
{
    void OnCommitted(CommittedCommand command);
}

public sealed record StartedInstance(long ProcessInstanceKey, long DefinitionKey, string ProcessId, int Version, string TenantId, InstanceStatus Status);

/// <summary>A message the API correlated: its key and the instance that received it (or was started by it).</summary>
public sealed record CorrelatedMessage(long MessageKey, long ProcessInstanceKey);

/// <summary>
/// The commands of the engine. Each runs in one transaction: read the instance row (with the task, job, timer or
/// incident it is addressed by, in one query), run it until every token waits, and write state, tasks, timers, jobs,
/// incidents and the journal together. On PostgreSQL the write is one batch, so a straight-through instance costs one
/// round trip. A command that loses the race against another reads again and retries (<see cref="ConflictRetry"/>).
/// A command never changes another instance in its own transaction: what it asks of others becomes outbox rows,
/// carried out right after commit by the routing collaborators (Routing/), each by a command that consumes its row.
/// </summary>
public sealed partial class InstanceCommands
{
    private readonly CommandRunner _runner;
    private readonly StartEvents _starts;
    private readonly MessageRouter _messages;
    private readonly SignalRouter _signals;
    private readonly OutboxDispatcher _outbox;

    /// <param name="metrics">The host's meter; without one (tests, benchmarks) a meter of the engine's own.</param>
    public InstanceCommands(EngineDatabase database, DefinitionCache definitions, ProcessRuntime runtime, IEnumerable<ICommandListener> listeners,
        ILogger<InstanceCommands> logger, EngineMetrics? metrics = null)
    {
        _runner = new CommandRunner(database, definitions, runtime, listeners, logger, new CommandTelemetry(metrics ?? EngineMetrics.Standalone));
        var consuming = new OutboxCommands(_runner);
        _starts = new StartEvents(_runner, consuming);
        _messages = new MessageRouter(_runner, consuming, _starts, logger);
        _signals = new SignalRouter(_runner, consuming, _starts);
        _outbox = new OutboxDispatcher(_runner, new CallActivityRouter(_runner, consuming), _messages, _signals,
            new ContinuationRouter(_runner, consuming), logger);
    }

    /// <summary>Camunda 8's default time to live of a published message.</summary>
    public static readonly TimeSpan DefaultMessageTimeToLive = TimeSpan.FromHours(1);

    /// <summary>
    /// Outbox rows one command carries out right after its commit; the sweep takes over the rest (e.g. a process that
    /// calls itself forever). Zero leaves everything to the sweep, as if the node died right after each commit.
    /// </summary>
    public int InlineOutboxBudget
    {
        get => _outbox.InlineBudget;
        init => _outbox.InlineBudget = value;
    }

    private SqlDialect Sql => _runner.Sql;

    private ProcessRuntime Runtime => _runner.Runtime;

    // ---------------------------------------------------------------- starting instances

    public Task<StartedInstance> StartAsync(string? processId, int? version, long? definitionKey, string tenantId,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor, CancellationToken cancellationToken = default) =>
        StartAsync(processId, version, definitionKey, tenantId, variables, actor, null, cancellationToken);

    /// <param name="checkVariables">
    /// Checks the variables against the version that is started, once it is known, and gives those to start with (the
    /// start form's validation); it throws to refuse the start.
    /// </param>
    public Task<StartedInstance> StartAsync(string? processId, int? version, long? definitionKey, string tenantId,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor, StartVariablesCheck? checkVariables,
        CancellationToken cancellationToken = default) =>
        Measured("start-instance", async () => (await StartCoreAsync(processId, version, definitionKey, tenantId, variables, actor, checkVariables, null,
            null, cancellationToken)).Started!);

    /// <summary>
    /// Starts an instance, or (with <paramref name="claim"/>) gives the answer of the earlier start with the same
    /// Idempotency-Key. <paramref name="answer"/> makes the answer from the started instance before the write, which keeps
    /// it with the instance in one transaction.
    /// </summary>
    private async Task<(StartedInstance? Started, IdempotentAnswer? Answer, bool Replayed)> StartCoreAsync(string? processId, int? version,
        long? definitionKey, string tenantId, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor,
        StartVariablesCheck? checkVariables, IdempotencyClaim? claim, Func<StartedInstance, IdempotentAnswer>? answer, CancellationToken cancellationToken)
    {
        (StartedInstance Started, ExecutionResult Result, IReadOnlyList<long> Outbox, IdempotentAnswer? Answer) done;
        try
        {
            done = await _runner.Retry.ExecuteAsync(
                $"Starting process '{processId ?? definitionKey?.ToString(CultureInfo.InvariantCulture)}'",
                async () =>
                {
                    var (process, latestGuard) = await ResolveDefinitionAsync(processId, version, definitionKey, tenantId, cancellationToken);
                    var admitted = checkVariables is null ? variables : await checkVariables(process, variables, cancellationToken);
                    var result = Runtime.StartInstance(process, admitted, actor);
                    var started = new StartedInstance(result.Instance.Key, process.Key, process.ProcessId, process.Version, process.TenantId,
                        result.Instance.Status);
                    var given = answer?.Invoke(started);
                    await using (await _runner.EnterAsync(cancellationToken))
                    {
                        await using var connection = await _runner.Database.OpenConnectionAsync(cancellationToken);
                        var now = _runner.Now;
                        if (claim is not null)
                        {
                            // The same read on every attempt: a request that lost the race for the key finds the winner's answer.
                            await IdempotencyStore.ThrowIfAnsweredAsync(Sql, connection, claim, now, cancellationToken);
                        }

                        var write = InstanceWrite.ForNewInstance(Sql, process, result, latestGuard, _runner.NextKey);
                        await Sql.ExecuteAsync(connection, claim is null || given is null ? write.Statements
                            : [.. write.Statements, .. IdempotencyStore.Keep(Sql, claim, given, now)], cancellationToken);
                        return (started, result, write.OutboxKeys, given);
                    }
                },
                // Another node may have deployed a newer version since this node cached the latest one.
                _ => _runner.Definitions.ForgetLatest(tenantId, processId ?? ""));
        }
        catch (IdempotentReplayException replay)
        {
            return (null, replay.Answer, true);
        }

        _runner.Notify(done.Result);
        await _outbox.CarryOutAsync(done.Outbox, cancellationToken);
        return (done.Started, done.Answer, false);
    }

    /// <summary>
    /// Starts an instance at every conditional start event (of the latest version of each process, or only of
    /// <paramref name="processId"/>) whose condition holds for <paramref name="variables"/>; returns the started instances.
    /// </summary>
    public Task<IReadOnlyList<StartedInstance>> EvaluateConditionalStartsAsync(IReadOnlyList<KeyValuePair<string, FeelValue>> variables,
        string? processId, string tenantId, CommandActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return Measured("evaluate-conditional",
            () => _starts.StartConditionalAsync(variables, processId, tenantId, actor, _outbox.CarryOutAsync, cancellationToken));
    }

    // ---------------------------------------------------------------- commands on an instance

    public Task CompleteUserTaskAsync(long userTaskKey, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor,
        CancellationToken cancellationToken = default) =>
        CompleteUserTaskAsync(userTaskKey, variables, null, actor, cancellationToken);

    /// <summary>
    /// Fires a timer row: a timer start event starts an instance (and the next timer of its cycle is written in the same
    /// transaction); any other timer fires on its instance. A timer that already fired (here or on another node) or was
    /// withdrawn changes nothing.
    /// </summary>
    public Task FireTimerAsync(long timerKey, CancellationToken cancellationToken = default) =>
        Measured("fire-timer", () => FireTimerCoreAsync(timerKey, cancellationToken));

    private async Task FireTimerCoreAsync(long timerKey, CancellationToken cancellationToken)
    {
        if (await _starts.FireStartTimerAsync(timerKey, cancellationToken) is { } started)
        {
            await _outbox.CarryOutAsync(started, cancellationToken);
            return;
        }

        await FireInstanceTimerAsync(timerKey, null, cancellationToken);
    }

    /// <summary>
    /// Fires a claimed timer, starting from the instance read at the claim; if that read is stale (the write's revision
    /// check fails) the retry reads the instance again, as any command does.
    /// </summary>
    public Task FireTimerAsync(ClaimedTimer timer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return Measured("fire-timer", () => timer.Instance is null
            ? FireTimerCoreAsync(timer.TimerKey, cancellationToken)
            : FireInstanceTimerAsync(timer.TimerKey, timer.Instance, cancellationToken));
    }

    public Task CompleteJobAsync(long jobKey, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor,
        CancellationToken cancellationToken = default) =>
        Measured("complete-job", () => ExecuteAsync(
            connection => JobAsync(connection, jobKey, cancellationToken),
            (process, state) => Runtime.CompleteJob(process, state, jobKey, variables, actor),
            cancellationToken));

    public Task FailJobAsync(long jobKey, int retriesLeft, string message, CommandActor actor, CancellationToken cancellationToken = default) =>
        FailJobAsync(jobKey, retriesLeft, message, TimeSpan.Zero, actor, cancellationToken);

    /// <summary>With retries left, the job can be activated again once <paramref name="retryBackOff"/> has passed.</summary>
    public Task FailJobAsync(long jobKey, int retriesLeft, string message, TimeSpan retryBackOff, CommandActor actor,
        CancellationToken cancellationToken = default) =>
        Measured("fail-job", () => ExecuteAsync(
            connection => JobAsync(connection, jobKey, cancellationToken),
            (process, state) => Runtime.FailJob(process, state, jobKey, retriesLeft, message, actor, retryBackOff),
            cancellationToken));

    /// <summary>A worker ends a job with a BPMN error: caught by a boundary event or event sub-process, else an incident.</summary>
    public Task ThrowJobErrorAsync(long jobKey, string errorCode, string? errorMessage, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables,
        CommandActor actor, CancellationToken cancellationToken = default) =>
        Measured("throw-job-error", () => ExecuteAsync(
            connection => JobAsync(connection, jobKey, cancellationToken),
            (process, state) => Runtime.ThrowJobError(process, state, jobKey, errorCode, errorMessage, variables, actor),
            cancellationToken));

    public Task CancelAsync(long processInstanceKey, CommandActor actor, CancellationToken cancellationToken = default) =>
        Measured("cancel-instance", () => ExecuteAsync(
            async connection => await InstanceReads.ByKeyAsync(Sql, connection, processInstanceKey, cancellationToken),
            (process, state) => Runtime.Cancel(process, state, actor),
            cancellationToken));

    public Task ResolveIncidentAsync(long incidentKey, CommandActor actor, CancellationToken cancellationToken = default) =>
        Measured("resolve-incident", () => ExecuteAsync(
            connection => InstanceReads.ThroughAsync(Sql, connection, """incidents t""", incidentKey, $"Incident {incidentKey} does not exist.",
                """t."State" """, state => state == IncidentStates.Active ? null : $"Incident {incidentKey} is already resolved.", cancellationToken),
            (process, state) => Runtime.ResolveIncident(process, state, incidentKey, actor),
            cancellationToken));

    /// <summary>
    /// Sets variables in the scope <paramref name="scopeKey"/>: a process instance, or an element instance that waits at a
    /// user task, job, timer, message or signal (locally there, or propagated as a job's result is).
    /// </summary>
    public Task SetVariablesAsync(long scopeKey, IReadOnlyList<KeyValuePair<string, FeelValue>> variables, bool local, string tenantId,
        CommandActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return Measured("set-variables", () => SetVariablesCoreAsync(scopeKey, variables, local, tenantId, actor, cancellationToken));
    }

    private async Task SetVariablesCoreAsync(long scopeKey, IReadOnlyList<KeyValuePair<string, FeelValue>> variables, bool local, string tenantId,
        CommandActor actor, CancellationToken cancellationToken)
    {
        var notFound = $"No process instance or waiting element instance has the key {scopeKey}.";
        var instanceKey = await _runner.ReadAsync(connection => InstanceReads.OfScopeAsync(Sql, connection, scopeKey, cancellationToken), cancellationToken)
            ?? throw new EngineNotFoundException(notFound);
        await ExecuteAsync(
            async connection => await InstanceReads.ByKeyAsync(Sql, connection, instanceKey, cancellationToken) is { } row && row.TenantId == tenantId
                ? row
                : throw new EngineNotFoundException(notFound),
            (process, state) => Runtime.SetVariables(process, state, scopeKey == instanceKey ? null : scopeKey, variables, local, actor),
            cancellationToken);
    }

    /// <summary>Activates inner elements of a waiting ad-hoc sub-process of the instance.</summary>
    public Task ActivateAdHocElementsAsync(long processInstanceKey, long adHocElementInstanceKey, IReadOnlyList<string> elementIds, CommandActor actor,
        CancellationToken cancellationToken = default) =>
        Measured("activate-ad-hoc-elements", () => ExecuteAsync(
            async connection => await InstanceReads.ByKeyAsync(Sql, connection, processInstanceKey, cancellationToken),
            (process, state) => Runtime.ActivateAdHocElements(process, state, adHocElementInstanceKey, elementIds, actor),
            cancellationToken));

    // ---------------------------------------------------------------- user-task actions (no state change)

    /// <summary>Claims a task for <paramref name="assignee"/>; fails with a conflict when someone else holds it and override is not allowed.</summary>
    public Task AssignUserTaskAsync(long userTaskKey, string assignee, bool allowOverride, CommandActor actor, CancellationToken cancellationToken = default) =>
        AssignUserTaskAsync(userTaskKey, assignee, allowOverride, null, actor, cancellationToken);

    /// <summary>Claims a task; with assigning listeners the task is ASSIGNING until they agree (<paramref name="action"/> is handed to them).</summary>
    public Task AssignUserTaskAsync(long userTaskKey, string assignee, bool allowOverride, string? action, CommandActor actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assignee);
        return Measured("assign-user-task", () => AssignUserTaskCoreAsync(userTaskKey, assignee, allowOverride, action, actor, cancellationToken));
    }

    private async Task AssignUserTaskCoreAsync(long userTaskKey, string assignee, bool allowOverride, string? action, CommandActor actor,
        CancellationToken cancellationToken)
    {
        if (await AssignThroughListenersAsync(userTaskKey, assignee, allowOverride, action, actor, cancellationToken))
        {
            return;
        }

        await ExecuteUserActionAsync(userTaskKey, "assign-user-task", actor, (connection, row, task) =>
            RequireFourEyesAsync(connection, row, task.ElementId, FourEyesAction.Claim, ClaimingPersons(assignee, actor), cancellationToken), task =>
        {
            if (task.Assignee is not null && task.Assignee != assignee && !allowOverride)
            {
                throw new EngineConflictException($"User task {userTaskKey} is already assigned to '{task.Assignee}'.");
            }

            return (assignee, new JournalEvent(JournalEventKind.UserTaskAssigned, task.ElementId, task.ElementInstanceKey,
                task.Assignee is null ? assignee : $"{task.Assignee} -> {assignee}"));
        }, cancellationToken);
    }

    public Task UnassignUserTaskAsync(long userTaskKey, CommandActor actor, CancellationToken cancellationToken = default) =>
        Measured("unassign-user-task", () => UnassignUserTaskCoreAsync(userTaskKey, actor, cancellationToken));

    private async Task UnassignUserTaskCoreAsync(long userTaskKey, CommandActor actor, CancellationToken cancellationToken)
    {
        if (await AssignThroughListenersAsync(userTaskKey, null, allowOverride: true, null, actor, cancellationToken))
        {
            return;
        }

        await ExecuteUserActionAsync(userTaskKey, "unassign-user-task", actor, null,
            task => (null, new JournalEvent(JournalEventKind.UserTaskUnassigned, task.ElementId, task.ElementInstanceKey, task.Assignee)),
            cancellationToken);
    }

    // ---------------------------------------------------------------- messages and signals

    /// <summary>
    /// Publishes a message: it is correlated to one waiting subscription per process (or starts the processes with a
    /// matching message start event), else buffered for <paramref name="timeToLive"/>. A message id in use (its message
    /// published within its time to live, buffered or correlated) is refused as a duplicate.
    /// </summary>
    public async Task<long> PublishMessageAsync(string name, string? correlationKey, TimeSpan timeToLive, string? messageId,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return await Measured("publish-message", async () =>
        {
            var publication = OutboxWork.For(new PublishedMessage(name, correlationKey ?? "", messageId, timeToLive), variables);
            var routed = await _messages.RouteAsync(publication, tenantId, null, mayBuffer: true, refuseDuplicate: true, cancellationToken);
            await _outbox.CarryOutAsync(routed.Outbox, cancellationToken);
            return routed.MessageKey;
        });
    }

    /// <summary>
    /// Correlates a message now or not at all (no buffering): returns the instance that received it (or was started by
    /// it) once its command committed; not found when nothing waits for it, also when a concurrent correlation took the
    /// only waiting subscription.
    /// </summary>
    public async Task<CorrelatedMessage> CorrelateMessageAsync(string name, string? correlationKey, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables,
        string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return await Measured("correlate-message", async () =>
        {
            var (correlated, outbox, _) = await _messages.CorrelateAsync(new PublishedMessage(name, correlationKey ?? "", null, TimeSpan.Zero), variables ?? [],
                tenantId, cancellationToken);
            await _outbox.CarryOutAsync(outbox, cancellationToken);
            return correlated;
        });
    }

    /// <summary>Broadcasts a signal to every waiting signal subscription and every process with a matching signal start event.</summary>
    public async Task<long> BroadcastSignalAsync(string name, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, string tenantId,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return await Measured("broadcast-signal", async () =>
        {
            var signalKey = _runner.NextKey();
            var deliveries = await _signals.RouteAsync(new OutboxWork { Name = name, Variables = OutboxVariables.Write(variables) }, tenantId, null,
                cancellationToken);
            await _outbox.CarryOutAsync(deliveries, cancellationToken);
            return signalKey;
        });
    }

    /// <summary>
    /// Carries out outbox rows older than <paramref name="olderThan"/> (left behind by a node that died or by a request
    /// that ran out of budget) and drops buffered messages whose time to live ended. Returns how many rows it carried out.
    /// </summary>
    public Task<int> SweepOutboxAsync(TimeSpan olderThan, int limit = 500, CancellationToken cancellationToken = default) =>
        _outbox.SweepAsync(olderThan, limit, cancellationToken);

    /// <summary>Carries out the given outbox rows (and what they lead to, within the inline budget), in the order given: for tests that need an order.</summary>
    internal Task<int> CarryOutAsync(IReadOnlyList<long> outboxKeys, CancellationToken cancellationToken = default) =>
        _outbox.CarryOutAsync(outboxKeys, cancellationToken);

    // ---------------------------------------------------------------- execution

    private Task Measured(string command, Func<Task> run) => _runner.Telemetry.RunAsync(command, run);

    private Task<T> Measured<T>(string command, Func<Task<T>> run) => _runner.Telemetry.RunAsync(command, run);

    private async Task ExecuteAsync(Func<DbConnection, Task<InstanceRow?>> load,
        Func<DeployedProcess, ProcessInstanceState, ExecutionResult> command, CancellationToken cancellationToken, long? firedTimer = null)
    {
        var (_, outbox) = await _runner.ExecuteAsync(load, command, cancellationToken, firedTimer);
        await _outbox.CarryOutAsync(outbox, cancellationToken);
    }

    private Task FireInstanceTimerAsync(long timerKey, InstanceRow? claimed, CancellationToken cancellationToken)
    {
        var preloaded = claimed;
        return ExecuteAsync(
            connection => Interlocked.Exchange(ref preloaded, null) is { } row
                ? Task.FromResult<InstanceRow?>(row)
                : InstanceReads.ThroughAsync(Sql, connection, """timers t""", timerKey, null, null, null, cancellationToken),
            (process, state) => Runtime.FireTimer(process, state, timerKey),
            cancellationToken,
            firedTimer: timerKey);
    }

    private Task<InstanceRow?> JobAsync(DbConnection connection, long jobKey, CancellationToken cancellationToken) =>
        InstanceReads.ThroughAsync(Sql, connection, """jobs t""", jobKey, $"Job {jobKey} does not exist or is no longer active.", null, null,
            cancellationToken);

    /// <param name="guard">May refuse the action after reading more in the same attempt (it runs before <paramref name="action"/>).</param>
    private async Task ExecuteUserActionAsync(long userTaskKey, string command, CommandActor actor, Func<DbConnection, InstanceRow, OpenTask, Task>? guard,
        Func<OpenTask, (string? Assignee, JournalEvent Event)> action, CancellationToken cancellationToken)
    {
        await _runner.Retry.ExecuteAsync($"Command {command} on user task {userTaskKey}", async () =>
        {
            await using (await _runner.EnterAsync(cancellationToken))
            {
                await using var connection = await _runner.Database.OpenConnectionAsync(cancellationToken);
                await using var query = Sql.Command(connection,
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

                if (guard is not null)
                {
                    await guard(connection, row, task);
                }

                var (assignee, journalEvent) = action(task);
                var change = new Statement("""UPDATE user_tasks SET "Assignee" = $2 WHERE "Key" = $1""", [userTaskKey, assignee]);
                var write = InstanceWrite.ForUserAction(Sql, row, command, actor, _runner.Now, journalEvent, change);
                await Sql.ExecuteAsync(connection, write.Statements, cancellationToken);
            }
        });
    }

    private async Task<(DeployedProcess Process, int? LatestGuard)> ResolveDefinitionAsync(string? processId, int? version, long? definitionKey,
        string tenantId, CancellationToken cancellationToken)
    {
        var definitions = _runner.Definitions;
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

    private sealed record OpenTask(string? Assignee, string ElementId, long ElementInstanceKey);
}

/// <summary>Checks a start's variables against the version being started; returns the variables to start with, or throws.</summary>
public delegate Task<IReadOnlyList<KeyValuePair<string, FeelValue>>?> StartVariablesCheck(DeployedProcess process,
    IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CancellationToken cancellationToken);
