using Microsoft.EntityFrameworkCore;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Timers;

/// <summary>
/// At start-up, hands every pending timer row to Quartz and fires those that fell due while the host was down. Firing
/// overdue timers directly (rather than waiting for the scheduler's misfire handling) makes them fire right after
/// start; several nodes doing the same is harmless, because firing consumes the row exactly once.
/// </summary>
internal sealed class TimerReconciler(
    EngineDatabase database,
    QuartzTimerScheduler scheduler,
    InstanceCommands commands,
    TimeProvider clock,
    ILogger<TimerReconciler> logger) : BackgroundService
{
    private const int OverdueParallelism = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        List<(long Key, DateTimeOffset DueAt)> timers;
        await using (var context = database.CreateContext())
        {
            timers = (await context.Timers.AsNoTracking().Select(t => new { t.Key, t.DueAt }).ToListAsync(stoppingToken))
                .Select(t => (t.Key, t.DueAt)).ToList();
        }

        var overdue = timers.Where(t => t.DueAt <= now).OrderBy(t => t.DueAt).Select(t => t.Key).ToList();
        foreach (var (key, dueAt) in timers.Where(t => t.DueAt > now))
        {
            await scheduler.ScheduleAsync(key, dueAt, stoppingToken);
        }

        if (timers.Count > 0)
        {
            logger.LogInformation("Timers at start-up: {Scheduled} scheduled, {Overdue} overdue and fired now", timers.Count - overdue.Count, overdue.Count);
        }

        await Parallel.ForEachAsync(overdue, new ParallelOptions { MaxDegreeOfParallelism = OverdueParallelism, CancellationToken = stoppingToken },
            async (key, token) =>
            {
                try
                {
                    await commands.FireTimerAsync(key, token);
                }
#pragma warning disable CA1031 // One failing timer must not stop the others; it stays pending and is scheduled for a retry.
                catch (Exception ex) when (!token.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    logger.LogError(ex, "Overdue timer {TimerKey} could not fire; it is scheduled again", key);
                    await scheduler.ScheduleAsync(key, clock.GetUtcNow().AddSeconds(30), CancellationToken.None);
                }
            });
    }
}
