using System.Collections.Frozen;
using System.Collections.Immutable;

namespace ProzessEngine.Bpmn.Model;

/// <summary>An executable process parsed from BPMN XML. Immutable, safe to share between threads and instances.</summary>
public sealed record ProcessModel
{
    public required string Id { get; init; }
    public string? Name { get; init; }
    public required FrozenDictionary<string, FlowNode> Nodes { get; init; }
    public required FrozenDictionary<string, SequenceFlow> Flows { get; init; }

    /// <summary>The none start event of the process (its top-level scope).</summary>
    public required StartEvent NoneStartEvent { get; init; }

    /// <summary>Forms embedded in the process (zeebe:userTaskForm), by their key.</summary>
    public FrozenDictionary<string, string> EmbeddedForms { get; init; } = FrozenDictionary<string, string>.Empty;

    public ImmutableArray<FlowNode> NodesInScope(string scopeId) => [.. Nodes.Values.Where(n => n.ScopeId == scopeId)];

    public FlowNode GetNode(string id) =>
        Nodes.TryGetValue(id, out var node) ? node : throw new KeyNotFoundException($"Process '{Id}' has no element '{id}'.");
}
