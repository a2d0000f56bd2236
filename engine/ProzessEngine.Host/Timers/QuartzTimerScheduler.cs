using System.Globalization;
using ProzessEngine.Core.Intents;
using ProzessEngine.Persistence;
using Quartz;

namespace ProzessEngine.Host.Timers;

/// <summary>
/// After a command commits, hands its new timers to Quartz (job key = timer key) and withdraws fired or cancelled ones.
/// The timer row stays the source of truth: a lost schedule is restored by reconciliation at start-up.
/// </summary>
internal sealed class QuartzTimerScheduler(ISchedulerFactory schedulers, ILogger<QuartzTimerScheduler> logger) : ICommandListener
{
    public const string Group = "timers";

    public void OnCommitted(CommittedCommand command)
    {
        foreach (var intent in command.Intents)
        {
            switch (intent)
            {
                case TimerScheduled scheduled:
                    Observe(ScheduleAsync(scheduled.TimerKey, scheduled.DueAt), scheduled.TimerKey);
                    break;
                case TimerCanceled canceled:
                    Observe(UnscheduleAsync(canceled.TimerKey), canceled.TimerKey);
                    break;
            }
        }
    }

    public async Task ScheduleAsync(long timerKey, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var name = timerKey.ToString(CultureInfo.InvariantCulture);
        var job = JobBuilder.Create<TimerJob>()
            .WithIdentity(name, Group)
            .UsingJobData(TimerJob.TimerKeyData, name)
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(name, Group)
            .StartAt(dueAt)
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }

    public async Task UnscheduleAsync(long timerKey, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.DeleteJob(new JobKey(timerKey.ToString(CultureInfo.InvariantCulture), Group), cancellationToken);
    }

    private void Observe(Task task, long timerKey) =>
        task.ContinueWith(
            t => logger.LogError(t.Exception, "Timer {TimerKey} could not be handed to the scheduler; it will be restored at the next start", timerKey),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
