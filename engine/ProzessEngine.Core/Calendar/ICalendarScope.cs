namespace ProzessEngine.Core.Calendar;

/// <summary>
/// Carried by the variables an expression is evaluated with, where the runtime knows which business calendar applies
/// (the process's <c>prozessengine:calendar</c>): the calendar functions of FEEL count in it unless they name one.
/// </summary>
internal interface ICalendarScope
{
    /// <summary>The calendar id; null for the registry's default.</summary>
    string? CalendarId { get; }
}
