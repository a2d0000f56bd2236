namespace ProzessEngine.Core.Calendar;

/// <summary>The end of a period by §188 BGB, before any move off non-working days.</summary>
internal static class DeadlineArithmetic
{
    // Longer than DateOnly's whole range in days, short enough that 7 or 12 times it cannot overflow an int.
    private const int MaxLength = 4_000_000;

    public static DateOnly LastDayOfPeriod(DateOnly start, LegalPeriod period, PeriodStart periodStart)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period.Length, 1, nameof(period));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(period.Length, MaxLength, nameof(period));
        bool fromEvent = periodStart switch
        {
            PeriodStart.Event => true,
            PeriodStart.StartOfDay => false,
            _ => throw new ArgumentOutOfRangeException(nameof(periodStart), periodStart, null),
        };

        return period.Unit switch
        {
            // §188(1): the last of n days; with §187(1) the event day is day 0, with §187(2) the start day is day 1.
            PeriodUnit.Days => start.AddDays(fromEvent ? period.Length : period.Length - 1),
            // §188(2): the weekday of the event, or the day before the start's weekday.
            PeriodUnit.Weeks => start.AddDays(7 * period.Length - (fromEvent ? 0 : 1)),
            PeriodUnit.Months => EndAfterMonths(start, period.Length, fromEvent),
            PeriodUnit.Years => EndAfterMonths(start, 12 * period.Length, fromEvent),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period.Unit, null),
        };
    }

    private static DateOnly EndAfterMonths(DateOnly start, int months, bool fromEvent)
    {
        // DateOnly.AddMonths keeps the day number and falls back to the month's last day when it is missing:
        // exactly §188(2) first case with §188(3) (31 January + 1 month = 28/29 February).
        if (fromEvent)
        {
            return start.AddMonths(months);
        }

        // §188(2) second case: the day before the day numbered like the start day. When that numbered day is
        // missing in the last month, so is (or it is the last day) the day before it, and §188(3) gives the last day.
        var lastMonth = start.AddMonths(months);
        int daysInLastMonth = DateTime.DaysInMonth(lastMonth.Year, lastMonth.Month);
        return start.Day <= daysInLastMonth
            ? new DateOnly(lastMonth.Year, lastMonth.Month, start.Day).AddDays(-1)
            : new DateOnly(lastMonth.Year, lastMonth.Month, daysInLastMonth);
    }
}
