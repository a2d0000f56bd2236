namespace ProzessEngine.Host.Setup;

/// <summary>The "Engine" configuration section (environment variables: Engine__Database, Engine__DataDirectory, ...).</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>"Sqlite" (default, file under <see cref="DataDirectory"/>) or "PostgreSQL" (ConnectionStrings:Engine).</summary>
    public string Database { get; set; } = "Sqlite";

    /// <summary>Folder of the SQLite database, relative to the content root unless absolute.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Folder whose sub-folders (process.bpmn, forms/*.form) are deployed at start-up; empty to deploy nothing.</summary>
    public string? WorkflowsDirectory { get; set; } = "workflows";

    /// <summary>This node's id for key generation (0–1023); unique per node sharing one database.</summary>
    public int NodeId { get; set; }

    /// <summary>Zone for date-times without offset in models (IANA id).</summary>
    public string TimeZone { get; set; } = "Europe/Berlin";

    public AuthOptions Auth { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();
}

public sealed class AuthOptions
{
    /// <summary>The built-in login for development and trials: anyone can log in as anyone. Switch off in production.</summary>
    public bool DevelopmentLogin { get; set; } = true;

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
}

public sealed class ApiKeyOptions
{
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Roles { get; set; } = ["system"];
    public string TenantId { get; set; } = Persistence.DeploymentService.DefaultTenant;
}

public sealed class LimitOptions
{
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Upper bound for the JSON of a command's variables.</summary>
    public int MaxVariablesBytes { get; set; } = 1024 * 1024;
}
