using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Behaviors;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core;

/// <summary>
/// Jobs that are not an element's own work (listener jobs, the job of an ad-hoc sub-process) and the user task
/// transitions that task listeners hold up: assigning, updating and completing a task.
/// </summary>
public sealed partial class ProcessRuntime
{
    /// <summary>
    /// Assigns the task (<paramref name="assignee"/> null: returns it to the group). Without assigning listeners the
    /// assignment is done at once; with them, the task is ASSIGNING until they agree.
    /// </summary>
    public ExecutionResult AssignUserTask(DeployedProcess process, ProcessInstanceState instance, long userTaskKey, string? assignee, string? action,
        CommandActor actor)
    {
        var (context, element, task) = OpenTask(process, instance, userTaskKey, assignee is null ? "unassign-user-task" : "assign-user-task", actor);
        if (CommandExecution.HasTaskListeners(task, TaskListenerEventType.Assigning))
        {
            context.BeginTaskTransition(element, task, TaskListenerEventType.Assigning, action ?? (assignee is null ? "unassign" : "assign"),
                [new(UserTaskAttributes.Assignee, assignee is null ? FeelValue.Null : FeelValue.FromString(assignee))], null);
        }
        else
        {
            context.AssignTaskNow(element, task, assignee);
        }

        return context.Run();
    }

