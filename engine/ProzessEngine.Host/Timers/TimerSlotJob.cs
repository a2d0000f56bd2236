using Quartz;

namespace ProzessEngine.Host.Timers;

/// <summary>Wakes up at the end of a slot and fires every timer due by then.</summary>
internal sealed class TimerSlotJob(TimerFiring firing) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var slotEnd = DateTimeOffset.FromUnixTimeMilliseconds(context.MergedJobDataMap.GetLong(TimerSlots.SlotEndData));
        await firing.FireDueAsync(slotEnd, cancellationToken);
    }
}
