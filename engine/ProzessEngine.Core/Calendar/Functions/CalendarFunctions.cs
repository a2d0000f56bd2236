using ProzessEngine.Feel;

namespace ProzessEngine.Core.Calendar.Functions;

/// <summary>
/// The FEEL functions on business calendars, in one explicit list: add them to the engine's FEEL with
/// <c>new FeelEngineOptions { Functions = CalendarFunctions.For(calendars, zone) }</c>. Each counts in the calendar the
/// call names as its last argument, else in the process's <c>prozessengine:calendar</c>, else in the registry's default.
/// </summary>
public static class CalendarFunctions
{
    public static IReadOnlyList<FeelCustomFunction> For(BusinessCalendarRegistry calendars, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        ArgumentNullException.ThrowIfNull(timeZone);
        return
        [
            new AddWorkingDaysFunction(calendars),
            new IsWorkingDayFunction(calendars),
            new WorkingDaysBetweenFunction(calendars),
            new LegalDeadlineFunction(calendars, timeZone),
        ];
    }
}
