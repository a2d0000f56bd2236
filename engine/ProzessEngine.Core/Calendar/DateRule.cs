namespace ProzessEngine.Core.Calendar;

/// <summary>How a recurring or one-off day falls in a given year.</summary>
internal abstract record DateRule
{
    /// <summary>The day in <paramref name="year"/>, or null when the rule has none that year.</summary>
    public abstract DateOnly? In(int year);

    /// <summary>The rule as written in configuration: "MM-DD", "YYYY-MM-DD" or "Easter+N".</summary>
    public abstract string Text { get; }
}

/// <summary>The same month and day every year; 29 February only in leap years.</summary>
internal sealed record FixedDateRule : DateRule
{
    public FixedDateRule(int month, int day)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        ArgumentOutOfRangeException.ThrowIfLessThan(day, 1);
        // A leap year (2000) admits every day that some year has.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(day, DateTime.DaysInMonth(2000, month));
        Month = month;
        Day = day;
    }

    public int Month { get; }

    public int Day { get; }

    public override string Text => $"{Month:00}-{Day:00}";

    public override DateOnly? In(int year) =>
        Day <= DateTime.DaysInMonth(year, Month) ? new DateOnly(year, Month, Day) : null;
}

/// <summary>A day a fixed number of days before or after Easter Sunday.</summary>
internal sealed record EasterRelativeRule(int DaysAfterEaster) : DateRule
{
    public override string Text => DaysAfterEaster < 0 ? $"Easter{DaysAfterEaster}" : $"Easter+{DaysAfterEaster}";

    public override DateOnly? In(int year) => GregorianEaster.Sunday(year).AddDays(DaysAfterEaster);
}

/// <summary>The last Wednesday before a month and day: the Buß- und Bettag is the Wednesday before 23 November.</summary>
internal sealed record WednesdayBeforeRule(int Month, int Day) : DateRule
{
    public override string Text => $"Wednesday before {Month:00}-{Day:00}";

    public override DateOnly? In(int year)
    {
        var reference = new DateOnly(year, Month, Day);
        int daysBack = ((int)reference.DayOfWeek - (int)DayOfWeek.Wednesday + 7) % 7;
        return reference.AddDays(daysBack == 0 ? -7 : -daysBack);
    }
}

/// <summary>One date in one year only.</summary>
internal sealed record SingleDateRule(DateOnly Date) : DateRule
{
    public override string Text => Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public override DateOnly? In(int year) => year == Date.Year ? Date : null;
}
