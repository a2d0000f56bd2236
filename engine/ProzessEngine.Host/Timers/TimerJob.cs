using System.Globalization;
using ProzessEngine.Persistence;
using Quartz;

namespace ProzessEngine.Host.Timers;

/// <summary>Fires one engine timer. Firing consumes the timer row in the continuation's transaction, so a repeat is a no-op.</summary>
internal sealed class TimerJob(InstanceCommands commands, QuartzTimerScheduler scheduler, TimeProvider clock, ILogger<TimerJob> logger) : IJob
{
    public const string TimerKeyData = "timerKey";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var timerKey = long.Parse(context.MergedJobDataMap.GetString(TimerKeyData)!, CultureInfo.InvariantCulture);
        try
        {
            await commands.FireTimerAsync(timerKey, cancellationToken);
        }
#pragma warning disable CA1031 // Any failure (database down, bug) must leave the timer to fire again, never lose it.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Timer {TimerKey} could not fire; trying again in {Delay}", timerKey, RetryDelay);
            await scheduler.ScheduleAsync(timerKey, clock.GetUtcNow() + RetryDelay, CancellationToken.None);
        }
    }
}
