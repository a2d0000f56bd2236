using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Core.Calendar;
using ProzessEngine.Core.Calendar.Functions;
using ProzessEngine.Feel;
using ProzessEngine.Host.Auth;
using ProzessEngine.Host.Cluster;
using ProzessEngine.Host.Connectors;
using ProzessEngine.Host.Documents;
using ProzessEngine.Host.Endpoints;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Maintenance;
using ProzessEngine.Host.Observability;
using ProzessEngine.Host.Timers;
using ProzessEngine.Host.Webhooks;
using ProzessEngine.Host.Webhooks.Authorization;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Forms;
using Quartz;
using Scalar.AspNetCore;

namespace ProzessEngine.Host.Setup;

public static class EngineSetup
{
    public const string PeopleOrSystems = "PeopleOrSystems";

    /// <summary>The environment the launch profile asks for; used only when nobody set one (see <see cref="BuilderOptions"/>).</summary>
    public const string LaunchEnvironmentVariable = "PROZESSENGINE_LAUNCH_ENVIRONMENT";

    /// <summary>
    /// `dotnet run` puts the launch profile's variables over the shell's, so a profile that set ASPNETCORE_ENVIRONMENT
    /// made `ASPNETCORE_ENVIRONMENT=Production dotnet run` run as Development, development login included. The profile
    /// therefore names only a default, which applies when neither ASPNETCORE_ENVIRONMENT, DOTNET_ENVIRONMENT nor
    /// --environment says otherwise.
    /// </summary>
    public static WebApplicationOptions BuilderOptions(string[] args)
    {
        var explicitly = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.EnvironmentKey];
        var launchDefault = Environment.GetEnvironmentVariable(LaunchEnvironmentVariable);
        return new WebApplicationOptions
        {
            Args = args,
            EnvironmentName = string.IsNullOrWhiteSpace(explicitly) && !string.IsNullOrWhiteSpace(launchDefault) ? launchDefault : null,
        };
    }

    public static WebApplicationBuilder AddProzessEngine(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var section = builder.Configuration.GetSection(EngineOptions.Section);
        services.Configure<EngineOptions>(section);
        var options = ReadOptions(section);
        AddWebHostDefaults(builder);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.Limits.MaxRequestBodyBytes;
            // No "Server: Kestrel" banner: it tells an attacker what to look up, and nobody else needs it.
            k.AddServerHeader = false;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            json.SerializerOptions.Converters.Add(new KeyAsStringConverter());
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            // Nothing in a request is silently ignored: a property no endpoint reads is a 400 that names it.
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            // Variables are measured against Engine:Limits:MaxVariablesDepth when read (naming the variable); the
            // reader's own bound only has to stop bodies far deeper than that.
            json.SerializerOptions.MaxDepth = Math.Max(64, options.Limits.MaxVariablesDepth + 16);
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<EngineExceptionHandler>();
        if (options.ServesApiReference(builder.Environment))
        {
            AddApiReference(services);
        }

        AddAuthentication(services, options);
        AddForwardedHeaders(services, options.ForwardedHeaders);
        AddEngine(services, builder.Environment, builder.Configuration, options);
        services.AddConnectors(builder.Configuration);
        try
        {
            services.AddDocuments(builder.Configuration, builder.Environment.ContentRootPath, () => ResolveZone(options.TimeZone));
        }
        catch (InvalidOperationException ex)
        {
            throw new EngineConfigurationException(ex);
        }

        AddBusinessCalendars(services, builder.Configuration);
        AddScheduling(services, builder.Configuration, options);
        services.AddEngineHealthChecks();
        builder.AddEngineTelemetry();
        ReadKeyRingOnFirstUse(services);
        return builder;
    }

    /// <summary>
    /// What <see cref="WebApplication.CreateBuilder(WebApplicationOptions)"/> adds and the slim builder (Program.cs) leaves
    /// out, as far as a node uses it. Left out for good: Kestrel's QUIC transport (HTTP/3), IIS and its integration, the
    /// Debug and EventSource loggers, hosting startup assemblies and the regex route constraint (no route uses one; a
    /// route that did would fail the first request, so every Host test would show it).
    /// </summary>
    private static void AddWebHostDefaults(WebApplicationBuilder builder)
    {
        // HTTPS endpoints and certificates from Kestrel:Endpoints / Kestrel:Certificates (or https:// in Urls): without
        // this Kestrel refuses them at start. TLS normally ends at the reverse proxy (security.md), but a host may serve it.
        builder.WebHost.UseKestrelHttpsConfiguration();
        // The slim builder's console log is always the simple one; Logging:Console:FormatterName (json, systemd) counts
        // again, as it did with the full builder.
        if (builder.Configuration["Logging:Console:FormatterName"] is { Length: > 0 } formatter)
        {
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = formatter);
        }

        if (builder.Environment.IsDevelopment())
        {
            // wwwroot through the build's static web assets manifest, for a development host started from its bin folder.
            builder.WebHost.UseStaticWebAssets();
        }
    }

    /// <summary>
    /// ASP.NET Core reads the data protection key ring while the host starts (its DataProtectionHostedService): a query
    /// and XML parsing that held up readiness by a fifth of a second of CPU. Readiness needs no key; the first session
    /// cookie reads the ring instead, as it would after the ring's refresh period anyway.
    /// </summary>
    private static void ReadKeyRingOnFirstUse(IServiceCollection services)
    {
        var keyRingLoaders = services.Where(s => s.ServiceType == typeof(IHostedService)
            && s.ImplementationType?.FullName == KeyRingLoader).ToList();
        foreach (var loader in keyRingLoaders)
        {
            services.Remove(loader);
        }
    }

    internal const string KeyRingLoader = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    public static WebApplication UseProzessEngine(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<EngineOptions>>().Value.ForwardedHeaders.IsConfigured)
        {
            app.UseForwardedHeaders();
        }

        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseStatusCodePages();
        app.UseMiddleware<JsonBodyLimit>();
        app.UseDefaultFiles();
        app.UseMiddleware<DesignerFiles>();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = DesignerFiles.CachingFor(file.Context.Request.Path),
        });
        // A webhook checks its callers itself (Webhooks/): the engine's sessions, API keys and tokens mean nothing there. A
        // session cookie a browser sends along must not act as anyone, and a webhook's own token or key must not count
        // as a failed sign-in to the engine.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments(InboundWebhookEndpoints.Prefix, StringComparison.OrdinalIgnoreCase), engine =>
        {
            engine.UseAuthentication();
            engine.UseMiddleware<AuthenticationThrottle>();
            engine.UseMiddleware<CrossSiteRequestGuard>();
        });
        app.UseAuthorization();
        app.UseMiddleware<IdempotencyKeyGuard>();
        return app;
    }

    public static WebApplication MapProzessEngine(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<EngineOptions>>().Value.ServesApiReference(app.Environment))
        {
            MapApiReference(app);
        }

        app.MapEngineHealthEndpoints();
        app.MapAuthEndpoints();
        app.MapDeploymentEndpoints();
        app.MapProcessDefinitionEndpoints();
        app.MapProcessInstanceEndpoints();
        app.MapUserTaskEndpoints();
        app.MapTaskCommentEndpoints();
        app.MapSubstitutionEndpoints();
        app.MapJobEndpoints();
        app.MapIncidentEndpoints();
        app.MapFormEndpoints();
        app.MapDecisionEndpoints();
        app.MapDocumentEndpoints();
        app.MapMessageEndpoints();
        app.MapInboundWebhookEndpoints();
        return app;
    }

    // These two are apart so that a node without the reference does not load Microsoft.AspNetCore.OpenApi, Microsoft.OpenApi
    // and Scalar to prepare their callers (a precompiled method resolves every type it names when it is entered).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddApiReference(IServiceCollection services) =>
        services.AddOpenApi(o => o.AddSchemaTransformer<KeyAsStringSchemaTransformer>());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MapApiReference(WebApplication app)
    {
        app.MapOpenApi();
        // The reference page's own fonts come from a CDN, which the page's Content-Security-Policy does not allow.
        app.MapScalarApiReference(o => o.DisableDefaultFonts());
    }

    /// <summary>
    /// Checks the settings, the identity provider and the database, applies migrations and deploys the shipped workflows;
    /// pending timers follow once the host runs. A misconfiguration, or a provider or database that cannot be reached,
    /// gives one clear log line each and false (the process exits non-zero).
    /// </summary>
    public static async Task<bool> InitializeEngineAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ProzessEngine");
        var options = app.Services.GetRequiredService<IOptions<EngineOptions>>().Value;
        var unsafeSettings = StartupChecks.Problems(options, app.Environment, app.Configuration);
        foreach (var unsafeSetting in unsafeSettings)
        {
            logger.LogCritical("The engine does not start: {Problem}", unsafeSetting);
        }

        if (unsafeSettings.Count > 0)
        {
            return false;
        }

        if (options.Auth.IdentityProvider.IsConfigured && await IdentityProviderProbe.ProblemAsync(options.Auth.IdentityProvider) is { } unreachable)
        {
            logger.LogCritical("The engine does not start: {Problem}", unreachable);
            return false;
        }

        EngineDatabase database;
        try
        {
            database = app.Services.GetRequiredService<EngineDatabase>();
            _ = app.Services.GetRequiredService<BusinessCalendarRegistry>();
            // Its limits are checked when it is made; made here, a wrong one is a line now and not a crash at the first deployment.
            _ = app.Services.GetRequiredService<FeelEngine>();
        }
        catch (InvalidOperationException ex)
        {
            // A configuration mistake: one line that says what to fix, not a stack trace.
            logger.LogCritical("The engine does not start: {Problem}", StartupChecks.OneLine(ex.Message));
            return false;
        }

        var problem = await database.ProbeAsync();
        if (problem is not null)
        {
            logger.LogCritical("The {Provider} database cannot be reached: {Problem}. Check ConnectionStrings:Engine and that the server runs.",
                database.Provider, problem);
            return false;
        }

        if (options.Auth.DevelopmentLoginActive && !app.Environment.IsDevelopment())
        {
            logger.LogWarning("The development login is on outside Development (acknowledged): anyone who reaches this host can sign in as anyone.");
        }

        try
        {
            await database.MigrateAsync();
        }
        catch (Exception ex) when (database.Provider == DatabaseProvider.Sqlite && (ex is IOException or UnauthorizedAccessException || SqliteProvider.IsSqliteError(ex)))
        {
            logger.LogCritical("The engine does not start: the SQLite database '{File}' cannot be created or opened: {Problem} Check Engine:DataDirectory "
                + "(or ConnectionStrings:Engine) and that the engine may write there.", SqliteProvider.DataSource(database.ConnectionString),
                StartupChecks.OneLine(ex.Message));
            return false;
        }

        // One secret for all nodes: keys of one millisecond stay apart only under the same permutation.
        app.Services.GetRequiredService<NodeIdentity>().UseKeySecret(
            await app.Services.GetRequiredService<ClusterSecrets>().GetOrCreateAsync(ClusterSecrets.KeyPermutation));

        // Keys are made from here on (the shipped workflows' deployment is the first), so the node id comes first.
        var identity = app.Services.GetRequiredService<NodeIdentity>();
        identity.Hold(await app.Services.GetRequiredService<NodeLeases>().AcquireAsync(identity.Name, options.Cluster.NodeLeaseDuration));

        await app.Services.GetRequiredService<WorkflowDeployer>().DeployAllAsync();
        if (app.Environment.IsProduction())
        {
            app.Lifetime.ApplicationStarted.Register(ReleaseStartupMemory);
        }

        var urls = app.Urls.Count > 0 ? string.Join(", ", app.Urls) : app.Configuration["urls"] ?? "http://localhost:5080";
        logger.LogInformation("ProzessEngine is ready on {Provider} as node {NodeId} ({NodeName}). Designer and API: {Urls}", database.Provider,
            identity.Lease!.NodeId, identity.Name, urls);
        return true;
    }

    /// <summary>
    /// Starting builds much that is garbage once the node runs (configuration, EF Core's services, the first queries) and
    /// leaves the heap's regions touched by it resident. One full, compacting collection once the host has started, in
    /// the mode that hands freed memory back to the system, brings an idle node's resident memory down by several
    /// megabytes; it costs a few milliseconds of one thread, off the requests' path (docs/operations.md, "Start-up and
    /// memory"). Production only: test and development hosts start often and live briefly.
    /// </summary>
    private static void ReleaseStartupMemory() =>
        ThreadPool.UnsafeQueueUserWorkItem(
            static _ => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true), null);

    /// <summary>X-Forwarded-For and -Proto are believed from the configured proxies only, never from anyone who sends them.</summary>
    private static void AddForwardedHeaders(IServiceCollection services, ForwardedHeadersSettings settings)
    {
        if (!settings.IsConfigured)
        {
            return;
        }

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in settings.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
            }

            foreach (var network in settings.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    o.KnownIPNetworks.Add(parsed);
                }
            }
        });
    }

    private static void AddAuthentication(IServiceCollection services, EngineOptions options)
    {
        var auth = options.Auth;
        // Every node reads the same key ring from the database, so a session cookie is valid on each of them and after
        // a restart. The application name (not the content root, the default) decides who shares the keys.
        services.AddDataProtection().SetApplicationName("ProzessEngine");
        services.AddOptions<KeyManagementOptions>()
            .Configure<EngineDatabase>((o, database) => o.XmlRepository = new DatabaseKeyRepository(database));

        var identityProvider = auth.IdentityProvider.IsConfigured;
        var authentication = services.AddAuthentication(PeopleOrSystems)
            .AddPolicyScheme(PeopleOrSystems, "Session, API key or access token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName
                : identityProvider && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityProviderSetup.SystemsScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "prozessengine.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                // An API answers 401/403 with problem details; it never redirects to a login page.
                o.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        // Sessions live in the database (the cookie holds their id), so that signing out ends them on every node.
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<EngineDatabase, TimeProvider>((o, database, clock) => o.SessionStore = new DatabaseSessionStore(database, clock));
        services.AddSingleton<AuthenticationThrottle>();
        if (identityProvider)
        {
            authentication.AddIdentityProvider(auth.IdentityProvider, StartupChecks.PublicBaseUri(options));
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .AddPolicy(Policies.Deploy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Modeler, Roles.Admin))
            .AddPolicy(Policies.ReadDefinitions, p => p.RequireAuthenticatedUser()
                .RequireRole(Roles.Modeler, Roles.Operator, Roles.Clerk, Roles.TeamLead, Roles.System, Roles.Admin))
            .AddPolicy(Policies.StartInstances, p => p.RequireAuthenticatedUser().RequireRole(Roles.System, Roles.Operator, Roles.Admin))
            // Who may start processes may evaluate a decision; a modeler too, to try a table with sample inputs before a process calls it.
            .AddPolicy(Policies.EvaluateDecisions, p => p.RequireAuthenticatedUser().RequireRole(Roles.Modeler, Roles.System, Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.ReadInstances, p => p.RequireAuthenticatedUser().RequireRole(Roles.System, Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.OperateInstances, p => p.RequireAuthenticatedUser().RequireRole(Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.WorkOnTasks, p => p.RequireAuthenticatedUser().RequireRole(Roles.Clerk, Roles.TeamLead, Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.WorkOnJobs, p => p.RequireAuthenticatedUser().RequireRole(Roles.System, Roles.Admin));
    }

    private static void AddEngine(IServiceCollection services, IWebHostEnvironment environment, IConfiguration configuration, EngineOptions options)
    {
        // Checked here, so that a limit configured as zero or less stops the start with its name.
        var limits = options.Limits.ToEngineLimits();
        var parserOptions = options.Limits.ToParserOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => options.Limits.Feel.CreateEngine(sp.GetRequiredService<TimeProvider>(), ResolveZone(options.TimeZone),
            CalendarFunctions.For(sp.GetRequiredService<BusinessCalendarRegistry>(), ResolveZone(options.TimeZone))));
        services.AddSingleton(sp => new BpmnParser(sp.GetRequiredService<FeelEngine>(), parserOptions with
        {
            KnownCalendarIds = sp.GetRequiredService<BusinessCalendarRegistry>().Ids,
            SecretIsConfigured = sp.GetRequiredService<Secrets>().IsConfigured,
        }));
        services.AddSingleton(_ => CreateDatabase(environment, configuration, options));
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<IKeyGenerator>(sp => sp.GetRequiredService<NodeIdentity>());
        services.AddSingleton<NodeLeases>();
        services.AddSingleton<ClusterSecrets>();
        services.AddSingleton<TimerStore>();
        services.AddSingleton(sp => new FormCatalog(sp.GetRequiredService<EngineDatabase>()));
        services.AddSingleton(sp => new DecisionCatalog(sp.GetRequiredService<EngineDatabase>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<FeelEngine>()));
        services.AddSingleton<IDeploymentListener>(sp => sp.GetRequiredService<DecisionCatalog>());
        services.AddSingleton(sp => new DecisionQueries(sp.GetRequiredService<EngineDatabase>()));
        services.AddSingleton(sp => new SignalAudience(sp.GetRequiredService<EngineDatabase>(), sp.GetRequiredService<DefinitionCache>()));
        services.AddSingleton(sp => new InstanceRetention(sp.GetRequiredService<EngineDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RuntimeServices(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IKeyGenerator>(),
            sp.GetServices<IInlineJobHandler>(),
            ResolveZone(options.TimeZone),
            sp.GetRequiredService<BusinessCalendarRegistry>(),
            sp.GetRequiredService<FormCatalog>(),
            limits,
            sp.GetRequiredService<SignalAudience>(),
            sp.GetRequiredService<DecisionCatalog>()));
        services.AddSingleton<ProcessRuntime>();
        services.AddSingleton<DefinitionCache>();
        services.AddSingleton(sp => new DeploymentService(
            sp.GetRequiredService<EngineDatabase>(), sp.GetRequiredService<DefinitionCache>(),
            sp.GetRequiredService<IKeyGenerator>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ProcessRuntime>(),
            sp.GetServices<IDeploymentListener>(), sp.GetService<ITemplateSyntax>()));
        services.AddSingleton<InstanceCommands>();
        services.AddSingleton<EngineQueries>();
        services.AddSingleton<Substitutions>();
        services.AddSingleton<KnownUsers>();
        services.AddSingleton<TaskComments>();
        services.AddSingleton<TaskAccess>();
        services.AddSingleton<JobActivator>();
        services.AddSingleton<JobArrivals>();
        services.AddSingleton<ICommandListener>(sp => sp.GetRequiredService<JobArrivals>());
        services.AddSingleton(sp => new JobLongPolling(sp.GetRequiredService<JobActivator>(), sp.GetRequiredService<JobArrivals>(),
            sp.GetRequiredService<TimeProvider>(), options.Jobs.RecheckInterval));
        services.AddSingleton<FormQueries>();
        services.AddSingleton<FormSubmissions>();
        AddWebhooks(services);
        services.AddSingleton(sp => new WorkflowDeployer(
            sp.GetRequiredService<DeploymentService>(),
            ResolvePath(environment, options.WorkflowsDirectory),
            sp.GetRequiredService<ILogger<WorkflowDeployer>>()));
    }

    private static void AddWebhooks(IServiceCollection services)
    {
        services.AddSingleton<WebhookContexts>();
        services.AddSingleton<JsonWebKeySets>();
        services.AddSingleton<WebhookAuthorizers>();
        services.AddSingleton<WebhookThrottle>();
        services.AddSingleton<WebhookHandler>();
        // A key set is fetched from where the model says; a redirect elsewhere is not followed.
        services.AddHttpClient(JsonWebKeySets.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
    }

    /// <summary>
    /// The Engine section, bound and with its limits checked. A value that is not of its setting's type (a time span
    /// "abc") or a limit below its floor stops the start here, before the host exists to log it: see Program.cs.
    /// </summary>
    private static EngineOptions ReadOptions(IConfigurationSection section)
    {
        try
        {
            var options = section.Get<EngineOptions>() ?? new EngineOptions();
            options.Limits.ValidateRequestLimits();
            options.Jobs.Validate();
            options.Webhooks.Validate();
            options.Idempotency.Validate();
            _ = options.Limits.ToEngineLimits();
            _ = options.Limits.ToParserOptions();
            return options;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw new EngineConfigurationException(ex);
        }
    }

    private static void AddBusinessCalendars(IServiceCollection services, ConfigurationManager configuration)
    {
        BusinessCalendarSettings settings;
        try
        {
            settings = configuration.GetSection(BusinessCalendarSettings.Section).Get<BusinessCalendarSettings>() ?? new BusinessCalendarSettings();
        }
        catch (InvalidOperationException ex)
        {
            throw new EngineConfigurationException(ex);
        }

        // Built at start-up (InitializeEngineAsync), so that a wrong calendar configuration stops the start with the reason.
        services.AddSingleton(_ => settings.CreateRegistry());
    }

    /// <summary>
    /// Quartz wakes timers up and runs maintenance. On PostgreSQL it runs clustered on its ADO job store (tables from our
    /// migrations), so each wake-up runs on one node and a dead node's jobs are taken over; on SQLite it keeps its jobs in
    /// memory and the timer planner rebuilds them from the timer rows at every start.
    /// </summary>
    private static void AddScheduling(IServiceCollection services, ConfigurationManager configuration, EngineOptions options)
    {
        var postgres = IsPostgres(options);
        var connectionString = configuration.GetConnectionString("Engine");
        // Registered before Quartz so that it stops after it: no timer fires with a node id given up.
        services.AddHostedService<NodeLeaseKeeper>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.IdleWaitTime = TimeSpan.FromSeconds(5));
            q.UseDefaultThreadPool(Math.Max(4, options.Timers.Parallelism));
            if (postgres && !string.IsNullOrWhiteSpace(connectionString))
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(NpgsqlFactory.Instance, connectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = options.Cluster.CheckinInterval;
                        c.CheckinMisfireThreshold = options.Cluster.CheckinMisfireThreshold;
                    });
                    store.UseSystemTextJsonSerializer();
                });
            }
            else
            {
                q.UseInMemoryStore();
            }

            // Maintenance that was due while no node ran (or the clock jumped) runs once right away, not at the next interval.
            q.AddJob<TimerPlannerJob>(j => j.WithIdentity(TimerSlots.PlannerKey).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(TimerSlots.PlannerKey).WithIdentity(TimerSlots.PlannerKey.Name, TimerSlots.Group)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(options.Timers.PlanningInterval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));
            q.AddJob<OutboxSweepJob>(j => j.WithIdentity(OutboxSweepJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(OutboxSweepJob.Key).WithIdentity(OutboxSweepJob.Key.Name, OutboxSweepJob.Key.Group)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(options.Outbox.SweepInterval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            q.AddJob<RetentionJob>(j => j.WithIdentity(RetentionJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(RetentionJob.Key).WithIdentity(RetentionJob.Key.Name, RetentionJob.Key.Group)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(options.Retention.Interval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddTransient<TimerSlotJob>();
        services.AddTransient<TimerPlannerJob>();
        services.AddTransient<RetentionJob>();
        services.AddTransient<OutboxSweepJob>();
        services.AddSingleton<TimerFiring>();
        services.AddSingleton<TimerScheduler>();
        services.AddSingleton<ICommandListener>(sp => sp.GetRequiredService<TimerScheduler>());
        services.AddSingleton<IDeploymentListener>(sp => sp.GetRequiredService<TimerScheduler>());
        services.AddHostedService<TimerReconciler>();
    }

    private static bool IsPostgres(EngineOptions options) => options.DatabaseProvider == DatabaseProvider.PostgreSql;

    /// <summary>The settings were checked before (<see cref="StartupChecks"/>); these throws only guard a caller that did not.</summary>
    private static EngineDatabase CreateDatabase(IWebHostEnvironment environment, IConfiguration configuration, EngineOptions options)
    {
        var connectionString = configuration.GetConnectionString("Engine");
        if (IsPostgres(options))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Engine:Database is PostgreSQL, but ConnectionStrings:Engine is not set.");
            }

            return new EngineDatabase(DatabaseProvider.PostgreSql, connectionString);
        }

        if (options.DatabaseProvider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException($"Engine:Database '{options.Database}' is not supported; use Sqlite or PostgreSQL.");
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var directory = ResolvePath(environment, options.DataDirectory) ?? environment.ContentRootPath;
            connectionString = SqliteProvider.FileConnectionString(directory);
        }

        return new EngineDatabase(DatabaseProvider.Sqlite, connectionString);
    }

    private static string? ResolvePath(IWebHostEnvironment environment, string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(Path.Combine(environment.ContentRootPath, path));

    private static TimeZoneInfo ResolveZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : throw new InvalidOperationException($"Engine:TimeZone '{id}' is not a known time zone (use an IANA id such as Europe/Berlin).");

    internal static Caller Caller(this HttpContext context) => Auth.Caller.From(context.User);
}

public static class Policies
{
    public const string Deploy = "deploy";
    public const string ReadDefinitions = "read-definitions";
    public const string StartInstances = "start-instances";
    public const string EvaluateDecisions = "evaluate-decisions";
    public const string ReadInstances = "read-instances";
    public const string OperateInstances = "operate-instances";
    public const string WorkOnTasks = "work-on-tasks";
    public const string WorkOnJobs = "work-on-jobs";
}
