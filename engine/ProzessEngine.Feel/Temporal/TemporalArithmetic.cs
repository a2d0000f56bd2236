namespace ProzessEngine.Feel.Temporal;

/// <summary>
/// Date and time arithmetic as DMN 1.5 and Camunda define it: days-time durations move zoned values
/// along the instant time line, years-months durations move the local date (clamping to the month's
/// last day) and resolve the zone offset again; a date takes part as midnight UTC.
/// </summary>
internal static class TemporalArithmetic
{
    private static readonly Int128 MinLocalNanos = (Int128)FeelDate.DaysFromCivil(FeelDate.MinYear, 1, 1) * TemporalUnits.NanosPerDay;
    private static readonly Int128 MaxLocalNanos = ((Int128)FeelDate.DaysFromCivil(FeelDate.MaxYear, 12, 31) + 1) * TemporalUnits.NanosPerDay;

    public static FeelDateTime AtStartOfDayUtc(FeelDate date) => FeelDateTime.WithOffset(date.EpochDay, 0, 0);

    public static bool TryAdd(FeelDateTime value, DaysTimeDuration duration, out FeelDateTime result)
    {
        result = default;
        if (value.Zone is not null)
        {
            if (!FeelTimeZones.TryFind(value.Zone, out var zone))
            {
                return false;
            }

            var instant = value.InstantNanos + duration.Nanos;
            var local = instant + ((Int128)value.OffsetSeconds * TemporalUnits.NanosPerSecond);
            if (local < MinLocalNanos || local >= MaxLocalNanos)
            {
                return false;
            }

            result = FeelTimeZones.AtInstant(instant, value.Zone, zone);
            return true;
        }

        var shifted = value.LocalNanos + duration.Nanos;
        if (shifted < MinLocalNanos || shifted >= MaxLocalNanos)
        {
            return false;
        }

        result = FeelDateTime.FromLocalNanos(shifted, value.OffsetSeconds, value.HasOffset, null);
        return true;
    }

    public static bool TryAdd(FeelDateTime value, YearsMonthsDuration duration, out FeelDateTime result)
    {
        result = default;
        if (!value.Date.TryAddMonths(duration.Months, out var date))
        {
            return false;
        }

        if (value.Zone is not null)
        {
            if (!FeelTimeZones.TryFind(value.Zone, out var zone))
            {
                return false;
            }

            result = FeelTimeZones.ResolveLocal(date.EpochDay, value.Nanos, value.Zone, zone);
            return true;
        }

        result = value with { EpochDay = date.EpochDay };
        return true;
    }

    public static bool TryAdd(FeelDate value, DaysTimeDuration duration, out FeelDate result)
    {
        result = default;
        if (!TryAdd(AtStartOfDayUtc(value), duration, out var shifted))
        {
            return false;
        }

        result = shifted.Date;
        return true;
    }

    public static bool TryAdd(FeelDate value, YearsMonthsDuration duration, out FeelDate result) =>
        value.TryAddMonths(duration.Months, out result);

    public static FeelTime Add(FeelTime value, DaysTimeDuration duration)
    {
        var nanos = (long)(((value.Nanos + duration.Nanos) % TemporalUnits.NanosPerDay + TemporalUnits.NanosPerDay) % TemporalUnits.NanosPerDay);
        return value with { Nanos = nanos };
    }

    /// <summary>left - right; null when one has an offset or zone and the other is local.</summary>
    public static DaysTimeDuration? Subtract(FeelDateTime left, FeelDateTime right)
    {
        if (left.HasOffset != right.HasOffset)
        {
            return null;
        }

        return left.HasOffset
            ? new DaysTimeDuration(left.InstantNanos - right.InstantNanos)
            : new DaysTimeDuration(left.LocalNanos - right.LocalNanos);
    }

    public static DaysTimeDuration? Subtract(FeelTime left, FeelTime right)
    {
        if (left.Zone is not null || right.Zone is not null)
        {
            return left.Zone is not null && string.Equals(left.Zone, right.Zone, StringComparison.Ordinal)
                ? new DaysTimeDuration(left.Nanos - right.Nanos)
                : null;
        }

        if (left.HasOffset != right.HasOffset)
        {
            return null;
        }

        return new DaysTimeDuration(left.HasOffset ? left.UtcNanos - right.UtcNanos : left.Nanos - right.Nanos);
    }

    /// <summary>Whole months from one local date to another, as java.time.Period does (days ignored after counting).</summary>
    public static long MonthsBetween(FeelDate from, FeelDate to)
    {
        var (fromYear, fromMonth, fromDay) = from.ToCivil();
        var (toYear, toMonth, toDay) = to.ToCivil();
        var months = ((toYear * 12) + toMonth) - ((fromYear * 12) + fromMonth);
        var days = toDay - fromDay;
        if (months > 0 && days < 0)
        {
            months--;
        }
        else if (months < 0 && days > 0)
        {
            months++;
        }

        return months;
    }
}
