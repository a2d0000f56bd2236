using ProzessEngine.Bpmn;
using ProzessEngine.Core;

namespace ProzessEngine.Host.Setup;

/// <summary>The "Engine" configuration section (environment variables: Engine__Database, Engine__DataDirectory, ...).</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>"Sqlite" (default, file under <see cref="DataDirectory"/>) or "PostgreSQL" (ConnectionStrings:Engine).</summary>
    public string Database { get; set; } = "Sqlite";

    /// <summary>The provider <see cref="Database"/> names ("Postgres" is PostgreSQL too, case does not matter); null when it names none.</summary>
    public Persistence.DatabaseProvider? DatabaseProvider =>
        Database.Trim().ToUpperInvariant() switch
        {
            "SQLITE" => Persistence.DatabaseProvider.Sqlite,
            "POSTGRESQL" or "POSTGRES" => Persistence.DatabaseProvider.PostgreSql,
            _ => null,
        };

    /// <summary>Folder of the SQLite database, relative to the content root unless absolute.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Folder whose sub-folders (process.bpmn, forms/*.form) are deployed at start-up; empty to deploy nothing.</summary>
    public string? WorkflowsDirectory { get; set; } = "workflows";

    /// <summary>Zone for date-times without offset in models (IANA id).</summary>
    public string TimeZone { get; set; } = "Europe/Berlin";

    /// <summary>
    /// The address people reach the engine at (https://prozesse.stadt.example), used for the sign-in's redirect_uri
    /// instead of the request's Host header. Required outside Development when an identity provider is configured.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Reverse proxies whose X-Forwarded-For/-Proto are believed; none by default.</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();

    public ClusterOptions Cluster { get; set; } = new();

    public TimerOptions Timers { get; set; } = new();

    public RetentionOptions Retention { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    public WebhookOptions Webhooks { get; set; } = new();

    public IdempotencyOptions Idempotency { get; set; } = new();

    public JobOptions Jobs { get; set; } = new();

    /// <summary>
    /// Serves the OpenAPI document (/openapi/v1.json) and the browsable reference (/scalar). Unset: on, except in
    /// Production, where generating them loaded Microsoft.OpenApi and MVC's API explorer into every node at start-up
    /// for pages that a production node is rarely asked for.
    /// </summary>
    public bool? ApiReference { get; set; }

    /// <summary>Whether <see cref="ApiReference"/> is on in <paramref name="environment"/>.</summary>
    public bool ServesApiReference(IHostEnvironment environment) => ApiReference ?? !environment.IsProduction();
}

/// <summary>Job activation for workers (Engine:Jobs).</summary>
public sealed class JobOptions
{
    /// <summary>How long an activation waits for jobs when its requestTimeout is 0 or absent (Camunda 8's default: 10 s).</summary>
    public TimeSpan DefaultRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest requestTimeout a worker may ask for; longer ones are refused (400).</summary>
    public TimeSpan MaxRequestTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often a waiting activation looks again for jobs that no signal on this node announces: jobs written by
    /// other nodes, lapsed locks and ended back-offs.
    /// </summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    public JobOptions Validate()
    {
        if (RecheckInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RecheckInterval), RecheckInterval, "Engine:Jobs:RecheckInterval must be positive.");
        }

        if (DefaultRequestTimeout < TimeSpan.Zero || DefaultRequestTimeout > MaxRequestTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultRequestTimeout), DefaultRequestTimeout,
                "Engine:Jobs:DefaultRequestTimeout must be between 0 and Engine:Jobs:MaxRequestTimeout.");
        }

        return this;
    }
}

