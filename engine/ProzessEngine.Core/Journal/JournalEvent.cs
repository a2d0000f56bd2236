namespace ProzessEngine.Core.Journal;

public enum JournalEventKind
{
    InstanceStarted,
    ElementActivated,
    ElementCompleted,
    ElementTerminated,
    FlowTaken,
    VariablesSet,
    UserTaskCreated,
    UserTaskCompleted,
    UserTaskAssigned,
    UserTaskUnassigned,
    TimerScheduled,
    TimerFired,
    JobCreated,
    JobCompleted,
    JobFailed,
    IncidentRaised,
    IncidentResolved,
    InstanceCompleted,
    InstanceCanceled,
    MessageCorrelated,
    SignalReceived,
    ErrorThrown,
    EscalationThrown,
    MessagePublished,
    SignalBroadcast,
    ChildInstanceRequested,
    CompensationThrown,

    /// <summary>The instance ended because an error went to its caller, or a terminate end event of the caller ended it.</summary>
    InstanceTerminated,

    /// <summary>A user task's attributes changed (update request or listener corrections).</summary>
    UserTaskUpdated,

    /// <summary>A task listener denied a user task transition; the detail names the event and the reason.</summary>
    UserTaskTransitionDenied,

    /// <summary>A user task was canceled after its canceling listeners ran.</summary>
    UserTaskCanceled,

    /// <summary>The command used up its budget (Engine:Limits) and committed; a following command continues the work left over.</summary>
    ContinuationScheduled,

    /// <summary>Someone wrote a comment on a user task; the detail is its text, so the journal vouches for it.</summary>
    UserTaskCommented,

    /// <summary>
    /// A business rule task evaluated a decision; the detail is a JSON document with the decision's version and, for each
    /// evaluated decision, its inputs, matched rules and outputs (the audit trail of a fee or a responsibility).
    /// </summary>
    DecisionEvaluated,
}

/// <summary>
/// One thing that happened inside a command. A command's events are stored together as one journal entry with the
/// command, its actor and time; <see cref="Detail"/> holds what changed (variable names and values, a message).
/// </summary>
public readonly record struct JournalEvent(JournalEventKind Kind, string? ElementId, long? ElementInstanceKey, string? Detail = null);
