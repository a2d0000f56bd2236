using ProzessEngine.Feel;

namespace ProzessEngine.Core.State;

public enum InstanceStatus
{
    Active,
    Completed,
    Terminated,
}

/// <summary>
/// The whole runtime state of one process instance: its variables, the element instances that hold a token, and
/// tokens waiting at parallel joins. A command loads it, changes it through the runtime and stores it again.
/// </summary>
public sealed class ProcessInstanceState
{
    private readonly Dictionary<long, ElementInstance> _elements = [];
    private readonly Dictionary<JoinKey, int> _joinTokens = [];

    public ProcessInstanceState(long key, long definitionKey, string processId, int version, string tenantId, DateTimeOffset startedAt)
    {
        Key = key;
        DefinitionKey = definitionKey;
        ProcessId = processId;
        Version = version;
        TenantId = tenantId;
        StartedAt = startedAt;
    }

    public long Key { get; }
    public long DefinitionKey { get; }
    public string ProcessId { get; }
    public int Version { get; }
    public string TenantId { get; }
    public DateTimeOffset StartedAt { get; }
    public DateTimeOffset? EndedAt { get; private set; }
    public InstanceStatus Status { get; private set; } = InstanceStatus.Active;

    /// <summary>Variables of the process scope.</summary>
    public VariableMap Variables { get; } = new();

    public IReadOnlyCollection<ElementInstance> Elements => _elements.Values;

    public bool HasIncident => _elements.Values.Any(e => e.Incident is not null);

    internal IReadOnlyDictionary<JoinKey, int> JoinTokens => _joinTokens;

    public ElementInstance? FindElement(long key) => _elements.GetValueOrDefault(key);

    public ElementInstance? FindElementByUserTask(long userTaskKey) => _elements.Values.FirstOrDefault(e => e.UserTaskKey == userTaskKey);

    public ElementInstance? FindElementByJob(long jobKey) => _elements.Values.FirstOrDefault(e => e.JobKey == jobKey);

    public ElementInstance? FindElementByTimer(long timerKey) => _elements.Values.FirstOrDefault(e => e.TimerKey == timerKey);

    public ElementInstance? FindElementByIncident(long incidentKey) => _elements.Values.FirstOrDefault(e => e.Incident?.Key == incidentKey);

    internal void Add(ElementInstance element) => _elements.Add(element.Key, element);

    internal void Remove(ElementInstance element) => _elements.Remove(element.Key);

    internal bool HasChildren(long scopeKey)
    {
        foreach (var element in _elements.Values)
        {
            if (element.ScopeKey == scopeKey)
            {
                return true;
            }
        }

        foreach (var join in _joinTokens.Keys)
        {
            if (join.ScopeKey == scopeKey)
            {
                return true;
            }
        }

        return false;
    }

    internal int JoinTokenCount(long scopeKey, string flowId) => _joinTokens.GetValueOrDefault(new JoinKey(scopeKey, flowId));

    internal void AddJoinToken(long scopeKey, string flowId) =>
        _joinTokens[new JoinKey(scopeKey, flowId)] = JoinTokenCount(scopeKey, flowId) + 1;

    internal void ConsumeJoinToken(long scopeKey, string flowId)
    {
        var key = new JoinKey(scopeKey, flowId);
        var count = _joinTokens.GetValueOrDefault(key);
        if (count <= 0)
        {
            throw new InvalidOperationException($"No token waits on flow '{flowId}'.");
        }

        if (count == 1)
        {
            _joinTokens.Remove(key);
        }
        else
        {
            _joinTokens[key] = count - 1;
        }
    }

    internal void RemoveJoinTokens(long scopeKey)
    {
        foreach (var key in _joinTokens.Keys.Where(k => k.ScopeKey == scopeKey).ToList())
        {
            _joinTokens.Remove(key);
        }
    }

    internal void Complete(DateTimeOffset at) => End(InstanceStatus.Completed, at);

    internal void Terminate(DateTimeOffset at) => End(InstanceStatus.Terminated, at);

    private void End(InstanceStatus status, DateTimeOffset at)
    {
        if (Status != InstanceStatus.Active)
        {
            throw new InvalidOperationException($"Instance {Key} is already {Status}.");
        }

        Status = status;
        EndedAt = at;
    }

    internal void Restore(InstanceStatus status, DateTimeOffset? endedAt)
    {
        Status = status;
        EndedAt = endedAt;
    }

    internal void RestoreJoinToken(long scopeKey, string flowId, int count) => _joinTokens[new JoinKey(scopeKey, flowId)] = count;
}

internal readonly record struct JoinKey(long ScopeKey, string FlowId);
