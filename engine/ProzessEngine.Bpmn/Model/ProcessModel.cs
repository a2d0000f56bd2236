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

    /// <summary>The none start event of the process (its top-level scope); null when it has only event start events.</summary>
    public StartEvent? NoneStartEvent { get; init; }

    /// <summary>The top-level start events with an event definition (timer, message, signal, conditional).</summary>
    public ImmutableArray<StartEvent> EventStartEvents { get; init; } = [];

    /// <summary>Event sub-processes by the id of the scope (process or sub-process) that contains them.</summary>
    public FrozenDictionary<string, ImmutableArray<string>> EventSubProcessesByScope { get; init; } =
        FrozenDictionary<string, ImmutableArray<string>>.Empty;

    /// <summary>Forms embedded in the process (zeebe:userTaskForm), by their key.</summary>
    public FrozenDictionary<string, string> EmbeddedForms { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>zeebe:properties of the process in document order.</summary>
    public ImmutableArray<KeyValuePair<string, string>> Properties { get; init; } = [];

    /// <summary>zeebe:executionListeners of the process: start runs before its start event, end after its last token.</summary>
    public ImmutableArray<ExecutionListener> ExecutionListeners { get; init; } = [];

    /// <summary>zeebe:versionTag, if any.</summary>
    public string? VersionTag { get; init; }

    /// <summary>Whether an inclusive gateway joins flows somewhere (the runtime checks such joins whenever a token ends).</summary>
    public bool HasInclusiveJoins { get; init; }

    public ImmutableArray<FlowNode> NodesInScope(string scopeId) => [.. Nodes.Values.Where(n => n.ScopeId == scopeId)];

    public ImmutableArray<string> EventSubProcessesIn(string scopeId) =>
        EventSubProcessesByScope.TryGetValue(scopeId, out var ids) ? ids : [];

    public FlowNode GetNode(string id) =>
        Nodes.TryGetValue(id, out var node) ? node : throw new KeyNotFoundException($"Process '{Id}' has no element '{id}'.");

    /// <summary>What the task list shows of a case (prozessengine:taskTitle and taskColumns); null when the process names nothing.</summary>
    public TaskListDefinition? TaskList { get; init; }

    /// <summary>The value of the last zeebe:property of the process with this name, or null.</summary>
    public string? Property(string name) => ExtensionProperties.Find(Properties, name);
}

/// <summary>
/// The variables that identify a case in the task list: a title computed by FEEL and the variables shown as columns.
/// </summary>
public sealed record TaskListDefinition(ExpressionValue? Title, ImmutableArray<string> Columns);
