using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Core;
using ProzessEngine.Core.Intents;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence.Stores;

/// <summary>Turns a command's intents into row changes within the command's unit of work.</summary>
internal sealed class IntentWriter(EngineDbContext context, ProcessInstanceEntity instance)
{
    public async Task ApplyAsync(ExecutionResult result, CancellationToken cancellationToken)
    {
        foreach (var intent in result.Intents)
        {
            switch (intent)
            {
                case UserTaskCreated created:
                    context.UserTasks.Add(await NewTaskAsync(created, result.At, cancellationToken));
                    break;
                case UserTaskCompleted completed:
                    var done = await context.UserTasks.FindAsync([completed.UserTaskKey], cancellationToken);
                    if (done is not null)
                    {
                        done.State = UserTaskStates.Completed;
                        done.CompletedAt = result.At;
                        done.CompletedBy = result.Actor.Id;
                    }

                    break;
                case UserTaskCanceled canceled:
                    var dropped = await context.UserTasks.FindAsync([canceled.UserTaskKey], cancellationToken);
                    if (dropped is not null)
                    {
                        dropped.State = UserTaskStates.Canceled;
                        dropped.CompletedAt = result.At;
                    }

                    break;
                case TimerScheduled scheduled:
                    context.Timers.Add(new TimerEntity
                    {
                        Key = scheduled.TimerKey,
                        ProcessInstanceKey = instance.Key,
                        ElementInstanceKey = scheduled.ElementInstanceKey,
                        ElementId = scheduled.ElementId,
                        DueAt = scheduled.DueAt.ToUniversalTime(),
                        TenantId = instance.TenantId,
                        CreatedAt = result.At,
                    });
                    break;
                case TimerFired fired:
                    // Deleting the row is what makes firing exactly-once: a second delete affects no row and the
                    // command fails its concurrency check instead of running the continuation twice.
                    DeleteTimer(fired.TimerKey);
                    break;
                case TimerCanceled canceledTimer:
                    DeleteTimer(canceledTimer.TimerKey);
                    break;
                case JobCreated job:
                    context.Jobs.Add(new JobEntity
                    {
                        Key = job.JobKey,
                        Type = job.Type,
                        ProcessInstanceKey = instance.Key,
                        ElementInstanceKey = job.ElementInstanceKey,
                        ElementId = job.ElementId,
                        ProcessId = instance.ProcessId,
                        Retries = job.Retries,
                        State = JobStates.Created,
                        CustomHeaders = JsonSerializer.Serialize(job.CustomHeaders.ToDictionary(h => h.Key, h => h.Value)),
                        TenantId = instance.TenantId,
                        CreatedAt = result.At,
                    });
                    break;
                case JobCompleted completedJob:
                    DeleteJob(completedJob.JobKey);
                    break;
                case JobCanceled canceledJob:
                    DeleteJob(canceledJob.JobKey);
                    break;
                case JobFailed failed:
                    var failedJob = await context.Jobs.FindAsync([failed.JobKey], cancellationToken);
                    if (failedJob is not null)
                    {
                        failedJob.Retries = failed.RetriesLeft;
                        failedJob.ErrorMessage = failed.Message;
                        failedJob.Worker = null;
                        failedJob.DeadlineAt = null;
                        failedJob.State = failed.RetriesLeft > 0 ? JobStates.Created : JobStates.Failed;
                    }

                    break;
                case IncidentRaised raised:
                    context.Incidents.Add(new IncidentEntity
                    {
                        Key = raised.IncidentKey,
                        ProcessInstanceKey = instance.Key,
                        ElementInstanceKey = raised.ElementInstanceKey,
                        ElementId = raised.ElementId,
                        ErrorType = raised.ErrorType,
                        Message = raised.Message,
                        State = IncidentStates.Active,
                        JobKey = raised.JobKey,
                        CreatedAt = result.At,
                        TenantId = instance.TenantId,
                    });
                    break;
                case IncidentResolved resolved:
                    var incident = await context.Incidents.FindAsync([resolved.IncidentKey], cancellationToken);
                    if (incident is not null)
                    {
                        incident.State = IncidentStates.Resolved;
                        incident.ResolvedAt = result.At;
                    }

                    break;
            }
        }
    }

    private async Task<UserTaskEntity> NewTaskAsync(UserTaskCreated created, DateTimeOffset at, CancellationToken cancellationToken)
    {
        long? formKey = null;
        if (created.FormId is { } formId)
        {
            // Camunda 8's default binding: the latest version of the form when the task is created.
            formKey = await context.Forms.AsNoTracking()
                .Where(f => f.TenantId == instance.TenantId && f.FormId == formId)
                .OrderByDescending(f => f.Version)
                .Select(f => (long?)f.Key)
                .FirstOrDefaultAsync(cancellationToken);
        }

        var task = new UserTaskEntity
        {
            Key = created.UserTaskKey,
            ProcessInstanceKey = instance.Key,
            ElementInstanceKey = created.ElementInstanceKey,
            DefinitionKey = instance.DefinitionKey,
            ProcessId = instance.ProcessId,
            ProcessVersion = instance.Version,
            ElementId = created.ElementId,
            Name = created.Name,
            State = UserTaskStates.Created,
            Assignee = created.Assignee,
            CandidateGroups = string.Join(',', created.CandidateGroups),
            CandidateUsers = string.Join(',', created.CandidateUsers),
            FormId = created.FormId,
            FormKey = formKey,
            EmbeddedFormKey = created.EmbeddedFormKey,
            DueDate = created.DueDate?.ToUniversalTime(),
            FollowUpDate = created.FollowUpDate?.ToUniversalTime(),
            Priority = created.Priority,
            CreatedAt = at,
            TenantId = instance.TenantId,
        };
        foreach (var group in created.CandidateGroups.Distinct(StringComparer.Ordinal))
        {
            task.Candidates.Add(new UserTaskCandidateEntity { UserTaskKey = task.Key, Kind = CandidateKinds.Group, Name = group });
        }

        foreach (var user in created.CandidateUsers.Distinct(StringComparer.Ordinal))
        {
            task.Candidates.Add(new UserTaskCandidateEntity { UserTaskKey = task.Key, Kind = CandidateKinds.User, Name = user });
        }

        return task;
    }

    private void DeleteTimer(long key)
    {
        var tracked = context.Timers.Local.FirstOrDefault(t => t.Key == key);
        if (tracked is not null)
        {
            // Scheduled and withdrawn within the same command: never written, so nothing to delete.
            context.Entry(tracked).State = context.Entry(tracked).State == EntityState.Added ? EntityState.Detached : EntityState.Deleted;
            return;
        }

        context.Entry(new TimerEntity { Key = key, ElementId = "", TenantId = "" }).State = EntityState.Deleted;
    }

    private void DeleteJob(long key)
    {
        var tracked = context.Jobs.Local.FirstOrDefault(j => j.Key == key);
        if (tracked is not null)
        {
            context.Entry(tracked).State = context.Entry(tracked).State == EntityState.Added ? EntityState.Detached : EntityState.Deleted;
            return;
        }

        context.Entry(new JobEntity { Key = key, Type = "", ElementId = "", ProcessId = "", State = "", CustomHeaders = "", TenantId = "" }).State =
            EntityState.Deleted;
    }
}
