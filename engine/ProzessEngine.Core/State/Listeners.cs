using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Core.State;

/// <summary>What a job is for (Camunda 8's job kinds); workers see it on activation.</summary>
public enum JobKind : byte
{
    /// <summary>The element's own work: a service, send, script or business rule task, a message throw event.</summary>
    BpmnElement,

    ExecutionListener,
    TaskListener,

    /// <summary>The worker that controls an ad-hoc sub-process (Camunda 8.8's agent pattern).</summary>
    AdHocSubProcess,
}

/// <summary>Which execution listeners of an element are running: its start listeners (activation) or end listeners (completion).</summary>
public enum ListenerPhase : byte
{
    None,
    Start,
    End,
}

/// <summary>
/// A user task transition that task listeners hold up: what the request changes, what the listeners corrected so far,
/// and which listener runs. Applied when the last listener completed; dropped when one denies it.
/// </summary>
public sealed class UserTaskTransition
{
    internal UserTaskTransition(TaskListenerEventType eventType, string? action)
    {
        Event = eventType;
        Action = action;
    }

    public TaskListenerEventType Event { get; }

    /// <summary>The action the caller gave (or assign, claim, unassign, update, complete by default).</summary>
    public string? Action { get; }

    /// <summary>Index (among the task's listeners of <see cref="Event"/>) of the listener whose job runs or runs next.</summary>
    public int Index { get; internal set; }

    /// <summary>The attributes the request changes (assignee, candidateGroups, candidateUsers, dueDate, followUpDate, priority); null clears.</summary>
    public VariableMap Changes { get; } = new();

    /// <summary>The attributes the listeners corrected so far, in the same form.</summary>
    public VariableMap Corrections { get; } = new();

    /// <summary>
    /// An update's attributes as they were before it, where the caller knew them (the stored task): the journal records
    /// old and new value of every attribute the update changes.
    /// </summary>
    public VariableMap Previous { get; } = new();

    /// <summary>The variables a completion brings, kept until the completing listeners agree.</summary>
    public VariableMap? Variables { get; internal set; }

    /// <summary>Creating: the assignee the model gives, assigned (with the assigning listeners) once the task is created.</summary>
    public string? AssigneeAfterCreation { get; internal set; }

    /// <summary>
    /// Who asked for the transition: the task is completed in their name when the last listener agrees, in a command
    /// of the listener's worker.
    /// </summary>
    public CommandActor? RequestedBy { get; internal set; }
}

/// <summary>What a listener run without an element instance belongs to.</summary>
public enum ListenerRunKind : byte
{
    /// <summary>Start listeners of the process: the start event activates when they are done.</summary>
    ProcessStart,

    /// <summary>End listeners of the process: the instance completes when they are done.</summary>
    ProcessEnd,

    /// <summary>Canceling listeners of a user task whose element was terminated.</summary>
    TaskCanceling,
}

/// <summary>
/// Listeners that run outside any element instance: those of the process itself, and the canceling listeners of a
/// terminated user task (the token has moved on; the task is canceled when they are done).
/// </summary>
public sealed class ListenerRun
{
    internal ListenerRun(ListenerRunKind kind, long elementInstanceKey, string elementId)
    {
        Kind = kind;
        ElementInstanceKey = elementInstanceKey;
        ElementId = elementId;
    }

    public ListenerRunKind Kind { get; }

    /// <summary>The process instance key for process listeners; the terminated user task's element instance otherwise.</summary>
    public long ElementInstanceKey { get; }

    /// <summary>The process id, or the user task's element id.</summary>
    public string ElementId { get; }

    public int Index { get; internal set; }
    public long? JobKey { get; internal set; }
    public IncidentInfo? Incident { get; internal set; }

    /// <summary>TaskCanceling: the task being canceled.</summary>
    public long? UserTaskKey { get; internal set; }

    /// <summary>ProcessStart: the start event to activate afterwards, and the variables its trigger brought (null: none).</summary>
    public string? StartEventId { get; internal set; }

    public VariableMap? StartVariables { get; internal set; }
}
