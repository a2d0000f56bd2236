using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ProzessEngine.Core.Intents;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using Quartz;

namespace ProzessEngine.Host.Timers;

/// <summary>
/// After a command commits, makes sure a Quartz job wakes up for the slot of each new timer that comes due within the
/// planning horizon; timers further out are left to the planner. The timer row stays the source of truth: a wake-up that
/// is lost (the node dies between commit and scheduling) is made good by the planner, which also fires what was missed.
/// </summary>
internal sealed class TimerScheduler(ISchedulerFactory schedulers, IOptions<EngineOptions> options, TimeProvider clock,
    ILogger<TimerScheduler> logger) : ICommandListener, IDeploymentListener
{
    private readonly ConcurrentDictionary<long, Task> _slots = new();
    private long _lastPrune;

    private TimerOptions Settings => options.Value.Timers;

    /// <summary>Timers due up to this far ahead are scheduled at commit; the planner runs often enough to catch the rest.</summary>
    public TimeSpan Horizon => Settings.PlanningInterval * 2;

    public void OnCommitted(CommittedCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Schedule(command.Intents.OfType<TimerScheduled>());
    }

    /// <summary>
    /// A deployment's start timers are woken up like a command's timers: left to the planner, a cycle of a few seconds
    /// fired first up to a planning interval late.
    /// </summary>
    public void OnDeployed(DeploymentResult deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        Schedule(deployment.StartTimers);
    }

    private void Schedule(IEnumerable<TimerScheduled> timers)
    {
        var now = clock.GetUtcNow();
        foreach (var scheduled in timers)
        {
            if (scheduled.DueAt <= now + Horizon)
            {
                var slot = TimerSlots.SlotOf(scheduled.DueAt > now ? scheduled.DueAt : now, Settings.Resolution);
                _ = EnsureSlotAsync(slot, CancellationToken.None).ContinueWith(
                    t => logger.LogError(t.Exception, "The wake-up for timer {TimerKey} could not be scheduled; the planner fires it later",
                        scheduled.TimerKey),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Makes sure the job of <paramref name="slot"/> exists, creating it at most once per node and slot.</summary>
    public Task EnsureSlotAsync(long slot, CancellationToken cancellationToken)
    {
        PruneOldSlots();
        var scheduling = _slots.GetOrAdd(slot, s => ScheduleSlotAsync(s, cancellationToken));
        if (scheduling.IsFaulted || scheduling.IsCanceled)
        {
            // Let the next timer of this slot try again.
            _slots.TryRemove(new KeyValuePair<long, Task>(slot, scheduling));
        }

        return scheduling;
    }

    private async Task ScheduleSlotAsync(long slot, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = TimerSlots.JobKeyOf(slot);
        if (await scheduler.Exists(key, cancellationToken))
        {
            return;
        }

        var end = TimerSlots.EndOf(slot, Settings.Resolution);
        var job = JobBuilder.Create<TimerSlotJob>()
            .WithIdentity(key)
            .UsingJobData(TimerSlots.SlotEndData, end.ToUnixTimeMilliseconds())
            // A node that dies while firing the slot leaves it to another node (Quartz cluster recovery).
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(key.Name, key.Group)
            .StartAt(end)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        try
        {
            await scheduler.ScheduleJob(job, trigger, default, cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another node scheduled the same slot a moment ago.
        }
    }

    private void PruneOldSlots()
    {
        var now = clock.GetUtcNow();
        var minute = now.ToUnixTimeMilliseconds() / 60_000;
        if (Interlocked.Exchange(ref _lastPrune, minute) == minute)
        {
            return;
        }

        var past = TimerSlots.SlotOf(now, Settings.Resolution);
        foreach (var slot in _slots.Keys.Where(s => s < past))
        {
            _slots.TryRemove(slot, out _);
        }
    }
}
