namespace ProzessEngine.Core.State;

public enum InstanceStatus
{
    Active,
    Completed,
    Terminated,
}

/// <summary>
/// The whole runtime state of one process instance: its variables, the element instances that hold a token, tokens
/// waiting at joining gateways, open event subscriptions and completed activities that can still be compensated.
/// A command loads it, changes it through the runtime and stores it again.
/// </summary>
public sealed class ProcessInstanceState
{
    private readonly Dictionary<long, ElementInstance> _elements = [];
    private readonly Dictionary<JoinKey, int> _joinTokens = [];
    private readonly List<EventSubscription> _subscriptions = [];
    private readonly List<CompensationRecord> _compensations = [];
    private List<ListenerRun>? _listenerRuns;
    private int _conditionalSubscriptions;
    private long _nextOrdinal;

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

    /// <summary>The call activity that started this instance, if any.</summary>
    public ParentLink? Parent { get; internal set; }

    /// <summary>
    /// How many instances started one another before this one: 0 for an instance started from outside (the API, a timer,
    /// a message or signal sent through the API), one deeper than its caller for a call activity's child, one deeper
    /// than the throwing command for an instance started by a message or signal that an instance threw
    /// (Engine:Limits:MaxCallDepth).
    /// </summary>
    public int Depth { get; internal set; }

    /// <summary>
    /// Set while work a command left over waits for a following command (the activation budget was used up): elements
    /// in Activating or Completing without incident, and parallel multi-instance bodies with items still to start.
    /// </summary>
    public ContinuationState? Continuation { get; internal set; }

    /// <summary>Variables of the process scope.</summary>
    public VariableMap Variables { get; } = new();

    public IReadOnlyCollection<ElementInstance> Elements => _elements.Values;

    /// <summary>Timers, message, signal and condition subscriptions, in the order they were opened.</summary>
    public IReadOnlyList<EventSubscription> Subscriptions => _subscriptions;

    public bool HasIncident
    {
        get
        {
            foreach (var element in _elements.Values)
            {
                if (element.Incident is not null)
                {
                    return true;
                }
            }

            return _listenerRuns?.Exists(r => r.Incident is not null) == true;
        }
    }

    /// <summary>Listeners of the process itself and canceling listeners of terminated user tasks.</summary>
    public IReadOnlyList<ListenerRun> ListenerRuns => (IReadOnlyList<ListenerRun>?)_listenerRuns ?? [];

    public ListenerRun? FindListenerRunByJob(long jobKey) => _listenerRuns?.Find(r => r.JobKey == jobKey);

    public ListenerRun? FindListenerRunByIncident(long incidentKey) => _listenerRuns?.Find(r => r.Incident?.Key == incidentKey);

    internal void AddListenerRun(ListenerRun run) => (_listenerRuns ??= []).Add(run);

    internal void RemoveListenerRun(ListenerRun run) => _listenerRuns?.Remove(run);

    internal IReadOnlyDictionary<JoinKey, int> JoinTokens => _joinTokens;

    internal IReadOnlyList<CompensationRecord> Compensations => _compensations;

    internal bool HasConditionalSubscriptions => _conditionalSubscriptions > 0;

    public ElementInstance? FindElement(long key) => _elements.GetValueOrDefault(key);

    public ElementInstance? FindElementByUserTask(long userTaskKey)
    {
        foreach (var element in _elements.Values)
        {
            if (element.UserTaskKey == userTaskKey)
            {
                return element;
            }
        }

        return null;
    }

    public ElementInstance? FindElementByJob(long jobKey)
    {
        foreach (var element in _elements.Values)
        {
            if (element.JobKey == jobKey)
            {
                return element;
            }
        }

        return null;
    }

    /// <summary>The element instance that owns the timer; null for timers of the process scope or unknown timers.</summary>
    public ElementInstance? FindElementByTimer(long timerKey) =>
        FindSubscription(timerKey) is { Kind: SubscriptionKind.Timer } timer ? FindElement(timer.OwnerKey) : null;

    public ElementInstance? FindElementByIncident(long incidentKey) => _elements.Values.FirstOrDefault(e => e.Incident?.Key == incidentKey);

