using ProzessEngine.Feel;

namespace ProzessEngine.Core.Calendar.Functions;

/// <summary>is working day(date[, calendar]): neither a weekend day nor a day off of the calendar (office closures included).</summary>
internal sealed class IsWorkingDayFunction(BusinessCalendarRegistry calendars) : CalendarFunction(calendars)
{
    public override string Name => "is working day";

    public override IReadOnlyList<FeelFunctionSignature> Signatures { get; } = [new("date"), new("date", "calendar")];

    public override FeelValue Invoke(FeelFunctionCall invocation) =>
        Day(invocation, 0, "date", out var day) && Calendar(invocation, 1) is { } calendar
            ? Guarded(invocation, () => FeelValue.FromBoolean(calendar.IsWorkingDay(day)))
            : FeelValue.Null;
}