/// <summary>
/// Inbound webhooks (/inbound/{context}, Engine:Webhooks). Their secrets are settings of their own, Engine:Secrets:NAME,
/// which a model names as {{secrets.NAME}}.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>How far the HMAC timestamp (header Webhook-Timestamp, Unix seconds) may lie from the engine's clock, either way.</summary>
    public TimeSpan HmacTimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Requests one client address may make to the webhooks per minute; 0 (the default) for no limit.</summary>
    public int RequestsPerMinutePerClient { get; set; }

    /// <summary>How long a fetched JSON Web Key Set (JWT authorization) is used before it is fetched again.</summary>
    public TimeSpan JwksCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long fetching a JSON Web Key Set may take.</summary>
    public TimeSpan JwksTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws (stopping the start) when a setting is out of range.</summary>
    public WebhookOptions Validate()
    {
        if (HmacTimestampTolerance <= TimeSpan.Zero || HmacTimestampTolerance > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(HmacTimestampTolerance), HmacTimestampTolerance,
                "Engine:Webhooks:HmacTimestampTolerance must be more than zero and at most one hour.");
        }

        if (RequestsPerMinutePerClient < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestsPerMinutePerClient), RequestsPerMinutePerClient,
                "Engine:Webhooks:RequestsPerMinutePerClient must be 0 (no limit) or more.");
        }

        if (JwksCacheDuration < TimeSpan.Zero || JwksTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(JwksTimeout), JwksTimeout,
                "Engine:Webhooks:JwksCacheDuration must not be negative and Engine:Webhooks:JwksTimeout must be positive.");
        }

        return this;
    }
}

/// <summary>Requests with an Idempotency-Key (Engine:Idempotency): how long their answers are kept for repeats.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>How long a key means the same request: repeats within it get the first answer, and a key is free again after it.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    public IdempotencyOptions Validate()
    {
        if (Window <= TimeSpan.Zero || Window > TimeSpan.FromDays(30))
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "Engine:Idempotency:Window must be more than zero and at most 30 days.");
        }

        return this;
    }
}

