using Microsoft.Extensions.Options;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using Quartz;

namespace ProzessEngine.Host.Maintenance;

/// <summary>
/// Deletes ended instances whose retention has passed, every Engine:Retention:Interval on one node of the cluster, in
/// batches until nothing is left to delete.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RetentionJob(InstanceRetention retention, IOptions<EngineOptions> options, ILogger<RetentionJob> logger) : IJob
{
    public static JobKey Key { get; } = new("retention", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value.Retention;
        var total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var result = await retention.DeleteExpiredAsync(settings.DefaultDays, settings.BatchSize, cancellationToken);
            total += result.DeletedInstances;
            if (result.DeletedInstances < settings.BatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            logger.LogInformation("Retention: deleted {Count} ended instances with their tasks, incidents and journal", total);
        }
    }
}
