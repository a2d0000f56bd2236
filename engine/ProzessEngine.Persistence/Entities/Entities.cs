namespace ProzessEngine.Persistence.Entities;

public sealed class DeploymentEntity
{
    public long Key { get; set; }
    public required string TenantId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
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
    public required string TenantId { get; set; }
    public List<UserTaskCandidateEntity> Candidates { get; set; } = [];
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
    public required string Command { get; set; }
    public required string Events { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}
