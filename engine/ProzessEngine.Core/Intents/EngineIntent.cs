using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Intents;

/// <summary>
/// A side effect a command asks for. Core decides, Persistence and the Host carry it out in the command's transaction
/// (rows for tasks, timers, jobs, subscriptions, incidents) or after commit (scheduling timers, notifying listeners).
/// Intents that concern another process instance (a child, the parent, message and signal receivers) are answered by
/// a command on that instance.
/// </summary>
public abstract record EngineIntent(long ElementInstanceKey, string ElementId);

public sealed record UserTaskCreated(
    long UserTaskKey,
    long ElementInstanceKey,
    string ElementId,
    string Name,
    string? Assignee,
    IReadOnlyList<string> CandidateGroups,
    IReadOnlyList<string> CandidateUsers,
    string? FormId,
    string? EmbeddedFormKey,
    DateTimeOffset? DueDate,
    DateTimeOffset? FollowUpDate,
    int Priority) : EngineIntent(ElementInstanceKey, ElementId)
{
    /// <summary>True while creating listeners run: the task exists (state CREATING) but cannot be worked on yet.</summary>
    public bool Creating { get; init; }

    /// <summary>The linked form version a deployment or versionTag binding chose; null binds the latest version of <see cref="FormId"/>.</summary>
    public long? FormKey { get; init; }

    /// <summary>A form key the application that shows the task understands (Camunda 8: a custom form key).</summary>
    public string? CustomFormKey { get; init; }

    /// <summary>A link to a form outside the engine (zeebe:formDefinition externalReference).</summary>
    public string? ExternalFormReference { get; init; }
}

