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
    /// <summary>
    /// The built-in login for development and trials: anyone can log in as anyone. Switch off in production; it is
    /// off whenever an identity provider is configured.
    /// </summary>
    public bool DevelopmentLogin { get; set; } = true;

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>The municipality's OpenID Connect provider (Keycloak, Active Directory Federation Services, ...).</summary>
    public IdentityProviderOptions IdentityProvider { get; set; } = new();

    public bool DevelopmentLoginActive => DevelopmentLogin && !IdentityProvider.IsConfigured;
}

public sealed class IdentityProviderOptions
{
    /// <summary>Issuer URL, e.g. https://login.stadt.example/realms/verwaltung. Empty: no identity provider.</summary>
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public List<string> Scopes { get; set; } = ["openid", "profile", "email"];

    /// <summary>Only for local test providers over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Claim with the user id; "sub" when the token lacks it.</summary>
    public string UserIdClaim { get; set; } = "preferred_username";

    /// <summary>Claim with the groups (Keycloak group paths like "/fachamt" lose their leading slash).</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Claim with the roles; a dotted path reads into a JSON claim (Keycloak: "realm_access.roles").</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>Provider role name → engine role (admin, operator, modeler, clerk, system). Unmapped names pass through.</summary>
    public Dictionary<string, string> RoleMapping { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Roles of a person whose token names none of the engine's roles.</summary>
    public List<string> DefaultRoles { get; set; } = ["clerk"];

    /// <summary>Claim with the tenant (municipality); empty: everyone is in the default tenant.</summary>
    public string TenantClaim { get; set; } = "";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
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
