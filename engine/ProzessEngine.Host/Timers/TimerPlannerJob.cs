using Quartz;

namespace ProzessEngine.Host.Timers;

/// <summary>
/// Runs every Engine:Timers:PlanningInterval on one node of the cluster (and once at every start-up): fires whatever is
/// due and not being fired (a wake-up lost with a crashed node, a timer due while every node was down, a claim that
/// lapsed), then makes sure each slot with timers coming due within the horizon has its job. Slots that the store
/// already has are not created again.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class TimerPlannerJob(TimerFiring firing, Persistence.TimerStore timers, TimerScheduler scheduler,
    Microsoft.Extensions.Options.IOptions<Setup.EngineOptions> options, TimeProvider clock, ILogger<TimerPlannerJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var fired = await firing.FireDueAsync(now, cancellationToken);
        var slots = await timers.DueSlotsAsync(now, now + scheduler.Horizon, options.Value.Timers.Resolution, cancellationToken);
        foreach (var slot in slots)
        {
            await scheduler.EnsureSlotAsync(slot, cancellationToken);
        }

        if (fired > 0)
        {
            logger.LogInformation("Timer planner: fired {Fired} overdue timers; {Slots} wake-ups within the next {Horizon}", fired, slots.Count,
                scheduler.Horizon);
        }
    }
}
