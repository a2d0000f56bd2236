using Microsoft.Extensions.Options;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Feel;
using ProzessEngine.Host.Cluster;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Connectors;

/// <summary>
/// Runs REST connector tasks in the engine: a job worker inside the host. A REST task creates a job like any service
/// task, in the command's transaction; this worker activates such jobs (long polling, woken on this node by the
/// commit), calls, and completes, fails or throws an error through the same commands an outside worker uses. So the
/// call happens only after the task's transaction committed, a job is locked to one node at a time (several nodes
/// share the work), a node that dies mid-call leaves its job to another when the lock lapses, and failures use the
/// jobs' retries and back-off (the job rests until <c>retryBackoff</c> has passed) and end in an incident.
/// </summary>
internal sealed class HttpConnectorWorker(
    JobLongPolling polling,
    JobActivator activator,
    InstanceCommands commands,
    DefinitionCache definitions,
    ProcessRuntime runtime,
    HttpJsonRequestReader reader,
    HttpJsonExchange exchange,
    HttpJsonOutcomes outcomes,
    IOptions<HttpConnectorOptions> options,
    NodeIdentity node,
    TimeProvider clock,
    ILogger<HttpConnectorWorker> logger) : BackgroundService
{
    // Activation ends after this long without jobs and starts again: a wait, not a limit.
    private static readonly TimeSpan PollingTimeout = TimeSpan.FromSeconds(30);

    // Infrastructure, not business time: a database outage is waited out on the real clock even when tests fake the engine's.
    private static readonly TimeProvider RealTime = TimeProvider.System;

    // Incidents show what went wrong, not a whole response.
    private const int MaxMessageLength = 2000;

    private readonly CommandActor _actor = CommandActor.System("http-connector");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var worker = $"http-connector@{node.Name}";
        if (settings.AllowedHosts.Count == 0)
        {
            logger.LogInformation("REST connector: no host is allowed ({Section}:AllowedHosts), so every REST task ends in an incident", HttpConnectorOptions.Section);
        }

        using var slots = new SemaphoreSlim(settings.MaxConcurrentCalls, settings.MaxConcurrentCalls);
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < settings.MaxConcurrentCalls && slots.Wait(0, CancellationToken.None))
                {
                    free++;
                }

                IReadOnlyList<ActivatedJob> jobs;
                try
                {
                    jobs = await polling.ActivateAsync(HttpJsonConnector.JobType, worker, settings.LockDuration, free, JobActivator.EveryTenant,
                        PollingTimeout, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    slots.Release(free);
                    logger.LogWarning("REST connector: jobs could not be activated ({Problem}); trying again", ex.Message);
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
                    running.Add(RunAsync(job, worker, slots, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Calls cut short by the shutdown leave their jobs locked; another node (or this one, restarted) takes them
        // once the lock lapses.
        await Task.WhenAll(running);
    }

    private async Task RunAsync(ActivatedJob job, string worker, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        // Off the activation loop at once, so that a slow start of one call holds up no other.
        await Task.Yield();
        try
        {
            await CallAsync(job, worker, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // One job's failure must not end the worker (nor the host, which stops when a background service throws).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The call itself turns its failures into the job's outcome; what is left here is the database (reading the
            // model, ending the job). The job stays locked and is taken again when its lock lapses.
            logger.LogError("REST connector: job {JobKey} of element {ElementId} could not be run to its end ({Problem}); it is taken again when its lock lapses",
                job.JobKey, job.ElementId, $"{ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task CallAsync(ActivatedJob job, string worker, CancellationToken stoppingToken)
    {
        var headers = job.CustomHeaders;
        var lockDuration = options.Value.LockDuration;
        if (headers.TryGetValue(HttpJsonConnector.JobTimeoutHeader, out var jobTimeout) && !string.IsNullOrWhiteSpace(jobTimeout)
            && IsoDuration.TryParse(jobTimeout, out var timeoutValue) && timeoutValue.TryGetDuration(out var ownLock) && ownLock > TimeSpan.Zero)
        {
            if (!await activator.RelockAsync(job.JobKey, worker, clock.GetUtcNow() + ownLock, stoppingToken))
            {
                return;
            }

            lockDuration = ownLock;
        }

        // Every part of the call ends before the lock lapses, so that no other node calls while this one still does.
        var budget = lockDuration - (lockDuration / 4 < TimeSpan.FromSeconds(15) ? lockDuration / 4 : TimeSpan.FromSeconds(15));
        using var budgetEnds = new CancellationTokenSource(budget, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, budgetEnds.Token);
        var deployed = await definitions.GetAsync(job.ProcessDefinitionKey, stoppingToken);
        var inputs = deployed.Model.Nodes.TryGetValue(job.ElementId, out var element) ? element.IoMapping.Inputs : [];
        ConnectorOutcome outcome;
        SensitiveValues? sensitive = null;
        try
        {
            var request = reader.Read(job.LocalVariables, inputs.IsDefault ? [] : inputs, budget);
            sensitive = request.Sensitive;
            var response = await exchange.SendAsync(request, linked.Token);
            outcome = outcomes.Answered(response, headers);
        }
        catch (ConnectorFailure failure)
        {
            outcome = outcomes.Failed(failure, headers);
        }
        catch (OperationCanceledException) when (budgetEnds.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            outcome = new FailOutcome($"The REST call did not end within {budget.TotalSeconds:0} s, the time the job is held for (jobTimeout or "
                + $"{HttpConnectorOptions.Section}:LockDuration).", Retryable: true);
        }
#pragma warning disable CA1031 // A defect of the connector becomes the task's incident, not a lost job; the message is masked like any other.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            var problem = $"{ex.GetType().Name}: {(sensitive ?? new SensitiveValues()).Scrub(ex.Message)}";
            logger.LogError("REST connector: job {JobKey} of element {ElementId} failed unexpectedly ({Problem})", job.JobKey, job.ElementId, problem);
            outcome = new FailOutcome($"The REST connector failed unexpectedly: {problem}", Retryable: false);
        }

        await FinishAsync(job, outcome, headers, sensitive ?? new SensitiveValues(), stoppingToken);
    }

    private async Task FinishAsync(ActivatedJob job, ConnectorOutcome outcome, IReadOnlyDictionary<string, string> headers, SensitiveValues sensitive,
        CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case CompleteOutcome complete:
                try
                {
                    runtime.RequireWithinLimits(complete.Variables);
                }
                catch (VariableTooLargeException ex)
                {
                    await FinishAsync(job, new FailOutcome($"The REST connector's result is too large to keep: {ex.Message}", Retryable: false), headers, sensitive,
                        cancellationToken);
                    return;
                }

                await TryAsync(job, () => commands.CompleteJobAsync(job.JobKey, complete.Variables, _actor, cancellationToken));
                break;
            case BpmnErrorOutcome error:
                await TryAsync(job, () => commands.ThrowJobErrorAsync(job.JobKey, error.Code, error.Message is null ? null : sensitive.Scrub(error.Message),
                    error.Variables, _actor, cancellationToken));
                break;
            case FailOutcome fail:
                var message = sensitive.Scrub(fail.Message);
                message = message.Length > MaxMessageLength ? message[..MaxMessageLength] + " …" : message;
                var retries = fail.Retries ?? (fail.Retryable ? Math.Max(0, job.Retries - 1) : 0);
                var backOff = fail.BackOff ?? TimeSpan.Zero;
                if (fail.Retries is null && retries > 0)
                {
                    var modelled = RetryBackoff(headers);
                    backOff = backOff > modelled ? (backOff < TimeSpan.FromHours(1) ? backOff : TimeSpan.FromHours(1)) : modelled;
                }

                logger.LogWarning("REST connector: job {JobKey} of element {ElementId} failed, {Retries} retries left: {Problem}",
                    job.JobKey, job.ElementId, retries, message);
                if (fail.Variables is { Count: > 0 } variables)
                {
                    await TryAsync(job, () => commands.SetVariablesAsync(job.ElementInstanceKey, variables, local: true, job.TenantId, _actor, cancellationToken));
                }

                await TryAsync(job, () => commands.FailJobAsync(job.JobKey, retries, message, backOff, _actor, cancellationToken));
                break;
        }
    }

    private static TimeSpan RetryBackoff(IReadOnlyDictionary<string, string> headers) =>
        headers.TryGetValue(HttpJsonConnector.RetryBackoffHeader, out var text) && IsoDuration.TryParse(text, out var value)
            && value.TryGetDuration(out var backOff) && backOff > TimeSpan.Zero
            ? backOff
            : TimeSpan.Zero;

    /// <summary>
    /// A command on a job that ended meanwhile (its element was interrupted or cancelled, another node's lock took it
    /// over) changes nothing: the call's result has nowhere to go.
    /// </summary>
    private async Task TryAsync(ActivatedJob job, Func<Task> command)
    {
        try
        {
            await command();
        }
        catch (Exception ex) when (ex is EngineNotFoundException or EngineConflictException or EngineConcurrencyException)
        {
            logger.LogInformation("REST connector: job {JobKey} of element {ElementId} could not be ended ({Problem})", job.JobKey, job.ElementId, ex.Message);
        }
    }
}
