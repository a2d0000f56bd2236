using System.Globalization;
using Quartz;

namespace ProzessEngine.Host.Timers;

/// <summary>
/// Timers are woken up in slots: all timers due within one slot (Engine:Timers:Resolution wide) share one Quartz job,
/// which fires at the slot's end. A hundred thousand timers due at one moment are one job, not a hundred thousand,
/// and the job store's cost no longer grows with the number of timers.
/// </summary>
internal static class TimerSlots
{
    public const string Group = "timers";
    public const string SlotEndData = "slotEnd";

    public static JobKey PlannerKey { get; } = new("timer-planner", Group);

    public static long SlotOf(DateTimeOffset instant, TimeSpan resolution) =>
        instant.ToUnixTimeMilliseconds() / (long)resolution.TotalMilliseconds;

    /// <summary>The instant a slot's job fires: the end of the slot, when every timer in it is due.</summary>
    public static DateTimeOffset EndOf(long slot, TimeSpan resolution) =>
        DateTimeOffset.FromUnixTimeMilliseconds((slot + 1) * (long)resolution.TotalMilliseconds);

    public static JobKey JobKeyOf(long slot) => new("slot-" + slot.ToString(CultureInfo.InvariantCulture), Group);
}
