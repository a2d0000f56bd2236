using System.Collections.Immutable;

namespace ProzessEngine.Bpmn.Model;

/// <summary>A node of a process graph. Nodes refer to each other by id only, so records stay acyclic.</summary>
public abstract record FlowNode
{
    public required string Id { get; init; }
    public string? Name { get; init; }

    /// <summary>Id of the process or sub-process that contains the node.</summary>
    public required string ScopeId { get; init; }

    public ImmutableArray<SequenceFlow> Outgoing { get; init; } = [];
    public ImmutableArray<string> IncomingFlowIds { get; init; } = [];
    public IoMapping IoMapping { get; init; } = IoMapping.Empty;

    /// <summary>The BPMN element name as it appears in XML, e.g. <c>userTask</c>.</summary>
    public abstract string ElementType { get; }

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;
}

public sealed record SequenceFlow(string Id, string? Name, string SourceId, string TargetId, ExpressionValue? Condition);

public sealed record StartEvent : FlowNode
{
    public override string ElementType => "startEvent";
}

public sealed record EndEvent : FlowNode
{
    public override string ElementType => "endEvent";
}

public sealed record IntermediateCatchEvent : FlowNode
{
    public required EventDefinition EventDefinition { get; init; }
    public override string ElementType => "intermediateCatchEvent";
}

public sealed record ServiceTask : FlowNode
{
    public required TaskDefinition TaskDefinition { get; init; }
    public ImmutableArray<KeyValuePair<string, string>> TaskHeaders { get; init; } = [];
    public override string ElementType => "serviceTask";
}

public sealed record UserTask : FlowNode
{
    public Assignment Assignment { get; init; } = Assignment.None;
    public FormReference? Form { get; init; }
    public ExpressionValue? DueDate { get; init; }
    public ExpressionValue? FollowUpDate { get; init; }
    public ExpressionValue? Priority { get; init; }
    public override string ElementType => "userTask";
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
