using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Feel;
using ProzessEngine.Host.Cluster;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Connectors;

/// <summary>How an engine-run job worker activates its jobs: which type, for how long, how many at a time.</summary>
internal sealed record JobWorkerSettings(string JobType, string Name, string Label, TimeSpan LockDuration, int MaxConcurrentJobs);

/// <summary>
/// The scaffolding every job worker inside the host shares (the REST connector, document tasks, the e-mail connector):
/// a task of its type creates a job in the command's transaction; the worker activates such jobs (long polling, woken
/// on this node by the commit) up to its number of free slots and runs each off the activation loop. So the work
/// happens only after the task's transaction committed, one node holds a job at a time, and a node that dies mid-job
/// leaves it to another once the lock lapses. A subclass does one job (<see cref="RunJobAsync"/>) and ends it through
/// <see cref="CompleteAsync"/>, <see cref="FailAsync"/> or <see cref="TryAsync"/>.
/// </summary>
internal abstract class EngineJobWorker(JobLongPolling polling, InstanceCommands commands, NodeIdentity node, ILogger logger) : BackgroundService
{
    // Activation ends after this long without jobs and starts again: a wait, not a limit.
    private static readonly TimeSpan PollingTimeout = TimeSpan.FromSeconds(30);

    // Infrastructure, not business time: a database outage is waited out on the real clock even when tests fake the engine's.
    private static readonly TimeProvider RealTime = TimeProvider.System;

    // Incidents show what went wrong, not a whole response.
    private const int MaxMessageLength = 2000;

    private CommandActor? _actor;

    protected abstract JobWorkerSettings Settings { get; }

    protected InstanceCommands Commands { get; } = commands;

    protected ILogger Logger { get; } = logger;

    /// <summary>Who the journal names for this worker's commands.</summary>
    protected CommandActor Actor => _actor ??= CommandActor.System(Settings.Name);

    /// <summary>The name the worker activates jobs under: its own and the node's.</summary>
    protected string WorkerName => $"{Settings.Name}@{node.Name}";

    /// <summary>Runs one activated job to its end; a failure it does not turn into the job's outcome leaves the job locked until the lock lapses.</summary>
    protected abstract Task RunJobAsync(ActivatedJob job, CancellationToken stoppingToken);

    /// <summary>Said once when the worker starts (a configuration that makes every job fail, say).</summary>
    protected virtual void OnStarting()
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = Settings;
        OnStarting();
        using var slots = new SemaphoreSlim(settings.MaxConcurrentJobs, settings.MaxConcurrentJobs);
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < settings.MaxConcurrentJobs && slots.Wait(0, CancellationToken.None))
                {
                    free++;
                }

                IReadOnlyList<ActivatedJob> jobs;
                try
                {
                    jobs = await polling.ActivateAsync(settings.JobType, WorkerName, settings.LockDuration, free, JobActivator.EveryTenant, PollingTimeout,
                        stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    slots.Release(free);
                    Logger.LogWarning("{Worker}: jobs could not be activated ({Problem}); trying again", settings.Label, ex.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), RealTime, stoppingToken);
                    continue;
                }

                if (free > jobs.Count)
                {
                    slots.Release(free - jobs.Count);
                }

                running.RemoveAll(t => t.IsCompleted);
                foreach (var job in jobs)
                {
                    running.Add(RunAsync(job, slots, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Jobs cut short by the shutdown stay locked; another node (or this one, restarted) takes them once the lock lapses.
        await Task.WhenAll(running);
    }

    private async Task RunAsync(ActivatedJob job, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        // Off the activation loop at once, so that a slow start of one job holds up no other.
        await Task.Yield();
        try
        {
            await RunJobAsync(job, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // One job's failure must not end the worker (nor the host, which stops when a background service throws).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // What is left here is the database (reading the model, ending the job): the job stays locked and is taken
            // again when its lock lapses.
            Logger.LogError("{Worker}: job {JobKey} of element {ElementId} could not be run to its end ({Problem}); it is taken again when its lock lapses",
                Settings.Label, job.JobKey, job.ElementId, $"{ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            slots.Release();
        }
    }

    protected Task CompleteAsync(ActivatedJob job, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CancellationToken cancellationToken) =>
        TryAsync(job, () => Commands.CompleteJobAsync(job.JobKey, variables, Actor, cancellationToken));

    /// <summary>Fails the job with its message cut to a readable length; with no retries left it becomes an incident.</summary>
    protected async Task FailAsync(ActivatedJob job, string message, int retries, TimeSpan backOff, CancellationToken cancellationToken)
    {
        message = message.Length > MaxMessageLength ? message[..MaxMessageLength] + " …" : message;
        Logger.LogWarning("{Worker}: job {JobKey} of element {ElementId} failed, {Retries} retries left: {Problem}", Settings.Label, job.JobKey, job.ElementId,
            retries, message);
        await TryAsync(job, () => Commands.FailJobAsync(job.JobKey, retries, message, backOff, Actor, cancellationToken));
    }

    /// <summary>
    /// A command on a job that ended meanwhile (its element was interrupted or cancelled, another node's lock took it
    /// over) changes nothing: the job's result has nowhere to go.
    /// </summary>
    protected async Task TryAsync(ActivatedJob job, Func<Task> command)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            await command();
        }
        catch (Exception ex) when (ex is EngineNotFoundException or EngineConflictException or EngineConcurrencyException)
        {
            Logger.LogInformation("{Worker}: job {JobKey} of element {ElementId} could not be ended ({Problem})", Settings.Label, job.JobKey, job.ElementId,
                ex.Message);
        }
    }

    /// <summary>A positive ISO-8601 duration in a header (retryBackoff, jobTimeout), else none.</summary>
    protected static TimeSpan HeaderDuration(IReadOnlyDictionary<string, string> headers, string key) =>
        headers.TryGetValue(key, out var text) && IsoDuration.TryParse(text, out var value) && value.TryGetDuration(out var duration)
            && duration > TimeSpan.Zero
            ? duration
            : TimeSpan.Zero;
}
