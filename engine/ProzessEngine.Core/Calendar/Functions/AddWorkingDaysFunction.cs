using ProzessEngine.Feel;

namespace ProzessEngine.Core.Calendar.Functions;

/// <summary>
/// add working days(date, n[, calendar]): the n-th working day after the date (before it for negative n), the date
/// itself not counted (§187(1) BGB). A date gives a date; a date and time keeps its time of day, so
/// <c>add working days(now(), 10)</c> is a due date ten working days from now.
/// </summary>
internal sealed class AddWorkingDaysFunction(BusinessCalendarRegistry calendars) : CalendarFunction(calendars)
{
    /// <summary>About 40 years of working days: more is a mistake, and counting it would take long.</summary>
    public const int MaxDays = 10_000;

    public override string Name => "add working days";

    public override IReadOnlyList<FeelFunctionSignature> Signatures { get; } = [new("date", "n"), new("date", "n", "calendar")];

    public override FeelValue Invoke(FeelFunctionCall invocation)
    {
        if (!Day(invocation, 0, "date", out var day))
        {
            return FeelValue.Null;
        }

        if (!invocation[1].TryGetInt64(out var n) || !invocation[1].TryGetDecimal(out var exact) || exact != n)
        {
            return invocation.Fail($"parameter 'n' must be a whole number, found {Describe(invocation[1])}");
        }

        if (Math.Abs(n) > MaxDays)
        {
            return invocation.Fail($"parameter 'n' must be between -{MaxDays} and {MaxDays}, found {n}");
        }

        if (Calendar(invocation, 2) is not { } calendar)
        {
            return FeelValue.Null;
        }

        return Guarded(invocation, () => FeelTemporal.TryMoveToDay(invocation[0], calendar.AddWorkingDays(day, (int)n), out var moved)
            ? moved
            : invocation.Fail("the result lies outside the dates FEEL can hold"));
    }
}
