using ProzessEngine.Bpmn;
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
/// token waits, and returns the new state with the side effects to carry out. Commands that deliver something stale
/// (a timer, message or child result for an element that is gone) change nothing and return no intents.
/// </summary>
public sealed partial class ProcessRuntime(RuntimeServices services)
{
    public RuntimeServices Services => services;

    // ---------------------------------------------------------------- starting instances

    /// <summary>Starts an instance at the process's none start event, with <paramref name="variables"/> in the process scope.</summary>
    public ExecutionResult StartInstance(DeployedProcess process, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor)
    {
        var start = process.Model.NoneStartEvent
            ?? throw new EngineConflictException($"Process '{process.ProcessId}' has no none start event; it starts by message, signal, timer or condition.");
        CommandExecution.RequireWithinLimits(services.Limits, variables);
        var context = Begin(process, services.Keys.NextKey(), "start", actor, null, variables);
        context.EnterProcess(start, triggered: false, null);
        return context.Run();
    }

    /// <summary>
    /// Starts an instance at a message, signal, timer or conditional start event; <paramref name="variables"/> are the
    /// trigger's (merged through the start event's output mappings, if any). <paramref name="depth"/> is the new
    /// instance's (one more than the instance that threw the message or signal; 0 when it came from outside).
    /// </summary>
    public ExecutionResult StartInstanceAt(DeployedProcess process, string startEventId, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor,
        long? instanceKey = null, int depth = 0)
    {
        var start = process.Model.EventStartEvents.FirstOrDefault(s => s.Id == startEventId)
            ?? throw new EngineNotFoundException($"Process '{process.ProcessId}' has no start event '{startEventId}' with an event definition.");
        var context = Begin(process, instanceKey ?? services.Keys.NextKey(), "start-by-event", actor, null, null, depth);
        context.EnterProcess(start, triggered: true, variables);
        return context.Run();
    }

    /// <summary>Whether a call activity can start this process (it needs a none start event).</summary>
    public static bool CanBeCalled(DeployedProcess process) => process.Model.NoneStartEvent is not null;

