using ProzessEngine.Feel;

namespace ProzessEngine.Core.Intents;

/// <summary>
/// A side effect a command asks for. Core decides, Persistence and the Host carry it out in the command's transaction
/// (rows for tasks, timers, jobs, incidents) or after commit (scheduling timers, notifying listeners).
/// </summary>
public abstract record EngineIntent(long ElementInstanceKey, string ElementId);

public sealed record UserTaskCreated(
    long UserTaskKey,
    long ElementInstanceKey,
    string ElementId,
    string Name,
    string? Assignee,
    IReadOnlyList<string> CandidateGroups,
    IReadOnlyList<string> CandidateUsers,
    string? FormId,
    string? EmbeddedFormKey,
    DateTimeOffset? DueDate,
    DateTimeOffset? FollowUpDate,
    int Priority) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record UserTaskCompleted(long UserTaskKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record UserTaskCanceled(long UserTaskKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record TimerScheduled(long TimerKey, long ElementInstanceKey, string ElementId, DateTimeOffset DueAt) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record TimerCanceled(long TimerKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record TimerFired(long TimerKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record JobCreated(
    long JobKey,
    long ElementInstanceKey,
    string ElementId,
    string Type,
    int Retries,
    IReadOnlyList<KeyValuePair<string, string>> CustomHeaders) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record JobCompleted(long JobKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record JobFailed(long JobKey, long ElementInstanceKey, string ElementId, int RetriesLeft, string Message) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record JobCanceled(long JobKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

public sealed record IncidentRaised(long IncidentKey, long ElementInstanceKey, string ElementId, string ErrorType, string Message, long? JobKey)
    : EngineIntent(ElementInstanceKey, ElementId);

public sealed record IncidentResolved(long IncidentKey, long ElementInstanceKey, string ElementId) : EngineIntent(ElementInstanceKey, ElementId);

/// <summary>Variables changed in a scope (for the journal and read models).</summary>
public sealed record VariablesChanged(long ElementInstanceKey, string ElementId, IReadOnlyList<KeyValuePair<string, FeelValue>> Variables)
    : EngineIntent(ElementInstanceKey, ElementId);
