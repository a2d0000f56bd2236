using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel;

/// <summary>Temporal helpers for the engine's timers (ISO texts, instants, adding durations).</summary>
public static class FeelTemporal
{
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>Parses "PT10M", "P1M", "-P2D" into a days-time or years-months duration.</summary>
    public static bool TryParseDuration(string isoText, out FeelValue duration)
    {
        duration = FeelValue.Null;
        if (isoText is null || !IsoTemporal.TryParseDuration(isoText.Trim(), out var daysTime, out var yearsMonths, out var isYearsMonths))
        {
            return false;
        }

        duration = isYearsMonths ? FeelValue.FromYearsMonths(yearsMonths) : FeelValue.FromDaysTime(daysTime);
        return true;
    }

    /// <summary>Parses "2026-11-23T10:00:00Z", "2026-11-23T10:00:00+01:00", "2026-11-23T10:00:00@Europe/Berlin" or a local "2026-11-23T10:00:00".</summary>
    public static bool TryParseDateTime(string isoText, out FeelValue dateTime)
    {
        dateTime = FeelValue.Null;
        if (isoText is null || !IsoTemporal.TryParseDateTime(isoText.Trim(), out var parsed))
        {
            return false;
        }

        dateTime = FeelValue.FromDateTime(parsed);
        return true;
    }

    /// <summary>The instant of a date and time with offset or zone; a local date and time is read in
    /// <paramref name="defaultZone"/>; a date is the start of that day in <paramref name="defaultZone"/>.</summary>
    public static bool TryGetInstant(FeelValue value, TimeZoneInfo defaultZone, out DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(defaultZone);
        instant = default;
        FeelDateTime dateTime;
        switch (value.Kind)
        {
            case FeelValueKind.DateTime:
                dateTime = value.DateTime;
                if (!dateTime.HasOffset)
                {
                    dateTime = FeelTimeZones.ResolveLocal(dateTime.EpochDay, dateTime.Nanos, FeelTimeZones.IdOf(defaultZone), defaultZone);
                }

                break;
            case FeelValueKind.Date:
                dateTime = FeelTimeZones.ResolveLocal(value.Date.EpochDay, 0, FeelTimeZones.IdOf(defaultZone), defaultZone);
                break;
            default:
                return false;
        }

        var utcTicks = (dateTime.InstantNanos / 100) + UnixEpochTicks;
        var offsetTicks = (long)dateTime.OffsetSeconds * TimeSpan.TicksPerSecond;
        if (utcTicks + offsetTicks < DateTime.MinValue.Ticks || utcTicks + offsetTicks > DateTime.MaxValue.Ticks
            || utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        instant = new DateTimeOffset((long)utcTicks + offsetTicks, TimeSpan.FromTicks(offsetTicks));
        return true;
    }

    /// <summary>The calendar day of a date, or of a date and time as its own clock reads it (its offset or zone, or local).</summary>
    public static bool TryGetDay(FeelValue value, out DateOnly day)
    {
        day = default;
        var date = value.Kind switch
        {
            FeelValueKind.Date => value.Date,
            FeelValueKind.DateTime => value.DateTime.Date,
            _ => (FeelDate?)null,
        };
        if (date?.ToDateOnly() is not { } converted)
        {
            return false;
        }

        day = converted;
        return true;
    }

    /// <summary>
    /// The same kind of value on another day: a date becomes <paramref name="day"/>; a date and time keeps its time of
    /// day and its offset (a zoned one takes the zone's offset on that day), so "10 working days later" keeps 09:00.
    /// False for other values and for days outside FEEL's range.
    /// </summary>
    public static bool TryMoveToDay(FeelValue value, DateOnly day, out FeelValue moved)
    {
        moved = FeelValue.Null;
        var epochDay = FeelDate.FromDateOnly(day).EpochDay;
        switch (value.Kind)
        {
            case FeelValueKind.Date:
                moved = FeelValue.FromDate(day);
                return true;
            case FeelValueKind.DateTime:
                var dateTime = value.DateTime;
                if (dateTime.Zone is { } zoneId && FeelTimeZones.TryFind(zoneId, out var zone))
                {
                    moved = FeelValue.FromDateTime(FeelTimeZones.ResolveLocal(epochDay, dateTime.Nanos, zoneId, zone));
                }
                else
                {
                    moved = FeelValue.FromDateTime(dateTime with { EpochDay = epochDay });
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>start + duration: a days-time duration adds elapsed time, a years-months duration adds calendar
    /// months (clamped to the month's last day). False when the value is not a duration or the result is out of range.</summary>
    public static bool TryAddTo(FeelValue duration, DateTimeOffset start, out DateTimeOffset result)
    {
        result = start;
        try
        {
            switch (duration.Kind)
            {
                case FeelValueKind.DaysTimeDuration:
                    var ticks = duration.DaysTime.Nanos / 100;
                    if (ticks > TimeSpan.MaxValue.Ticks || ticks < TimeSpan.MinValue.Ticks)
                    {
                        return false;
                    }

                    result = start.AddTicks((long)ticks);
                    return true;
                case FeelValueKind.YearsMonthsDuration:
                    var months = duration.YearsMonths.Months;
                    if (months is > 120_000 or < -120_000)
                    {
                        return false;
                    }

                    result = start.AddMonths((int)months);
                    return true;
                default:
                    return false;
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
