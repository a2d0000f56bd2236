namespace ProzessEngine.Core.State;

public enum SubscriptionKind : byte
{
    Timer,
    Message,
    Signal,
    Conditional,
}

/// <summary>
/// What an element instance (or the process scope) waits for on behalf of an event: its own catch event, a boundary
/// event attached to it, an event after an event-based gateway, or the start event of an event sub-process it contains.
/// The key is the timer key for timers and the subscription key for messages and signals.
/// </summary>
public sealed class EventSubscription
{
    internal EventSubscription(long key, SubscriptionKind kind, long ownerKey, string elementId)
    {
        Key = key;
        Kind = kind;
        OwnerKey = ownerKey;
        ElementId = elementId;
    }

    public long Key { get; }
    public SubscriptionKind Kind { get; }

    /// <summary>The element instance that owns the subscription, or the process instance key for the process scope.</summary>
    public long OwnerKey { get; }

    /// <summary>The event that is triggered: the catch event, boundary event or event sub-process start event.</summary>
    public string ElementId { get; }

    /// <summary>For timers: when it is due.</summary>
    public DateTimeOffset? DueAt { get; internal set; }

    /// <summary>For repeating timers: the cycle as evaluated, to compute the next due time.</summary>
    public string? Cycle { get; internal set; }

    /// <summary>For repeating timers: how many more times it fires after this time; -1 = until cancelled.</summary>
    public int RemainingRepetitions { get; internal set; }

    /// <summary>For conditions: the last evaluation was true (a condition triggers when it becomes true).</summary>
    public bool ConditionWasTrue { get; internal set; }
}

/// <summary>
/// Links a process instance started by a call activity to its caller. <see cref="CatchableErrorCodes"/> and
/// <see cref="CatchesAllErrors"/> say which errors the caller (and its own callers) catch, so the child decides at once
/// whether an error it cannot catch itself ends it or raises an incident.
/// </summary>
public sealed record ParentLink(
    long ProcessInstanceKey,
    long ElementInstanceKey,
    string ElementId,
    IReadOnlyList<string> CatchableErrorCodes,
    bool CatchesAllErrors)
{
    public bool Catches(string errorCode) => CatchesAllErrors || CatchableErrorCodes.Contains(errorCode, StringComparer.Ordinal);
}

/// <summary>A completed activity with a compensation handler, kept until compensated or its scope ends.</summary>
internal readonly record struct CompensationRecord(long ScopeKey, string ActivityId);
