namespace ProzessEngine.Core.Calendar;

/// <summary>The unit of a <see cref="LegalPeriod"/>.</summary>
public enum PeriodUnit
{
    /// <summary>Days (§188(1) BGB).</summary>
    Days,

    /// <summary>Weeks: the period ends on the same weekday (§188(2) BGB).</summary>
    Weeks,

    /// <summary>Months: the period ends on the same day of the month, or the month's last day (§188(2), (3) BGB).</summary>
    Months,

    /// <summary>Years, counted as twelve months each (§188(2), (3) BGB).</summary>
    Years,
}
