using System.Collections.Frozen;
using System.Collections.Immutable;

namespace ProzessEngine.Bpmn.Model;

/// <summary>A node of a process graph. Nodes refer to each other by id only, so records stay acyclic.</summary>
public abstract record FlowNode
{
    public required string Id { get; init; }
    public string? Name { get; init; }

    /// <summary>Id of the process, sub-process or event sub-process that contains the node.</summary>
    public required string ScopeId { get; init; }

    public ImmutableArray<SequenceFlow> Outgoing { get; init; } = [];
    public ImmutableArray<string> IncomingFlowIds { get; init; } = [];
    public IoMapping IoMapping { get; init; } = IoMapping.Empty;

    /// <summary>zeebe:properties in document order. Names starting with <c>prozessengine:</c> are read by the engine itself.</summary>
    public ImmutableArray<KeyValuePair<string, string>> Properties { get; init; } = [];

    /// <summary>The job a worker completes for this element (service, send, script and business rule tasks, message throw events, ad-hoc sub-processes).</summary>
    public JobWorker? Job { get; init; }

    /// <summary>Camunda's inbound webhook connector on this start, catch or boundary event or receive task, if it carries one.</summary>
    public InboundWebhook? Webhook { get; init; }

    /// <summary>zeebe:executionListeners in document order; the runtime runs those of one event type in this order.</summary>
    public ImmutableArray<ExecutionListener> ExecutionListeners { get; init; } = [];

    /// <summary>The text of bpmn:documentation, if any (handed to ad-hoc sub-process workers).</summary>
    public string? Documentation { get; init; }

    /// <summary>The BPMN element name as it appears in XML, e.g. <c>userTask</c>.</summary>
    public abstract string ElementType { get; }

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;

    /// <summary>The value of the last zeebe:property with this name, or null.</summary>
    public string? Property(string name) => ExtensionProperties.Find(Properties, name);
}

public sealed record SequenceFlow(string Id, string? Name, string SourceId, string TargetId, ExpressionValue? Condition);

/// <summary>A start, end, intermediate or boundary event; <see cref="EventDefinition"/> is null for a none event.</summary>
public abstract record EventNode : FlowNode
{
    public EventDefinition? EventDefinition { get; init; }
}

public sealed record StartEvent : EventNode
{
    /// <summary>False for the non-interrupting start event of an event sub-process.</summary>
    public bool IsInterrupting { get; init; } = true;

    /// <summary>The start form (zeebe:formDefinition) of the process's none start event; a start is checked against it.</summary>
    public FormReference? Form { get; init; }

    public override string ElementType => "startEvent";
}

public sealed record EndEvent : EventNode
{
    public override string ElementType => "endEvent";
}

public sealed record IntermediateCatchEvent : EventNode
{
    public override string ElementType => "intermediateCatchEvent";
}

public sealed record IntermediateThrowEvent : EventNode
{
    public override string ElementType => "intermediateThrowEvent";
}

public sealed record BoundaryEvent : EventNode
{
    public required string AttachedToId { get; init; }

    /// <summary>True for an interrupting boundary event (cancelActivity, the default).</summary>
    public bool CancelActivity { get; init; } = true;

    public override string ElementType => "boundaryEvent";
}

/// <summary>A task, sub-process or call activity: what can carry boundary events and loop markers.</summary>
public abstract record Activity : FlowNode
{
    public MultiInstanceLoop? Loop { get; init; }

    /// <summary>Ids of the boundary events attached to this activity, in document order.</summary>
    public ImmutableArray<string> BoundaryEventIds { get; init; } = [];

    /// <summary>True for a compensation handler (isForCompensation): activated only by compensation.</summary>
    public bool IsForCompensation { get; init; }

    /// <summary>The compensation handler associated with this activity's compensation boundary event.</summary>
    public string? CompensationHandlerId { get; init; }
}

public sealed record ServiceTask : Activity
{
    public TaskDefinition TaskDefinition => Job!.Definition;
    public ImmutableArray<KeyValuePair<string, string>> TaskHeaders => Job!.Headers;
    public override string ElementType => "serviceTask";
}

/// <summary>A send task: a job, or a message it publishes itself (<see cref="Message"/> with a publication).</summary>
public sealed record SendTask : Activity
{
    public MessageEventDefinition? Message { get; init; }
    public override string ElementType => "sendTask";
}

/// <summary>A script task: a FEEL expression (<see cref="Script"/>) or a job.</summary>
public sealed record ScriptTask : Activity
{
    public ScriptDefinition? Script { get; init; }
    public override string ElementType => "scriptTask";
}