public sealed record UserTaskCompleted(long UserTaskKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record UserTaskCanceled(long UserTaskKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>Task listeners hold up a transition of the task: its state is CREATING, ASSIGNING, UPDATING, COMPLETING or CANCELING meanwhile.</summary>
public sealed record UserTaskTransitionStarted(long UserTaskKey, long ElementInstanceKey, string ElementId, TaskListenerEventType Event)
    : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>A task listener denied the transition: the task is open (CREATED) again, as it was before.</summary>
public sealed record UserTaskTransitionDenied(long UserTaskKey, long ElementInstanceKey, string ElementId, TaskListenerEventType Event, string? Reason)
    : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>
/// The task's attributes change (assignment, update, listener corrections) and it is open (CREATED). Each attribute
/// is one of assignee, candidateGroups, candidateUsers (lists of strings), dueDate, followUpDate (ISO 8601 text) or
/// priority; null clears it. Attributes not named keep their value.
/// </summary>
public sealed record UserTaskUpdated(long UserTaskKey, long ElementInstanceKey, string ElementId, IReadOnlyList<KeyValuePair<string, FeelValue>> Attributes)
    : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>
/// A timer to write and schedule. <paramref name="ElementInstanceKey"/> is the owner (the catch event, the activity a
/// boundary event is attached to, an event-based gateway, or the scope of an event sub-process; the process instance
/// key for the process scope) and <paramref name="ElementId"/> the timer event. Answer with <c>FireTimer</c>.
/// </summary>
public sealed record TimerScheduled(long TimerKey, long ElementInstanceKey, string ElementId, DateTimeOffset DueAt) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record TimerCanceled(long TimerKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>The timer fired and is consumed; a repeating timer comes back as a new <see cref="TimerScheduled"/>.</summary>
public sealed record TimerFired(long TimerKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record JobCreated(
    long JobKey,
    long ElementInstanceKey,
    string ElementId,
    string Type,
    int Retries,
    IReadOnlyList<KeyValuePair<string, string>> CustomHeaders) : EngineIntent(ElementInstanceKey, ElementId)
{
    public JobKind Kind { get; init; }

    /// <summary>For listener jobs: the event, as Camunda 8 names it (START, END, CREATING, ASSIGNING, UPDATING, COMPLETING, CANCELING).</summary>
    public string? ListenerEventType { get; init; }
}

public sealed record JobCompleted(long JobKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

/// <param name="RetryBackOff">How long a job with retries left waits before a worker can activate it again.</param>
public sealed record JobFailed(long JobKey, long ElementInstanceKey, string ElementId, int RetriesLeft, string Message, TimeSpan RetryBackOff = default)
    : EngineIntent(ElementInstanceKey, ElementId);

public sealed record JobCanceled(long JobKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>A worker threw a BPMN error for the job: the job is done (delete it), the error travels on in the process.</summary>
public sealed record JobErrorThrown(long JobKey, long ElementInstanceKey, string ElementId, string ErrorCode, string? ErrorMessage)
    : EngineIntent(ElementInstanceKey, ElementId);

public sealed record IncidentRaised(long IncidentKey, long ElementInstanceKey, string ElementId, string ErrorType, string Message, long? JobKey)
    : EngineIntent(ElementInstanceKey, ElementId);

public sealed record IncidentResolved(long IncidentKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>Variables changed in a scope (for the journal and read models).</summary>
public sealed record VariablesChanged(long ElementInstanceKey, string ElementId, IReadOnlyList<KeyValuePair<string, FeelValue>> Variables)
    : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>
/// The instance waits for a message with this name and correlation key. Persistence stores the subscription and, if a
/// buffered message matches, correlates it right after commit. Answer with <c>CorrelateMessage</c>.
/// A non-interrupting subscription stays open after a correlation; every other one is closed by it.
/// </summary>
public sealed record MessageSubscriptionOpened(
    long SubscriptionKey,
    long ElementInstanceKey,
    string ElementId,
    string MessageName,
    string CorrelationKey,
    bool Interrupting) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record MessageSubscriptionClosed(long SubscriptionKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>A message was correlated to the subscription (the message is consumed).</summary>
public sealed record MessageCorrelated(long SubscriptionKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>
/// A message throw event, message end event or send task publishes a message (zeebe:publishMessage): correlate it to a
/// waiting subscription or a message start event, or buffer it for <paramref name="TimeToLive"/>. An instance it starts,
/// and the command it triggers on a waiting instance, are <paramref name="Depth"/> deep (Engine:Limits:MaxCallDepth).
/// </summary>
public sealed record MessagePublishRequested(
    long ElementInstanceKey,
    string ElementId,
    string MessageName,
    string? CorrelationKey,
    string? MessageId,
    TimeSpan TimeToLive,
    IReadOnlyList<KeyValuePair<string, FeelValue>> Variables,
    int Depth) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>The instance waits for a signal with this name. Answer with <c>TriggerSignal</c>.</summary>
public sealed record SignalSubscriptionOpened(long SubscriptionKey, long ElementInstanceKey, string ElementId, string SignalName, bool Interrupting)
    : EngineIntent(ElementInstanceKey, ElementId);

public sealed record SignalSubscriptionClosed(long SubscriptionKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>
/// A signal throw or end event broadcasts a signal: trigger every open signal subscription with this name (this
/// instance's included) and start the processes with a matching signal start event. An instance it starts, and the
/// command it triggers on a waiting instance, are <paramref name="Depth"/> deep.
/// </summary>
public sealed record SignalBroadcastRequested(long ElementInstanceKey, string ElementId, string SignalName, IReadOnlyList<KeyValuePair<string, FeelValue>> Variables,
    int Depth) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>
/// A call activity asks for a child instance with the pre-allocated key <paramref name="ChildInstanceKey"/>. Resolve the
/// called process by <paramref name="Binding"/> and start it with <c>StartChildInstance</c>; if it cannot be started,
/// answer the caller with <c>FailCallActivity</c>. The child is <paramref name="Depth"/> deep (its caller's depth + 1).
/// </summary>
public sealed record ChildInstanceRequested(
    long ChildInstanceKey,
    long ElementInstanceKey,
    string ElementId,
    string CalledProcessId,
    CallBinding Binding,
    string? VersionTag,
    IReadOnlyList<KeyValuePair<string, FeelValue>> Variables,
    ParentLink Parent,
    int Depth) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>The call activity ended before its child: cancel the child instance (<c>Cancel</c> with the engine as actor).</summary>
public sealed record ChildInstanceCancelRequested(long ChildInstanceKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>
/// This child instance completed: answer its parent with <c>CompleteCallActivity</c>. ElementInstanceKey and ElementId
/// are the child instance's key and process id.
/// </summary>
public sealed record ChildInstanceCompleted(
    long ParentInstanceKey,
    long CallActivityInstanceKey,
    IReadOnlyList<KeyValuePair<string, FeelValue>> Variables,
    long ElementInstanceKey,
    string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>
/// An error this child instance does not catch is caught by its caller: the child has ended (terminated); answer the
/// parent with <c>ThrowErrorFromChild</c>.
/// </summary>
public sealed record ErrorPropagatedToParent(
    long ParentInstanceKey,
    long CallActivityInstanceKey,
    string ErrorCode,
    string? ErrorMessage,
    IReadOnlyList<KeyValuePair<string, FeelValue>> Variables,
    long ElementInstanceKey,
    string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>An escalation this child instance does not catch goes to its caller: answer the parent with <c>EscalateFromChild</c>.</summary>
public sealed record EscalationPropagatedToParent(
    long ParentInstanceKey,
    long CallActivityInstanceKey,
    string EscalationCode,
    IReadOnlyList<KeyValuePair<string, FeelValue>> Variables,
    long ElementInstanceKey,
    string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>
/// The command used up its budget and left work over (kept in the instance's state): run <c>ContinueInstance</c> on
/// the instance after commit, in a command of its own. ElementInstanceKey and ElementId are the instance's key and
/// process id.
/// </summary>
public sealed record ContinuationRequested(long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);
