using ProzessEngine.Feel;

namespace ProzessEngine.Core.Calendar.Functions;

/// <summary>
/// working days between(from, to[, calendar]): the working days met walking from one day to the other, the first not
/// counted; negative when <c>to</c> lies before <c>from</c>. add working days(d, working days between(d, e)) is e when e
/// is a working day.
/// </summary>
internal sealed class WorkingDaysBetweenFunction(BusinessCalendarRegistry calendars) : CalendarFunction(calendars)
{
    /// <summary>About 270 years: counting walks day by day.</summary>
    private const int MaxSpanDays = 100_000;

    public override string Name => "working days between";

    public override IReadOnlyList<FeelFunctionSignature> Signatures { get; } = [new("from", "to"), new("from", "to", "calendar")];

    public override FeelValue Invoke(FeelFunctionCall invocation)
    {
        if (!Day(invocation, 0, "from", out var from) || !Day(invocation, 1, "to", out var to))
        {
            return FeelValue.Null;
        }

        if (Math.Abs(to.DayNumber - from.DayNumber) > MaxSpanDays)
        {
            return invocation.Fail($"the days lie more than {MaxSpanDays} days apart");
        }

        return Calendar(invocation, 2) is { } calendar
            ? Guarded(invocation, () => FeelValue.FromNumber(calendar.CountWorkingDays(from, to)))
            : FeelValue.Null;
    }
}
