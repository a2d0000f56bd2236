using System.Globalization;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Execution;

/// <summary>
/// User task listeners (Camunda 8.8): a transition of a task (creating, assigning, updating, completing, canceling)
/// waits for the jobs of the task's listeners of that event, one after the other. They may correct the task's
/// attributes, and deny assigning, updating and completing; a denied transition leaves the task as it was.
/// </summary>
internal sealed partial class CommandExecution
{
    public static bool HasTaskListeners(UserTask task, TaskListenerEventType eventType) => TaskListenerAt(task, eventType, 0) is not null;

    /// <summary>
    /// Starts a transition of the task: at once when the task has no listener for it, else after its listeners.
    /// <paramref name="changes"/> are the attributes the request changes; <paramref name="variables"/> those a
    /// completion brings.
    /// </summary>
    public void BeginTaskTransition(ElementInstance element, UserTask task, TaskListenerEventType eventType, string? action,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? changes, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables,
        string? assigneeAfterCreation = null, IReadOnlyList<KeyValuePair<string, FeelValue>>? previous = null)
    {
        var transition = new UserTaskTransition(eventType, action) { AssigneeAfterCreation = assigneeAfterCreation, RequestedBy = Actor };
        foreach (var (name, value) in changes ?? [])
        {
            transition.Changes.Set(name, value);
        }

        foreach (var (name, value) in previous ?? [])
        {
            transition.Previous.Set(name, value);
        }

        if (variables is not null)
        {
            transition.Variables = new VariableMap();
            foreach (var (name, value) in variables)
            {
                transition.Variables.Set(name, value);
            }
        }

        element.TaskTransition = transition;
        if (eventType != TaskListenerEventType.Creating && HasTaskListeners(task, eventType))
        {
            AddIntent(new UserTaskTransitionStarted(element.UserTaskKey!.Value, element.Key, task.Id, eventType));
        }

        ContinueTaskTransition(element, task);
    }

    /// <summary>Opens the job of the transition's current listener, or applies the transition when no listener is left.</summary>
    public void ContinueTaskTransition(ElementInstance element, UserTask task)
    {
        var transition = element.TaskTransition!;
        if (element.JobKey is { } stale)
        {
            AddIntent(new JobCanceled(stale, element.Key, task.Id));
            element.JobKey = null;
        }

        var listener = TaskListenerAt(task, transition.Event, transition.Index);
        if (listener is null)
        {
            FinishTaskTransition(element, task, transition);
            return;
        }

        try
        {
            var (type, retries) = EvaluateListenerJob(listener.Type, listener.Retries, element, "task listener");
            var key = NextKey();
            element.JobKey = key;
            element.JobKind = JobKind.TaskListener;
            AddIntent(new JobCreated(key, element.Key, task.Id, type, retries, task.TaskHeaders)
            {
                Kind = JobKind.TaskListener,
                ListenerEventType = EventName(transition.Event),
            });
            Record(JournalEventKind.JobCreated, task.Id, element.Key, type);
        }
        catch (IncidentException incident)
        {
            // Camunda 8 repeats the whole transition (every listener) once such an incident is resolved.
            transition.Index = 0;
            RaiseIncident(element, incident, ElementState.Waiting);
        }
    }

    /// <summary>A worker completed a task listener job: a denial ends the transition, corrections are kept, the next listener runs.</summary>
    public void CompleteTaskListener(ElementInstance element, UserTask task, UserTaskJobResult? result)
    {
        element.JobKey = null;
        element.JobKind = JobKind.BpmnElement;
        var transition = element.TaskTransition!;
        if (result is { Denied: true })
        {
            element.TaskTransition = null;
            AddIntent(new UserTaskTransitionDenied(element.UserTaskKey!.Value, element.Key, task.Id, transition.Event, result.DeniedReason));
            Record(JournalEventKind.UserTaskTransitionDenied, task.Id, element.Key,
                EventName(transition.Event) + (string.IsNullOrWhiteSpace(result.DeniedReason) ? "" : ": " + result.DeniedReason));
            return;
        }

        foreach (var (name, value) in result?.Corrections ?? [])
        {
            transition.Corrections.Set(name, value);
        }

        transition.Index++;
        ContinueTaskTransition(element, task);
    }

    /// <summary>Assigns the task without listeners (or after them): its assignee changes and it is open.</summary>
    public void AssignTaskNow(ElementInstance element, UserTask task, string? assignee, IReadOnlyList<KeyValuePair<string, FeelValue>>? corrections = null)
    {
        var attributes = new VariableMap();
        attributes.Set(UserTaskAttributes.Assignee, assignee is null ? FeelValue.Null : FeelValue.FromString(assignee));
        foreach (var (name, value) in corrections ?? [])
        {
            attributes.Set(name, value);
        }

        AddIntent(new UserTaskUpdated(element.UserTaskKey!.Value, element.Key, task.Id, [.. attributes.Entries]));
        var finalAssignee = attributes.TryGetValue(UserTaskAttributes.Assignee, out var final) && final.TryGetString(out var text) ? text : null;
        Record(finalAssignee is null ? JournalEventKind.UserTaskUnassigned : JournalEventKind.UserTaskAssigned, task.Id, element.Key, finalAssignee);
    }

    /// <summary>
    /// Completes the task now: it is done, its variables are merged, the token moves on. <paramref name="completer"/> is
    /// who asked for it (this command's actor unless listeners held the completion up).
    /// </summary>
    public void CompleteUserTaskNow(ElementInstance element, FlowNode node, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables,
        CommandActor? completer = null)
    {
        var userTaskKey = element.UserTaskKey!.Value;
        var by = completer ?? Actor;
        element.UserTaskKey = null;
        AddIntent(new UserTaskCompleted(userTaskKey, element.Key, node.Id) { CompletedBy = by.Id, CompletedOnBehalfOf = by.OnBehalfOf });
        Record(JournalEventKind.UserTaskCompleted, node.Id, element.Key, by.Describe());
        MergeCompletionVariables(element, node, variables);
        Complete(element);
    }

