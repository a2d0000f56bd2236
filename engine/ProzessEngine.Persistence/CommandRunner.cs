using System.Data.Common;
using Microsoft.Extensions.Logging;
using ProzessEngine.Core;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Persistence.Stores;
using ProzessEngine.Persistence.Telemetry;

namespace ProzessEngine.Persistence;

/// <summary>
/// Runs commands in transactions, for <see cref="InstanceCommands"/> and the routing collaborators: a command on an
/// existing instance, the start of a new one, or the resolution of work between instances, each under the retry policy
/// where it can lose a race, and tells the listeners what committed.
/// </summary>
internal sealed class CommandRunner(EngineDatabase database, DefinitionCache definitions, ProcessRuntime runtime, IEnumerable<ICommandListener> listeners,
    ILogger logger, CommandTelemetry telemetry)
{
    private readonly ICommandListener[] _listeners = [.. listeners];

    public EngineDatabase Database => database;
    public SqlDialect Sql { get; } = database.Dialect;
    public DefinitionCache Definitions => definitions;
    public ProcessRuntime Runtime => runtime;
    public ConflictRetry Retry { get; } = new(ConflictRetry.DefaultAttempts, logger);
    public CommandTelemetry Telemetry => telemetry;
    public DateTimeOffset Now => runtime.Services.Clock.GetUtcNow();

    public long NextKey() => runtime.Services.Keys.NextKey();

    /// <summary>
    /// Runs one command on an existing instance in one transaction and returns its result and the outbox rows it wrote;
    /// (null, none) when there was nothing to do: <paramref name="load"/> found no row, or <paramref name="command"/>
    /// declined (the instance takes nothing any more). <paramref name="complete"/> adds statements that depend on the
    /// result (consuming an outbox row, a buffered message) to the same write.
    /// </summary>
    public async Task<(ExecutionResult? Result, IReadOnlyList<long> Outbox)> ExecuteAsync(Func<DbConnection, Task<InstanceRow?>> load,
        Func<DeployedProcess, ProcessInstanceState, ExecutionResult?> command, CancellationToken cancellationToken, long? firedTimer = null,
        Action<ExecutionResult, InstanceWrite>? complete = null)
    {
        var (result, outbox) = await Retry.ExecuteAsync("The command on the process instance", async () =>
        {
            await using (await EnterAsync(cancellationToken))
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken);
                if (await load(connection) is not { } row)
                {
                    // Only a timer or outbox work is looked up without complaint: it was carried out already (here or on another node).
                    return ((ExecutionResult?)null, (IReadOnlyList<long>)[]);
                }

                var process = await definitions.GetAsync(row.DefinitionKey, cancellationToken);
                if (command(process, InstanceStateSerializer.Deserialize(row.State)) is not { } result)
                {
                    return (null, []);
                }

                var write = InstanceWrite.ForExistingInstance(Sql, row, result, NextKey);
                complete?.Invoke(result, write);
                if (firedTimer is { } timerKey && !result.Intents.Any(i => i is TimerFired fired && fired.TimerKey == timerKey))
                {
                    // The element no longer waits for this timer (the instance moved on without withdrawing the row):
                    // remove the row so that it never fires again.
                    write.DeleteTimer(timerKey);
                }

                await Sql.ExecuteAsync(connection, write.Statements, cancellationToken);
                return (result, write.OutboxKeys);
            }
        });

        if (result is not null)
        {
            Notify(result);
        }

        return (result, outbox);
    }

    /// <summary>
    /// Starts a new instance in one transaction: runs <paramref name="start"/>, writes the instance with
    /// <paramref name="extend"/>'s statements, consuming <paramref name="consumedOutbox"/> if given (null when that row is
    /// gone already). One attempt: the caller decides what a lost race means. The caller notifies and carries out the
    /// returned outbox rows.
    /// </summary>
    public async Task<(ExecutionResult Result, IReadOnlyList<long> Outbox)?> InsertAsync(DeployedProcess process, Func<ExecutionResult> start,
        long? consumedOutbox, Action<InstanceWrite>? extend, CancellationToken cancellationToken)
    {
        await using (await EnterAsync(cancellationToken))
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            if (consumedOutbox is { } key && !await OutboxStore.ExistsAsync(Sql, connection, key, cancellationToken))
            {
                return null;
            }

            var result = start();
            var write = InstanceWrite.ForNewInstance(Sql, process, result, null, NextKey);
            if (consumedOutbox is { } consumed)
            {
                write.ConsumeOutbox(consumed);
            }

            extend?.Invoke(write);
            await Sql.ExecuteAsync(connection, write.Statements, cancellationToken);
            return (result, write.OutboxKeys);
        }
    }

    /// <summary>
    /// Runs <paramref name="resolve"/> and the statements it adds in one transaction, consuming <paramref name="sourceOutboxKey"/>
    /// with them; when another node consumed it first, the next attempt finds it gone and resolves nothing.
    /// </summary>
    public Task<IReadOnlyList<T>> ResolveAsync<T>(long? sourceOutboxKey, Func<DbConnection, List<Statement>, DateTimeOffset, Task<List<T>>> resolve,
        CancellationToken cancellationToken) =>
        Retry.ExecuteAsync("Routing work between instances", async () =>
        {
            await using (await EnterAsync(cancellationToken))
            {
                await using var connection = await database.OpenConnectionAsync(cancellationToken);
                if (sourceOutboxKey is { } source && !await OutboxStore.ExistsAsync(Sql, connection, source, cancellationToken))
                {
                    return (IReadOnlyList<T>)[];
                }

                var statements = new List<Statement>();
                var resolved = await resolve(connection, statements, Now);
                if (sourceOutboxKey is { } consumed)
                {
                    statements.Add(OutboxStore.Consume(Sql, consumed));
                }

                if (statements.Count > 0)
                {
                    await Sql.ExecuteAsync(connection, statements, cancellationToken);
                }

                return resolved;
            }
        });

    /// <summary>A short write outside any command (bookkeeping of the outbox), under the write gate.</summary>
    public async Task WriteAsync(Func<DbConnection, Task> write, CancellationToken cancellationToken)
    {
        await using (await EnterAsync(cancellationToken))
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await write(connection);
        }
    }

    /// <summary>A read outside any command.</summary>
    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await read(connection);
    }

    /// <summary>Takes SQLite's write gate (a no-op on PostgreSQL) for one transaction.</summary>
    public async Task<IAsyncDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (database.WriteGate is not { } gate)
        {
            return NoGate.Instance;
        }

        await gate.WaitAsync(cancellationToken);
        return new GateRelease(gate);
    }

    /// <param name="nextStartTimer">The next timer of a fired start timer's cycle, written beside the new instance.</param>
    public void Notify(ExecutionResult result, TimerScheduled? nextStartTimer = null)
    {
        telemetry.Committed(result);
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
