using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Behaviors;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core;

/// <summary>
/// The deterministic, I/O-free heart of the engine. Each command takes an instance's state, runs it until every
/// token waits, and returns the new state with the side effects to carry out.
/// </summary>
public sealed class ProcessRuntime(RuntimeServices services)
{
    public RuntimeServices Services => services;

    public ExecutionResult StartInstance(DeployedProcess process, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor)
    {
        var instance = new ProcessInstanceState(services.Keys.NextKey(), process.Key, process.ProcessId, process.Version, process.TenantId,
            services.Clock.GetUtcNow());
        var context = new CommandExecution(services, process, instance, "start", actor);
        context.Record(JournalEventKind.InstanceStarted, process.ProcessId, instance.Key,
            $"{process.ProcessId} v{process.Version}");
        if (variables is { Count: > 0 })
        {
            context.SetRootVariables(variables);
        }

        context.ActivateNode(process.Model.NoneStartEvent, instance.Key);
        return context.Run();
    }

    public ExecutionResult CompleteUserTask(DeployedProcess process, ProcessInstanceState instance, long userTaskKey,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor)
    {
        var element = instance.FindElementByUserTask(userTaskKey)
            ?? throw new EngineConflictException($"User task {userTaskKey} is not open in process instance {instance.Key}.");
        RequireWaiting(element, $"User task {userTaskKey}");
        var context = new CommandExecution(services, process, instance, "complete-user-task", actor);
        var node = process.Model.GetNode(element.ElementId);
        element.UserTaskKey = null;
        context.AddIntent(new UserTaskCompleted(userTaskKey, element.Key, node.Id));
        context.Record(JournalEventKind.UserTaskCompleted, node.Id, element.Key, actor.ToString());
        context.MergeCompletionVariables(element, node, variables);
        context.Complete(element);
        return context.Run();
    }

    /// <summary>Fires a timer. A timer whose element is gone (cancelled, already fired) changes nothing.</summary>
    public ExecutionResult FireTimer(DeployedProcess process, ProcessInstanceState instance, long timerKey)
    {
        var context = new CommandExecution(services, process, instance, "fire-timer", CommandActor.Engine);
        var element = instance.FindElementByTimer(timerKey);
        if (element is null || element.State != ElementState.Waiting)
        {
            return context.Run();
        }

        element.TimerKey = null;
        context.AddIntent(new TimerFired(timerKey, element.Key, element.ElementId));
        context.Record(JournalEventKind.TimerFired, element.ElementId, element.Key);
        context.Complete(element);
        return context.Run();
    }

    public ExecutionResult CompleteJob(DeployedProcess process, ProcessInstanceState instance, long jobKey,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor)
    {
        var element = instance.FindElementByJob(jobKey)
            ?? throw new EngineConflictException($"Job {jobKey} is not active in process instance {instance.Key}.");
        RequireWaiting(element, $"Job {jobKey}");
        var context = new CommandExecution(services, process, instance, "complete-job", actor);
        var node = process.Model.GetNode(element.ElementId);
        element.JobKey = null;
        context.AddIntent(new JobCompleted(jobKey, element.Key, node.Id));
        context.Record(JournalEventKind.JobCompleted, node.Id, element.Key);
        context.MergeCompletionVariables(element, node, variables);
        context.Complete(element);
        return context.Run();
    }

    /// <summary>A worker reports a failure; with no retries left the task gets an incident.</summary>
    public ExecutionResult FailJob(DeployedProcess process, ProcessInstanceState instance, long jobKey, int retriesLeft, string message, CommandActor actor)
    {
        var element = instance.FindElementByJob(jobKey)
            ?? throw new EngineConflictException($"Job {jobKey} is not active in process instance {instance.Key}.");
        RequireWaiting(element, $"Job {jobKey}");
        var context = new CommandExecution(services, process, instance, "fail-job", actor);
        context.AddIntent(new JobFailed(jobKey, element.Key, element.ElementId, Math.Max(0, retriesLeft), message));
        context.Record(JournalEventKind.JobFailed, element.ElementId, element.Key, message);
        if (retriesLeft <= 0)
        {
            var incident = new IncidentInfo(services.Keys.NextKey(), IncidentErrorType.JobNoRetries,
                $"The job failed and has no retries left: {message}", ElementState.Waiting);
            element.Incident = incident;
            context.AddIntent(new IncidentRaised(incident.Key, element.Key, element.ElementId, incident.ErrorType.ToString(), incident.Message, jobKey));
            context.Record(JournalEventKind.IncidentRaised, element.ElementId, element.Key, incident.Message);
        }

        return context.Run();
    }

    /// <summary>Resolves an incident and repeats the step it stopped (activation, completion, or the job).</summary>
    public ExecutionResult ResolveIncident(DeployedProcess process, ProcessInstanceState instance, long incidentKey, CommandActor actor)
    {
        var element = instance.FindElementByIncident(incidentKey)
            ?? throw new EngineNotFoundException($"Incident {incidentKey} is not open in process instance {instance.Key}.");
        var incident = element.Incident!;
        var context = new CommandExecution(services, process, instance, "resolve-incident", actor);
        element.Incident = null;
        context.AddIntent(new IncidentResolved(incidentKey, element.Key, element.ElementId));
        context.Record(JournalEventKind.IncidentResolved, element.ElementId, element.Key);
        if (incident.ErrorType == IncidentErrorType.JobNoRetries && element.JobKey is { } oldJob)
        {
            // The worker gets a fresh job with the model's retries; the exhausted one is withdrawn.
            var task = (ServiceTask)process.Model.GetNode(element.ElementId);
            context.AddIntent(new JobCanceled(oldJob, element.Key, element.ElementId));
            element.JobKey = null;
            ServiceTaskBehavior.CreateJob(context, element, task, context.EvaluateString(task.TaskDefinition.Type, element, "job type"));
        }
        else
        {
            context.Retry(element, incident.FailedStep);
        }

        return context.Run();
    }

    public ExecutionResult Cancel(DeployedProcess process, ProcessInstanceState instance, CommandActor actor)
    {
        if (instance.Status != InstanceStatus.Active)
        {
            throw new EngineConflictException($"Process instance {instance.Key} is already {instance.Status.ToString().ToLowerInvariant()}.");
        }

        var context = new CommandExecution(services, process, instance, "cancel", actor);
        foreach (var element in instance.Elements.OrderByDescending(e => e.Key).ToList())
        {
            var node = process.Model.GetNode(element.ElementId);
            ElementBehaviors.For(node).Terminate(context, element, node);
            if (element.Incident is { } incident)
            {
                context.AddIntent(new IncidentResolved(incident.Key, element.Key, element.ElementId));
            }

            instance.Remove(element);
            context.Record(JournalEventKind.ElementTerminated, node.Id, element.Key);
        }

        instance.RemoveJoinTokens(instance.Key);
        instance.Terminate(context.Now);
        context.Record(JournalEventKind.InstanceCanceled, process.ProcessId, instance.Key, actor.ToString());
        return context.Run();
    }

    private static void RequireWaiting(ElementInstance element, string what)
    {
        if (element.State != ElementState.Waiting || element.Incident is not null)
        {
            throw new EngineConflictException($"{what} cannot be completed now: its element '{element.ElementId}' is {element.State.ToString().ToLowerInvariant()}"
                + (element.Incident is null ? "." : $" with an open incident ({element.Incident.Message})."));
        }
    }
}
