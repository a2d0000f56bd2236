using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Observability;

/// <summary>The database answers and has every migration of this version: commands can be written.</summary>
internal sealed class DatabaseHealthCheck(EngineDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await database.IsMigratedAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database lacks migrations of this version (another node may be applying them).");
        }
#pragma warning disable CA1031 // Whatever the provider throws, the answer is "not ready"; the reason goes to the log.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            // The message only: a stack trace every few seconds while the database is down would bury the log.
            return HealthCheckResult.Unhealthy($"The {database.Provider} database does not answer: {ex.InnerException?.Message ?? ex.Message}");
        }
    }
}
