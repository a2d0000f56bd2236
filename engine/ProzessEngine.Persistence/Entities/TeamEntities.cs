namespace ProzessEngine.Persistence.Entities;

/// <summary>
/// A substitution (Vertretung): while it runs, the deputies see and work on the absent person's tasks and their groups'
/// tasks. [From, Until) are instants; an ended substitution is kept (Until moved to the end) for the record.
/// </summary>
public sealed class SubstitutionEntity
{
    public long Key { get; set; }
    public required string TenantId { get; set; }
    public required string AbsentUserId { get; set; }
    public DateTimeOffset From { get; set; }
    public DateTimeOffset Until { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<SubstitutionDeputyEntity> Deputies { get; set; } = [];
}

/// <summary>One deputy of a substitution, so that "whom do I stand in for" is an indexed lookup.</summary>
public sealed class SubstitutionDeputyEntity
{
    public long SubstitutionKey { get; set; }
    public required string DeputyUserId { get; set; }
}

/// <summary>A note on a user task, by a person (and whom they acted for), journaled with the instance.</summary>
public sealed class TaskCommentEntity
{
    public long Key { get; set; }
    public long UserTaskKey { get; set; }
    public long ProcessInstanceKey { get; set; }
    public required string TenantId { get; set; }
    public required string Author { get; set; }
    public string? OnBehalfOf { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The sequence of the journal entry that recorded the comment: its place among the instance's comments.</summary>
    public int JournalSequence { get; set; }
}

/// <summary>
/// A person as the identity provider described them at their last sign-in: the only place the engine learns a
/// person's groups, which a deputy needs while the person is away and signed out.
/// </summary>
public sealed class KnownUserEntity
{
    public required string TenantId { get; set; }
    public required string UserId { get; set; }
    public string? DisplayName { get; set; }

    /// <summary>The person's groups, comma-separated (group names hold no comma).</summary>
    public required string Groups { get; set; }

    public DateTimeOffset SignedInAt { get; set; }
}
