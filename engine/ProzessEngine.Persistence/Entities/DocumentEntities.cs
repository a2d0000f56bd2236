namespace ProzessEngine.Persistence.Entities;

/// <summary>A version of a Scriban template (a <c>.scriban</c> resource), versioned per tenant and template id like forms.</summary>
public sealed class TemplateEntity
{
    public long Key { get; set; }
    public required string TemplateId { get; set; }
    public int Version { get; set; }
    public required string TenantId { get; set; }
    public required string ResourceName { get; set; }
    public required string Content { get; set; }
    public required string Checksum { get; set; }
    public long DeploymentKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A document a document task rendered. Its content is in <see cref="Content"/> (the default) or in a file of the
/// configured folder (<see cref="StoragePath"/>, relative to it); the row is the instance's record of it either way.
/// </summary>
public sealed class DocumentEntity
{
    public long Key { get; set; }
    public required string TenantId { get; set; }
    public long ProcessInstanceKey { get; set; }
    public required string ElementId { get; set; }
    public long ElementInstanceKey { get; set; }

    /// <summary>The job that rendered it: a job run again replaces its document instead of adding a second one.</summary>
    public long JobKey { get; set; }

    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Checksum { get; set; }
    public required string TemplateId { get; set; }
    public int TemplateVersion { get; set; }
    public byte[]? Content { get; set; }
    public string? StoragePath { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
