using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.State;

public enum ElementState
{
    /// <summary>Activation started (input mappings, behaviour) but has not finished, e.g. because of an incident.</summary>
    Activating,

    /// <summary>Active and waiting for something: a clerk, a job worker, a timer, a message, its children.</summary>
    Waiting,

    /// <summary>Completion started (output mappings, choosing outgoing flows) but has not finished.</summary>
    Completing,
}

/// <summary>
/// A token at one element: one execution of a flow node within its scope. Sub-processes, event sub-processes,
/// multi-instance bodies, call activities and compensation throw events are scopes: their children point to them.
/// </summary>
public sealed class ElementInstance
{
    internal ElementInstance(long key, string elementId, long scopeKey, ElementState state)
    {
        Key = key;
        ElementId = elementId;
        ScopeKey = scopeKey;
        State = state;
    }

    public long Key { get; }
    public string ElementId { get; }

    /// <summary>Key of the enclosing scope: the process instance key at the top level.</summary>
    public long ScopeKey { get; }

    public ElementState State { get; internal set; }

    /// <summary>Local variables (input mappings, loop variables, results before output mappings); null when none.</summary>
    public VariableMap? Variables { get; internal set; }

    public long? UserTaskKey { get; internal set; }
    public long? JobKey { get; internal set; }

    /// <summary>What the job in <see cref="JobKey"/> is for: the element's own work, a listener, or an ad-hoc sub-process's worker.</summary>
    public JobKind JobKind { get; internal set; }

    /// <summary>Which execution listeners run (or ran) and the index of the one whose job runs or runs next.</summary>
    public ListenerPhase ListenerPhase { get; internal set; }

    public int ListenerIndex { get; internal set; }

    /// <summary>A user task transition held up by task listeners, if any.</summary>
    public UserTaskTransition? TaskTransition { get; internal set; }

    /// <summary>For a call activity: the key of the process instance it started and waits for.</summary>
    public long? ChildInstanceKey { get; internal set; }

    public IncidentInfo? Incident { get; internal set; }

    /// <summary>The body that holds the instances of a multi-instance activity (same element id as its inner instances).</summary>
    public bool IsMultiInstanceBody => (Flags & ElementFlags.MultiInstanceBody) != 0;

    /// <summary>Counters of a multi-instance body.</summary>
    public MultiInstanceState? Loop { get; internal set; }

    internal ElementFlags Flags { get; set; }

    internal bool IsMultiInstanceInner => (Flags & ElementFlags.MultiInstanceInner) != 0;

    /// <summary>
    /// What triggered the element and is not consumed yet: the variables a boundary event, event sub-process, start or
    /// catch event brings along when it activates, or the event an event-based gateway continues to. Part of the state,
    /// so that a command can stop between the trigger and its activation and a following command carries on.
    /// </summary>
    internal PendingTrigger? Trigger { get; set; }

    /// <summary>
    /// When the element was created, counted within its instance: what "older" means. Keys cannot say it, since keys
    /// made in one millisecond are in no order.
    /// </summary>
    public long Ordinal { get; internal set; }

    /// <summary>The model node, cached for the command; not part of the state.</summary>
    internal FlowNode? Node { get; set; }

    internal VariableMap EnsureVariables() => Variables ??= new VariableMap();
}

[Flags]
internal enum ElementFlags : byte
{
    None = 0,
    MultiInstanceBody = 1,
    MultiInstanceInner = 2,

    /// <summary>A completion condition was met: complete once the remaining children are done (or at once).</summary>
    CompletionConditionMet = 4,
}

/// <summary>Where a multi-instance body stands: how many instances it has and how many completed.</summary>
public sealed class MultiInstanceState
{
    public int Total { get; internal set; }
    public int Completed { get; internal set; }
    public int Terminated { get; internal set; }

    /// <summary>Index of the next item to start (sequential only).</summary>
    public int NextIndex { get; internal set; }

    /// <summary>
    /// The input collection as evaluated on activation, while instances are still to start: the next one of a sequential
    /// multi-instance, the next batch of a parallel one.
    /// </summary>
    public FeelValue Items { get; internal set; }

    /// <summary>
    /// Working copy of the output collection while inner instances complete within one command, so that collecting a
    /// result costs O(1) instead of copying the list; written back to the variable when read and when the command ends.
    /// </summary>
    internal FeelValue[]? Outputs { get; set; }

    internal string? OutputName { get; set; }

    internal bool OutputsChanged { get; set; }
}

/// <summary>A trigger waiting for its element's activation; <paramref name="GatewayTargetId"/> is set for an event-based gateway's choice.</summary>
internal sealed record PendingTrigger(IReadOnlyList<KeyValuePair<string, FeelValue>>? Variables, string? GatewayTargetId);

public enum IncidentErrorType
{
    ExpressionEvaluation,
    ConditionNoMatch,
    IoMapping,
    JobNoRetries,
    Extract,

    /// <summary>An error event was thrown and no catch event caught it.</summary>
    Unhandled,

    /// <summary>A call activity could not start its process (unknown process id, no none start event).</summary>
    CalledElement,

    /// <summary>A timer could not be scheduled (unknown business calendar, a date out of range).</summary>
    Timer,

    /// <summary>A user task's linked form is not deployed (in the version its binding asks for).</summary>
    FormNotFound,

    /// <summary>A failure the engine did not foresee; the message names it.</summary>
    Unexpected,

    /// <summary>An Engine:Limits bound was reached: a loop without wait state, too many items or tokens, a variable too large.</summary>
    LimitExceeded,

    /// <summary>A business rule task's decision is not deployed (in the version its binding asks for).</summary>
    CalledDecision,

    /// <summary>A decision failed while evaluating: a violated hit policy, a type error; the message names decision, rules and inputs.</summary>
    DecisionEvaluation,
}

/// <summary>Why an element instance is stuck, and which step resolving the incident repeats.</summary>
public sealed record IncidentInfo(long Key, IncidentErrorType ErrorType, string Message, ElementState FailedStep);