/// <summary>A business rule task: a DMN decision the engine evaluates (<see cref="Decision"/>) or a job.</summary>
public sealed record BusinessRuleTask : Activity
{
    public CalledDecision? Decision { get; init; }

    public override string ElementType => "businessRuleTask";
}

public sealed record ReceiveTask : Activity
{
    public required MessageEventDefinition Message { get; init; }
    public override string ElementType => "receiveTask";
}

public sealed record ManualTask : Activity
{
    public override string ElementType => "manualTask";
}

/// <summary>A task without type (bpmn:task): passes the token on.</summary>
public sealed record UndefinedTask : Activity
{
    public override string ElementType => "task";
}

public sealed record UserTask : Activity
{
    public Assignment Assignment { get; init; } = Assignment.None;
    public FormReference? Form { get; init; }
    public ExpressionValue? DueDate { get; init; }
    public ExpressionValue? FollowUpDate { get; init; }
    public ExpressionValue? Priority { get; init; }

    /// <summary>zeebe:taskListeners in document order.</summary>
    public ImmutableArray<TaskListener> TaskListeners { get; init; } = [];

    /// <summary>zeebe:taskHeaders: static headers the task listener jobs receive and the user task API shows (customHeaders).</summary>
    public ImmutableArray<KeyValuePair<string, string>> TaskHeaders { get; init; } = [];

    /// <summary>
    /// prozessengine:fourEyes: ids of user tasks (this one included, if named) whose completers in the same process
    /// instance may not complete this task. Empty: anyone may.
    /// </summary>
    public ImmutableArray<string> FourEyes { get; init; } = [];

    public override string ElementType => "userTask";
}

public sealed record CallActivity : Activity
{
    public required CalledElement CalledElement { get; init; }
    public override string ElementType => "callActivity";
}

/// <summary>An embedded sub-process: a scope started at its none start event.</summary>
public sealed record SubProcess : Activity
{
    public required string StartEventId { get; init; }
    public override string ElementType => "subProcess";
}

/// <summary>
/// An ad-hoc sub-process: inner elements are activated by id (on entry, by command, or by the job worker that controls
/// it when it has a <see cref="FlowNode.Job"/>) instead of a start event.
/// </summary>
public sealed record AdHocSubProcess : Activity
{
    public ExpressionValue? ActiveElementsCollection { get; init; }
    public ExpressionValue? CompletionCondition { get; init; }
    public bool CancelRemainingInstances { get; init; } = true;

    /// <summary>zeebe:adHoc outputCollection: a local list that collects <see cref="OutputElement"/> of every finished inner path.</summary>
    public string? OutputCollection { get; init; }

    public ExpressionValue? OutputElement { get; init; }

    /// <summary>True when a job worker decides what to activate and when to complete (Camunda 8.8's agent pattern).</summary>
    public bool IsJobWorker => Job is not null;

    /// <summary>For a job-worker sub-process: the tool parameters (fromAi calls) of each inner element, as a list of contexts.</summary>
    public ImmutableDictionary<string, Feel.FeelValue> ToolParameters { get; init; } = ImmutableDictionary<string, Feel.FeelValue>.Empty;

    /// <summary>Ids of the inner elements without incoming flows, which may be activated.</summary>
    public ImmutableArray<string> ActivatableElementIds { get; init; } = [];

    public override string ElementType => "adHocSubProcess";
}

/// <summary>An event sub-process (triggeredByEvent): started by its start event while its enclosing scope is active.</summary>
public sealed record EventSubProcess : FlowNode
{
    public required string StartEventId { get; init; }
    public override string ElementType => "subProcess";
}

public sealed record ExclusiveGateway : FlowNode
{
    public string? DefaultFlowId { get; init; }
    public override string ElementType => "exclusiveGateway";
}

public sealed record ParallelGateway : FlowNode
{
    public override string ElementType => "parallelGateway";
}

public sealed record InclusiveGateway : FlowNode
{
    public string? DefaultFlowId { get; init; }

    /// <summary>
    /// For a joining gateway: per node of its scope, a bit mask of the incoming flows (by index in
    /// <see cref="FlowNode.IncomingFlowIds"/>) that a token at that node can still reach without passing the gateway.
    /// </summary>
    public FrozenDictionary<string, ulong> UpstreamReach { get; init; } = FrozenDictionary<string, ulong>.Empty;

    public override string ElementType => "inclusiveGateway";
}

public sealed record EventBasedGateway : FlowNode
{
    public override string ElementType => "eventBasedGateway";
}

internal static class ExtensionProperties
{
    public static string? Find(ImmutableArray<KeyValuePair<string, string>> properties, string name)
    {
        string? value = null;
        foreach (var property in properties)
        {
            if (property.Key == name)
            {
                value = property.Value;
            }
        }

        return value;
    }
}
