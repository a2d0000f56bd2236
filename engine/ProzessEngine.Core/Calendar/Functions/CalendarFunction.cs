using ProzessEngine.Feel;

namespace ProzessEngine.Core.Calendar.Functions;

/// <summary>What the calendar functions share: finding the calendar and reading a day.</summary>
internal abstract class CalendarFunction(BusinessCalendarRegistry calendars) : FeelCustomFunction
{
    /// <summary>
    /// The calendar the call names in <paramref name="index"/> (when it has that many arguments), else the one of the
    /// place the expression runs in, else the default; null (after a warning) when the name is unknown.
    /// </summary>
    protected BusinessCalendar? Calendar(FeelFunctionCall invocation, int index)
    {
        string? id;
        if (invocation.Arguments.Count > index && !invocation[index].IsNull)
        {
            if (!invocation[index].TryGetString(out var named))
            {
                invocation.Fail($"parameter 'calendar' must be a calendar id such as \"BY\", found {invocation[index]}");
                return null;
            }

            id = named;
        }
        else
        {
            id = (invocation.Variables as ICalendarScope)?.CalendarId;
        }

        if (calendars.TryGet(id, out var calendar))
        {
            return calendar;
        }

        invocation.Fail($"the business calendar '{id}' is unknown; known are {string.Join(", ", calendars.Ids)}");
        return null;
    }

    protected static bool Day(FeelFunctionCall invocation, int index, string parameter, out DateOnly day)
    {
        if (FeelTemporal.TryGetDay(invocation[index], out day))
        {
            return true;
        }

        invocation.Fail($"parameter '{parameter}' must be a date or date and time, found {Describe(invocation[index])}");
        return false;
    }

    protected static string Describe(FeelValue value) => value.IsNull ? "null" : $"{value} ({value.Kind})";

    /// <summary>The calendar covers 1583 to 9999; a day beyond is a warning, not a failure of the whole evaluation.</summary>
    protected static FeelValue Guarded(FeelFunctionCall invocation, Func<FeelValue> compute)
    {
        try
        {
            return compute();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return invocation.Fail(ex.Message.Split(Environment.NewLine)[0]);
        }
    }
}
