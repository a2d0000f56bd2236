namespace ProzessEngine.Bpmn.Model;

/// <summary>When an execution listener runs: before the element's own work, or after its output mappings.</summary>
public enum ExecutionListenerEventType
{
    Start,
    End,
}

/// <summary>
/// zeebe:executionListener: a job of <see cref="Type"/> that a worker completes before (start) or after (end) the
/// element does its work. Listeners of one event type run one after the other, in document order.
/// </summary>
public sealed record ExecutionListener(ExecutionListenerEventType EventType, ExpressionValue Type, ExpressionValue Retries);

/// <summary>The user task lifecycle transitions a task listener can block (Camunda 8.8's names).</summary>
public enum TaskListenerEventType
{
    Creating,
    Assigning,
    Updating,
    Completing,
    Canceling,
}

/// <summary>
/// zeebe:taskListener: a job of <see cref="Type"/> that runs while a user task changes state; the worker can correct
/// the task's attributes and, for assigning, updating and completing, deny the transition.
/// </summary>
public sealed record TaskListener(TaskListenerEventType EventType, ExpressionValue Type, ExpressionValue Retries);
