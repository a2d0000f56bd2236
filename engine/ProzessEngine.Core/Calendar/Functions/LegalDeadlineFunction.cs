using ProzessEngine.Feel;

namespace ProzessEngine.Core.Calendar.Functions;

/// <summary>
/// legal deadline(date, duration[, calendar]): when a legal period (Frist) that starts with an event on the date runs
/// out, counted as §§187–193 BGB and §31 VwVfG do: the event day not counted, an end on a Saturday, Sunday or public
/// holiday moved to the next working day. The result is the instant the period runs out, 24:00 of its last day (the
/// start of the next day) in the engine's time zone, so that it can be a due date or a timer date as it is.
/// The duration is a FEEL duration (<c>duration("P1M")</c>, <c>@"P14D"</c>) or ISO text with one unit ("P2W").
/// </summary>
internal sealed class LegalDeadlineFunction(BusinessCalendarRegistry calendars, TimeZoneInfo timeZone) : CalendarFunction(calendars)
{
    public override string Name => "legal deadline";

    public override IReadOnlyList<FeelFunctionSignature> Signatures { get; } = [new("date", "duration"), new("date", "duration", "calendar")];

    public override FeelValue Invoke(FeelFunctionCall invocation)
    {
        if (!Day(invocation, 0, "date", out var start))
        {
            return FeelValue.Null;
        }

        if (!FeelPeriods.TryRead(invocation[1], out var period, out var problem))
        {
            return invocation.Fail($"parameter 'duration': {problem}");
        }

        return Calendar(invocation, 2) is { } calendar
            ? Guarded(invocation, () => FeelValue.FromDateTime(calendar.ComputeDeadline(start, period, new DeadlineOptions { TimeZone = timeZone }).EndsAt))
            : FeelValue.Null;
    }
}
