using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Entities;

public sealed class DeploymentEntity
{
    public long Key { get; set; }
    public required string TenantId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }

    /// <summary>
    /// For a deployment from a folder at start-up: the SHA-256 of the folder's files, so that the next start that finds
    /// the same files deploys nothing (and parses nothing).
    /// </summary>
    public string? SourceFingerprint { get; set; }
}

public sealed class ProcessDefinitionEntity
{
    public long Key { get; set; }
    public required string ProcessId { get; set; }
    public int Version { get; set; }
    public required string TenantId { get; set; }
    public string? Name { get; set; }
    public required string ResourceName { get; set; }
    public required string Xml { get; set; }
    public required string Checksum { get; set; }
    public long DeploymentKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class FormEntity
{
    public long Key { get; set; }
    public required string FormId { get; set; }
    public int Version { get; set; }
    public required string TenantId { get; set; }
    public required string ResourceName { get; set; }
    public required string Schema { get; set; }
    public required string Checksum { get; set; }
    public long DeploymentKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ProcessInstanceEntity
{
    public long Key { get; set; }
    public long DefinitionKey { get; set; }
    public required string ProcessId { get; set; }
    public int Version { get; set; }
    public required string TenantId { get; set; }
    public required string Status { get; set; }
    public bool HasIncident { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public required byte[] State { get; set; }

    /// <summary>Sequence and hash of the newest journal entry, so appending needs no extra read.</summary>
    public int JournalSequence { get; set; }
    public required string JournalHash { get; set; }

    /// <summary>Optimistic concurrency: every command bumps it; a stale writer loses and retries.</summary>
    public int Revision { get; set; }
}

public sealed class UserTaskEntity
{
    public long Key { get; set; }
    public long ProcessInstanceKey { get; set; }
    public long ElementInstanceKey { get; set; }
    public long DefinitionKey { get; set; }
    public required string ProcessId { get; set; }
    public int ProcessVersion { get; set; }
    public required string ElementId { get; set; }
    public required string Name { get; set; }
    public required string State { get; set; }
    public string? Assignee { get; set; }
    public required string CandidateGroups { get; set; }
    public required string CandidateUsers { get; set; }
    public string? FormId { get; set; }
    public long? FormKey { get; set; }
    public string? EmbeddedFormKey { get; set; }
    public DateTimeOffset? DueDate { get; set; }
    public DateTimeOffset? FollowUpDate { get; set; }
    public int Priority { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }

    /// <summary>The absent person a deputy completed the task for (substitution).</summary>
    public string? CompletedOnBehalfOf { get; set; }

    public required string TenantId { get; set; }

    /// <summary>The process's task title (prozessengine:taskTitle) as last computed; null when the process names none.</summary>
    public string? Title { get; set; }

    /// <summary>The process's task columns (prozessengine:taskColumns) with their values, as a JSON object; null when none.</summary>
    public string? Columns { get; set; }

    /// <summary>Title, column values and name in lower case: what the free-text search looks in (a trigram index on PostgreSQL).</summary>
    public string? SearchText { get; set; }

    public List<UserTaskCandidateEntity> Candidates { get; set; } = [];

    public List<UserTaskVariableEntity> Variables { get; set; } = [];
}

/// <summary>
/// A process variable of the task's instance with a short scalar value, as JSON text, kept with the task so that the
/// search by process variables is an indexed lookup rather than a scan of every instance's state.
/// </summary>
public sealed class UserTaskVariableEntity
{
    public long UserTaskKey { get; set; }
    public required string Name { get; set; }
    public required string Value { get; set; }
}

/// <summary>One candidate group or user of a task, so "tasks of my groups" is an indexed lookup.</summary>
public sealed class UserTaskCandidateEntity
{
    public long UserTaskKey { get; set; }
    public required string Kind { get; set; }
    public required string Name { get; set; }
}

public sealed class TimerEntity
{
    public long Key { get; set; }
    public long ProcessInstanceKey { get; set; }
    public long ElementInstanceKey { get; set; }
    public required string ElementId { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public required string TenantId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A node firing the timer holds it until then, so that other nodes leave it alone; a crashed node's claim lapses.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
    public string? ClaimedBy { get; set; }

    /// <summary>Set for a timer start event (no instance yet; ProcessInstanceKey is 0): the definition it starts.</summary>
    public long? DefinitionKey { get; set; }

    /// <summary>The cycle of a repeating start timer and how often it still fires (-1: unbounded).</summary>
    public string? Cycle { get; set; }
    public int? RemainingRepetitions { get; set; }
}

public sealed class JobEntity
{
    public long Key { get; set; }
    public required string Type { get; set; }
    public long ProcessInstanceKey { get; set; }
    public long ElementInstanceKey { get; set; }
    public required string ElementId { get; set; }
    public required string ProcessId { get; set; }
    public int Retries { get; set; }
    public required string State { get; set; }
    public string? Worker { get; set; }
    public DateTimeOffset? DeadlineAt { get; set; }
    public string? ErrorMessage { get; set; }
    public required string CustomHeaders { get; set; }
    public required string TenantId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>BPMN_ELEMENT, EXECUTION_LISTENER, TASK_LISTENER or AD_HOC_SUB_PROCESS (Camunda 8's job kinds).</summary>
    public string Kind { get; set; } = JobKinds.BpmnElement;

    /// <summary>For listener jobs: START, END, CREATING, ASSIGNING, UPDATING, COMPLETING or CANCELING.</summary>
    public string? ListenerEventType { get; set; }
}

public sealed class IncidentEntity
{
    public long Key { get; set; }
    public long ProcessInstanceKey { get; set; }
    public long ElementInstanceKey { get; set; }
    public required string ElementId { get; set; }
    public required string ErrorType { get; set; }
    public required string Message { get; set; }
    public required string State { get; set; }
    public long? JobKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public required string TenantId { get; set; }
}

/// <summary>One command's effect on an instance, appended and never rewritten; hash-chained per instance.</summary>
public sealed class JournalEntryEntity
{
    public long Id { get; set; }
    public long ProcessInstanceKey { get; set; }
    public int Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }

    /// <summary>The absent person a deputy acted for ("Max für Erika"); covered by the hash when set.</summary>
    public string? OnBehalfOf { get; set; }

    public required string Command { get; set; }
    public required string Events { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>
/// A node's lease on a node id for key generation. A running node renews it; a crashed node's id becomes free again
/// once the lease has expired, so two live nodes never share an id.
/// </summary>
public sealed class NodeLeaseEntity
{
    public int NodeId { get; set; }
    public required string Owner { get; set; }
    public DateTimeOffset AcquiredAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>One ASP.NET Core data protection key (XML), shared by all nodes so that a session cookie works on each of them.</summary>
public sealed class DataProtectionKeyEntity
{
    public int Id { get; set; }
    public required string FriendlyName { get; set; }
    public required string Xml { get; set; }
}

/// <summary>
/// A signed-in session (the cookie carries only its id): one row per session, so that signing out ends it on every node
/// and a copied cookie is worth nothing afterwards.
/// </summary>
public sealed class SessionEntity
{
    public required string Id { get; set; }
    public required string UserId { get; set; }

    /// <summary>ASP.NET Core's serialized authentication ticket (claims and properties).</summary>
    public required byte[] Ticket { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// What remains of an instance deleted by retention: that it existed, how it ended, and the final hash of its journal,
/// which lets anyone holding an exported copy of the journal show that it is complete and unchanged.
/// </summary>
public sealed class DeletedInstanceEntity
{
    public long ProcessInstanceKey { get; set; }
    public required string TenantId { get; set; }
    public required string ProcessId { get; set; }
    public int Version { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public int JournalEntries { get; set; }
    public required string JournalHash { get; set; }
    public int RetentionDays { get; set; }
    public DateTimeOffset DeletedAt { get; set; }
}

/// <summary>An element waiting for a message with this name and correlation key.</summary>
public sealed class MessageSubscriptionEntity
{
    public long Key { get; set; }
    public long ProcessInstanceKey { get; set; }
    public long ElementInstanceKey { get; set; }
    public required string ProcessId { get; set; }
    public required string ElementId { get; set; }
    public required string MessageName { get; set; }
    public required string CorrelationKey { get; set; }
    public bool Interrupting { get; set; }
    public required string TenantId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An element waiting for a broadcast signal with this name.</summary>
public sealed class SignalSubscriptionEntity
{
    public long Key { get; set; }
    public long ProcessInstanceKey { get; set; }
    public long ElementInstanceKey { get; set; }
    public required string ElementId { get; set; }
    public required string SignalName { get; set; }
    public required string TenantId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A published message nobody waited for yet, kept until its time to live ends.</summary>
public sealed class BufferedMessageEntity
{
    public long Key { get; set; }
    public required string Name { get; set; }
    public string? CorrelationKey { get; set; }
    public string? MessageId { get; set; }
    public required string Variables { get; set; }
    public required string TenantId { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The depth of the command that threw it (Engine:Limits:MaxCallDepth), handed on to whom it reaches later; 0 from outside.</summary>
    public int Depth { get; set; }
}

/// <summary>
/// A message id in use: while the message published with it lives (buffered, or correlated within its time to live), a
/// publication with the same id in the same tenant is refused. The key (tenant, id) lets the database refuse the second
/// of two publications that race, on every node.
/// </summary>
public sealed class MessageIdEntity
{
    public required string TenantId { get; set; }
    public required string MessageId { get; set; }
    public long MessageKey { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// Work that one committed command hands to another instance (start a child, answer a parent, deliver a message or
/// signal). Written in the command's transaction and deleted in the transaction of the command that carries it out,
/// so that it happens exactly once even when a node dies in between.
/// </summary>
public sealed class OutboxEntity
{
    public long Key { get; set; }
    public required string Kind { get; set; }
    public long SourceInstanceKey { get; set; }
    public required string Payload { get; set; }
    public required string TenantId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// A secret every node on the database must share, made by the first node that needs it and never replaced: the key
/// generator's permutation secret (<see cref="ClusterSecrets"/>).
/// </summary>
public sealed class ClusterSecretEntity
{
    public required string Name { get; set; }
    public required byte[] Value { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Which process a webhook context (<c>/inbound/{context}</c>) belongs to in a tenant: the latest version of one process,
/// written in the transaction of the deployment that made that version. The key (tenant, context) lets the database
/// refuse the second of two deployments that claim one context for different processes.
/// </summary>
public sealed class WebhookContextEntity
{
    public required string TenantId { get; set; }
    public required string Context { get; set; }
    public required string ProcessId { get; set; }
    public long DefinitionKey { get; set; }
    public required string ElementId { get; set; }
}

/// <summary>
/// A request made with an Idempotency-Key and the answer it got, kept until <see cref="ExpiresAt"/> for repeats. Written
/// in the transaction of the work the request did, so that of two racing requests with one key only one does it.
/// </summary>
public sealed class IdempotencyKeyEntity
{
    public required string TenantId { get; set; }

    /// <summary>The endpoint the key was used on (process-instances, inbound/{context}): a key means one request per endpoint.</summary>
    public required string Scope { get; set; }

    public required string IdempotencyKey { get; set; }

    /// <summary>SHA-256 of what the request asked for: a repeat that asks for something else is refused.</summary>
    public required string RequestHash { get; set; }

    public int Status { get; set; }

    /// <summary>The answer's headers as a JSON object of strings, or null.</summary>
    public string? Headers { get; set; }

    public string? Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
