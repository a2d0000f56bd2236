using System.Globalization;
using MimeKit;
using ProzessEngine.Bpmn;
using ProzessEngine.Feel;
using ProzessEngine.Host.Cluster;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Connectors;

/// <summary>
/// Sends the mails of e-mail connector tasks (<c>io.camunda:email:1</c>) through the engine's outbox. The task's job is
/// written in the transaction of the command that reached the task, so a mail exists only for a committed task. After
/// that commit this worker takes the job, composes the mail once and keeps it in the outbox with a Message-ID made from
/// the task's element instance (<c>prozessengine.KEY@domain</c>), sends it, marks it sent and only then completes the job. A failed
/// attempt counts down the job's retries (after <c>retryBackoff</c>) and ends in an incident; resolving it sends the
/// same mail (the new job finds it under the same element instance). A job taken again finds its mail in the outbox: sent, it only completes; not yet marked sent (the node
/// died between the server's answer and the mark), the same mail goes out again with the same Message-ID, which a
/// recipient's system can recognise as a duplicate. So a mail is sent at least once, and twice only after such a crash.
/// </summary>
internal sealed class EmailWorker(
    JobLongPolling polling,
    InstanceCommands commands,
    DefinitionCache definitions,
    EmailComposer composer,
    SmtpDelivery delivery,
    EmailOutbox outbox,
    HttpJsonOutcomes outcomes,
    EmailOptions options,
    NodeIdentity node,
    TimeProvider clock,
    ILogger<EmailWorker> logger) : EngineJobWorker(polling, commands, node, logger)
{
    protected override JobWorkerSettings Settings { get; } =
        new(EmailConnector.JobType, "email-connector", "E-mail connector", options.LockDuration, options.MaxConcurrentSends);

    protected override void OnStarting()
    {
        if (string.IsNullOrWhiteSpace(options.Smtp.Host))
        {
            Logger.LogInformation("E-mail connector: no SMTP server is configured ({Section}:Smtp:Host), so e-mail tasks that name none end in an incident",
                EmailOptions.Section);
        }
    }

    protected override async Task RunJobAsync(ActivatedJob job, CancellationToken stoppingToken)
    {
        var sensitive = new SensitiveValues();
        ConnectorOutcome outcome;
        try
        {
            outcome = await SendAsync(job, sensitive, stoppingToken);
        }
        catch (ConnectorFailure failure)
        {
            outcome = outcomes.Failed(failure, job.CustomHeaders);
        }
#pragma warning disable CA1031 // A defect of the connector becomes the task's incident, not a job that is taken again and again; the message is masked.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            var problem = $"{ex.GetType().Name}: {sensitive.Scrub(ex.Message)}";
            Logger.LogError("E-mail connector: job {JobKey} of element {ElementId} failed unexpectedly ({Problem})", job.JobKey, job.ElementId, problem);
            outcome = new FailOutcome($"The e-mail connector failed unexpectedly: {problem}", Retryable: false);
        }

        await FinishAsync(job, outcome, sensitive, stoppingToken);
    }

    /// <summary>The mail of the job, sent once the outbox has it, unless it was sent before.</summary>
    private async Task<ConnectorOutcome> SendAsync(ActivatedJob job, SensitiveValues sensitive, CancellationToken cancellationToken)
    {
        var mail = await outbox.FindAsync(job.ElementInstanceKey, cancellationToken);
        if (mail is { SentAt: not null })
        {
            Logger.LogInformation("E-mail connector: the mail of job {JobKey} was sent before ({MessageId}); the job only completes", job.JobKey, mail.MessageId);
            return Sent(job, mail.MessageId);
        }

        var deployed = await definitions.GetAsync(job.ProcessDefinitionKey, cancellationToken);
        var inputs = deployed.Model.Nodes.TryGetValue(job.ElementId, out var element) && !element.IoMapping.Inputs.IsDefault ? element.IoMapping.Inputs : [];
        var server = composer.Server(job.LocalVariables, inputs, sensitive);
        if (mail is null)
        {
            var messageId = $"prozessengine.{job.ElementInstanceKey.ToString(CultureInfo.InvariantCulture)}@{options.MessageIdDomain}";
            var composed = await composer.ComposeAsync(job, messageId, clock.GetUtcNow(), cancellationToken);
            using var buffer = new MemoryStream();
            await composed.WriteToAsync(buffer, cancellationToken);
            mail = await outbox.KeepAsync(job.ElementInstanceKey, job.JobKey, job.TenantId, job.ProcessInstanceKey, job.ElementId, messageId, buffer.ToArray(),
                cancellationToken);
        }

        using var stored = new MemoryStream(mail.Message, writable: false);
        var message = await MimeMessage.LoadAsync(stored, cancellationToken);
        try
        {
            await delivery.SendAsync(server, message, options.Timeout, cancellationToken);
        }
        catch (ConnectorFailure failure)
        {
            await outbox.RecordFailureAsync(job.ElementInstanceKey, sensitive.Scrub(failure.Message), cancellationToken);
            throw;
        }

        // Should the node die between the server's answer and this mark, the job is taken again and the mail goes out a
        // second time with the same Message-ID: the one duplicate the outbox cannot rule out.
        await outbox.MarkSentAsync(job.ElementInstanceKey, CancellationToken.None);
        return Sent(job, mail.MessageId);
    }

    private ConnectorOutcome Sent(ActivatedJob job, string messageId) =>
        outcomes.Answered(FeelValue.FromContext(
        [
            new("sent", FeelValue.FromBoolean(true)),
            new("messageId", FeelValue.FromString($"<{messageId}>")),
        ]), job.CustomHeaders);

    private async Task FinishAsync(ActivatedJob job, ConnectorOutcome outcome, SensitiveValues sensitive, CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case CompleteOutcome complete:
                await CompleteAsync(job, complete.Variables, cancellationToken);
                break;
            case BpmnErrorOutcome error:
                await TryAsync(job, () => Commands.ThrowJobErrorAsync(job.JobKey, error.Code, error.Message is null ? null : sensitive.Scrub(error.Message),
                    error.Variables, Actor, cancellationToken));
                break;
            case FailOutcome fail:
                var retries = fail.Retries ?? (fail.Retryable ? Math.Max(0, job.Retries - 1) : 0);
                var backOff = fail.BackOff ?? (retries > 0 ? HeaderDuration(job.CustomHeaders, EmailConnector.RetryBackoffHeader) : TimeSpan.Zero);
                if (fail.Variables is { Count: > 0 } variables)
                {
                    await TryAsync(job, () => Commands.SetVariablesAsync(job.ElementInstanceKey, variables, local: true, job.TenantId, Actor, cancellationToken));
                }

                await FailAsync(job, sensitive.Scrub(fail.Message), retries, backOff, cancellationToken);
                break;
        }
    }
}