/// <summary>How nodes sharing one PostgreSQL database find out about each other (Engine:Cluster).</summary>
public sealed class ClusterOptions
{
    /// <summary>How long a node id (for keys) stays leased without renewal; a crashed node's id is free after this.</summary>
    public TimeSpan NodeLeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a running node renews its node id lease.</summary>
    public TimeSpan NodeLeaseRenewal { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often a node's scheduler records in the database that it is alive (Quartz cluster check-in).</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long past a missed check-in the other nodes wait before they take over a node's running timer jobs.</summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>How timers are woken up and fired (Engine:Timers).</summary>
public sealed class TimerOptions
{
    /// <summary>Timers due within one slot of this width share one scheduler wake-up; it bounds the delay a timer fires with.</summary>
    public TimeSpan Resolution { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the planner looks for timers coming due and fires any that were missed (lost wake-up, crashed node).</summary>
    public TimeSpan PlanningInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a node holds the due timers it took to fire before other nodes may take them.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many timers one node fires at the same time.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>How many due timers a node claims at once.</summary>
    public int BatchSize { get; set; } = 64;
}

/// <summary>How long ended instances are kept (Engine:Retention); a process can set its own period (zeebe:properties prozessengine:retentionDays).</summary>
/// <summary>
/// Work handed from one instance to another (child starts, answers to parents, message and signal deliveries) is carried
/// out right after commit; the sweep picks up what a node that died left behind.
/// </summary>
public sealed class OutboxOptions
{
    /// <summary>How often one node of the cluster looks for outbox work left behind.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Work younger than this is still being carried out by the node that wrote it.</summary>
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class RetentionOptions
{
    /// <summary>Days after their end that completed or terminated instances are deleted; empty keeps them for good.</summary>
    public int? DefaultDays { get; set; }

    /// <summary>How often the retention job runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many instances one run deletes at most, so that a long backlog does not make one huge transaction.</summary>
    public int BatchSize { get; set; } = 500;
}

public sealed class AuthOptions
{
    /// <summary>
    /// The built-in login for development and trials: anyone can log in as anyone, with any role. Off unless configured
    /// (appsettings.Development.json switches it on); always off when an identity provider is configured. Outside the
    /// Development environment the host refuses to start with it unless <see cref="AllowDevelopmentLoginOutsideDevelopment"/>.
    /// </summary>
    public bool DevelopmentLogin { get; set; }

    /// <summary>
    /// The second key a trial installation outside Development needs for the development login, so that a copied setting
    /// alone cannot open a production host to everyone.
    /// </summary>
    public bool AllowDevelopmentLoginOutsideDevelopment { get; set; }

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Failed API key and token attempts per client address before it is refused with 429 for the rest of the window.</summary>
    public int FailedAttemptsPerWindow { get; set; } = 20;

    public TimeSpan FailedAttemptsWindow { get; set; } = TimeSpan.FromMinutes(1);

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

    /// <summary>
    /// Scopes asked for at sign-in; empty: openid, profile, email. (A list default would be extended, not replaced, by
    /// the configuration binder, so defaults of lists are applied after binding: <see cref="EffectiveScopes"/>.)
    /// </summary>
    public List<string> Scopes { get; set; } = [];

    public IReadOnlyList<string> EffectiveScopes => Scopes.Count > 0 ? Scopes : ["openid", "profile", "email"];

    /// <summary>
    /// Audiences an access token must name in "aud" to be accepted (Keycloak: an audience mapper for this client); empty:
    /// the <see cref="ClientId"/>. A token of the same provider meant for another application is refused.
    /// </summary>
    public List<string> Audiences { get; set; } = [];

    public IReadOnlyList<string> EffectiveAudiences => Audiences.Count > 0 ? Audiences : [ClientId];

    /// <summary>Only for local test providers over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// How long the start waits for the provider's discovery document: a provider that does not answer within it stops
    /// the start with a line naming <see cref="Authority"/>, instead of a host whose every sign-in fails.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Claim with the user id; "sub" when the token lacks it.</summary>
    public string UserIdClaim { get; set; } = "preferred_username";

    /// <summary>Claim with the groups (Keycloak group paths like "/fachamt" lose their leading slash).</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Claim with the roles; a dotted path reads into a JSON claim (Keycloak: "realm_access.roles").</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>Provider role name → engine role (admin, operator, modeler, clerk, system). Unmapped names pass through.</summary>
    public Dictionary<string, string> RoleMapping { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Roles of a person whose token names none of the engine's roles; empty: clerk.</summary>
    public List<string> DefaultRoles { get; set; } = [];

    public IReadOnlyList<string> EffectiveDefaultRoles => DefaultRoles.Count > 0 ? DefaultRoles : [Auth.Roles.Clerk];

    /// <summary>
    /// Claim with the tenants (municipalities) a person or system may act in; several values (or a JSON array, or a dotted
    /// path into a JSON claim) allow several tenants, the first being their own. Empty: everyone is in the default tenant.
    /// When set, a token without it is refused: a person or system of no known municipality is nobody's.
    /// </summary>
    public string TenantClaim { get; set; } = "";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}

public sealed class ApiKeyOptions
{
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>
    /// The key's roles; empty: system. Not a list default: the configuration binder appends configured items to a
    /// default list, which gave every key the system role on top of its own.
    /// </summary>
    public List<string> Roles { get; set; } = [];

    public IReadOnlyList<string> EffectiveRoles => Roles.Count > 0 ? Roles : [Auth.Roles.System];
    /// <summary>The key's own tenant: what a request that names no tenantId acts in.</summary>
    public string TenantId { get; set; } = Persistence.DeploymentService.DefaultTenant;

    /// <summary>Further tenants the key may name in tenantId (Engine__Auth__ApiKeys__0__TenantIds__0=augsburg).</summary>
    public List<string> TenantIds { get; set; } = [];
}

/// <summary>
/// Bounds that keep one request, one command and one instance from taking the host down (Engine:Limits); the runtime's
/// share is <see cref="EngineLimits"/>, whose defaults these are.
/// </summary>
public sealed class LimitOptions
{
    /// <summary>Upper bound of any request (a deployment's files together); Kestrel refuses a larger body.</summary>
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Upper bound of a JSON request body (starts, completions, messages, searches, ...). Below <see cref="MaxRequestBodyBytes"/>,
    /// which deployments need: a JSON body is held twice while it is read (its bytes and their index), its variables a third time.
    /// </summary>
    public long MaxJsonRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>What one FEEL evaluation may take and build (Engine:Limits:Feel).</summary>
    public FeelLimitOptions Feel { get; set; } = new();

    /// <summary>Upper bound for one variable as JSON: a request handing in a larger one is refused, an element writing one gets an incident.</summary>
    public int MaxVariablesBytes { get; set; } = EngineLimits.Default.MaxVariablesBytes;

    /// <summary>How deeply objects and lists may nest in one variable a request hands in.</summary>
    public int MaxVariablesDepth { get; set; } = 32;

    /// <summary>Element activations one command runs before it commits and leaves the rest to a following command.</summary>
    public int MaxActivationsPerCommand { get; set; } = EngineLimits.Default.MaxActivationsPerCommand;

    /// <summary>Activations an instance may run without coming to rest before its running tokens get an incident.</summary>
    public long MaxActivationsWithoutWait { get; set; } = EngineLimits.Default.MaxActivationsWithoutWait;

    /// <summary>Items of a multi-instance activity's input collection; more is an incident.</summary>
    public int MaxMultiInstanceItems { get; set; } = EngineLimits.Default.MaxMultiInstanceItems;

    /// <summary>Element instances one instance may hold at a time.</summary>
    public int MaxElementInstances { get; set; } = EngineLimits.Default.MaxElementInstances;

    /// <summary>Bytes of variables one command writes before it commits and leaves the rest to a following command.</summary>
    public long MaxVariablesBytesPerCommand { get; set; } = EngineLimits.Default.MaxVariablesBytesPerCommand;

    /// <summary>How deep instances may start one another (call activities, thrown messages and signals); deeper is an incident.</summary>
    public int MaxCallDepth { get; set; } = EngineLimits.Default.MaxCallDepth;

    /// <summary>Receivers the signals of one command may reach together; more is an incident on the throw event, or a refused broadcast.</summary>
    public int MaxSignalDeliveriesPerCommand { get; set; } = EngineLimits.Default.MaxSignalDeliveriesPerCommand;

    /// <summary>How deeply XML elements of a model may nest.</summary>
    public int MaxXmlDepth { get; set; } = ParserDefaults.MaxXmlDepth;

    /// <summary>XML elements in one model, diagram included.</summary>
    public int MaxXmlElements { get; set; } = ParserDefaults.MaxXmlElements;

    /// <summary>Attributes of one XML element of a model.</summary>
    public int MaxXmlAttributes { get; set; } = ParserDefaults.MaxXmlAttributes;

    /// <summary>Characters of one attribute value of a model.</summary>
    public int MaxXmlAttributeCharacters { get; set; } = ParserDefaults.MaxXmlAttributeCharacters;

    /// <summary>How long reading and checking one model may take.</summary>
    public TimeSpan MaxParseTime { get; set; } = ParserDefaults.MaxParseTime;

    private static readonly BpmnParserOptions ParserDefaults = new();

    /// <summary>Throws (stopping the start) when a bound of requests is not positive.</summary>
    public LimitOptions ValidateRequestLimits()
    {
        Require(MaxRequestBodyBytes, nameof(MaxRequestBodyBytes));
        Require(MaxJsonRequestBytes, nameof(MaxJsonRequestBytes));
        Require(MaxVariablesDepth, nameof(MaxVariablesDepth));
        if (MaxVariablesDepth > 200)
        {
            // FEEL writes values up to 256 levels deep, and the stored state adds a few levels of its own.
            throw new ArgumentOutOfRangeException(nameof(MaxVariablesDepth), MaxVariablesDepth, "Engine:Limits:MaxVariablesDepth must be 200 or less.");
        }

        return this;

        static void Require(long value, string name)
        {
            if (value <= 0)
            {
                throw new ArgumentOutOfRangeException(name, value, $"Engine:Limits:{name} must be positive.");
            }
        }
    }

    /// <summary>The parser's bounds; throws (stopping the start) when one is not positive.</summary>
    public BpmnParserOptions ToParserOptions() => new BpmnParserOptions
    {
        MaxXmlDepth = MaxXmlDepth,
        MaxXmlElements = MaxXmlElements,
        MaxXmlAttributes = MaxXmlAttributes,
        MaxXmlAttributeCharacters = MaxXmlAttributeCharacters,
        MaxParseTime = MaxParseTime,
    }.Validate();

    /// <summary>The runtime's limits; throws (stopping the start) when one is not positive.</summary>
    public EngineLimits ToEngineLimits() => new EngineLimits
    {
        MaxVariablesBytes = MaxVariablesBytes,
        MaxActivationsPerCommand = MaxActivationsPerCommand,
        MaxActivationsWithoutWait = MaxActivationsWithoutWait,
        MaxMultiInstanceItems = MaxMultiInstanceItems,
        MaxElementInstances = MaxElementInstances,
        MaxVariablesBytesPerCommand = MaxVariablesBytesPerCommand,
        MaxCallDepth = MaxCallDepth,
        MaxSignalDeliveriesPerCommand = MaxSignalDeliveriesPerCommand,
    }.Validate();
}

/// <summary>Engine:ForwardedHeaders: only these proxies may tell the client's address and scheme.</summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>IP addresses of the reverse proxies in front of the engine.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the reverse proxies in CIDR notation (10.0.0.0/8).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool IsConfigured => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
