using Microsoft.Extensions.Options;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using Quartz;

namespace ProzessEngine.Host.Maintenance;

/// <summary>
/// Carries out outbox work that a node left behind (it died between its commit and the follow-up command) and drops
/// buffered messages whose time to live ended; every Engine:Outbox:SweepInterval on one node of the cluster.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class OutboxSweepJob(InstanceCommands commands, IOptions<EngineOptions> options, ILogger<OutboxSweepJob> logger) : IJob
{
    public static JobKey Key { get; } = new("outbox-sweep", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var carried = await commands.SweepOutboxAsync(options.Value.Outbox.MinimumAge, cancellationToken: cancellationToken);
        if (carried > 0)
        {
            logger.LogInformation("Outbox sweep: carried out {Count} entries left behind", carried);
        }
    }
}
