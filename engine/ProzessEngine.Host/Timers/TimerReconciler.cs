using ProzessEngine.Persistence;
using Quartz;

namespace ProzessEngine.Host.Timers;

/// <summary>
/// At start-up, asks the scheduler to run the timer planner now: it fires timers that fell due while the node (or the
/// whole cluster) was down, and gives every slot coming due soon its wake-up unless the clustered store already has it.
/// With several nodes starting at once the planner runs on one node at a time, so overdue timers fire once.
/// </summary>
internal sealed class TimerReconciler(ISchedulerFactory schedulers, TimerStore timers, TimeProvider clock, ILogger<TimerReconciler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (pending, due) = await timers.CountAsync(clock.GetUtcNow(), stoppingToken);
        if (pending > 0)
        {
            logger.LogInformation("Timers at start-up: {Pending} pending, {Due} of them due now", pending, due);
        }

        var scheduler = await schedulers.GetScheduler(stoppingToken);
        await scheduler.TriggerJob(TimerSlots.PlannerKey, stoppingToken);
    }
}
