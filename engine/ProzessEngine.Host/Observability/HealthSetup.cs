using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ProzessEngine.Host.Observability;

/// <summary>
/// Health endpoints for load balancers and orchestrators: <c>/health/live</c> says the process answers,
/// <c>/health/ready</c> that this node can do its work (database, migrations, scheduler, node id lease), and
/// <c>/health</c> is kept as an alias of readiness. They need no login and tell nothing but the state of each check.
/// </summary>
public static class HealthSetup
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string AliasPath = "/health";

    private const string Ready = "ready";

    // A load balancer polls every few seconds; a check that hangs (a server that accepts and never answers) must not
    // pile up requests. Connection refused and a missing database fail at once.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddEngineHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready], timeout: Timeout)
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [Ready], timeout: Timeout)
            .AddCheck<NodeLeaseHealthCheck>("node-lease", tags: [Ready], timeout: Timeout);
        return services;
    }

    public static IEndpointRouteBuilder MapEngineHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var live = new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync };
        var ready = new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync };
        // Anonymous whatever the fallback policy: a load balancer has no credentials. GET only, as every probe sends.
        HttpMethodMetadata get = new([HttpMethods.Get]);
        endpoints.MapHealthChecks(LivePath, live).AllowAnonymous().WithMetadata(get);
        endpoints.MapHealthChecks(ReadyPath, ready).AllowAnonymous().WithMetadata(get);
        endpoints.MapHealthChecks(AliasPath, ready).AllowAnonymous().WithMetadata(get);
        return endpoints;
    }

    /// <summary>
    /// <c>{"status":"Unhealthy","checks":{"database":"Unhealthy",...}}</c>: the names and states only. Descriptions and
    /// exceptions (server names, connection errors) go to the log, not to whoever can reach the port.
    /// </summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString());
        return context.Response.WriteAsync(JsonSerializer.Serialize(new HealthAnswer(report.Status.ToString(), checks), JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, string> Checks);
}