    /// <summary>
    /// Changes the task's candidate groups and users, due and follow-up date or priority (<paramref name="changes"/>,
    /// by <see cref="UserTaskAttributes"/> name; null clears a date). With updating listeners the task is UPDATING until
    /// they agree.
    /// </summary>
    public ExecutionResult UpdateUserTask(DeployedProcess process, ProcessInstanceState instance, long userTaskKey,
        IReadOnlyList<KeyValuePair<string, FeelValue>> changes, string? action, CommandActor actor)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var (context, element, task) = OpenTask(process, instance, userTaskKey, "update-user-task", actor);
        context.BeginTaskTransition(element, task, TaskListenerEventType.Updating, action ?? "update", changes, null);
        return context.Run();
    }

    private (CommandExecution Context, ElementInstance Element, UserTask Task) OpenTask(DeployedProcess process, ProcessInstanceState instance, long userTaskKey,
        string command, CommandActor actor)
    {
        var element = instance.FindElementByUserTask(userTaskKey)
            ?? throw new EngineConflictException($"User task {userTaskKey} is not open in process instance {instance.Key}.");
        RequireWaiting(element, $"User task {userTaskKey}");
        RequireNoTransition(element, userTaskKey);
        var context = new CommandExecution(services, process, instance, command, actor);
        return (context, element, (UserTask)context.NodeOf(element));
    }

    private static void RequireNoTransition(ElementInstance element, long userTaskKey)
    {
        if (element.TaskTransition is { } transition)
        {
            throw new EngineConflictException(
                $"User task {userTaskKey} is {CommandExecution.EventName(transition.Event).ToLowerInvariant()}: its task listeners have not finished yet.");
        }
    }

    /// <summary>Completes a job that is not an element's own work; null when the job is such a job (the caller goes on).</summary>
    private ExecutionResult? CompleteSpecialJob(DeployedProcess process, ProcessInstanceState instance, long jobKey, ElementInstance? element,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, JobResult? result, CommandActor actor)
    {
        CommandExecution.RequireWithinLimits(services.Limits, variables);
        foreach (var activation in (result as AdHocSubProcessJobResult)?.ActivateElements ?? [])
        {
            CommandExecution.RequireWithinLimits(services.Limits, activation.Variables);
        }

        if (element is null)
        {
            var run = instance.FindListenerRunByJob(jobKey)
                ?? throw new EngineConflictException($"Job {jobKey} is not active in process instance {instance.Key}.");
            RequireNoIncident(run.Incident, jobKey);
            var isTaskListener = run.Kind == ListenerRunKind.TaskCanceling;
            CheckListenerCompletion(isTaskListener, variables, result, isTaskListener ? TaskListenerEventType.Canceling : null);
            var runContext = new CommandExecution(services, process, instance, "complete-job", actor);
            runContext.AddIntent(new JobCompleted(jobKey, run.ElementInstanceKey, run.ElementId));
            runContext.Record(JournalEventKind.JobCompleted, run.ElementId, run.ElementInstanceKey);
            runContext.CompleteListenerRun(run, isTaskListener ? null : variables);
            return runContext.Run();
        }

        switch (element.JobKind)
        {
            case JobKind.ExecutionListener:
                RequireNoIncident(element.Incident, jobKey);
                CheckListenerCompletion(false, variables, result, null);
                var listenerContext = Begin(process, instance, jobKey, element, actor);
                listenerContext.CompleteExecutionListener(element, variables);
                return listenerContext.Run();
            case JobKind.TaskListener:
                RequireNoIncident(element.Incident, jobKey);
                var transition = element.TaskTransition
                    ?? throw new EngineConflictException($"Job {jobKey} belongs to no running task listener of '{element.ElementId}'.");
                CheckListenerCompletion(true, variables, result, transition.Event);
                if (transition is { Event: TaskListenerEventType.Creating, AssigneeAfterCreation: not null }
                    && result is UserTaskJobResult corrections && corrections.Corrections.Any(c => c.Key == UserTaskAttributes.Assignee))
                {
                    throw new JobResultRejectedException("result.corrections.assignee",
                        $"The process assigns user task '{element.ElementId}' itself; a creating listener cannot correct its assignee (an assigning listener can).");
                }

                var taskContext = Begin(process, instance, jobKey, element, actor);
                taskContext.CompleteTaskListener(element, (UserTask)taskContext.NodeOf(element), (UserTaskJobResult?)result);
                return taskContext.Run();
            case JobKind.AdHocSubProcess:
                RequireWaiting(element, $"Job {jobKey}");
                var adHocContext = new CommandExecution(services, process, instance, "complete-job", actor);
                var adHoc = (AdHocSubProcess)adHocContext.NodeOf(element);
                if (result is not AdHocSubProcessJobResult decision)
                {
                    throw new JobResultRejectedException("result", result is null
                        ? $"The job of ad-hoc sub-process '{adHoc.Id}' needs a result of type adHocSubProcess: which elements to activate, or that it is done."
                        : $"The job of ad-hoc sub-process '{adHoc.Id}' takes a result of type adHocSubProcess, not {result.TypeName}.");
                }

                if (AdHocSubProcessBehavior.Check(adHoc, decision) is { } problem)
                {
                    throw new JobResultRejectedException(problem.Field, problem.Message);
                }

                element.JobKey = null;
                element.JobKind = JobKind.BpmnElement;
                adHocContext.AddIntent(new JobCompleted(jobKey, element.Key, adHoc.Id));
                adHocContext.Record(JournalEventKind.JobCompleted, adHoc.Id, element.Key);
                AdHocSubProcessBehavior.ApplyJobResult(adHocContext, element, adHoc, decision, variables);
                return adHocContext.Run();
            default:
                if (result is not null)
                {
                    throw new JobResultRejectedException("result.type",
                        $"The job of '{element.ElementId}' is the element's own work; a result of type {result.TypeName} belongs to a task listener or an ad-hoc sub-process job.");
                }

                return null;
        }
    }

    private CommandExecution Begin(DeployedProcess process, ProcessInstanceState instance, long jobKey, ElementInstance element, CommandActor actor)
    {
        var context = new CommandExecution(services, process, instance, "complete-job", actor);
        context.AddIntent(new JobCompleted(jobKey, element.Key, element.ElementId));
        context.Record(JournalEventKind.JobCompleted, element.ElementId, element.Key);
        return context;
    }

    /// <summary>Camunda 8's rules for completing listener jobs, as 400s that name the field.</summary>
    private static void CheckListenerCompletion(bool taskListener, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, JobResult? result,
        TaskListenerEventType? eventType)
    {
        if (!taskListener)
        {
            if (result is not null)
            {
                throw new JobResultRejectedException("result.type", $"An execution listener job takes variables, not a result of type {result.TypeName}.");
            }

            return;
        }

        if (variables is { Count: > 0 })
        {
            throw new JobResultRejectedException("variables", "A task listener job is completed without variables (Camunda 8); correct the task with result.corrections.");
        }

        if (result is null)
        {
            return;
        }

        if (result is not UserTaskJobResult userTask)
        {
            throw new JobResultRejectedException("result.type", $"A task listener job takes a result of type userTask, not {result.TypeName}.");
        }

        if (userTask.Denied && eventType is TaskListenerEventType.Creating or TaskListenerEventType.Canceling)
        {
            throw new JobResultRejectedException("result.denied",
                $"A {CommandExecution.EventName(eventType.Value).ToLowerInvariant()} listener cannot deny its transition; only assigning, updating and completing can be denied.");
        }

        if (userTask.Corrections.Count > 0 && eventType == TaskListenerEventType.Canceling)
        {
            throw new JobResultRejectedException("result.corrections", "A canceling listener cannot correct a task that is being canceled.");
        }
    }

    private static void RequireNoIncident(IncidentInfo? incident, long jobKey)
    {
        if (incident is not null)
        {
            throw new EngineConflictException($"Job {jobKey} cannot be completed now: it has an open incident ({incident.Message}).");
        }
    }

    /// <summary>A listener job failed: with retries left it is offered again, without it is an incident that holds up the listener.</summary>
    private ExecutionResult? FailSpecialJob(DeployedProcess process, ProcessInstanceState instance, long jobKey, ElementInstance? element, int retriesLeft,
        string message, CommandActor actor, TimeSpan retryBackOff)
    {
        if (element is null)
        {
            var run = instance.FindListenerRunByJob(jobKey)
                ?? throw new EngineConflictException($"Job {jobKey} is not active in process instance {instance.Key}.");
            RequireNoIncident(run.Incident, jobKey);
            var runContext = new CommandExecution(services, process, instance, "fail-job", actor);
            runContext.AddIntent(new JobFailed(jobKey, run.ElementInstanceKey, run.ElementId, Math.Max(0, retriesLeft), message, retryBackOff));
            runContext.Record(JournalEventKind.JobFailed, run.ElementId, run.ElementInstanceKey, message);
            if (retriesLeft <= 0)
            {
                runContext.RaiseRunIncident(run, new IncidentException(IncidentErrorType.JobNoRetries, $"The listener job failed and has no retries left: {message}"));
            }

            return runContext.Run();
        }

        if (element.JobKind is not (JobKind.ExecutionListener or JobKind.TaskListener))
        {
            return null;
        }

        RequireNoIncident(element.Incident, jobKey);
        var context = new CommandExecution(services, process, instance, "fail-job", actor);
        context.AddIntent(new JobFailed(jobKey, element.Key, element.ElementId, Math.Max(0, retriesLeft), message, retryBackOff));
        context.Record(JournalEventKind.JobFailed, element.ElementId, element.Key, message);
        if (retriesLeft <= 0)
        {
            // The element keeps its step (activating, completing or waiting): resolving the incident runs the same listener again.
            context.RaiseIncident(element, new IncidentException(IncidentErrorType.JobNoRetries,
                $"The listener job failed and has no retries left: {message}"), element.State);
        }

        return context.Run();
    }

    /// <summary>Resolves an incident of a listener run or of a task transition; null when the incident is an ordinary one.</summary>
    private ExecutionResult? ResolveListenerIncident(DeployedProcess process, ProcessInstanceState instance, long incidentKey, CommandActor actor)
    {
        if (instance.FindListenerRunByIncident(incidentKey) is { } run)
        {
            var runContext = new CommandExecution(services, process, instance, "resolve-incident", actor);
            run.Incident = null;
            runContext.AddIntent(new IncidentResolved(incidentKey, run.ElementInstanceKey, run.ElementId));
            runContext.Record(JournalEventKind.IncidentResolved, run.ElementId, run.ElementInstanceKey);
            runContext.ContinueListenerRun(run);
            return runContext.Run();
        }

        if (instance.FindElementByIncident(incidentKey) is not { TaskTransition: not null } element || element.Incident!.FailedStep != ElementState.Waiting)
        {
            return null;
        }

        var context = new CommandExecution(services, process, instance, "resolve-incident", actor);
        element.Incident = null;
        context.AddIntent(new IncidentResolved(incidentKey, element.Key, element.ElementId));
        context.Record(JournalEventKind.IncidentResolved, element.ElementId, element.Key);
        context.ContinueTaskTransition(element, (UserTask)context.NodeOf(element));
        return context.Run();
    }

    /// <summary>Camunda 8 refuses BPMN errors from listener jobs: the listener can fail, not steer the process.</summary>
    private static void RefuseErrorFromListener(ProcessInstanceState instance, long jobKey, ElementInstance? element)
    {
        if ((element is null && instance.FindListenerRunByJob(jobKey) is not null)
            || element?.JobKind is JobKind.ExecutionListener or JobKind.TaskListener)
        {
            throw new EngineConflictException($"Job {jobKey} belongs to a listener; a listener job cannot throw a BPMN error (fail it instead).");
        }
    }
}
