namespace ProzessEngine.Core.Calendar;

/// <summary>The result of <see cref="BusinessCalendar.ComputeDeadline"/>.</summary>
/// <param name="FirstDay">The first day counted: the day after the event (§187(1) BGB) or the start day (§187(2) BGB).</param>
/// <param name="LastDay">The last day of the period, after any move off a non-working day (§193 BGB, §31(3) VwVfG).</param>
/// <param name="UnmovedLastDay">The last day as §188 BGB gives it, before any move.</param>
/// <param name="EndsAt">The instant the period runs out: 24:00 of <paramref name="LastDay"/>, i.e. the start of the next day, in the chosen time zone.</param>
public sealed record LegalDeadline(DateOnly FirstDay, DateOnly LastDay, DateOnly UnmovedLastDay, DateTimeOffset EndsAt)
{
    /// <summary>True if the end moved off a Saturday, Sunday or public holiday.</summary>
    public bool WasMoved => LastDay != UnmovedLastDay;
}
