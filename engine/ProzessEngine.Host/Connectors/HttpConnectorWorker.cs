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
    ILogger<HttpConnectorWorker> logger) : EngineJobWorker(polling, commands, node, logger)
{
    protected override JobWorkerSettings Settings { get; } =
        new(HttpJsonConnector.JobType, "http-connector", "REST connector", options.Value.LockDuration, options.Value.MaxConcurrentCalls);

    protected override void OnStarting()
    {
        if (options.Value.AllowedHosts.Count == 0)
        {
            Logger.LogInformation("REST connector: no host is allowed ({Section}:AllowedHosts), so every REST task ends in an incident", HttpConnectorOptions.Section);
        }
    }

    protected override Task RunJobAsync(ActivatedJob job, CancellationToken stoppingToken) => CallAsync(job, WorkerName, stoppingToken);

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
            Logger.LogError("REST connector: job {JobKey} of element {ElementId} failed unexpectedly ({Problem})", job.JobKey, job.ElementId, problem);
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

                await CompleteAsync(job, complete.Variables, cancellationToken);
                break;
            case BpmnErrorOutcome error:
                await TryAsync(job, () => Commands.ThrowJobErrorAsync(job.JobKey, error.Code, error.Message is null ? null : sensitive.Scrub(error.Message),
                    error.Variables, Actor, cancellationToken));
                break;
            case FailOutcome fail:
                var message = sensitive.Scrub(fail.Message);
                var retries = fail.Retries ?? (fail.Retryable ? Math.Max(0, job.Retries - 1) : 0);
                var backOff = fail.BackOff ?? TimeSpan.Zero;
                if (fail.Retries is null && retries > 0)
                {
                    var modelled = HeaderDuration(headers, HttpJsonConnector.RetryBackoffHeader);
                    backOff = backOff > modelled ? (backOff < TimeSpan.FromHours(1) ? backOff : TimeSpan.FromHours(1)) : modelled;
                }

                if (fail.Variables is { Count: > 0 } variables)
                {
                    await TryAsync(job, () => Commands.SetVariablesAsync(job.ElementInstanceKey, variables, local: true, job.TenantId, Actor, cancellationToken));
                }

                await FailAsync(job, message, retries, backOff, cancellationToken);
                break;
        }
    }
}
