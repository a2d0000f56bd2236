namespace ProzessEngine.Core.State;

public enum ElementState
{
    /// <summary>Activation started (input mappings, behaviour) but has not finished, e.g. because of an incident.</summary>
    Activating,

    /// <summary>Active and waiting for something: a clerk, a job worker, a timer.</summary>
    Waiting,

    /// <summary>Completion started (output mappings, choosing outgoing flows) but has not finished.</summary>
    Completing,
}

/// <summary>A token at one element: one execution of a flow node within its scope.</summary>
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

    /// <summary>Local variables (input mappings, completion variables before output mappings); null when none.</summary>
    public VariableMap? Variables { get; internal set; }

    public long? UserTaskKey { get; internal set; }
    public long? JobKey { get; internal set; }
    public long? TimerKey { get; internal set; }
    public IncidentInfo? Incident { get; internal set; }

    internal VariableMap EnsureVariables() => Variables ??= new VariableMap();
}

public enum IncidentErrorType
{
    ExpressionEvaluation,
    ConditionNoMatch,
    IoMapping,
    JobNoRetries,
    Extract,
    Unhandled,
}

/// <summary>Why an element instance is stuck, and which step resolving the incident repeats.</summary>
public sealed record IncidentInfo(long Key, IncidentErrorType ErrorType, string Message, ElementState FailedStep);
