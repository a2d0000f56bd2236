namespace ProzessEngine.Core.Calendar;

/// <summary>How <see cref="BusinessCalendar.ComputeDeadline"/> counts. The defaults are those of §31 VwVfG.</summary>
public sealed record DeadlineOptions
{
    /// <summary>Europe/Berlin, the time zone of German legal time.</summary>
    public static TimeZoneInfo GermanTimeZone { get; } = FindGermanTimeZone();

    // Declared after GermanTimeZone: static initialisers run in text order and new() reads it.
    /// <summary>Event start, end moved off Saturdays, Sundays and public holidays, Europe/Berlin.</summary>
    public static DeadlineOptions Default { get; } = new();

    /// <summary>Whether the start day is an event (not counted, the default) or the beginning of a day (counted).</summary>
    public PeriodStart Start { get; init; } = PeriodStart.Event;

    /// <summary>
    /// Whether an end on a Saturday, Sunday or public holiday moves to the end of the next working day
    /// (§193 BGB, §31(3) sentence 1 VwVfG; default true). Set false where the law excludes the move: a period the
    /// authority ended on a named day with reference to §31(3) sentence 2 VwVfG, the period of an authority's own
    /// performance (§31(4)), or periods that are no deadlines for a declaration or performance, such as an age.
    /// </summary>
    public bool MoveEndOffNonWorkingDays { get; init; } = true;

    /// <summary>
    /// Whether a Saturday counts as a working day when moving the end (default false: §193 BGB and §31(3) VwVfG
    /// name the Saturday ("Sonnabend") beside Sundays and public holidays). Independent of
    /// <see cref="BusinessCalendar.SaturdayIsWorkingDay"/>, which governs working-day durations only.
    /// </summary>
    public bool SaturdayIsWorkingDay { get; init; }

    /// <summary>The time zone in which the deadline ends at 24:00 of its last day (default Europe/Berlin).</summary>
    public TimeZoneInfo TimeZone
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(value));
    } = GermanTimeZone;

    private static TimeZoneInfo FindGermanTimeZone()
    {
        // The IANA id works wherever ICU or tzdata is present; the Windows id covers Windows without ICU.
        return TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Berlin", out var zone) ? zone
            : TimeZoneInfo.FindSystemTimeZoneById("W. Europe Standard Time");
    }
}
