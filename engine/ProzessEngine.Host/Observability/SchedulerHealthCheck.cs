using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace ProzessEngine.Host.Observability;

/// <summary>Quartz runs: timers wake up and maintenance (outbox sweep, retention) happens on this node.</summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The Quartz scheduler is {status}, not running.");
    }
}
