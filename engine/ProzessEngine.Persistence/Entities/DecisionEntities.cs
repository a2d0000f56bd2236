namespace ProzessEngine.Persistence.Entities;

/// <summary>A version of a decision requirements graph: one deployed .dmn file (its definitions element) with its XML.</summary>
public sealed class DecisionRequirementsEntity
{
    public long Key { get; set; }
    public required string DecisionRequirementsId { get; set; }
    public string? Name { get; set; }
    public int Version { get; set; }
    public required string TenantId { get; set; }
    public required string ResourceName { get; set; }
    public required string Xml { get; set; }
    public required string Checksum { get; set; }
    public long DeploymentKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A version of a decision; it is evaluated with the graph version it was deployed in.</summary>
public sealed class DecisionDefinitionEntity
{
    public long Key { get; set; }
    public required string DecisionId { get; set; }
    public string? Name { get; set; }
    public int Version { get; set; }
    public string? VersionTag { get; set; }
    public required string TenantId { get; set; }
    public long DecisionRequirementsKey { get; set; }
    public required string DecisionRequirementsId { get; set; }
    public long DeploymentKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