    /// <summary>
    /// The task's element is terminated: the task is canceled, at once or after its canceling listeners. The token does
    /// not wait for them (a difference to Camunda 8, which holds up the termination).
    /// </summary>
    public void CancelUserTask(ElementInstance element, UserTask task)
    {
        if (element.UserTaskKey is not { } key)
        {
            return;
        }

        element.UserTaskKey = null;
        element.TaskTransition = null;
        if (!HasTaskListeners(task, TaskListenerEventType.Canceling))
        {
            AddIntent(new UserTaskCanceled(key, element.Key, task.Id));
            return;
        }

        AddIntent(new UserTaskTransitionStarted(key, element.Key, task.Id, TaskListenerEventType.Canceling));
        var run = new ListenerRun(ListenerRunKind.TaskCanceling, element.Key, task.Id) { UserTaskKey = key };
        Instance.AddListenerRun(run);
        ContinueListenerRun(run);
    }

    private void ContinueCancelingListeners(ListenerRun run)
    {
        var task = (UserTask)Model.GetNode(run.ElementId);
        var listener = TaskListenerAt(task, TaskListenerEventType.Canceling, run.Index);
        if (listener is null)
        {
            Instance.RemoveListenerRun(run);
            AddIntent(new UserTaskCanceled(run.UserTaskKey!.Value, run.ElementInstanceKey, run.ElementId));
            Record(JournalEventKind.UserTaskCanceled, run.ElementId, run.ElementInstanceKey,
                run.UserTaskKey.Value.ToString(CultureInfo.InvariantCulture));
            return;
        }

        OpenRunJob(run, listener.Type, listener.Retries, JobKind.TaskListener, EventName(TaskListenerEventType.Canceling), "task listener", task.TaskHeaders);
    }

    private void FinishTaskTransition(ElementInstance element, UserTask task, UserTaskTransition transition)
    {
        element.TaskTransition = null;
        var key = element.UserTaskKey!.Value;
        switch (transition.Event)
        {
            case TaskListenerEventType.Creating:
                AddIntent(new UserTaskUpdated(key, element.Key, task.Id, [.. transition.Corrections.Entries]));
                RecordCorrections(element, task, transition);
                if (transition.AssigneeAfterCreation is { } assignee)
                {
                    if (HasTaskListeners(task, TaskListenerEventType.Assigning))
                    {
                        BeginTaskTransition(element, task, TaskListenerEventType.Assigning, "assign",
                            [new(UserTaskAttributes.Assignee, FeelValue.FromString(assignee))], null);
                    }
                    else
                    {
                        AssignTaskNow(element, task, assignee);
                    }
                }

                break;
            case TaskListenerEventType.Assigning:
                var assignment = transition.Changes.TryGetValue(UserTaskAttributes.Assignee, out var requested) && requested.TryGetString(out var name)
                    ? name
                    : null;
                AssignTaskNow(element, task, assignment, [.. transition.Corrections.Entries]);
                break;
            case TaskListenerEventType.Updating:
                var changed = new VariableMap();
                foreach (var (attribute, value) in transition.Changes.Entries.Concat(transition.Corrections.Entries))
                {
                    changed.Set(attribute, value);
                }

                AddIntent(new UserTaskUpdated(key, element.Key, task.Id, [.. changed.Entries]));
                Record(JournalEventKind.UserTaskUpdated, task.Id, element.Key, UpdateDetail(changed, transition.Previous));
                break;
            case TaskListenerEventType.Completing:
                if (transition.Corrections.Count > 0)
                {
                    AddIntent(new UserTaskUpdated(key, element.Key, task.Id, [.. transition.Corrections.Entries]));
                    RecordCorrections(element, task, transition);
                }

                CompleteUserTaskNow(element, task, transition.Variables is { } variables ? [.. variables.Entries] : null, transition.RequestedBy);
                break;
        }
    }

    /// <summary>
    /// The journal's account of an update: with the old values known, {"priority": {"old": 50, "new": 80}, ...} for
    /// each attribute; without them, as corrections are written, {"priority": 80}.
    /// </summary>
    private static string UpdateDetail(VariableMap changed, VariableMap previous)
    {
        if (previous.Count == 0)
        {
            return FeelJson.ToJsonString(FeelValue.FromContext(changed.Entries));
        }

        var entries = changed.Entries.Select(e => new KeyValuePair<string, FeelValue>(e.Key, FeelValue.FromContext(
        [
            new("old", previous.TryGetValue(e.Key, out var old) ? old : FeelValue.Null),
            new("new", e.Value),
        ])));
        return FeelJson.ToJsonString(FeelValue.FromContext(entries));
    }

    private void RecordCorrections(ElementInstance element, UserTask task, UserTaskTransition transition)
    {
        if (transition.Corrections.Count > 0)
        {
            Record(JournalEventKind.UserTaskUpdated, task.Id, element.Key, FeelJson.ToJsonString(FeelValue.FromContext(transition.Corrections.Entries)));
        }
    }

    public static string EventName(TaskListenerEventType eventType) => eventType.ToString().ToUpperInvariant();

    private static TaskListener? TaskListenerAt(UserTask task, TaskListenerEventType eventType, int index)
    {
        var seen = 0;
        foreach (var listener in task.TaskListeners)
        {
            if (listener.EventType == eventType && seen++ == index)
            {
                return listener;
            }
        }

        return null;
    }
}
