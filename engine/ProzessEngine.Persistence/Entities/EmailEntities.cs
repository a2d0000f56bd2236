namespace ProzessEngine.Persistence.Entities;

/// <summary>
/// A mail of an e-mail connector task, kept from the moment it was composed until the task is done: one row per
/// activation of the task (its element instance, which outlives the job when an incident's resolution makes a new
/// one), holding the whole message (MIME) with its Message-ID, so that an attempt after a failure or a crash sends the
/// very same mail, and <see cref="SentAt"/> records that the server took it, so that a job taken again after that
/// only completes.
/// </summary>
public sealed class EmailOutboxEntity
{
    public long ElementInstanceKey { get; set; }

    /// <summary>The job that composed the mail (a later job of the same task sends the same mail).</summary>
    public long JobKey { get; set; }
    public required string TenantId { get; set; }
    public long ProcessInstanceKey { get; set; }
    public required string ElementId { get; set; }
    public required string MessageId { get; set; }
    public required byte[] Message { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}
