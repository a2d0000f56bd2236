namespace ProzessEngine.Core.Calendar;

/// <summary>The instant a calendar day begins in a time zone.</summary>
public static class LocalDayStart
{
    public static DateTimeOffset Of(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

        if (zone.IsInvalidTime(midnight))
        {
            // The clock skips midnight (e.g. 00:00 -> 01:00): the day begins at the jump, which is midnight
            // read with the offset in force before it.
            var offsetBefore = zone.GetUtcOffset(midnight.AddHours(-12));
            return TimeZoneInfo.ConvertTime(new DateTimeOffset(midnight, offsetBefore), zone);
        }

        if (zone.IsAmbiguousTime(midnight))
        {
            // Midnight happens twice (e.g. 01:00 -> 00:00): the previous day ends at the first one, the one with
            // the larger offset.
            return new DateTimeOffset(midnight, zone.GetAmbiguousTimeOffsets(midnight).Max());
        }

        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }
}