    public EventSubscription? FindSubscription(long key)
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Key == key)
            {
                return subscription;
            }
        }

        return null;
    }

    internal void Add(ElementInstance element)
    {
        element.Ordinal = _nextOrdinal++;
        _elements.Add(element.Key, element);
    }

    /// <summary>Adds an element read back from storage, which keeps its <see cref="ElementInstance.Ordinal"/>.</summary>
    internal void RestoreElement(ElementInstance element)
    {
        _nextOrdinal = Math.Max(_nextOrdinal, element.Ordinal + 1);
        _elements.Add(element.Key, element);
    }

    internal void Remove(ElementInstance element) => _elements.Remove(element.Key);

    internal bool Contains(ElementInstance element) => _elements.TryGetValue(element.Key, out var found) && ReferenceEquals(found, element);

    internal bool HasChildren(long scopeKey)
    {
        foreach (var element in _elements.Values)
        {
            if (element.ScopeKey == scopeKey)
            {
                return true;
            }
        }

        if (_joinTokens.Count > 0)
        {
            foreach (var join in _joinTokens.Keys)
            {
                if (join.ScopeKey == scopeKey)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The element instances directly inside a scope, newest first (the order in which they are terminated).</summary>
    internal List<ElementInstance> ChildrenOf(long scopeKey)
    {
        var children = new List<ElementInstance>();
        foreach (var element in _elements.Values)
        {
            if (element.ScopeKey == scopeKey)
            {
                children.Add(element);
            }
        }

        children.Sort((a, b) => b.Ordinal.CompareTo(a.Ordinal));
        return children;
    }

    internal void AddSubscription(EventSubscription subscription)
    {
        _subscriptions.Add(subscription);
        if (subscription.Kind == SubscriptionKind.Conditional)
        {
            _conditionalSubscriptions++;
        }
    }

    internal bool RemoveSubscription(EventSubscription subscription)
    {
        if (!_subscriptions.Remove(subscription))
        {
            return false;
        }

        if (subscription.Kind == SubscriptionKind.Conditional)
        {
            _conditionalSubscriptions--;
        }

        return true;
    }

    internal bool HasSubscriptionsOf(long ownerKey)
    {
        foreach (var subscription in _subscriptions)
        {
            if (subscription.OwnerKey == ownerKey)
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
        if (_joinTokens.Count == 0)
        {
            return;
        }

        foreach (var key in _joinTokens.Keys.Where(k => k.ScopeKey == scopeKey).ToList())
        {
            _joinTokens.Remove(key);
        }
    }

    internal void AddCompensation(long scopeKey, string activityId) => _compensations.Add(new CompensationRecord(scopeKey, activityId));

    /// <summary>Hands the compensable activities of a completed scope to its enclosing scope.</summary>
    internal void MoveCompensations(long fromScope, long toScope)
    {
        for (var i = 0; i < _compensations.Count; i++)
        {
            if (_compensations[i].ScopeKey == fromScope)
            {
                _compensations[i] = _compensations[i] with { ScopeKey = toScope };
            }
        }
    }

    internal void DropCompensations(long scopeKey) => _compensations.RemoveAll(c => c.ScopeKey == scopeKey);

    internal void DropAllCompensations() => _compensations.Clear();

    /// <summary>Removes and returns the records of a scope, optionally of one activity, most recent first.</summary>
    internal List<CompensationRecord> TakeCompensations(long scopeKey, string? activityId)
    {
        var taken = new List<CompensationRecord>();
        for (var i = _compensations.Count - 1; i >= 0; i--)
        {
            var record = _compensations[i];
            if (record.ScopeKey == scopeKey && (activityId is null || record.ActivityId == activityId))
            {
                taken.Add(record);
                _compensations.RemoveAt(i);
            }
        }

        return taken;
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

/// <summary>
/// A continuation is pending: a <c>continue-instance</c> command will run the work left over. Counts the activations
/// since the instance last came to rest, for the guard against loops without a wait state, and the depth of the chain
/// of instances that triggered the command it continues (Engine:Limits:MaxCallDepth).
/// </summary>
public sealed record ContinuationState(long ActivationsWithoutWait, int Depth = 0);