    /// <summary>Starts the child a call activity asked for, under the key the parent chose.</summary>
    public ExecutionResult StartChildInstance(DeployedProcess process, ChildInstanceRequested request, CommandActor actor)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = process.Model.NoneStartEvent
            ?? throw new EngineConflictException($"Process '{process.ProcessId}' has no none start event and cannot be called.");
        var context = Begin(process, request.ChildInstanceKey, "start-child", actor, request.Parent, request.Variables, request.Depth);
        context.EnterProcess(start, triggered: false, null);
        return context.Run();
    }

    /// <summary>The timer start events of a deployed process with their first due time (evaluated now, without variables).</summary>
    public IReadOnlyList<StartTimerSchedule> StartTimersOf(DeployedProcess process)
    {
        var schedules = new List<StartTimerSchedule>();
        foreach (var start in process.Model.EventStartEvents)
        {
            if (start.EventDefinition is not TimerEventDefinition timer)
            {
                continue;
            }

            var value = timer.Value.IsExpression ? timer.Value.Expression!.Evaluate(FeelVariables.Empty) : FeelValue.FromString(timer.Value.Text);
            try
            {
                var plan = TimerCalculator.Plan(timer, value, services.Clock.GetUtcNow(), services,
                    timer.CalendarId ?? process.Model.Property(EngineProperties.Calendar));
                schedules.Add(new StartTimerSchedule(start.Id, plan.DueAt, plan.Cycle, plan.Cycle is null ? 0 : plan.RemainingRepetitions));
            }
            catch (IncidentException ex)
            {
                throw new EngineConflictException($"The timer start event '{start.Id}' cannot be scheduled: {ex.Message}");
            }
        }

        return schedules;
    }

    /// <summary>A start timer fired: starts an instance at its start event and says when the timer fires next.</summary>
    public StartTimerFiring FireStartTimer(DeployedProcess process, StartTimerSchedule fired, CommandActor actor)
    {
        ArgumentNullException.ThrowIfNull(fired);
        var result = StartInstanceAt(process, fired.ElementId, null, actor);
        StartTimerSchedule? next = null;
        if (fired.Cycle is not null && fired.RemainingRepetitions != 0 && TimerCycle.TryParse(fired.Cycle, out var cycle, out _)
            && cycle!.NextDueAfter(fired.DueAt, services.Clock.GetUtcNow(), services.DefaultTimeZone) is { } due)
        {
            next = fired with { DueAt = due, RemainingRepetitions = fired.RemainingRepetitions < 0 ? -1 : fired.RemainingRepetitions - 1 };
        }

        return new StartTimerFiring(result, next);
    }

    public static IReadOnlyList<MessageStartEvent> MessageStartEventsOf(DeployedProcess process) =>
        [.. process.Model.EventStartEvents.Where(s => s.EventDefinition is MessageEventDefinition)
            .Select(s => new MessageStartEvent(s.Id, ((MessageEventDefinition)s.EventDefinition!).Name.Text))];

    public static IReadOnlyList<SignalStartEvent> SignalStartEventsOf(DeployedProcess process) =>
        [.. process.Model.EventStartEvents.Where(s => s.EventDefinition is SignalEventDefinition)
            .Select(s => new SignalStartEvent(s.Id, ((SignalEventDefinition)s.EventDefinition!).Name.Text))];

    /// <summary>The conditional start events whose condition is true for these variables (start each with <see cref="StartInstanceAt"/>).</summary>
    public static IReadOnlyList<string> ConditionalStartEventsMatching(DeployedProcess process, IReadOnlyList<KeyValuePair<string, FeelValue>> variables)
    {
        var scope = new FeelVariables(variables);
        return [.. process.Model.EventStartEvents
            .Where(s => s.EventDefinition is ConditionalEventDefinition condition
                && condition.Condition.Expression!.Evaluate(scope).TryGetBoolean(out var value) && value)
            .Select(s => s.Id)];
    }

    // ---------------------------------------------------------------- tasks and jobs

    /// <summary>Completes the task; with completing listeners it is COMPLETING (and the variables wait) until they agree.</summary>
    public ExecutionResult CompleteUserTask(DeployedProcess process, ProcessInstanceState instance, long userTaskKey,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor, string? action = null)
    {
        CommandExecution.RequireWithinLimits(services.Limits, variables);
        var (context, element, task) = OpenTask(process, instance, userTaskKey, "complete-user-task", actor);
        if (CommandExecution.HasTaskListeners(task, TaskListenerEventType.Completing))
        {
            context.BeginTaskTransition(element, task, TaskListenerEventType.Completing, action ?? "complete", null, variables ?? []);
        }
        else
        {
            context.CompleteUserTaskNow(element, task, variables);
        }

        return context.Run();
    }

    /// <summary>
    /// A worker completes a job. A listener job holds up its element until completed; <paramref name="result"/> is the
    /// worker's decision for a task listener (deny, correct) or an ad-hoc sub-process (activate, complete), and a 400
    /// (<see cref="JobResultRejectedException"/>) for any other job.
    /// </summary>
    public ExecutionResult CompleteJob(DeployedProcess process, ProcessInstanceState instance, long jobKey,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor, JobResult? result = null)
    {
        var found = instance.FindElementByJob(jobKey);
        if (CompleteSpecialJob(process, instance, jobKey, found, variables, result, actor) is { } special)
        {
            return special;
        }

        var element = found!;
        RequireWaiting(element, $"Job {jobKey}");
        CommandExecution.RequireWithinLimits(services.Limits, variables);
        var context = new CommandExecution(services, process, instance, "complete-job", actor);
        var node = context.NodeOf(element);
        element.JobKey = null;
        context.AddIntent(new JobCompleted(jobKey, element.Key, node.Id));
        context.Record(JournalEventKind.JobCompleted, node.Id, element.Key);
        context.MergeCompletionVariables(element, node, variables);
        context.Complete(element);
        return context.Run();
    }

    /// <summary>
    /// A worker reports a failure; with retries left the job is offered again after <paramref name="retryBackOff"/>, with
    /// none the task gets an incident.
    /// </summary>
    public ExecutionResult FailJob(DeployedProcess process, ProcessInstanceState instance, long jobKey, int retriesLeft, string message, CommandActor actor,
        TimeSpan retryBackOff = default)
    {
        var found = instance.FindElementByJob(jobKey);
        if (FailSpecialJob(process, instance, jobKey, found, retriesLeft, message, actor, retryBackOff) is { } special)
        {
            return special;
        }

        var element = found!;
        RequireWaiting(element, $"Job {jobKey}");
        var context = new CommandExecution(services, process, instance, "fail-job", actor);
        context.AddIntent(new JobFailed(jobKey, element.Key, element.ElementId, Math.Max(0, retriesLeft), message, retryBackOff));
        context.Record(JournalEventKind.JobFailed, element.ElementId, element.Key, message);
        if (retriesLeft <= 0)
        {
            context.RaiseIncident(element, new IncidentException(IncidentErrorType.JobNoRetries,
                $"The job failed and has no retries left: {message}"), ElementState.Waiting);
        }

        return context.Run();
    }

    /// <summary>
    /// A worker throws a BPMN error for the job: the job ends, and the error is caught by an error boundary event or
    /// event sub-process (here or in a calling process); uncaught it is an incident on the task, and resolving that
    /// incident creates the job again.
    /// </summary>
    public ExecutionResult ThrowJobError(DeployedProcess process, ProcessInstanceState instance, long jobKey, string errorCode, string? errorMessage,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        RefuseErrorFromListener(instance, jobKey, instance.FindElementByJob(jobKey));
        var element = instance.FindElementByJob(jobKey)
            ?? throw new EngineConflictException($"Job {jobKey} is not active in process instance {instance.Key}.");
        RequireWaiting(element, $"Job {jobKey}");
        CommandExecution.RequireWithinLimits(services.Limits, variables);
        var context = new CommandExecution(services, process, instance, "throw-job-error", actor);
        element.JobKey = null;
        context.AddIntent(new JobErrorThrown(jobKey, element.Key, element.ElementId, errorCode, errorMessage));
        try
        {
            context.ThrowError(element, throwerIsActivity: true, errorCode, errorMessage, variables);
        }
        catch (IncidentException incident)
        {
            context.RaiseIncident(element, incident, ElementState.Waiting);
        }

        return context.Run();
    }

    // ---------------------------------------------------------------- events

    /// <summary>Fires a timer. A timer whose owner is gone (cancelled, already fired) changes nothing.</summary>
    public ExecutionResult FireTimer(DeployedProcess process, ProcessInstanceState instance, long timerKey)
    {
        var context = new CommandExecution(services, process, instance, "fire-timer", CommandActor.Engine);
        var timer = instance.FindSubscription(timerKey);
        if (timer is null || timer.Kind != SubscriptionKind.Timer || !context.TryGetOwner(timer, out _))
        {
            return context.Run();
        }

        context.ConsumeSubscription(timer);
        context.AddIntent(new TimerFired(timerKey, timer.OwnerKey, timer.ElementId));
        context.Record(JournalEventKind.TimerFired, timer.ElementId, timer.OwnerKey);
        context.RescheduleIfRepeating(timer);
        context.Trigger(timer, null);
        return context.Run();
    }

    /// <summary>
    /// Delivers a message to an open subscription. When the result holds no <see cref="MessageCorrelated"/> intent the
    /// subscription was gone and the message is not consumed: try another subscription or buffer it. <paramref name="depth"/>
    /// is the message's, when another instance's command threw it (see <see cref="ProcessInstanceState.Depth"/>).
    /// </summary>
    public ExecutionResult CorrelateMessage(DeployedProcess process, ProcessInstanceState instance, long subscriptionKey,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor, int depth = 0)
    {
        var context = new CommandExecution(services, process, instance, "correlate-message", actor) { Depth = depth };
        var subscription = instance.FindSubscription(subscriptionKey);
        if (subscription is null || subscription.Kind != SubscriptionKind.Message || !context.TryGetOwner(subscription, out _))
        {
            return context.Run();
        }

        context.AddIntent(new MessageCorrelated(subscriptionKey, subscription.OwnerKey, subscription.ElementId));
        context.Record(JournalEventKind.MessageCorrelated, subscription.ElementId, subscription.OwnerKey);
        context.Trigger(subscription, variables);
        return context.Run();
    }

    /// <summary>
    /// Delivers a broadcast signal to one open signal subscription of the instance. <paramref name="depth"/> is the
    /// signal's, when another instance's command threw it.
    /// </summary>
    public ExecutionResult TriggerSignal(DeployedProcess process, ProcessInstanceState instance, long subscriptionKey,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor, int depth = 0)
    {
        var context = new CommandExecution(services, process, instance, "trigger-signal", actor) { Depth = depth };
        var subscription = instance.FindSubscription(subscriptionKey);
        if (subscription is null || subscription.Kind != SubscriptionKind.Signal || !context.TryGetOwner(subscription, out _))
        {
            return context.Run();
        }

        context.Record(JournalEventKind.SignalReceived, subscription.ElementId, subscription.OwnerKey);
        context.Trigger(subscription, variables);
        return context.Run();
    }

    /// <summary>
    /// Sets variables in a scope (the process when <paramref name="elementInstanceKey"/> is null): locally, or propagated
    /// like a job's result. Conditional events that become true trigger.
    /// </summary>
    public ExecutionResult SetVariables(DeployedProcess process, ProcessInstanceState instance, long? elementInstanceKey,
        IReadOnlyList<KeyValuePair<string, FeelValue>> variables, bool local, CommandActor actor)
    {
        ArgumentNullException.ThrowIfNull(variables);
        RequireActive(instance);
        CommandExecution.RequireWithinLimits(services.Limits, variables);
        var context = new CommandExecution(services, process, instance, "set-variables", actor);
        var scopeKey = elementInstanceKey ?? instance.Key;
        var element = scopeKey == instance.Key ? null
            : instance.FindElement(scopeKey) ?? throw new EngineNotFoundException($"Element instance {scopeKey} is not active in process instance {instance.Key}.");
        foreach (var (name, value) in variables)
        {
            if (element is not null && local)
            {
                context.SetLocalVariable(element, name, value);
            }
            else if (element is null)
            {
                context.SetRootVariables([new(name, value)]);
            }
            else
            {
                context.SetVariablePropagating(scopeKey, name, value);
            }
        }

        if (element is not null)
        {
            context.RecordVariables(element.ElementId, scopeKey, variables);
        }

        return context.Run();
    }

    /// <summary>Activates inner elements of a waiting ad-hoc sub-process by id.</summary>
    public ExecutionResult ActivateAdHocElements(DeployedProcess process, ProcessInstanceState instance, long adHocElementInstanceKey,
        IReadOnlyList<string> elementIds, CommandActor actor)
    {
        ArgumentNullException.ThrowIfNull(elementIds);
        var element = instance.FindElement(adHocElementInstanceKey)
            ?? throw new EngineNotFoundException($"Element instance {adHocElementInstanceKey} is not active in process instance {instance.Key}.");
        var context = new CommandExecution(services, process, instance, "activate-ad-hoc-elements", actor);
        if (context.NodeOf(element) is not AdHocSubProcess adHoc || element.State != ElementState.Waiting)
        {
            throw new EngineConflictException($"Element instance {adHocElementInstanceKey} is no waiting ad-hoc sub-process.");
        }

        try
        {
            AdHocSubProcessBehavior.ActivateElements(context, element, adHoc, elementIds);
        }
        catch (IncidentException ex)
        {
            throw new EngineConflictException(ex.Message);
        }

        return context.Run();
    }

    // ---------------------------------------------------------------- call activities

    /// <summary>The child of a call activity completed: merge its variables (as configured) and continue after the call activity.</summary>
    public ExecutionResult CompleteCallActivity(DeployedProcess process, ProcessInstanceState instance, long callActivityInstanceKey,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor)
    {
        var context = new CommandExecution(services, process, instance, "complete-call-activity", actor);
        var element = instance.FindElement(callActivityInstanceKey);
        if (element is null || element.ChildInstanceKey is null || element.State != ElementState.Waiting || context.NodeOf(element) is not CallActivity call)
        {
            return context.Run();
        }

        element.ChildInstanceKey = null;
        if (call.IoMapping.HasOutputs || call.CalledElement.PropagateAllChildVariables)
        {
            context.MergeCompletionVariables(element, call, variables);
        }

        context.Complete(element);
        return context.Run();
    }

    /// <summary>The child could not be started (unknown process, no none start event): an incident on the call activity; resolving asks again.</summary>
    public ExecutionResult FailCallActivity(DeployedProcess process, ProcessInstanceState instance, long callActivityInstanceKey, string reason, CommandActor actor)
    {
        var context = new CommandExecution(services, process, instance, "fail-call-activity", actor);
        var element = instance.FindElement(callActivityInstanceKey);
        if (element is null || element.ChildInstanceKey is null || element.State != ElementState.Waiting)
        {
            return context.Run();
        }

        element.ChildInstanceKey = null;
        context.RaiseIncident(element, new IncidentException(IncidentErrorType.CalledElement, reason), ElementState.Activating);
        return context.Run();
    }

    /// <summary>The child ended with an error that this instance (or one of its callers) catches.</summary>
    public ExecutionResult ThrowErrorFromChild(DeployedProcess process, ProcessInstanceState instance, long callActivityInstanceKey, string errorCode,
        string? errorMessage, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor)
    {
        var context = new CommandExecution(services, process, instance, "child-error", actor);
        var element = instance.FindElement(callActivityInstanceKey);
        if (element is null || element.ChildInstanceKey is null)
        {
            return context.Run();
        }

        element.ChildInstanceKey = null;
        try
        {
            context.ThrowError(element, throwerIsActivity: true, errorCode, errorMessage, variables);
        }
        catch (IncidentException incident)
        {
            context.RaiseIncident(element, incident, ElementState.Activating);
        }

        return context.Run();
    }

    /// <summary>The child escalated and did not catch it itself: look for a catch event from the call activity outwards.</summary>
    public ExecutionResult EscalateFromChild(DeployedProcess process, ProcessInstanceState instance, long callActivityInstanceKey, string escalationCode,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CommandActor actor)
    {
        var context = new CommandExecution(services, process, instance, "child-escalation", actor);
        var element = instance.FindElement(callActivityInstanceKey);
        if (element is null || element.ChildInstanceKey is null || element.State != ElementState.Waiting)
        {
            return context.Run();
        }

        context.ThrowEscalation(element, throwerIsActivity: true, escalationCode, variables);
        return context.Run();
    }

    // ---------------------------------------------------------------- incidents and cancellation

    /// <summary>Resolves an incident and repeats the step it stopped (activation, completion, the job, or the scope's check).</summary>
    public ExecutionResult ResolveIncident(DeployedProcess process, ProcessInstanceState instance, long incidentKey, CommandActor actor)
    {
        if (ResolveListenerIncident(process, instance, incidentKey, actor) is { } listener)
        {
            return listener;
        }

        var element = instance.FindElementByIncident(incidentKey)
            ?? throw new EngineNotFoundException($"Incident {incidentKey} is not open in process instance {instance.Key}.");
        var incident = element.Incident!;
        var context = new CommandExecution(services, process, instance, "resolve-incident", actor);
        element.Incident = null;
        context.AddIntent(new IncidentResolved(incidentKey, element.Key, element.ElementId));
        context.Record(JournalEventKind.IncidentResolved, element.ElementId, element.Key);
        var node = context.NodeOf(element);
        if (incident.FailedStep != ElementState.Waiting)
        {
            context.Retry(element, incident.FailedStep);
        }
        else if (node.Job is not null && !element.IsMultiInstanceBody)
        {
            // The worker gets a fresh job with the model's retries; an exhausted one is withdrawn.
            if (element.JobKey is { } oldJob)
            {
                context.AddIntent(new JobCanceled(oldJob, element.Key, element.ElementId));
                element.JobKey = null;
            }

            try
            {
                JobWorkerBehavior.CreateJob(context, element, node, context.EvaluateString(node.Job.Definition.Type, element, "job type"));
            }
            catch (IncidentException again)
            {
                context.RaiseIncident(element, again, ElementState.Waiting);
            }
        }
        else
        {
            if (element.IsMultiInstanceBody && element.Loop is { } loop && MultiInstanceBodyBehavior.HasBatchesLeft(loop) && node is Activity { Loop.IsSequential: false })
            {
                // The incident stopped the start of the next batch.
                context.QueueNextBatch(element);
            }

            context.RetryChildDone(element);
        }

        return context.Run();
    }

    /// <summary>
    /// Carries on with the work an earlier command left over when it used up its budget (Engine:Limits); answers a
    /// <see cref="ContinuationRequested"/>. An instance that ended meanwhile, or has nothing left, changes nothing.
    /// </summary>
    public ExecutionResult ContinueInstance(DeployedProcess process, ProcessInstanceState instance)
    {
        var context = new CommandExecution(services, process, instance, "continue-instance", CommandActor.Engine);
        context.ResumePendingWork();
        return context.Run();
    }

    /// <summary>Refuses variables handed in from outside that are larger than Engine:Limits:MaxVariablesBytes (before anything is written).</summary>
    public void RequireWithinLimits(IReadOnlyList<KeyValuePair<string, FeelValue>>? variables) =>
        CommandExecution.RequireWithinLimits(services.Limits, variables);

    /// <summary>Cancels the instance. A called instance is cancelled through its caller (only the engine cancels it directly).</summary>
    public ExecutionResult Cancel(DeployedProcess process, ProcessInstanceState instance, CommandActor actor)
    {
        RequireActive(instance);
        if (instance.Parent is { } parent && actor.Kind != CommandActorKind.Engine)
        {
            throw new EngineConflictException(
                $"Process instance {instance.Key} was started by call activity '{parent.ElementId}' of instance {parent.ProcessInstanceKey}; cancel that instance instead.");
        }

        var context = new CommandExecution(services, process, instance, "cancel", actor);
        context.TerminateInstance(JournalEventKind.InstanceCanceled, actor.ToString());
        return context.Run();
    }

    private CommandExecution Begin(DeployedProcess process, long key, string command, CommandActor actor, ParentLink? parent,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, int depth = 0)
    {
        var instance = new ProcessInstanceState(key, process.Key, process.ProcessId, process.Version, process.TenantId, services.Clock.GetUtcNow())
        {
            Parent = parent,
            Depth = depth,
        };
        var context = new CommandExecution(services, process, instance, command, actor) { Depth = depth };
        context.Record(JournalEventKind.InstanceStarted, process.ProcessId, instance.Key, $"{process.ProcessId} v{process.Version}");
        if (variables is { Count: > 0 })
        {
            context.SetRootVariables(variables);
        }

        return context;
    }

    private static void RequireActive(ProcessInstanceState instance)
    {
        if (instance.Status != InstanceStatus.Active)
        {
            throw new EngineConflictException($"Process instance {instance.Key} is already {instance.Status.ToString().ToLowerInvariant()}.");
        }
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
