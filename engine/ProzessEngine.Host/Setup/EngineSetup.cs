using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Feel;
using ProzessEngine.Host.Auth;
using ProzessEngine.Host.Endpoints;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Timers;
using ProzessEngine.Persistence;
using Quartz;
using Scalar.AspNetCore;

namespace ProzessEngine.Host.Setup;

public static class EngineSetup
{
    public const string PeopleOrSystems = "PeopleOrSystems";

    public static WebApplicationBuilder AddProzessEngine(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var section = builder.Configuration.GetSection(EngineOptions.Section);
        services.Configure<EngineOptions>(section);
        var options = section.Get<EngineOptions>() ?? new EngineOptions();

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.Limits.MaxRequestBodyBytes);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            json.SerializerOptions.Converters.Add(new KeyAsStringConverter());
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<EngineExceptionHandler>();
        services.AddOpenApi();

        AddAuthentication(services, options.Auth);
        AddEngine(services, builder.Environment, builder.Configuration, options);
        AddTimers(services);
        return builder;
    }

    public static WebApplication UseProzessEngine(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseMiddleware<CrossSiteRequestGuard>();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapProzessEngine(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).WithTags("System").ExcludeFromDescription();
        app.MapAuthEndpoints();
        app.MapDeploymentEndpoints();
        app.MapProcessDefinitionEndpoints();
        app.MapProcessInstanceEndpoints();
        app.MapUserTaskEndpoints();
        app.MapJobEndpoints();
        app.MapIncidentEndpoints();
        app.MapFormEndpoints();
        return app;
    }

    /// <summary>
    /// Checks the database, applies migrations and deploys the shipped workflows; pending timers follow once the host runs.
    /// A database that cannot be reached gives one clear log line and false (the process exits non-zero).
    /// </summary>
    public static async Task<bool> InitializeEngineAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ProzessEngine");
        var database = app.Services.GetRequiredService<EngineDatabase>();
        var problem = await database.ProbeAsync();
        if (problem is not null)
        {
            logger.LogCritical("The {Provider} database cannot be reached: {Problem}. Check ConnectionStrings:Engine and that the server runs.",
                database.Provider, problem);
            return false;
        }

        if (app.Configuration.GetValue("Engine:Auth:DevelopmentLogin", true) && !app.Environment.IsDevelopment())
        {
            logger.LogWarning("The development login is on: anyone can sign in as anyone. Set Engine__Auth__DevelopmentLogin=false in production.");
        }

        await database.MigrateAsync();
        await app.Services.GetRequiredService<WorkflowDeployer>().DeployAllAsync();
        var urls = app.Urls.Count > 0 ? string.Join(", ", app.Urls) : app.Configuration["urls"] ?? "http://localhost:5080";
        logger.LogInformation("ProzessEngine is ready on {Provider}. Designer and API: {Urls}", database.Provider, urls);
        return true;
    }

    private static void AddAuthentication(IServiceCollection services, AuthOptions auth)
    {
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
        if (identityProvider)
        {
            authentication.AddIdentityProvider(auth.IdentityProvider);
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .AddPolicy(Policies.Deploy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Modeler, Roles.Admin))
            .AddPolicy(Policies.ReadDefinitions, p => p.RequireAuthenticatedUser()
                .RequireRole(Roles.Modeler, Roles.Operator, Roles.Clerk, Roles.System, Roles.Admin))
            .AddPolicy(Policies.StartInstances, p => p.RequireAuthenticatedUser().RequireRole(Roles.System, Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.ReadInstances, p => p.RequireAuthenticatedUser().RequireRole(Roles.System, Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.OperateInstances, p => p.RequireAuthenticatedUser().RequireRole(Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.WorkOnTasks, p => p.RequireAuthenticatedUser().RequireRole(Roles.Clerk, Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.WorkOnJobs, p => p.RequireAuthenticatedUser().RequireRole(Roles.System, Roles.Admin));
    }

    private static void AddEngine(IServiceCollection services, IWebHostEnvironment environment, IConfiguration configuration, EngineOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FeelEngine(new FeelEngineOptions
        {
            Clock = sp.GetRequiredService<TimeProvider>(),
            DefaultTimeZone = ResolveZone(options.TimeZone),
        }));
        services.AddSingleton(sp => new BpmnParser(sp.GetRequiredService<FeelEngine>()));
        services.AddSingleton(_ => CreateDatabase(environment, configuration, options));
        services.AddSingleton<IKeyGenerator>(sp => new SnowflakeKeyGenerator(options.NodeId, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RuntimeServices(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IKeyGenerator>(),
            sp.GetServices<IInlineJobHandler>(),
            ResolveZone(options.TimeZone)));
        services.AddSingleton<ProcessRuntime>();
        services.AddSingleton<DefinitionCache>();
        services.AddSingleton(sp => new DeploymentService(
            sp.GetRequiredService<EngineDatabase>(), sp.GetRequiredService<BpmnParser>(), sp.GetRequiredService<DefinitionCache>(),
            sp.GetRequiredService<IKeyGenerator>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<InstanceCommands>();
        services.AddSingleton<EngineQueries>();
        services.AddSingleton<JobActivator>();
        services.AddSingleton<FormQueries>();
        services.AddSingleton(sp => new WorkflowDeployer(
            sp.GetRequiredService<DeploymentService>(),
            ResolvePath(environment, options.WorkflowsDirectory),
            sp.GetRequiredService<ILogger<WorkflowDeployer>>()));
    }

    private static void AddTimers(IServiceCollection services)
    {
        services.AddQuartz(q =>
        {
            q.UseInMemoryStore();
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddTransient<TimerJob>();
        services.AddSingleton<QuartzTimerScheduler>();
        services.AddSingleton<ICommandListener>(sp => sp.GetRequiredService<QuartzTimerScheduler>());
        services.AddHostedService<TimerReconciler>();
    }

    private static EngineDatabase CreateDatabase(IWebHostEnvironment environment, IConfiguration configuration, EngineOptions options)
    {
        var connectionString = configuration.GetConnectionString("Engine");
        if (string.Equals(options.Database, "PostgreSQL", StringComparison.OrdinalIgnoreCase)
            || string.Equals(options.Database, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Engine:Database is PostgreSQL, but ConnectionStrings:Engine is not set.");
            }

            return new EngineDatabase(DatabaseProvider.PostgreSql, connectionString);
        }

        if (!string.Equals(options.Database, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Engine:Database '{options.Database}' is not supported; use Sqlite or PostgreSQL.");
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var directory = ResolvePath(environment, options.DataDirectory) ?? environment.ContentRootPath;
            connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(directory, "prozessengine.db"),
                Cache = SqliteCacheMode.Private,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
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
    public const string ReadInstances = "read-instances";
    public const string OperateInstances = "operate-instances";
    public const string WorkOnTasks = "work-on-tasks";
    public const string WorkOnJobs = "work-on-jobs";
}
