using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ProzessEngine.Persistence.Telemetry;

namespace ProzessEngine.Host.Observability;

/// <summary>
/// The engine's meter and backlog gauges are always registered (they cost nothing without a listener); OpenTelemetry
/// is switched on by the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and then exports traces (requests, engine
/// commands, SQL on PostgreSQL), metrics (engine, ASP.NET Core, Npgsql, the .NET runtime) and logs carrying the trace
/// and span ids by OTLP. The other standard variables (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>, ...) are honoured by the SDK.
/// </summary>
public static class TelemetrySetup
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddEngineTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<EngineBacklog>();
        builder.Services.AddSingleton<EngineMetrics>();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[EndpointVariable]))
        {
            AddOpenTelemetry(builder);
        }

        return builder;
    }

    /// <summary>
    /// Kept apart so that a host without an OTLP endpoint never loads the OpenTelemetry assemblies (memory, start-up).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AddOpenTelemetry(WebApplicationBuilder builder)
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "prozessengine";
        builder.Services.AddOpenTelemetry()
            // Each node an instance id of its own, so that per-node figures (commands, latency) stay apart.
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: EngineTelemetry.Version(), autoGenerateServiceInstanceId: true))
            .WithTracing(tracing => tracing
                // Load balancers poll health every few seconds: those spans would drown the ones that matter.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(HealthSetup.AliasPath))
                .AddSource(EngineTelemetry.Name)
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(EngineTelemetry.Name)
                .AddMeter("System.Runtime")
                .AddNpgsqlInstrumentation())
            .WithLogging(configureBuilder: null, configureOptions: o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            })
            .UseOtlpExporter();
    }
}
